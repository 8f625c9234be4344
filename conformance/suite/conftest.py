"""Session fixtures for the suites that make server-side resources: face collections and stream processors.

``run_resources`` names and records every collection and stream processor the run makes and removes
them all at the end of the session, whatever happened in between. ``face_collection`` is the collection
the face search jobs search; it overrides the plugin's ``job_prerequisites`` so that the collection
exists, with the fixture image's faces in it, before the job pool starts any face search job; a face search
test (of the family's module or of the modules every family shares) without that collection is inconclusive.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from rekognition_conformance.catalogue.face_search import collection_id
from rekognition_conformance.clients import Clients
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.fixtures.images import FACE_IMAGE_NAME, face_image
from rekognition_conformance.plugin import NEEDED_JOBS, FixtureVideo
from rekognition_conformance.resources import ProcessorArns, RunResources, processor_arns
from rekognition_conformance.session import session_of
from rekognition_conformance.targets import Target
from rekognition_conformance.terminal import say
from rekognition_conformance.verdict import nothing_to_judge

FACE_IMAGE_EXTERNAL_ID = "rc-fixture-faces"


@pytest.fixture(scope="session")
def run_resources(pytestconfig: pytest.Config, clients: Clients) -> Iterator[RunResources]:
    resources = RunResources(clients.rekognition, session_of(pytestconfig).run_id)
    yield resources
    leftovers = resources.cleanup()
    if leftovers:
        say(pytestconfig)(f"could not remove {len(leftovers)} resource(s) of this run: {', '.join(leftovers)}")


def image_bytes_param() -> str:
    """The fixture image as the base64 text an ImageBlob member carries in a JSON body."""
    return base64.b64encode(face_image()).decode("ascii")


@dataclass
class FaceCollection:
    """The run's face collection for face search, and what indexing the fixture image answered."""

    collection_id: str
    create: Exchange
    index: Exchange | None = None
    # FaceId -> the Face member IndexFaces answered for it.
    faces: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def problem(self) -> str | None:
        for what, answer in (("CreateCollection", self.create), ("IndexFaces", self.index)):
            if answer is not None and not answer.ok:
                return (
                    f"{what} for {self.collection_id} failed: HTTP {answer.status} {answer.error_code or ''} "
                    f"{answer.error_message or answer.raw[:200].decode('utf-8', 'replace')}"
                )
        return None


@pytest.fixture(scope="session")
def face_collection(pytestconfig: pytest.Config, run_resources: RunResources, clients: Clients) -> FaceCollection:
    name = collection_id(pytestconfig.getoption("run_id"))
    collection = FaceCollection(name, run_resources.create_collection(name))
    if collection.create.ok:
        collection.index = clients.rekognition.call(
            "IndexFaces",
            {
                "CollectionId": collection.collection_id,
                "Image": {"Bytes": face_image()},
                "ExternalImageId": FACE_IMAGE_EXTERNAL_ID,
            },
        )
        body = collection.index.body if collection.index.ok and isinstance(collection.index.body, dict) else {}
        for record in body.get("FaceRecords") or []:
            face = record.get("Face") if isinstance(record, dict) else None
            if isinstance(face, dict) and isinstance(face.get("FaceId"), str):
                collection.faces[face["FaceId"]] = face
    return collection


@pytest.fixture(autouse=True)
def _face_collection_exists(request: pytest.FixtureRequest) -> None:
    """A face search test, in its family's module or in the ones every family shares, has nothing to judge
    without the run's face collection. Fuzzed requests are judged without it: they name collections of their
    own drawing, and a fuzzed Get whose job could not start says so itself."""
    marker = request.node.get_closest_marker("family")
    if marker is None or marker.args[0] != "face_search" or request.node.get_closest_marker("fuzz"):
        return
    collection: FaceCollection = request.getfixturevalue("face_collection")
    if collection.problem:
        nothing_to_judge(f"face search needs the run's face collection: {collection.problem}")


@pytest.fixture(scope="session")
def job_prerequisites(request: pytest.FixtureRequest, pytestconfig: pytest.Config) -> None:
    """The face collection, made before the job pool starts, when the run needs face search jobs."""
    if any(key.startswith("face_search.") for key in pytestconfig.stash[NEEDED_JOBS]):
        request.getfixturevalue("face_collection")


@pytest.fixture(scope="session")
def face_image_object(
    pytestconfig: pytest.Config, clients: Clients, fixture_videos: dict[str, FixtureVideo]
) -> Iterator[dict[str, str]]:
    """The fixture image uploaded beside the fixture videos, as an Image.S3Object; removed afterwards."""
    bucket = fixture_videos["short"].video["S3Object"]["Bucket"]
    key = f"rekognition-conformance/{pytestconfig.getoption('run_id')}/{FACE_IMAGE_NAME}"
    clients.s3.put_object(Bucket=bucket, Key=key, Body=face_image())
    yield {"Bucket": bucket, "Name": key}
    clients.s3.delete_object(Bucket=bucket, Key=key)


@pytest.fixture(scope="session")
def stream_processor_arns(target: Target) -> ProcessorArns:
    """Kinesis and IAM ARNs for stream processors (placeholders on the reference backend), or a skip."""
    found = processor_arns(target.name, target.region)
    if isinstance(found, str):
        nothing_to_judge(found)
    return found

"""Text detection semantics of the reference backend, on the real short fixture video.

Covers what GetTextDetection returns: LINE and WORD detections in timestamp order, their Id and
ParentId relations, geometry, the default word confidence of 80, the word confidence and size filters,
regions of interest given as boxes and as polygons, pagination and determinism.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from botocore.config import Config

from rekognition_conformance.fixtures.videos import ensure
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.reference.text import Region
from rekognition_conformance.reference.textmodel import Box
from rekognition_conformance.spec.schemas import validator

BUCKET = "text-videos"
SESSION = botocore.session.get_session()
TOP_HALF = {"BoundingBox": {"Width": 1.0, "Height": 0.5, "Left": 0.0, "Top": 0.0}}
TOP_HALF_POLYGON = {"Polygon": [{"X": 0.0, "Y": 0.0}, {"X": 1.0, "Y": 0.0}, {"X": 1.0, "Y": 0.5}, {"X": 0.0, "Y": 0.5}]}

Item = dict[str, Any]


def video(name: str) -> dict[str, Any]:
    return {"S3Object": {"Bucket": BUCKET, "Name": name}}


@dataclass
class Env:
    rek: Any
    jobs: dict[str, str]

    def start(self, name: str = "short.mp4", **params: Any) -> str:
        return self.rek.start_text_detection(Video=video(name), **params)["JobId"]

    def pages(self, job_id: str, **params: Any) -> list[dict[str, Any]]:
        for _ in range(400):
            if self.rek.get_text_detection(JobId=job_id, MaxResults=1)["JobStatus"] != "IN_PROGRESS":
                break
        found: list[dict[str, Any]] = []
        token: dict[str, str] = {}
        while True:
            page = self.rek.get_text_detection(JobId=job_id, **params, **token)
            page.pop("ResponseMetadata")
            assert page["JobStatus"] == "SUCCEEDED"
            validator("GetTextDetection", "output").validate(page)
            found.append(page)
            if "NextToken" not in page:
                return found
            token = {"NextToken": page["NextToken"]}

    def text(self, job_id: str, **params: Any) -> list[Item]:
        return [item for page in self.pages(job_id, **params) for item in page["TextDetections"]]


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with ReferenceServer() as server:
        rek, s3 = (
            SESSION.create_client(
                service,
                endpoint_url=server.endpoint_url,
                region_name=server.region,
                aws_access_key_id=REFERENCE_ACCESS_KEY,
                aws_secret_access_key=REFERENCE_SECRET_KEY,
                config=Config(retries={"mode": "standard"}, s3={"addressing_style": "path"}),
            )
            for service in ("rekognition", "s3")
        )
        s3.create_bucket(Bucket=BUCKET)
        for name in ("short.mp4", "short-copy.mp4"):
            s3.put_object(Bucket=BUCKET, Key=name, Body=ensure("short").read_bytes())
        env = Env(rek, {})
        env.jobs.update(
            default=env.start(JobTag="text-default"),
            at80=env.start(Filters={"WordFilter": {"MinConfidence": 80}}),
            at50=env.start(Filters={"WordFilter": {"MinConfidence": 50}}),
            sized=env.start(Filters={"WordFilter": {"MinConfidence": 50, "MinBoundingBoxHeight": 0.05,
                                                    "MinBoundingBoxWidth": 0.08}}),
            region=env.start(Filters={"RegionsOfInterest": [TOP_HALF]}),
            polygon=env.start(Filters={"RegionsOfInterest": [TOP_HALF_POLYGON]}),
            copy=env.start("short-copy.mp4"),
        )  # fmt: skip
        yield env


def detection(item: Item) -> dict[str, Any]:
    return item["TextDetection"]


def words(items: list[Item]) -> list[Item]:
    return [item for item in items if detection(item)["Type"] == "WORD"]


def word_key(item: Item) -> tuple[int, str, float]:
    box = detection(item)["Geometry"]["BoundingBox"]
    return item["Timestamp"], detection(item)["DetectedText"], box["Left"]


# --- volume, order and pagination --------------------------------------------------------------------


def test_text_comes_in_timestamp_order_over_several_small_pages(env: Env) -> None:
    items = env.text(env.jobs["default"])
    assert 30 < len(items) < 1000
    assert [item["Timestamp"] for item in items] == sorted(item["Timestamp"] for item in items)
    pages = env.pages(env.jobs["default"], MaxResults=6)
    assert len(pages) > 3 and [item for page in pages for item in page["TextDetections"]] == items
    for page in pages:
        assert page["TextModelVersion"] == "3.0" and page["JobTag"] == "text-default"
        assert page["VideoMetadata"]["FrameWidth"] == 640


def test_results_depend_only_on_the_video_content(env: Env) -> None:
    assert env.text(env.jobs["copy"]) == env.text(env.jobs["default"])


# --- identifiers and geometry ------------------------------------------------------------------------


def test_lines_and_words_are_numbered_per_frame_and_words_name_their_line(env: Env) -> None:
    frames: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
    for item in env.text(env.jobs["at50"]):
        frames[item["Timestamp"]].append(detection(item))
    assert frames
    for found in frames.values():
        lines = [d for d in found if d["Type"] == "LINE"]
        words_ = [d for d in found if d["Type"] == "WORD"]
        assert [d["Id"] for d in lines] == list(range(len(lines)))
        assert [d["Id"] for d in words_] == list(range(len(words_)))
        assert all("ParentId" not in d for d in lines)
        assert found == lines + words_
        for word in words_:
            line = lines[word["ParentId"]]
            assert word["DetectedText"] in line["DetectedText"].split()
            inner, outer = word["Geometry"]["BoundingBox"], line["Geometry"]["BoundingBox"]
            assert outer["Left"] <= inner["Left"]
            assert inner["Left"] + inner["Width"] <= outer["Left"] + outer["Width"] + 1e-9


def test_geometry_is_in_the_frame_and_polygons_are_the_box_corners(env: Env) -> None:
    for item in env.text(env.jobs["at50"]):
        box, polygon = detection(item)["Geometry"]["BoundingBox"], detection(item)["Geometry"]["Polygon"]
        assert box["Left"] >= 0 and box["Left"] + box["Width"] <= 1 and box["Width"] > 0
        assert box["Top"] >= 0 and box["Top"] + box["Height"] <= 1 and box["Height"] > 0
        assert len(polygon) == 4
        assert polygon[0] == {"X": box["Left"], "Y": box["Top"]}
        assert polygon[2]["X"] == pytest.approx(box["Left"] + box["Width"])
        assert polygon[2]["Y"] == pytest.approx(box["Top"] + box["Height"])


# --- filters -----------------------------------------------------------------------------------------


def test_the_default_word_confidence_is_80_with_or_without_a_word_filter(env: Env) -> None:
    default = env.text(env.jobs["default"])
    assert default == env.text(env.jobs["at80"])
    assert min(detection(item)["Confidence"] for item in words(default)) >= 80


def test_a_lower_word_confidence_adds_words(env: Env) -> None:
    default = {word_key(item) for item in words(env.text(env.jobs["default"]))}
    lower = words(env.text(env.jobs["at50"]))
    assert default < {word_key(item) for item in lower}
    assert any(50 <= detection(item)["Confidence"] < 80 for item in lower)


def test_size_filters_drop_small_words(env: Env) -> None:
    at50 = words(env.text(env.jobs["at50"]))
    sized = words(env.text(env.jobs["sized"]))
    expected = [
        word_key(item)
        for item in at50
        if detection(item)["Geometry"]["BoundingBox"]["Height"] >= 0.05
        and detection(item)["Geometry"]["BoundingBox"]["Width"] >= 0.08
    ]
    assert sized and [word_key(item) for item in sized] == expected and len(sized) < len(at50)


@pytest.mark.parametrize("job", ["region", "polygon"])
def test_regions_keep_words_more_than_half_inside(env: Env, job: str) -> None:
    default = words(env.text(env.jobs["default"]))
    kept = words(env.text(env.jobs[job]))
    expected = []
    for item in default:
        box = detection(item)["Geometry"]["BoundingBox"]
        inside = max(0.0, min(box["Top"] + box["Height"], 0.5) - box["Top"]) / box["Height"]
        if inside > 0.5:
            expected.append(word_key(item))
    assert kept and [word_key(item) for item in kept] == expected and len(kept) < len(default)


def test_polygon_regions_measure_the_share_of_a_box() -> None:
    triangle = Region(None, ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)))
    assert triangle.share_of(Box(0.2, 0.2, 0.0, 0.0)) == 1.0
    assert triangle.share_of(Box(0.2, 0.2, 0.8, 0.8)) == 0.0
    assert 0.4 < triangle.share_of(Box(0.2, 0.2, 0.4, 0.4)) < 0.6

"""Label detection semantics of the reference backend, on the real fixture videos.

Covers what GetLabelDetection returns: more than a page for the long video, pagination that
chains to the full set, the two sort orders, SEGMENTS aggregation, the MinConfidence floor and
default, the four GENERAL_LABELS filters, the label hierarchy and bounding boxes.
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
from rekognition_conformance.reference.labelmodel import SAMPLE_INTERVAL_MS
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.reference.taxonomy import LEAVES, TAXONOMY
from rekognition_conformance.spec.schemas import validator

BUCKET = "label-videos"
SESSION = botocore.session.get_session()
SEGMENT_MEMBERS = {"StartTimestampMillis", "EndTimestampMillis", "DurationMillis"}

Item = dict[str, Any]


def video(name: str) -> dict[str, Any]:
    return {"S3Object": {"Bucket": BUCKET, "Name": name}}


@dataclass
class Env:
    rek: Any
    jobs: dict[str, str]

    def start(self, name: str = "short.mp4", **params: Any) -> str:
        return self.rek.start_label_detection(Video=video(name), **params)["JobId"]

    def wait(self, job_id: str) -> None:
        for _ in range(400):
            if self.rek.get_label_detection(JobId=job_id, MaxResults=1)["JobStatus"] != "IN_PROGRESS":
                return
        raise AssertionError(f"job {job_id} did not finish")

    def pages(self, job_id: str, **params: Any) -> list[dict[str, Any]]:
        """Every page of a finished job, following NextToken; each checked against the output schema."""
        self.wait(job_id)
        found: list[dict[str, Any]] = []
        token: dict[str, str] = {}
        while True:
            page = self.rek.get_label_detection(JobId=job_id, **params, **token)
            page.pop("ResponseMetadata")
            assert page["JobStatus"] == "SUCCEEDED"
            found.append(page)
            if "NextToken" not in page:
                return found
            token = {"NextToken": page["NextToken"]}

    def labels(self, job_id: str, **params: Any) -> list[Item]:
        return [item for page in self.pages(job_id, **params) for item in page["Labels"]]


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
        for name, data in [
            ("short.mp4", ensure("short").read_bytes()),
            ("short-copy.mp4", ensure("short").read_bytes()),
            ("long.mp4", ensure("long").read_bytes()),
        ]:
            s3.put_object(Bucket=BUCKET, Key=name, Body=data)
        env = Env(rek, {})
        env.jobs.update(
            long=env.start("long.mp4", JobTag="long-default"),
            short=env.start(),
            short50=env.start(MinConfidence=50),
            short20=env.start(MinConfidence=20),
            short80=env.start(MinConfidence=80),
            copy=env.start("short-copy.mp4"),
        )
        yield env


def key(item: Item) -> tuple[int, str]:
    return item["Timestamp"], item["Label"]["Name"]


# --- volume and pagination ---------------------------------------------------------------------------


def test_long_video_pages_chain_to_more_than_a_thousand_unique_detections(env: Env) -> None:
    pages = env.pages(env.jobs["long"])
    assert len(pages) > 1 and len(pages[0]["Labels"]) == 1000
    labels = [item for page in pages for item in page["Labels"]]
    assert len(labels) > 1000
    assert len({key(item) for item in labels}) == len(labels)
    for page in pages:
        assert page["LabelModelVersion"] == "3.0" and page["JobTag"] == "long-default"
    # Schema validation of a full page is slow, so the first and the last page stand for the rest.
    validator("GetLabelDetection", "output").validate(pages[0])
    validator("GetLabelDetection", "output").validate(pages[-1])
    # Any page size yields the same items in the same order.
    assert env.labels(env.jobs["long"], MaxResults=333) == labels


def test_max_results_above_1000_is_clamped(env: Env) -> None:
    page = env.rek.get_label_detection(JobId=env.jobs["long"], MaxResults=5000)
    assert len(page["Labels"]) == 1000 and page["NextToken"]
    default = env.rek.get_label_detection(JobId=env.jobs["long"])
    assert default["Labels"] == page["Labels"]


def test_short_video_yields_some_hundreds(env: Env) -> None:
    assert 100 < len(env.labels(env.jobs["short"])) < 1000


# --- ordering ----------------------------------------------------------------------------------------


def test_timestamp_order_is_the_default(env: Env) -> None:
    labels = env.labels(env.jobs["long"])
    assert [key(item) for item in labels] == sorted(key(item) for item in labels)
    explicit = env.pages(env.jobs["long"], SortBy="TIMESTAMP")
    assert [item for page in explicit for item in page["Labels"]] == labels
    assert explicit[0]["GetRequestMetadata"] == {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}


def test_name_order_groups_labels_alphabetically_by_descending_confidence(env: Env) -> None:
    by_name = env.labels(env.jobs["long"], SortBy="NAME")
    order = [(item["Label"]["Name"], -item["Label"]["Confidence"], item["Timestamp"]) for item in by_name]
    assert order == sorted(order)
    by_time = env.labels(env.jobs["long"])
    assert sorted(map(key, by_name)) == sorted(map(key, by_time))


# --- aggregation -------------------------------------------------------------------------------------


def test_timestamps_items_have_no_segment_members(env: Env) -> None:
    for item in env.labels(env.jobs["short"]):
        assert not SEGMENT_MEMBERS & set(item)
        assert "Instances" in item["Label"]


def test_segments_shape_and_coverage(env: Env) -> None:
    pages = env.pages(env.jobs["long"], AggregateBy="SEGMENTS")
    assert pages[0]["GetRequestMetadata"] == {"SortBy": "TIMESTAMP", "AggregateBy": "SEGMENTS"}
    segments = [item for page in pages for item in page["Labels"]]
    duration = pages[0]["VideoMetadata"]["DurationMillis"]
    covered: dict[str, list[int]] = collections.defaultdict(list)
    for segment in segments:
        validator("GetLabelDetection", "output").validate({"Labels": [segment]})
        assert segment["Timestamp"] == segment["StartTimestampMillis"]
        assert segment["DurationMillis"] == segment["EndTimestampMillis"] - segment["StartTimestampMillis"] > 0
        assert segment["EndTimestampMillis"] <= duration
        assert "Instances" not in segment["Label"]
        assert segment["Label"]["Confidence"] >= 50
        span = range(segment["StartTimestampMillis"], segment["EndTimestampMillis"], SAMPLE_INTERVAL_MS)
        covered[segment["Label"]["Name"]].extend(span)
    detected: dict[str, list[int]] = collections.defaultdict(list)
    for item in env.labels(env.jobs["long"]):
        detected[item["Label"]["Name"]].append(item["Timestamp"])
    # Segments tile exactly the timestamps each label was detected at, never overlapping.
    assert {name: sorted(times) for name, times in covered.items()} == dict(detected)
    starts = [(s["StartTimestampMillis"], s["Label"]["Name"]) for s in segments]
    assert starts == sorted(starts)


def test_segments_sorted_by_name(env: Env) -> None:
    segments = env.labels(env.jobs["short"], AggregateBy="SEGMENTS", SortBy="NAME")
    order = [(s["Label"]["Name"], -s["Label"]["Confidence"], s["Timestamp"]) for s in segments]
    assert order == sorted(order)


# --- MinConfidence -----------------------------------------------------------------------------------


def test_min_confidence_is_a_floor_for_labels_and_instances(env: Env) -> None:
    labels = env.labels(env.jobs["short80"])
    assert labels
    for item in labels:
        assert item["Label"]["Confidence"] >= 80
        assert all(instance["Confidence"] >= 80 for instance in item["Label"]["Instances"])


def test_default_min_confidence_is_50(env: Env) -> None:
    default = env.labels(env.jobs["short"])
    assert default == env.labels(env.jobs["short50"])
    assert min(item["Label"]["Confidence"] for item in default) >= 50


def test_lower_min_confidence_adds_detections_below_50(env: Env) -> None:
    default = {key(item): item["Label"]["Confidence"] for item in env.labels(env.jobs["short"])}
    lower = {key(item): item["Label"]["Confidence"] for item in env.labels(env.jobs["short20"])}
    assert default.items() <= lower.items()
    extra = [confidence for k, confidence in lower.items() if k not in default]
    assert extra and all(20 <= confidence < 50 for confidence in extra)


# --- filters -----------------------------------------------------------------------------------------


def filtered(env: Env, **general: list[str]) -> list[Item]:
    return env.labels(env.start(Settings={"GeneralLabels": general}))


def test_label_inclusion_filter(env: Env) -> None:
    default = env.labels(env.jobs["short"])
    wanted = {name for name, _ in collections.Counter(i["Label"]["Name"] for i in default).most_common(2)}
    result = filtered(env, LabelInclusionFilters=sorted(wanted))
    assert result and result == [item for item in default if item["Label"]["Name"] in wanted]


def test_label_exclusion_filter(env: Env) -> None:
    default = env.labels(env.jobs["short"])
    unwanted = collections.Counter(i["Label"]["Name"] for i in default).most_common(1)[0][0]
    result = filtered(env, LabelExclusionFilters=[unwanted])
    assert result and result == [item for item in default if item["Label"]["Name"] != unwanted]


def categories(item: Item) -> set[str]:
    return {category["Name"] for category in item["Label"]["Categories"]}


def test_label_category_inclusion_filter(env: Env) -> None:
    default = env.labels(env.jobs["short"])
    wanted = collections.Counter(c for item in default for c in categories(item)).most_common(1)[0][0]
    result = filtered(env, LabelCategoryInclusionFilters=[wanted])
    assert result and result == [item for item in default if wanted in categories(item)]
    assert len(result) < len(default)


def test_label_category_exclusion_filter(env: Env) -> None:
    default = env.labels(env.jobs["short"])
    unwanted = collections.Counter(c for item in default for c in categories(item)).most_common(1)[0][0]
    result = filtered(env, LabelCategoryExclusionFilters=[unwanted])
    assert result and result == [item for item in default if unwanted not in categories(item)]


# --- content -----------------------------------------------------------------------------------------


def test_every_parent_is_a_label_at_the_same_timestamp_with_at_least_its_confidence(env: Env) -> None:
    labels = env.labels(env.jobs["long"])
    confidence = {key(item): item["Label"]["Confidence"] for item in labels}
    for item in labels:
        label = item["Label"]
        assert label["Categories"]
        for parent in label["Parents"]:
            parent_confidence = confidence.get((item["Timestamp"], parent["Name"]))
            assert parent_confidence is not None and parent_confidence >= label["Confidence"]


def test_instances_are_bounding_boxes_of_object_labels(env: Env) -> None:
    labels = env.labels(env.jobs["short20"])
    with_boxes = [item for item in labels if item["Label"]["Instances"]]
    assert with_boxes
    for item in labels:
        if item["Label"]["Instances"]:
            assert TAXONOMY[item["Label"]["Name"]].instances
        for instance in item["Label"]["Instances"]:
            box = instance["BoundingBox"]
            assert box["Width"] > 0 and box["Height"] > 0
            assert box["Left"] >= 0 and box["Left"] + box["Width"] <= 1
            assert box["Top"] >= 0 and box["Top"] + box["Height"] <= 1
            assert 20 <= instance["Confidence"] <= 100


def test_results_depend_only_on_the_video_content(env: Env) -> None:
    assert env.labels(env.jobs["copy"]) == env.labels(env.jobs["short"])


# --- taxonomy ----------------------------------------------------------------------------------------


def test_taxonomy_is_a_closed_hierarchy() -> None:
    assert 50 <= len(TAXONOMY) <= 80
    for name, label in TAXONOMY.items():
        assert name not in label.parents and len(set(label.parents)) == len(label.parents)
        for parent in label.parents:
            # Parents lists the full ancestry: an ancestor's own ancestors are there too.
            assert set(TAXONOMY[parent].parents) <= set(label.parents)
        assert label.categories
    assert set(LEAVES) <= set(TAXONOMY)
    assert all(name not in TAXONOMY[other].parents for name in LEAVES for other in TAXONOMY)

"""Content moderation semantics of the reference backend, on the real short fixture video.

Covers what GetContentModeration returns: enough labels for several pages, pagination that chains to
the full set, the two sort orders, SEGMENTS aggregation, the MinConfidence floor and default, the
moderation taxonomy (ParentName and TaxonomyLevel), echoes and determinism.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from rekognition_conformance.fixtures.videos import ensure
from rekognition_conformance.reference.moderationmodel import (
    CONFIDENT,
    LEAVES,
    SAMPLE_INTERVAL_MS,
    TAXONOMY,
    ancestry,
    detect,
)
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.spec.schemas import validator

BUCKET = "moderation-videos"
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
        return self.rek.start_content_moderation(Video=video(name), **params)["JobId"]

    def wait(self, job_id: str) -> None:
        for _ in range(400):
            if self.rek.get_content_moderation(JobId=job_id, MaxResults=1)["JobStatus"] != "IN_PROGRESS":
                return
        raise AssertionError(f"job {job_id} did not finish")

    def pages(self, job_id: str, **params: Any) -> list[dict[str, Any]]:
        """Every page of a finished job, following NextToken, each valid against the output schema."""
        self.wait(job_id)
        found: list[dict[str, Any]] = []
        token: dict[str, str] = {}
        while True:
            page = self.rek.get_content_moderation(JobId=job_id, **params, **token)
            page.pop("ResponseMetadata")
            assert page["JobStatus"] == "SUCCEEDED"
            validator("GetContentModeration", "output").validate(page)
            found.append(page)
            if "NextToken" not in page:
                return found
            token = {"NextToken": page["NextToken"]}

    def labels(self, job_id: str, **params: Any) -> list[Item]:
        return [item for page in self.pages(job_id, **params) for item in page["ModerationLabels"]]


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
            short=env.start(JobTag="moderation-default"),
            short50=env.start(MinConfidence=50),
            short20=env.start(MinConfidence=20),
            short80=env.start(MinConfidence=80),
            copy=env.start("short-copy.mp4"),
        )
        yield env


def key(item: Item) -> tuple[int, str]:
    return item["Timestamp"], item["ModerationLabel"]["Name"]


def name(item: Item) -> str:
    return item["ModerationLabel"]["Name"]


def confidence(item: Item) -> float:
    return item["ModerationLabel"]["Confidence"]


# --- volume, pagination and echoes -------------------------------------------------------------------


def test_short_video_yields_labels_over_several_small_pages(env: Env) -> None:
    labels = env.labels(env.jobs["short"])
    assert 50 < len(labels) < 1000
    assert len({key(item) for item in labels}) == len(labels)
    pages = env.pages(env.jobs["short"], MaxResults=7)
    assert len(pages) > 3 and all(len(page["ModerationLabels"]) == 7 for page in pages[:-1])
    assert [item for page in pages for item in page["ModerationLabels"]] == labels


def test_every_page_echoes_the_job_and_the_request(env: Env) -> None:
    for page in env.pages(env.jobs["short"], MaxResults=40, SortBy="NAME"):
        assert page["JobId"] == env.jobs["short"] and page["JobTag"] == "moderation-default"
        assert page["Video"] == video("short.mp4")
        assert page["GetRequestMetadata"] == {"SortBy": "NAME", "AggregateBy": "TIMESTAMPS"}
        assert page["ModerationModelVersion"] == "7.0"
        assert page["VideoMetadata"]["FrameRate"] == 10.0 and page["VideoMetadata"]["DurationMillis"] == 10_000


def test_max_results_above_1000_is_clamped(env: Env) -> None:
    page = env.rek.get_content_moderation(JobId=env.jobs["short"], MaxResults=5000)
    assert "NextToken" not in page and page["ModerationLabels"] == env.labels(env.jobs["short"])


def test_a_token_only_continues_the_order_it_was_issued_for(env: Env) -> None:
    token = env.rek.get_content_moderation(JobId=env.jobs["short"], MaxResults=3)["NextToken"]
    with pytest.raises(ClientError, match="InvalidPaginationTokenException"):
        env.rek.get_content_moderation(JobId=env.jobs["short"], MaxResults=3, SortBy="NAME", NextToken=token)


def test_a_label_detection_job_id_is_unknown_here(env: Env) -> None:
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        env.rek.get_content_moderation(JobId="0" * 64)


# --- ordering ----------------------------------------------------------------------------------------


def test_timestamp_order_is_the_default(env: Env) -> None:
    labels = env.labels(env.jobs["short"])
    assert [key(item) for item in labels] == sorted(key(item) for item in labels)
    assert env.labels(env.jobs["short"], SortBy="TIMESTAMP") == labels


def test_name_order_groups_labels_alphabetically_by_descending_confidence(env: Env) -> None:
    by_name = env.labels(env.jobs["short"], SortBy="NAME")
    order = [(name(item), -confidence(item), item["Timestamp"]) for item in by_name]
    assert order == sorted(order)
    assert sorted(map(key, by_name)) == sorted(map(key, env.labels(env.jobs["short"])))


# --- aggregation -------------------------------------------------------------------------------------


def test_segments_tile_the_detections_of_each_label(env: Env) -> None:
    segments = env.labels(env.jobs["short"], AggregateBy="SEGMENTS")
    assert segments
    covered: dict[str, list[int]] = collections.defaultdict(list)
    for segment in segments:
        assert segment["Timestamp"] == segment["StartTimestampMillis"]
        assert segment["DurationMillis"] == segment["EndTimestampMillis"] - segment["StartTimestampMillis"] > 0
        assert segment["EndTimestampMillis"] <= 10_000
        covered[name(segment)].extend(
            range(segment["StartTimestampMillis"], segment["EndTimestampMillis"], SAMPLE_INTERVAL_MS)
        )
    detected: dict[str, list[int]] = collections.defaultdict(list)
    for item in env.labels(env.jobs["short"]):
        assert not SEGMENT_MEMBERS & set(item)
        detected[name(item)].append(item["Timestamp"])
    assert {label: sorted(times) for label, times in covered.items()} == dict(detected)


def test_segments_sorted_by_name(env: Env) -> None:
    segments = env.labels(env.jobs["short"], AggregateBy="SEGMENTS", SortBy="NAME")
    order = [(name(s), -confidence(s), s["Timestamp"]) for s in segments]
    assert order == sorted(order)


# --- MinConfidence -----------------------------------------------------------------------------------


def test_default_min_confidence_is_50(env: Env) -> None:
    default = env.labels(env.jobs["short"])
    assert default == env.labels(env.jobs["short50"])
    assert min(map(confidence, default)) >= 50


def test_min_confidence_is_a_floor(env: Env) -> None:
    labels = env.labels(env.jobs["short80"])
    assert labels and min(map(confidence, labels)) >= 80


def test_lower_min_confidence_adds_detections_below_50(env: Env) -> None:
    default = {key(item): confidence(item) for item in env.labels(env.jobs["short"])}
    lower = {key(item): confidence(item) for item in env.labels(env.jobs["short20"])}
    assert default.items() <= lower.items()
    extra = [value for k, value in lower.items() if k not in default]
    assert extra and all(20 <= value < 50 for value in extra)


def test_results_depend_only_on_the_video_content(env: Env) -> None:
    assert env.labels(env.jobs["copy"]) == env.labels(env.jobs["short"])


# --- taxonomy ----------------------------------------------------------------------------------------


def test_labels_carry_their_place_in_the_taxonomy(env: Env) -> None:
    labels = env.labels(env.jobs["short20"])
    by_key = {key(item): item for item in labels}
    levels = collections.Counter()
    for item in labels:
        label = item["ModerationLabel"]
        definition = TAXONOMY[label["Name"]]
        assert (label["ParentName"], label["TaxonomyLevel"]) == (definition.parent, definition.level)
        levels[label["TaxonomyLevel"]] += 1
        if label["ParentName"]:
            parent = by_key[(item["Timestamp"], label["ParentName"])]["ModerationLabel"]
            assert parent["TaxonomyLevel"] == label["TaxonomyLevel"] - 1
            assert parent["Confidence"] >= label["Confidence"]
    assert set(levels) == {1, 2, 3}


def test_taxonomy_is_a_three_level_tree_of_aws_categories() -> None:
    top = {name for name, label in TAXONOMY.items() if label.level == 1}
    assert {"Explicit", "Violence", "Visually Disturbing", "Alcohol", "Drugs & Tobacco", "Gambling",
            "Rude Gestures", "Hate Symbols"} <= top  # fmt: skip
    for label_name, label in TAXONOMY.items():
        assert (label.parent == "") == (label.level == 1)
        if label.parent:
            assert TAXONOMY[label.parent].level == label.level - 1
        assert len(ancestry(label_name)) == label.level
    assert set(LEAVES) <= set(TAXONOMY) and "Gambling" in LEAVES


def test_whatever_the_video_a_confident_track_gives_detections_to_keep_at_80() -> None:
    for n in range(20):
        leaves = [d for d in detect(f"any video {n}".encode(), 10_000) if d.name in LEAVES]
        assert leaves and max(d.confidence for d in leaves) >= CONFIDENT

"""The content moderation, segment and text detection faults: each changes exactly what it says, shown by a
real botocore client against a server with the fault beside a clean one (see test_reference_faults.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.unit.fault_backend import Backend, backend

MODERATION = ("StartContentModeration", "GetContentModeration")
SEGMENTS = ("StartSegmentDetection", "GetSegmentDetection")
TEXT = ("StartTextDetection", "GetTextDetection")
BOTH = ["TECHNICAL_CUE", "SHOT"]


@pytest.fixture(scope="module")
def clean() -> Iterator[Backend]:
    with backend() as b:
        yield b


def items(b: Backend, family: tuple[str, str], member: str, get: dict[str, Any] | None = None, **start: Any) -> list:
    return b.items(b.family_job(*family, **start), member, family[1], **(get or {}))


# --- content moderation -------------------------------------------------------------------------------


def confidences(found: list[dict[str, Any]]) -> list[float]:
    return sorted(item["ModerationLabel"]["Confidence"] for item in found)


def test_fault_moderation_min_confidence_default_30(clean: Backend) -> None:
    with backend("moderation-min-confidence-default-30") as faulty:
        got = items(faulty, MODERATION, "ModerationLabels")
        at_50 = items(faulty, MODERATION, "ModerationLabels", MinConfidence=50.0)
    assert any(30 <= c < 50 for c in confidences(got)) and min(confidences(got)) >= 30
    assert confidences(items(clean, MODERATION, "ModerationLabels")) == confidences(at_50)
    assert min(confidences(at_50)) >= 50


def test_fault_moderation_name_groups_unordered(clean: Backend) -> None:
    with backend("moderation-name-groups-unordered") as faulty:
        got = items(faulty, MODERATION, "ModerationLabels", {"SortBy": "NAME", "MaxResults": 5})
        by_time = items(faulty, MODERATION, "ModerationLabels")
    want = items(clean, MODERATION, "ModerationLabels", {"SortBy": "NAME"})
    names = [item["ModerationLabel"]["Name"] for item in got]
    groups = list(dict.fromkeys(names))
    assert len(groups) == len([n for i, n in enumerate(names) if i == 0 or names[i - 1] != n])
    assert groups != sorted(groups)
    assert list(dict.fromkeys(item["ModerationLabel"]["Name"] for item in want)) == sorted(groups)
    assert sorted(map(repr, got)) == sorted(map(repr, want))
    assert by_time == items(clean, MODERATION, "ModerationLabels")


def test_fault_moderation_taxonomy_level_from_zero(clean: Backend) -> None:
    with backend("moderation-taxonomy-level-from-zero") as faulty:
        got = items(faulty, MODERATION, "ModerationLabels")
    want = items(clean, MODERATION, "ModerationLabels")
    assert len(got) == len(want)
    levels = [
        (g["ModerationLabel"]["TaxonomyLevel"], w["ModerationLabel"]["TaxonomyLevel"])
        for g, w in zip(got, want, strict=True)
    ]
    assert all(g == w - 1 for g, w in levels)
    assert {w for _, w in levels} >= {1, 2}


# --- segment detection --------------------------------------------------------------------------------


def types(found: list[dict[str, Any]]) -> set[str]:
    return {item["Type"] for item in found}


def test_fault_segment_types_ignored(clean: Backend) -> None:
    with backend("segment-types-ignored") as faulty:
        job_id = faulty.family_job(*SEGMENTS, SegmentTypes=["SHOT"])
        got = faulty.items(job_id, "Segments", SEGMENTS[1])
        first = faulty.get(job_id, SEGMENTS[1])
    assert types(got) == set(BOTH)
    assert [entry["Type"] for entry in first.body["SelectedSegmentTypes"]] == ["SHOT", "TECHNICAL_CUE"]
    assert types(items(clean, SEGMENTS, "Segments", SegmentTypes=["SHOT"])) == {"SHOT"}


def test_fault_selected_segment_types_missing(clean: Backend) -> None:
    with backend("selected-segment-types-missing") as faulty:
        job_id = faulty.family_job(*SEGMENTS, SegmentTypes=BOTH)
        got = faulty.pages(job_id, SEGMENTS[1], MaxResults=3)
    want = clean.pages(clean.family_job(*SEGMENTS, SegmentTypes=BOTH), SEGMENTS[1], MaxResults=3)
    assert len(got) == len(want) > 1
    assert all("SelectedSegmentTypes" not in page.body for page in got)
    assert all(page.body["SelectedSegmentTypes"] for page in want)
    assert [p.items("Segments") for p in got] == [p.items("Segments") for p in want]


def test_fault_smpte_frames_after_dot(clean: Backend) -> None:
    with backend("smpte-frames-after-dot") as faulty:
        got = items(faulty, SEGMENTS, "Segments", SegmentTypes=BOTH)
    want = items(clean, SEGMENTS, "Segments", SegmentTypes=BOTH)
    assert len(got) == len(want) > 0
    for item, expected in zip(got, want, strict=True):
        for member in ("StartTimecodeSMPTE", "EndTimecodeSMPTE", "DurationSMPTE"):
            assert item[member] == expected[member][:-3] + "." + expected[member][-2:]
            assert expected[member][-3] in ":;"


# --- text detection -----------------------------------------------------------------------------------


def words(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item["TextDetection"] for item in found if item["TextDetection"]["Type"] == "WORD"]


WORD_FILTER = {"MinConfidence": 90.0, "MinBoundingBoxHeight": 0.05}
REGION = {"BoundingBox": {"Width": 1.0, "Height": 0.5, "Left": 0.0, "Top": 0.0}}


def test_fault_text_word_confidence_ignored(clean: Backend) -> None:
    with backend("text-word-confidence-ignored") as faulty:
        got = words(items(faulty, TEXT, "TextDetections", Filters={"WordFilter": WORD_FILTER}))
    want = words(items(clean, TEXT, "TextDetections", Filters={"WordFilter": WORD_FILTER}))
    assert all(w["Confidence"] >= 90 for w in want)
    assert any(80 <= w["Confidence"] < 90 for w in got) and all(w["Confidence"] >= 80 for w in got)
    assert all(w["Geometry"]["BoundingBox"]["Height"] >= 0.05 for w in got)


def test_fault_text_regions_ignored(clean: Backend) -> None:
    with backend("text-regions-ignored") as faulty:
        got = words(items(faulty, TEXT, "TextDetections", Filters={"RegionsOfInterest": [REGION]}))
    want = words(items(clean, TEXT, "TextDetections", Filters={"RegionsOfInterest": [REGION]}))
    everything = words(items(clean, TEXT, "TextDetections"))
    assert len(want) < len(got) == len(everything)
    assert any(w["Geometry"]["BoundingBox"]["Top"] > 0.5 for w in got)


def test_fault_text_line_with_parent_id(clean: Backend) -> None:
    with backend("text-line-with-parent-id") as faulty:
        got = items(faulty, TEXT, "TextDetections")
    want = items(clean, TEXT, "TextDetections")
    lines = [item["TextDetection"] for item in got if item["TextDetection"]["Type"] == "LINE"]
    assert lines and all(line["ParentId"] == line["Id"] for line in lines)
    assert not any("ParentId" in item["TextDetection"] for item in want if item["TextDetection"]["Type"] == "LINE")
    assert words(got) == words(want)

"""Tests of the job lifecycle checks: status sequence, stable results, failure message."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks.lifecycle import check_failed_message, check_stable, check_status_sequence
from tests.unit.label_factory import OPERATION, chain, get_request, label, page, street_labels, video_metadata

REQUEST = get_request()


@pytest.mark.parametrize(
    "statuses",
    [
        [],
        ["IN_PROGRESS"],
        ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED", "SUCCEEDED"],
        ["SUCCEEDED"],
        ["IN_PROGRESS", "FAILED", "FAILED"],
    ],
)
def test_well_formed_status_sequences_pass(statuses):
    assert check_status_sequence(OPERATION, statuses, REQUEST) == []


@pytest.mark.parametrize(
    ("statuses", "index"),
    [
        (["IN_PROGRESS", "SUCCEEDED", "IN_PROGRESS"], 2),
        (["SUCCEEDED", "FAILED"], 1),
        (["IN_PROGRESS", "QUEUED"], 1),
        (["FAILED", "FAILED", "SUCCEEDED", "IN_PROGRESS"], 2),
    ],
)
def test_the_first_deviation_is_reported(statuses, index):
    found = check_status_sequence(OPERATION, statuses, REQUEST)
    assert [v.rule_id for v in found] == ["LIFECYCLE.STATUS"]
    assert found[0].pointer == f"statuses[{index}] /JobStatus"
    assert found[0].offending == f'"{statuses[index]}"'


def test_two_equal_readings_are_stable_even_when_ties_come_in_another_order():
    items = street_labels(9)
    swapped = [items[1], items[0], *items[2:]]
    assert check_stable(chain(items, 4), chain(swapped, 3), "Labels") == []
    assert check_stable([], chain(items, 4), "Labels") == []


def test_a_changed_item_is_reported_in_both_readings():
    items = street_labels(6)
    changed = [*items[:5], label("Car", items[5]["Timestamp"], confidence=51.0)]
    found = check_stable(chain(items, 4), chain(changed, 4), "Labels")
    assert [v.rule_id for v in found] == ["LIFECYCLE.STABLE", "LIFECYCLE.STABLE"]
    assert {v.pointer for v in found} == {"first[5]", "second[5]"}


def test_changed_video_metadata_is_reported_with_its_pointer():
    first = [page([label("Car", 0)])]
    second = [page([label("Car", 0)], VideoMetadata=video_metadata(FrameRate=25.0))]
    found = check_stable(first, second, "Labels")
    assert [v.rule_id for v in found] == ["LIFECYCLE.STABLE"]
    assert found[0].pointer == "page 0 /VideoMetadata/FrameRate"
    assert found[0].offending == "25.0"


@pytest.mark.parametrize(
    "answer",
    [
        page([], status="FAILED", StatusMessage="Unsupported codec", VideoMetadata=None),
        page([], status="SUCCEEDED"),
        page([], status="IN_PROGRESS"),
    ],
)
def test_failed_jobs_with_a_message_and_other_statuses_pass(answer):
    assert check_failed_message(answer) == []


@pytest.mark.parametrize("message", [None, "", "   "])
def test_a_failed_job_without_a_message_is_reported(message):
    found = check_failed_message(page([], status="FAILED", StatusMessage=message))
    assert [v.rule_id for v in found] == ["LIFECYCLE.FAILED_MESSAGE"]
    assert found[0].pointer == "/StatusMessage"

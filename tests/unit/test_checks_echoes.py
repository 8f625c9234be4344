"""Tests of the echo checks: JobId, JobTag, Video, GetRequestMetadata, and their presence."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks.echoes import (
    check_echo_present,
    check_job_id_echo,
    check_job_tag_echo,
    check_request_metadata_echo,
    check_video_echo,
)
from tests.unit.label_factory import START_REQUEST, VIDEO, error, get_request, page

DEFAULTS = {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}
MEMBERS = ("JobId", "Video", "JobTag", "GetRequestMetadata")


def ids(violations):
    return [v.rule_id for v in violations]


def test_a_faithful_response_echoes_everything():
    answer = page([])
    assert check_job_id_echo(answer) == []
    assert check_job_tag_echo(answer, START_REQUEST) == []
    assert check_video_echo(answer, START_REQUEST) == []
    assert check_request_metadata_echo(answer, DEFAULTS) == []
    assert check_echo_present(answer, START_REQUEST, MEMBERS) == []


def test_a_wrong_job_id_is_reported():
    found = check_job_id_echo(page([], JobId="someone-elses-job"))
    assert ids(found) == ["ECHO.JOB_ID"]
    assert found[0].pointer == "/JobId"
    assert found[0].offending == '"someone-elses-job"'


def test_a_null_echo_counts_as_absent():
    # A member sent as null is what every SDK reads as absent: not a wrong echo, but a missing one.
    answer = page([])
    answer.raw = answer.raw.replace(b'"JobTag": "street-run"', b'"JobTag": null')
    assert check_job_tag_echo(answer, START_REQUEST) == []
    found = check_echo_present(answer, START_REQUEST, MEMBERS)
    assert ids(found) == ["ECHO.PRESENT"] and found[0].pointer == "/JobTag"


@pytest.mark.parametrize(
    ("start", "tag"), [(START_REQUEST, "other-run"), ({k: v for k, v in START_REQUEST.items() if k != "JobTag"}, "x")]
)
def test_a_wrong_or_invented_job_tag_is_reported(start, tag):
    found = check_job_tag_echo(page([], JobTag=tag), start)
    assert ids(found) == ["ECHO.JOB_TAG"]


def test_a_missing_echo_is_not_a_wrong_echo():
    bare = page([], JobId=None, JobTag=None, Video=None, GetRequestMetadata=None)
    assert check_job_id_echo(bare) == []
    assert check_job_tag_echo(bare, START_REQUEST) == []
    assert check_video_echo(bare, START_REQUEST) == []
    assert check_request_metadata_echo(bare, DEFAULTS) == []


def test_a_different_bucket_or_object_is_reported_at_its_member():
    moved = {"S3Object": {**VIDEO["S3Object"], "Name": "videos/other.mp4"}}
    found = check_video_echo(page([], Video=moved), START_REQUEST)
    assert ids(found) == ["ECHO.VIDEO"]
    assert found[0].pointer == "/Video/S3Object/Name"


def test_a_resolved_version_the_start_left_open_is_accepted():
    versioned = {"S3Object": {**VIDEO["S3Object"], "Version": "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"}}
    assert check_video_echo(page([], Video=versioned), START_REQUEST) == []


@pytest.mark.parametrize(
    ("request_members", "metadata"),
    [
        ({}, {"SortBy": "NAME", "AggregateBy": "TIMESTAMPS"}),
        ({"AggregateBy": "SEGMENTS"}, {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}),
    ],
)
def test_request_metadata_that_is_neither_requested_nor_default_is_reported(request_members, metadata):
    answer = page([], request=get_request(**request_members), GetRequestMetadata=metadata)
    found = check_request_metadata_echo(answer, DEFAULTS)
    assert ids(found) == ["ECHO.REQUEST_METADATA"]


def test_requested_sort_and_aggregation_are_echoed():
    request = get_request(SortBy="NAME", AggregateBy="SEGMENTS")
    answer = page([], request=request, GetRequestMetadata={"SortBy": "NAME", "AggregateBy": "SEGMENTS"})
    assert check_request_metadata_echo(answer, DEFAULTS) == []


def test_absent_echo_members_are_reported_each():
    found = check_echo_present(page([], Video=None, GetRequestMetadata=None), START_REQUEST, MEMBERS)
    assert ids(found) == ["ECHO.PRESENT", "ECHO.PRESENT"]
    assert [v.pointer for v in found] == ["/Video", "/GetRequestMetadata"]


def test_job_tag_is_only_expected_when_the_start_had_one_and_errors_are_not_judged():
    untagged = {k: v for k, v in START_REQUEST.items() if k != "JobTag"}
    assert check_echo_present(page([], JobTag=None), untagged, MEMBERS) == []
    assert check_echo_present(error("ResourceNotFoundException"), START_REQUEST, MEMBERS) == []

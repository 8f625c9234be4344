"""The fault catalogue of the reference backend: how faults are switched on, and that each changes
exactly what it says, shown by a real botocore client against a server with the fault beside a clean one.

Each ``test_fault_<name>`` covers the fault ``<name>``; :func:`test_every_fault_has_a_behaviour_test`
keeps it that way for faults added later (in this module or in a ``test_reference_faults_*.py`` one).
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tests.unit
from rekognition_conformance.reference import __main__ as reference_cli
from rekognition_conformance.reference.faults import (
    COMMON,
    ENVIRONMENT_VARIABLE,
    FAULTS,
    UnknownFault,
    from_environment,
    parse_names,
    resolve,
)
from rekognition_conformance.reference.server import ReferenceServer
from rekognition_conformance.spec.operations import ALL_OPERATIONS, FAMILIES, GROUPS
from rekognition_conformance.spec.rules import rules
from rekognition_conformance.targets import TargetError, reference_target
from tests.unit.fault_backend import BUCKET, GET, START, Backend, backend

GARBAGE_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
UNKNOWN_JOB = "0" * 64


@pytest.fixture(scope="module")
def clean() -> Iterator[Backend]:
    with backend() as b:
        yield b


def labels(pages: list[Any]) -> list[Any]:
    return [item for page in pages for item in page.items("Labels")]


def names(items: list[Any]) -> list[str]:
    return [item["Label"]["Name"] for item in items]


def canonical(items: list[Any]) -> list[str]:
    import json

    return sorted(json.dumps(item, sort_keys=True) for item in items)


# --- the catalogue and the switches -------------------------------------------------------------------


def test_the_catalogue_covers_every_category_with_over_forty_faults() -> None:
    assert len(FAULTS) >= 40
    categories = {rules()[fault.rule].category for fault in FAULTS.values()}
    assert categories == {
        "schema", "defaults", "sorting", "aggregation", "pagination", "errors", "idempotency", "lifecycle",
        "echoes", "filters", "metadata", "content",
    } - ({"content"} if not any(rules()[f.rule].category == "content" for f in FAULTS.values()) else set())


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_is_well_formed(name: str) -> None:
    fault = FAULTS[name]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
    assert fault.rule in rules(), f"{name}: no rule {fault.rule}"
    assert fault.family == COMMON or fault.family in FAMILIES
    assert fault.description and not fault.description.endswith(".")
    assert fault.gap is None or len(fault.gap) > 20
    for operation in fault.operations:
        assert operation in GROUPS or operation in ALL_OPERATIONS
    # A family's fault touches only that family's operations.
    if fault.family != COMMON:
        assert set(fault.operations) <= set(FAMILIES[fault.family])


def test_every_fault_has_a_behaviour_test() -> None:
    tested: set[str] = set()
    for module in pkgutil.iter_modules(tests.unit.__path__):
        if module.name.startswith("test_reference_faults"):
            namespace = vars(importlib.import_module(f"tests.unit.{module.name}"))
            tested |= {name.removeprefix("test_fault_") for name in namespace if name.startswith("test_fault_")}
    missing = sorted(name for name in FAULTS if name.replace("-", "_") not in tested)
    assert not missing, f"faults without a test_fault_<name>: {missing}"


def test_unknown_fault_names_are_an_error_naming_the_known_ones() -> None:
    with pytest.raises(UnknownFault) as caught:
        resolve(["page-drops-last-item", "no-such-fault"])
    assert "no-such-fault" in str(caught.value) and "page-drops-last-item" in str(caught.value)
    with pytest.raises(UnknownFault):
        ReferenceServer(faults=("no-such-fault",))


def test_names_are_resolved_in_order_once_each() -> None:
    chosen = resolve(["job-id-altered", " page-drops-last-item ", "job-id-altered", ""])
    assert [f.name for f in chosen] == ["job-id-altered", "page-drops-last-item"]
    assert parse_names(" a, b,,c ") == ("a", "b", "c")
    assert from_environment({ENVIRONMENT_VARIABLE: "x,y"}) == ("x", "y")
    assert from_environment({}) == ()


def test_a_server_without_faults_serves_the_registry_unwrapped() -> None:
    from rekognition_conformance.reference.operations import OPERATIONS

    server = ReferenceServer()
    try:
        assert server.faults == ()
        assert server.operations == dict(OPERATIONS)
    finally:
        server.stop()


def test_the_reference_target_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "job-id-altered,content-type-html")
    target = reference_target(job_latency=0)
    try:
        assert [f.name for f in target._server.faults] == ["job-id-altered", "content-type-html"]
        assert "faults: job-id-altered, content-type-html" in target.description
    finally:
        target.close()
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "no-such-fault")
    with pytest.raises(TargetError, match="no-such-fault"):
        reference_target(job_latency=0)


def test_the_command_line_lists_and_checks_faults(capsys: pytest.CaptureFixture[str]) -> None:
    assert reference_cli.main(["--list-faults"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in FAULTS)
    with pytest.raises(SystemExit) as caught:
        reference_cli.main(["--port", "0", "--fault", "no-such-fault"])
    assert caught.value.code == 2
    assert "known faults" in capsys.readouterr().err


def test_faults_apply_only_to_the_server_they_are_given_to(clean: Backend) -> None:
    with backend("job-id-altered") as faulty:
        job_id = faulty.job()
        assert faulty.get(job_id, MaxResults=1).body["JobId"] == job_id.upper()
    clean_id = clean.job()
    assert clean.get(clean_id, MaxResults=1).body["JobId"] == clean_id


# --- pagination ---------------------------------------------------------------------------------------


def test_fault_page_drops_last_item(clean: Backend) -> None:
    with backend("page-drops-last-item") as faulty:
        got, want = faulty.pages(faulty.job(), MaxResults=100), clean.pages(clean.job(), MaxResults=100)
    assert len(got) == len(want) > 2
    for page, expected in zip(got[:-1], want[:-1], strict=True):
        assert page.items("Labels") == expected.items("Labels")[:-1]
    assert got[-1].items("Labels") == want[-1].items("Labels")


def test_fault_boundary_item_repeats(clean: Backend) -> None:
    with backend("boundary-item-repeats") as faulty:
        got = faulty.pages(faulty.job(), MaxResults=100)
    assert all(len(page.items("Labels")) == 100 for page in got[:-1])
    for before, after in itertools.pairwise(got):
        assert after.items("Labels")[0] == before.items("Labels")[-1]
    want = labels(clean.pages(clean.job(), MaxResults=100))
    assert len(labels(got)) == len(want) + len(got) - 1


def test_fault_next_token_never_returned(clean: Backend) -> None:
    with backend("next-token-never-returned") as faulty:
        got = faulty.get(faulty.job(), MaxResults=100)
    want = clean.get(clean.job(), MaxResults=100)
    assert "NextToken" in want.body and "NextToken" not in got.body
    assert got.items("Labels") == want.items("Labels")


def test_fault_empty_token_on_last_page(clean: Backend) -> None:
    with backend("empty-token-on-last-page") as faulty:
        got = faulty.pages(faulty.job(), MaxResults=400)
    want = clean.pages(clean.job(), MaxResults=400)
    assert got[-1].body["NextToken"] == "" and "NextToken" not in want[-1].body
    assert labels(got) == labels(want)


def test_fault_token_to_empty_page(clean: Backend) -> None:
    with backend("token-to-empty-page") as faulty:
        got = faulty.pages(faulty.job(), MaxResults=400)
    want = clean.pages(clean.job(), MaxResults=400)
    assert len(got) == len(want) + 1
    assert got[-1].items("Labels") == [] and "NextToken" not in got[-1].body
    assert got[-1].body["JobStatus"] == "SUCCEEDED" and "VideoMetadata" in got[-1].body
    assert labels(got) == labels(want)


def test_fault_page_size_off_by_one(clean: Backend) -> None:
    with backend("page-size-off-by-one") as faulty:
        got = faulty.get(faulty.job(), MaxResults=100)
        whole = faulty.get(faulty.job(), MaxResults=1000)
    assert got.items("Labels") == clean.get(clean.job(), MaxResults=101).items("Labels")
    assert len(whole.items("Labels")) == len(clean.get(clean.job(), MaxResults=1000).items("Labels"))


def test_fault_pages_one_short(clean: Backend) -> None:
    with backend("pages-one-short") as faulty:
        got = faulty.pages(faulty.job(), MaxResults=100)
    assert {len(page.items("Labels")) for page in got[:-1]} == {99}
    assert labels(got) == labels(clean.pages(clean.job(), MaxResults=100))


def test_fault_metadata_first_page_only(clean: Backend) -> None:
    with backend("metadata-first-page-only") as faulty:
        got = faulty.pages(faulty.job(), MaxResults=300)
    want = clean.pages(clean.job(), MaxResults=300)
    assert got[0].body["VideoMetadata"] == want[0].body["VideoMetadata"]
    assert all("VideoMetadata" not in page.body for page in got[1:])
    assert labels(got) == labels(want)


# --- errors and authentication ------------------------------------------------------------------------


def _error(exchange: Any) -> tuple[int, Any]:
    return exchange.status, exchange.error_code


def test_fault_bad_token_server_error(clean: Backend) -> None:
    with backend("bad-token-server-error") as faulty:
        got = faulty.get(faulty.job(), NextToken=GARBAGE_TOKEN)
        unknown = faulty.get(UNKNOWN_JOB)
    assert _error(got) == (500, "InternalServerError")
    assert _error(clean.get(clean.job(), NextToken=GARBAGE_TOKEN)) == (400, "InvalidPaginationTokenException")
    assert _error(unknown) == (400, "ResourceNotFoundException")


def test_fault_bad_token_wrong_type() -> None:
    with backend("bad-token-wrong-type") as faulty:
        assert _error(faulty.get(faulty.job(), NextToken=GARBAGE_TOKEN)) == (400, "InvalidParameterException")


def test_fault_unknown_job_succeeds(clean: Backend) -> None:
    with backend("unknown-job-succeeds") as faulty:
        got = faulty.get(UNKNOWN_JOB)
        other = faulty.call(START, {"Video": {"S3Object": {"Bucket": BUCKET, "Name": "missing"}}})
    assert got.status == 200 and got.body == {"JobStatus": "SUCCEEDED", "JobId": UNKNOWN_JOB, "Labels": []}
    assert _error(clean.get(UNKNOWN_JOB)) == (400, "ResourceNotFoundException")
    assert _error(other) == (400, "InvalidS3ObjectException")


def test_fault_unknown_job_wrong_type() -> None:
    with backend("unknown-job-wrong-type") as faulty:
        assert _error(faulty.get(UNKNOWN_JOB)) == (400, "InvalidParameterException")


def test_fault_unknown_job_undocumented_type() -> None:
    with backend("unknown-job-undocumented-type") as faulty:
        got = faulty.get(UNKNOWN_JOB)
    assert _error(got) == (400, "JobNotFoundException")
    assert got.error_message == f"Job {UNKNOWN_JOB} was not found."


def test_fault_unknown_job_http_404() -> None:
    with backend("unknown-job-http-404") as faulty:
        assert _error(faulty.get(UNKNOWN_JOB)) == (404, "ResourceNotFoundException")
        assert _error(faulty.get(faulty.job(), NextToken=GARBAGE_TOKEN)) == (400, "InvalidPaginationTokenException")


def test_fault_client_errors_as_500() -> None:
    with backend("client-errors-as-500") as faulty:
        assert _error(faulty.get(UNKNOWN_JOB)) == (500, "ResourceNotFoundException")
        assert _error(faulty.get(UNKNOWN_JOB, MaxResults=0)) == (500, "InvalidParameterException")
        assert faulty.get(faulty.job(), MaxResults=1).status == 200


def test_fault_constraint_violations_accepted(clean: Backend) -> None:
    with backend("constraint-violations-accepted") as faulty:
        job_id = faulty.job()
        accepted = faulty.raw.send(GET, {"JobId": job_id, "MaxResults": 0, "SortBy": "SIZE"})
        tripped = faulty.raw.send(GET, {"JobId": job_id, "MaxResults": "many"})
        unknown = faulty.get(UNKNOWN_JOB)
    assert accepted.status == 200 and accepted.body["JobStatus"] == "SUCCEEDED"
    assert _error(tripped) == (500, "InternalServerError")
    assert _error(unknown) == (400, "ResourceNotFoundException")
    assert _error(clean.raw.send(GET, {"JobId": clean.job(), "MaxResults": 0})) == (400, "InvalidParameterException")


def test_fault_validation_error_type(clean: Backend) -> None:
    with backend("validation-error-type") as faulty:
        got = faulty.raw.send(GET, {"JobId": faulty.job(), "MaxResults": 0})
    want = clean.raw.send(GET, {"JobId": clean.job(), "MaxResults": 0})
    assert _error(got) == (400, "ValidationException") and got.error_message == want.error_message


def test_fault_missing_s3_object_accepted(clean: Backend) -> None:
    missing = {"Video": {"S3Object": {"Bucket": BUCKET, "Name": "missing.mp4"}}}
    with backend("missing-s3-object-accepted") as faulty:
        got = faulty.call(START, missing)
        assert got.status == 200 and re.fullmatch(r"[0-9a-f]{64}", got.body["JobId"])
        assert _error(faulty.get(got.body["JobId"])) == (400, "ResourceNotFoundException")
    assert _error(clean.call(START, missing)) == (400, "InvalidS3ObjectException")


def test_fault_error_body_without_type() -> None:
    with backend("error-body-without-type") as faulty:
        got = faulty.get(UNKNOWN_JOB)
    assert got.status == 400 and got.body == {"message": f"Job {UNKNOWN_JOB} was not found."}


def test_fault_unsigned_accepted() -> None:
    with backend("unsigned-accepted") as faulty:
        job_id = faulty.job()
        assert faulty.raw.send(GET, {"JobId": job_id}, signing="none").status == 200
        assert _error(faulty.raw.send(GET, {"JobId": job_id}, signing="wrong-secret")) == (
            400, "InvalidSignatureException"
        )


def test_fault_bad_signature_accepted() -> None:
    with backend("bad-signature-accepted") as faulty:
        job_id = faulty.job()
        assert faulty.raw.send(GET, {"JobId": job_id}, signing="wrong-secret").status == 200
        assert _error(faulty.raw.send(GET, {"JobId": job_id}, signing="none")) == (
            400, "MissingAuthenticationTokenException"
        )


# --- idempotency --------------------------------------------------------------------------------------


def test_fault_same_token_new_job(clean: Backend) -> None:
    with backend("same-token-new-job") as faulty:
        first, again = (faulty.start(ClientRequestToken="same").body["JobId"] for _ in range(2))
    assert first != again
    assert len({clean.start(ClientRequestToken="same").body["JobId"] for _ in range(2)}) == 1


def test_fault_token_mismatch_accepted() -> None:
    with backend("token-mismatch-accepted") as faulty:
        first = faulty.start(ClientRequestToken="reused", MinConfidence=60.0)
        same = faulty.start(ClientRequestToken="reused", MinConfidence=60.0)
        other = faulty.start(ClientRequestToken="reused", MinConfidence=70.0)
    assert same.body["JobId"] == first.body["JobId"]
    assert other.status == 200 and other.body["JobId"] != first.body["JobId"]


# --- echoes -------------------------------------------------------------------------------------------


def test_fault_job_tag_dropped(clean: Backend) -> None:
    with backend("job-tag-dropped") as faulty:
        got = faulty.get(faulty.job(JobTag="tagged"), MaxResults=5)
    want = clean.get(clean.job(JobTag="tagged"), MaxResults=5)
    assert want.body["JobTag"] == "tagged" and "JobTag" not in got.body
    assert got.items("Labels") == want.items("Labels")


def test_fault_job_tag_altered() -> None:
    with backend("job-tag-altered") as faulty:
        assert faulty.get(faulty.job(JobTag="tagged"), MaxResults=5).body["JobTag"] == "TAGGED"


def test_fault_job_id_altered() -> None:
    with backend("job-id-altered") as faulty:
        job_id = faulty.job()
        got = faulty.get(job_id, MaxResults=5)
        # Only the echo changes: the job is still found by its real id.
        assert got.body["JobId"] == job_id.upper() != job_id and got.body["JobStatus"] == "SUCCEEDED"


def test_fault_video_echo_altered() -> None:
    with backend("video-echo-altered") as faulty:
        got = faulty.get(faulty.job(), MaxResults=5)
        again = faulty.get(faulty.job(), MaxResults=5)
    assert got.body["Video"] == {"S3Object": {"Bucket": BUCKET, "Name": f"{BUCKET}/short"}}
    # The job's own record is untouched: the echo is altered once, not once more per read.
    assert again.body["Video"] == got.body["Video"]


def test_fault_request_metadata_sort_stuck(clean: Backend) -> None:
    with backend("request-metadata-sort-stuck") as faulty:
        got = faulty.get(faulty.job(), SortBy="NAME", MaxResults=50)
    want = clean.get(clean.job(), SortBy="NAME", MaxResults=50)
    assert got.body["GetRequestMetadata"] == {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}
    assert want.body["GetRequestMetadata"]["SortBy"] == "NAME"
    assert got.items("Labels") == want.items("Labels")


# --- lifecycle ----------------------------------------------------------------------------------------


def test_fault_results_drift(clean: Backend) -> None:
    with backend("results-drift") as faulty:
        job_id = faulty.job()
        first, second, third = (labels(faulty.pages(job_id, MaxResults=200)) for _ in range(3))
        other = labels(faulty.pages(job_id, MaxResults=300))
    want = labels(clean.pages(clean.job(), MaxResults=200))
    assert first == want == other
    assert len(second) == len(want) - 1 and len(third) == len(want) - 2


def test_fault_failed_without_message(clean: Backend) -> None:
    with backend("failed-without-message") as faulty:
        got = faulty.wait(faulty.start("not_a_video").body["JobId"])
    want = clean.wait(clean.start("not_a_video").body["JobId"])
    assert got.body["JobStatus"] == want.body["JobStatus"] == "FAILED"
    assert want.body["StatusMessage"] and "StatusMessage" not in got.body


def test_fault_succeeded_flickers_in_progress() -> None:
    with backend("succeeded-flickers-in-progress") as faulty:
        job_id = faulty.start().body["JobId"]
        faulty.wait(job_id)
        statuses = [faulty.get(job_id, MaxResults=5).body for _ in range(3)]
    assert [body["JobStatus"] for body in statuses] == ["IN_PROGRESS", "SUCCEEDED", "SUCCEEDED"]
    assert "Labels" not in statuses[0] and statuses[1]["Labels"]


def test_fault_job_status_lowercase() -> None:
    with backend("job-status-lowercase") as faulty:
        job_id = faulty.start().body["JobId"]
        assert faulty.wait(job_id).body["JobStatus"] == "succeeded"
        assert faulty.wait(faulty.start("not_a_video").body["JobId"]).body["JobStatus"] == "failed"


# --- VideoMetadata, schema and wire format ------------------------------------------------------------


def _metadata(exchange: Any) -> dict[str, Any]:
    return exchange.body["VideoMetadata"]


def _metadata_fault(name: str, clean: Backend) -> tuple[dict[str, Any], dict[str, Any]]:
    with backend(name) as faulty:
        got = _metadata(faulty.get(faulty.job(), MaxResults=1))
    return got, _metadata(clean.get(clean.job(), MaxResults=1))


def _differences(got: dict[str, Any], want: dict[str, Any]) -> set[str]:
    return {key for key in got.keys() | want.keys() if got.get(key) != want.get(key)}


def test_fault_frame_dimensions_swapped(clean: Backend) -> None:
    got, want = _metadata_fault("frame-dimensions-swapped", clean)
    assert (got["FrameWidth"], got["FrameHeight"]) == (want["FrameHeight"], want["FrameWidth"]) == (360, 640)
    assert _differences(got, want) == {"FrameWidth", "FrameHeight"}


def test_fault_duration_in_seconds(clean: Backend) -> None:
    got, want = _metadata_fault("duration-in-seconds", clean)
    assert got["DurationMillis"] == want["DurationMillis"] // 1000 == 10
    assert _differences(got, want) == {"DurationMillis"}


def test_fault_frame_rate_doubled(clean: Backend) -> None:
    got, want = _metadata_fault("frame-rate-doubled", clean)
    assert got["FrameRate"] == 2 * want["FrameRate"] == 20
    assert _differences(got, want) == {"FrameRate"}


def test_fault_codec_is_container(clean: Backend) -> None:
    got, want = _metadata_fault("codec-is-container", clean)
    assert (got["Codec"], want["Codec"]) == ("mp4", "h264")
    assert _differences(got, want) == {"Codec"}


def test_fault_frame_rate_as_string(clean: Backend) -> None:
    got, want = _metadata_fault("frame-rate-as-string", clean)
    assert got["FrameRate"] == "10" and want["FrameRate"] == 10.0
    assert _differences(got, want) == {"FrameRate"}


def test_fault_color_range_misspelt(clean: Backend) -> None:
    got, want = _metadata_fault("color-range-misspelt", clean)
    assert got["ColorRange"] == f"{want['ColorRange']}_RANGE"
    assert _differences(got, want) == {"ColorRange"}


def test_fault_undeclared_member(clean: Backend) -> None:
    with backend("undeclared-member") as faulty:
        got = faulty.get(faulty.job(), MaxResults=7)
        unknown = faulty.get(UNKNOWN_JOB)
    want = clean.get(clean.job(), MaxResults=7)
    body = got.body
    assert body.pop("ResultCount") == 7
    assert set(body) == set(want.body) and "ResultCount" not in (unknown.body or {})


def test_fault_content_type_html(clean: Backend) -> None:
    with backend("content-type-html") as faulty:
        success, error = faulty.get(faulty.job(), MaxResults=3), faulty.get(UNKNOWN_JOB)
    assert success.content_type == error.content_type == "text/html; charset=utf-8"
    assert success.items("Labels") == clean.get(clean.job(), MaxResults=3).items("Labels")
    assert error.error_code == "ResourceNotFoundException"


# --- label detection ----------------------------------------------------------------------------------


def test_fault_min_confidence_default_55(clean: Backend) -> None:
    with backend("min-confidence-default-55") as faulty:
        got = faulty.items(faulty.job())
        explicit = faulty.items(faulty.job(MinConfidence=50.0))
    assert got == clean.items(clean.job(MinConfidence=55.0))
    assert explicit == clean.items(clean.job(MinConfidence=50.0)) != got


def test_fault_max_results_default_100(clean: Backend) -> None:
    with backend("max-results-default-100") as faulty:
        got = faulty.get(faulty.job())
        explicit = faulty.get(faulty.job(), MaxResults=300)
    assert got.items("Labels") == clean.get(clean.job(), MaxResults=100).items("Labels")
    assert len(explicit.items("Labels")) == 300


def test_fault_max_results_not_clamped(clean: Backend) -> None:
    want = labels(clean.pages(clean.job("long"), MaxResults=1000))
    assert len(want) > 1000
    with backend("max-results-not-clamped") as faulty:
        got = faulty.get(faulty.job("long"), MaxResults=2000).items("Labels")
    # More than the documented maximum on one page, and the listing's first items in order.
    assert 1000 < len(got) <= 2000
    assert got == want[: len(got)]


def test_fault_default_sort_name(clean: Backend) -> None:
    with backend("default-sort-name") as faulty:
        got = faulty.items(faulty.job())
        explicit = faulty.items(faulty.job(), SortBy="TIMESTAMP")
    assert got == clean.items(clean.job(), SortBy="NAME")
    assert explicit == clean.items(clean.job())


def test_fault_default_aggregation_segments(clean: Backend) -> None:
    with backend("default-aggregation-segments") as faulty:
        got = faulty.items(faulty.job())
    assert got == clean.items(clean.job(), AggregateBy="SEGMENTS")


def test_fault_timestamp_descending(clean: Backend) -> None:
    with backend("timestamp-descending") as faulty:
        job_id = faulty.job()
        got = faulty.items(job_id, MaxResults=150)
        by_name = faulty.items(job_id, SortBy="NAME")
        garbage = faulty.get(job_id, NextToken=GARBAGE_TOKEN)
    assert got == list(reversed(clean.items(clean.job())))
    assert by_name == clean.items(clean.job(), SortBy="NAME")
    assert garbage.error_code == "InvalidPaginationTokenException"


def test_fault_pages_sorted_separately(clean: Backend) -> None:
    with backend("pages-sorted-separately") as faulty:
        got = faulty.pages(faulty.job(), MaxResults=200)
    want = clean.pages(clean.job(), SortBy="NAME", MaxResults=200)
    for page, expected in zip(got, want, strict=True):
        stamps = [item["Timestamp"] for item in page.items("Labels")]
        assert stamps == sorted(stamps)
        assert canonical(page.items("Labels")) == canonical(expected.items("Labels"))
        assert page.body["GetRequestMetadata"]["SortBy"] == "TIMESTAMP"
    stamps = [item["Timestamp"] for item in labels(got)]
    assert stamps != sorted(stamps)


def _groups(items: list[Any]) -> list[str]:
    found: list[str] = []
    for name in names(items):
        if not found or found[-1] != name:
            found.append(name)
    return found


def test_fault_name_groups_unordered(clean: Backend) -> None:
    with backend("name-groups-unordered") as faulty:
        got = faulty.items(faulty.job(), SortBy="NAME", MaxResults=120)
    want = clean.items(clean.job(), SortBy="NAME")
    groups = _groups(got)
    assert len(groups) == len(set(groups)) and groups != sorted(groups)
    assert canonical(got) == canonical(want)
    for name in groups:
        assert [i for i in got if i["Label"]["Name"] == name] == [i for i in want if i["Label"]["Name"] == name]


def test_fault_name_group_latest_first(clean: Backend) -> None:
    with backend("name-group-latest-first") as faulty:
        got = faulty.items(faulty.job(), SortBy="NAME")
    want = clean.items(clean.job(), SortBy="NAME")
    assert _groups(got) == _groups(want) == sorted(_groups(want))
    assert canonical(got) == canonical(want)
    for name in _groups(got):
        stamps = [i["Timestamp"] for i in got if i["Label"]["Name"] == name]
        assert stamps == sorted(stamps, reverse=True)
    assert got != want


def test_fault_tie_order_depends_on_page_size(clean: Backend) -> None:
    with backend("tie-order-depends-on-page-size") as faulty:
        job_id = faulty.job()
        thousand = faulty.items(job_id, MaxResults=1000)
        small = faulty.items(job_id, MaxResults=100)
    want = clean.items(clean.job(), MaxResults=1000)
    assert thousand == want
    assert small != want and canonical(small) == canonical(want)
    assert [i["Timestamp"] for i in small] == [i["Timestamp"] for i in want]


def _segments(name: str, clean: Backend) -> tuple[list[Any], list[Any]]:
    with backend(name) as faulty:
        got = faulty.items(faulty.job(), AggregateBy="SEGMENTS")
        timestamps = faulty.items(faulty.job())
    assert timestamps == clean.items(clean.job())
    return got, clean.items(clean.job(), AggregateBy="SEGMENTS")


def test_fault_segment_timestamp_midpoint(clean: Backend) -> None:
    got, want = _segments("segment-timestamp-midpoint", clean)
    for item, expected in zip(got, want, strict=True):
        assert item["Timestamp"] == (expected["StartTimestampMillis"] + expected["EndTimestampMillis"]) // 2
        assert {**item, "Timestamp": expected["Timestamp"]} == expected


def test_fault_segment_duration_seconds(clean: Backend) -> None:
    got, want = _segments("segment-duration-seconds", clean)
    for item, expected in zip(got, want, strict=True):
        assert item["DurationMillis"] == expected["DurationMillis"] // 1000
        assert {**item, "DurationMillis": expected["DurationMillis"]} == expected


def test_fault_segments_with_instances(clean: Backend) -> None:
    got, want = _segments("segments-with-instances", clean)
    for item, expected in zip(got, want, strict=True):
        label = dict(item["Label"])
        assert label.pop("Instances") == [
            {"BoundingBox": {"Width": 1.0, "Height": 1.0, "Left": 0.0, "Top": 0.0}, "Confidence": label["Confidence"]}
        ]
        assert {**item, "Label": label} == expected


def test_fault_timestamps_with_segment_members(clean: Backend) -> None:
    with backend("timestamps-with-segment-members") as faulty:
        got = faulty.items(faulty.job())
        segments = faulty.items(faulty.job(), AggregateBy="SEGMENTS")
    want = clean.items(clean.job())
    for item, expected in zip(got, want, strict=True):
        stamp = expected["Timestamp"]
        assert item == {**expected, "StartTimestampMillis": stamp, "EndTimestampMillis": stamp, "DurationMillis": 0}
    assert segments == clean.items(clean.job(), AggregateBy="SEGMENTS")


def test_fault_min_confidence_as_fraction(clean: Backend) -> None:
    with backend("min-confidence-as-fraction") as faulty:
        got = faulty.items(faulty.job(MinConfidence=80.0))
        default = faulty.items(faulty.job())
    assert got == clean.items(clean.job(MinConfidence=0.8))
    assert default == clean.items(clean.job())


def test_fault_min_confidence_lower_ignored(clean: Backend) -> None:
    with backend("min-confidence-lower-ignored") as faulty:
        got = faulty.items(faulty.job(MinConfidence=20.0))
        higher = faulty.items(faulty.job(MinConfidence=80.0))
    assert got == clean.items(clean.job())
    assert higher == clean.items(clean.job(MinConfidence=80.0))


FILTERS = {
    "inclusion-filter-ignored": "LabelInclusionFilters",
    "exclusion-filter-ignored": "LabelExclusionFilters",
    "category-inclusion-ignored": "LabelCategoryInclusionFilters",
    "category-exclusion-ignored": "LabelCategoryExclusionFilters",
}
FILTER_VALUES = {
    "LabelInclusionFilters": ["Person", "Car"],
    "LabelExclusionFilters": ["Person"],
    "LabelCategoryInclusionFilters": ["Vehicles and Automotive"],
    "LabelCategoryExclusionFilters": ["Person Description"],
}


def _filter_fault(name: str, clean: Backend) -> None:
    ignored = FILTERS[name]
    settings = {"GeneralLabels": {ignored: FILTER_VALUES[ignored], "LabelExclusionFilters": ["Adult"]}}
    if ignored == "LabelExclusionFilters":
        settings["GeneralLabels"][ignored] = ["Adult", "Person"]
    with backend(name) as faulty:
        got = faulty.items(faulty.job(Settings=settings))
    kept = {k: v for k, v in settings["GeneralLabels"].items() if k != ignored}
    if ignored == "LabelExclusionFilters":
        kept = {}
    assert got == clean.items(clean.job(Settings={"GeneralLabels": kept}))
    assert got != clean.items(clean.job(Settings=settings))


def test_fault_inclusion_filter_ignored(clean: Backend) -> None:
    _filter_fault("inclusion-filter-ignored", clean)


def test_fault_exclusion_filter_ignored(clean: Backend) -> None:
    _filter_fault("exclusion-filter-ignored", clean)


def test_fault_category_inclusion_ignored(clean: Backend) -> None:
    _filter_fault("category-inclusion-ignored", clean)


def test_fault_category_exclusion_ignored(clean: Backend) -> None:
    _filter_fault("category-exclusion-ignored", clean)


def test_fault_parents_not_labels(clean: Backend) -> None:
    with backend("parents-not-labels") as faulty:
        got = faulty.items(faulty.job())
    want = clean.items(clean.job())
    parents = {(i["Timestamp"], p["Name"]) for i in want for p in i["Label"]["Parents"]}
    assert got == [i for i in want if (i["Timestamp"], i["Label"]["Name"]) not in parents]
    assert 0 < len(got) < len(want)


def test_fault_bounding_boxes_in_pixels(clean: Backend) -> None:
    with backend("bounding-boxes-in-pixels") as faulty:
        got = faulty.items(faulty.job())
    want = clean.items(clean.job())
    boxes = 0
    for item, expected in zip(got, want, strict=True):
        for instance, original in zip(item["Label"]["Instances"], expected["Label"]["Instances"], strict=True):
            box, ratio = instance["BoundingBox"], original["BoundingBox"]
            assert box == {
                "Width": round(ratio["Width"] * 640), "Left": round(ratio["Left"] * 640),
                "Height": round(ratio["Height"] * 360), "Top": round(ratio["Top"] * 360),
            }
            boxes += 1
        assert {**item["Label"], "Instances": []} == {**expected["Label"], "Instances": []}
    assert boxes > 0


def test_fault_confidence_as_string(clean: Backend) -> None:
    with backend("confidence-as-string") as faulty:
        got = faulty.items(faulty.job(), MaxResults=50)
    want = clean.items(clean.job(), MaxResults=50)
    for item, expected in zip(got, want, strict=True):
        assert item["Label"]["Confidence"] == repr(expected["Label"]["Confidence"])
        assert float(item["Label"]["Confidence"]) == expected["Label"]["Confidence"]


def test_the_fault_modules_are_in_the_package() -> None:
    package = Path(__file__).resolve().parents[2] / "reference" / "faults"
    modules = {path.stem for path in package.glob("*.py")} - {"__init__", "base"}
    assert {"common", "labels"} <= modules

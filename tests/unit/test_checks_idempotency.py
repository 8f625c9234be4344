"""Tests of IDEMPOTENCY.SAME_JOB."""

from __future__ import annotations

from rekognition_conformance.checks.idempotency import check_same_job
from tests.unit.label_factory import START_REQUEST, error, exchange


def start(job_id: str | None) -> object:
    return exchange({"JobId": job_id} if job_id else {}, request=START_REQUEST, operation="StartLabelDetection")


def test_the_same_job_id_passes():
    assert check_same_job(start("job-1"), start("job-1")) == []


def test_a_new_job_id_is_reported_with_both_ids():
    found = check_same_job(start("job-1"), start("job-2"))
    assert [v.rule_id for v in found] == ["IDEMPOTENCY.SAME_JOB"]
    assert found[0].pointer == "/JobId"
    assert found[0].offending == '"job-2"'
    assert "'job-1'" in found[0].message
    assert found[0].operation == "StartLabelDetection"
    assert found[0].request == START_REQUEST


def test_a_repeat_without_job_id_or_refused_is_reported():
    assert [v.rule_id for v in check_same_job(start("job-1"), start(None))] == ["IDEMPOTENCY.SAME_JOB"]
    refused = error("IdempotentParameterMismatchException")
    found = check_same_job(start("job-1"), refused)
    assert [v.rule_id for v in found] == ["IDEMPOTENCY.SAME_JOB"]
    assert "IdempotentParameterMismatchException" in found[0].message


def test_nothing_is_judged_when_the_first_start_failed():
    assert check_same_job(error("ThrottlingException", status=500), start("job-2")) == []

"""GetLabelDetection: rejection of unknown jobs, foreign tokens, bad parameters and unsigned requests."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from conformance.checks import errors
from conformance.strategies import invalid_requests, mutations
from conformance.suite.common import GET_LABELS, WELL_FORMED_UNKNOWN_JOB_ID, judge_error

pytestmark = [pytest.mark.family("labels"), pytest.mark.jobs("labels.long")]

TEMPLATE: dict[str, Any] = {
    "JobId": "placeholder",
    "MaxResults": 5,
    "SortBy": "TIMESTAMP",
    "AggregateBy": "TIMESTAMPS",
}
GET_MUTATIONS = mutations(GET_LABELS, TEMPLATE)


def test_unknown_job_is_rejected(clients, verdict):
    answer = clients.rekognition.call(GET_LABELS, {"JobId": WELL_FORMED_UNKNOWN_JOB_ID})
    verdict.check(errors.check_rejected, answer, rule_id="ERRORS.UNKNOWN_JOB")
    verdict.check(errors.check_error_type, answer, {"ResourceNotFoundException"}, rule_id="ERRORS.UNKNOWN_JOB.TYPE")
    judge_error(verdict, answer)


@pytest.mark.parametrize("token", ["not-a-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="])
def test_garbage_next_token_is_rejected(token, finished, clients, verdict):
    run = finished("labels.long")
    answer = clients.rekognition.call(GET_LABELS, {"JobId": run.job_id, "NextToken": token})
    verdict.check(errors.check_rejected, answer, rule_id="ERRORS.BAD_TOKEN")
    verdict.check(
        errors.check_error_type, answer, {"InvalidPaginationTokenException"}, rule_id="ERRORS.BAD_TOKEN.TYPE"
    )
    judge_error(verdict, answer)


def _judge_rejection(verdict, exchange) -> None:
    verdict.check(errors.check_rejected, exchange, rule_id="ERRORS.INVALID_PARAMETER")
    verdict.check(
        errors.check_error_type, exchange, {"InvalidParameterException"}, rule_id="ERRORS.INVALID_PARAMETER.TYPE"
    )
    judge_error(verdict, exchange)


@pytest.mark.parametrize("mutation", GET_MUTATIONS, ids=[f"{m.member}-{m.constraint}" for m in GET_MUTATIONS])
def test_each_constraint_violation_is_rejected(mutation, finished, clients, verdict):
    request = mutation.apply({**TEMPLATE, "JobId": finished("labels.long").job_id})
    _judge_rejection(verdict, clients.raw.send(GET_LABELS, request))


@given(mutation=invalid_requests(GET_LABELS, TEMPLATE))
def test_drawn_constraint_violations_are_rejected(mutation, finished, clients, verdict):
    request = mutation.apply({**TEMPLATE, "JobId": finished("labels.long").job_id})
    _judge_rejection(verdict, clients.raw.send(GET_LABELS, request))
    verdict.assert_clean()


UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]


@pytest.mark.parametrize(("signing", "rule_id"), UNAUTHENTICATED)
def test_unauthenticated_get_is_rejected(signing, rule_id, finished, clients, verdict):
    answer = clients.raw.send(GET_LABELS, {"JobId": finished("labels.long").job_id}, signing=signing)
    verdict.check(errors.check_rejected, answer, rule_id=rule_id)

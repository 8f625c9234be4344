"""How a fuzzed answer is judged: by the suite's own checks, so findings carry the suite's rule ids.

Schemathesis's checks map onto the project's rules, and the project's check functions do the judging
(the same messages, the same levels, one report):

=============================  ==========================================================================
schemathesis check             rules (check function)
=============================  ==========================================================================
not_a_server_error             ERRORS.INVALID_PARAMETER for invalid input (``check_rejected``); for valid
                               input a 5xx must be a documented server fault: ERRORS.DOCUMENTED and
                               ERRORS.HTTP_STATUS (``check_error_documented``, ``check_error_status``)
response_schema_conformance    SCHEMA.RESPONSE, SCHEMA.VALUES, SCHEMA.UNDECLARED (``check_response_schema``);
                               SCHEMA.ERROR_BODY (``check_error_body``)
content_type_conformance       PROTOCOL.CONTENT_TYPE (``check_content_type``)
negative_data_rejection        ERRORS.INVALID_PARAMETER, ERRORS.INVALID_PARAMETER.TYPE (InvalidParameterException;
                               SerializationException too for a body that is not a JSON object); a member the
                               model does not declare is no constraint violation (``breaks_a_constraint``)
positive_data_acceptance       ERRORS.DOCUMENTED, ERRORS.HTTP_STATUS
=============================  ==========================================================================

Acceptance of valid input is judged by the documented errors, never by a 2xx: a schema-valid request
naming a job or an S3 object that does not exist is rightly refused (ResourceNotFoundException,
InvalidS3ObjectException), and AWS documents constraints the model cannot express (InvalidParameterException
for valid-looking values), so a documented client error with its documented status is an acceptable answer.
"""

from __future__ import annotations

from typing import Any

from rekognition_conformance.answers import judge_response
from rekognition_conformance.checks import bind, errors
from rekognition_conformance.checks.schema import is_undeclared
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.fuzz.cases import body_of
from rekognition_conformance.spec.schemas import validator
from rekognition_conformance.verdict import Verdict

# A body that is not a JSON object cannot be read as the operation's input at all: an AWS JSON 1.1 service
# refuses it while deserializing, before any constraint is checked, with the common SerializationException.
UNREADABLE_BODY_ERRORS = frozenset({"InvalidParameterException", "SerializationException"})


def expected_rejections(body: Any) -> frozenset[str]:
    """The error types that report an invalid request ``body`` as what it is (ERRORS.INVALID_PARAMETER.TYPE).

    ``body`` None stands for no body as well as for JSON null, so it is not known to be an object.
    """
    return frozenset({"InvalidParameterException"}) if isinstance(body, dict) else UNREADABLE_BODY_ERRORS


def breaks_a_constraint(operation: str, body: Any) -> bool:
    """Whether the request body breaks a constraint of the input schema that a backend must refuse.

    A member the model does not declare is not such a constraint: neither the model nor the documentation
    says that unknown members are refused, and JSON 1.1 services ignore them (``{"": null}`` sent to
    ListCollections is rightly answered 200). Every other schema error is, as is a body that is not an object.
    """
    document = {} if body is None else body
    return any(not is_undeclared(error) for error in validator(operation, "input").iter_errors(document))


def judge(verdict: Verdict, exchange: Exchange, *, invalid: bool, body: Any) -> None:
    """Every answer's checks; for an invalid request, also that it was refused as a constraint violation.

    ``body`` is the request body as drawn: whether it is a JSON object decides the expected error type.
    """
    judge_response(verdict, exchange)
    if invalid:
        verdict.check(bind(errors.check_rejected, "ERRORS.INVALID_PARAMETER"), exchange)
        verdict.check(
            bind(errors.check_error_type, "ERRORS.INVALID_PARAMETER.TYPE"),
            exchange,
            expected_rejections(body),
        )


def judge_case(verdict: Verdict, operation: str, case: Any, exchange: Exchange) -> None:
    body = body_of(case)
    judge(verdict, exchange, invalid=breaks_a_constraint(operation, body), body=body)

"""Checks on error answers: that a request is refused, with which error type, and with which status.

``check_rejected`` and ``check_error_type`` declare no rule: the same judgement serves many rules (invalid
parameters, unknown jobs, bad tokens, unsigned requests, idempotency mismatches...), and each use binds it
to one with ``rekognition_conformance.checks.bind``. A rule pair such as ERRORS.INVALID_PARAMETER (refused at all) and
ERRORS.INVALID_PARAMETER.TYPE (refused with the right type) uses one function each; a single rule that
names the type uses both with the same id, and the two never report the same defect twice.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from rekognition_conformance.checks import Violation, check, generic
from rekognition_conformance.checks.items import excerpt
from rekognition_conformance.exchange import Exchange

# Errors any AWS JSON service may return although no operation's model lists them.
COMMON_ERRORS: frozenset[str] = frozenset(
    {
        "AccessDeniedException",
        "IncompleteSignature",
        "InternalFailure",
        "InvalidAction",
        "InvalidClientTokenId",
        "InvalidParameterCombination",
        "InvalidParameterValue",
        "InvalidQueryParameter",
        "MalformedQueryString",
        "MissingAction",
        "MissingAuthenticationToken",
        "MissingAuthenticationTokenException",
        "MissingParameter",
        "NotAuthorized",
        "OptInRequired",
        "RequestExpired",
        "ServiceUnavailable",
        "ThrottlingException",
        "ValidationError",
        "ValidationException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "UnknownOperationException",
        "SerializationException",
    }
)

# The common errors AWS lists with a 5xx status; every other common error is a client fault.
COMMON_SERVER_FAULTS: frozenset[str] = frozenset({"InternalFailure", "ServiceUnavailable"})

# Where an awsJson1_1 error body names its type, in the order clients look.
TYPE_MEMBERS = ("__type", "code")

def type_member(body: Any) -> str | None:
    """The member that names the error type in an error body (``__type`` or ``code``), or None."""
    if not isinstance(body, dict):
        return None
    for name in TYPE_MEMBERS:
        if isinstance(body.get(name), str) and body[name]:
            return name
    return None


def _type_pointer(ex: Exchange) -> str:
    """Where the error type was read from, including the ``Code`` fallback Exchange accepts."""
    body = ex.body
    if isinstance(body, dict):
        for name in (*TYPE_MEMBERS, "Code"):
            if isinstance(body.get(name), str) and body[name]:
                return "/" + name
    return ""


@check("ERRORS.DOCUMENTED")
def check_error_documented(ex: Exchange, *, documented: Collection[str] | None = None) -> list[Violation]:
    """The error type is one the operation documents or a common AWS error.

    ``documented`` defaults to ``rekognition_conformance.spec.schemas.documented_errors(op)``. A body without a type is
    left to SCHEMA.ERROR_BODY.
    """
    name = ex.error_code
    if ex.ok or not name:
        return []
    if documented is None:
        documented = _documented(ex.operation)
    if name in documented or name in COMMON_ERRORS:
        return []
    return [
        Violation(
            "ERRORS.DOCUMENTED",
            ex.operation,
            f"Expected an error type documented for {ex.operation} ({', '.join(sorted(documented)) or 'none'}) "
            f"or a common AWS error; found {name!r}.",
            ex.request,
            _type_pointer(ex),
            excerpt(name),
        )
    ]


@check("ERRORS.HTTP_STATUS")
def check_error_status(
    ex: Exchange,
    statuses: Mapping[str, int | Collection[int]],
    *,
    documented: Collection[str] | None = None,
    is_server_fault: Callable[[str, str], bool] | None = None,
) -> list[Violation]:
    """The HTTP status is the one documented for the error type, or at least of its fault class.

    ``statuses`` maps error types to their documented status, or to every documented status where AWS's
    pages disagree (``rekognition_conformance.spec.rules.error_statuses()``). For other types the model decides between
    4xx (client fault) and 5xx (server fault); ``documented`` and ``is_server_fault`` default to
    ``rekognition_conformance.spec.schemas``. An undocumented, uncommon type has no knowable status: ERRORS.DOCUMENTED
    reports it instead.
    """
    name = ex.error_code
    if ex.ok or not name:
        return []
    if name in statuses:
        allowed = statuses[name]
        allowed = (allowed,) if isinstance(allowed, int) else tuple(allowed)
        if ex.status in allowed:
            return []
        return [_status_violation(ex, name, " or ".join(map(str, allowed)))]
    if documented is None:
        documented = _documented(ex.operation)
    if name in documented:
        server = (is_server_fault or _model_server_fault)(ex.operation, name)
    elif name in COMMON_ERRORS:
        server = name in COMMON_SERVER_FAULTS
    else:
        return []
    low = 500 if server else 400
    if low <= ex.status < low + 100:
        return []
    return [_status_violation(ex, name, f"{low // 100}xx, as {name} is a {'server' if server else 'client'} fault")]


def _status_violation(ex: Exchange, name: str, expected: str) -> Violation:
    return Violation(
        "ERRORS.HTTP_STATUS",
        ex.operation,
        f"Expected HTTP status {expected} for error type {name!r}; found HTTP {ex.status}.",
        ex.request,
        _type_pointer(ex),
        excerpt({"status": ex.status, "type": name}),
    )


# The model is imported on first use so that callers passing their own data need no schemas on disk.
def _documented(operation: str) -> tuple[str, ...]:
    from rekognition_conformance.spec.schemas import documented_errors

    return documented_errors(operation)


def _model_server_fault(operation: str, name: str) -> bool:
    from rekognition_conformance.spec.schemas import is_server_fault

    return is_server_fault(operation, name)


@generic()
def check_rejected(ex: Exchange, *, rule_id: str) -> list[Violation]:
    """The request was refused with a client error: HTTP 4xx and a body naming the error type."""
    if 400 <= ex.status < 500:
        if type_member(ex.body) is not None:
            return []
        found = f"HTTP {ex.status} whose body names no error type in __type or code"
    elif ex.ok:
        found = f"HTTP {ex.status}: the request was accepted"
    elif ex.status >= 500:
        found = f"HTTP {ex.status} ({ex.error_code or 'no error type'}), a server error instead"
    else:
        found = f"HTTP {ex.status}, which is not an error status"
    body = ex.body
    return [
        Violation(
            rule_id,
            ex.operation,
            f"Expected the request to be rejected with a client error (HTTP 4xx and an AWS error body); found {found}.",
            ex.request,
            "",
            excerpt(body if body is not None else ex.raw.decode("utf-8", "replace")),
        )
    ]


def _is_typed_error(ex: Exchange, *_args: Any, **_kwargs: Any) -> bool:
    return not ex.ok and bool(ex.error_code)


@generic(applies=_is_typed_error)
def check_error_type(ex: Exchange, expected: Collection[str], *, rule_id: str) -> list[Violation]:
    """The error type is one of ``expected``.

    Only error answers that name a type are judged: an accepted request, or an error without a type,
    is what :func:`check_rejected` reports.
    """
    name = ex.error_code
    if not _is_typed_error(ex) or name in expected:
        return []
    return [
        Violation(
            rule_id,
            ex.operation,
            f"Expected error type {' or '.join(sorted(expected))}; found {name!r} (HTTP {ex.status}).",
            ex.request,
            _type_pointer(ex),
            excerpt(name),
        )
    ]

"""Checks on error responses: the shape of the error body, its type, and its HTTP status."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from conformance.checks import Violation, check
from conformance.checks.items import excerpt
from conformance.exchange import Exchange

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
    """The member that names the error type in an error body, or None when there is none."""
    if not isinstance(body, dict):
        return None
    for name in TYPE_MEMBERS:
        if isinstance(body.get(name), str) and body[name]:
            return name
    return None


def _where_type(ex: Exchange) -> str:
    body = ex.body
    for name in (*TYPE_MEMBERS, "Code"):
        if isinstance(body, dict) and name in body:
            return "/" + name
    return ""


@check("SCHEMA.ERROR_BODY")
def check_error_body(ex: Exchange) -> list[Violation]:
    """A non-2xx body is a JSON object naming the error type in ``__type`` or ``code``, with a message."""
    if ex.ok:
        return []
    body = ex.body

    def breach(found: str, where: str, value: Any) -> list[Violation]:
        return [
            Violation(
                "SCHEMA.ERROR_BODY",
                ex.operation,
                f"Expected the HTTP {ex.status} body to be a JSON object with a string __type (or code) "
                f"and a string Message (or message); {found}.",
                ex.request,
                where,
                excerpt(value),
            )
        ]

    if not isinstance(body, dict):
        return breach("found a body that is not a JSON object", "", ex.raw.decode("utf-8", "replace"))
    if type_member(body) is None:
        return breach("found no string __type or code member", "/__type", body)
    message = body.get("Message", body.get("message"))
    if not isinstance(message, str):
        return breach("found no string message", "/Message", body)
    return []


@check("ERRORS.DOCUMENTED")
def check_documented_error(ex: Exchange, *, documented: Collection[str] | None = None) -> list[Violation]:
    """The error type is one the operation documents or a common AWS error.

    ``documented`` defaults to ``spec.schemas.documented_errors(op)``. A body without a type is left to
    SCHEMA.ERROR_BODY.
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
            f"The error type {name!r} is neither documented for {ex.operation} "
            f"({', '.join(sorted(documented)) or 'none'}) nor a common AWS error.",
            ex.request,
            _where_type(ex),
            excerpt(name),
        )
    ]


@check("ERRORS.HTTP_STATUS")
def check_http_status(
    ex: Exchange,
    statuses: Mapping[str, int],
    *,
    documented: Collection[str] | None = None,
    is_server_fault: Callable[[str, str], bool] | None = None,
) -> list[Violation]:
    """The HTTP status matches the error type's documented status, or at least its fault class.

    ``statuses`` gives exact statuses by error type. For other types the model decides between 4xx
    (client fault) and 5xx (server fault); ``documented`` and ``is_server_fault`` default to
    ``spec.schemas``. An undocumented, uncommon type has no knowable status: ERRORS.DOCUMENTED
    reports it instead.
    """
    name = ex.error_code
    if ex.ok or not name:
        return []
    if name in statuses:
        if ex.status == statuses[name]:
            return []
        return [_status_violation(ex, name, str(statuses[name]))]
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
    return [_status_violation(ex, name, f"{low // 100}xx ({'server' if server else 'client'} fault)")]


def _status_violation(ex: Exchange, name: str, expected: str) -> Violation:
    return Violation(
        "ERRORS.HTTP_STATUS",
        ex.operation,
        f"Expected HTTP status {expected} for error type {name!r}; found HTTP {ex.status}.",
        ex.request,
        _where_type(ex),
        excerpt({"status": ex.status, "type": name}),
    )


# The model is imported on first use so that callers passing their own data need no schemas on disk.
def _documented(operation: str) -> tuple[str, ...]:
    from spec.schemas import documented_errors

    return documented_errors(operation)


def _model_server_fault(operation: str, name: str) -> bool:
    from spec.schemas import is_server_fault

    return is_server_fault(operation, name)

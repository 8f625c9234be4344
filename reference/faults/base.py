"""What a fault is, and how its wrappers are wired into one reference server.

A fault makes the reference backend break exactly one documented rule, in a small, realistic way, so
that the kill matrix can show the conformance suite catches it. Faults sit at the protocol boundary
and leave the backend's own modules alone:

* an *operation* fault wraps the handlers of some operations. It sees the validated request
  parameters and the result (or the :class:`ServiceError`) and may rewrite either, or call the real
  handler more than once (to read ahead, or to read a whole listing and page it differently);
* an *endpoint* fault wraps the Rekognition endpoint's HTTP exchange (``Request -> Response``): the
  status, the headers, the raw body, and what reaches authentication and validation.

Wrappers are built per server when it starts, so any state a fault keeps (read counters, caches)
belongs to that server alone. Handlers run on the server's request threads: state is kept under a lock.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.pagination import page_size
from rekognition_conformance.reference.protocol import ServiceError
from rekognition_conformance.reference.wire import Request, Response
from rekognition_conformance.spec.operations import FAMILIES, GROUPS, expand

if TYPE_CHECKING:
    from rekognition_conformance.reference.rekognition import RekognitionEndpoint

Handle = Callable[[Request], Response]
HandlerWrapper = Callable[[str, Handler], Handler]
EndpointWrapper = Callable[[Handle, "RekognitionEndpoint"], Handle]
# Edits, in place, of a private copy of a request's parameters or of a result.
ParamsChange = Callable[[str, dict[str, Any]], object]
ResultChange = Callable[[str, dict[str, Any], dict[str, Any]], object]

# The family of a fault in behaviour every family shares (errors, authentication, pagination...).
COMMON = "common"

# The member holding the items of each Get operation's results, as the API reference names it.
ITEMS_MEMBER: Mapping[str, str] = {
    "GetLabelDetection": "Labels",
    "GetFaceDetection": "Faces",
    "GetCelebrityRecognition": "Celebrities",
    "GetContentModeration": "ModerationLabels",
    "GetPersonTracking": "Persons",
    "GetFaceSearch": "Persons",
    "GetSegmentDetection": "Segments",
    "GetTextDetection": "TextDetections",
}


@dataclass(frozen=True)
class Fault:
    """One named deviation from the rule ``rule`` (an id of ``spec/rules/*.yaml``).

    ``family`` is the family of ``rekognition_conformance.spec.operations.FAMILIES`` whose behaviour it changes, or
    ``common``. ``operations`` (names or groups such as ``@video-get``) are the operations whose handlers ``handler``
    wraps; operations the server does not serve are skipped. ``gap`` marks a fault the suite is known not to catch by
    its rule, and says why.
    """

    name: str
    rule: str
    family: str
    description: str
    operations: tuple[str, ...] = ()
    handler: HandlerWrapper | None = None
    endpoint: EndpointWrapper | None = None
    gap: str | None = None

    def __post_init__(self) -> None:
        if self.handler is None and self.endpoint is None:
            raise ValueError(f"fault {self.name!r} changes nothing: give it a handler or an endpoint wrapper")
        if self.handler is not None and not self.operations:
            raise ValueError(f"fault {self.name!r} wraps handlers but names no operations")
        if self.family != COMMON and self.family not in FAMILIES:
            raise ValueError(f"fault {self.name!r}: unknown family {self.family!r}")
        unknown = [op for op in self.operations if op.startswith("@") and op not in GROUPS]
        if unknown:
            raise ValueError(f"fault {self.name!r}: unknown operation groups {unknown}")


def wrap_operations(operations: Mapping[str, Handler], faults: Iterable[Fault]) -> dict[str, Handler]:
    """A copy of ``operations`` with each fault's handler wrapper around the operations it names."""
    wrapped = dict(operations)
    for fault in faults:
        if fault.handler is None:
            continue
        for operation in expand(fault.operations):
            # A family this backend does not serve yet has nothing to wrap.
            if operation in wrapped:
                wrapped[operation] = fault.handler(operation, wrapped[operation])
    return wrapped


def wrap_endpoint(handle: Handle, endpoint: RekognitionEndpoint, faults: Iterable[Fault]) -> Handle:
    """``handle`` with each fault's endpoint wrapper around it."""
    for fault in faults:
        if fault.endpoint is not None:
            handle = fault.endpoint(handle, endpoint)
    return handle


# --- building blocks for operation faults -------------------------------------------------------------


def items_member(operation: str) -> str:
    return ITEMS_MEMBER[operation]


def succeeded(result: Mapping[str, Any]) -> bool:
    return result.get("JobStatus") == "SUCCEEDED"


def rewrite_params(change: ParamsChange) -> HandlerWrapper:
    """A wrapper that lets ``change(operation, params)`` edit a private copy of the parameters in place."""

    def wrap(operation: str, inner: Handler) -> Handler:
        def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
            mine = copy.deepcopy(params)
            change(operation, mine)
            return inner(context, mine)

        return handler

    return wrap


def rewrite_result(change: ResultChange) -> HandlerWrapper:
    """A wrapper that lets ``change(operation, params, result)`` edit a private copy of the result in place.

    The copy is deep: handlers share parts of a result with the job store (the echoed Video), and a
    fault must never change what the backend remembers.
    """

    def wrap(operation: str, inner: Handler) -> Handler:
        def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
            result = copy.deepcopy(inner(context, params))
            change(operation, params, result)
            return result

        return handler

    return wrap


def replace_error(code: str, answer: Callable[[str, dict[str, Any], ServiceError], dict[str, Any]]) -> HandlerWrapper:
    """A wrapper that answers ``answer(operation, params, error)`` where the handler raised error ``code``.

    ``answer`` may return a result (the error becomes a success) or raise another ServiceError.
    """

    def wrap(operation: str, inner: Handler) -> Handler:
        def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
            try:
                return inner(context, params)
            except ServiceError as error:
                if error.code != code:
                    raise
                return answer(operation, params, error)

        return handler

    return wrap


def result_items(operation: str, result: Mapping[str, Any]) -> list[Any]:
    """The items list of a Get result (the list itself, so a caller may edit it), or [] if it has none."""
    items = result.get(items_member(operation))
    return items if isinstance(items, list) else []


def metadata_records(result: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Each VideoMetadata object of a result: one for most operations, a list for GetSegmentDetection."""
    metadata = result.get("VideoMetadata")
    records = metadata if isinstance(metadata, list) else [metadata]
    yield from (record for record in records if isinstance(record, dict))


def without(params: Mapping[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key not in names}


class Counter:
    """Thread-safe counts by key, for faults that behave differently on a repeated request."""

    def __init__(self) -> None:
        self._counts: dict[Any, int] = {}
        self._lock = threading.Lock()

    def bump(self, key: Any) -> int:
        """Count one more ``key`` and return how many there were before."""
        with self._lock:
            before = self._counts.get(key, 0)
            self._counts[key] = before + 1
            return before

    def get(self, key: Any) -> int:
        with self._lock:
            return self._counts.get(key, 0)


def remember_then_change(
    first: str,
    key_of: Callable[[dict[str, Any], dict[str, Any]], Any],
    change: Callable[[dict[str, Any], dict[str, Any], set[Any]], object],
) -> HandlerWrapper:
    """A wrapper for two operations: ``first`` records ``key_of(params, result)`` (unless None); every other
    operation it wraps has ``change(params, result, keys)`` edit a private copy of its result.

    For a fault that shows in one answer because of an earlier request (a Get for a job started without a
    filter, a Describe after an update). The keys are JobIds or names, unique to the server that made them.
    """
    keys: set[Any] = set()
    lock = threading.Lock()

    def wrap(operation: str, inner: Handler) -> Handler:
        def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
            result = inner(context, params)
            if operation == first:
                key = key_of(params, result)
                if key is not None:
                    with lock:
                        keys.add(key)
                return result
            with lock:
                known = set(keys)
            result = copy.deepcopy(result)
            change(params, result, known)
            return result

        return handler

    return wrap


RELIST_TOKEN_PREFIX = "rc-fault-relist-"


def relist(
    reorder: Callable[[str, dict[str, Any], list[Any]], list[Any]],
    when: Callable[[dict[str, Any]], bool],
) -> HandlerWrapper:
    """A wrapper that serves a Get's items in the order ``reorder(operation, params, items)`` gives them.

    For requests where ``when(params)`` holds, the real handler's whole listing is read (pages of
    1000, the same parameters), reordered once, and paged again with tokens of the wrapper's own
    (``rc-fault-relist-<offset>``). Any other token goes to the real handler, which rejects it as before.
    """

    def wrap(operation: str, inner: Handler) -> Handler:
        member = items_member(operation)
        listings: dict[str, tuple[dict[str, Any], list[Any]]] = {}
        lock = threading.Lock()

        def read(context: ServiceContext, params: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
            base = without(params, "NextToken", "MaxResults")
            key = repr(sorted(base.items()))
            with lock:
                if key in listings:
                    return listings[key]
            first = inner(context, base)
            items = list(first.get(member) or [])
            following = first.get("NextToken") if succeeded(first) else None
            while following:
                page = inner(context, {**base, "NextToken": following})
                items += page.get(member) or []
                following = page.get("NextToken")
            listing = (first, reorder(operation, params, items) if succeeded(first) else items)
            if succeeded(first):
                with lock:
                    listings[key] = listing
            return listing

        def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
            token = params.get("NextToken")
            if not when(params) or (token and not token.startswith(RELIST_TOKEN_PREFIX)):
                return inner(context, params)
            offset = 0
            if token:
                try:
                    offset = int(token[len(RELIST_TOKEN_PREFIX) :])
                except ValueError:
                    raise ServiceError("InvalidPaginationTokenException", "Invalid Token") from None
            first, ordered = read(context, params)
            if not succeeded(first):
                return first
            end = offset + page_size(params.get("MaxResults"))
            result = {**without(first, "NextToken"), member: ordered[offset:end]}
            if end < len(ordered):
                result["NextToken"] = f"{RELIST_TOKEN_PREFIX}{end}"
            return result

        return handler

    return wrap


# --- building blocks for endpoint faults --------------------------------------------------------------


def error_body(response: Response) -> dict[str, Any] | None:
    """The JSON error body of a non-2xx response, or None."""
    if 200 <= response.status < 300:
        return None
    try:
        body = json.loads(response.body)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def with_body(response: Response, body: Mapping[str, Any], status: int | None = None) -> Response:
    """``response`` with a new JSON body (and status), every header kept."""
    raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(status if status is not None else response.status, dict(response.headers), raw)


def rewrite_response(change: Callable[[Request, Response], Response]) -> EndpointWrapper:
    """An endpoint wrapper that passes every response through ``change(request, response)``."""

    def wrap(handle: Handle, endpoint: RekognitionEndpoint) -> Handle:
        def serve(request: Request) -> Response:
            return change(request, handle(request))

        return serve

    return wrap


def rewrite_errors(code: str, change: Callable[[dict[str, Any], Response], Response]) -> EndpointWrapper:
    """An endpoint wrapper that passes each error response of type ``code`` through ``change(body, response)``."""

    def rewrite(request: Request, response: Response) -> Response:
        body = error_body(response)
        if body is None or body.get("__type") != code:
            return response
        return change(body, response)

    return rewrite_response(rewrite)

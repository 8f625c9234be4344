"""Faults in the behaviour every video family shares: pagination, errors, authentication, idempotency,
echoes, job lifecycle, VideoMetadata, the response schema and the wire format.

They wrap every Get (or Start) operation the server serves, so a family that lands later is covered
without a new entry; the label suite is what currently exercises them.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from rekognition_conformance.reference import protocol, sigv4
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.faults.base import (
    COMMON,
    Counter,
    EndpointWrapper,
    Fault,
    Handle,
    error_body,
    items_member,
    metadata_records,
    replace_error,
    result_items,
    rewrite_errors,
    rewrite_params,
    rewrite_response,
    rewrite_result,
    succeeded,
    with_body,
    without,
)
from rekognition_conformance.reference.pagination import MAX_RESULTS_CAP, page_size
from rekognition_conformance.reference.protocol import INTERNAL_ERROR_MESSAGE, ServiceError
from rekognition_conformance.reference.validation import validate
from rekognition_conformance.reference.wire import Request, Response
from rekognition_conformance.spec.operations import expand

if TYPE_CHECKING:
    from rekognition_conformance.reference.rekognition import RekognitionEndpoint

GET = ("@video-get",)
START = ("@video-start",)

# --- pagination ---------------------------------------------------------------------------------------


def _drop_last_item(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    items = result_items(operation, result)
    if result.get("NextToken") and items:
        items.pop()


def _boundary_repeats(operation: str, inner: Handler) -> Handler:
    # The token handed out points one item back, so the next page starts with this page's last item.
    def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        result = inner(context, params)
        size = page_size(params.get("MaxResults"))
        if result.get("NextToken") and size > 1:
            shorter = inner(context, {**params, "MaxResults": size - 1})
            result = {**result, "NextToken": shorter["NextToken"]}
        return result

    return handler


def _empty_token_at_end(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if succeeded(result) and "NextToken" not in result:
        result["NextToken"] = ""


EMPTY_PAGE_TOKEN = "rc-fault-empty-page"


def _token_to_empty_page(operation: str, inner: Handler) -> Handler:
    def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("NextToken") == EMPTY_PAGE_TOKEN:
            result = dict(inner(context, without(params, "NextToken")))
            result.pop("NextToken", None)
            result[items_member(operation)] = []
            return result
        result = inner(context, params)
        if succeeded(result) and not result.get("NextToken"):
            result = {**result, "NextToken": EMPTY_PAGE_TOKEN}
        return result

    return handler


def _one_more(operation: str, params: dict[str, Any]) -> None:
    if params.get("MaxResults") is not None and params["MaxResults"] < MAX_RESULTS_CAP:
        params["MaxResults"] += 1


def _one_fewer(operation: str, params: dict[str, Any]) -> None:
    if params.get("MaxResults") is not None and params["MaxResults"] > 1:
        params["MaxResults"] -= 1


def _bad_token_is_internal(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    raise ServiceError("InternalServerError", INTERNAL_ERROR_MESSAGE)


def _bad_token_wrong_type(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    raise ServiceError("InvalidParameterException", "NextToken is not valid.")


# --- errors -------------------------------------------------------------------------------------------


def _unknown_job_succeeds(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    return {"JobStatus": "SUCCEEDED", "JobId": params["JobId"], items_member(operation): []}


def _unknown_job_wrong_type(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    raise ServiceError("InvalidParameterException", f"JobId {params.get('JobId')} is not valid.")


def _missing_object_accepted(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    return {"JobId": secrets.token_hex(32)}


_VALIDATION_MESSAGE = re.compile(r"^\d+ validation errors? detected")


def _unvalidated(handle: Handle, endpoint: RekognitionEndpoint) -> Handle:
    # A request the schema validation refused is run by the handler anyway, as by a backend that
    # never validates: the handler accepts it, or trips over it (a 5xx).
    def serve(request: Request) -> Response:
        response = handle(request)
        body = error_body(response)
        if (
            body is None
            or body.get("__type") != "InvalidParameterException"
            or not _VALIDATION_MESSAGE.match(str(body.get("Message", "")))
        ):
            return response
        request_id = response.headers.get("x-amzn-RequestId", protocol.new_request_id())
        try:
            operation = protocol.operation_from_target(request.header("x-amz-target"), endpoint.operations)
            result = endpoint.operations[operation](endpoint.context, protocol.decode_body(request.body))
        except ServiceError as error:
            return protocol.failure(error, request_id)
        except Exception:
            return protocol.failure(ServiceError("InternalServerError", INTERNAL_ERROR_MESSAGE), request_id)
        return protocol.success(result, request_id)

    return serve


ErrorChange = Callable[[dict[str, Any], Response], Response]


def _renamed(new_type: str) -> ErrorChange:
    def change(body: dict[str, Any], response: Response) -> Response:
        return with_body(response, {**body, "__type": new_type})

    return change


def _status(status: int) -> ErrorChange:
    def change(body: dict[str, Any], response: Response) -> Response:
        return with_body(response, body, status)

    return change


def _client_errors_as_500(request: Request, response: Response) -> Response:
    if 400 <= response.status < 500 and error_body(response) is not None:
        return Response(500, dict(response.headers), response.body)
    return response


def _untyped_errors(request: Request, response: Response) -> Response:
    body = error_body(response)
    if body is None:
        return response
    return with_body(response, {"message": body.get("Message", "")})


def _html(request: Request, response: Response) -> Response:
    return Response(response.status, {**response.headers, "Content-Type": "text/html; charset=utf-8"}, response.body)


# The body a web framework's catch-all exception handler writes, instead of an AWS error.
FRAMEWORK_CRASH_BODY = {"message": "Internal server error"}


def _notification_channel_crashes(handle: Handle, endpoint: RekognitionEndpoint) -> Handle:
    # Publishing job completions to SNS was never finished: a signed, schema-valid Start request that names
    # a NotificationChannel raises before the job is created, and the exception escapes the service's error
    # mapping to the framework's catch-all handler. Every other request is served as before. The behavioural
    # suite sends a NotificationChannel only as a constraint violation (a real backend would publish to SNS).
    starts = frozenset(expand(START))

    def crashes(request: Request) -> bool:
        try:
            sigv4.verify(request, service="rekognition", region=endpoint.region, credentials=endpoint.credentials)
            operation = protocol.operation_from_target(request.header("x-amz-target"), endpoint.operations)
            params = protocol.decode_body(request.body)
            validate(operation, params)
        except (sigv4.AuthFailure, ServiceError):
            return False
        return request.method == "POST" and operation in starts and "NotificationChannel" in params

    def serve(request: Request) -> Response:
        if not crashes(request):
            return handle(request)
        crash = ServiceError("InternalServerError", INTERNAL_ERROR_MESSAGE)
        return with_body(protocol.failure(crash, protocol.new_request_id()), FRAMEWORK_CRASH_BODY)

    return serve


# --- authentication -----------------------------------------------------------------------------------

_SIGNATURE_HEADERS = frozenset({"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"})


def _signed_for_the_server(request: Request, endpoint: RekognitionEndpoint) -> Request:
    """``request`` signed again with the server's own key, as if its signature had been checked."""
    access_key, secret_key = next(iter(endpoint.credentials.items()))
    headers = {name: value for name, value in request.headers if name.lower() not in _SIGNATURE_HEADERS}
    signed = AWSRequest(
        method=request.method,
        url=f"http://{request.header('host') or 'localhost'}{request.target}",
        data=request.body,
        headers=headers,
    )
    SigV4Auth(Credentials(access_key, secret_key), "rekognition", endpoint.region).add_auth(signed)
    return Request.build(request.method, request.target, signed.headers.items(), request.body)


def _accept_signatures(*, unsigned: bool) -> EndpointWrapper:
    def wrap(handle: Handle, endpoint: RekognitionEndpoint) -> Handle:
        def serve(request: Request) -> Response:
            if (request.header("authorization") is None) == unsigned:
                request = _signed_for_the_server(request, endpoint)
            return handle(request)

        return serve

    return wrap


# --- idempotency --------------------------------------------------------------------------------------


def _forget_token(operation: str, params: dict[str, Any]) -> None:
    params.pop("ClientRequestToken", None)


def _mismatch_starts_anew(operation: str, inner: Handler) -> Handler:
    def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return inner(context, params)
        except ServiceError as error:
            if error.code != "IdempotentParameterMismatchException":
                raise
            return inner(context, without(params, "ClientRequestToken"))

    return handler


# --- echoes -------------------------------------------------------------------------------------------


def _drop_job_tag(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    result.pop("JobTag", None)


def _upper_job_tag(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if isinstance(result.get("JobTag"), str):
        result["JobTag"] = result["JobTag"].upper()


def _upper_job_id(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if isinstance(result.get("JobId"), str):
        result["JobId"] = result["JobId"].upper()


def _video_path(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    s3_object = (result.get("Video") or {}).get("S3Object")
    if isinstance(s3_object, dict) and "Name" in s3_object:
        s3_object["Name"] = f"{s3_object.get('Bucket')}/{s3_object['Name']}"


def _sort_by_stuck(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    metadata = result.get("GetRequestMetadata")
    if isinstance(metadata, dict) and "SortBy" in metadata:
        metadata["SortBy"] = "TIMESTAMP"


# --- lifecycle ----------------------------------------------------------------------------------------


def _drifting_results(operation: str, inner: Handler) -> Handler:
    # Every complete re-reading of a finished job (the same parameters, from the first page) returns
    # one item fewer on its first page than the reading before, as if the model ran again on each read.
    readings = Counter()

    def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        result = inner(context, params)
        if not succeeded(result) or params.get("NextToken"):
            return result
        earlier = readings.bump(repr(sorted(params.items())))
        items = result_items(operation, result)
        if not earlier or not items:
            return result
        return {**result, items_member(operation): items[: max(0, len(items) - earlier)]}

    return handler


def _drop_status_message(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if result.get("JobStatus") == "FAILED":
        result.pop("StatusMessage", None)


def _succeeded_flickers(operation: str, inner: Handler) -> Handler:
    # The read after the first SUCCEEDED answer says IN_PROGRESS once (without results), then the job
    # reads SUCCEEDED again.
    answers = Counter()

    def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        result = inner(context, params)
        if not succeeded(result) or answers.bump(params["JobId"]) != 1:
            return result
        return {
            **{k: v for k, v in result.items() if k in ("JobId", "Video", "JobTag", "GetRequestMetadata")},
            "JobStatus": "IN_PROGRESS",
        }

    return handler


def _lowercase_status(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if isinstance(result.get("JobStatus"), str):
        result["JobStatus"] = result["JobStatus"].lower()


# --- VideoMetadata and schema -------------------------------------------------------------------------


def _swap_dimensions(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for record in metadata_records(result):
        if "FrameWidth" in record and "FrameHeight" in record:
            record["FrameWidth"], record["FrameHeight"] = record["FrameHeight"], record["FrameWidth"]


def _duration_in_seconds(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for record in metadata_records(result):
        if isinstance(record.get("DurationMillis"), int):
            record["DurationMillis"] //= 1000


def _frame_rate_doubled(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for record in metadata_records(result):
        if isinstance(record.get("FrameRate"), int | float):
            record["FrameRate"] *= 2


def _codec_is_container(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for record in metadata_records(result):
        if "Codec" in record:
            record["Codec"] = str(record.get("Format", "mp4")).lower()


def _frame_rate_as_string(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for record in metadata_records(result):
        if isinstance(record.get("FrameRate"), int | float):
            record["FrameRate"] = f"{record['FrameRate']:g}"


def _color_range_spelt_out(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for record in metadata_records(result):
        if isinstance(record.get("ColorRange"), str):
            record["ColorRange"] = f"{record['ColorRange']}_RANGE"


def _result_count(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if succeeded(result):
        result["ResultCount"] = len(result_items(operation, result))


FAULTS: tuple[Fault, ...] = (
    # pagination
    Fault("page-drops-last-item", "PAGINATION.COMPLETE", COMMON,
          "every page followed by a NextToken loses its last item (an off-by-one slice)",
          GET, handler=rewrite_result(_drop_last_item)),
    Fault("boundary-item-repeats", "PAGINATION.COMPLETE", COMMON,
          "the NextToken points one item back, so each page repeats the previous page's last item",
          GET, handler=_boundary_repeats),
    Fault("next-token-never-returned", "PAGINATION.TOKEN", COMMON,
          "no page carries a NextToken, so a listing ends after its first page",
          GET, handler=rewrite_result(lambda op, params, result: result.pop("NextToken", None))),
    Fault("empty-token-on-last-page", "PAGINATION.EMPTY_TOKEN", COMMON,
          "the last page carries NextToken \"\" instead of none",
          GET, handler=rewrite_result(_empty_token_at_end)),
    Fault("token-to-empty-page", "PAGINATION.TRAILING_TOKEN", COMMON,
          "the last page carries a NextToken that leads to one more, empty page",
          GET, handler=_token_to_empty_page),
    Fault("page-size-off-by-one", "PAGINATION.PAGE_SIZE", COMMON,
          "a page holds MaxResults + 1 items",
          GET, handler=rewrite_params(_one_more)),
    Fault("pages-one-short", "PAGINATION.FULL_PAGES", COMMON,
          "pages hold MaxResults - 1 items although more follow",
          GET, handler=rewrite_params(_one_fewer)),
    Fault("metadata-first-page-only", "VIDEO_METADATA.EVERY_PAGE", COMMON,
          "VideoMetadata is sent on the first page only",
          GET, handler=rewrite_result(
              lambda op, params, result: result.pop("VideoMetadata", None) if params.get("NextToken") else None)),
    # errors
    Fault("bad-token-server-error", "ERRORS.BAD_TOKEN", COMMON,
          "a NextToken the backend never issued is answered InternalServerError (HTTP 500)",
          GET, handler=replace_error("InvalidPaginationTokenException", _bad_token_is_internal)),
    Fault("bad-token-wrong-type", "ERRORS.BAD_TOKEN.TYPE", COMMON,
          "a NextToken the backend never issued is answered InvalidParameterException",
          GET, handler=replace_error("InvalidPaginationTokenException", _bad_token_wrong_type)),
    Fault("unknown-job-succeeds", "ERRORS.UNKNOWN_JOB", COMMON,
          "a Get for a JobId no job has is answered HTTP 200, JobStatus SUCCEEDED with no results",
          GET, handler=replace_error("ResourceNotFoundException", _unknown_job_succeeds)),
    Fault("unknown-job-wrong-type", "ERRORS.UNKNOWN_JOB.TYPE", COMMON,
          "a Get for a JobId no job has is answered InvalidParameterException",
          GET, handler=replace_error("ResourceNotFoundException", _unknown_job_wrong_type)),
    Fault("unknown-job-undocumented-type", "ERRORS.DOCUMENTED", COMMON,
          "a Get for a JobId no job has is answered with the undocumented error type JobNotFoundException",
          endpoint=rewrite_errors("ResourceNotFoundException", _renamed("JobNotFoundException"))),
    Fault("unknown-job-http-404", "ERRORS.HTTP_STATUS", COMMON,
          "ResourceNotFoundException is sent with HTTP 404, REST style, instead of 400",
          endpoint=rewrite_errors("ResourceNotFoundException", _status(404))),
    Fault("client-errors-as-500", "ERRORS.HTTP_STATUS", COMMON,
          "every client error (HTTP 4xx) is sent with HTTP 500",
          endpoint=rewrite_response(_client_errors_as_500)),
    Fault("constraint-violations-accepted", "ERRORS.INVALID_PARAMETER", COMMON,
          "requests are not validated against the model: the handler runs on any parameters",
          endpoint=_unvalidated),
    Fault("validation-error-type", "ERRORS.INVALID_PARAMETER.TYPE", COMMON,
          "constraint violations are answered ValidationException instead of InvalidParameterException",
          endpoint=rewrite_errors("InvalidParameterException", _renamed("ValidationException"))),
    Fault("missing-s3-object-accepted", "ERRORS.S3_OBJECT", COMMON,
          "a Start naming an S3 object that does not exist returns a JobId",
          START, handler=replace_error("InvalidS3ObjectException", _missing_object_accepted)),
    Fault("error-body-without-type", "SCHEMA.ERROR_BODY", COMMON,
          "error bodies carry only a message, no __type",
          endpoint=rewrite_response(_untyped_errors)),
    Fault("notification-channel-crashes", "SCHEMA.ERROR_BODY", COMMON,
          "a valid Start request naming a NotificationChannel (only the fuzz layer sends one) crashes: HTTP 500 "
          'with the web framework\'s body {"message": "Internal server error"}, no __type',
          endpoint=_notification_channel_crashes),
    Fault("unsigned-accepted", "ERRORS.UNSIGNED", COMMON,
          "requests without a SigV4 signature are served",
          endpoint=_accept_signatures(unsigned=True)),
    Fault("bad-signature-accepted", "ERRORS.BAD_SIGNATURE", COMMON,
          "the signature of a signed request is not verified (the key id is all that counts)",
          endpoint=_accept_signatures(unsigned=False)),
    # idempotency
    Fault("same-token-new-job", "IDEMPOTENCY.SAME_JOB", COMMON,
          "ClientRequestToken is ignored: a repeated Start starts a new job",
          START, handler=rewrite_params(_forget_token)),
    Fault("token-mismatch-accepted", "IDEMPOTENCY.MISMATCH", COMMON,
          "a ClientRequestToken reused with other parameters starts a new job",
          START, handler=_mismatch_starts_anew),
    # echoes
    Fault("job-tag-dropped", "ECHO.PRESENT", COMMON,
          "Get responses omit the JobTag of the Start request",
          GET, handler=rewrite_result(_drop_job_tag)),
    Fault("job-tag-altered", "ECHO.JOB_TAG", COMMON,
          "Get responses echo the JobTag upper-cased",
          GET, handler=rewrite_result(_upper_job_tag)),
    Fault("job-id-altered", "ECHO.JOB_ID", COMMON,
          "Get responses echo the JobId upper-cased",
          GET, handler=rewrite_result(_upper_job_id)),
    Fault("video-echo-altered", "ECHO.VIDEO", COMMON,
          "Get responses echo the S3 object name prefixed with its bucket",
          GET, handler=rewrite_result(_video_path)),
    Fault("request-metadata-sort-stuck", "ECHO.REQUEST_METADATA", COMMON,
          "GetRequestMetadata reports SortBy TIMESTAMP whatever the request asked for",
          GET, handler=rewrite_result(_sort_by_stuck)),
    # lifecycle
    Fault("results-drift", "LIFECYCLE.STABLE", COMMON,
          "each complete re-reading of a finished job returns one item fewer",
          GET, handler=_drifting_results),
    Fault("failed-without-message", "LIFECYCLE.FAILED_MESSAGE", COMMON,
          "a FAILED job carries no StatusMessage",
          GET, handler=rewrite_result(_drop_status_message)),
    Fault("succeeded-flickers-in-progress", "LIFECYCLE.STATUS", COMMON,
          "the read after a job's first SUCCEEDED answer says IN_PROGRESS once",
          GET, handler=_succeeded_flickers),
    Fault("job-status-lowercase", "SCHEMA.RESPONSE", COMMON,
          "JobStatus is sent in lower case (succeeded, failed, in_progress)",
          GET, handler=rewrite_result(_lowercase_status)),
    # VideoMetadata
    Fault("frame-dimensions-swapped", "VIDEO_METADATA.DIMENSIONS", COMMON,
          "VideoMetadata swaps FrameWidth and FrameHeight",
          GET, handler=rewrite_result(_swap_dimensions)),
    Fault("duration-in-seconds", "VIDEO_METADATA.DURATION", COMMON,
          "VideoMetadata DurationMillis is given in seconds",
          GET, handler=rewrite_result(_duration_in_seconds)),
    Fault("frame-rate-doubled", "VIDEO_METADATA.FRAME_RATE", COMMON,
          "VideoMetadata FrameRate counts fields, twice the frame rate",
          GET, handler=rewrite_result(_frame_rate_doubled)),
    Fault("codec-is-container", "VIDEO_METADATA.CODEC", COMMON,
          "VideoMetadata Codec names the container (mp4) instead of the codec",
          GET, handler=rewrite_result(_codec_is_container)),
    # schema and wire format
    Fault("frame-rate-as-string", "SCHEMA.RESPONSE", COMMON,
          "VideoMetadata FrameRate, a float, is sent as a JSON string",
          GET, handler=rewrite_result(_frame_rate_as_string)),
    Fault("color-range-misspelt", "SCHEMA.VALUES", COMMON,
          "VideoMetadata ColorRange is sent as FULL_RANGE / LIMITED_RANGE, outside its enum",
          GET, handler=rewrite_result(_color_range_spelt_out)),
    Fault("undeclared-member", "SCHEMA.UNDECLARED", COMMON,
          "Get responses of finished jobs carry an undeclared ResultCount member",
          GET, handler=rewrite_result(_result_count)),
    Fault("content-type-html", "PROTOCOL.CONTENT_TYPE", COMMON,
          "responses are labelled Content-Type text/html",
          endpoint=rewrite_response(_html)),
)

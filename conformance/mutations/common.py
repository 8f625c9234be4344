"""Mutations of the rules every family shares: pagination, errors, schema, metadata and echoes."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.judge.sources import Chain
from rekognition_conformance.mutations.base import Mutation
from rekognition_conformance.mutations.edits import Pages, job_succeeded, successful

LISTINGS = ("@video-get", "ListCollections", "ListFaces", "ListStreamProcessors")


def _paged(chain: Chain) -> bool:
    return successful(chain) and len(chain.pages) > 1


def _token_repeated(pages: Pages) -> bool:
    # The last page hands out the first page's NextToken again: following the tokens never ends.
    token = pages.bodies[0].get("NextToken")
    if not isinstance(token, str) or not token:
        return False
    pages.bodies[-1]["NextToken"] = token
    return True


def _overfull_page(pages: Pages) -> bool:
    # The first item of the second page is moved onto the first: that page holds MaxResults + 1 items.
    limit = pages.original.request.get("MaxResults")
    first, second = pages.items_of(0), pages.items_of(1)
    if not isinstance(limit, int) or len(first) != limit or not second:
        return False
    first.append(second.pop(0))
    return True


def _error(chain: Chain) -> bool:
    return len(chain.pages) == 1 and not chain.pages[0].ok and isinstance(chain.pages[0].body, dict)


def _client_error_as_server_error(pages: Pages) -> bool:
    if pages.statuses[0] >= 500:
        return False
    pages.statuses[0] = 500
    return True


def _undocumented_type(pages: Pages) -> bool:
    pages.bodies[0]["__type"] = "UnknownJobException"
    return True


def _no_type(pages: Pages) -> bool:
    body = pages.bodies[0]
    had = body.pop("__type", None) is not None or body.pop("code", None) is not None
    return had


def _metadata_off_later_page(pages: Pages) -> bool:
    return pages.bodies[-1].pop("VideoMetadata", None) is not None


def _job_status_as_number(pages: Pages) -> bool:
    # A member changes type: the enum JobStatus sent as a number.
    pages.bodies[0]["JobStatus"] = 1
    return True


def _other_job(pages: Pages) -> bool:
    body = pages.bodies[0]
    if not isinstance(body.get("JobId"), str):
        return False
    body["JobId"] = body["JobId"][::-1] + "0"
    return True


def _started(chain: Chain) -> bool:
    return job_succeeded(chain) and bool(chain.start_request) and chain.sent


def _other_tag(pages: Pages) -> bool:
    body = pages.bodies[0]
    if not isinstance(body.get("JobTag"), str):
        return False
    body["JobTag"] += "-other"
    return True


def _other_bucket(pages: Pages) -> bool:
    s3 = (pages.bodies[0].get("Video") or {}).get("S3Object")
    if not isinstance(s3, dict) or not isinstance(s3.get("Bucket"), str):
        return False
    s3["Bucket"] += "-other"
    return True


def _default_sort_changed(pages: Pages) -> bool:
    # The Get request leaves SortBy to its default (TIMESTAMP), and the answer says NAME was used.
    metadata: Any = pages.bodies[0].get("GetRequestMetadata")
    if "SortBy" in pages.original.request or not isinstance(metadata, dict):
        return False
    metadata["SortBy"] = "NAME"
    return True


MUTATIONS: tuple[Mutation, ...] = (
    Mutation("next-token-repeated", "PAGINATION.TOKEN",
             "the last page repeats the first page's NextToken, so following the tokens loops", LISTINGS,
             _token_repeated, _paged),
    Mutation("item-moved-to-earlier-page", "PAGINATION.PAGE_SIZE",
             "the first item of the second page is served on the first, which then exceeds MaxResults",
             LISTINGS, _overfull_page, _paged),
    Mutation("client-error-sent-as-500", "ERRORS.HTTP_STATUS",
             "an error answered with HTTP 500 instead of its documented status", ("@all",),
             _client_error_as_server_error, _error),
    Mutation("error-type-undocumented", "ERRORS.DOCUMENTED",
             "an error's __type is one the operation does not document", ("@all",), _undocumented_type, _error),
    Mutation("error-type-dropped", "SCHEMA.ERROR_BODY",
             "an error body without __type", ("@all",), _no_type, _error),
    Mutation("job-status-type-changed", "SCHEMA.RESPONSE",
             "JobStatus sent as a number instead of a string", ("@video-get",), _job_status_as_number,
             job_succeeded),
    Mutation("video-metadata-dropped-on-last-page", "VIDEO_METADATA.EVERY_PAGE",
             "the last page of a SUCCEEDED job's results carries no VideoMetadata", ("@video-get",),
             _metadata_off_later_page, lambda c: job_succeeded(c) and len(c.pages) > 1),
    Mutation("job-id-echo-changed", "ECHO.JOB_ID",
             "the Get answer names another JobId than the request's", ("@video-get",), _other_job, _started),
    Mutation("job-tag-echo-changed", "ECHO.JOB_TAG",
             "the Get answer's JobTag is not the Start request's", ("@video-get",), _other_tag, _started),
    Mutation("video-echo-changed", "ECHO.VIDEO",
             "the Get answer's Video names another bucket than the Start request's", ("@video-get",),
             _other_bucket, _started),
    Mutation("request-metadata-default-changed", "ECHO.REQUEST_METADATA",
             "GetRequestMetadata says SortBy NAME for a request that left SortBy to its default TIMESTAMP",
             ("GetLabelDetection", "GetContentModeration"), _default_sort_changed, _started),
)

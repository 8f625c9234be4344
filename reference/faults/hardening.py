"""Faults of the wire rather than of the model: response bodies that are not JSON, or JSON cut short.

They hit only the later pages of a video Get listing (requests that carry a NextToken): the job pool's
polling reads first pages, so jobs still finish, and the suite must judge the broken page by its rule
(SCHEMA.RESPONSE) instead of crashing on it.
"""

from __future__ import annotations

import json

from rekognition_conformance.reference.faults.base import COMMON, Fault, rewrite_response
from rekognition_conformance.reference.wire import Request, Response

GET = ("@video-get",)
NOT_JSON = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


def _later_page(request: Request, response: Response) -> bool:
    if response.status != 200:
        return False
    try:
        params = json.loads(request.body or b"{}")
    except ValueError:
        return False
    return isinstance(params, dict) and bool(params.get("NextToken"))


def _not_json(request: Request, response: Response) -> Response:
    if not _later_page(request, response):
        return response
    return Response(response.status, dict(response.headers), NOT_JSON)


def _truncated(request: Request, response: Response) -> Response:
    if not _later_page(request, response):
        return response
    return Response(response.status, dict(response.headers), response.body[: len(response.body) // 2])


FAULTS = (
    Fault("later-pages-not-json", "SCHEMA.RESPONSE", COMMON,
          "Get pages after the first (requests with a NextToken) answer an HTML body with HTTP 200",
          endpoint=rewrite_response(_not_json)),
    Fault("later-pages-truncated", "SCHEMA.RESPONSE", COMMON,
          "Get pages after the first answer their JSON cut in half (Content-Length matching the cut body)",
          endpoint=rewrite_response(_truncated)),
)

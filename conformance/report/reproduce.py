"""A shell command that sends a violation's request again: the AWS CLI where it can express it, else curl.

The CLI command names each top-level member as the CLI does (botocore's kebab-case of the member name):
scalars as plain values, structures and lists as JSON. A request the CLI would refuse or rewrite (one that
breaks the operation's input model, names members outside it, or is not a JSON object at all) becomes a
``curl --aws-sigv4`` line carrying the exact body. Nothing secret is ever written: the endpoint, the region
and the credentials are references to the standard AWS environment variables, expanded by the shell.

A Get request names the JobId the run used: its command reproduces the answer only while that job's results
exist on the backend. A request the run sent unsigned or signed with a wrong secret on purpose is reproduced
the same way (the violation records how it was signed).
"""

from __future__ import annotations

import base64
import functools
import json
import shlex
from typing import Any

import botocore.session
from botocore.model import OperationNotFoundError, ServiceModel, Shape
from botocore.validate import ParamValidator

from rekognition_conformance.clients import JSON_CONTENT_TYPE, TARGET_PREFIX

ENDPOINT = '"$AWS_ENDPOINT_URL_REKOGNITION"'
REGION = '"$AWS_REGION"'
CREDENTIALS = '"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"'
# A request the run signed with a wrong secret on purpose: the right key id, any other secret.
WRONG_SECRET = '"$AWS_ACCESS_KEY_ID:wrong-secret"'
# Temporary credentials need their token; the header is left out when the variable is unset.
SESSION_TOKEN = '${AWS_SESSION_TOKEN:+-H "X-Amz-Security-Token: $AWS_SESSION_TOKEN"}'
# The request markers of bodies that were not a JSON object (rekognition_conformance.clients.RawSender, the fuzz layer).
RAW_MARKERS = ("raw", "body")
# The CLI reads a parameter value starting with these from a file or a URL instead of sending it.
PARAMFILE_PREFIXES = ("file://", "fileb://", "http://", "https://")
SCALARS = {"string": str, "integer": int, "long": int, "float": (int, float), "double": (int, float),
           "boolean": bool}


@functools.cache
def _model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("rekognition")


@functools.cache
def _paginated(operation: str) -> bool:
    try:
        botocore.session.get_session().get_paginator_model("rekognition").get_paginator(operation)
    except ValueError:
        return False
    return True


def _input_shape(operation: str) -> Shape | None:
    try:
        return _model().operation_model(operation).input_shape
    except OperationNotFoundError:
        return None


def _expressible(operation: str, request: Any) -> bool:
    """Whether the CLI sends exactly ``request``: a JSON object that its (validating) client accepts."""
    shape = _input_shape(operation)
    if shape is None or not isinstance(request, dict):
        return False
    if ParamValidator().validate(request, shape).has_errors() or _holds_bytes(request):
        return False
    return not any(isinstance(v, str) and v.startswith(PARAMFILE_PREFIXES) for v in request.values())


def _holds_bytes(value: Any) -> bool:
    # A blob (IndexFaces' Image.Bytes) goes to the CLI as a file (fileb://), not as text on its command line.
    if isinstance(value, bytes | bytearray):
        return True
    if isinstance(value, dict):
        return any(_holds_bytes(v) for v in value.values())
    return isinstance(value, list) and any(_holds_bytes(v) for v in value)


def _option(name: str, value: Any, shape: Shape) -> list[str]:
    flag = "--" + botocore.xform_name(name, "-")
    if shape.type_name == "boolean":
        return [flag if value else "--no-" + flag[2:]]
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    # A value starting with a dash would read as an option: attach it to its flag.
    return [f"{flag}={text}"] if text.startswith("-") else [flag, text]


def cli_command(operation: str, request: dict[str, Any]) -> str:
    """The ``aws rekognition`` command sending ``request`` (which must be CLI-expressible)."""
    shape = _input_shape(operation)
    assert shape is not None
    words = ["aws", "rekognition", botocore.xform_name(operation, "-")]
    for name, value in request.items():
        words += _option(name, value, shape.members[name])
    if _paginated(operation):
        words.append("--no-paginate")  # the CLI would otherwise follow NextToken and merge the pages
    return " ".join([*map(shlex.quote, words), "--region", REGION, "--endpoint-url", ENDPOINT])


def raw_body(request: Any) -> str:
    """The body as sent: a non-object body is kept under one marker member; an object is its JSON."""
    if isinstance(request, dict) and len(request) == 1:
        (name, value), = request.items()
        if name in RAW_MARKERS and isinstance(value, str):
            return value
    return json.dumps(request, default=_blob)


def _blob(value: Any) -> str:
    # The JSON protocol sends a blob (IndexFaces' Image.Bytes) as base64 text.
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def curl_command(operation: str, request: Any, signing: str = "valid") -> str:
    """A ``curl`` line sending the request's exact body (curl >= 7.75): SigV4-signed, or signed with a wrong
    secret, or not signed at all, as the request was sent."""
    if signing == "none":
        auth: list[str] = []
    else:
        user = CREDENTIALS if signing == "valid" else WRONG_SECRET
        auth = ["--aws-sigv4", '"aws:amz:$AWS_REGION:rekognition"', "--user", user, SESSION_TOKEN]
    return " ".join([
        "curl", "-sS", ENDPOINT, *auth, "-H", shlex.quote(f"X-Amz-Target: {TARGET_PREFIX}.{operation}"),
        "-H", shlex.quote(f"Content-Type: {JSON_CONTENT_TYPE}"), "--data-raw", shlex.quote(raw_body(request)),
    ])


def reproduce(operation: str, request: Any, signing: str = "valid") -> str | None:
    """The shell command sending the request again, or None when the violation carries no request. A request
    sent unsigned or with a wrong secret on purpose is reproduced the same way, by curl (the CLI always signs
    with the credentials it has)."""
    if request is None:
        return None
    if signing == "valid" and _expressible(operation, request):
        return cli_command(operation, request)
    return curl_command(operation, request, signing)

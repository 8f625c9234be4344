"""SigV4 for ``requests``: schemathesis sends through a ``requests`` session, signed by botocore's signer.

Only the headers botocore would sign for a JSON 1.1 call (Content-Type, X-Amz-Target, Host) are given
to the signer, so what ``requests`` adds later (User-Agent, Accept...) cannot break the signature.
"""

from __future__ import annotations

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SIGNED_HEADERS = ("content-type", "x-amz-target")
_ADDED = ("Authorization", "X-Amz-Date", "X-Amz-Security-Token")


class BotocoreSigV4(requests.auth.AuthBase):
    """A ``requests`` auth that signs each request with ``botocore.auth.SigV4Auth``."""

    def __init__(self, credentials: Credentials, region: str, service: str = "rekognition") -> None:
        self.credentials = credentials
        self.region = region
        self.service = service

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        signed = AWSRequest(
            method=request.method or "POST",
            url=request.url or "",
            data=body,
            headers={k: v for k, v in request.headers.items() if k.lower() in SIGNED_HEADERS},
        )
        SigV4Auth(self.credentials, self.service, self.region).add_auth(signed)
        for name in _ADDED:
            if name in signed.headers:
                request.headers[name] = signed.headers[name]
        return request


def signed_session(credentials: Credentials, region: str) -> requests.Session:
    session = requests.Session()
    session.auth = BotocoreSigV4(credentials, region)
    return session

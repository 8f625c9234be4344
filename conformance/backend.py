"""What a backend under test is to the harness: its name, region, endpoints and credentials.

A leaf module: the targets that make these (rekognition_conformance.targets, aws_target, moto_target), the clients and
the recorder all import it, and it imports none of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import botocore.session

DEFAULT_REGION = "us-east-1"


class TargetError(RuntimeError):
    """The target cannot be used as configured; the message says what to change."""


@dataclass
class Target:
    name: str
    region: str
    # Explicit endpoint per service; None lets botocore resolve it (environment or AWS's own).
    endpoints: dict[str, str | None]
    # Kept out of repr so that a traceback showing locals cannot print the secret.
    credentials: tuple[str, str] | None = field(default=None, repr=False)
    description: str = ""
    _server: Any = field(default=None, repr=False)

    @property
    def uses_custom_s3_endpoint(self) -> bool:
        return bool(self.endpoints.get("s3") or os.environ.get("AWS_ENDPOINT_URL_S3"))

    def session(self) -> botocore.session.Session:
        session = botocore.session.get_session()
        if self.credentials is not None:
            session.set_credentials(*self.credentials)
        return session

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def region_or_default(explicit: str | None) -> str:
    return explicit or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION

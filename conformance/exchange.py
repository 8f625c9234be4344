"""One HTTP exchange with a target: the request as sent and the backend's answer as received.

Checks judge the raw JSON body, not botocore's parsed dict: botocore silently drops members the
model does not declare and converts types, which would hide exactly the deviations a conformance
suite exists to find.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass
class Exchange:
    operation: str
    request: dict[str, Any]
    status: int
    raw: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # "valid", or how a deliberately unsigned ("none") or wrongly signed ("wrong-secret") request was sent.
    signing: str = "valid"

    # Decoded once: a page of a thousand items is read by many checks, and checks never modify what they judge.
    @cached_property
    def body(self) -> Any:
        """The response body decoded as JSON, or None when it is not JSON."""
        if not self.raw:
            return {} if self.ok else None
        try:
            return json.loads(self.raw)
        except (ValueError, UnicodeDecodeError):
            return None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error_code(self) -> str | None:
        """The AWS error type from ``__type`` (or ``code``), without any namespace prefix."""
        if self.ok:
            return None
        body = self.body
        if not isinstance(body, dict):
            return None
        code = body.get("__type") or body.get("code") or body.get("Code")
        if not isinstance(code, str):
            return None
        return code.rsplit("#", 1)[-1].split(":", 1)[0]

    @property
    def error_message(self) -> str | None:
        body = self.body
        if not isinstance(body, dict):
            return None
        msg = body.get("Message", body.get("message"))
        return msg if isinstance(msg, str) else None

    @property
    def content_type(self) -> str:
        for k, v in self.headers.items():
            if k.lower() == "content-type":
                return v
        return ""

    def items(self, member: str) -> list[Any]:
        """The list under ``member`` in a successful JSON body, or [] when absent or malformed."""
        body = self.body
        if isinstance(body, dict) and isinstance(body.get(member), list):
            return body[member]
        return []

    def describe(self, limit: int = 600) -> str:
        """A short, human-readable account of the exchange for failure messages."""
        req = json.dumps(self.request, sort_keys=True, default=str)
        raw = self.raw.decode("utf-8", "replace")
        if len(raw) > limit:
            raw = raw[:limit] + f"... ({len(self.raw)} bytes)"
        return f"{self.operation} request={req} -> HTTP {self.status} {raw}"

"""Sends fuzzed cases to the target, signed, and removes whatever a case created.

Answers come back as :class:`~rekognition_conformance.exchange.Exchange` (the raw status, headers and body), and
pass through the same observers as the suite's clients, so a backend that does not serve an operation
is reported as not implemented whichever test reached it first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests
from botocore.credentials import Credentials

from rekognition_conformance.clients import BackendUnreachable, Caller
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.fuzz.cases import CREATES, DELETES, body_of, headers
from rekognition_conformance.fuzz.signing import signed_session

Observer = Callable[[Exchange], None]
TIMEOUT = 60.0


@dataclass
class Fuzzer:
    endpoint_url: str
    region: str
    credentials: Credentials
    caller: Caller
    observers: Sequence[Observer] = ()
    # Names of resources a case created and the immediate delete did not remove (for the session's clean-up).
    leftovers: list[tuple[str, str]] = field(default_factory=list)
    _session: requests.Session | None = None

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            self._session = signed_session(self.credentials, self.region)
        return self._session

    def send(self, operation: str, case: Any) -> Exchange:
        try:
            response = case.call(base_url=self.endpoint_url, session=self.session, headers=headers(operation),
                                 timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise BackendUnreachable(f"{operation} to {self.endpoint_url} failed: {exc}") from exc
        body = body_of(case)
        exchange = Exchange(
            operation=operation,
            request=body if isinstance(body, dict) else {"body": json.dumps(body)},
            status=response.status_code,
            raw=response.content,
            headers={str(k): _header(v) for k, v in response.headers.items()},
        )
        for observe in self.observers:
            observe(exchange)
        if exchange.ok and operation in CREATES:
            self._remove(operation, body)
        return exchange

    def _remove(self, operation: str, body: Any) -> None:
        member = CREATES[operation]
        name = body.get(member) if isinstance(body, dict) else None
        if not isinstance(name, str):
            return
        answer = self.caller.call(DELETES[operation], {member: name})
        if not answer.ok:
            self.leftovers.append((operation, name))

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _header(value: Any) -> str:
    # Schemathesis's Response keeps each header as the list of its values.
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)

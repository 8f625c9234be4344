"""Clients for the target: botocore clients that keep the raw answer, and a raw JSON sender.

Clients are built with parameter validation off, so bad input reaches the backend and the backend's
answer is what is judged, and with botocore's standard retry mode. Every call returns an
:class:`~rekognition_conformance.exchange.Exchange` holding the backend's raw status, headers and body.

A throttled call (ThrottlingException, ProvisionedThroughputExceededException) that botocore's own
retries did not get through is sent again after a growing pause, so a request meant to draw a particular
error is judged on that error and never on the load it met. A backend that cannot be reached after the
retries is recorded on the shared :class:`Reachability`: every later call then fails at once with the
same message (no waiting out retries once per test), and the plugin ends the run with that one message.
Deliberately malformed requests (wrong JSON types, unsigned or wrongly signed requests) go through
:class:`RawSender`, which signs with botocore's own SigV4 signer but sends exactly the body it is given.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import botocore.exceptions
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.httpsession import URLLib3Session

from rekognition_conformance.backend import Target
from rekognition_conformance.exchange import Exchange

TARGET_PREFIX = "RekognitionService"
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
_CONNECTION_ERRORS = (
    botocore.exceptions.EndpointConnectionError,
    botocore.exceptions.ConnectionClosedError,
    botocore.exceptions.ReadTimeoutError,
    botocore.exceptions.ConnectTimeoutError,
)
THROTTLING_ERRORS = frozenset({"ThrottlingException", "ProvisionedThroughputExceededException"})
# botocore's standard mode already retries throttling 3 times; these rounds come on top, so a 20 % refusal
# rate is ridden out with certainty for practical purposes (0.2 ** 36 per call).
THROTTLE_ROUNDS = 8
THROTTLE_PAUSE = 0.2
THROTTLE_PAUSE_MAX = 5.0
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0


class HarnessError(RuntimeError):
    """A failure of the harness or of reaching the backend, as opposed to a contract violation."""


class BackendUnreachable(HarnessError):
    """The backend could not be reached (after botocore's retries); the message names endpoint, operation, cause."""


class BackendDown(botocore.exceptions.BotoCoreError):
    """Raised inside botocore once the backend is known to be unreachable; botocore does not retry it."""

    fmt = "{reason}"


class Reachability:
    """Whether the backend has been found unreachable, and the first message saying so (shared by clients)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failure: str | None = None

    def lost(self, message: str) -> BackendUnreachable:
        with self._lock:
            if self.failure is None:
                self.failure = message
        return BackendUnreachable(self.failure)

    def check(self) -> None:
        if self.failure is not None:
            raise BackendUnreachable(self.failure)

    def refuse_when_down(self, **_: Any) -> None:
        """A botocore ``before-send`` handler: no more waiting on an endpoint already known to be gone."""
        if self.failure is not None:
            raise BackendDown(reason=self.failure)


def _pause(round_: int) -> float:
    return min(THROTTLE_PAUSE * 2**round_, THROTTLE_PAUSE_MAX)


def _ride_out_throttling(send_once: Callable[[], Exchange], observers: Sequence[Observer]) -> Exchange:
    """Send again, after a growing pause, while the answer is throttling; then show the last answer to observers."""
    for round_ in range(THROTTLE_ROUNDS + 1):
        exchange = send_once()
        if exchange.error_code not in THROTTLING_ERRORS or round_ == THROTTLE_ROUNDS:
            break
        time.sleep(_pause(round_))
    for observe in observers:
        observe(exchange)
    return exchange


Observer = Callable[[Exchange], None]


def client_config(target: Target, service: str) -> Config:
    extra: dict[str, Any] = {}
    if service == "s3" and target.uses_custom_s3_endpoint:
        # Emulators and the reference backend live on one host name; virtual-hosted buckets would need DNS.
        extra["s3"] = {"addressing_style": "path"}
    return Config(
        parameter_validation=False,
        retries={"mode": "standard", "max_attempts": 4},
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        **extra,
    )


def make_client(target: Target, service: str, session: botocore.session.Session | None = None) -> Any:
    return (session or target.session()).create_client(
        service,
        region_name=target.region,
        endpoint_url=target.endpoints.get(service),
        config=client_config(target, service),
    )


class Caller:
    """Calls Rekognition operations through a botocore client and records each raw response."""

    def __init__(
        self, client: Any, observers: Sequence[Observer] = (), reachability: Reachability | None = None
    ) -> None:
        self.client = client
        self.observers = list(observers)
        self.reachability = reachability or Reachability()
        self._local = threading.local()
        client.meta.events.register("before-parse.rekognition", self._capture)

    @property
    def endpoint_url(self) -> str:
        return self.client.meta.endpoint_url

    def _capture(self, response_dict: dict, **_: Any) -> None:
        self._local.response = response_dict

    def call(self, operation: str, params: dict[str, Any]) -> Exchange:
        return _ride_out_throttling(lambda: self._call_once(operation, params), self.observers)

    def _call_once(self, operation: str, params: dict[str, Any]) -> Exchange:
        self.reachability.check()
        self._local.response = None
        method = getattr(self.client, botocore.xform_name(operation))
        try:
            method(**params)
        except _CONNECTION_ERRORS as exc:
            raise self.reachability.lost(
                f"backend unreachable: {operation} to {self.endpoint_url} failed after retries: {exc}"
            ) from exc
        except BackendDown:
            self.reachability.check()
            raise
        except botocore.exceptions.ClientError:
            pass  # the raw answer was captured; judging it is the checks' job
        except Exception:
            # A body botocore cannot parse (BotoCoreError), or one whose members break the output shape so that
            # its parser trips (AttributeError on an object where a list belongs): the raw answer was captured
            # before parsing, and judging it is the checks' job (SCHEMA.RESPONSE).
            if self._local.response is None:
                raise
        response = self._local.response
        if response is None:
            raise HarnessError(f"{operation}: no response was captured from {self.endpoint_url}")
        return Exchange(
            operation=operation,
            request=params,
            status=int(response["status_code"]),
            raw=bytes(response["body"] or b""),
            headers={str(k): str(v) for k, v in response["headers"].items()},
        )


Signing = Literal["valid", "none", "wrong-secret"]


@dataclass
class RawSender:
    """Sends a JSON 1.1 request with exactly the given body, signed as asked."""

    endpoint_url: str
    region: str
    credentials: Credentials = field(repr=False)
    observers: list[Observer] = field(default_factory=list)
    reachability: Reachability = field(default_factory=Reachability)

    def send(self, operation: str, body: Any, *, signing: Signing = "valid") -> Exchange:
        return _ride_out_throttling(lambda: self._send_once(operation, body, signing), self.observers)

    def _send_once(self, operation: str, body: Any, signing: Signing) -> Exchange:
        self.reachability.check()
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = AWSRequest(
            method="POST",
            url=self.endpoint_url.rstrip("/") + "/",
            data=data,
            headers={"X-Amz-Target": f"{TARGET_PREFIX}.{operation}", "Content-Type": JSON_CONTENT_TYPE},
        )
        if signing != "none":
            creds = self.credentials
            if signing == "wrong-secret":
                creds = Credentials(creds.access_key, "wrong" + creds.secret_key[5:], creds.token)
            SigV4Auth(creds, "rekognition", self.region).add_auth(request)
        session = URLLib3Session(timeout=(CONNECT_TIMEOUT, READ_TIMEOUT))
        try:
            response = session.send(request.prepare())
        except botocore.exceptions.HTTPClientError as exc:
            raise self.reachability.lost(
                f"backend unreachable: {operation} (raw request) to {self.endpoint_url} failed: {exc}"
            ) from exc
        finally:
            session.close()
        return Exchange(
            operation=operation,
            request=body if isinstance(body, dict) else {"raw": data.decode("utf-8", "replace")},
            status=response.status_code,
            raw=response.content,
            headers={str(k): str(v) for k, v in response.headers.items()},
            signing=signing,
        )


@dataclass
class Clients:
    rekognition: Caller
    s3: Any
    raw: RawSender


def make_clients(target: Target, observers: Sequence[Observer] = ()) -> Clients:
    session = target.session()
    credentials = session.get_credentials()
    if credentials is None:
        raise HarnessError("no AWS credentials resolved for the target")
    frozen = credentials.get_frozen_credentials()
    reachability = Reachability()
    rekognition = make_client(target, "rekognition", session)
    s3 = make_client(target, "s3", session)
    for client in (rekognition, s3):
        client.meta.events.register_first("before-send", reachability.refuse_when_down)
    return Clients(
        rekognition=Caller(rekognition, observers, reachability),
        s3=s3,
        raw=RawSender(
            endpoint_url=rekognition.meta.endpoint_url,
            region=target.region,
            credentials=Credentials(frozen.access_key, frozen.secret_key, frozen.token),
            observers=list(observers),
            reachability=reachability,
        ),
    )

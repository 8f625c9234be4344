"""Clients for the target: botocore clients that keep the raw answer, and a raw JSON sender.

Clients are built with parameter validation off, so bad input reaches the backend and the backend's
answer is what is judged, and with botocore's standard retry mode. Every call returns an
:class:`~conformance.exchange.Exchange` holding the backend's raw status, headers and body.
Deliberately malformed requests (wrong JSON types, unsigned or wrongly signed requests) go through
:class:`RawSender`, which signs with botocore's own SigV4 signer but sends exactly the body it is given.
"""

from __future__ import annotations

import json
import threading
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

from conformance.exchange import Exchange
from conformance.targets import Target

TARGET_PREFIX = "RekognitionService"
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
_CONNECTION_ERRORS = (
    botocore.exceptions.EndpointConnectionError,
    botocore.exceptions.ConnectionClosedError,
    botocore.exceptions.ReadTimeoutError,
    botocore.exceptions.ConnectTimeoutError,
)


class HarnessError(RuntimeError):
    """A failure of the harness or of reaching the backend, as opposed to a contract violation."""


class BackendUnreachable(HarnessError):
    pass


Observer = Callable[[Exchange], None]


def client_config(target: Target, service: str) -> Config:
    extra: dict[str, Any] = {}
    if service == "s3" and target.uses_custom_s3_endpoint:
        # Emulators and the reference backend live on one host name; virtual-hosted buckets would need DNS.
        extra["s3"] = {"addressing_style": "path"}
    return Config(
        parameter_validation=False,
        retries={"mode": "standard", "max_attempts": 4},
        connect_timeout=10,
        read_timeout=60,
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

    def __init__(self, client: Any, observers: Sequence[Observer] = ()) -> None:
        self.client = client
        self.observers = list(observers)
        self._local = threading.local()
        client.meta.events.register("before-parse.rekognition", self._capture)

    @property
    def endpoint_url(self) -> str:
        return self.client.meta.endpoint_url

    def _capture(self, response_dict: dict, **_: Any) -> None:
        self._local.response = response_dict

    def call(self, operation: str, params: dict[str, Any]) -> Exchange:
        self._local.response = None
        method = getattr(self.client, botocore.xform_name(operation))
        try:
            method(**params)
        except _CONNECTION_ERRORS as exc:
            raise BackendUnreachable(f"{operation} to {self.endpoint_url} failed: {exc}") from exc
        except botocore.exceptions.ClientError:
            pass  # the raw answer was captured; judging it is the checks' job
        except botocore.exceptions.BotoCoreError:
            # e.g. a body botocore cannot parse: the captured raw answer is still judged.
            if self._local.response is None:
                raise
        response = self._local.response
        if response is None:
            raise HarnessError(f"{operation}: no response was captured from {self.endpoint_url}")
        exchange = Exchange(
            operation=operation,
            request=params,
            status=int(response["status_code"]),
            raw=bytes(response["body"] or b""),
            headers={str(k): str(v) for k, v in response["headers"].items()},
        )
        for observe in self.observers:
            observe(exchange)
        return exchange


Signing = Literal["valid", "none", "wrong-secret"]


@dataclass
class RawSender:
    """Sends a JSON 1.1 request with exactly the given body, signed as asked."""

    endpoint_url: str
    region: str
    credentials: Credentials
    observers: list[Observer] = field(default_factory=list)

    def send(self, operation: str, body: Any, *, signing: Signing = "valid") -> Exchange:
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
        session = URLLib3Session(timeout=60)
        try:
            response = session.send(request.prepare())
        except botocore.exceptions.HTTPClientError as exc:
            raise BackendUnreachable(f"{operation} to {self.endpoint_url} failed: {exc}") from exc
        finally:
            session.close()
        exchange = Exchange(
            operation=operation,
            request=body if isinstance(body, dict) else {"raw": data.decode("utf-8", "replace")},
            status=response.status_code,
            raw=response.content,
            headers={str(k): str(v) for k, v in response.headers.items()},
        )
        for observe in self.observers:
            observe(exchange)
        return exchange


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
    rekognition = make_client(target, "rekognition", session)
    return Clients(
        rekognition=Caller(rekognition, observers),
        s3=make_client(target, "s3", session),
        raw=RawSender(
            endpoint_url=rekognition.meta.endpoint_url,
            region=target.region,
            credentials=Credentials(frozen.access_key, frozen.secret_key, frozen.token),
            observers=list(observers),
        ),
    )

"""A reference backend with botocore clients, for the tests of the collection, face search and stream processor
families: real HTTP, real SigV4 signing, and every answer checked against the operation's output schema."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore.exceptions
import botocore.session
from botocore.config import Config

from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.spec.schemas import validator

BUCKET = "collection-tests"
SESSION = botocore.session.get_session()


@dataclass
class Env:
    server: ReferenceServer
    rek: Any
    s3: Any

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """The answer to ``operation``, checked against its output schema (ResponseMetadata removed)."""
        method = getattr(self.rek, botocore.xform_name(operation))
        result = method(**params)
        result.pop("ResponseMetadata", None)
        # botocore turns timestamps into datetimes; the schema wants the epoch seconds of the wire.
        plain = {k: v.timestamp() if hasattr(v, "timestamp") else v for k, v in result.items()}
        validator(operation, "output").validate(plain)
        return result

    def error(self, operation: str, **params: Any) -> str:
        """The error type ``operation`` is refused with (fails if it is accepted)."""
        try:
            getattr(self.rek, botocore.xform_name(operation))(**params)
        except botocore.exceptions.ClientError as exc:
            return exc.response["Error"]["Code"]
        raise AssertionError(f"{operation} {params} was accepted")


@contextlib.contextmanager
def reference_env(**server_args: Any) -> Iterator[Env]:
    with ReferenceServer(**server_args) as server:
        rek, s3 = (
            SESSION.create_client(
                service,
                endpoint_url=server.endpoint_url,
                region_name=server.region,
                aws_access_key_id=REFERENCE_ACCESS_KEY,
                aws_secret_access_key=REFERENCE_SECRET_KEY,
                config=Config(retries={"mode": "standard"}, s3={"addressing_style": "path"}),
            )
            for service in ("rekognition", "s3")
        )
        s3.create_bucket(Bucket=BUCKET)
        yield Env(server, rek, s3)

"""Targets: where the suite sends its requests, and how to reach them.

``reference`` starts the bundled reference backend on a free loopback port for the session.
``endpoint`` reaches any backend through botocore's standard configuration only (AWS_ENDPOINT_URL_REKOGNITION,
AWS_ENDPOINT_URL_S3, AWS_REGION / AWS_DEFAULT_REGION, the usual credential chain), so a user points the suite
at a service exactly as they would point any AWS SDK at it.
``moto`` starts moto's server on a free loopback port (conformance/moto_target.py).
``aws`` is real Amazon Rekognition: billed, so guarded by ``--allow-billable`` (conformance/aws_target.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import botocore.session

from rekognition_conformance.backend import Target, TargetError, region_or_default

TARGET_NAMES = ("reference", "endpoint", "moto", "aws")
# The capabilities profile a target brings when --capabilities names none: AWS's own notices, for ``aws``.
PROFILES = {"aws": Path(__file__).parent / "profiles" / "aws.yaml"}


def default_profile(target: str | None) -> str | None:
    """The capabilities profile a target brings when ``--capabilities`` names none."""
    profile = PROFILES.get(target or "")
    return str(profile) if profile is not None else None


def reference_target(*, job_latency: float, region: str | None = None) -> Target:
    from rekognition_conformance.reference import stuck, throttle
    from rekognition_conformance.reference.faults import UnknownFault, from_environment
    from rekognition_conformance.reference.server import ReferenceServer

    # RC_REFERENCE_FAULTS switches on named contract deviations (reference/faults), for the kill matrix.
    try:
        server = ReferenceServer(job_latency=job_latency, region=region_or_default(region), faults=from_environment(),
                                 # RC_REFERENCE_THROTTLE / RC_REFERENCE_STUCK_JOBS: load and stuck jobs to ride out.
                                 **throttle.from_environment(), **stuck.from_environment())
    except UnknownFault as exc:
        raise TargetError(f"RC_REFERENCE_FAULTS: {exc}") from None
    except ValueError as exc:
        raise TargetError(str(exc)) from None
    server.start()
    access_key, secret_key = next(iter(server.credentials.items()))
    faults = f", faults: {', '.join(f.name for f in server.faults)}" if server.faults else ""
    faults += f", throttling {server.throttle.fraction:g}" if server.throttle.fraction else ""
    faults += f", stuck jobs: {', '.join(sorted(server.stuck_jobs))}" if server.stuck_jobs else ""
    return Target(
        name="reference",
        region=region_or_default(region),
        endpoints={"rekognition": server.endpoint_url, "s3": server.endpoint_url},
        credentials=(access_key, secret_key),
        description=f"bundled reference backend at {server.endpoint_url} (job latency {job_latency:g} s{faults})",
        _server=server,
    )


def endpoint_target(*, region: str | None = None) -> Target:
    # Without an endpoint botocore would resolve real AWS: billable, and without the cost guard of --target aws.
    if not (os.environ.get("AWS_ENDPOINT_URL_REKOGNITION") or os.environ.get("AWS_ENDPOINT_URL")):
        raise TargetError(
            "--target endpoint needs the backend's address in AWS_ENDPOINT_URL_REKOGNITION (or AWS_ENDPOINT_URL); "
            "neither is set. To run against real Amazon Rekognition, use --target aws (it estimates the cost and "
            "asks for --allow-billable)"
        )
    session = botocore.session.get_session()
    if session.get_credentials() is None:
        raise TargetError(
            "--target endpoint found no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(or a profile) for the backend under test"
        )
    rek = os.environ.get("AWS_ENDPOINT_URL_REKOGNITION") or os.environ.get("AWS_ENDPOINT_URL")
    s3 = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    return Target(
        name="endpoint",
        region=region_or_default(region),
        endpoints={"rekognition": None, "s3": None},
        credentials=None,
        description=f"{rek} (S3: {s3 or 'AWS S3'})",
    )


def declared_unsupported(name: str) -> dict[str, str]:
    """Families a target declares up front that it does not serve (family -> reason)."""
    if name == "moto":
        from rekognition_conformance.moto_target import declared_unsupported as moto_declares

        return moto_declares()
    return {}


def make_target(name: str, *, job_latency: float = 0.0, region: str | None = None) -> Target:
    if name == "reference":
        return reference_target(job_latency=job_latency, region=region)
    if name == "endpoint":
        return endpoint_target(region=region)
    if name == "moto":
        from rekognition_conformance.moto_target import moto_target

        return moto_target(region=region)
    if name == "aws":
        from rekognition_conformance.aws_target import aws_target

        return aws_target(region=region_or_default(region))
    raise TargetError(f"unknown target {name!r}; choose one of {', '.join(TARGET_NAMES)}")

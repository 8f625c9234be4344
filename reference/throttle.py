"""Injected throttling: the reference backend refuses a given fraction of Rekognition requests as AWS does
under load, so a harness can prove it rides out ThrottlingException and ProvisionedThroughputExceededException.

The refusals are drawn from a seeded generator, so a run with the same seed and the same request order is
refused at the same places. They are answered before authentication, as a front end that sheds load would,
with the HTTP statuses ``rekognition_conformance.reference.protocol.ERROR_STATUS`` gives (the ones spec/errors.yaml
documents). Switched on with ``ReferenceServer(throttle=0.2, throttle_seed=7)``, ``python -m
rekognition_conformance.reference --throttle 0.2`` or, for the conformance suite's ``reference`` target,
``RC_REFERENCE_THROTTLE=0.2`` (and ``RC_REFERENCE_THROTTLE_SEED``).
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Mapping
from typing import Any

from rekognition_conformance.reference import protocol
from rekognition_conformance.reference.protocol import ServiceError
from rekognition_conformance.reference.wire import Response

ENV_FRACTION = "RC_REFERENCE_THROTTLE"
ENV_SEED = "RC_REFERENCE_THROTTLE_SEED"
DEFAULT_SEED = 0
# Both are the throttling errors the Rekognition error-handling page lists; the account-level one is
# ProvisionedThroughputExceededException, the per-request-rate one ThrottlingException.
ERRORS = (
    ("ThrottlingException", "Rate exceeded"),
    (
        "ProvisionedThroughputExceededException",
        "The number of requests exceeded your throughput limit. Try your call again.",
    ),
)


class Throttle:
    """Decides, request by request, whether to refuse it; thread-safe and reproducible for one seed."""

    def __init__(self, fraction: float, seed: int = DEFAULT_SEED) -> None:
        if not 0.0 <= fraction < 1.0:
            raise ValueError(f"throttle fraction must be in [0, 1), not {fraction}")
        self.fraction = fraction
        self.seed = seed
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self.refused = 0
        self.seen = 0

    def refusal(self) -> Response | None:
        """The error answer for this request, or None to serve it."""
        if self.fraction <= 0.0:
            return None
        with self._lock:
            self.seen += 1
            if self._random.random() >= self.fraction:
                return None
            self.refused += 1
            code, message = ERRORS[self._random.randrange(len(ERRORS))]
        return protocol.failure(ServiceError(code, message), protocol.new_request_id())


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``ReferenceServer`` keyword arguments from RC_REFERENCE_THROTTLE / RC_REFERENCE_THROTTLE_SEED."""
    env = os.environ if environ is None else environ
    text = (env.get(ENV_FRACTION) or "").strip()
    if not text:
        return {}
    try:
        options: dict[str, Any] = {"throttle": float(text)}
        if (seed := (env.get(ENV_SEED) or "").strip()):
            options["throttle_seed"] = int(seed)
    except ValueError:
        raise ValueError(f"{ENV_FRACTION}/{ENV_SEED}: not a number: {text!r}") from None
    return options

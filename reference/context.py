"""What an operation handler is given: the server's shared state, and the handler signature.

Handlers are plain functions ``(context, params) -> result`` registered by operation name in
:mod:`rekognition_conformance.reference.operations`; the protocol layer has already authenticated the request and
validated ``params`` against the operation's input schema before a handler runs.

Besides the video jobs, some families keep state of their own for the life of the server (face
collections, stream processors). Each keeps it under its own key through :meth:`ServiceContext.state`,
so a family adds state without changing this class.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rekognition_conformance.reference.jobs import JobStore, ObjectSource
from rekognition_conformance.reference.pagination import PageTokens

T = TypeVar("T")

_STATE_LOCK = threading.Lock()


@dataclass(frozen=True)
class ServiceContext:
    jobs: JobStore
    tokens: PageTokens
    # The S3 objects, for operations that read an image from S3 (IndexFaces); None when the server has none.
    objects: ObjectSource | None = None
    # The region resource ARNs name.
    region: str = "us-east-1"
    _states: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def state(self, key: str, factory: Callable[[], T]) -> T:
        """The family state stored under ``key``, made by ``factory`` on first use."""
        with _STATE_LOCK:
            if key not in self._states:
                self._states[key] = factory()
            return self._states[key]


Handler = Callable[[ServiceContext, dict[str, Any]], dict[str, Any]]

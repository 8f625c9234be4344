"""What an operation handler is given: the server's shared state, and the handler signature.

Handlers are plain functions ``(context, params) -> result`` registered by operation name in
:mod:`reference.operations`; the protocol layer has already authenticated the request and
validated ``params`` against the operation's input schema before a handler runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reference.jobs import JobStore
from reference.pagination import PageTokens


@dataclass(frozen=True)
class ServiceContext:
    jobs: JobStore
    tokens: PageTokens


Handler = Callable[[ServiceContext, dict[str, Any]], dict[str, Any]]

"""The hooks the conformance plugin publishes, for the plugins that act on a run's events to subscribe to.

Registered by ``rekognition_conformance.plugin.pytest_addhooks``; a plugin implements one as a pytest hook of the same
name, so the conformance plugin never imports it to call it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from rekognition_conformance.clients import Clients


@pytest.hookspec
def pytest_conformance_clients_made(config: pytest.Config, clients: Clients, say: Callable[[str], None]) -> None:
    """The run's clients exist and the run has made nothing with them yet (no bucket, collection or job)."""

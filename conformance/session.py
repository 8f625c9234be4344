"""The run's state in one object: its run id, ledger and capabilities, then its target, clients and job pool.

The conformance plugin makes the :class:`RunSession` once, in its ``pytest_configure`` (after every other
plugin's, so the cassette's recorded run id and an xdist controller's hand-over are known), and resolves the
run id there, once: the controller's for an xdist worker, else the cassette's, else ``--run-id``, else a
random one. The session fixtures fill in the target, clients and pool as they make them; the report,
distributed-run and AWS-guard plugins read them from here instead of calling into the conformance plugin.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from rekognition_conformance.backend import Target
from rekognition_conformance.capabilities import Capabilities
from rekognition_conformance.keys import SESSION
from rekognition_conformance.registry import RunRegistry
from rekognition_conformance.verdict import Ledger

if TYPE_CHECKING:
    from rekognition_conformance.clients import Clients

# The workerinput member through which an xdist controller hands its workers the run
# (rekognition_conformance.distributed).
SHARED = "rc_shared"


class RunIdError(ValueError):
    """``--run-id`` contradicts the run id the run must use."""


def handed_over(config: pytest.Config) -> dict[str, Any] | None:
    """What an xdist controller handed this worker, or None outside a distributed run's workers."""
    workerinput = getattr(config, "workerinput", None)
    return workerinput.get(SHARED) if workerinput is not None else None


def resolve_run_id(*, given: str | None, recorded: str | None, handed: dict[str, Any] | None) -> str:
    """The run's id: the controller's for a worker, the cassette's when reused, ``--run-id``, or a random one."""
    if handed is not None:
        return str(handed["run_id"])
    if recorded is not None:
        if given not in (None, recorded):
            raise RunIdError(f"--run-id {given} differs from the run id {recorded} recorded in the cassette; a "
                             "cassette replays only with its own run id (leave --run-id out)")
        return recorded
    return given or secrets.token_hex(4)


@dataclass
class RunSession:
    run_id: str
    # Whether the user named the run: only then can an interrupted earlier run have left resources behind.
    run_id_given: bool
    ledger: Ledger
    capabilities: Capabilities
    handed: dict[str, Any] | None = None
    worker_id: str | None = None
    target: Target | None = None
    clients: Clients | None = None
    # The JobPool; on an xdist controller, the workers' pools merged (rekognition_conformance.distributed.MergedPool).
    pool: Any = None

    def handed_target(self) -> Target | None:
        """The controller's target as a worker reaches it (no server of its own), or None."""
        if self.handed is None:
            return None
        t = self.handed["target"]
        return Target(name=t["name"], region=t["region"], endpoints=dict(t["endpoints"]),
                      credentials=tuple(t["credentials"]) if t["credentials"] else None,  # type: ignore[arg-type]
                      description=t["description"] + " (shared by the workers)")

    def handed_uploads(self) -> dict[str, tuple[dict[str, str], dict[str, Any]]] | None:
        """The fixture videos the controller uploaded for every worker, or None."""
        if self.handed is None:
            return None
        return {key: (obj, metadata) for key, (obj, metadata) in self.handed["uploads"].items()}

    def registry(self) -> RunRegistry | None:
        """The run registry the workers share their jobs through, or None outside a worker."""
        if self.handed is None or self.worker_id is None:
            return None
        return RunRegistry(self.handed["registry"], owner=self.worker_id)


def session_of(config: pytest.Config) -> RunSession:
    return config.stash[SESSION]


def maybe_session(config: pytest.Config) -> RunSession | None:
    """The run's session, or None when the conformance plugin did not make one (a usage error stopped it)."""
    return config.stash.get(SESSION, None)

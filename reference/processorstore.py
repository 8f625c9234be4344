"""The stream processors of one reference server, and their simulated life cycle.

No Kinesis stream is read: a processor's life is a status that moves on by itself. Start moves a
STOPPED (or FAILED) processor to STARTING and, ``delay`` seconds later, to RUNNING (or to FAILED when
it could not start); a label detection processor then stops by itself once its StopSelector's
MaxDurationInSeconds has passed. Stop moves a STARTING or RUNNING processor to STOPPING and then to
STOPPED; Update moves a stopped processor to UPDATING and back to STOPPED. A request that does not fit
the current status is a ResourceInUseException with the message AWS's error-handling page lists for it.
Transitions are applied lazily, whenever a request looks at the processor, each stamped with the time
it was due, which is what LastUpdateTimestamp reports.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rekognition_conformance.reference.protocol import ServiceError

TRANSITION_SECONDS = 0.5
BUSY = frozenset({"STARTING", "RUNNING", "STOPPING", "UPDATING"})


@dataclass
class Processor:
    name: str
    arn: str
    number: int
    kind: str  # "FaceSearch" or "ConnectedHome"
    created: float
    config: dict[str, Any]
    status: str = "STOPPED"
    status_message: str | None = None
    last_update: float = 0.0
    # Transitions still to come: (due time, status, status message).
    pending: list[tuple[float, str, str | None]] = field(default_factory=list)

    def settle(self, now: float) -> None:
        while self.pending and self.pending[0][0] <= now:
            due, status, message = self.pending.pop(0)
            self.status, self.status_message, self.last_update = status, message, due

    def move(self, now: float, status: str, *later: tuple[float, str, str | None]) -> None:
        self.status, self.status_message, self.last_update = status, None, now
        self.pending = [(now + offset, s, m) for offset, s, m in later]


def in_use(message: str) -> ServiceError:
    return ServiceError("ResourceInUseException", message)


class ProcessorStore:
    """Thread-safe stream processors of one server."""

    def __init__(self, *, delay: float = TRANSITION_SECONDS, clock: Callable[[], float] = time.time) -> None:
        self.delay = delay
        self._clock = clock
        self._lock = threading.Lock()
        self._processors: dict[str, Processor] = {}
        self._numbers = itertools.count(1)

    def create(self, name: str, arn: str, kind: str, config: Mapping[str, Any]) -> Processor:
        with self._lock:
            if name in self._processors:
                raise in_use("Stream processor name already in use.")
            now = self._clock()
            processor = Processor(name, arn, next(self._numbers), kind, now, copy.deepcopy(dict(config)))
            processor.last_update = now
            self._processors[name] = processor
            return copy.deepcopy(processor)

    def get(self, name: str) -> Processor:
        """A copy of processor ``name`` as it is now."""
        with self._lock:
            return copy.deepcopy(self._settled(name))

    def page(self, after: int, limit: int) -> tuple[list[Processor], bool]:
        with self._lock:
            now = self._clock()
            for processor in self._processors.values():
                processor.settle(now)
            later = sorted((p for p in self._processors.values() if p.number > after), key=lambda p: p.number)
            return copy.deepcopy(later[:limit]), len(later) > limit

    def start(self, name: str, *, failure: str | None = None, runs_for: float | None = None) -> None:
        """STARTING, then RUNNING (or FAILED with ``failure``), then STOPPED after ``runs_for`` seconds."""
        with self._lock:
            processor = self._settled(name)
            if processor.status in BUSY:
                raise in_use("Specified resource is in use.")
            now = self._clock()
            if failure is not None:
                processor.move(now, "STARTING", (self.delay, "FAILED", failure))
            elif runs_for is not None:
                processor.move(now, "STARTING", (self.delay, "RUNNING", None), (self.delay + runs_for, "STOPPED", None))
            else:
                processor.move(now, "STARTING", (self.delay, "RUNNING", None))

    def stop(self, name: str) -> None:
        with self._lock:
            processor = self._settled(name)
            if processor.status not in ("STARTING", "RUNNING"):
                raise in_use("Processor not available for stopping stream.")
            processor.move(self._clock(), "STOPPING", (self.delay, "STOPPED", None))

    def delete(self, name: str) -> None:
        with self._lock:
            processor = self._settled(name)
            if processor.status in BUSY:
                raise in_use("Cannot delete stream processor.")
            del self._processors[name]

    def update(self, name: str, apply: Callable[[Processor], None]) -> None:
        """Change a stopped processor's configuration with ``apply``, through UPDATING back to STOPPED."""
        with self._lock:
            processor = self._settled(name)
            if processor.status in BUSY:
                raise in_use("Specified resource is in use.")
            apply(processor)
            processor.move(self._clock(), "UPDATING", (self.delay, "STOPPED", None))

    def _settled(self, name: str) -> Processor:
        processor = self._processors.get(name)
        if processor is None:
            raise ServiceError("ResourceNotFoundException", f"Stream processor {name} was not found.")
        processor.settle(self._clock())
        return processor

"""The run registry of a distributed run: which xdist worker claimed each job, and the Start answer it got.

A file-locked JSON file (filelock) in the controller's scratch folder, so that each distinct job is started by
one worker only and the others adopt its answer (rekognition_conformance.jobs.JobPool takes it as ``registry``).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from filelock import FileLock

from rekognition_conformance.exchange import Exchange


def exchange_to_wire(exchange: Exchange) -> dict[str, Any]:
    return {
        "operation": exchange.operation,
        "request": exchange.request,
        "status": exchange.status,
        "raw": base64.b64encode(exchange.raw).decode("ascii"),
        "headers": exchange.headers,
    }


def exchange_from_wire(wire: dict[str, Any]) -> Exchange:
    return Exchange(
        operation=wire["operation"],
        request=wire["request"],
        status=int(wire["status"]),
        raw=base64.b64decode(wire["raw"]),
        headers=dict(wire["headers"]),
    )


class RunRegistry:
    """The run's jobs, shared by its workers: key -> {"owner": worker, "start": the Start answer}."""

    def __init__(self, path: str | Path, owner: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.owner = owner
        self._lock = FileLock(str(self.path) + ".lock")

    def _load(self) -> dict[str, Any]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def _save(self, entries: dict[str, Any]) -> None:
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps(entries), encoding="utf-8")
        scratch.replace(self.path)

    def claim(self, keys: list[str]) -> tuple[list[str], dict[str, Exchange | None]]:
        """Claim the unclaimed ``keys``; returns (claimed now, {key claimed before: its answer or None})."""
        with self._lock:
            entries = self._load()
            mine, others = [], {}
            for key in keys:
                entry = entries.get(key)
                if entry is None or entry.get("owner") == self.owner:
                    entries[key] = {"owner": self.owner, "start": entry.get("start") if entry else None}
                    mine.append(key)
                else:
                    start = entry.get("start")
                    others[key] = exchange_from_wire(start) if start else None
            self._save(entries)
        return mine, others

    def record(self, key: str, exchange: Exchange | None) -> None:
        if exchange is None:
            return
        with self._lock:
            entries = self._load()
            entries[key] = {"owner": self.owner, "start": exchange_to_wire(exchange)}
            self._save(entries)

    def lookup(self, key: str) -> Exchange | None:
        with self._lock:
            start = (self._load().get(key) or {}).get("start")
        return exchange_from_wire(start) if start else None

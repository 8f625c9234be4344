"""Which operation families the target serves: declared up front, or detected from its first answers.

A backend that does not serve an operation must show as *not implemented* for that operation's family,
not as a crash and not as a pass. A target can declare what it serves (``--only``, ``--skip`` or a
profile file); otherwise the first answer the backend gives to each operation decides: an
UnknownOperationException, HTTP 404 or 501, or a 5xx body that is not an AWS error (an emulator's HTML
"not implemented" page) mean the operation is not served. Only the first answer counts, so a backend
that serves an operation and later fails on it is judged by the rules, not excused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import yaml

from conformance.exchange import Exchange
from spec.operations import FAMILIES, family_of

UNIMPLEMENTED_CODES = frozenset({"UnknownOperationException", "InvalidAction", "NotImplemented"})


def unimplemented_reason(exchange: Exchange) -> str | None:
    """Why this answer says the operation is not served, or None if it does not say so."""
    if exchange.error_code in UNIMPLEMENTED_CODES:
        return f"{exchange.operation} answered {exchange.error_code} (HTTP {exchange.status})"
    if exchange.status in (404, 501):
        return f"{exchange.operation} answered HTTP {exchange.status}"
    if exchange.status >= 500 and exchange.error_code is None:
        kind = exchange.content_type or "no content type"
        return f"{exchange.operation} answered HTTP {exchange.status} with a non-AWS error body ({kind})"
    return None


def _families(names: Iterable[str], option: str) -> set[str]:
    chosen = {n.strip() for name in names for n in name.split(",") if n.strip()}
    unknown = chosen - set(FAMILIES)
    if unknown:
        raise ValueError(f"{option}: unknown families {sorted(unknown)}; known: {', '.join(FAMILIES)}")
    return chosen


class Capabilities:
    def __init__(self, *, only: Iterable[str] = (), skip: Iterable[str] = (), profile: str | None = None) -> None:
        # Families the provider itself no longer offers (a documented end of support), family -> reason:
        # neither a failure nor "not implemented". A profile declares them under `not_offered:`.
        self.not_offered: dict[str, str] = {}
        declared_skip = _families(skip, "--skip")
        declared_only = _families(only, "--only")
        if profile:
            document = yaml.safe_load(Path(profile).read_text(encoding="utf-8")) or {}
            declared_only |= _families(document.get("only", []), f"{profile}: only")
            declared_skip |= _families(document.get("unsupported", []), f"{profile}: unsupported")
            offered = document.get("not_offered", {}) or {}
            for family in _families(offered, f"{profile}: not_offered"):
                self.not_offered[family] = str(offered[family])
        self.declared: dict[str, str] = {f: "declared unsupported" for f in declared_skip}
        if declared_only:
            self.declared.update({f: "not in --only" for f in FAMILIES if f not in declared_only})
        self.detected: dict[str, str] = {}
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def observe(self, exchange: Exchange) -> None:
        with self._lock:
            if exchange.operation in self._seen:
                return
            self._seen.add(exchange.operation)
            reason = unimplemented_reason(exchange)
            if reason is not None:
                # Reported as "not implemented: <family> (<reason>)": the reason says how it was found out.
                self.detected.setdefault(family_of(exchange.operation), f"detected: {reason}")

    def unsupported(self, family: str) -> str | None:
        """Why ``family`` is not served, or None while it is (or is not known not to be)."""
        return self.not_offered.get(family) or self.declared.get(family) or self.detected.get(family)

    def summary(self) -> dict[str, str]:
        return {**self.declared, **self.detected, **self.not_offered}

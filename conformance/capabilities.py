"""Which operation families the target serves: declared up front, or signalled by the backend itself.

A family the run does not judge is reported with why, as one of three outcomes:

- *not selected*: left out by ``--only`` / ``--skip`` (the run was narrowed, nothing is said of the backend);
- *not implemented*: the target declares it does not serve the family (a ``--capabilities`` profile with
  ``unsupported:``, or a target's own declaration such as moto's profile), or the backend said so
  explicitly on its first answer to one of the family's operations: ``UnknownOperationException`` (or the
  Query protocol's ``InvalidAction`` / ``NotImplemented``) or HTTP 501;
- *not offered*: the provider itself no longer offers the family (a profile's ``not_offered:``).

Nothing else excuses a family. An HTML 500, a 404 or a reset connection is a failure of the rule it breaks
(SCHEMA.ERROR_BODY, ERRORS.*), judged like any other answer. Only the first answer counts, so a backend
that serves an operation and later fails on it is judged by the rules, not excused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import yaml

from rekognition_conformance.exchange import Exchange
from rekognition_conformance.spec.operations import FAMILIES, family_of

UNIMPLEMENTED_CODES = frozenset({"UnknownOperationException", "InvalidAction", "NotImplemented"})


def unimplemented_reason(exchange: Exchange) -> str | None:
    """Why this answer explicitly says the operation is not served, or None if it does not say so."""
    if exchange.error_code in UNIMPLEMENTED_CODES:
        return f"{exchange.operation} answered {exchange.error_code} (HTTP {exchange.status})"
    if exchange.status == 501:
        return f"{exchange.operation} answered HTTP 501 Not Implemented"
    return None


def _families(names: Iterable[str], option: str) -> set[str]:
    chosen = {n.strip() for name in names for n in name.split(",") if n.strip()}
    unknown = chosen - set(FAMILIES)
    if unknown:
        raise ValueError(f"{option}: unknown families {sorted(unknown)}; known: {', '.join(FAMILIES)}")
    return chosen


NOT_SELECTED = "not_selected"
NOT_IMPLEMENTED = "not_implemented"
NOT_OFFERED = "not_offered"


class Capabilities:
    def __init__(
        self,
        *,
        only: Iterable[str] = (),
        skip: Iterable[str] = (),
        profile: str | None = None,
        declared: dict[str, str] | None = None,
    ) -> None:
        """``declared``: families a target itself declares it does not serve, family -> reason."""
        # Families the provider itself no longer offers (a documented end of support), family -> reason:
        # neither a failure nor "not implemented". A profile declares them under `not_offered:`.
        self.not_offered: dict[str, str] = {}
        self.declared: dict[str, str] = dict(declared or {})
        if profile:
            document = yaml.safe_load(Path(profile).read_text(encoding="utf-8")) or {}
            profile_only = _families(document.get("only", []), f"{profile}: only")
            for family in _families(document.get("unsupported", []), f"{profile}: unsupported"):
                self.declared[family] = f"declared unsupported in {profile}"
            for family in FAMILIES:
                if profile_only and family not in profile_only:
                    self.declared.setdefault(family, f"not among the families {profile} serves")
            offered = document.get("not_offered", {}) or {}
            for family in _families(offered, f"{profile}: not_offered"):
                self.not_offered[family] = str(offered[family])
        # --only / --skip narrow the run; they say nothing about the backend.
        self.not_selected: dict[str, str] = {f: "left out by --skip" for f in _families(skip, "--skip")}
        if declared_only := _families(only, "--only"):
            self.not_selected.update({f: "not in --only" for f in FAMILIES if f not in declared_only})
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

    def excused(self, family: str) -> tuple[str, str] | None:
        """(outcome, reason) when the run does not judge ``family``, or None while it is judged."""
        if family in self.not_offered:
            return NOT_OFFERED, self.not_offered[family]
        if family in self.not_selected:
            return NOT_SELECTED, self.not_selected[family]
        if reason := self.declared.get(family) or self.detected.get(family):
            return NOT_IMPLEMENTED, reason
        return None

    def unsupported(self, family: str) -> str | None:
        """Why ``family`` is not judged, or None while it is (or is not known not to be)."""
        found = self.excused(family)
        return found[1] if found else None

    def families(self) -> dict[str, dict[str, str]]:
        """Every family the run does not judge: family -> {"outcome": ..., "reason": ...}."""
        found = {f: self.excused(f) for f in FAMILIES}
        return {f: {"outcome": e[0], "reason": e[1]} for f, e in found.items() if e is not None}

    def summary(self) -> dict[str, str]:
        return {family: entry["reason"] for family, entry in self.families().items()}

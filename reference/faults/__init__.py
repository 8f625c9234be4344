"""The fault catalogue: named, switchable deviations of the reference backend from the documented contract.

Each fault breaks one rule of ``spec/rules`` in a small, realistic way (a default that drifted, an
off-by-one page, an error answered with the wrong status...). They are off unless asked for:

* ``ReferenceServer(..., faults=("name", ...))``;
* ``python -m rekognition_conformance.reference --fault NAME`` (repeatable);
* ``RC_REFERENCE_FAULTS=name1,name2``, read by the conformance suite's ``reference`` target.

The kill matrix (``python -m rekognition_conformance.killmatrix``) switches each on in turn and shows the suite
catches it by the rule it breaks. The catalogue is the ``FAULTS`` of every module in this package
(``common.py`` for shared behaviour, one module per family), found by name: a family adds a module,
or entries to its module. The mechanism is in :mod:`rekognition_conformance.reference.faults.base`.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from rekognition_conformance.reference.faults.base import COMMON, Fault, wrap_endpoint, wrap_operations

__all__ = [
    "COMMON",
    "ENVIRONMENT_VARIABLE",
    "FAULTS",
    "Fault",
    "UnknownFault",
    "from_environment",
    "parse_names",
    "resolve",
    "wrap_endpoint",
    "wrap_operations",
]

ENVIRONMENT_VARIABLE = "RC_REFERENCE_FAULTS"
_MECHANISM = frozenset({"base"})


class UnknownFault(ValueError):
    """A fault name that is not in the catalogue; the message lists the known ones."""


def _collect() -> Mapping[str, Fault]:
    faults: dict[str, Fault] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _MECHANISM):
        for fault in importlib.import_module(f"{__name__}.{module}").FAULTS:
            if fault.name in faults:
                raise ValueError(f"fault {fault.name!r} is declared twice in the catalogue")
            faults[fault.name] = fault
    return MappingProxyType(faults)


FAULTS: Mapping[str, Fault] = _collect()


def resolve(names: Iterable[str]) -> tuple[Fault, ...]:
    """The faults named, in the order given, each once; UnknownFault names the unknown and the known."""
    chosen = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    unknown = [name for name in chosen if name not in FAULTS]
    if unknown:
        raise UnknownFault(f"unknown fault(s) {', '.join(unknown)}; known faults: {', '.join(sorted(FAULTS))}")
    return tuple(FAULTS[name] for name in chosen)


def parse_names(text: str | None) -> tuple[str, ...]:
    """Fault names from a comma-separated list such as the environment variable's value."""
    return tuple(name.strip() for name in (text or "").split(",") if name.strip())


def from_environment(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The fault names in ``RC_REFERENCE_FAULTS`` (none when it is unset or empty)."""
    return parse_names((os.environ if environ is None else environ).get(ENVIRONMENT_VARIABLE))

"""The catalogue of jobs the suite needs: every distinct Start request, declared as data.

The pool starts each job once per run, up front and concurrently, and every Get-side test reads the
finished jobs. Each family declares its jobs in a module of this package (``labels.py``, ...) as a
``JOBS`` sequence of :class:`JobSpec`; the modules are found by name, so a family adds a file here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class JobSpec:
    key: str
    start_operation: str
    get_operation: str
    list_member: str
    video: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.key.split(".", 1)[0]


def _collect() -> dict[str, JobSpec]:
    jobs: dict[str, JobSpec] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        for spec in importlib.import_module(f"{__name__}.{module}").JOBS:
            if spec.key in jobs:
                raise ValueError(f"job {spec.key!r} is declared twice in the catalogue")
            jobs[spec.key] = spec
    return jobs


JOBS: dict[str, JobSpec] = _collect()


def job(key: str) -> JobSpec:
    try:
        return JOBS[key]
    except KeyError:
        raise KeyError(f"no job {key!r} in the catalogue; known: {', '.join(JOBS)}") from None

"""The catalogue of jobs the suite needs: every distinct Start request, declared as data.

The pool starts each job once per run, up front and concurrently, and every Get-side test reads the
finished jobs. Each family declares its jobs in a module of this package (``labels.py``, ...) as a
``JOBS`` sequence of :class:`JobSpec`, names as ``MAIN`` the job its Get-side tests read, gives as
``START_TEMPLATE`` a valid Start request for the Start-side tests' mutations to break and, if its Start
takes a threshold, as ``THRESHOLD_JOBS`` the jobs that show it; the modules are found by name, so a family
adds a file here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

from rekognition_conformance.spec.families import video_family


@dataclass(frozen=True)
class JobSpec:
    """One Start request of the catalogue: its key (``family.name``), the fixture video it reads and its
    parameters; the operations and the items member come from the family table."""

    key: str
    video: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def start_operation(self) -> str:
        return video_family(self.family).start

    @property
    def get_operation(self) -> str:
        return video_family(self.family).get

    @property
    def list_member(self) -> str:
        return video_family(self.family).items


@dataclass(frozen=True)
class ThresholdJobs:
    """The jobs that show a family's Start threshold at work, all on the same video: one started without the
    threshold, one with its documented default, one below it and one above it."""

    omitted: str
    default: str
    lower: str
    higher: str


def _collect() -> tuple[dict[str, JobSpec], dict[str, str]]:
    jobs: dict[str, JobSpec] = {}
    main: dict[str, str] = {}
    thresholds: dict[str, ThresholdJobs] = {}
    templates: dict[str, dict[str, Any]] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        declared = importlib.import_module(f"{__name__}.{module}")
        for spec in declared.JOBS:
            if spec.key in jobs:
                raise ValueError(f"job {spec.key!r} is declared twice in the catalogue")
            jobs[spec.key] = spec
        main[module] = declared.MAIN
        templates[module] = declared.START_TEMPLATE
        if hasattr(declared, "THRESHOLD_JOBS"):
            thresholds[module] = declared.THRESHOLD_JOBS
    return jobs, main, thresholds, templates


JOBS, MAIN_JOBS, THRESHOLD_JOBS, START_TEMPLATES = _collect()


def family_jobs(family: str) -> tuple[str, ...]:
    """The keys of every job of ``family``, in catalogue order."""
    return tuple(key for key, spec in JOBS.items() if spec.family == family)


def job(key: str) -> JobSpec:
    try:
        return JOBS[key]
    except KeyError:
        raise KeyError(f"no job {key!r} in the catalogue; known: {', '.join(JOBS)}") from None

"""Person-tracking jobs: one on the short fixture; SortBy is a Get option, so one job serves every order."""

from __future__ import annotations

from conformance.catalogue import JobSpec

DEFAULT = "persons.default"

JOBS: tuple[JobSpec, ...] = (
    JobSpec(DEFAULT, "short", {"JobTag": "rc-persons-default"}),
)

KEYS = tuple(spec.key for spec in JOBS)

# The job the Get-side tests every family shares read.
MAIN = DEFAULT

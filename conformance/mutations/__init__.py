"""Response mutations: documented rules broken on a recording, to show the judging catches each one there.

A mutation (:mod:`rekognition_conformance.mutations.base`) edits one recorded listing so that it breaks one rule:
the shared rules in :mod:`~rekognition_conformance.mutations.common` (made once per family), the families' own in
:mod:`~rekognition_conformance.mutations.families`. :func:`rekognition_conformance.mutations.run.run_mutations` applies
each to a recording (a cassette or a corpus folder) and judges the family's listings offline.
"""

from __future__ import annotations

from rekognition_conformance.mutations import common, families
from rekognition_conformance.mutations.base import Mutation, check_catalogue, per_family, rule_family

__all__ = ["MUTATIONS", "Mutation", "rule_family"]

MUTATIONS: tuple[Mutation, ...] = tuple(
    expanded for mutation in (*common.MUTATIONS, *families.MUTATIONS) for expanded in per_family(mutation)
)
check_catalogue(list(MUTATIONS))
if len({m.name for m in MUTATIONS}) != len(MUTATIONS):
    raise ValueError("a mutation name is declared twice")

"""The checks of a Start threshold (MinConfidence, FaceMatchThreshold): the floor it sets, its default, and a
lower setting, written once for every family whose results carry a score.

A family says how its results carry the score (:class:`Scores`: a label's Confidence, each FaceMatch's
Similarity) and :func:`threshold_checks` makes its three checks, bound to the rules and the documented
default that the family table (``spec/families.yaml``) names for it. Results of two jobs over the same
video are matched by a key (Timestamp and name, Timestamp and face), never as whole items: two jobs need
not report identical scores or boxes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import as_number, dig, excerpt, listing_pointer
from rekognition_conformance.spec.families import video_family

# Scores are floats that a backend may round when serialising; a value this close to the floor was above
# it before rounding.
TOLERANCE = 1e-3


@dataclass(frozen=True)
class Scored:
    """One scored result of a listing whose name is ``listing`` in its pointers."""

    where: str  # the result, e.g. ``listing[3]`` or ``listing[2]/FaceMatches/0``
    score_where: str  # its score, e.g. ``listing[3]/Label/Confidence``
    key: Hashable  # what matches it with the same result of another job
    score: float | None
    what: str  # how a message names it, e.g. ``('Car' at Timestamp 0)``
    value: Any  # what a violation shows of it


@dataclass(frozen=True)
class Scores:
    """How a family's results carry the score its Start threshold filters."""

    score: str  # how messages name the score, e.g. ``Label.Confidence``
    results: str  # how messages name the results, e.g. ``detections``
    same: str  # what matching results share, e.g. ``the same Timestamp and Label.Name``
    read: Callable[[Sequence[Any], str], list[Scored]]  # the scored results of items, pointers named so


def _below(scores: Scores, items: Sequence[Any], floor: float, name: str, why: str) -> list[tuple[Scored, str]]:
    return [
        (found, f"Expected every {scores.score} >= {floor:g} ({why}); {found.where} {found.what} has {found.score:g}.")
        for found in scores.read(items, name)
        if found.score is not None and found.score < floor - TOLERANCE
    ]


def _lacking(scores: Scores, have: Sequence[Any], have_name: str, lack: Sequence[Any], lack_label: str) -> list[
        tuple[Scored, str]]:
    """Each result of ``have`` without a counterpart in ``lack``, multiset-wise."""
    available = Counter(found.key for found in scores.read(lack, "other"))
    missing = []
    for found in scores.read(have, have_name):
        if available[found.key] > 0:
            available[found.key] -= 1
            continue
        missing.append((found, f"{found.where} {found.what} has no result with {scores.same} in {lack_label}."))
    return missing


@dataclass(frozen=True)
class ThresholdChecks:
    """A family's three threshold checks, each declaring the rules the family table binds it to."""

    floor: Callable[..., list[Violation]]
    default: Callable[..., list[Violation]]
    lower: Callable[..., list[Violation]]


def threshold_checks(family: str, scores: Scores, module: str) -> ThresholdChecks:
    """The floor, default and lower checks of ``family``; ``module`` is where they are published."""
    threshold = video_family(family).threshold
    if threshold is None:
        raise KeyError(f"the family table documents no threshold for {family!r}")
    member, default = threshold.member, float(threshold.default.value)
    floor_rule, default_rule = threshold.rule("floor"), threshold.rule("default")
    same_rule, lower_rule = threshold.rule("equivalent"), threshold.rule("lower")

    def violation(rule_id: str, operation: str, request: Any, found: Scored, message: str, where: str) -> Violation:
        return Violation(rule_id, operation, message, request, where, excerpt(found.value))

    @check(floor_rule)
    def check_floor(operation: str, items: Sequence[Any], floor: float, request: Any) -> list[Violation]:
        return [violation(floor_rule, operation, request, found, message, found.score_where)
                for found, message in _below(scores, items, floor, "listing", f"the job's {member}")]

    @check(default_rule, same_rule)
    def check_default(
        operation: str, default_items: Sequence[Any], explicit_items: Sequence[Any], request: Any
    ) -> list[Violation]:
        """A job started without the threshold behaves as one started with its documented default: nothing
        below the default (the MUST rule), and the same results as the job started with it (SHOULD)."""
        omitted = f"{member} omitted, default {default:g}"
        violations = [violation(default_rule, operation, request, found, message, found.score_where)
                      for found, message in _below(scores, default_items, default, "default", omitted)]
        for have, have_name, lack, lack_label in (
            (default_items, "default", explicit_items, f"the {member}={default:g} job"),
            (explicit_items, "explicit", default_items, f"the job without {member}"),
        ):
            violations += [violation(same_rule, operation, request, found, message, found.where)
                           for found, message in _lacking(scores, have, have_name, lack, lack_label)]
        return violations

    @check(lower_rule)
    def check_lower(
        operation: str, lower_items: Sequence[Any], default_items: Sequence[Any], lower: float, request: Any
    ) -> list[Violation]:
        """A job at a threshold below the default returns every result of the default job, and at least one
        scored in [lower, default): what lowering the threshold is for."""
        violations = [violation(lower_rule, operation, request, found, message, found.where)
                      for found, message in _lacking(scores, default_items, "default", lower_items,
                                                     f"the {member}={lower:g} job")]
        if lower >= default:
            return violations
        scored = [found.score for found in scores.read(lower_items, "lower")]
        if not any(s is not None and lower - TOLERANCE <= s < default for s in scored):
            violations.append(Violation(
                lower_rule, operation,
                f"Expected the {member}={lower:g} job to return at least one result with a {scores.score} in "
                f"[{lower:g}, {default:g}); none of its {len(scored)} {scores.results} is.", request, "lower", None,
            ))
        return violations

    made = ThresholdChecks(check_floor, check_default, check_lower)
    for fn in (check_floor, check_default, check_lower):
        fn.__module__ = module
        fn.__qualname__ = fn.__name__
    return made


def per_item(path: tuple[str, ...], score: str, key: Callable[[Any], Hashable],
             what: Callable[[Any], str]) -> Callable[[Sequence[Any], str], list[Scored]]:
    """Scores read from each item at ``path`` + ``score`` (a label's Confidence), one result per item."""

    def read(items: Sequence[Any], name: str) -> list[Scored]:
        return [
            Scored(listing_pointer(index, name=name), listing_pointer(index, *path, score, name=name), key(item),
                   as_number(dig(item, *path, score)), what(item), item)
            for index, item in enumerate(items)
        ]

    return read

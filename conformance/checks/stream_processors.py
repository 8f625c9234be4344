"""Checks on stream processors: refusals, name uniqueness, what DescribeStreamProcessor reports, listings,
timestamps and the status a processor goes through after each request.

Statuses are observed by polling DescribeStreamProcessor after a request; a status path is the list of
statuses seen, in order, from the first poll (``statuses[0]``) to the last.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check, generic
from rekognition_conformance.checks.collections import TOLERANCE, listing_violations, refused, relabel
from rekognition_conformance.checks.items import as_number, dig, excerpt, first_difference, pointer, success_body
from rekognition_conformance.checks.pagination import check_page_size
from rekognition_conformance.exchange import Exchange

DEFAULT_FACE_MATCH_THRESHOLD = 80.0
DEFAULT_PAGE = 1000
# The members of a create request that DescribeStreamProcessor reports back unchanged.
ECHOED = ("Input", "Output", "RoleArn", "DataSharingPreference")


@generic()
def check_refused(ex: Exchange, expected: Collection[str], *, rule_id: str) -> list[Violation]:
    """The request was refused with a client error of one of the ``expected`` error types."""
    return refused(ex, expected, rule_id)


@check("STREAM_PROCESSORS.NAME_IN_USE")
def check_name_in_use(first: Exchange, repeat: Exchange, listed: Sequence[str]) -> list[Violation]:
    """A second create under the same name neither makes a second processor nor answers another ARN.

    ``listed`` are the processor names of a complete ListStreamProcessors chain read afterwards.
    """
    name = repeat.request.get("Name")
    violations = []
    if repeat.ok:
        arn, again = success_body(first).get("StreamProcessorArn"), success_body(repeat).get("StreamProcessorArn")
        if first.ok and again is not None and arn != again:
            violations.append(
                Violation("STREAM_PROCESSORS.NAME_IN_USE", repeat.operation,
                          f"Expected a create under the name in use {excerpt(name)} to be refused, or to answer the "
                          f"existing processor's ARN {excerpt(arn)}; it answered {excerpt(again)}.", repeat.request,
                          "/StreamProcessorArn", excerpt(again))
            )
    else:
        violations += refused(repeat, {"ResourceInUseException"}, "STREAM_PROCESSORS.NAME_IN_USE")
    if listed.count(name) > 1:
        violations.append(
            Violation("STREAM_PROCESSORS.NAME_IN_USE", repeat.operation,
                      f"Expected one stream processor named {excerpt(name)}; ListStreamProcessors lists "
                      f"{listed.count(name)}.", repeat.request, "ListStreamProcessors", excerpt(name))
        )
    return violations


def _mismatch(describe: Exchange, rule_id: str, where: str, expected: Any, found: Any, source: str) -> Violation:
    return Violation(
        rule_id,
        describe.operation,
        f"Expected {where} to be {excerpt(expected, 160)}, as {source}; found {excerpt(found, 160)}.",
        describe.request,
        where,
        excerpt(found),
    )


@check("STREAM_PROCESSORS.DESCRIBE")
def check_describe(describe: Exchange, create: Exchange, configured: Mapping[str, Any]) -> list[Violation]:
    """DescribeStreamProcessor reports the processor as it was created (or last updated).

    ``configured`` is the create request with any updates applied. Name, StreamProcessorArn, Input,
    Output, RoleArn, DataSharingPreference and the face search collection are compared when the
    answer carries them; FaceMatchThreshold is STREAM_PROCESSORS.FACE_MATCH_THRESHOLD's concern.
    """
    body = success_body(describe)
    rule_id = "STREAM_PROCESSORS.DESCRIBE"
    violations = []
    expected_arn = success_body(create).get("StreamProcessorArn")
    for member, expected, source in (
        ("Name", configured.get("Name"), "the processor's name"),
        ("StreamProcessorArn", expected_arn, "CreateStreamProcessor answered"),
    ):
        if member in body and expected is not None and body[member] != expected:
            violations.append(_mismatch(describe, rule_id, pointer(member), expected, body[member], source))
    for member in ECHOED:
        if member in body and member in configured:
            difference = first_difference(configured[member], body[member], (member,))
            if difference is not None:
                where, expected, found = difference
                violations.append(_mismatch(describe, rule_id, where, expected, found, "the processor was given"))
    expected_collection = dig(configured, "Settings", "FaceSearch", "CollectionId")
    found_collection = dig(body, "Settings", "FaceSearch", "CollectionId")
    if expected_collection is not None and found_collection is not None and found_collection != expected_collection:
        violations.append(_mismatch(describe, rule_id, "/Settings/FaceSearch/CollectionId", expected_collection,
                                    found_collection, "the processor was given"))
    return violations


def _threshold(ex: Exchange) -> float | None:
    return as_number(dig(success_body(ex), "Settings", "FaceSearch", "FaceMatchThreshold"))


@check("STREAM_PROCESSORS.FACE_MATCH_THRESHOLD")
def check_face_match_threshold(create: Exchange, describe: Exchange | None) -> list[Violation]:
    """A FaceMatchThreshold within 0..100 is accepted, and reported as given (80 and up), 80, or (below 80) either."""
    given = as_number(dig(create.request, "Settings", "FaceSearch", "FaceMatchThreshold"))
    rule_id = "STREAM_PROCESSORS.FACE_MATCH_THRESHOLD"
    if not create.ok:
        if given is None or not 0 <= given <= 100:
            return []
        return [
            Violation(rule_id, create.operation,
                      f"Expected a face search processor with FaceMatchThreshold {given:g} (within 0..100) to be "
                      f"created; it was refused with HTTP {create.status} {create.error_code or ''}".rstrip() + ".",
                      create.request, "", excerpt(create.body))
        ]
    found = _threshold(describe) if describe is not None else None
    if found is None:
        return []
    if given is None:
        allowed, why = (DEFAULT_FACE_MATCH_THRESHOLD,), "it was created without one (default 80)"
    elif given >= DEFAULT_FACE_MATCH_THRESHOLD:
        allowed, why = (given,), "it was created with"
    else:
        allowed, why = (given, DEFAULT_FACE_MATCH_THRESHOLD), "the value it was created with, or 80 to which it is set"
    if any(abs(found - value) <= TOLERANCE for value in allowed):
        return []
    expected = " or ".join(f"{value:g}" for value in allowed)
    return [_mismatch(describe, rule_id, "/Settings/FaceSearch/FaceMatchThreshold", expected, found, why)]


@check("STREAM_PROCESSORS.FACE_MATCH_THRESHOLD.RAISED")
def check_threshold_raised(create: Exchange, describe: Exchange) -> list[Violation]:
    """A FaceMatchThreshold below 80 is reported as 80."""
    given = as_number(dig(create.request, "Settings", "FaceSearch", "FaceMatchThreshold"))
    found = _threshold(describe)
    if given is None or given >= DEFAULT_FACE_MATCH_THRESHOLD or found is None:
        return []
    if abs(found - DEFAULT_FACE_MATCH_THRESHOLD) <= TOLERANCE:
        return []
    return [_mismatch(describe, "STREAM_PROCESSORS.FACE_MATCH_THRESHOLD.RAISED",
                      "/Settings/FaceSearch/FaceMatchThreshold", 80, found,
                      f"values lower than 80 are set to 80 (it was created with {given:g})")]


@check("STREAM_PROCESSORS.LIST.PAGE_SIZE")
def check_list_page_size(pages: Sequence[Exchange], max_results: int | None) -> list[Violation]:
    """No page of a ListStreamProcessors chain holds more than MaxResults (default 1000) processors."""
    limit = DEFAULT_PAGE if max_results is None else max_results
    return relabel(check_page_size(pages, "StreamProcessors", limit), "STREAM_PROCESSORS.LIST.PAGE_SIZE")


def processor_name(item: Any) -> Any:
    name = dig(item, "Name")
    return name if isinstance(name, str) else excerpt(item)


@check("STREAM_PROCESSORS.LIST.COMPLETE")
def check_processors_listed(
    pages: Sequence[Exchange], *, present: Collection[str], absent: Collection[str] = (), stopped: str | None = None
) -> list[Violation]:
    """A complete ListStreamProcessors chain lists each of ``present`` once and none of ``absent``."""
    return listing_violations(pages, "StreamProcessors", processor_name, present=present, absent=absent,
                              stopped=stopped, rule_id="STREAM_PROCESSORS.LIST.COMPLETE", noun="stream processor")


def _stamp(ex: Exchange, member: str) -> float | None:
    return as_number(success_body(ex).get(member))


@check("STREAM_PROCESSORS.TIMESTAMPS")
def check_timestamps(describes: Sequence[Exchange]) -> list[Violation]:
    """Across successive descriptions of one processor: CreationTimestamp is fixed, LastUpdateTimestamp is not
    before it and never decreases. Pointers name the description ``describe[i]``."""
    rule_id = "STREAM_PROCESSORS.TIMESTAMPS"
    violations: list[Violation] = []
    created: tuple[int, float] | None = None
    updated: tuple[int, float] | None = None
    for index, ex in enumerate(describes):
        creation, last = _stamp(ex, "CreationTimestamp"), _stamp(ex, "LastUpdateTimestamp")
        problem = None
        if creation is not None:
            if created is not None and abs(creation - created[1]) > TOLERANCE:
                problem = (f"CreationTimestamp changed from {created[1]} (describe[{created[0]}]) to {creation}",
                           "CreationTimestamp", creation)
            created = created or (index, creation)
        if problem is None and last is not None:
            if created is not None and last < created[1] - TOLERANCE:
                problem = (f"LastUpdateTimestamp {last} is before CreationTimestamp {created[1]}",
                           "LastUpdateTimestamp", last)
            elif updated is not None and last < updated[1] - TOLERANCE:
                problem = (f"LastUpdateTimestamp went back from {updated[1]} (describe[{updated[0]}]) to {last}",
                           "LastUpdateTimestamp", last)
            updated = (index, last)
        if problem is not None:
            text, member, value = problem
            violations.append(Violation(rule_id, ex.operation, f"{text}.", ex.request,
                                        f"describe[{index}] /{member}", excerpt(value)))
            break
    return violations


@check("STREAM_PROCESSORS.TIMESTAMPS.ADVANCE")
def check_timestamp_advanced(before: Exchange, after: Exchange, action: str) -> list[Violation]:
    """LastUpdateTimestamp after ``action`` (a start or a stop) is later than before it."""
    then, now = _stamp(before, "LastUpdateTimestamp"), _stamp(after, "LastUpdateTimestamp")
    if then is None or now is None or now > then:
        return []
    return [
        Violation("STREAM_PROCESSORS.TIMESTAMPS.ADVANCE", after.operation,
                  f"Expected LastUpdateTimestamp to move forward after {action}; it was {then} before and is {now}.",
                  after.request, "/LastUpdateTimestamp", excerpt(now))
    ]


@generic()
def check_status_path(
    operation: str,
    statuses: Sequence[str],
    *,
    transient: Collection[str],
    final: Collection[str],
    request: Any,
    rule_id: str,
    last: Exchange | None = None,
) -> list[Violation]:
    """The statuses polled after a request are ``transient`` ones, then ``final`` ones, and end final.

    Once a final status is seen the processor stays among the final ones. A FAILED processor (see
    ``last``, the last description) explains itself in a StatusMessage.
    """
    seen_final = False
    shown = excerpt(list(statuses), 200)
    for index, status in enumerate(statuses):
        if status in final:
            seen_final = True
            continue
        if status in transient and not seen_final:
            continue
        expected = "/".join(final) if seen_final else "/".join([*transient, *final])
        return [Violation(rule_id, operation, f"Expected status {expected}; poll {index} found {status!r} "
                          f"(statuses {shown}).", request, f"statuses[{index}] /Status", excerpt(status))]
    if statuses and not seen_final:
        return [Violation(rule_id, operation, f"Expected the processor to reach {'/'.join(final)}; it was still "
                          f"{statuses[-1]!r} when the harness stopped waiting (statuses {shown}).", request,
                          f"statuses[{len(statuses) - 1}] /Status", excerpt(statuses[-1]))]
    body = success_body(last) if last is not None else {}
    if body.get("Status") == "FAILED" and not (isinstance(body.get("StatusMessage"), str) and body["StatusMessage"]):
        return [Violation(rule_id, operation, "Expected a FAILED stream processor to carry a StatusMessage; it has "
                          "none.", request, "/StatusMessage", excerpt(body.get("StatusMessage")))]
    return []


@check("STREAM_PROCESSORS.UPDATE.APPLIED")
def check_update_applied(describe: Exchange, update_request: Mapping[str, Any]) -> list[Violation]:
    """The description after an update shows what the update gave and lacks what it deleted."""
    body = success_body(describe)
    if not body or body.get("Status") == "UPDATING":
        return []
    rule_id = "STREAM_PROCESSORS.UPDATE.APPLIED"
    expected: list[tuple[tuple[str, ...], Any]] = []
    if "DataSharingPreferenceForUpdate" in update_request:
        expected.append((("DataSharingPreference",), update_request["DataSharingPreferenceForUpdate"]))
    if "RegionsOfInterestForUpdate" in update_request:
        expected.append((("RegionsOfInterest",), update_request["RegionsOfInterestForUpdate"]))
    connected = dig(update_request, "SettingsForUpdate", "ConnectedHomeForUpdate")
    for member in ("Labels", "MinConfidence"):
        if isinstance(connected, dict) and member in connected:
            expected.append((("Settings", "ConnectedHome", member), connected[member]))
    violations = []
    for path, value in expected:
        found = dig(body, *path)
        if first_difference(value, found) is not None:
            violations.append(_mismatch(describe, rule_id, pointer(*path), value, found, "the update gave"))
    deleted = {"ConnectedHomeMinConfidence": ("Settings", "ConnectedHome", "MinConfidence"),
               "RegionsOfInterest": ("RegionsOfInterest",)}
    for name in update_request.get("ParametersToDelete") or ():
        path = deleted.get(name)
        if path is not None and dig(body, *path) not in (None, []):
            violations.append(_mismatch(describe, rule_id, pointer(*path), "absent", dig(body, *path),
                                        f"the update deleted {name}"))
    return violations

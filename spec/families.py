"""The table of video families: what each Start/Get pair is, read from the service model, with the values
AWS documents beside it.

From the committed schemas (which ``rekognition_conformance.spec.deriver`` derives from botocore's model) come each
family's Start and Get operation, the Get answer's items member (its one list member that is not metadata), the sort and
aggregation modes (the enums of the Get request's ``SortBy`` and ``AggregateBy``), the members the answer echoes, the
model-version member and the members a Start request must have. From ``spec/families.yaml`` come what the model does not
say: the documented defaults of the Get parameters, the page cap, and each family's Start threshold with its default and
the rules the generic threshold checks judge. Everything that used to type these values reads this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from rekognition_conformance.spec.operations import FAMILIES
from rekognition_conformance.spec.schemas import operation_document

CONSTANTS_FILE = Path(__file__).resolve().parent / "families.yaml"


@dataclass(frozen=True)
class Documented:
    """A value AWS documents, with where it says so."""

    value: Any
    source: str
    quote: str


@dataclass(frozen=True)
class Threshold:
    """The Start member that sets a family's floor on its results, its default and the rules judging both."""

    member: str
    default: Documented
    rules: dict[str, str] = field(default_factory=dict)

    def rule(self, role: str) -> str:
        """The rule id the generic check of ``role`` (floor, default, equivalent, lower) judges."""
        try:
            return self.rules[role]
        except KeyError:
            raise KeyError(f"the {self.member} threshold binds no {role!r} rule") from None


@dataclass(frozen=True)
class VideoFamily:
    name: str
    start: str
    get: str
    items: str
    sort_modes: tuple[str, ...]
    aggregate_modes: tuple[str, ...]
    echoes: tuple[str, ...]
    model_version: str | None
    threshold: Threshold | None
    # Whether VideoMetadata is a list (one entry per video stream) rather than one object.
    metadata_list: bool = False
    # The members the Start request must have.
    start_required: tuple[str, ...] = ()

    @property
    def defaults(self) -> dict[str, Any]:
        """The Get parameters this family takes that have a documented default, with that default."""
        taken = {"SortBy": self.sort_modes, "AggregateBy": self.aggregate_modes}
        return {name: value for name, value in get_defaults().items() if name not in taken or taken[name]}

    @property
    def mode_defaults(self) -> dict[str, Any]:
        """The documented default of each mode parameter (SortBy, AggregateBy) the family's Get takes."""
        return {name: value for name, value in self.defaults.items() if name != "MaxResults"}

    @property
    def modes(self) -> dict[str, dict[str, str]]:
        """Every Get parameter set that selects a mode other than the defaults, by a name such as ``sort-name``."""
        found: dict[str, dict[str, str]] = {}
        for member, modes in (("SortBy", self.sort_modes), ("AggregateBy", self.aggregate_modes)):
            for mode in modes:
                if mode != self.defaults.get(member):
                    found[f"{member.removesuffix('By').lower()}-{mode.lower()}"] = {member: mode}
        return found

    @property
    def default_sort(self) -> str | None:
        return self.defaults.get("SortBy")

    @property
    def other_sorts(self) -> tuple[str, ...]:
        """The sort modes besides the default: the ones that group items by something other than time."""
        return tuple(mode for mode in self.sort_modes if mode != self.default_sort)


@cache
def documented() -> dict[str, Any]:
    return dict(yaml.safe_load(CONSTANTS_FILE.read_text(encoding="utf-8")))


def _documented(entry: dict[str, Any], key: str = "default") -> Documented:
    return Documented(entry[key], entry["source"], " ".join(str(entry["quote"]).split()))


@cache
def get_parameters() -> dict[str, Documented]:
    """The documented Get parameters every family shares (MaxResults, SortBy, AggregateBy), with their default."""
    return {name: _documented(entry) for name, entry in documented()["get"].items()}


def get_defaults() -> dict[str, Any]:
    return {name: entry.value for name, entry in get_parameters().items()}


def page_cap() -> int:
    """The most items one page of a Get answer holds, whatever MaxResults asks for."""
    return int(documented()["get"]["MaxResults"]["largest"])


def _shape(defs: dict[str, Any], member: dict[str, Any]) -> dict[str, Any]:
    return defs.get(str(member.get("$ref", "")).rsplit("/", 1)[-1], member)


def _enum(defs: dict[str, Any], request: dict[str, Any], member: str) -> tuple[str, ...]:
    found = request["properties"].get(member)
    return tuple(_shape(defs, found).get("enum", ())) if found else ()


def _pair(family: str) -> tuple[str, str]:
    ops = FAMILIES[family]
    return next(op for op in ops if op.startswith("Start")), next(op for op in ops if op.startswith("Get"))


def _threshold(family: str) -> Threshold | None:
    entry = documented()["thresholds"].get(family)
    if entry is None:
        return None
    return Threshold(entry["member"], _documented(entry), dict(entry.get("rules", {})))


def _derive(family: str) -> VideoFamily:
    start, get = _pair(family)
    defs = operation_document(get)["$defs"]
    request, response = defs[f"{get}Request"], defs[f"{get}Response"]
    members = response["properties"]
    lists = [name for name, m in members.items() if _shape(defs, m).get("type") == "array"]
    items = [name for name in lists if name not in documented()["metadata_lists"]]
    if len(items) != 1:
        raise ValueError(f"{get}: expected one list of results among {lists}, found {items}")
    return VideoFamily(
        name=family,
        start=start,
        get=get,
        items=items[0],
        sort_modes=_enum(defs, request, "SortBy"),
        aggregate_modes=_enum(defs, request, "AggregateBy"),
        echoes=tuple(name for name in documented()["echoes"] if name in members),
        model_version=next((name for name in members if name.endswith("ModelVersion")), None),
        threshold=_threshold(family),
        metadata_list="VideoMetadata" in lists,
        start_required=tuple(operation_document(start)["$defs"][f"{start}Request"].get("required", ())),
    )


def _is_video_family(ops: tuple[str, ...]) -> bool:
    return any(op.startswith("Start") and "StreamProcessor" not in op for op in ops)


@cache
def video_families() -> dict[str, VideoFamily]:
    """Every Start/Get family, by name, in the order ``rekognition_conformance.spec.operations`` lists them."""
    return {name: _derive(name) for name, ops in FAMILIES.items() if _is_video_family(ops)}


def video_family(name: str) -> VideoFamily:
    try:
        return video_families()[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a video family; known: {', '.join(video_families())}") from None


def by_get(operation: str) -> VideoFamily:
    """The family whose Get operation is ``operation``."""
    for family in video_families().values():
        if family.get == operation:
            return family
    raise KeyError(f"{operation!r} is not the Get operation of a video family")

"""The table of video families: what it reads from the service model, what it documents, and who reads it."""

from __future__ import annotations

import botocore.loaders
import pytest

from rekognition_conformance.catalogue import JOBS, MAIN_JOBS, THRESHOLD_JOBS
from rekognition_conformance.checks import face_search, label_confidence, moderation, rule_ids_of
from rekognition_conformance.spec.families import get_parameters, page_cap, video_families, video_family
from rekognition_conformance.spec.operations import FAMILIES
from rekognition_conformance.spec.rules import rule
from tests.unit.label_factory import OPERATION, START_REQUEST, label

FAMILIES_TABLE = list(video_families().values())


def _shapes() -> dict:
    return dict(botocore.loaders.Loader().load_service_model("rekognition", "service-2"))["shapes"]


def _output(get: str) -> dict:
    return _shapes()[f"{get}Response"]["members"]


def _members_reachable(shape: str) -> set[str]:
    """Every member name of ``shape`` and of the structures it holds, however deep."""
    shapes, seen, names, todo = _shapes(), set(), set(), [shape]
    while todo:
        current = shapes[todo.pop()]
        for name, member in current.get("members", {}).items():
            names.add(name)
            todo += [member["shape"]] if member["shape"] not in seen else []
            seen.add(member["shape"])
        if "member" in current and current["member"]["shape"] not in seen:
            seen.add(current["member"]["shape"])
            todo.append(current["member"]["shape"])
    return names


def test_every_start_and_get_pair_is_a_family_of_the_table():
    pairs = {name for name, ops in FAMILIES.items() if any(op.startswith("Get") for op in ops)
             and name != "collections" and name != "stream_processors"}
    assert set(video_families()) == pairs
    for family in FAMILIES_TABLE:
        assert {family.start, family.get} <= set(FAMILIES[family.name])


@pytest.mark.parametrize("family", FAMILIES_TABLE, ids=lambda f: f.name)
def test_the_items_member_is_the_model_list_of_results(family):
    shapes, member = _shapes(), _output(family.get)[family.items]
    assert shapes[member["shape"]]["type"] == "list"
    assert family.items not in ("VideoMetadata", "AudioMetadata", "SelectedSegmentTypes")


@pytest.mark.parametrize("family", FAMILIES_TABLE, ids=lambda f: f.name)
def test_modes_and_echoes_are_the_model_s(family):
    shapes, request = _shapes(), _shapes()[f"{family.get}Request"]["members"]
    for member, modes in (("SortBy", family.sort_modes), ("AggregateBy", family.aggregate_modes)):
        expected = shapes[request[member]["shape"]]["enum"] if member in request else []
        assert sorted(modes) == sorted(expected)
    assert set(family.echoes) <= set(_output(family.get))
    assert {"JobId", "Video"} <= set(family.echoes)


def test_documented_defaults_are_quoted_with_their_value():
    for name, documented in get_parameters().items():
        assert str(documented.value).lower() in documented.quote.lower(), name
        assert documented.source.startswith("https://docs.aws.amazon.com/"), name
    assert page_cap() == get_parameters()["MaxResults"].value == 1000
    assert video_family("labels").defaults == {"MaxResults": 1000, "SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}
    assert video_family("faces").defaults == {"MaxResults": 1000}
    assert video_family("celebrities").modes == {"sort-id": {"SortBy": "ID"}}


@pytest.mark.parametrize("family", [f for f in FAMILIES_TABLE if f.threshold], ids=lambda f: f.name)
def test_each_threshold_names_a_start_member_its_default_and_rules_of_the_family(family):
    threshold = family.threshold
    assert threshold.member in _members_reachable(f"{family.start}Request")
    assert f"{float(threshold.default.value):g}" in threshold.default.quote
    for rule_id in threshold.rules.values():
        assert family.start in rule(rule_id).operations or family.get in rule(rule_id).operations


def test_catalogue_jobs_read_their_operations_from_the_table():
    for spec in JOBS.values():
        family = video_family(spec.family)
        assert (spec.start_operation, spec.get_operation, spec.list_member) == (family.start, family.get, family.items)
    assert set(MAIN_JOBS) == set(video_families())
    for name, jobs in THRESHOLD_JOBS.items():
        member = video_family(name).threshold.member
        assert member not in JOBS[jobs.omitted].params
        assert JOBS[jobs.default].params[member] == video_family(name).threshold.default.value


@pytest.mark.parametrize(("module", "family"), [
    (label_confidence, "labels"), (moderation, "moderation"), (face_search, "face_search"),
])
def test_threshold_checks_are_bound_to_the_rules_the_table_names(module, family):
    rules = video_family(family).threshold.rules
    assert rule_ids_of(module.CHECKS.floor) == (rules["floor"],)
    assert rule_ids_of(module.CHECKS.default) == (rules["default"], rules["equivalent"])
    assert rule_ids_of(module.CHECKS.lower) == (rules["lower"],)


def test_the_default_check_judges_against_the_table_s_default():
    below_default = [label("Sky", 0, 49.0)]
    found = label_confidence.check_default_min_confidence(OPERATION, below_default, below_default, START_REQUEST)
    assert [v.rule_id for v in found] == ["LABELS.MIN_CONFIDENCE.DEFAULT"]
    assert found[0].pointer == "default[0]/Label/Confidence"
    at_default = [label("Sky", 0, 50.0)]
    assert label_confidence.check_default_min_confidence(OPERATION, at_default, at_default, START_REQUEST) == []

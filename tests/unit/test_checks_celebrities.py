"""Tests of the celebrity checks: TIMESTAMP and ID orders, the default sort, what a recognition carries, and
GetCelebrityInfo's answers for recognised and unknown Ids."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks import rule_ids_of
from rekognition_conformance.checks.celebrities import (
    check_celebrity_default_sort,
    check_celebrity_faces,
    check_celebrity_timestamp_order,
    check_detail_present,
    check_id_groups,
    check_id_order,
    check_info_matches,
    check_unknown_id_rejected,
    check_unknown_id_type,
)
from tests.unit.face_factory import celebrity, error, exchange

OPERATION = "GetCelebrityRecognition"
INFO = "GetCelebrityInfo"
REQUEST = {"JobId": "job", "SortBy": "ID"}
MARIGOLD = celebrity(0)
BARTHOLOMEW_URLS = ["www.example.org/celebrities/bartholomew-fizzwidget", "www.example.org/b/1"]


def ids(violations):
    return [v.rule_id for v in violations]


def by_time() -> list[dict]:
    return [
        celebrity(0, "3Rq7mZp1"),
        celebrity(0, "7bXn2Lw9", "Bartholomew Fizzwidget"),
        celebrity(200, "3Rq7mZp1"),
        celebrity(400, "7bXn2Lw9", "Bartholomew Fizzwidget"),
    ]


def by_id() -> list[dict]:
    items = by_time()
    return [items[0], items[2], items[1], items[3]]


def info(body: dict, celebrity_id: str = "3Rq7mZp1"):
    return exchange(INFO, body, request={"Id": celebrity_id})


@pytest.mark.parametrize(
    ("fn", "rules"),
    [
        (check_celebrity_timestamp_order, ("CELEBRITIES.SORT.TIMESTAMP",)),
        (check_celebrity_default_sort, ("CELEBRITIES.SORT.DEFAULT",)),
        (check_id_groups, ("CELEBRITIES.SORT.ID",)),
        (check_id_order, ("CELEBRITIES.SORT.ID_ORDER",)),
        (check_celebrity_faces, ("CELEBRITIES.FACE.DEFAULT_ATTRIBUTES",)),
        (check_detail_present, ("CELEBRITIES.DETAIL.PRESENT",)),
        (check_info_matches, ("CELEBRITIES.INFO.NAME", "CELEBRITIES.INFO.URLS", "CELEBRITIES.INFO.KNOWN_GENDER")),
        (check_unknown_id_rejected, ("CELEBRITIES.INFO.UNKNOWN_ID",)),
        (check_unknown_id_type, ("CELEBRITIES.INFO.UNKNOWN_ID.TYPE",)),
    ],
)
def test_each_check_declares_its_rules(fn, rules):
    assert rule_ids_of(fn) == rules


# --- orders ---------------------------------------------------------------------------------------------


def test_a_timestamp_listing_passes_and_an_inversion_is_reported_under_the_celebrity_rule():
    assert check_celebrity_timestamp_order(OPERATION, by_time(), REQUEST) == []
    found = check_celebrity_timestamp_order(OPERATION, by_id(), REQUEST)
    assert ids(found) == ["CELEBRITIES.SORT.TIMESTAMP"]


def test_default_sort_equal_to_the_timestamp_listing_passes_and_an_id_order_is_reported():
    assert check_celebrity_default_sort(OPERATION, by_time(), by_time(), REQUEST) == []
    assert ids(check_celebrity_default_sort(OPERATION, by_id(), by_time(), REQUEST)) == ["CELEBRITIES.SORT.DEFAULT"]


def test_an_id_listing_passes_both_id_checks():
    assert check_id_groups(OPERATION, by_id(), REQUEST) == []
    assert check_id_order(OPERATION, by_id(), REQUEST) == []


def test_a_celebrity_split_in_two_groups_breaks_only_the_grouping_rule():
    found = check_id_groups(OPERATION, by_time(), REQUEST)
    assert ids(found) == ["CELEBRITIES.SORT.ID"]
    assert found[0].pointer == "listing[2]"
    assert check_id_order(OPERATION, by_time(), REQUEST) == []


def test_ids_in_case_insensitive_order_pass_and_descending_ids_are_reported():
    # "a9..." < "B4..." ignoring case, but not in code points: either collation is accepted.
    mixed = [celebrity(0, "a9Kd4Tq2"), celebrity(0, "B4ve8Hs0")]
    assert check_id_order(OPERATION, mixed, REQUEST) == []
    descending = [celebrity(0, "c2Wp6Jn5"), celebrity(0, "B4ve8Hs0")]
    found = check_id_order(OPERATION, descending, REQUEST)
    assert ids(found) == ["CELEBRITIES.SORT.ID_ORDER"]
    assert check_id_groups(OPERATION, descending, REQUEST) == []


# --- what each recognition carries ----------------------------------------------------------------------


def test_celebrity_faces_with_default_attributes_pass_and_others_are_reported():
    assert check_celebrity_faces(OPERATION, by_time(), REQUEST) == []
    items = [*by_time(), celebrity(600, Smile={"Value": True, "Confidence": 90.0})]
    found = check_celebrity_faces(OPERATION, items, REQUEST)
    assert ids(found) == ["CELEBRITIES.FACE.DEFAULT_ATTRIBUTES"]
    assert found[0].pointer == "listing[4]/Celebrity/Face/Smile"


def test_a_recognition_without_id_or_name_is_reported_per_member():
    assert check_detail_present(OPERATION, by_time(), REQUEST) == []
    found = check_detail_present(OPERATION, [*by_time(), celebrity(600, None, None)], REQUEST)
    assert ids(found) == ["CELEBRITIES.DETAIL.PRESENT", "CELEBRITIES.DETAIL.PRESENT"]
    assert [v.pointer for v in found] == ["listing[4]/Celebrity/Id", "listing[4]/Celebrity/Name"]


# --- GetCelebrityInfo -----------------------------------------------------------------------------------


def marigold_info(**changes) -> dict:
    body = {
        "Name": "Marigold Quillfeather",
        "Urls": ["www.example.org/celebrities/marigold-quillfeather"],
        "KnownGender": {"Type": "Female"},
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_info_agreeing_with_the_recognition_passes_whatever_the_url_order():
    assert check_info_matches(info(marigold_info()), MARIGOLD, "listing[0]") == []
    recognised = celebrity(0, "7bXn2Lw9", "Bartholomew Fizzwidget", urls=BARTHOLOMEW_URLS, known_gender="Male")
    body = {"Name": "Bartholomew Fizzwidget", "Urls": BARTHOLOMEW_URLS[::-1], "KnownGender": {"Type": "Male"}}
    assert check_info_matches(info(body, "7bXn2Lw9"), recognised, "listing[0]") == []


def test_info_with_further_urls_passes():
    urls = ["www.example.org/celebrities/marigold-quillfeather", "www.example.org/more"]
    assert check_info_matches(info(marigold_info(Urls=urls)), MARIGOLD, "listing[0]") == []


def test_info_without_known_gender_is_not_judged_on_it():
    assert check_info_matches(info(marigold_info(KnownGender=None)), MARIGOLD, "listing[0]") == []


@pytest.mark.parametrize(
    ("changes", "rule", "where"),
    [
        ({"Name": "Someone Else"}, "CELEBRITIES.INFO.NAME", "/Name"),
        ({"Urls": []}, "CELEBRITIES.INFO.URLS", "/Urls"),
        ({"KnownGender": {"Type": "Male"}}, "CELEBRITIES.INFO.KNOWN_GENDER", "/KnownGender/Type"),
    ],
)
def test_info_disagreeing_with_the_recognition_is_reported_under_the_members_rule(changes, rule, where):
    found = check_info_matches(info(marigold_info(**changes)), MARIGOLD, "listing[0]")
    assert ids(found) == [rule]
    assert found[0].pointer == where and "listing[0]" in found[0].message


def test_info_failing_for_a_recognised_id_is_reported():
    found = check_info_matches(error(INFO, "ResourceNotFoundException", request={"Id": "3Rq7mZp1"}), MARIGOLD, "x")
    assert ids(found) == ["CELEBRITIES.INFO.NAME"]
    assert "3Rq7mZp1" in found[0].message


def test_an_unknown_id_rejected_as_resource_not_found_passes():
    answer = error(INFO, "ResourceNotFoundException", request={"Id": "nobody"})
    assert check_unknown_id_rejected(answer) == []
    assert check_unknown_id_type(answer) == []


def test_an_unknown_id_answered_with_a_celebrity_is_reported():
    answer = info(marigold_info(), "nobody")
    assert ids(check_unknown_id_rejected(answer)) == ["CELEBRITIES.INFO.UNKNOWN_ID"]
    assert check_unknown_id_type(answer) == []


def test_an_unknown_id_rejected_with_another_type_breaks_only_the_type_rule():
    answer = error(INFO, "InvalidParameterException", request={"Id": "nobody"})
    assert check_unknown_id_rejected(answer) == []
    assert ids(check_unknown_id_type(answer)) == ["CELEBRITIES.INFO.UNKNOWN_ID.TYPE"]

"""Celebrity recognition semantics of the reference backend, on the real fixture videos through botocore.

Covers what GetCelebrityRecognition returns: schema-valid pages, celebrities from the invented roster who
appear more than once, the TIMESTAMP (default) and ID orders, faces with the default attributes only and
deterministic results; and GetCelebrityInfo, which agrees with recognition for every roster Id and rejects
an unknown one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import botocore.exceptions
import pytest

from rekognition_conformance.checks.faces import DEFAULT_ATTRIBUTES
from rekognition_conformance.reference.celebrities import ROSTER
from rekognition_conformance.spec.schemas import validator
from tests.unit.face_reference_env import Env, reference_env, video

GET = "get_celebrity_recognition"


@pytest.fixture(scope="module")
def env() -> Iterator[tuple[Env, dict[str, str]]]:
    with reference_env() as e:
        jobs = {
            "short": e.rek.start_celebrity_recognition(Video=video(), JobTag="celebrities")["JobId"],
            "copy": e.rek.start_celebrity_recognition(Video=video("short-copy.mp4"))["JobId"],
            "long": e.rek.start_celebrity_recognition(Video=video("long.mp4"))["JobId"],
        }
        yield e, jobs


def celebrities(env: tuple[Env, dict[str, str]], job: str = "short", **params: Any) -> list[dict[str, Any]]:
    e, jobs = env
    return e.items(GET, "Celebrities", jobs[job], **params)


def test_pages_are_schema_valid_and_chain_to_the_whole_listing(env) -> None:
    e, jobs = env
    for sort_by in ("TIMESTAMP", "ID"):
        whole = celebrities(env, SortBy=sort_by)
        assert len(whole) >= 8
        # Pages of a quarter of the listing or less: at least four of them, whatever the video holds.
        pages = e.pages(GET, jobs["short"], MaxResults=len(whole) // 4, SortBy=sort_by)
        assert len(pages) >= 4
        # Schema validation of a page is slow, so the first and the last page stand for the rest.
        for page in (pages[0], pages[-1]):
            validator("GetCelebrityRecognition", "output").validate(page)
        for page in pages:
            assert page["JobTag"] == "celebrities" and "GetRequestMetadata" not in page
        assert [c for page in pages for c in page["Celebrities"]] == whole


def test_timestamp_is_the_default_order(env) -> None:
    default = celebrities(env)
    assert default == celebrities(env, SortBy="TIMESTAMP")
    keys = [(c["Timestamp"], c["Celebrity"]["Id"]) for c in default]
    assert keys == sorted(keys)


def test_id_order_groups_each_celebrity_in_ascending_id_order(env) -> None:
    items = celebrities(env, SortBy="ID")
    ids = [c["Celebrity"]["Id"] for c in items]
    assert ids == sorted(ids) and len(set(ids)) >= 3
    assert sorted(items, key=lambda c: (c["Timestamp"], c["Celebrity"]["Id"])) == celebrities(env)
    # Sorting by Id differs from sorting by time: the celebrities' appearances interleave.
    assert items != celebrities(env)


def test_recognitions_describe_roster_celebrities_with_default_face_attributes(env) -> None:
    for item in celebrities(env, "long"):
        detail = item["Celebrity"]
        known = ROSTER[detail["Id"]]
        assert (detail["Name"], detail["Urls"], detail["KnownGender"]["Type"]) == (
            known.name,
            list(known.urls),
            known.known_gender,
        )
        assert 0 <= detail["Confidence"] <= 100
        assert set(detail["Face"]) == DEFAULT_ATTRIBUTES


def test_results_depend_only_on_the_video_content(env) -> None:
    assert celebrities(env, "copy") == celebrities(env)


def test_celebrity_info_agrees_with_the_roster_and_rejects_unknown_ids(env) -> None:
    e, _ = env
    for celebrity_id, known in ROSTER.items():
        info = e.rek.get_celebrity_info(Id=celebrity_id)
        info.pop("ResponseMetadata")
        validator("GetCelebrityInfo", "output").validate(info)
        assert info == {"Name": known.name, "Urls": list(known.urls), "KnownGender": {"Type": known.known_gender}}
    assert any(not known.urls for known in ROSTER.values())
    with pytest.raises(botocore.exceptions.ClientError) as unknown:
        e.rek.get_celebrity_info(Id="rcNoSuchCelebrity")
    assert unknown.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        e.rek.get_celebrity_info()
    assert missing.value.response["Error"]["Code"] == "InvalidParameterException"


def test_roster_ids_are_unique_and_match_the_id_pattern() -> None:
    assert len(ROSTER) == len({c.name for c in ROSTER.values()}) >= 5
    assert all(celebrity_id.isalnum() and celebrity_id.isascii() for celebrity_id in ROSTER)

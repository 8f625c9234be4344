"""GetFaceDetection's own rules: the timestamp order of the faces, the FaceAttributes choice (DEFAULT, ALL
and omitted), the attributes a face carries, drawn page sizes; and the same token with other
FaceAttributes refused.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals) are in ``test_video_gets`` and ``test_video_starts``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekognition_conformance.catalogue.faces import ALL, DEFAULT, EXPLICIT_DEFAULT, KEYS
from rekognition_conformance.checks import faces
from rekognition_conformance.suite import face_families as shared
from rekognition_conformance.suite.common import (
    items_or_inconclusive,
    judge_mismatch,
)

START = "StartFaceDetection"
GET = "GetFaceDetection"
MEMBER = "Faces"

pytestmark = [pytest.mark.family("faces"), pytest.mark.jobs(*KEYS)]


# --- StartFaceDetection -------------------------------------------------------------------------------


def test_same_token_with_other_face_attributes_is_rejected(finished, clients, verdict):
    run = finished(DEFAULT)
    judge_mismatch(verdict, clients.rekognition.call(START, {**run.request, "FaceAttributes": "ALL"}))


# --- GetFaceDetection results --------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_faces_are_in_timestamp_order(key, listing, verdict):
    chain = listing(key, MaxResults=shared.SMALL_PAGE)
    items = items_or_inconclusive(verdict, chain, key)
    verdict.check(faces.check_face_timestamp_order, GET, items, chain.params)


def test_face_attributes_default_returns_the_default_attributes_only(listing, verdict):
    chain = listing(EXPLICIT_DEFAULT)
    items = items_or_inconclusive(verdict, chain, EXPLICIT_DEFAULT)
    verdict.check(faces.check_default_attributes, GET, items, chain.params)


def test_face_attributes_all_returns_every_attribute(listing, verdict):
    chain = listing(ALL)
    items = items_or_inconclusive(verdict, chain, ALL)
    verdict.check(faces.check_all_attributes, GET, items, chain.params)


def test_omitted_face_attributes_mean_default(listing, verdict):
    omitted, explicit = listing(DEFAULT), listing(EXPLICIT_DEFAULT)
    items_or_inconclusive(verdict, omitted, DEFAULT)
    verdict.check(faces.check_omitted_attributes, GET, omitted.items, explicit.items, omitted.params)


@pytest.mark.parametrize("key", KEYS)
def test_faces_have_no_occlusion_or_eye_direction_and_quality_in_range(key, listing, verdict):
    chain = listing(key)
    items = items_or_inconclusive(verdict, chain, key)
    verdict.check(faces.check_null_attributes, GET, items, chain.params)
    verdict.check(faces.check_quality_range, GET, items, chain.params)


@given(data=st.data())
def test_any_page_size(data, finished, listing, clients, verdict):
    chain = shared.judge_drawn_pages(verdict, data, clients, listing, finished(ALL))
    verdict.check(faces.check_face_timestamp_order, GET, chain.items, chain.params)
    verdict.assert_clean()


# --- GetFaceDetection rejections -----------------------------------------------------------------------

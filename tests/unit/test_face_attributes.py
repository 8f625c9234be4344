"""The FaceDetail attribute table: members from the model, the documented choices quoted from it."""

from __future__ import annotations

import html
import re

import botocore.loaders
import pytest

from rekognition_conformance.checks import faces as oracle
from rekognition_conformance.reference.facemodel import Box, face, seeded
from rekognition_conformance.spec import face_attributes
from rekognition_conformance.spec.face_attributes import (
    ALL_ATTRIBUTES,
    DEFAULT_ATTRIBUTES,
    FACE_DETAIL_MEMBERS,
    NULL_ATTRIBUTES,
)


def _model() -> dict:
    return dict(botocore.loaders.Loader().load_service_model("rekognition", "service-2"))


def _text(documentation: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", documentation)).split())


def test_members_are_the_model_face_detail_shape() -> None:
    assert set(FACE_DETAIL_MEMBERS) == set(_model()["shapes"]["FaceDetail"]["members"])


def test_all_is_every_member_but_the_documented_nulls() -> None:
    assert set(FACE_DETAIL_MEMBERS) - {"FaceOccluded", "EyeDirection"} == ALL_ATTRIBUTES
    assert DEFAULT_ATTRIBUTES < ALL_ATTRIBUTES
    assert not set(NULL_ATTRIBUTES) & ALL_ATTRIBUTES


def _documentation(shape: str) -> str:
    model = _model()
    if "." in shape:
        owner, member = shape.split(".")
        return _text(model["shapes"][owner]["members"][member]["documentation"])
    return _text(model["operations"][shape]["documentation"])


@pytest.mark.parametrize("section", ["default", "null_in_video"])
def test_each_documented_constant_is_quoted_from_the_model(section: str) -> None:
    entry = face_attributes.documented()[section]
    assert entry["source"].startswith("https://docs.aws.amazon.com/rekognition/")
    assert _text(entry["quote"]) in _documentation(entry["shape"])
    for member in entry["members"]:
        assert member in entry["quote"]


def test_a_member_outside_the_model_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    constants = face_attributes.documented()
    constants["default"]["members"].append("Hairstyle")
    monkeypatch.setattr(face_attributes, "documented", lambda: constants)
    with pytest.raises(ValueError, match="Hairstyle"):
        face_attributes._members("default")


def test_the_oracle_and_the_reference_backend_share_the_table() -> None:
    assert oracle.ALL_ATTRIBUTES is ALL_ATTRIBUTES and oracle.DEFAULT_ATTRIBUTES is DEFAULT_ATTRIBUTES
    one = face(seeded(b"video", "faces"))
    box = Box(0.2, 0.3, 0.1, 0.1)
    assert set(one.detail(0, box, full=True)) == ALL_ATTRIBUTES
    assert set(one.detail(0, box, full=False)) == DEFAULT_ATTRIBUTES


def test_the_reference_backend_refuses_a_member_it_cannot_render(monkeypatch: pytest.MonkeyPatch) -> None:
    from rekognition_conformance.reference import facemodel

    monkeypatch.setattr(facemodel, "ALL_ATTRIBUTES", ALL_ATTRIBUTES | {"FaceOccluded"})
    with pytest.raises(NotImplementedError, match="FaceOccluded"):
        face(seeded(b"video", "faces")).detail(0, Box(0.2, 0.3, 0.1, 0.1), full=True)

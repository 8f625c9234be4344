"""Faults in face detection (StartFaceDetection / GetFaceDetection): the FaceAttributes choice and Quality."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.reference.faults.base import Fault, result_items, rewrite_params, rewrite_result

FAMILY = "faces"
START = ("StartFaceDetection",)
GET = ("GetFaceDetection",)


def _default_means_all(operation: str, params: dict[str, Any]) -> None:
    if params.get("FaceAttributes") == "DEFAULT":
        params["FaceAttributes"] = "ALL"


def _without_emotions(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for item in result_items(operation, result):
        if isinstance(item.get("Face"), dict):
            item["Face"].pop("Emotions", None)


def _quality_on_byte_scale(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    # Brightness read off an 8-bit channel (0-255) instead of the documented 0-100.
    for item in result_items(operation, result):
        quality = (item.get("Face") or {}).get("Quality")
        if isinstance(quality, dict) and isinstance(quality.get("Brightness"), float):
            quality["Brightness"] = round(quality["Brightness"] * 2.55, 3)


FAULTS: tuple[Fault, ...] = (
    Fault("face-default-returns-all", "FACES.ATTRIBUTES.DEFAULT", FAMILY,
          "a job started with FaceAttributes DEFAULT returns every facial attribute, as ALL does",
          START, handler=rewrite_params(_default_means_all)),
    Fault("face-all-missing-emotions", "FACES.ATTRIBUTES.ALL", FAMILY,
          "faces of a job started with FaceAttributes ALL carry no Emotions",
          GET, handler=rewrite_result(_without_emotions)),
    Fault("face-brightness-byte-scale", "FACES.QUALITY.RANGE", FAMILY,
          "a face's Quality.Brightness is given on a 0-255 scale instead of 0-100",
          GET, handler=rewrite_result(_quality_on_byte_scale)),
)

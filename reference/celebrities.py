"""Celebrity recognition: StartCelebrityRecognition, GetCelebrityRecognition and GetCelebrityInfo.

The reference backend knows a small roster of invented celebrities (:data:`ROSTER`; every name is
fictional). A job picks a few of them from the video's bytes and has each appear over intervals of
the video, so a celebrity's detections are spread over the timeline. Each detection carries the
celebrity's Id, Name, Urls and KnownGender, a recognition Confidence and a Face with the default
attributes only (GetCelebrityRecognition returns no others).

Get sorts by SortBy: TIMESTAMP (the documented default) orders by time, then Id; ID groups each
celebrity's detections by Id in code-point order, each group in time order. GetCelebrityInfo answers
from the roster: Name, Urls and KnownGender for a known Id, ResourceNotFoundException otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.reference import facemodel
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.protocol import ServiceError
from rekognition_conformance.reference.results import get_results

START = "StartCelebrityRecognition"
GET = "GetCelebrityRecognition"
INFO = "GetCelebrityInfo"

DEFAULT_SORT_BY = "TIMESTAMP"
_CAST = (3, 4)


@dataclass(frozen=True)
class Celebrity:
    id: str
    name: str
    urls: tuple[str, ...]
    known_gender: str

    def info(self) -> dict[str, Any]:
        return {"Name": self.name, "Urls": list(self.urls), "KnownGender": {"Type": self.known_gender}}


def _celebrity(celebrity_id: str, name: str, known_gender: str, pages: int = 1) -> Celebrity:
    slug = name.lower().replace(" ", "-")
    urls = tuple(f"www.example.org/celebrities/{slug}" + ("" if n == 0 else f"/{n}") for n in range(pages))
    return Celebrity(celebrity_id, name, urls, known_gender)


# Invented people only. Ids mix case and digits so that sorting by Id is not the same as by name.
ROSTER: Mapping[str, Celebrity] = {
    c.id: c
    for c in (
        _celebrity("3Rq7mZp1", "Marigold Quillfeather", "Female"),
        _celebrity("7bXn2Lw9", "Bartholomew Fizzwidget", "Male", pages=2),
        _celebrity("a9Kd4Tq2", "Juniper Snodgrass-Vale", "Female"),
        _celebrity("B4ve8Hs0", "Ezekiel Thunderbottom", "Male"),
        _celebrity("c2Wp6Jn5", "Rowan Starling-Pemberton", "Nonbinary"),
        _celebrity("D8tm1Qa3", "Cornelius Wobblestone", "Male", pages=0),
        _celebrity("e5Lr9Cz7", "Ottoline Brackenbury", "Female", pages=2),
        _celebrity("F1hy3Vk8", "Pip Larkspur", "Unlisted"),
        _celebrity("g6Ns0Bd4", "Fenwick Mallowmere", "Male"),
        _celebrity("H0zu5Xe6", "Clementine Archwhistle", "Female"),
    )
}


@dataclass(frozen=True)
class Appearance:
    celebrity: Celebrity
    spans: tuple[tuple[int, int], ...]
    mover: facemodel.Mover
    face: facemodel.Face
    recognition: facemodel.Wave

    def seen(self, millis: int) -> bool:
        return any(start <= millis < end for start, end in self.spans)


@dataclass(frozen=True)
class Recognition:
    timestamp: int
    appearance: Appearance

    @property
    def id(self) -> str:
        return self.appearance.celebrity.id

    def to_json(self) -> dict[str, Any]:
        appearance, millis = self.appearance, self.timestamp
        celebrity = appearance.celebrity
        return {
            "Timestamp": millis,
            "Celebrity": {
                "Urls": list(celebrity.urls),
                "Name": celebrity.name,
                "Id": celebrity.id,
                "Confidence": round(appearance.recognition.at(millis), 3),
                "Face": appearance.face.detail(millis, appearance.mover.box(millis), full=False),
                "KnownGender": {"Type": celebrity.known_gender},
            },
        }


@dataclass(frozen=True)
class CelebrityResults:
    recognitions: tuple[Recognition, ...]


def _appearances(video: bytes, duration_millis: int) -> list[Appearance]:
    rng = facemodel.seeded(video, "celebrities")
    cast = rng.sample(sorted(ROSTER), rng.randint(*_CAST))
    return [
        Appearance(
            ROSTER[celebrity_id],
            tuple(
                facemodel.intervals(
                    rng, duration_millis, length=(1_000, 3_500), gap=(500, 3_500), lead=(-800, 2_500)
                )
            ),
            facemodel.mover(rng, (700, 1_500), (1_000, 2_200)),
            facemodel.face(rng),
            facemodel.wave(rng, 80.0, 99.99, swing=(0.5, 6.0)),
        )
        for celebrity_id in cast
    ]


def analyze(video: bytes, metadata: Mapping[str, Any], params: Mapping[str, Any]) -> CelebrityResults:
    """The frozen results of a celebrity recognition job."""
    duration = int(metadata["DurationMillis"])
    appearances = _appearances(video, duration)
    return CelebrityResults(
        tuple(
            Recognition(millis, appearance)
            for millis in facemodel.sample_times(duration)
            for appearance in appearances
            if appearance.seen(millis)
        )
    )


class CelebrityView:
    """How GetCelebrityRecognition presents a job's :class:`CelebrityResults`."""

    items_member = "Celebrities"

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {"SortBy": params.get("SortBy") or DEFAULT_SORT_BY}

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        return {}

    def items(self, results: CelebrityResults, order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        if order["SortBy"] == "ID":
            ordered = sorted(results.recognitions, key=lambda r: (r.id, r.timestamp))
        else:
            ordered = sorted(results.recognitions, key=lambda r: (r.timestamp, r.id))
        return [recognition.to_json() for recognition in ordered]

    def result_members(self, results: CelebrityResults) -> dict[str, Any]:
        return {}


VIEW = CelebrityView()


def start_celebrity_recognition(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"JobId": context.jobs.start(START, params, analyze)}


def get_celebrity_recognition(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return get_results(context, params, start_operation=START, view=VIEW)


def get_celebrity_info(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    celebrity = ROSTER.get(params["Id"])
    if celebrity is None:
        raise ServiceError("ResourceNotFoundException", f"Celebrity {params['Id']!r} was not found.")
    return celebrity.info()


OPERATIONS: Mapping[str, Handler] = {
    START: start_celebrity_recognition,
    GET: get_celebrity_recognition,
    INFO: get_celebrity_info,
}

"""What a run costs on real AWS, estimated before any job starts: video minutes and US dollars.

Rekognition Video bills stored-video analysis per minute of video analysed. The estimate multiplies
each job's fixture duration by the list price of its Start operation, and sums over the distinct jobs
the selected tests need (the pool starts each once per run). These are ESTIMATES from list prices:
they are not a quote, regional prices differ, the free tier is ignored, and a repeated Start request
with the same ClientRequestToken is assumed not to be billed again (it returns the same JobId).

Prices: Amazon Rekognition pricing page, "Amazon Rekognition Video — Stored video analysis",
https://aws.amazon.com/rekognition/pricing/ (US East, N. Virginia list prices, first pricing tier):
$0.10 per minute for label, face, face search, celebrity, content moderation, text and people
pathing; segment detection $0.05 per minute for each segment type (technical cues, shots).
Check that page before relying on the figures; update PRICE_PER_MINUTE when it changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from rekognition_conformance.catalogue import JobSpec, job
from rekognition_conformance.fixtures.videos import VIDEOS

PRICING_URL = "https://aws.amazon.com/rekognition/pricing/"

# US dollars per minute of stored video analysed, by Start operation (see the module docstring).
PRICE_PER_MINUTE: dict[str, float] = {
    "StartLabelDetection": 0.10,
    "StartFaceDetection": 0.10,
    "StartFaceSearch": 0.10,
    "StartCelebrityRecognition": 0.10,
    "StartContentModeration": 0.10,
    "StartTextDetection": 0.10,
    "StartPersonTracking": 0.10,
}
# Segment detection is priced per segment type requested.
SEGMENT_PRICE_PER_TYPE_MINUTE = 0.05


@dataclass(frozen=True)
class JobCost:
    key: str
    operation: str
    family: str
    minutes: float  # the fixture's duration
    price_per_minute: float

    @property
    def dollars(self) -> float:
        # Rounded up to whole minutes so that the estimate errs on the expensive side.
        return math.ceil(self.minutes) * self.price_per_minute if self.minutes else 0.0


@dataclass(frozen=True)
class Estimate:
    jobs: tuple[JobCost, ...]

    @property
    def minutes(self) -> float:
        return sum(j.minutes for j in self.jobs)

    @property
    def dollars(self) -> float:
        return sum(j.dollars for j in self.jobs)

    def by_family(self) -> dict[str, tuple[int, float, float]]:
        """family -> (jobs, video minutes, dollars)."""
        table: dict[str, tuple[int, float, float]] = {}
        for j in self.jobs:
            n, minutes, dollars = table.get(j.family, (0, 0.0, 0.0))
            table[j.family] = (n + 1, minutes + j.minutes, dollars + j.dollars)
        return dict(sorted(table.items()))

    def lines(self) -> list[str]:
        rows = [f"{'family':<12} {'jobs':>4} {'video min':>9} {'est. USD':>8}"]
        for family, (n, minutes, dollars) in self.by_family().items():
            rows.append(f"{family:<12} {n:>4} {minutes:>9.2f} {dollars:>8.2f}")
        rows.append(f"{'total':<12} {len(self.jobs):>4} {self.minutes:>9.2f} {self.dollars:>8.2f}")
        rows.append(f"estimate from list prices at {PRICING_URL} (US East, per started minute); "
                    "not a quote: check the page and your region")
        return rows


def price_per_minute(spec: JobSpec) -> float:
    if spec.start_operation == "StartSegmentDetection":
        types = spec.params.get("SegmentTypes") or []
        return SEGMENT_PRICE_PER_TYPE_MINUTE * max(1, len(set(types)))
    try:
        return PRICE_PER_MINUTE[spec.start_operation]
    except KeyError:
        raise KeyError(f"no price known for {spec.start_operation}; add it to PRICE_PER_MINUTE") from None


def video_minutes(video: str) -> float:
    """The fixture's duration in minutes; an object that is not a video is rejected, not analysed."""
    spec = VIDEOS.get(video)
    return spec.duration_millis / 60000 if spec is not None else 0.0


def estimate(keys: Iterable[str]) -> Estimate:
    """The cost of starting each distinct catalogue job in ``keys`` once."""
    specs = [job(k) for k in sorted(set(keys))]
    return Estimate(tuple(
        JobCost(s.key, s.start_operation, s.family, video_minutes(s.video), price_per_minute(s)) for s in specs
    ))

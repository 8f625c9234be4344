"""The cost estimate of ``--target aws`` (conformance/cost.py): video minutes from the fixtures' durations,
dollars at the list price per started minute, each distinct job once."""

from __future__ import annotations

import math

import pytest

from rekognition_conformance.aws_target import refusal
from rekognition_conformance.catalogue import JOBS
from rekognition_conformance.cost import PRICE_PER_MINUTE, PRICING_URL, SEGMENT_PRICE_PER_TYPE_MINUTE, estimate
from rekognition_conformance.fixtures.videos import VIDEOS

SHORT_MIN = VIDEOS["short"].duration_millis / 60000
LONG_MIN = VIDEOS["long"].duration_millis / 60000


def test_the_fixtures_are_the_durations_the_figures_below_assume():
    # 10 s and 62 s: one started minute and two.
    assert (math.ceil(SHORT_MIN), math.ceil(LONG_MIN)) == (1, 2), (SHORT_MIN, LONG_MIN)


@pytest.mark.parametrize(
    ("key", "minutes", "dollars"),
    [
        ("labels.default", SHORT_MIN, 0.10),
        ("labels.long", LONG_MIN, 0.20),  # 1.03 min is billed as 2 started minutes
        ("faces.all", SHORT_MIN, 0.10),
        ("face_search.default", SHORT_MIN, 0.10),
        ("celebrities.default", SHORT_MIN, 0.10),
        ("moderation.default", SHORT_MIN, 0.10),
        ("text.default", SHORT_MIN, 0.10),
        ("persons.default", SHORT_MIN, 0.10),
        ("segments.shots", SHORT_MIN, 0.05),  # one segment type
        ("segments.shots_and_cues", SHORT_MIN, 0.10),  # technical cues and shots, each priced
        ("labels.not_a_video", 0.0, 0.0),  # rejected by the service, nothing analysed
    ],
)
def test_one_job(key, minutes, dollars):
    est = estimate([key])
    assert [j.key for j in est.jobs] == [key]
    assert est.minutes == pytest.approx(minutes), f"{key}: {est.minutes} video minutes, expected {minutes}"
    assert est.dollars == pytest.approx(dollars), f"{key}: ${est.dollars}, expected ${dollars}"


def test_a_job_needed_twice_is_counted_once():
    once = estimate(["labels.default", "labels.long"])
    assert estimate(["labels.long", "labels.default", "labels.default"]) == once
    assert (once.minutes, once.dollars) == (pytest.approx(SHORT_MIN + LONG_MIN), pytest.approx(0.30))


def test_the_whole_catalogue():
    est = estimate(JOBS)
    segments = [s for s in JOBS.values() if s.family == "segments"]
    billed = [s for s in JOBS.values() if s.family != "segments" and s.video != "not_a_video"]
    expected = sum(math.ceil(VIDEOS[s.video].duration_millis / 60000) * PRICE_PER_MINUTE[s.start_operation]
                   for s in billed)
    expected += sum(math.ceil(VIDEOS[s.video].duration_millis / 60000) * SEGMENT_PRICE_PER_TYPE_MINUTE
                    * len(set(s.params["SegmentTypes"])) for s in segments)
    assert len(est.jobs) == len(JOBS)
    assert est.dollars == pytest.approx(expected)
    assert est.dollars == pytest.approx(3.15), est.lines()  # the figure a full run prints today
    families = est.by_family()
    assert sum(n for n, _m, _d in families.values()) == len(JOBS)
    assert families["labels"] == (10, pytest.approx(8 * SHORT_MIN + LONG_MIN), pytest.approx(1.00))


def test_every_start_operation_of_the_catalogue_has_a_price():
    unpriced = {s.start_operation for s in JOBS.values()} - set(PRICE_PER_MINUTE) - {"StartSegmentDetection"}
    assert not unpriced, f"no list price for {unpriced}: add it to PRICE_PER_MINUTE with its source"


def test_the_printed_estimate_names_its_source_and_the_refusal_its_way_out():
    est = estimate(["labels.default", "segments.shots"])
    lines = est.lines()
    assert lines[-2].split() == ["total", "2", f"{2 * SHORT_MIN:.2f}", "0.15"], lines
    assert PRICING_URL in lines[-1] and "not a quote" in lines[-1]
    text = refusal(est)
    assert "2 billable video job(s)" in text and "$0.15" in text
    assert "--allow-billable" in text and "RC_ALLOW_BILLABLE=1" in text

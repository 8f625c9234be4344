"""Segment detection semantics of the reference backend, on real videos.

Covers what GetSegmentDetection returns: segments on the video's real frame grid (timecodes, frame
numbers and millisecond timestamps agreeing at its frame rate), shots tiling the video, technical
cues, the requested types in the requested order, the confidence and BlackFrame filters, the
VideoMetadata and AudioMetadata lists (a video with an AAC track is generated for the latter),
SelectedSegmentTypes and pagination.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

import av
import botocore.session
import pytest
from botocore.config import Config

from rekognition_conformance.fixtures.videos import ensure
from rekognition_conformance.reference.segmentmodel import FrameGrid, timecode
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.spec.schemas import validator

BUCKET = "segment-videos"
SESSION = botocore.session.get_session()
BOTH = ["TECHNICAL_CUE", "SHOT"]

Item = dict[str, Any]


def video(name: str) -> dict[str, Any]:
    return {"S3Object": {"Bucket": BUCKET, "Name": name}}


def with_audio(seconds: int = 3, fps: int = 25) -> bytes:
    """A small H.264 MP4 with a silent stereo AAC track at 48 kHz."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        picture = container.add_stream("libx264", rate=Fraction(fps, 1))
        picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        sound = container.add_stream("aac", rate=48000)
        sound.layout = "stereo"
        for index in range(seconds * fps):
            frame = av.VideoFrame(64, 48, "yuv420p")
            frame.pts = index
            for packet in picture.encode(frame):
                container.mux(packet)
        for index in range(seconds * 48000 // 1024):
            chunk = av.AudioFrame(format="fltp", layout="stereo", samples=1024)
            for plane in chunk.planes:
                plane.update(bytes(plane.buffer_size))
            chunk.sample_rate, chunk.pts = 48000, index * 1024
            for packet in sound.encode(chunk):
                container.mux(packet)
        for stream in (picture, sound):
            for packet in stream.encode():
                container.mux(packet)
    return buffer.getvalue()


@dataclass
class Env:
    rek: Any
    jobs: dict[str, str]

    def start(self, segment_types: list[str], name: str = "short.mp4", **params: Any) -> str:
        return self.rek.start_segment_detection(Video=video(name), SegmentTypes=segment_types, **params)["JobId"]

    def pages(self, job_id: str, **params: Any) -> list[dict[str, Any]]:
        for _ in range(400):
            if self.rek.get_segment_detection(JobId=job_id, MaxResults=1)["JobStatus"] != "IN_PROGRESS":
                break
        found: list[dict[str, Any]] = []
        token: dict[str, str] = {}
        while True:
            page = self.rek.get_segment_detection(JobId=job_id, **params, **token)
            page.pop("ResponseMetadata")
            assert page["JobStatus"] == "SUCCEEDED"
            validator("GetSegmentDetection", "output").validate(page)
            found.append(page)
            if "NextToken" not in page:
                return found
            token = {"NextToken": page["NextToken"]}

    def segments(self, job_id: str, **params: Any) -> list[Item]:
        return [item for page in self.pages(job_id, **params) for item in page["Segments"]]


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with ReferenceServer() as server:
        rek, s3 = (
            SESSION.create_client(
                service,
                endpoint_url=server.endpoint_url,
                region_name=server.region,
                aws_access_key_id=REFERENCE_ACCESS_KEY,
                aws_secret_access_key=REFERENCE_SECRET_KEY,
                config=Config(retries={"mode": "standard"}, s3={"addressing_style": "path"}),
            )
            for service in ("rekognition", "s3")
        )
        s3.create_bucket(Bucket=BUCKET)
        s3.put_object(Bucket=BUCKET, Key="short.mp4", Body=ensure("short").read_bytes())
        s3.put_object(Bucket=BUCKET, Key="long.mp4", Body=ensure("long").read_bytes())
        s3.put_object(Bucket=BUCKET, Key="audio.mp4", Body=with_audio())
        env = Env(rek, {})
        env.jobs.update(
            both=env.start(BOTH),
            shots_first=env.start(["SHOT", "TECHNICAL_CUE", "SHOT"]),
            shots=env.start(["SHOT"]),
            cues=env.start(["TECHNICAL_CUE"]),
            at50=env.start(BOTH, Filters={"ShotFilter": {"MinSegmentConfidence": 50}}),
            strict=env.start(BOTH, Filters={"ShotFilter": {"MinSegmentConfidence": 75},
                                             "TechnicalCueFilter": {"MinSegmentConfidence": 75}}),
            black=env.start(["TECHNICAL_CUE"], "long.mp4",
                            Filters={"TechnicalCueFilter": {"BlackFrame": {"MaxPixelThreshold": 0.0}}}),
            long_cues=env.start(["TECHNICAL_CUE"], "long.mp4"),
            audio=env.start(BOTH, "audio.mp4"),
        )  # fmt: skip
        yield env


def of_type(items: list[Item], kind: str) -> list[Item]:
    return [item for item in items if item["Type"] == kind]


def detail(item: Item) -> dict[str, Any]:
    return item["ShotSegment"] if item["Type"] == "SHOT" else item["TechnicalCueSegment"]


# --- frame grid --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("job", "fps"), [("both", 10), ("audio", 25)])
def test_timecodes_frames_and_timestamps_agree_at_the_frame_rate(env: Env, job: str, fps: int) -> None:
    items = env.segments(env.jobs[job])
    assert items
    for item in items:
        for end in ("Start", "End"):
            frame = item[f"{end}FrameNumber"]
            assert item[f"{end}TimestampMillis"] == math.floor(frame * 1000 / fps)
            seconds, frames = divmod(frame, fps)
            assert item[f"{end}TimecodeSMPTE"] == f"00:00:{seconds:02d}:{frames:02d}"
        assert item["DurationFrames"] == item["EndFrameNumber"] - item["StartFrameNumber"]
        assert item["DurationMillis"] == item["EndTimestampMillis"] - item["StartTimestampMillis"]
        assert item["DurationSMPTE"] == timecode(item["DurationFrames"], Fraction(fps))
        assert 50 <= detail(item)["Confidence"] <= 100


def test_shots_tile_the_video_and_are_numbered_in_order(env: Env) -> None:
    shots = of_type(env.segments(env.jobs["both"]), "SHOT")
    assert len(shots) > 3
    assert shots[0]["StartFrameNumber"] == 0 and shots[-1]["EndFrameNumber"] == 99
    for earlier, later in pairwise(shots):
        assert later["StartFrameNumber"] == earlier["EndFrameNumber"] + 1
    assert [shot["ShotSegment"]["Index"] for shot in shots] == list(range(len(shots)))


def test_technical_cues_include_content_and_end_credits(env: Env) -> None:
    cues = [item["TechnicalCueSegment"]["Type"] for item in env.segments(env.jobs["long_cues"])]
    assert "Content" in cues and cues[-1] == "EndCredits" and "BlackFrames" in cues


def test_drop_frame_timecodes() -> None:
    ntsc = Fraction(30000, 1001)
    assert timecode(1799, ntsc) == "00:00:59;29"
    assert timecode(1800, ntsc) == "00:01:00;02"
    assert timecode(17982, ntsc) == "00:10:00;00"
    assert timecode(1800, Fraction(30)) == "00:01:00:00"
    assert FrameGrid.of(29.97002997, 60_000) == FrameGrid(ntsc, 1798)
    assert FrameGrid(ntsc, 1798).millis(1800) == 60060


# --- types, order and filters ------------------------------------------------------------------------


def test_segments_come_grouped_in_the_requested_type_order(env: Env) -> None:
    both = env.segments(env.jobs["both"])
    first_cue = [item["Type"] for item in both].index("SHOT")
    assert of_type(both, "TECHNICAL_CUE") == both[:first_cue]
    shots_first = env.segments(env.jobs["shots_first"])
    assert shots_first == of_type(both, "SHOT") + of_type(both, "TECHNICAL_CUE")
    for kind in ("SHOT", "TECHNICAL_CUE"):
        starts = [item["StartTimestampMillis"] for item in of_type(both, kind)]
        assert starts == sorted(starts)


def test_only_the_requested_types_are_returned_and_echoed(env: Env) -> None:
    assert env.segments(env.jobs["shots"]) == of_type(env.segments(env.jobs["both"]), "SHOT")
    assert env.segments(env.jobs["cues"]) == of_type(env.segments(env.jobs["both"]), "TECHNICAL_CUE")
    for job, types in (("shots", ["SHOT"]), ("shots_first", ["SHOT", "TECHNICAL_CUE"])):
        for page in env.pages(env.jobs[job], MaxResults=2):
            assert page["SelectedSegmentTypes"] == [{"Type": kind, "ModelVersion": "1.0"} for kind in types]


def test_default_confidence_is_50_and_filters_are_floors(env: Env) -> None:
    both = env.segments(env.jobs["both"])
    assert env.segments(env.jobs["at50"]) == both
    strict = env.segments(env.jobs["strict"])
    assert strict == [item for item in both if detail(item)["Confidence"] >= 75]
    assert len(strict) < len(both)


def test_a_stricter_black_frame_filter_drops_black_frames(env: Env) -> None:
    default = env.segments(env.jobs["long_cues"])
    strict = env.segments(env.jobs["black"])
    assert strict == [item for item in default if item["TechnicalCueSegment"]["Type"] != "BlackFrames"]


# --- metadata and pages ------------------------------------------------------------------------------


def test_every_page_carries_the_metadata_lists(env: Env) -> None:
    pages = env.pages(env.jobs["both"], MaxResults=3)
    assert len(pages) > 2
    for page in pages:
        assert page["VideoMetadata"] == [
            {"Codec": "h264", "DurationMillis": 10000, "Format": "MP4", "FrameRate": 10.0, "FrameHeight": 360,
             "FrameWidth": 640, "ColorRange": "LIMITED"}
        ]  # fmt: skip
        assert page["AudioMetadata"] == []
    assert [item for page in pages for item in page["Segments"]] == env.segments(env.jobs["both"])


def test_audio_streams_are_described(env: Env) -> None:
    for page in env.pages(env.jobs["audio"], MaxResults=2):
        assert page["VideoMetadata"][0]["FrameRate"] == 25.0
        [audio] = page["AudioMetadata"]
        assert audio["Codec"] == "aac" and audio["SampleRate"] == 48000 and audio["NumberOfChannels"] == 2
        assert abs(audio["DurationMillis"] - 3000) <= 100

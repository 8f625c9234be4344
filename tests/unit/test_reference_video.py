"""VideoMetadata as the reference backend reads it from real encoded videos."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import pytest

from rekognition_conformance.fixtures.videos import VIDEOS, ensure
from rekognition_conformance.reference.video import UnsupportedVideo, probe

FULL_RANGE = 2  # FFmpeg's AVCOL_RANGE_JPEG


def encode(container_format: str, codec: str, *, color_range: int | None = None, frames: int = 10) -> bytes:
    """A tiny real video: ``frames`` frames of 64x48 at 25 fps."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container_format) as container:
        stream = container.add_stream(codec, rate=Fraction(25, 1))
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        if color_range is not None:
            stream.codec_context.color_range = color_range
        for index in range(frames):
            frame = av.VideoFrame(64, 48, "rgb24")
            frame.planes[0].update(bytes([index * 20 % 256]) * 64 * 48 * 3)
            frame = frame.reformat(format="yuv420p")
            if color_range is not None:
                frame.color_range = color_range
            frame.pts = index
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


@pytest.mark.parametrize("key", ["short", "long"])
def test_fixture_metadata(key: str) -> None:
    spec = VIDEOS[key]
    assert probe(ensure(key).read_bytes()) == {
        "Codec": "h264",
        "DurationMillis": spec.duration_millis,
        "Format": "MP4",
        "FrameRate": float(spec.fps),
        "FrameHeight": spec.height,
        "FrameWidth": spec.width,
        "ColorRange": "LIMITED",
    }


@pytest.mark.parametrize(("container_format", "expected"), [("mp4", "MP4"), ("mov", "MOV"), ("avi", "AVI")])
def test_container_format(container_format: str, expected: str) -> None:
    metadata = probe(encode(container_format, "libx264"))
    assert metadata["Format"] == expected
    assert (metadata["FrameWidth"], metadata["FrameHeight"], metadata["FrameRate"]) == (64, 48, 25.0)
    assert metadata["DurationMillis"] == 400


def test_full_range_video() -> None:
    assert probe(encode("mp4", "libx264", color_range=FULL_RANGE))["ColorRange"] == "FULL"


@pytest.mark.parametrize(
    ("data", "wording"),
    [
        (b"this is a text file, not a video\n" * 40, "not a readable video"),
        (encode("mp4", "mpeg4"), "Unsupported codec 'mpeg4'"),
        (encode("matroska", "libx264"), "Unsupported container format"),
    ],
    ids=["text", "mpeg4-part2", "matroska"],
)
def test_unsupported_input(data: bytes, wording: str) -> None:
    with pytest.raises(UnsupportedVideo, match=wording):
        probe(data)


def test_truncated_video_is_unsupported() -> None:
    with pytest.raises(UnsupportedVideo):
        probe(ensure("short").read_bytes()[:4096])

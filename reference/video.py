"""Reading the VideoMetadata of a stored video with PyAV.

Rekognition Video analyses H.264 video in MP4, MOV or AVI containers. :func:`probe` opens the
bytes of an S3 object, checks that it is such a video by decoding its first frame, and reports
the members of Rekognition's ``VideoMetadata`` structure. Anything else raises
:class:`UnsupportedVideo`, whose message becomes the StatusMessage of the FAILED job.
"""

from __future__ import annotations

import io
import struct
from typing import Any

import av

SUPPORTED_CODEC = "h264"
_MOV_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2"
_QUICKTIME_BRAND = b"qt  "
# FFmpeg's AVColorRange: 2 is AVCOL_RANGE_JPEG (full swing). Anything else, including the
# "unspecified" most encoders leave, is read as studio (limited) range, as players do.
_AVCOL_RANGE_JPEG = 2


class UnsupportedVideo(Exception):
    """The bytes are not an H.264 video in a container Rekognition Video accepts."""


def _major_brand(data: bytes) -> bytes | None:
    """The major brand of the ISO-BMFF ``ftyp`` box, scanning the top-level boxes that precede it."""
    offset = 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"ftyp":
            return data[offset + 8 : offset + 12] or None
        if size == 1 and offset + 16 <= len(data):
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        if size < 8:
            return None
        offset += size
    return None


def _container_format(container: av.container.InputContainer, data: bytes) -> str:
    name = container.format.name
    if name == "avi":
        return "AVI"
    if name == _MOV_FAMILY:
        # MP4 and QuickTime share one demuxer; the ftyp major brand tells them apart, and a file
        # without an ftyp box is a classic QuickTime movie.
        brand = _major_brand(data)
        return "MOV" if brand in (None, _QUICKTIME_BRAND) else "MP4"
    raise UnsupportedVideo(f"Unsupported container format '{name}'. The video must be an MP4, MOV or AVI file.")


def _duration_millis(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> int:
    if stream.duration is not None and stream.time_base is not None:
        return round(float(stream.duration * stream.time_base) * 1000)
    if container.duration is not None:
        return round(container.duration / 1000)
    raise UnsupportedVideo("The video has no duration.")


def probe(data: bytes) -> dict[str, Any]:
    """The ``VideoMetadata`` of ``data``; raises :class:`UnsupportedVideo` for anything not analysable."""
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.error.FFmpegError, ValueError) as exc:
        raise UnsupportedVideo(f"The object is not a readable video file ({exc}).") from None
    with container:
        if not container.streams.video:
            raise UnsupportedVideo("The file contains no video stream.")
        stream = container.streams.video[0]
        codec = stream.codec_context.name
        if codec != SUPPORTED_CODEC:
            raise UnsupportedVideo(f"Unsupported codec '{codec}'. The video must be encoded with H.264.")
        video_format = _container_format(container, data)
        try:
            first_frame = next(container.decode(stream), None)
        except av.error.FFmpegError as exc:
            raise UnsupportedVideo(f"The H.264 stream could not be decoded ({exc}).") from None
        if first_frame is None:
            raise UnsupportedVideo("The video stream holds no decodable frame.")
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        if not rate:
            raise UnsupportedVideo("The video stream has no frame rate.")
        return {
            "Codec": codec,
            "DurationMillis": _duration_millis(container, stream),
            "Format": video_format,
            "FrameRate": float(rate),
            "FrameHeight": stream.codec_context.height,
            "FrameWidth": stream.codec_context.width,
            "ColorRange": "FULL" if stream.codec_context.color_range == _AVCOL_RANGE_JPEG else "LIMITED",
        }

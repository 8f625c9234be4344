"""The fixture videos hold what the README says they hold, checked on their decoded frames.

Independent detectors stand in for a real service where a cheap one exists: OpenCV's Haar cascade finds
the face, tesseract reads the captions. Cuts, black frames and colour bars are measured on the pixels, and
every photographed shot is compared with the picture it was encoded from.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import av
import cv2
import numpy as np
import pytest

from rekognition_conformance.fixtures import frames
from rekognition_conformance.fixtures.images import face_image
from rekognition_conformance.fixtures.videos import VIDEOS, Shot, VideoSpec, ensure, generate, picture

FACE_CASCADE = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
PHOTOGRAPHED = {"astronaut", "chelsea", "coffee", "rocket"}
# Rekognition's black-frame defaults: a pixel is black up to 20 % of full luminance, a frame is black when
# 99 % of its pixels are (BlackFrame.MaxPixelThreshold and MinCoveragePercentage of StartSegmentDetection).
BLACK_PIXEL = 0.2 * 255
BLACK_COVERAGE = 0.99


@dataclass
class Decoded:
    """What the tests need of one decoded video: sampled frames and the change from each frame to the next."""

    spec: VideoSpec
    samples: dict[int, np.ndarray] = field(default_factory=dict)
    change: list[float] = field(default_factory=list)

    def shot_samples(self, shot: Shot, span: range) -> Iterator[tuple[int, np.ndarray]]:
        for index in sorted({span[0], span[len(span) // 2], span[-1]}):
            yield index - span[0], self.samples[index]


def decode(key: str) -> Decoded:
    spec = VIDEOS[key]
    wanted = {index for _, span in spec.spans() for index in (span[0], span[len(span) // 2], span[-1])}
    decoded, previous = Decoded(spec), None
    with av.open(str(ensure(key))) as container:
        for index, frame in enumerate(container.decode(video=0)):
            rgb = frame.to_ndarray(format="rgb24")
            grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.int16)
            if previous is not None:
                decoded.change.append(float(np.abs(grey - previous).mean()))
            previous = grey
            if index in wanted:
                decoded.samples[index] = rgb
    assert len(decoded.change) == spec.frames - 1, "the video holds another number of frames than its spec"
    return decoded


@pytest.fixture(scope="module", params=sorted(VIDEOS))
def video(request: pytest.FixtureRequest) -> Decoded:
    return decode(request.param)


def faces(rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return [tuple(map(int, box)) for box in FACE_CASCADE.detectMultiScale(grey, 1.1, 5, minSize=(48, 48))]


def test_generation_is_reproducible(tmp_path):
    spec = VIDEOS["short"]
    first, second = generate(spec, tmp_path / "a.mp4"), generate(spec, tmp_path / "b.mp4")
    assert first.read_bytes() == second.read_bytes()
    assert ensure("short").read_bytes() == first.read_bytes(), "the cached fixture is not what the code makes"


def test_a_face_is_found_in_the_face_shots_and_nowhere_else(video: Decoded):
    for shot, span in video.spec.spans():
        for step, rgb in video.shot_samples(shot, span):
            found = faces(rgb)
            where = f"{video.spec.name} {shot.kind} frame {span[0] + step}"
            if shot.kind == "astronaut":
                assert len(found) == 1, f"{where}: expected one face, found {found}"
                # Large enough for any face detector: more than a sixth of the frame's height.
                assert found[0][3] > video.spec.height / 6, f"{where}: face too small: {found}"
            else:
                assert found == [], f"{where}: a face where none was put: {found}"


def test_the_face_image_shows_one_face():
    rgb = cv2.cvtColor(cv2.imdecode(np.frombuffer(face_image(), np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    assert len(faces(rgb)) == 1


def ocr(rgb: np.ndarray, text: str, size: int) -> str:
    """What tesseract reads in the band where :func:`rekognition_conformance.fixtures.frames.lettered` puts ``text`` at
    ``size``."""
    import pytesseract

    x0, y0, x1, y1 = frames.text_box(text, size, rgb.shape[1], rgb.shape[0])
    band = rgb[y0:y1, x0:x1]
    # Tesseract reads letters about 20 to 40 pixels high best: the notes' small letters are enlarged first.
    scale = max(1, round(30 / (size * 0.75)))
    band = cv2.resize(band, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) if scale > 1 else band
    return pytesseract.image_to_string(band, config="--psm 7").strip()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (Debian: tesseract-ocr)")
def test_the_burned_in_texts_are_read_by_ocr_and_only_where_they_are(video: Decoded):
    every = {item for shot in video.spec.shots for item in shot.texts()}
    unlettered = [(shot, span) for shot, span in video.spec.spans() if shot.kind in PHOTOGRAPHED and not shot.texts()]
    for shot, span in video.spec.spans():
        for text, size in shot.texts():
            # The first and the last frame: the zoom's two extremes.
            for index in (span[0], span[-1]):
                read = ocr(video.samples[index], text, size)
                assert read == text, f"{video.spec.name} {shot.kind} frame {index}: OCR read {read!r}, not {text!r}"
    # Where no text was put, the same readings find none of the words: the OCR can fail.
    shot, span = unlettered[0]
    middle = span[len(span) // 2]
    for text, size in every:
        read = ocr(video.samples[middle], text, size)
        assert not set(text.split()) & set(read.split()), f"{shot.kind} frame {middle}: OCR read {read!r}"


def test_caption_letters_are_large_and_note_letters_small(video: Decoded):
    """Measured on the frames: a word-size filter of 4 % of the frame's height keeps captions, drops notes."""
    height = video.spec.height
    for shot, span in video.spec.spans():
        for text, size in shot.texts():
            x0, y0, x1, y1 = frames.text_box(text, size, video.spec.width, height)
            band = video.samples[span[len(span) // 2]][y0:y1, x0:x1].min(axis=2)
            inked = np.flatnonzero((band > 160).any(axis=1))
            share = (inked[-1] - inked[0] + 1) / height
            if size == frames.CAPTION_SIZE:
                assert share > 0.06, f"{shot.kind}: caption {text!r} letters only {share:.1%} of the frame height"
            else:
                assert share < 0.035, f"{shot.kind}: note {text!r} letters {share:.1%} of the frame height"


def test_each_shot_ends_in_a_hard_cut(video: Decoded):
    cuts = {span[0] for _, span in video.spec.spans()[1:]}
    for index, change in enumerate(video.change, start=1):
        if index in cuts:
            assert change > 30, f"{video.spec.name}: frame {index} is a cut but changes only {change:.1f}"
        else:
            assert change < 15, f"{video.spec.name}: frame {index} changes {change:.1f} within a shot"


def test_black_shots_are_black_frames_and_no_other_shot_is(video: Decoded):
    for shot, span in video.spec.spans():
        for step, rgb in video.shot_samples(shot, span):
            coverage = float((rgb.max(axis=2) <= BLACK_PIXEL).mean())
            where = f"{video.spec.name} {shot.kind} frame {span[0] + step}"
            assert (coverage >= BLACK_COVERAGE) == (shot.kind == "black"), f"{where}: {coverage:.1%} black pixels"


def test_colour_bars_show_the_seven_bars(video: Decoded):
    width, height = video.spec.width, video.spec.height
    for shot, span in video.spec.spans():
        if shot.kind != "bars":
            continue
        for _, rgb in video.shot_samples(shot, span):
            for i, colour in enumerate(frames.BAR_COLOURS):
                sample = rgb[height // 3, round((i + 0.5) * width / 7)].astype(int)
                assert np.abs(sample - colour).max() <= 16, f"bar {i}: {sample.tolist()}, not {colour}"


def test_the_photographed_shots_survive_encoding(video: Decoded):
    for shot, span in video.spec.spans():
        if shot.kind not in PHOTOGRAPHED:
            continue
        for step, rgb in video.shot_samples(shot, span):
            drawn = np.asarray(picture(video.spec, shot, step), dtype=np.float64)
            mse = float(((rgb.astype(np.float64) - drawn) ** 2).mean())
            psnr = 10 * np.log10(255**2 / mse)
            assert psnr > 30, f"{video.spec.name} {shot.kind} frame {span[0] + step}: PSNR {psnr:.1f} dB"

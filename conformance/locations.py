"""Where the harness keeps what it writes: generated fixture videos and default cassettes.

In a checkout (the package's folders sit beside ``pyproject.toml``) they stay in the repository's ``fixtures/``,
as the README describes. An installed harness never writes into its own package: videos go to the user's cache
(``$XDG_CACHE_HOME/rekognition-conformance``, else ``~/.cache/rekognition-conformance``), as does hypothesis's
storage, and cassettes default to ``cassettes/`` in the directory the run starts from. ``RC_VIDEO_DIR`` chooses
the video folder in either case.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def checkout() -> Path | None:
    """The repository this package is run from, or None when it is installed."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "fixtures").is_dir() else None


def cache_dir() -> Path:
    """The installed harness's own folder in the user's cache."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rekognition-conformance"


def video_dir() -> Path:
    if chosen := os.environ.get("RC_VIDEO_DIR"):
        return Path(chosen)
    if (root := checkout()) is not None:
        return root / "fixtures" / "videos"
    return cache_dir() / "videos"


def cassette_dir() -> Path:
    if (root := checkout()) is not None:
        return root / "fixtures" / "cassettes"
    return Path.cwd() / "cassettes"

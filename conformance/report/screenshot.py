"""Renders an HTML report in headless Chromium: its DOM after rendering, or a PNG screenshot.

``python -m rekognition_conformance.report.screenshot report.html report.png`` writes the screenshot;
``--dom`` prints the rendered DOM instead. Chromium is Debian's ``chromium`` package (or any binary
named by ``$CHROMIUM``); each call runs it with a fresh profile and no network features.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
)
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")


class ChromiumError(RuntimeError):
    """Chromium is missing or could not render the page."""


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else shutil.which(explicit)
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def _run(page: Path, *args: str, timeout: float) -> subprocess.CompletedProcess:
    binary = find_chromium()
    if binary is None:
        raise ChromiumError(f"no Chromium found (tried $CHROMIUM and {', '.join(CANDIDATES)})")
    with tempfile.TemporaryDirectory(prefix="conformance-chromium-") as profile:
        command = [binary, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise ChromiumError(f"chromium did not finish within {timeout:g} s: {' '.join(command)}") from exc
    if proc.returncode != 0:
        raise ChromiumError(f"chromium exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


def dump_dom(page: Path, *, timeout: float = 120.0) -> str:
    """The page's DOM as Chromium serialises it after loading and laying it out."""
    return _run(page, "--dump-dom", timeout=timeout).stdout


def screenshot(page: Path, png: Path, *, width: int = 1400, height: int = 1800, timeout: float = 120.0) -> Path:
    png = png.resolve()
    proc = _run(page, f"--screenshot={png}", f"--window-size={width},{height}", timeout=timeout)
    if not png.exists() or png.stat().st_size == 0:
        raise ChromiumError(f"chromium wrote no screenshot to {png}: {proc.stderr[-2000:]}")
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render an HTML conformance report in headless Chromium.")
    parser.add_argument("html", type=Path, help="the report (--conformance-html)")
    parser.add_argument("png", type=Path, nargs="?", help="where to write the screenshot")
    parser.add_argument("--dom", action="store_true", help="print the rendered DOM instead of a screenshot")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1800)
    args = parser.parse_args(argv)
    try:
        if args.dom:
            print(dump_dom(args.html))
        elif args.png is None:
            parser.error("give the PNG path, or --dom")
        else:
            print(screenshot(args.html, args.png, width=args.width, height=args.height))
    except ChromiumError as exc:
        parser.exit(2, f"error: {exc}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The session's recorder: which record mode applies, which run id, which target, and the cassette itself.

A replay must send the requests the recording sent. Everything the harness sends is derived from
the run id (ClientRequestTokens, bucket and object names) or from earlier answers (JobIds,
NextTokens), and hypothesis draws are derandomized, so a replay takes the recorded run id from the
cassette's metadata and the rest follows. A run that replays only (``none``, or ``once`` with a
cassette present) starts no backend: the target is built from the metadata and points at an address
nothing listens on, and job polls follow the recorded sequence without sleeping.

A drift run (``--drift``) is live: it records into memory only and compares at the end
(:mod:`rekognition_conformance.cassettes.drift`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
import threading
import time as _time
import types
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pytest
import vcr as vcrpy
from botocore.httpsession import URLLib3Session
from vcr.persisters.filesystem import CassetteNotFoundError

from rekognition_conformance.backend import Target
from rekognition_conformance.cassettes import matching
from rekognition_conformance.cassettes.cassette import SessionCassette
from rekognition_conformance.cassettes.drift import DriftReport, compare_runs
from rekognition_conformance.cassettes.scrubbing import ACCESS_KEY_PLACEHOLDER, SECRET_KEY_PLACEHOLDER, Scrubber
from rekognition_conformance.cassettes.store import CassetteFile, read_metadata
from rekognition_conformance.locations import cassette_dir

RECORD_MODES = ("none", "once", "new_episodes", "all", "rewrite")  # pytest-recording's
# Where a replayed client "sends" its requests: vcrpy answers them before any connection is made,
# and a request that somehow escaped would fail to resolve rather than reach a real service.
REPLAY_ENDPOINT = "http://replay.invalid"
REPLAY_MODES = ("none", "once")
_HTTP_LOCK = threading.RLock()


class RecordingError(ValueError):
    """The recording options contradict each other or the cassette; the message says what to change."""


def default_cassette(target_name: str) -> Path:
    return cassette_dir() / f"{target_name}.json.gz"


@contextlib.contextmanager
def serialised_http() -> Iterator[None]:
    """Let one botocore HTTP exchange happen at a time while a cassette is in place.

    vcrpy sends a live request inside ``vcr.patch.force_reset``, which puts botocore's real
    connection classes back process-wide for the duration. A connection another thread opens in
    that window is a real one: its requests, and every later request the connection pool reuses it
    for, bypass the cassette unrecorded (the job pool starts jobs from eight threads). Holding one
    lock around each exchange closes the window; the cost is that recording starts jobs one by one.
    """
    original = URLLib3Session.send

    @functools.wraps(original)
    def send(self: URLLib3Session, request: Any) -> Any:
        with _HTTP_LOCK:
            return original(self, request)

    URLLib3Session.send = send  # type: ignore[method-assign]
    try:
        yield
    finally:
        URLLib3Session.send = original  # type: ignore[method-assign]


class _NoFile:
    """A persister for drift runs: nothing is loaded into the live cassette, nothing is written."""

    @staticmethod
    def load_cassette(cassette_path: str, serializer: Any = None) -> tuple:
        raise CassetteNotFoundError()

    @staticmethod
    def save_cassette(cassette_path: str, cassette_dict: dict[str, Any], serializer: Any = None) -> None:
        return None


def _versions() -> dict[str, str]:
    out = {}
    for name in ("botocore", "vcrpy", "hypothesis", "rekognition-conformance"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


class _SleeplessTime(types.ModuleType):
    """The ``time`` module without waiting: a replayed answer is already there, however long the recording waited."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_time, name)

    @staticmethod
    def sleep(seconds: float) -> None:
        # Still yield the interpreter: a loop that sleeps while another thread works must not spin.
        _time.sleep(min(seconds, 0.001))


@contextlib.contextmanager
def sleepless_harness() -> Iterator[None]:
    """While replaying, the harness's own polling loops (job pool, resource status) do not sleep.

    Only modules of the harness (``rekognition_conformance.*``) that imported ``time`` get a module that does
    not wait; pytest, hypothesis and botocore keep the real one. Deadlines still use the real
    clock, and the loops stop where the recording stopped, because the replayed answers say so.
    """
    shim = _SleeplessTime("time")
    patched = [
        module for name, module in list(sys.modules.items())
        if name.startswith("rekognition_conformance.") and getattr(module, "time", None) is _time
    ]
    for module in patched:
        module.time = shim  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in patched:
            module.time = _time  # type: ignore[attr-defined]


class Recorder:
    def __init__(
        self,
        *,
        mode: str | None,
        path: str | Path,
        scrub_buckets: bool = False,
        drift: bool = False,
    ) -> None:
        if mode is not None and mode not in RECORD_MODES:
            raise RecordingError(f"--record-mode {mode!r}: choose one of {', '.join(RECORD_MODES)}")
        if drift and mode is not None:
            raise RecordingError("--drift runs live and compares with the cassette; it takes no --record-mode")
        self.mode = mode
        self.drift = drift
        self.path = Path(path)
        self.metadata = read_metadata(self.path) if self.active and mode != "rewrite" else None
        if (mode == "none" or drift) and self.metadata is None:
            what = "--drift" if drift else "--record-mode=none"
            raise RecordingError(
                f"{what} needs a cassette, and there is none at {self.path}; record one with "
                f"--record-mode=once --cassette {self.path}"
            )
        recorded = (self.metadata or {}).get("scrub_buckets", False)
        self.scrub_buckets = bool(scrub_buckets or recorded)
        self.cassette: SessionCassette | None = None
        self.drift_report: DriftReport | None = None
        self._context: Any = None
        self._serialised: contextlib.ExitStack | None = None
        self.started_at = dt.datetime.now(dt.UTC)

    # -- what the run is ---------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.mode is not None or self.drift

    @property
    def replaying(self) -> bool:
        """True when the run is answered from the cassette alone and needs no backend."""
        return self.mode == "none" or (self.mode == "once" and self.metadata is not None)

    @property
    def run_id(self) -> str | None:
        """The run id the run must use: the recorded one whenever recorded interactions are reused."""
        return (self.metadata or {}).get("run_id")

    def configure(self, options: Any) -> None:
        """Fix ``--bucket`` to the recorded one; ``options`` is pytest's ``config.option``.

        The run id is the run session's to resolve (rekognition_conformance.session.resolve_run_id reads
        :attr:`run_id`).
        """
        bucket = (self.metadata or {}).get("bucket")
        if bucket and getattr(options, "bucket", None) is None:
            if not self.replaying and (self.metadata or {}).get("scrub_buckets"):
                raise RecordingError(
                    f"{self.path} was recorded with --bucket and --scrub-buckets: name the live bucket with --bucket"
                )
            options.bucket = bucket

    def pool_timing(self) -> dict[str, float]:
        """JobPool poll delays: none while replaying, where every poll answer is already known."""
        return {"poll_initial": 0.0, "poll_max": 0.0} if self.replaying else {}

    # -- the target --------------------------------------------------------------------------------

    def replay_target(self) -> Target:
        """The target of a replay, built from the metadata: no server, placeholder credentials."""
        md = self.metadata or {}
        recorded = md.get("target", {})
        endpoints = {svc: (REPLAY_ENDPOINT if url else None) for svc, url in md.get("endpoints", {}).items()}
        return Target(
            name=recorded.get("name", "replay"),
            region=md.get("region", "us-east-1"),
            endpoints=endpoints,
            credentials=(ACCESS_KEY_PLACEHOLDER, SECRET_KEY_PLACEHOLDER),
            description=(
                f"replay of {self.path} (recorded {md.get('recorded_at', '?')} against "
                f"{recorded.get('description', '?')})"
            ),
        )

    # -- the session -------------------------------------------------------------------------------

    def _scrubber(self, target: Target) -> Scrubber:
        credentials = target.session().get_credentials()
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
        return Scrubber(
            access_key=getattr(frozen, "access_key", None),
            secret_key=getattr(frozen, "secret_key", None),
            token=getattr(frozen, "token", None),
            scrub_buckets=self.scrub_buckets,
        )

    def _metadata_for(self, target: Target, options: Any, scrubber: Scrubber) -> dict[str, Any]:
        endpoints = {
            "rekognition": target.endpoints.get("rekognition")
            or os.environ.get("AWS_ENDPOINT_URL_REKOGNITION")
            or os.environ.get("AWS_ENDPOINT_URL"),
            "s3": target.endpoints.get("s3") or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get(
                "AWS_ENDPOINT_URL"
            ),
        }
        bucket = getattr(options, "bucket", None)
        return {
            "run_id": getattr(options, "run_id", None),
            "recorded_at": self.started_at.replace(microsecond=0).isoformat(),
            "record_mode": self.mode,
            "target": {"name": target.name, "description": scrubber.text(target.description)},
            "region": target.region,
            "endpoints": {svc: scrubber.text(url) if url else None for svc, url in endpoints.items()},
            "bucket": scrubber.text(bucket) if bucket else None,
            "scrub_buckets": self.scrub_buckets,
            "versions": _versions(),
            "rerecord": f"pytest conformance --record-mode=rewrite --cassette {self._shown_path()}",
        }

    def _shown_path(self) -> str:
        try:
            return str(self.path.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(self.path)

    def start(self, target: Target, options: Any) -> None:
        """Put the cassette in place: from here on every HTTP request of the run goes through it."""
        if not self.active or self._context is not None:
            return
        if self.mode == "rewrite" and self.path.exists():
            self.path.unlink()
        vcr_mode = {"rewrite": "new_episodes"}.get(self.mode or "all", self.mode or "all")
        scrubber = self._scrubber(target)
        # A bucket given with --bucket is known before the first request names it.
        scrubber.add_bucket(getattr(options, "bucket", None) or "")
        recorder = vcrpy.VCR(
            record_mode=vcr_mode,
            match_on=matching.MATCH_ON,
            before_record_request=scrubber.request,
            before_record_response=scrubber.response,
        )
        for name, matcher in matching.MATCHERS.items():
            recorder.register_matcher(name, matcher)
        recorder.register_persister(_NoFile if self.drift else CassetteFile)
        arguments = recorder.get_merged_config(path=str(self.path))
        arguments["scrubber"] = scrubber
        self._serialised = contextlib.ExitStack()
        self._serialised.enter_context(serialised_http())
        if self.replaying:
            self._serialised.enter_context(sleepless_harness())
        self._context = SessionCassette.use_arg_getter(lambda: dict(arguments))
        self.cassette = self._context.__enter__()
        if not self.replaying and not self.drift and (self.metadata is None or self.mode == "all"):
            self.cassette.set_metadata(self._metadata_for(target, options, scrubber))

    def stop(self) -> None:
        """Take the cassette out, write it (when recording), and compare (when measuring drift)."""
        if self._context is None:
            return
        context, self._context = self._context, None
        try:
            context.__exit__(None, None, None)
        finally:
            if self._serialised is not None:
                self._serialised.close()
                self._serialised = None
        if self.drift and self.cassette is not None:
            requests, responses, *_ = CassetteFile.load_cassette(str(self.path))
            self.drift_report = compare_runs(
                list(zip(requests, responses, strict=True)), list(self.cassette.data), cassette=self._shown_path()
            )

    # -- reporting ---------------------------------------------------------------------------------

    def summary(self) -> str | None:
        if not self.active or self.cassette is None:
            return None
        c = self.cassette
        if self.drift:
            return f"drift: {len(c.data)} live interactions compared with {self._shown_path()}"
        played = c.play_count
        new = len(c.data) - c._loaded_count
        parts = [f"cassette {self._shown_path()} ({self.mode}): {played} interactions replayed"]
        if new:
            parts.append(f"{new} recorded")
        if c.missing:
            parts.append(f"{len(c.missing)} requests had no recorded interaction")
        return ", ".join(parts)

    def as_json(self) -> dict[str, Any] | None:
        if not self.active:
            return None
        c = self.cassette
        return {
            "mode": "drift" if self.drift else self.mode,
            "cassette": self._shown_path(),
            "run_id": self.run_id,
            "replayed": c.play_count if c is not None and not self.drift else 0,
            "recorded": (len(c.data) - c._loaded_count) if c is not None and not self.drift else 0,
            "missing": list(c.missing) if c is not None else [],
            "drift": self.drift_report.as_json() if self.drift_report is not None else None,
        }


RECORDER = pytest.StashKey[Recorder]()


def recorder_of(config: pytest.Config) -> Recorder | None:
    """The session's recorder (None before the cassette plugin configured it)."""
    return config.stash.get(RECORDER, None)

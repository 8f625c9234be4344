"""The session cassette: vcrpy's Cassette with an index, a lock, and a clear account of a missing interaction.

Three changes to vcrpy's behaviour, nothing else:

- Lookup goes through an index on :func:`~rekognition_conformance.cassettes.matching.request_key` (the same
  identity the registered matchers define) instead of comparing the request with every recorded
  one: a session cassette holds thousands of interactions.
- Playing and appending hold a lock: the job pool starts and polls jobs from several threads.
- When the record mode forbids recording and no unplayed interaction answers a request, the test
  fails at once with :class:`MissingInteraction`, whose message names the operation and the request
  and says how to re-record. vcrpy would raise its own exception inside botocore, which wraps it as
  an HTTPClientError, retries it with backoff, and ends the test with a long traceback. The
  exception is pytest's failure outcome (a BaseException), so no layer in between catches it.
"""

from __future__ import annotations

import difflib
import threading
from typing import Any

import pytest
from vcr.cassette import Cassette

from rekognition_conformance.cassettes import matching
from rekognition_conformance.cassettes.scrubbing import Scrubber

CLOSEST_CHARS = 300
RERECORD_HINT = "re-record with: pytest conformance --record-mode=rewrite --cassette {path}"


class MissingInteraction(pytest.fail.Exception):  # type: ignore[misc,name-defined]
    """A replayed run made a request the cassette does not answer."""


class SessionCassette(Cassette):
    def __init__(self, *args: Any, scrubber: Scrubber | None = None, **kwargs: Any) -> None:
        self._index: dict[tuple, list[int]] = {}
        self._lock = threading.RLock()
        self.scrubber = scrubber
        self.missing: list[str] = []
        self._loading = False
        super().__init__(*args, **kwargs)

    # -- lookup ------------------------------------------------------------------------------------

    def _load(self) -> None:
        self._loading = True
        try:
            super()._load()
        finally:
            self._loading = False

    def append(self, request: Any, response: Any) -> None:
        with self._lock:
            before = len(self.data)
            if self._loading:
                # Written scrubbed and filtered: running the recording hooks (and vcrpy's deep copy) again on
                # thousands of loaded interactions would only cost seconds at every start.
                self.data.append((request, response))
            else:
                super().append(request, response)
            if len(self.data) > before:
                self._index.setdefault(matching.request_key(self.data[-1][0]), []).append(len(self.data) - 1)

    def _responses(self, request: Any) -> Any:
        request = self._before_record_request(request)
        if not request:
            return
        for index in list(self._index.get(matching.request_key(request), ())):
            yield index, self.data[index][1]

    def play_response(self, request: Any) -> Any:
        with self._lock:
            response = super().play_response(request)
        return self.scrubber.unscrub_response(response) if self.scrubber is not None else response

    def can_play_response_for(self, request: Any) -> bool:
        with self._lock:
            playable = bool(super().can_play_response_for(request))
            if playable or not self.write_protected:
                return playable
            filtered = self._before_record_request(request)
            if not filtered:
                return False
            message = self.explain_missing(filtered)
            self.missing.append(message)
        raise MissingInteraction(message, pytrace=False)

    def _rerecorded_interactions(self) -> list[tuple[Any, Any]]:
        # vcrpy compares every loaded request with every new one; the key does it in one pass.
        loaded, recorded = self.data[: self._loaded_count], self.data[self._loaded_count :]
        if self.drop_unused_requests:
            return recorded
        new_keys = {matching.request_key(r) for r, _ in recorded}
        return [(r, s) for r, s in loaded if matching.request_key(r) not in new_keys] + recorded

    # -- explaining a miss -------------------------------------------------------------------------

    def explain_missing(self, request: Any) -> str:
        key = matching.request_key(request)
        same = self._index.get(key, [])
        operation = matching.operation_of(request)
        lines = [
            f"replay: the cassette has no unplayed interaction for this {operation} request",
            f"  request:  {matching.describe(request)}",
            f"  cassette: {self._path} (record mode {getattr(self.record_mode, 'value', self.record_mode)})",
        ]
        if same:
            lines.append(
                f"  the cassette answers this exact request {len(same)} time(s), and this run asked more often "
                "than the recorded run did"
            )
        else:
            closest = self._closest(request)
            if closest is not None:
                lines.append(f"  closest:  {matching.describe(closest)}")
            else:
                lines.append(f"  the cassette holds no {operation} request at all")
        lines.append("  the suite's requests differ from the recorded run's; " + RERECORD_HINT.format(path=self._path))
        return "\n".join(lines)

    def _closest(self, request: Any) -> Any:
        """The recorded request of the same operation whose body is most alike, or None."""
        target = (request.method.upper(), matching.aws_path(request), matching.amz_target(request))
        # Only the head of each body is compared: the requests that differ are small (a Get's parameters), and
        # a miss inside a hypothesis example is explained again for every example it shrinks to.
        body = (matching.canonical_body(request) or "")[:CLOSEST_CHARS]
        candidates = [
            r for r, _ in self.data
            if (r.method.upper(), matching.aws_path(r), matching.amz_target(r)) == target
        ]
        if not candidates:
            return None
        return max(
            candidates[:500],
            key=lambda r: difflib.SequenceMatcher(
                None, body, (matching.canonical_body(r) or "")[:CLOSEST_CHARS], autojunk=False
            ).ratio(),
        )

    # -- metadata ----------------------------------------------------------------------------------

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self._metadata)

    def set_metadata(self, values: dict[str, Any]) -> None:
        self._metadata = {**self._metadata, **values}
        self.dirty = True

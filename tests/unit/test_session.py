"""The run id is resolved in one place, from every source that may fix it, in a fixed order."""

from __future__ import annotations

import re

import pytest

from rekognition_conformance.session import RunIdError, resolve_run_id

HANDED = {"run_id": "ctrl0001"}


def test_an_xdist_worker_takes_the_controllers_run_id_whatever_else_is_given():
    assert resolve_run_id(given="mine", recorded="rec00001", handed=HANDED) == "ctrl0001"


def test_a_reused_cassette_fixes_the_run_id():
    assert resolve_run_id(given=None, recorded="rec00001", handed=None) == "rec00001"
    assert resolve_run_id(given="rec00001", recorded="rec00001", handed=None) == "rec00001"


def test_a_run_id_other_than_the_cassettes_is_refused():
    with pytest.raises(RunIdError, match="replays only with its own run id"):
        resolve_run_id(given="other", recorded="rec00001", handed=None)


def test_the_given_run_id_is_used_and_otherwise_a_fresh_one_is_drawn():
    assert resolve_run_id(given="mine", recorded=None, handed=None) == "mine"
    drawn = {resolve_run_id(given=None, recorded=None, handed=None) for _ in range(3)}
    assert len(drawn) == 3 and all(re.fullmatch(r"[0-9a-f]{8}", d) for d in drawn)

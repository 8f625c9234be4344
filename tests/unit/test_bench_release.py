"""The benchmark's release comparison: replay and live wall times against the previous release and the goals."""

from __future__ import annotations

from rekognition_conformance.bench import PREVIOUS_RELEASE, RELEASE_GOALS, Run, release_table


def _run(wall: float, exit_status: int = 0) -> Run:
    return Run(latency=0.0, wall=wall, exit=exit_status, start_calls=None, jobs=None, get_calls=None,
               wait_seconds=None, must_violations=None)


def test_both_figures_are_printed_beside_the_previous_release() -> None:
    lines, ok = release_table(live=_run(35.0), replay=_run(8.0))
    assert ok
    replay_line = next(line for line in lines if line.startswith("replay"))
    live_line = next(line for line in lines if line.startswith("live"))
    assert replay_line.split()[2:5] == ["8.0", f"{PREVIOUS_RELEASE['replay']:.1f}", f"{RELEASE_GOALS['replay']:.1f}"]
    assert live_line.split()[-4:] == ["35.0", f"{PREVIOUS_RELEASE['live']:.1f}", f"{RELEASE_GOALS['live']:.1f}", "pass"]


def test_a_missed_goal_or_a_failed_run_fails() -> None:
    assert not release_table(live=_run(41.0), replay=_run(8.0))[1]
    assert not release_table(live=_run(35.0), replay=_run(8.0, exit_status=1))[1]

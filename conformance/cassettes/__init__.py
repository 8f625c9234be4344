"""Recorded cassettes: record the suite's HTTP interactions against any target, replay them with no backend.

Why one session-wide cassette, not pytest-recording's cassette per test: the job pool starts every
job once per session, before the first test, and polls it from whichever test first needs it; a
listing is read once and shared by every later test that needs it. Which test's cassette would
hold a job's Start, its polls or a shared listing depends on the tests selected and their order, so
per-test cassettes would replay only the exact selection they were recorded with. The session
cassette holds every interaction of the run, in order, whoever made it.

The options keep pytest-recording's names and semantics (``--record-mode`` is pytest-recording's own
option; vcrpy does the recording and the replaying):

==============  ===========================================================================
none            replay only; a request the cassette does not answer fails its test
once            replay an existing cassette as ``none`` does; record one if there is none
new_episodes    replay what the cassette answers, send the rest live and add it
all             send everything live and record it, replacing the interactions it repeats
rewrite         delete the cassette, then record it anew
==============  ===========================================================================

Modules: :mod:`~rekognition_conformance.cassettes.matching` (request identity), :mod:`~.scrubbing` (what never
reaches a file), :mod:`~.store` (the file format), :mod:`~.cassette` (vcrpy's cassette with an index
and a clear failure), :mod:`~.recorder` (the session: modes, run id, replay target),
:mod:`~.drift` (live answers against recorded ones) and :mod:`~.plugin` (the pytest options and hooks).
"""

# pytest-recording asks pytest to rewrite the asserts of vcr.matchers when it is imported; importing it before
# vcrpy (which every module here uses) keeps that request in time, whichever plugin pytest loads first.
import pytest_recording  # noqa: F401

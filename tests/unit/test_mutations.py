"""Response mutations: each is caught by its own rule on the reference recording, or said not to be judged there.

The mutations run on the committed reference cassette through the offline judge (seconds, no backend), and
on small corpus folders built from the real-AWS examples, to show what a user's own recording gets.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rekognition_conformance.judge.sources import load
from rekognition_conformance.killcoverage import must_rules
from rekognition_conformance.killmatrix import RECORDING, MutationRun, main, run_mutation_matrix
from rekognition_conformance.mutations import MUTATIONS, Mutation
from rekognition_conformance.mutations.edits import Pages, successful
from rekognition_conformance.mutations.run import KILLED, NOT_JUDGED, SURVIVED, run_mutations
from rekognition_conformance.reference.faults import FAULTS
from rekognition_conformance.spec.rules import rule

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fixtures" / "aws"


@pytest.fixture(scope="module")
def reference_run() -> MutationRun:
    if not RECORDING.exists():
        pytest.fail(f"no reference cassette at {RECORDING}")
    return run_mutation_matrix(RECORDING)


def test_every_must_rule_has_a_fault_or_a_mutation() -> None:
    named = {f.rule for f in FAULTS.values()} | {m.rule for m in MUTATIONS}
    missing = [rule_id for rule_id in must_rules() if rule_id not in named]
    assert not missing, f"MUST rules no fault or mutation breaks: {missing}"


def test_mutations_break_must_rules_of_their_own_family() -> None:
    for mutation in MUTATIONS:
        assert rule(mutation.rule).level == "MUST", f"{mutation.name} breaks a SHOULD rule: {mutation.rule}"
        assert mutation.family != "common", f"{mutation.name} was not assigned to a family"


def test_the_clean_reference_recording_passes(reference_run: MutationRun) -> None:
    assert reference_run.clean_passes, reference_run.problems


def test_no_mutation_survives_on_the_reference_recording(reference_run: MutationRun) -> None:
    bad = [f"{r.name} ({r.rule}): {r.outcome}, {r.reason} at {r.site}; fired {r.fired}"
           for r in reference_run.results if r.outcome not in (KILLED, NOT_JUDGED)]
    assert not bad, "\n".join(bad)


def test_each_video_family_catches_the_shared_mutations(reference_run: MutationRun) -> None:
    # Not only one model family: the page, echo and error mutations are killed in every video family.
    for family in ("labels", "faces", "celebrities", "moderation", "persons", "face_search", "segments", "text"):
        killed = {r.rule for r in reference_run.results if r.family == family and r.killed}
        for rule_id in ("PAGINATION.PAGE_SIZE", "ECHO.JOB_ID", "ERRORS.HTTP_STATUS", "VIDEO_METADATA.EVERY_PAGE"):
            assert rule_id in killed, f"{rule_id} mutation not killed in {family}: {sorted(killed)}"


def test_a_kill_names_the_listing_and_the_rules_that_fired(reference_run: MutationRun) -> None:
    for result in reference_run.results:
        if result.killed:
            assert result.site and result.rule in result.fired, result


def test_a_mutation_another_rule_catches_is_not_killed() -> None:
    # An undeclared member breaks SCHEMA.UNDECLARED, not the timestamp order this mutation claims to break.
    def undeclared(pages: Pages) -> bool:
        pages.bodies[0]["Unexpected"] = 1
        return True

    claims = Mutation("mislabelled", "SORT.TIMESTAMP", "adds a member", ("GetLabelDetection",), undeclared,
                      successful, family="labels")
    [result] = run_mutations(load(RECORDING), [claims])
    assert result.outcome == SURVIVED and "SORT.TIMESTAMP" not in result.fired, result
    assert "SCHEMA.UNDECLARED" in result.fired, result


def test_mutating_leaves_the_recording_as_recorded() -> None:
    recording = load(CORPUS)
    before = [[page.raw for page in chain.pages] for chain in recording.chains]
    run_mutations(recording, MUTATIONS)
    assert [[page.raw for page in chain.pages] for chain in recording.chains] == before


def test_a_recording_without_the_operation_is_not_judged_never_passed(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "GetTextDetection").mkdir(parents=True)
    shutil.copy(CORPUS / "GetTextDetection" / "devguide-2023-text.json", folder / "GetTextDetection")
    results = {r.name: r for r in run_mutations(load(folder), MUTATIONS)}
    assert results["text-word-without-parent"].outcome == KILLED
    celebrity = results["celebrity-face-extra-attribute"]
    assert celebrity.outcome == NOT_JUDGED and "no celebrities answer" in celebrity.reason
    # The example shows no request: the JobId it answered cannot be compared, so the echo is not judged.
    echo = results["job-id-echo-changed@text"]
    assert echo.outcome == NOT_JUDGED and echo.reason, echo


def test_cassette_option_prints_the_proven_rules_of_that_recording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "corpus"
    for name in ("GetTextDetection/devguide-2023-text.json", "GetSegmentDetection/devguide-2021-shots-and-cues.json"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, folder / name)
    report = tmp_path / "mutations.json"
    status = main(["--cassette", str(folder), "--json", str(report)])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0, "\n".join(lines)
    killed = {r["rule"] for r in json.loads(report.read_text())["results"] if r["outcome"] == KILLED}
    assert {"TEXT.IDS.WORD", "SEGMENTS.DETAIL", "SEGMENTS.SORT.TYPE"} <= killed
    assert lines[-1] == f"MUST rules proven: {len(killed)} of {len(must_rules())} (on this recording)"
    assert any(line.startswith("celebrity-face-extra-attribute") and NOT_JUDGED in line for line in lines)
    assert "MUST rules not proven on this recording:" in lines


def test_cassette_option_refuses_what_is_not_a_recording(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a cassette")
    assert main(["--cassette", str(tmp_path / "notes.txt")]) == 2

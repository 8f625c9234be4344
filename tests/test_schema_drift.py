"""The committed schemas must be exactly what the installed botocore derives.

When botocore is upgraded and the Rekognition model changes, the failure lists
every changed shape and member so the regenerated schemas can be reviewed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import botocore
import pytest

from rekognition_conformance.spec import deriver
from rekognition_conformance.spec.deriver import derive_all, diff_documents, drift, load_service_model, write_all

Document = dict[str, Any]


@pytest.fixture(scope="module")
def derived() -> dict[str, Document]:
    return derive_all(load_service_model())


def test_committed_schemas_match_installed_botocore(derived: dict[str, Document]) -> None:
    lines = drift(derived)
    if lines:
        index_path = deriver.SCHEMA_DIR / "index.json"
        committed_version = (
            json.loads(index_path.read_text())["botocoreVersion"] if index_path.exists() else "?"
        )
        header = (
            f"committed schemas were generated with botocore {committed_version}, "
            f"installed botocore is {botocore.__version__}"
            if committed_version != botocore.__version__
            else f"committed schemas differ from what botocore {botocore.__version__} derives"
        )
        listing = "\n".join(f"  {line}" for line in lines)
        command = "python -m rekognition_conformance.spec.deriver"
        pytest.fail(f"{header}:\n{listing}\nRun `{command}` and review the diff.", pytrace=False)


# -------------------------------------------------------------- diff_documents


def test_identical_documents_have_no_diff(derived: dict[str, Document]) -> None:
    document = derived["GetLabelDetection"]
    assert diff_documents(document, copy.deepcopy(document), "GetLabelDetection") == []
    bumped = copy.deepcopy(document)
    bumped["botocoreVersion"] = "9.9.9"
    assert diff_documents(document, bumped, "GetLabelDetection") == []


def test_removed_member_is_named(derived: dict[str, Document]) -> None:
    committed = derived["GetLabelDetection"]
    new = copy.deepcopy(committed)
    del new["$defs"]["LabelDetection"]["properties"]["DurationMillis"]
    assert diff_documents(committed, new, "GetLabelDetection") == [
        "GetLabelDetection: output LabelDetection.DurationMillis: removed"
    ]


def test_added_member_is_named(derived: dict[str, Document]) -> None:
    committed = derived["GetLabelDetection"]
    new = copy.deepcopy(committed)
    new["$defs"]["LabelDetection"]["properties"]["FrameNumber"] = {"$ref": "#/$defs/ULong"}
    new["$defs"]["GetLabelDetectionRequest"]["properties"]["Region"] = {"$ref": "#/$defs/String"}
    new["$defs"]["GetLabelDetectionRequest"]["required"].append("Region")
    assert diff_documents(committed, new, "GetLabelDetection") == [
        "GetLabelDetection: input GetLabelDetectionRequest: new member Region (String), required",
        "GetLabelDetection: output LabelDetection: new member FrameNumber (ULong)",
    ]


def test_changed_constraint_is_reported_at_the_member(derived: dict[str, Document]) -> None:
    committed = derived["StartLabelDetection"]
    new = copy.deepcopy(committed)
    new["$defs"]["Percent"]["maximum"] = 99
    lines = diff_documents(committed, new, "StartLabelDetection")
    assert (
        "StartLabelDetection: input StartLabelDetectionRequest.MinConfidence: maximum changed 100 -> 99"
        in lines
    )
    assert all(line.startswith("StartLabelDetection: input ") for line in lines)
    assert all("maximum changed 100 -> 99" in line for line in lines)


def test_enum_required_and_list_item_changes(derived: dict[str, Document]) -> None:
    committed = derived["GetLabelDetection"]
    new = copy.deepcopy(committed)
    new["$defs"]["VideoJobStatus"]["enum"] = ["IN_PROGRESS", "SUCCEEDED", "FAILED", "CANCELLED"]
    new["$defs"]["GetLabelDetectionRequest"]["required"] = []
    new["$defs"]["Parents"]["maxItems"] = 10
    lines = diff_documents(committed, new, "GetLabelDetection")
    assert 'GetLabelDetection: output GetLabelDetectionResponse.JobStatus: enum gained "CANCELLED"' in lines
    assert "GetLabelDetection: input GetLabelDetectionRequest.JobId: no longer required" in lines
    assert "GetLabelDetection: output Label.Parents: maxItems added 10" in lines


def test_scalar_inside_list_is_named_with_item_suffix(derived: dict[str, Document]) -> None:
    committed = derived["ListCollections"]
    new = copy.deepcopy(committed)
    new["$defs"]["CollectionId"]["maxLength"] = 128
    lines = diff_documents(committed, new, "ListCollections")
    assert (
        "ListCollections: output ListCollectionsResponse.CollectionIds[]: maxLength changed 255 -> 128"
        in lines
    )


def test_error_list_changes(derived: dict[str, Document]) -> None:
    committed = derived["GetLabelDetection"]
    new = copy.deepcopy(committed)
    del new["errors"]["AccessDeniedException"]
    new["errors"]["ThrottlingException"]["x-aws-fault"] = "client"
    new["errors"]["ConflictException"] = {"$ref": "#/$defs/ConflictException", "x-aws-fault": "client"}
    new["$defs"]["ConflictException"] = copy.deepcopy(new["$defs"]["InternalServerError"])
    assert diff_documents(committed, new, "GetLabelDetection") == [
        "GetLabelDetection: error AccessDeniedException: no longer documented",
        "GetLabelDetection: error ThrottlingException: fault changed server -> client",
        "GetLabelDetection: error ConflictException: newly documented (client fault)",
    ]


def test_shape_swap_and_idempotency(derived: dict[str, Document]) -> None:
    committed = derived["StartLabelDetection"]
    new = copy.deepcopy(committed)
    new["idempotent"] = False
    new["$defs"]["StartLabelDetectionRequest"]["properties"]["JobTag"]["$ref"] = "#/$defs/ClientRequestToken"
    lines = diff_documents(committed, new, "StartLabelDetection")
    assert lines[0] == "StartLabelDetection: idempotent changed true -> false"
    job_tag = "StartLabelDetection: input StartLabelDetectionRequest.JobTag"
    assert f"{job_tag}: shape changed JobTag -> ClientRequestToken" in lines
    assert any(line.startswith(f"{job_tag}: pattern changed") for line in lines)


# ------------------------------------------------------------ drift and the CLI


def _rewrite(path: Path, change: Any) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def test_drift_reports_version_members_and_stale_files(derived: dict[str, Document], tmp_path: Path) -> None:
    write_all(derived, tmp_path)
    assert drift(derived, tmp_path) == []

    def older_botocore(document: Document) -> None:
        document["botocoreVersion"] = "1.0.0"

    _rewrite(tmp_path / "index.json", older_botocore)
    _rewrite(tmp_path / "GetTextDetection.json", older_botocore)
    assert drift(derived, tmp_path) == [f'index: botocoreVersion changed "1.0.0" -> "{botocore.__version__}"']

    def drop_duration(document: Document) -> None:
        del document["$defs"]["LabelDetection"]["properties"]["DurationMillis"]

    _rewrite(tmp_path / "GetLabelDetection.json", drop_duration)
    (tmp_path / "DetectLabels.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "StopStreamProcessor.json").unlink()
    lines = drift(derived, tmp_path)
    assert "GetLabelDetection: output LabelDetection: new member DurationMillis (ULong)" in lines
    assert "StopStreamProcessor: not committed (StopStreamProcessor.json missing)" in lines
    assert "DetectLabels: stale, DetectLabels.json is no longer derived" in lines


def test_drift_names_a_document_whose_version_disagrees_with_the_index(
    derived: dict[str, Document], tmp_path: Path
) -> None:
    write_all(derived, tmp_path)

    def older_botocore(document: Document) -> None:
        document["botocoreVersion"] = "1.0.0"

    _rewrite(tmp_path / "GetTextDetection.json", older_botocore)
    assert drift(derived, tmp_path) == [
        f'GetTextDetection: botocoreVersion changed "1.0.0" -> "{botocore.__version__}"'
    ]


def test_drift_reports_index_only_and_formatting_changes(
    derived: dict[str, Document], tmp_path: Path
) -> None:
    write_all(derived, tmp_path)

    def other_reason(document: Document) -> None:
        document["unsupportedPatterns"][0]["reason"] = "rejected by another engine"

    _rewrite(tmp_path / "index.json", other_reason)
    path = tmp_path / "GetTextDetection.json"
    path.write_text(json.dumps(derived["GetTextDetection"]), encoding="utf-8")
    lines = drift(derived, tmp_path)
    assert len(lines) == 2
    assert (
        lines[0] == "GetTextDetection: GetTextDetection.json is not formatted the way the deriver writes it"
    )
    assert lines[1].startswith("index: /unsupportedPatterns: changed")
    assert "rejected by another engine" in lines[1]


def test_write_all_removes_stale_files(derived: dict[str, Document], tmp_path: Path) -> None:
    (tmp_path / "DetectLabels.json").write_text("{}\n", encoding="utf-8")
    written = write_all(derived, tmp_path)
    assert sorted(path.name for path in tmp_path.glob("*.json")) == sorted(path.name for path in written)
    assert not (tmp_path / "DetectLabels.json").exists()
    text = (tmp_path / "GetLabelDetection.json").read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert json.loads(text) == derived["GetLabelDetection"]


def test_check_cli_exit_codes(
    derived: dict[str, Document], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_all(derived, tmp_path)
    assert deriver.main(["--check", "--directory", str(tmp_path)]) == 0
    assert "match" in capsys.readouterr().out

    def tighten(document: Document) -> None:
        document["$defs"]["Percent"]["maximum"] = 99

    _rewrite(tmp_path / "StartLabelDetection.json", tighten)
    before = (tmp_path / "StartLabelDetection.json").read_text(encoding="utf-8")
    assert deriver.main(["--check", "--directory", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert (
        "StartLabelDetection: input StartLabelDetectionRequest.MinConfidence: maximum changed 99 -> 100"
        in out
    )
    assert "python -m rekognition_conformance.spec.deriver" in out
    assert (tmp_path / "StartLabelDetection.json").read_text(encoding="utf-8") == before

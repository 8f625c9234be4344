"""The offline judge: cassette pages chained by NextToken, Gets joined to their Start, corpus layouts."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from rekognition_conformance.cassettes.store import LineSerializer
from rekognition_conformance.judge.__main__ import main
from rekognition_conformance.judge.run import judge
from rekognition_conformance.judge.sources import load
from tests.unit.label_factory import JOB_ID, START_REQUEST, body, label

ARN = "aws:rekognition:us-east-1:000000000000:collection/c1"


def interaction(operation: str, request: dict[str, Any], response: Any, status: int = 200) -> dict[str, Any]:
    return {
        "request": {
            "method": "POST", "uri": "https://rekognition.us-east-1.amazonaws.com/", "body": json.dumps(request),
            "headers": {"X-Amz-Target": [f"RekognitionService.{operation}"],
                        "Content-Type": ["application/x-amz-json-1.1"]},
        },
        "response": {
            "status": {"code": status, "message": "OK"},
            "headers": {"Content-Type": ["application/x-amz-json-1.1"]},
            "body": {"string": json.dumps(response)},
        },
    }


def write(path: Path, interactions: list[dict[str, Any]]) -> Path:
    text = LineSerializer.serialize({"version": 1, "metadata": {}, "interactions": interactions})
    path.write_bytes(gzip.compress(text.encode()) if path.suffix == ".gz" else text.encode())
    return path


def recorded_run(described_arn: str) -> list[dict[str, Any]]:
    first, second = [label("Car", 0), label("Road", 0)], [label("Car", 200)]
    return [
        interaction("CreateCollection", {"CollectionId": "c1"},
                    {"StatusCode": 200, "CollectionArn": ARN, "FaceModelVersion": "7.0"}),
        interaction("DescribeCollection", {"CollectionId": "c1"},
                    {"FaceCount": 0, "FaceModelVersion": "7.0", "CollectionARN": described_arn,
                     "CreationTimestamp": 1.0}),
        interaction("StartLabelDetection", START_REQUEST, {"JobId": JOB_ID}),
        interaction("GetLabelDetection", {"JobId": JOB_ID, "MaxResults": 2},
                    body(first, next_token="page-2")),
        interaction("GetLabelDetection", {"JobId": JOB_ID, "MaxResults": 2, "NextToken": "page-2"}, body(second)),
        interaction("GetLabelDetection", {"JobId": JOB_ID}, {"__type": "ThrottlingException", "Message": "Slow down"},
                    status=500),
    ]


def test_pages_are_chained_and_gets_joined_to_their_start(tmp_path):
    recording = load(write(tmp_path / "run.json", recorded_run("arn:" + ARN)))
    operations = [(c.operation, len(c.pages)) for c in recording.chains]
    assert operations == [("CreateCollection", 1), ("DescribeCollection", 1), ("StartLabelDetection", 1),
                          ("GetLabelDetection", 2), ("GetLabelDetection", 1)]
    listing = recording.chains[3]
    assert listing.sent and listing.complete and listing.start_request == START_REQUEST
    results, document, _ = judge(recording)
    by_name = {r.name: r for r in results}
    chain = by_name["#4 GetLabelDetection (+1 pages)"]
    assert {"PAGINATION.TOKEN", "PAGINATION.PAGE_SIZE", "ECHO.JOB_ID", "ECHO.JOB_TAG", "LABELS.MIN_CONFIDENCE.FLOOR",
            "PROTOCOL.CONTENT_TYPE"} <= set(chain.rules)
    assert {"ERRORS.HTTP_STATUS", "SCHEMA.ERROR_BODY"} <= set(by_name["#6 GetLabelDetection"].rules)
    assert by_name["#1 CreateCollection + #2 DescribeCollection"].rules == ["COLLECTIONS.ARN"]
    assert document["exitstatus"] == 0 and not [v for v in document["violations"] if v["fails"]]


def test_a_describe_naming_another_collection_fails_the_arn_rule(tmp_path, capsys):
    path = write(tmp_path / "run.json.gz", recorded_run("arn:aws:rekognition:us-east-1:000000000000:collection/c2"))
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "#1 CreateCollection + #2 DescribeCollection: 1 rules judged; FAIL COLLECTIONS.ARN" in out
    assert main([str(path), "--verbose"]) == 1
    assert "    judged: COLLECTIONS.ARN\n" in capsys.readouterr().out


def test_a_file_that_is_not_a_cassette_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("not a cassette", encoding="utf-8")
    assert main([str(path)]) == 2
    assert "not a cassette" in capsys.readouterr().err


def test_a_corpus_file_outside_an_operation_folder_is_refused(tmp_path, capsys):
    (tmp_path / "GetLabelDetection").mkdir()
    (tmp_path / "GetLabelDetection" / "page.json").write_text(json.dumps(body([label("Car", 0)])), encoding="utf-8")
    (tmp_path / "stray.json").write_text("{}", encoding="utf-8")
    assert main([str(tmp_path)]) == 2
    assert "stray.json: not in an <Operation>/ folder" in capsys.readouterr().err
    (tmp_path / "stray.json").unlink()
    assert main([str(tmp_path)]) == 0


def test_a_corpus_entry_marked_sent_is_judged_with_the_documented_defaults(tmp_path):
    folder = tmp_path / "GetLabelDetection"
    folder.mkdir()
    (folder / "low.json").write_text(json.dumps(body([label("Car", 0, 41.0)])), encoding="utf-8")
    shown = {"get_request": {"JobId": JOB_ID}, "start_request": {"Video": START_REQUEST["Video"]}}
    (tmp_path / "requests.yaml").write_text(json.dumps({"GetLabelDetection/low.json": shown}), encoding="utf-8")
    # Only shown: the job's MinConfidence is unknown, so the floor is not judged against the default.
    results, _, _ = judge(load(tmp_path))
    assert results[0].inconclusive == ["LABELS.MIN_CONFIDENCE.FLOOR"] and not results[0].failing
    sent = {"GetLabelDetection/low.json": {**shown, "sent": True}}
    (tmp_path / "requests.yaml").write_text(json.dumps(sent), encoding="utf-8")
    results, _, _ = judge(load(tmp_path))
    assert "LABELS.MIN_CONFIDENCE.FLOOR" in results[0].failing and "ECHO.JOB_ID" in results[0].rules


def test_a_check_that_crashes_is_a_harness_error_and_fails_the_run(tmp_path, monkeypatch, capsys):
    from rekognition_conformance.judge import plan

    def crash(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(plan.FAMILY_CHECKS, "GetLabelDetection", crash)
    path = write(tmp_path / "run.json", recorded_run("arn:" + ARN))
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "#4 GetLabelDetection (+1 pages): " in out and "harness error: RuntimeError: boom" in out
    assert "#1 CreateCollection + #2 DescribeCollection: 1 rules judged; pass" in out

"""The reproduction of a violation: an AWS CLI command when the CLI can send the request, else a curl line."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rekognition_conformance.checks import Violation, bind, errors
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY, ReferenceServer
from rekognition_conformance.report.reproduce import reproduce
from rekognition_conformance.spec.rules import rule
from rekognition_conformance.verdict import Ledger, Verdict, explain


def test_a_valid_get_is_an_aws_cli_command_with_one_option_per_member():
    command = reproduce("GetLabelDetection", {"JobId": "j1", "MaxResults": 94, "SortBy": "NAME"})
    assert shlex.split(command, posix=False) == [
        "aws", "rekognition", "get-label-detection", "--job-id", "j1", "--max-results", "94", "--sort-by", "NAME",
        "--region", '"$AWS_REGION"', "--endpoint-url", '"$AWS_ENDPOINT_URL_REKOGNITION"']


def test_structures_are_json_and_values_are_shell_quoted():
    request = {"Video": {"S3Object": {"Bucket": "bucket-1", "Name": "it's a video.mp4"}}, "JobTag": "-tag"}
    words = shlex.split(reproduce("StartLabelDetection", request))
    assert json.loads(words[words.index("--video") + 1]) == request["Video"]
    assert "--job-tag=-tag" in words  # a value starting with a dash stays attached to its option


def test_a_listing_is_not_paginated_by_the_cli():
    assert "--no-paginate" in shlex.split(reproduce("ListFaces", {"CollectionId": "c", "MaxResults": 5}))


def test_what_the_cli_refuses_or_cannot_send_is_a_signed_curl_line_with_the_exact_body():
    for operation, request, body in [
        ("GetLabelDetection", {"JobId": "j1", "MaxResults": 0}, '{"JobId": "j1", "MaxResults": 0}'),
        ("GetLabelDetection", {"JobId": "j1", "Extra": 1}, '{"JobId": "j1", "Extra": 1}'),
        ("GetLabelDetection", {"raw": "{not json"}, "{not json"),
        ("NoSuchOperation", {}, "{}"),
    ]:
        command = reproduce(operation, request)
        words = shlex.split(command, posix=False)
        assert words[0] == "curl" and '"aws:amz:$AWS_REGION:rekognition"' in words, command
        assert shlex.split(command)[-1] == body
        assert f"'X-Amz-Target: RekognitionService.{operation}'" in words


def test_credentials_are_environment_references_expanded_by_the_shell():
    env = {"PATH": os.environ.get("PATH", ""), "AWS_ENDPOINT_URL_REKOGNITION": "http://127.0.0.1:1",
           "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "KEYID", "AWS_SECRET_ACCESS_KEY": "SECRET"}
    command = reproduce("GetLabelDetection", {"raw": "x"})
    assert "SECRET" not in command.replace("$AWS_SECRET_ACCESS_KEY", "")

    def arguments(**extra: str) -> list[str]:
        # The command's words as bash expands them, printed one a line instead of run.
        shown = subprocess.run(["bash", "-c", "printf '%s\\n' " + command.removeprefix("curl ")],
                               env={**env, **extra}, capture_output=True, text=True, check=True)
        return shown.stdout.splitlines()

    words = arguments()
    assert words[words.index("--user") + 1] == "KEYID:SECRET"
    assert words[words.index("--aws-sigv4") + 1] == "aws:amz:eu-west-1:rekognition"
    assert not any("Security-Token" in w for w in words)
    assert "X-Amz-Security-Token: TOKEN" in arguments(AWS_SESSION_TOKEN="TOKEN")


def test_the_explanation_shows_the_reproduction_and_none_without_a_request():
    source = rule("PAGINATION.PAGE_SIZE")
    with_request = Violation("PAGINATION.PAGE_SIZE", "GetLabelDetection", "too many", {"JobId": "j"})
    assert "  reproduce: aws rekognition get-label-detection --job-id j " in explain(with_request, "MUST", source)
    assert reproduce("GetLabelDetection", None) is None
    assert "reproduce:" not in explain(Violation("PAGINATION.PAGE_SIZE", "GetLabelDetection", "x"), "MUST", source)


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl on PATH")
def test_the_curl_line_is_signed_as_the_backend_verifies_it():
    with ReferenceServer() as server:
        env = {"PATH": os.environ.get("PATH", ""), "AWS_ENDPOINT_URL_REKOGNITION": server.endpoint_url,
               "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": REFERENCE_ACCESS_KEY,
               "AWS_SECRET_ACCESS_KEY": REFERENCE_SECRET_KEY}
        command = reproduce("GetLabelDetection", {"raw": "{not json"})

        def error_type(**extra: str) -> str:
            proc = subprocess.run(["bash", "-c", command], env={**env, **extra}, capture_output=True, text=True,
                                  timeout=30)
            assert proc.returncode == 0, proc.stderr
            return json.loads(proc.stdout)["__type"]

        # The body reaches the operation (a signed request whose body is not JSON); a wrong secret does not.
        assert error_type() == "SerializationException"
        assert error_type(AWS_SECRET_ACCESS_KEY="wrong") == "InvalidSignatureException"


def test_a_request_with_a_blob_is_reproduced_with_the_blob_in_base64():
    # IndexFaces by bytes: botocore's request holds the image as bytes, which the wire carries as base64.
    command = reproduce("IndexFaces", {"CollectionId": "people", "Image": {"Bytes": b"\x89PNG"}})
    assert command.startswith("curl ") and '"Bytes": "iVBORw=="' in command


def test_a_request_sent_unsigned_or_wrongly_signed_is_reproduced_the_same_way():
    with ReferenceServer() as server:
        # The AWS CLI installed beside this interpreter sends the valid request's reproduction.
        env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               "AWS_ENDPOINT_URL_REKOGNITION": server.endpoint_url,
               "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": REFERENCE_ACCESS_KEY,
               "AWS_SECRET_ACCESS_KEY": REFERENCE_SECRET_KEY}

        def error_type(signing: str) -> str:
            command = reproduce("GetLabelDetection", {"JobId": "0" * 64}, signing)
            assert REFERENCE_SECRET_KEY not in command
            proc = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=30)
            if proc.returncode:  # the AWS CLI names the error on stderr and exits 255
                return re.search(r"\((\w+)\) when calling", proc.stderr)[1]
            return json.loads(proc.stdout)["__type"].rpartition("#")[2]

        # With the right credentials in the environment, only the reproduction of a valid request is let in.
        assert error_type("valid") == "ResourceNotFoundException"
        assert error_type("none") in {"MissingAuthenticationTokenException", "AccessDeniedException"}
        assert error_type("wrong-secret") in {"InvalidSignatureException", "UnrecognizedClientException"}


def test_a_violation_of_an_answer_to_an_unsigned_request_records_how_it_was_sent():
    accepted = Exchange("GetLabelDetection", {"JobId": "0" * 64}, 200, b"{}", signing="none")
    verdict = Verdict(Ledger(), "test")
    (violation,) = verdict.check(bind(errors.check_rejected, "ERRORS.UNSIGNED"), accepted)
    assert violation.signing == "none"
    assert "--aws-sigv4" not in explain(violation, "MUST", rule("ERRORS.UNSIGNED"))

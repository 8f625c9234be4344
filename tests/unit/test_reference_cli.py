"""``python -m rekognition_conformance.reference``: it prints how to reach it, serves signed requests and stops on
Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import botocore.session
from botocore.config import Config

from rekognition_conformance.reference.server import REFERENCE_ACCESS_KEY, REFERENCE_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]


def test_cli_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "rekognition_conformance.reference", "--port", "0", "--latency", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner: list[str] = []
        assert process.stdout is not None
        for line in process.stdout:
            banner.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        text = "".join(banner)
        url = re.search(r"listening on (http://127\.0\.0\.1:\d+)", text)
        assert url is not None, text
        assert f"AWS_ENDPOINT_URL_REKOGNITION={url.group(1)}" in text
        assert f"AWS_ENDPOINT_URL_S3={url.group(1)}" in text
        assert REFERENCE_ACCESS_KEY in text and REFERENCE_SECRET_KEY in text
        assert "job latency        2 s" in text

        s3 = botocore.session.get_session().create_client(
            "s3",
            endpoint_url=url.group(1),
            region_name="us-east-1",
            aws_access_key_id=REFERENCE_ACCESS_KEY,
            aws_secret_access_key=REFERENCE_SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}),
        )
        s3.create_bucket(Bucket="cli-bucket")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["cli-bucket"]

        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
        assert process.returncode == 0, err
        assert "Stopped." in out
        # Requests are not logged unless --verbose is given.
        assert "cli-bucket" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

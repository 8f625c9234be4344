"""--target endpoint never falls back to real AWS: without an endpoint it refuses, naming --target aws."""

from __future__ import annotations

import pytest

from rekognition_conformance.targets import TargetError, endpoint_target


def test_endpoint_target_refuses_without_an_endpoint(monkeypatch):
    for name in ("AWS_ENDPOINT_URL_REKOGNITION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example")
    with pytest.raises(TargetError, match="--target aws") as refused:
        endpoint_target()
    assert "AWS_ENDPOINT_URL_REKOGNITION" in str(refused.value)


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL_REKOGNITION", "AWS_ENDPOINT_URL"])
def test_endpoint_target_uses_the_configured_endpoint(monkeypatch, variable):
    for name in ("AWS_ENDPOINT_URL_REKOGNITION", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, "http://127.0.0.1:4599")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example")
    assert endpoint_target().description.startswith("http://127.0.0.1:4599")

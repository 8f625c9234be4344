"""AWS's own profile: the families AWS no longer offers are excused on --target aws, and only there."""

from __future__ import annotations

import pytest

from rekognition_conformance.capabilities import Capabilities
from rekognition_conformance.targets import default_profile


def test_aws_brings_its_profile_with_the_dates_and_notices():
    capabilities = Capabilities(profile=default_profile("aws"))
    assert set(capabilities.not_offered) == {"persons", "stream_processors"}
    persons, streams = capabilities.not_offered["persons"], capabilities.not_offered["stream_processors"]
    assert "2025-10-31" in persons and "End of support notice" in persons and "API_GetPersonTracking" in persons
    assert "2026-04-30" in streams and "no longer available to new customers" in streams
    assert capabilities.unsupported("persons") == persons
    assert capabilities.unsupported("labels") is None
    assert capabilities.summary() == capabilities.not_offered


@pytest.mark.parametrize("target", ["reference", "endpoint", "moto", None])
def test_other_targets_serving_those_families_are_still_judged(target):
    assert default_profile(target) is None
    assert Capabilities(profile=default_profile(target)).unsupported("persons") is None

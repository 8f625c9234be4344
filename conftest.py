"""Repository-level pytest configuration.

Keeps non-test packages out of collection, and loads the conformance plugin when the harness is run
from a checkout that was not installed (an installed harness registers it through its entry point).
"""

from importlib.metadata import entry_points

collect_ignore = ["fixtures", "reference", "spec", "tests/bench"]

if not any(ep.name == "rekognition_conformance" for ep in entry_points(group="pytest11")):
    pytest_plugins = ["rekognition_conformance.plugin"]

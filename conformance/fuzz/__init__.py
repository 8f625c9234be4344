"""Schema fuzzing with schemathesis: requests drawn from ``spec/openapi.json``, judged by the suite's checks.

* :mod:`rekognition_conformance.fuzz.options`: ``--fuzz/--no-fuzz`` and ``--fuzz-examples``;
* :mod:`rekognition_conformance.fuzz.api`: the schemathesis view of the committed OpenAPI document;
* :mod:`rekognition_conformance.fuzz.signing`: SigV4 for ``requests`` through botocore's own signer;
* :mod:`rekognition_conformance.fuzz.cases`: which operations are fuzzed in which mode, and the case strategies;
* :mod:`rekognition_conformance.fuzz.judge`: which checks judge a fuzzed answer (the same rule ids as the suite);
* :mod:`rekognition_conformance.fuzz.runner`: sends a case to the target and removes anything it created.

The tests are in ``conformance/suite/test_fuzz.py``.
"""

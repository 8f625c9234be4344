"""Schema fuzzing with schemathesis: requests drawn from ``spec/openapi.json``, judged by the suite's checks.

* :mod:`conformance.fuzz.options`: ``--fuzz/--no-fuzz`` and ``--fuzz-examples``;
* :mod:`conformance.fuzz.api`: the schemathesis view of the committed OpenAPI document;
* :mod:`conformance.fuzz.signing`: SigV4 for ``requests`` through botocore's own signer;
* :mod:`conformance.fuzz.cases`: which operations are fuzzed in which mode, and the case strategies;
* :mod:`conformance.fuzz.judge`: which checks judge a fuzzed answer (the same rule ids as the suite);
* :mod:`conformance.fuzz.runner`: sends a case to the target and removes anything it created.

The tests are in ``conformance/suite/test_fuzz.py``.
"""

"""The offline judge: the suite's schemas and checks applied to answers recorded elsewhere.

``python -m rekognition_conformance.judge PATH`` reads a corpus folder or a cassette (``sources``), picks each
listing's checks (``plan``), runs them through the run's ledger and builds the same document, rule table,
matrix and reports as a live run (``run``).
"""

"""Conformance reports: the operations x rule categories matrix (model), rendered as HTML and in the terminal.

outcomes.py gives every (rule, operation) pair of a run its outcome and decides the CI gate, model.py builds
the matrix from a run's JSON document, should.py summarises SHOULD violations per rule, html.py renders the
self-contained HTML report, terminal.py the compact matrix of the end-of-run summary, plugin.py wires them
into pytest, and screenshot.py renders a report in headless Chromium.
"""

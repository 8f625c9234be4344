"""What the offline judge reads: recorded answers, grouped into the listings and pairs the checks judge.

Two layouts are read. A *corpus folder* holds ``<Operation>/<name>.json`` response bodies (HTTP 200), with an
optional ``requests.yaml`` that gives, per file, the ``request`` it answered (or, for a video Get, the
``get_request`` and the job's ``start_request``, and ``sent: true`` when those are exactly the requests sent);
files named ``<stem>-page<N>.json`` (or ``_page_<N>``) are the pages of one NextToken chain. A *cassette* is
a file recorded by this harness (``--cassette``): every Rekognition interaction in it is an exchange, Get
pages are chained by their JobId, parameters and NextToken, and each Get is joined to the Start request
that created its job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rekognition_conformance.cassettes.matching import amz_target, json_body
from rekognition_conformance.cassettes.store import load_document
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.spec.operations import ALL_OPERATIONS

PAGE = re.compile(r"^(?P<stem>.+?)[-_]page[-_]?(?P<number>\d+)$")
TARGET_PREFIX = "RekognitionService."


class SourceError(ValueError):
    """The path is neither a corpus folder nor a cassette, or a file in it cannot be read."""


@dataclass
class Chain:
    """The pages of one listing (one page for most answers), in order, with the requests behind them.

    ``complete`` is true when the chain starts at the first page and ends on a page without NextToken,
    so that rules about the whole listing can be judged. ``sent`` is true when the requests are the ones
    actually sent (a cassette), false when a source only shows them (a documentation example), in which
    case the checks that compare an answer with its request's identifiers (echoes) are not run.
    """

    name: str
    operation: str
    pages: list[Exchange]
    files: list[str]
    start_request: dict[str, Any] | None = None
    complete: bool = True
    sent: bool = False

    @property
    def request(self) -> dict[str, Any]:
        """The Get parameters of the listing: the first page's request without NextToken."""
        return {k: v for k, v in self.pages[0].request.items() if k != "NextToken"}


@dataclass
class Recording:
    """Everything read from one path: the chains to judge, and a label for the report's target line."""

    path: Path
    kind: str
    chains: list[Chain] = field(default_factory=list)

    @property
    def description(self) -> str:
        return f"recorded answers in {self.path} ({self.kind}, judged offline)"


def load(path: str | Path) -> Recording:
    """The recording at ``path``: a corpus folder or a cassette file."""
    path = Path(path)
    if path.is_dir():
        return _corpus(path)
    if path.is_file():
        return _cassette(path)
    raise SourceError(f"{path}: no such folder or cassette file")


# --- corpus folders --------------------------------------------------------------------------------


def _requests(root: Path) -> dict[str, dict[str, Any]]:
    path = root / "requests.yaml"
    if not path.is_file():
        return {}
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict):
        raise SourceError(f"{path}: expected a mapping of file -> request")
    return document


def _read_body(path: Path) -> bytes:
    raw = path.read_bytes()
    try:
        json.loads(raw)
    except ValueError as exc:
        raise SourceError(f"{path}: not a JSON response body ({exc})") from exc
    return raw


def _corpus(root: Path) -> Recording:
    requests = _requests(root)
    recording = Recording(root, "corpus folder")
    files = sorted(root.rglob("*.json"))
    if not files:
        raise SourceError(f"{root}: no <Operation>/*.json response bodies")
    # Every body is judged or the folder is refused: a file the layout does not place is never passed over.
    misplaced = [p for p in files if p.parent.parent != root]
    if misplaced:
        raise SourceError(f"{misplaced[0]}: not in an <Operation>/ folder directly below {root}")
    chained: dict[tuple[str, str], list[tuple[int, Path]]] = {}
    for path in files:
        operation = path.parent.name
        if operation not in ALL_OPERATIONS:
            raise SourceError(f"{path}: folder {operation!r} is not a covered operation ({', '.join(ALL_OPERATIONS)})")
        match = PAGE.match(path.stem)
        key = (operation, match["stem"] if match else path.stem)
        chained.setdefault(key, []).append((int(match["number"]) if match else 1, path))
    for (operation, stem), numbered in chained.items():
        numbered.sort()
        names = [p.relative_to(root).as_posix() for _, p in numbered]
        pages, start, sent = [], None, True
        for name, (_, path) in zip(names, numbered, strict=True):
            entry = requests.get(name) or {}
            sent = sent and entry.get("sent") is True
            request = dict(entry.get("request") or entry.get("get_request") or {})
            start = start or entry.get("start_request")
            if pages and "NextToken" in request:
                # The source names the token it followed ("<page1>"); the page before holds the real one.
                previous = pages[-1].body if isinstance(pages[-1].body, dict) else {}
                request["NextToken"] = previous.get("NextToken", request["NextToken"])
            pages.append(Exchange(operation, request, 200, _read_body(path)))
        complete = numbered[0][0] == 1 and _token_of(pages[-1]) is None
        name = f"{operation}/{stem}" if len(names) > 1 else names[0]
        chain = Chain(name, operation, pages, names, start, complete=complete, sent=sent)
        recording.chains.append(chain)
    return recording


# --- cassettes -------------------------------------------------------------------------------------


def _value(headers: dict[str, Any], name: str) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return value[0] if isinstance(value, list) and value else str(value)
    return ""


def _exchanges(document: dict[str, Any]) -> list[Exchange]:
    found = []
    for interaction in document.get("interactions", []):
        request, response = interaction["request"], interaction["response"]
        target = amz_target(_Request(request)) or ""
        operation = target[len(TARGET_PREFIX):] if target.startswith(TARGET_PREFIX) else ""
        if operation not in ALL_OPERATIONS:
            continue  # S3 uploads, and operations this project does not cover
        body = json_body(_Request(request))
        raw = response.get("body", {}).get("string", b"")
        raw = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw or b"")
        headers = {k: _value(response.get("headers", {}), k) for k in response.get("headers", {})}
        found.append(Exchange(operation, body if isinstance(body, dict) else {}, int(response["status"]["code"]),
                              raw, headers))
    return found


class _Request:
    """The attributes of a vcrpy request that the cassette matchers read, over a stored interaction."""

    def __init__(self, stored: dict[str, Any]) -> None:
        self.method = stored.get("method", "POST")
        self.uri = stored.get("uri", "")
        self.body = stored.get("body", "")
        self.headers = {k: _value(stored.get("headers", {}), k) for k in stored.get("headers", {})}


def _cassette(path: Path) -> Recording:
    try:
        document = load_document(path)
    except Exception as exc:  # vcrpy's decode errors, gzip and JSON errors alike: the file is not a cassette
        raise SourceError(f"{path}: not a cassette recorded by this harness ({exc})") from exc
    if not document or "interactions" not in document:
        raise SourceError(f"{path}: not a cassette recorded by this harness")
    recording = Recording(path, "cassette")
    starts: dict[str, dict[str, Any]] = {}
    open_chains: dict[tuple, Chain] = {}
    for number, exchange in enumerate(_exchanges(document), start=1):
        name = f"#{number} {exchange.operation}"
        body = exchange.body if isinstance(exchange.body, dict) else {}
        if exchange.operation.startswith("Start") and exchange.ok and isinstance(body.get("JobId"), str):
            starts[body["JobId"]] = exchange.request
        job_id = exchange.request.get("JobId")
        token = exchange.request.get("NextToken")
        params = tuple(sorted((k, json.dumps(v, sort_keys=True)) for k, v in exchange.request.items()
                              if k != "NextToken"))
        key = (exchange.operation, params)
        chain = open_chains.get(key) if token else None
        if chain is not None and _token_of(chain.pages[-1]) == token:
            chain.pages.append(exchange)
            chain.files.append(name)
        else:
            chain = Chain(name, exchange.operation, [exchange], [name],
                          starts.get(job_id) if isinstance(job_id, str) else None,
                          complete=not token, sent=True)
            recording.chains.append(chain)
        # Only a page that continues (a NextToken) can be followed; the chain stays open for its next page.
        if exchange.ok and _token_of(exchange):
            open_chains[key] = chain
        else:
            open_chains.pop(key, None)
    for chain in recording.chains:
        chain.complete = chain.complete and _token_of(chain.pages[-1]) is None
        if len(chain.pages) > 1:
            chain.name = f"{chain.files[0]} (+{len(chain.pages) - 1} pages)"
    return recording


def _token_of(exchange: Exchange) -> str | None:
    body = exchange.body if isinstance(exchange.body, dict) else {}
    token = body.get("NextToken")
    return token if isinstance(token, str) and token else None

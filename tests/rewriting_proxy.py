"""A loopback HTTP proxy in front of the reference backend that rewrites its answers: a broken backend to gate.

The proxy forwards every request byte for byte (the Host header too, so SigV4 signatures still verify) and
hands each Rekognition answer to a rewrite function, which may replace it. That makes, from the one backend
that keeps the contract, a backend nobody wrote: one that crashes with an HTML page on a family, one whose
every Get succeeds with no items, one that leaves JobStatus out.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from rekognition_conformance.reference.server import ReferenceServer


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body or b"{}")

    def with_json(self, document: dict) -> Answer:
        body = json.dumps(document).encode()
        headers = [(k, v) for k, v in self.headers if k.lower() != "content-length"]
        return Answer(self.status, [*headers, ("Content-Length", str(len(body)))], body)


# operation (from X-Amz-Target, or None for S3) and the backend's answer -> the answer to send
Rewrite = Callable[[str | None, Answer], Answer]
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


def html_error(status: int = 500) -> Answer:
    body = b"<!DOCTYPE html><html><body><h1>Internal Server Error</h1></body></html>"
    return Answer(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))], body)


def _handler(upstream: str, rewrite: Rewrite) -> type[BaseHTTPRequestHandler]:
    target = urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # the test's output stays readable
            pass

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Content-Length"] = str(len(body))
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, [(k, v) for k, v in response.getheaders()
                                              if k.lower() not in HOP_BY_HOP], response.read())
            connection.close()
            amz_target = self.headers.get("X-Amz-Target", "")
            operation = amz_target.rsplit(".", 1)[-1] if amz_target else None
            answer = rewrite(operation, answer)
            self.send_response(answer.status)
            for key, value in answer.headers:
                if key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward

    return Handler


@contextmanager
def rewriting_backend(rewrite: Rewrite) -> Iterator[tuple[str, str]]:
    """(proxy URL, backend URL): a proxy on loopback in front of a fresh reference backend, rewriting its
    answers; the backend's own URL serves S3 directly."""
    with ReferenceServer() as backend:
        proxy = ThreadingHTTPServer(("127.0.0.1", 0), _handler(backend.endpoint_url, rewrite))
        proxy.daemon_threads = True
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{proxy.server_address[1]}", backend.endpoint_url
        finally:
            proxy.shutdown()
            proxy.server_close()

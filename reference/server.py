"""The reference backend's HTTP server: Rekognition Video and S3 on one loopback port.

It is built on the standard library's ``http.server.ThreadingHTTPServer``: the clients are
synchronous botocore clients on the same machine, so a thread per connection is all the
concurrency needed, nothing is exposed beyond loopback, and the backend adds no dependency to
the project. Connections are HTTP/1.1 keep-alive (botocore pools them), so every response carries
a Content-Length and every request body is read in full, even when the answer is an error.

Requests that carry ``X-Amz-Target`` go to the Rekognition endpoint (AWS JSON 1.1); all others
are S3 REST requests with path-style addressing. Both accept only SigV4 signatures made with one of
:attr:`ReferenceServer.credentials`.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType, TracebackType
from typing import Any

from rekognition_conformance.reference import faults as fault_catalogue
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.jobs import DEFAULT_MAX_IN_PROGRESS, JobStore
from rekognition_conformance.reference.operations import OPERATIONS
from rekognition_conformance.reference.pagination import PageTokens
from rekognition_conformance.reference.rekognition import RekognitionEndpoint
from rekognition_conformance.reference.s3 import S3Endpoint
from rekognition_conformance.reference.s3store import ObjectStore
from rekognition_conformance.reference.stuck import StuckJobs
from rekognition_conformance.reference.throttle import DEFAULT_SEED, Throttle
from rekognition_conformance.reference.wire import Request, Response

REFERENCE_ACCESS_KEY = "AKIAREFERENCE0000001"
REFERENCE_SECRET_KEY = "reference-secret-key-not-for-aws"


class _BadRequestBody(Exception):
    pass


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_line = self.rfile.readline(1024)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequestBody("invalid chunk size") from None
            if size == 0:
                break
            body += self.rfile.read(size)
            self.rfile.readline(8)
        # Skip any trailer fields up to the blank line that ends the message.
        while self.rfile.readline(8192).strip():
            pass
        return bytes(body)

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length)
        except ValueError:
            raise _BadRequestBody("invalid Content-Length") from None
        if size < 0:
            raise _BadRequestBody("invalid Content-Length")
        body = self.rfile.read(size)
        if len(body) != size:
            raise _BadRequestBody("body shorter than Content-Length")
        return body

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _BadRequestBody as exc:
            # The stream can no longer be trusted to be at a message boundary.
            self.close_connection = True
            self.send_error(400, str(exc))
            return
        request = Request.build(self.command, self.path, self.headers.items(), body)
        self._write(self.server.reference.handle(request))

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        length = response.content_length if response.content_length is not None else len(response.body)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # Idle keep-alive connections would otherwise make server_close() wait for ever.
    block_on_close = False

    def __init__(self, address: tuple[str, int], reference: ReferenceServer, verbose: bool) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.reference = reference
        self.verbose = verbose
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        with self._connections_lock:
            self._connections.add(connection)
        return connection, address

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """Close the kept-alive connections too, so a stopped server answers nobody."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class ReferenceServer:
    """The reference backend, serving on ``host:port`` (port 0 picks a free port) once started."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        job_latency: float = 0.0,
        region: str = "us-east-1",
        credentials: Mapping[str, str] | None = None,
        max_concurrent_jobs: int = DEFAULT_MAX_IN_PROGRESS,
        verbose: bool = False,
        faults: Iterable[str] = (),
        throttle: float = 0.0,
        throttle_seed: int = DEFAULT_SEED,
        stuck_jobs: Iterable[str] = (),
    ) -> None:
        # Named deviations from the contract (reference/faults), off unless asked for: the kill matrix
        # switches them on one at a time. Resolved first, so an unknown name fails before a port is bound.
        self.faults = fault_catalogue.resolve(faults)
        self.region = region
        self.credentials: Mapping[str, str] = MappingProxyType(
            dict(credentials) if credentials is not None else {REFERENCE_ACCESS_KEY: REFERENCE_SECRET_KEY}
        )
        self.store = ObjectStore()
        self.jobs = JobStore(self.store, latency=job_latency, max_in_progress=max_concurrent_jobs)
        # Load the harness must ride out (reference/throttle.py) and jobs that never finish (reference/stuck.py).
        self.throttle = Throttle(throttle, throttle_seed)
        stuck = tuple(stuck_jobs)
        jobs: Any = StuckJobs(self.jobs, stuck) if stuck else self.jobs
        self.stuck_jobs = frozenset(stuck)
        # This server's own copy of the registry, so one server's handlers can be replaced alone.
        self.operations: dict[str, Handler] = fault_catalogue.wrap_operations(OPERATIONS, self.faults)
        context = ServiceContext(jobs=jobs, tokens=PageTokens(), objects=self.store, region=region)
        self._rekognition = RekognitionEndpoint(context, self.operations, region=region, credentials=self.credentials)
        # Faults that change the HTTP exchange itself (status, headers, authentication) wrap the endpoint.
        self._serve_rekognition = fault_catalogue.wrap_endpoint(
            self._rekognition.handle, self._rekognition, self.faults
        )
        self._s3 = S3Endpoint(self.store, region=region, credentials=self.credentials)
        self._httpd = _HTTPServer((host, port), self, verbose)
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def endpoint_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        with contextlib.suppress(ValueError):
            if ipaddress.ip_address(host).version == 6:
                host = f"[{host}]"
        return f"http://{host}:{port}"

    def handle(self, request: Request) -> Response:
        if request.header("x-amz-target") is not None:
            refusal = self.throttle.refusal()
            return refusal if refusal is not None else self._serve_rekognition(request)
        return self._s3.handle(request)

    def start(self) -> ReferenceServer:
        if self._closed:
            raise RuntimeError("a stopped ReferenceServer cannot be started again")
        if self._thread is None:
            # A short poll interval keeps stop() quick; the loop is otherwise idle in select().
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"reference-server-{self.endpoint_url}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.drop_connections()
        self._httpd.server_close()
        self.jobs.close()

    def __enter__(self) -> ReferenceServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

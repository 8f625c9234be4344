"""Run the reference backend in the foreground: ``python -m rekognition_conformance.reference --port 4599 --latency 2``.

It prints the endpoint, the credentials it accepts and the environment that points botocore (or
the AWS CLI) at it, then serves until Ctrl-C or SIGTERM. ``--fault NAME`` makes it break one
documented rule on purpose (``--list-faults`` lists them), to test a test suite.
"""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from rekognition_conformance.reference.faults import UnknownFault
from rekognition_conformance.reference.jobs import DEFAULT_MAX_IN_PROGRESS
from rekognition_conformance.reference.server import ReferenceServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rekognition_conformance.reference",
        description="Serve the reference Rekognition Video + S3 backend.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=4599, help="port to listen on; 0 picks a free one (default 4599)")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds each job stays IN_PROGRESS before it finishes (default 0)"
    )
    parser.add_argument("--region", default="us-east-1", help="region clients must sign for (default us-east-1)")
    parser.add_argument(
        "--max-concurrent-jobs",
        type=int,
        default=DEFAULT_MAX_IN_PROGRESS,
        help=f"IN_PROGRESS jobs allowed at once before LimitExceededException (default {DEFAULT_MAX_IN_PROGRESS})",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        help="break one documented rule on purpose (repeatable; see --list-faults); for testing test suites",
    )
    parser.add_argument("--list-faults", action="store_true", help="list the faults --fault accepts and exit")
    parser.add_argument(
        "--throttle",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="refuse this fraction of Rekognition requests with ThrottlingException or "
        "ProvisionedThroughputExceededException (default 0)",
    )
    parser.add_argument(
        "--throttle-seed", type=int, default=0, help="seed of the throttling draws, for reproducible runs (default 0)"
    )
    parser.add_argument(
        "--stuck-job",
        action="append",
        default=[],
        metavar="START_OPERATION",
        help="keep every job of this Start operation IN_PROGRESS for ever (repeatable)",
    )
    return parser


def _fault_list() -> str:
    from rekognition_conformance.reference.faults import FAULTS

    width = max(len(name) for name in FAULTS)
    return "\n".join(f"{f.name:<{width}}  {f.rule:<32}  {f.description}" for f in FAULTS.values())


def _banner(server: ReferenceServer, latency: float) -> str:
    access_key, secret_key = next(iter(server.credentials.items()))
    url = server.endpoint_url
    return "\n".join(
        [
            f"Reference Rekognition Video + S3 backend listening on {url}",
            f"  region             {server.region}",
            f"  access key id      {access_key}",
            f"  secret access key  {secret_key}",
            f"  job latency        {latency:g} s",
            *([f"  FAULTS             {', '.join(f.name for f in server.faults)}"] if server.faults else []),
            *([f"  THROTTLING         {server.throttle.fraction:g} of requests"] if server.throttle.fraction else []),
            *([f"  STUCK JOBS         {', '.join(sorted(server.stuck_jobs))}"] if server.stuck_jobs else []),
            "",
            "Point botocore or the AWS CLI at it with:",
            f"  export AWS_ENDPOINT_URL_REKOGNITION={url}",
            f"  export AWS_ENDPOINT_URL_S3={url}",
            f"  export AWS_ACCESS_KEY_ID={access_key}",
            f"  export AWS_SECRET_ACCESS_KEY={secret_key}",
            f"  export AWS_DEFAULT_REGION={server.region}",
            "S3 needs path-style addressing: Config(s3={'addressing_style': 'path'}) in botocore.",
            "Press Ctrl-C to stop.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.list_faults:
        print(_fault_list())
        return 0
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        server = ReferenceServer(
            args.host,
            args.port,
            job_latency=args.latency,
            region=args.region,
            max_concurrent_jobs=args.max_concurrent_jobs,
            verbose=args.verbose,
            faults=args.fault,
            throttle=args.throttle,
            throttle_seed=args.throttle_seed,
            stuck_jobs=args.stuck_job,
        )
    except (UnknownFault, ValueError) as exc:
        parser.error(str(exc))
    with server:
        print(_banner(server, args.latency), flush=True)
        # A timed wait lets the main thread run the signal handler promptly.
        while not stopping.wait(0.5):
            pass
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

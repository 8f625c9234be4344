"""``--target aws``: real Amazon Rekognition and S3, and the guard that keeps a run from billing by surprise.

The target uses botocore's default credential chain and ``--region``; the fixture videos go to
``--bucket`` or to a bucket the run creates with its run prefix (conformance/storage.py). Video jobs
are billed per minute, so after collection, and before anything reaches AWS, the run prints the
estimated video minutes and cost of the jobs the selected tests need (conformance/cost.py) and stops
with exit code 4 unless ``--allow-billable`` or ``RC_ALLOW_BILLABLE=1`` says the spend is intended.

AWS no longer offers every family this project covers: ``conformance/profiles/aws.yaml`` names them
(People Pathing, stream processors) with the provider's notices, and is the target's capabilities profile
unless ``--capabilities`` gives another. Their tests are excused with that reason and start no job.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

import botocore.session
import pytest

from rekognition_conformance.backend import Target, TargetError
from rekognition_conformance.catalogue import JOBS
from rekognition_conformance.cost import Estimate, estimate
from rekognition_conformance.keys import NEEDED_JOBS
from rekognition_conformance.session import maybe_session
from rekognition_conformance.terminal import say

ALLOW_ENV = "RC_ALLOW_BILLABLE"
REFUSED_EXIT = 4
# botocore sends requests wherever these point; a run meant for AWS must not go elsewhere silently.
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_REKOGNITION", "AWS_ENDPOINT_URL_S3")


def aws_target(*, region: str) -> Target:
    redirected = [name for name in ENDPOINT_VARIABLES if os.environ.get(name)]
    if redirected:
        raise TargetError(
            f"--target aws talks to AWS itself, but {', '.join(redirected)} redirect(s) botocore elsewhere: "
            "unset them, or use --target endpoint for another backend"
        )
    if botocore.session.get_session().get_credentials() is None:
        raise TargetError(
            "--target aws found no AWS credentials in the default chain (environment, shared config or "
            "credentials file, SSO, instance role)"
        )
    return Target(
        name="aws",
        region=region,
        endpoints={"rekognition": None, "s3": None},
        credentials=None,
        description=f"Amazon Rekognition in {region} (real AWS: video jobs are billed)",
    )


def billable_allowed(config: pytest.Config) -> bool:
    return bool(config.getoption("allow_billable")) or os.environ.get(ALLOW_ENV, "") in ("1", "true", "yes")


def refusal(est: Estimate) -> str:
    return (
        f"--target aws would start {len(est.jobs)} billable video job(s), about {est.minutes:.2f} video minutes "
        f"(estimated ${est.dollars:.2f}); nothing was started. Pass --allow-billable (or set {ALLOW_ENV}=1) to "
        "run them, or select fewer tests (-k, --only) to spend less."
    )


def guard(config: pytest.Config, keys: Iterable[str], say: Callable[[str], None]) -> None:
    """Print the run's estimate; stop the run (exit 4) unless billable jobs are allowed.

    ``say`` writes one line to the terminal. Called after collection, before any fixture runs, so a
    refused run makes no request at all. The families AWS no longer offers are named first: their jobs
    are not in the estimate.
    """
    run = maybe_session(config)
    not_offered = run.capabilities.not_offered if run is not None else {}
    for family, reason in sorted(not_offered.items()):
        say(f"not offered: {family} ({reason})")
    keys = sorted(key for key in set(keys) if JOBS[key].family not in not_offered)
    if not keys:
        return
    est = estimate(keys)
    for line in ["estimated cost of this run's video jobs on AWS:", *est.lines()]:
        say(line)
    if config.option.collectonly or billable_allowed(config):
        return
    pytest.exit(refusal(est), returncode=REFUSED_EXIT)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rekognition-conformance")
    group.addoption("--allow-billable", action="store_true", default=False,
                    help=f"--target aws: allow starting video jobs, which AWS bills per minute (or {ALLOW_ENV}=1)")


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if config.getoption("target") != "aws" or hasattr(config, "workerinput"):
        return  # xdist workers: the controller decided before they started
    guard(config, config.stash[NEEDED_JOBS], say(config))

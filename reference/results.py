"""The Get* side of a video analysis job, shared by every family.

Every Get* operation answers the same way apart from what its items are: look the job up by JobId
(only among jobs of the matching Start operation), report JobStatus, and once SUCCEEDED return
VideoMetadata with one page of items plus a NextToken while more remain. A family supplies a
:class:`ResultView` saying how its frozen results turn into the ordered list of items for the
request's sort and aggregation options, and which members it echoes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from rekognition_conformance.reference.context import ServiceContext
from rekognition_conformance.reference.jobs import JobStatus
from rekognition_conformance.reference.pagination import paginate


class ResultView(Protocol):
    # The response member holding the items, e.g. "Labels".
    items_member: str

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        """The request parameters that fix which items come in which order, with defaults filled in."""
        ...

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        """Members echoing the request, sent whatever the job status (e.g. GetRequestMetadata)."""
        ...

    def items(self, results: Any, order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        """Every item of a SUCCEEDED job's ``results``, in the order ``order`` asks for."""
        ...

    def result_members(self, results: Any) -> dict[str, Any]:
        """Members sent beside the items of a SUCCEEDED job (e.g. LabelModelVersion)."""
        ...


def get_results(
    context: ServiceContext, params: Mapping[str, Any], *, start_operation: str, view: ResultView
) -> dict[str, Any]:
    """The response of a Get* request for a job started with ``start_operation``."""
    job = context.jobs.get(params["JobId"], start_operation)
    order = view.order(params)
    next_token = params.get("NextToken")
    response: dict[str, Any] = {"JobStatus": job.status.value}
    if job.status is JobStatus.SUCCEEDED:
        items, following = paginate(
            view.items(job.results, order),
            tokens=context.tokens,
            job_id=job.job_id,
            order=order,
            max_results=params.get("MaxResults"),
            next_token=next_token,
        )
        response["VideoMetadata"] = dict(job.video_metadata or {})
        if following is not None:
            response["NextToken"] = following
        response[view.items_member] = list(items)
        response.update(view.result_members(job.results))
    else:
        if next_token:
            # No token is ever issued before a job succeeds, so this can only reject it.
            context.tokens.redeem(next_token, job.job_id, order)
        if job.status is JobStatus.FAILED:
            response["StatusMessage"] = job.status_message
    response["JobId"] = job.job_id
    response["Video"] = job.params["Video"]
    if "JobTag" in job.params:
        response["JobTag"] = job.params["JobTag"]
    response.update(view.request_members(order))
    return response

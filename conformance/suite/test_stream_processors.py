"""Stream processors: one face search processor taken through its whole life, listings, FaceMatchThreshold
settings, unknown names and rejected requests.

Processors search the run's face collection and read and write the Kinesis streams named by
RC_KINESIS_VIDEO_STREAM_ARN and RC_KINESIS_DATA_STREAM_ARN with the role RC_STREAM_PROCESSOR_ROLE_ARN;
on the reference backend well-formed placeholders stand in, elsewhere the tests that create processors
are skipped without them. Each scenario runs once, in a fixture, and the tests judge what it recorded.
Which request is refused in which status is not documented, so those checks are SHOULD rules. Every
processor is stopped and deleted at the end of the session by ``run_resources``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given

from rekognition_conformance.checks import bind, errors
from rekognition_conformance.checks import stream_processors as checks
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.resources import Chain, StatusPoll, poll_status, processor_arns, read_pages, settled
from rekognition_conformance.strategies import Mutation, invalid_requests, mutations
from rekognition_conformance.suite.common import (
    fill_placeholders,
    judge_bad_token,
    judge_error,
    judge_invalid_parameter,
    judge_response,
)
from rekognition_conformance.verdict import nothing_to_judge

pytestmark = [pytest.mark.family("stream_processors")]

CREATED_THRESHOLD = 85.0
LOW_THRESHOLD = 50.0
RUNNING = ("RUNNING",)
DELETE_TIMEOUT = 30.0
UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]
GARBAGE_TOKENS = ["not-a-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="]


def _body(ex: Exchange | None) -> dict[str, Any]:
    return ex.body if ex is not None and ex.ok and isinstance(ex.body, dict) else {}


def _ensure(answer: Exchange, what: str) -> Exchange:
    if not answer.ok:
        pytest.fail(f"{what} failed, so the scenario cannot go on: HTTP {answer.status} {answer.error_code} "
                    f"{answer.error_message or ''}", pytrace=False)
    return answer


def create_request(name: str, arns, collection_id: str, **settings: Any) -> dict[str, Any]:
    """A face search stream processor's CreateStreamProcessor request."""
    return {
        "Name": name,
        "Input": {"KinesisVideoStream": {"Arn": arns.video_stream}},
        "Output": {"KinesisDataStream": {"Arn": arns.data_stream}},
        "RoleArn": arns.role,
        "Settings": {"FaceSearch": {"CollectionId": collection_id, **settings}},
        "DataSharingPreference": {"OptIn": False},
    }


@pytest.fixture(scope="module")
def collection(face_collection) -> str:
    if not face_collection.create.ok:
        nothing_to_judge(f"face search stream processors need the run's collection: {face_collection.problem}")
    return face_collection.collection_id


# --- the life of one processor ------------------------------------------------------------------------------------


@dataclass
class Life:
    request: dict[str, Any]
    create: Exchange
    created: Exchange
    start: Exchange | None = None
    started: StatusPoll | None = None
    wrong_state: dict[str, Exchange] = field(default_factory=dict)
    stop: Exchange | None = None
    stopped: StatusPoll | None = None
    stop_again: Exchange | None = None
    update: Exchange | None = None
    updated: StatusPoll | None = None
    delete: Exchange | None = None
    deleted: StatusPoll | None = None

    @property
    def describes(self) -> list[Exchange]:
        polls = (self.started, self.stopped, self.updated)
        return [self.created, *(d for poll in polls if poll is not None for d in poll.describes if d.ok)]

    @property
    def configured(self) -> dict[str, Any]:
        """The create request with the update applied, as Describe should now report the processor."""
        configured = dict(self.request)
        if self.update is not None and self.update.ok:
            configured["DataSharingPreference"] = self.update.request["DataSharingPreferenceForUpdate"]
        return configured


UPDATE = {"DataSharingPreferenceForUpdate": {"OptIn": True}}


@pytest.fixture(scope="module")
def life(run_resources, clients, stream_processor_arns, collection) -> Life:
    call = clients.rekognition.call
    name = run_resources.name("sp-life")
    request = create_request(name, stream_processor_arns, collection, FaceMatchThreshold=CREATED_THRESHOLD)
    scenario = Life(request, run_resources.create_processor(request), call("DescribeStreamProcessor", {"Name": name}))
    if not scenario.create.ok:
        return scenario
    scenario.start = call("StartStreamProcessor", {"Name": name})
    if not scenario.start.ok:
        return scenario
    scenario.started = poll_status(clients.rekognition, name, ("RUNNING", "FAILED"))
    if scenario.started.status == "RUNNING":
        # Requests that do not fit a running processor; one that is accepted anyway changes nothing harmful.
        scenario.wrong_state["start"] = call("StartStreamProcessor", {"Name": name})
        scenario.wrong_state["update"] = call("UpdateStreamProcessor", {"Name": name, **UPDATE})
        scenario.wrong_state["delete"] = call("DeleteStreamProcessor", {"Name": name})
        if scenario.wrong_state["delete"].ok:
            return scenario
    scenario.stop = call("StopStreamProcessor", {"Name": name})
    if scenario.stop.ok:
        scenario.stopped = poll_status(clients.rekognition, name, ("STOPPED",))
    if scenario.started.status == "FAILED" or scenario.stopped is not None:
        scenario.stop_again = call("StopStreamProcessor", {"Name": name})
    scenario.update = call("UpdateStreamProcessor", {"Name": name, **UPDATE})
    if scenario.update.ok:
        scenario.updated = poll_status(clients.rekognition, name, ("STOPPED", "FAILED"))
    scenario.delete = call("DeleteStreamProcessor", {"Name": name})
    if scenario.delete.ok:
        scenario.deleted = poll_status(clients.rekognition, name, (), timeout=DELETE_TIMEOUT)
    return scenario


def _created_or_fail(life: Life) -> None:
    _ensure(life.create, "CreateStreamProcessor")


def test_life_answers_conform(life, verdict):
    answers = [life.create, life.created, life.start, *life.wrong_state.values(), life.stop, life.stop_again,
               life.update, life.delete]
    for answer in (a for a in answers if a is not None):
        judge_response(verdict, answer)
    for poll in (life.started, life.stopped, life.updated, life.deleted):
        for answer in poll.describes if poll is not None else ():
            judge_response(verdict, answer)


def test_describe_reports_the_processor(life, verdict):
    _created_or_fail(life)
    verdict.check(checks.check_describe, life.created, life.create, life.request)
    verdict.check(checks.check_face_match_threshold, life.create, life.created)
    if life.updated is not None and life.updated.last is not None:
        verdict.check(checks.check_describe, life.updated.last, life.create, life.configured)
        verdict.check(checks.check_update_applied, life.updated.last, life.update.request,
                      also=("UpdateStreamProcessor",))


def test_timestamps(life, verdict):
    _created_or_fail(life)
    verdict.check(checks.check_timestamps, life.describes)
    if life.started is not None and life.started.describes:
        verdict.check(checks.check_timestamp_advanced, life.created, life.started.describes[0], "StartStreamProcessor",
                      also=("StartStreamProcessor",))
    if life.stopped is not None and life.started is not None and life.started.last is not None:
        verdict.check(checks.check_timestamp_advanced, life.started.last, life.stopped.describes[0],
                      "StopStreamProcessor", also=("StopStreamProcessor",))


def test_a_new_processor_is_stopped(life, verdict):
    _created_or_fail(life)
    statuses = [str(_body(life.created).get("Status"))] if life.created.ok else []
    verdict.check(
        bind(checks.check_status_path, "STREAM_PROCESSORS.LIFECYCLE.CREATED"),
        "DescribeStreamProcessor",
        statuses,
        transient=(),
        final=("STOPPED",),
        request=life.created.request,
        also=("CreateStreamProcessor",),
    )


def test_start_runs_the_processor(life, verdict):
    _created_or_fail(life)
    _ensure(life.start, "StartStreamProcessor")
    verdict.check(
        bind(checks.check_status_path, "STREAM_PROCESSORS.LIFECYCLE.START"),
        "StartStreamProcessor",
        life.started.statuses,
        transient=("STARTING",),
        final=("RUNNING", "FAILED"),
        request=life.start.request,
        last=life.started.last,
    )


@pytest.mark.parametrize(("request_name", "rule_id"), [
    ("start", "STREAM_PROCESSORS.STATE.START_RUNNING"),
    ("update", "STREAM_PROCESSORS.STATE.UPDATE_RUNNING"),
    ("delete", "STREAM_PROCESSORS.STATE.DELETE_RUNNING"),
])
def test_a_running_processor_refuses(request_name, rule_id, life, verdict):
    _created_or_fail(life)
    if request_name not in life.wrong_state:
        statuses = life.started.statuses if life.started else []
        nothing_to_judge(f"the processor never reached RUNNING (statuses {statuses})")
    answer = life.wrong_state[request_name]
    verdict.check(bind(checks.check_refused, rule_id), answer, {"ResourceInUseException"})
    judge_error(verdict, answer)


def test_stop_stops_the_processor(life, verdict):
    _created_or_fail(life)
    if life.stop is None:
        nothing_to_judge("the processor was deleted while running, so there was nothing to stop")
    _ensure(life.stop, "StopStreamProcessor")
    verdict.check(
        bind(checks.check_status_path, "STREAM_PROCESSORS.LIFECYCLE.STOP"),
        "StopStreamProcessor",
        life.stopped.statuses,
        transient=("STOPPING",),
        final=("STOPPED",),
        request=life.stop.request,
        also=("DescribeStreamProcessor",),
    )


def test_a_stopped_processor_refuses_to_stop(life, verdict):
    _created_or_fail(life)
    if life.stop_again is None:
        nothing_to_judge("the processor never stopped")
    verdict.check(
        bind(checks.check_refused, "STREAM_PROCESSORS.STATE.STOP_STOPPED"),
        life.stop_again,
        {"ResourceInUseException"},
    )
    judge_error(verdict, life.stop_again)


def test_update_changes_the_processor(life, verdict):
    _created_or_fail(life)
    if life.update is None:
        nothing_to_judge("the processor was deleted while running, so there was nothing to update")
    _ensure(life.update, "UpdateStreamProcessor")
    verdict.check(
        bind(checks.check_status_path, "STREAM_PROCESSORS.LIFECYCLE.UPDATE"),
        "UpdateStreamProcessor",
        life.updated.statuses,
        transient=("UPDATING",),
        final=("STOPPED", "FAILED"),
        request=life.update.request,
        also=("DescribeStreamProcessor",),
    )


def test_a_deleted_processor_is_gone(life, verdict):
    _created_or_fail(life)
    deleted = life.delete if life.delete is not None else life.wrong_state.get("delete")
    _ensure(deleted, "DeleteStreamProcessor")
    if life.deleted is None:
        nothing_to_judge("the processor was deleted while running; its removal was not followed")
    verdict.check(
        bind(checks.check_refused, "STREAM_PROCESSORS.LIFECYCLE.DELETED"),
        life.deleted.last,
        {"ResourceNotFoundException"},
        also=("DeleteStreamProcessor",),
    )


# --- FaceMatchThreshold ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [None, LOW_THRESHOLD], ids=["default", "below80"])
def test_face_match_threshold(threshold, run_resources, clients, stream_processor_arns, collection, life, verdict):
    _created_or_fail(life)
    suffix = "default" if threshold is None else "low"
    settings = {} if threshold is None else {"FaceMatchThreshold": threshold}
    request = create_request(run_resources.name(f"sp-threshold-{suffix}"), stream_processor_arns, collection,
                             **settings)
    create = run_resources.create_processor(request)
    judge_response(verdict, create)
    describe = clients.rekognition.call("DescribeStreamProcessor", {"Name": request["Name"]}) if create.ok else None
    if describe is not None:
        judge_response(verdict, describe)
        verdict.check(checks.check_describe, describe, create, request)
        verdict.check(checks.check_threshold_raised, create, describe)
    verdict.check(checks.check_face_match_threshold, create, describe)


# --- listing processors ------------------------------------------------------------------------------------------


@dataclass
class Listings:
    present: list[str]
    gone: str
    first: Exchange
    repeat: Exchange
    chains: dict[int | None, Chain]


@pytest.fixture(scope="module")
def listings(run_resources, clients, stream_processor_arns, collection) -> Listings:
    present = [run_resources.name(f"sp-list-{i}") for i in range(3)]
    answers = [run_resources.create_processor(create_request(n, stream_processor_arns, collection)) for n in present]
    gone = run_resources.name("sp-list-gone")
    created = run_resources.create_processor(create_request(gone, stream_processor_arns, collection))
    refused = [a for a in (*answers, created) if not a.ok]
    if refused:
        first = refused[0]
        nothing_to_judge(f"this target refused a further stream processor on the same streams, so there is no "
                         f"listing of several to judge: HTTP {first.status} {first.error_code} {first.error_message}")
    _ensure(clients.rekognition.call("DeleteStreamProcessor", {"Name": gone}), f"DeleteStreamProcessor {gone}")
    poll_status(clients.rekognition, gone, (), timeout=DELETE_TIMEOUT)
    repeat = clients.rekognition.call("CreateStreamProcessor", create_request(present[0], stream_processor_arns,
                                                                               collection))
    def complete(chain: Chain) -> bool:
        return not checks.check_processors_listed(chain.pages, present=present, absent=[gone], stopped=chain.stopped)

    # Listings right after creating and deleting are eventually consistent: read again, for a bounded time.
    chains = {
        size: settled(lambda size=size: read_pages(clients.rekognition, "ListStreamProcessors",
                                                   {} if size is None else {"MaxResults": size}), complete)
        for size in (1, 2, None)
    }
    return Listings(present, gone, answers[0], repeat, chains)


@pytest.mark.parametrize("max_results", [1, 2, None], ids=["max1", "max2", "default"])
def test_listing_processors_pages_through_all_of_them(max_results, listings, verdict):
    chain = listings.chains[max_results]
    for page in chain.pages:
        judge_response(verdict, page)
    verdict.check(checks.check_list_page_size, chain.pages, max_results)
    verdict.check(checks.check_processors_listed, chain.pages, present=listings.present, absent=[listings.gone],
                  stopped=chain.stopped)


def test_a_name_in_use_makes_no_second_processor(listings, verdict):
    judge_response(verdict, listings.repeat)
    names = [checks.processor_name(item) for item in listings.chains[None].items("StreamProcessors")]
    verdict.check(checks.check_name_in_use, listings.first, listings.repeat, names, also=("ListStreamProcessors",))


@pytest.mark.parametrize("token", GARBAGE_TOKENS)
def test_a_garbage_token_is_rejected(token, clients, verdict):
    answer = clients.rekognition.call("ListStreamProcessors", {"NextToken": token})
    judge_bad_token(verdict, answer)


# --- unknown names and rejected requests -------------------------------------------------------------------------


def _by_name(name: str) -> dict[str, dict[str, Any]]:
    return {
        "DescribeStreamProcessor": {"Name": name},
        "StartStreamProcessor": {"Name": name},
        "StopStreamProcessor": {"Name": name},
        "DeleteStreamProcessor": {"Name": name},
        "UpdateStreamProcessor": {"Name": name, **UPDATE},
    }


@pytest.mark.parametrize("operation", list(_by_name("x")))
def test_an_unknown_processor_is_rejected(operation, run_resources, clients, verdict):
    answer = clients.rekognition.call(operation, _by_name(run_resources.name("sp-never-created"))[operation])
    verdict.check(bind(checks.check_refused, "STREAM_PROCESSORS.UNKNOWN"), answer, {"ResourceNotFoundException"})
    judge_error(verdict, answer)


# Valid requests with optional members; "{unknown}" is replaced at run time by a name of the run never used.
# Start and Update carry members of label detection processors so that their constraints are exercised too.
TEMPLATES: dict[str, dict[str, Any]] = {
    "DescribeStreamProcessor": {"Name": "{unknown}"},
    "StartStreamProcessor": {
        "Name": "{unknown}",
        "StartSelector": {"KVSStreamStartSelector": {"ProducerTimestamp": 1700000000000}},
        "StopSelector": {"MaxDurationInSeconds": 10},
    },
    "StopStreamProcessor": {"Name": "{unknown}"},
    "DeleteStreamProcessor": {"Name": "{unknown}"},
    "UpdateStreamProcessor": {
        "Name": "{unknown}",
        "SettingsForUpdate": {"ConnectedHomeForUpdate": {"Labels": ["PERSON"], "MinConfidence": 60.0}},
        "DataSharingPreferenceForUpdate": {"OptIn": False},
        "ParametersToDelete": ["RegionsOfInterest"],
    },
    "ListStreamProcessors": {"MaxResults": 5},
}
CASES = [(op, m) for op, template in TEMPLATES.items() for m in mutations(op, template)]
# The shape of a valid create request (the names and ARNs are replaced at run time).
CREATE_SHAPE = {
    **create_request("placeholder", processor_arns("reference", "us-east-1"), "placeholder", FaceMatchThreshold=80.0),
    "Tags": {"rc": "conformance"},
}
CREATE_MUTATIONS = mutations("CreateStreamProcessor", CREATE_SHAPE)


@pytest.mark.parametrize(("operation", "mutation"), CASES, ids=[f"{op}-{m.member}-{m.constraint}" for op, m in CASES])
def test_each_constraint_violation_is_rejected(operation, mutation, run_resources, clients, verdict):
    names = {"{unknown}": run_resources.name("sp-never-created")}
    request = mutation.apply(fill_placeholders(TEMPLATES[operation], names))
    judge_invalid_parameter(verdict, clients.raw.send(operation, request))


def _valid_create(run_resources, arns, collection: str) -> dict[str, Any]:
    request = create_request(run_resources.name("sp-invalid-request"), arns, collection, FaceMatchThreshold=80.0)
    return {**request, "Tags": {"rc": "conformance"}}


@pytest.mark.parametrize("mutation", CREATE_MUTATIONS, ids=[f"{m.member}-{m.constraint}" for m in CREATE_MUTATIONS])
def test_each_create_constraint_violation_is_rejected(
    mutation, run_resources, clients, stream_processor_arns, collection, verdict
):
    request = mutation.apply(_valid_create(run_resources, stream_processor_arns, collection))
    # A faulty backend may accept it; the name is the run's, so the session's cleanup removes what it made.
    run_resources.processors.append(run_resources.name("sp-invalid-request"))
    judge_invalid_parameter(verdict, clients.raw.send("CreateStreamProcessor", request))


@pytest.mark.parametrize("operation", ["StartStreamProcessor", "UpdateStreamProcessor"])
def test_drawn_constraint_violations_are_rejected(operation, run_resources, clients, verdict):
    @given(mutation=invalid_requests(operation, TEMPLATES[operation]))
    def run(mutation: Mutation) -> None:
        names = {"{unknown}": run_resources.name("sp-never-created")}
        request = mutation.apply(fill_placeholders(TEMPLATES[operation], names))
        judge_invalid_parameter(verdict, clients.raw.send(operation, request))
        verdict.assert_clean()

    run()


@pytest.mark.parametrize(("signing", "rule_id"), UNAUTHENTICATED)
def test_unauthenticated_requests_are_rejected(signing, rule_id, run_resources, clients, verdict):
    for operation, body in (("ListStreamProcessors", {}),
                            ("DescribeStreamProcessor", {"Name": run_resources.name("sp-never-created")})):
        answer = clients.raw.send(operation, body, signing=signing)
        verdict.check(bind(errors.check_rejected, rule_id), answer)

"""Faults of the reference catalogue that only the schema-fuzzing layer reaches: each changes exactly what it
says, shown by real signed requests against a server with the fault beside a clean one.

``tests/test_fuzz_layer.py`` shows the suite catches them with fuzzing on, and not without it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rekognition_conformance.reference.faults.common import FRAMEWORK_CRASH_BODY
from tests.unit.fault_backend import START, Backend, backend

CHANNEL = {
    "SNSTopicArn": "arn:aws:sns:us-east-1:123456789012:AmazonRekognitionJobs",
    "RoleArn": "arn:aws:iam::123456789012:role/RekognitionPublish",
}


@pytest.fixture(scope="module")
def clean() -> Iterator[Backend]:
    with backend() as b:
        yield b


def test_fault_notification_channel_crashes(clean: Backend) -> None:
    with backend("notification-channel-crashes") as faulty:
        video = faulty.video()
        crashed = faulty.raw.send(START, {"Video": video, "NotificationChannel": CHANNEL})
        # Another family's Start goes through the same SNS set-up.
        crashed_text = faulty.raw.send("StartTextDetection", {"Video": video, "NotificationChannel": CHANNEL})
        started = faulty.raw.send(START, {"Video": video})
        invalid = faulty.raw.send(START, {"Video": video, "NotificationChannel": {**CHANNEL, "SNSTopicArn": "sns"}})
        unsigned = faulty.raw.send(START, {"Video": video, "NotificationChannel": CHANNEL}, signing="none")
        get = faulty.raw.send("GetLabelDetection", {"JobId": started.body.get("JobId", ""), "MaxResults": 1})
    for answer in (crashed, crashed_text):
        assert answer.status == 500, answer.describe()
        assert answer.body == FRAMEWORK_CRASH_BODY and answer.error_code is None, answer.describe()
        assert answer.headers.get("Content-Type") == "application/x-amz-json-1.1", answer.headers
    # Everything else is served as by the clean backend: a Start without a channel, a request that breaks
    # the schema, an unsigned one and every Get.
    assert started.status == 200 and started.body["JobId"], started.describe()
    assert (invalid.status, invalid.error_code) == (400, "InvalidParameterException"), invalid.describe()
    assert unsigned.status in (400, 403) and unsigned.error_code, unsigned.describe()
    assert get.status == 200, get.describe()
    with_channel = clean.raw.send(START, {"Video": clean.video(), "NotificationChannel": CHANNEL})
    assert with_channel.status == 200 and with_channel.body["JobId"], with_channel.describe()

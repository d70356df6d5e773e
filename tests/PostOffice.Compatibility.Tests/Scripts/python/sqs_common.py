"""Plumbing shared by the boto3 scenario scripts; both boto3 generations run them (see ../../README.md).

A scenario calls steps in order. Each step's response (without ResponseMetadata, bytes as base64) or error goes
into one JSON object keyed by step name, printed on stdout at the end. A step that must succeed and fails ends
the script with exit code 1, after printing what was recorded plus "failedStep".
"""

import base64
import json
import os
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["SQS_ENDPOINT"]
PREFIX = os.environ["QUEUE_PREFIX"]


def client():
    # No retries: a retried 5xx or a slow first attempt must show up in the result, not be hidden by the SDK.
    config = Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
    )
    return boto3.client("sqs", endpoint_url=ENDPOINT, region_name="us-east-1", config=config)


def _plain(value):
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _error(exception):
    if isinstance(exception, ClientError):
        error = exception.response.get("Error", {})
        return {
            "code": error.get("Code"),
            "message": error.get("Message"),
            "httpStatus": exception.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
        }
    return {"code": type(exception).__name__, "message": str(exception)}


class Scenario:
    def __init__(self):
        self.result = {}

    def announce(self, name):
        print(f"step: {name}", file=sys.stderr, flush=True)

    def call(self, name, operation, **parameters):
        """Runs a step that must succeed; returns its response."""
        self.announce(name)
        try:
            response = operation(**parameters)
        except Exception as exception:  # noqa: BLE001 - whatever the client raised is the step's outcome
            self.result[name] = {"error": _error(exception)}
            self.fail(name)
        self.result[name] = _plain(response)
        return response

    def expect_error(self, name, operation, **parameters):
        """Runs a step that should fail; records the error, or the response if it did not fail."""
        self.announce(name)
        try:
            response = operation(**parameters)
        except Exception as exception:  # noqa: BLE001 - whatever the client raised is the step's outcome
            self.result[name] = {"error": _error(exception)}
            return None
        self.result[name] = _plain(response)
        return response

    def record(self, name, value):
        self.result[name] = _plain(value)

    def fail(self, name):
        self.result["failedStep"] = name
        self.finish(1)

    def finish(self, code=0):
        print(json.dumps(self.result, sort_keys=True))
        sys.exit(code)


def system_attribute_names(sqs, names):
    """ReceiveMessage's system attribute selector: MessageSystemAttributeNames where the client's model has it,
    else the older AttributeNames (boto3 1.26), which SQS still accepts."""
    members = sqs.meta.service_model.operation_model("ReceiveMessage").input_shape.members
    key = "MessageSystemAttributeNames" if "MessageSystemAttributeNames" in members else "AttributeNames"
    return {key: names}


def now_ms():
    return int(time.monotonic() * 1000)

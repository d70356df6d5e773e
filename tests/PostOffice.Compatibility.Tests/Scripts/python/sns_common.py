"""SNS plumbing for the boto3 scenario scripts: an SNS client configured like sqs_common's SQS client."""
import boto3
from botocore.config import Config

from sqs_common import ENDPOINT


def sns_client():
    # No retries: a retried 5xx or a slow first attempt must show up in the result, not be hidden by the SDK.
    config = Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
    )
    return boto3.client("sns", endpoint_url=ENDPOINT, region_name="us-east-1", config=config)


def queue_arn(name):
    return f"arn:aws:sqs:us-east-1:000000000000:{name}"

"""Works through the placed and paid orders the topic delivers to its queue, reporting the
messages it could not handle so that only those are retried."""

import json


def handler(event, context):
    failures = []
    for message in event["Records"]:
        try:
            envelope = json.loads(message["body"])
            order = json.loads(envelope["Message"])
            print(f"order {order['id']} is {order['status']}")
        except (KeyError, ValueError):
            failures.append({"itemIdentifier": message["messageId"]})
    return {"batchItemFailures": failures}

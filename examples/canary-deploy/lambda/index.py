"""Processes jobs from the queue. Deployed behind the `live` alias: CodeDeploy shifts 10 % of
the traffic to a new version, waits five minutes, and rolls back if the errors alarm fires."""

import json


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            job = json.loads(record["body"])
            print(f"processing job {job.get('id')}")
        except (KeyError, ValueError) as error:
            print(f"bad message {record.get('messageId')}: {error}")
            failures.append({"itemIdentifier": record["messageId"]})
    # Only the failed messages go back to the queue (ReportBatchItemFailures).
    return {"batchItemFailures": failures}

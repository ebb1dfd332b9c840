"""CodeDeploy lifecycle hooks: invoke the version being deployed with an empty batch and
report Succeeded or Failed. A failed pre-traffic hook stops the deployment before any
traffic reaches the new version; a failed post-traffic hook rolls it back."""

import json
import os

import boto3

codedeploy = boto3.client("codedeploy")
lambda_client = boto3.client("lambda")


def handler(event, context):
    status = "Succeeded"
    try:
        response = lambda_client.invoke(
            FunctionName=os.environ["TARGET_VERSION"],
            Payload=json.dumps({"Records": []}).encode(),
        )
        result = json.loads(response["Payload"].read() or b"{}")
        if response.get("FunctionError") or result.get("batchItemFailures"):
            status = "Failed"
    except Exception as error:  # any failure to test is a failed test
        print(f"hook failed: {error}")
        status = "Failed"
    codedeploy.put_lifecycle_event_hook_execution_status(
        deploymentId=event["DeploymentId"],
        lifecycleEventHookExecutionId=event["LifecycleEventHookExecutionId"],
        status=status,
    )
    return status

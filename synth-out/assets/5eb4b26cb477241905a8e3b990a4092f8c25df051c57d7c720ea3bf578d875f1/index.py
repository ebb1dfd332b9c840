"""Labels images uploaded to the bucket with Amazon Rekognition and stores the labels in DynamoDB.

Invoked by EventBridge ("Object Created" events from S3, the default delivery of
`S3EventSource`) or, if the stack opts into direct delivery, by S3 notifications.
"""
import os
import urllib.parse

import boto3

rekognition = boto3.client("rekognition")
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
BUCKET = os.environ["BUCKET"]


def _objects(event):
    """Yields (bucket, key) for both event shapes."""
    if "detail" in event:  # EventBridge
        detail = event["detail"]
        yield detail["bucket"]["name"], detail["object"]["key"]
    for record in event.get("Records", []):  # S3 notification
        s3 = record["s3"]
        yield s3["bucket"]["name"], urllib.parse.unquote_plus(s3["object"]["key"])


def handler(event, context):
    labelled = []
    for bucket, key in _objects(event):
        if bucket != BUCKET:
            continue
        response = rekognition.detect_labels(
            Image={"S3Object": {"Bucket": bucket, "Name": key}},
            MaxLabels=10,
            MinConfidence=80,
        )
        labels = [label["Name"] for label in response["Labels"]]
        table.put_item(Item={"Image": key, "Labels": labels})
        labelled.append({"image": key, "labels": labels})
    return {"labelled": labelled}

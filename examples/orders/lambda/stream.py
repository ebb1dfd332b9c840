"""Reads the orders table's stream: every new or changed order is published to the orders
topic (with its status as a message attribute, which the subscriptions filter on) and put on
the orders event bus."""

import json
import os

import boto3

sns = boto3.client("sns")
events = boto3.client("events")


def handler(event, context):
    for record in event["Records"]:
        image = record["dynamodb"].get("NewImage", {})
        order = {
            "id": image.get("OrderId", {}).get("S"),
            "status": image.get("Status", {}).get("S", "unknown"),
        }
        sns.publish(
            TopicArn=os.environ["TOPIC_ARN"],
            Message=json.dumps(order),
            MessageAttributes={
                "status": {"DataType": "String", "StringValue": order["status"]}
            },
        )
        events.put_events(
            Entries=[
                {
                    "EventBusName": os.environ["BUS_NAME"],
                    "Source": "shop.orders",
                    "DetailType": "Order Changed",
                    "Detail": json.dumps(order),
                }
            ]
        )

"""The notes' WebSocket chat: clients connect, join a room with
{"action": "join", "data": {"room": "room1234"}}, and everyone in the room hears about it.

Connections live in the DynamoDB table CONNECTIONS_TABLE (key connectionId, attribute
room). Answers go back through the API's callback URL (CALLBACK_URL,
https://<api>.execute-api.<region>.amazonaws.com/<stage>), POST @connections/<id>.
"""

import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["CONNECTIONS_TABLE"])
CLIENTS = boto3.client("apigatewaymanagementapi", endpoint_url=os.environ.get("CALLBACK_URL"))


def connect(event, context):
    """$connect: remember the connection."""
    TABLE.put_item(Item={"connectionId": event["requestContext"]["connectionId"]})
    return {"statusCode": 200}


def disconnect(event, context):
    """$disconnect: forget the connection."""
    TABLE.delete_item(Key={"connectionId": event["requestContext"]["connectionId"]})
    return {"statusCode": 200}


def _post(connection_id, message):
    """Sends `message` to one client; a client that went away is forgotten."""
    try:
        CLIENTS.post_to_connection(ConnectionId=connection_id, Data=json.dumps(message).encode())
    except CLIENTS.exceptions.GoneException:
        TABLE.delete_item(Key={"connectionId": connection_id})


def join(event, context):
    """join: put the connection in the room and tell everyone in it."""
    me = event["requestContext"]["connectionId"]
    body = json.loads(event.get("body") or "{}")
    room = str((body.get("data") or {}).get("room", "lobby"))
    TABLE.update_item(
        Key={"connectionId": me},
        UpdateExpression="SET room = :room",
        ExpressionAttributeValues={":room": room},
    )
    members = TABLE.scan(
        FilterExpression="room = :room",
        ExpressionAttributeValues={":room": room},
        ProjectionExpression="connectionId",
    )["Items"]
    for member in members:
        _post(member["connectionId"], {"event": "joined", "room": room, "who": me})
    return {"statusCode": 200}


def default(event, context):
    """$default: a message whose action matches no route."""
    me = event["requestContext"]["connectionId"]
    _post(me, {"error": "unknown action", "actions": ["join"]})
    return {"statusCode": 200}

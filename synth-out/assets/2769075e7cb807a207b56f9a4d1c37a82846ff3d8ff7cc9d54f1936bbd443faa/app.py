"""The items API's function: GET /items, GET and DELETE /items/{id} arrive as Lambda proxy
events; POST /items arrives through the non-proxy integration, already mapped by the request
template to {"id": ..., "name": ...}."""

import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
ORIGIN = os.environ["ALLOWED_ORIGIN"]


def respond(status, body):
    # A proxy integration returns its own CORS header: API Gateway passes the response as is.
    return {
        "statusCode": status,
        "headers": {"Access-Control-Allow-Origin": ORIGIN, "Vary": "Origin"},
        "body": "" if body is None else json.dumps(body),
    }


def handler(event, context):
    if "httpMethod" not in event:
        # POST /items (non-proxy): the mapped body; the result becomes the 201 response.
        item = {"id": event["id"], "name": event["name"]}
        TABLE.put_item(Item=item)
        return item
    method = event["httpMethod"]
    item_id = (event.get("pathParameters") or {}).get("id")
    if method == "GET" and item_id is None:
        return respond(200, {"items": TABLE.scan(Limit=100).get("Items", [])})
    if method == "GET":
        item = TABLE.get_item(Key={"id": item_id}).get("Item")
        return respond(200, item) if item else respond(404, {"message": "no such item"})
    if method == "DELETE":
        TABLE.delete_item(Key={"id": item_id})
        return respond(204, None)
    return respond(405, {"message": "method not allowed"})

"""An HTTP API handler (payload format 2.0): lists items or returns one, and says who asked
(the JWT's claims, which API Gateway checked before calling)."""

import json

ITEMS = {"1": {"id": "1", "name": "apple"}, "2": {"id": "2", "name": "pear"}}


def handler(event, context):
    route = event["routeKey"]
    claims = event["requestContext"].get("authorizer", {}).get("jwt", {}).get("claims", {})
    if route == "GET /health":
        return {"statusCode": 200, "body": json.dumps({"ok": True})}
    if route == "GET /items/{id}":
        item = ITEMS.get(event["pathParameters"]["id"])
        if item is None:
            return {"statusCode": 404, "body": json.dumps({"error": "no such item"})}
        return {"statusCode": 200, "body": json.dumps({"item": item, "user": claims.get("sub")})}
    return {"statusCode": 200, "body": json.dumps({"items": list(ITEMS.values()), "user": claims.get("sub")})}

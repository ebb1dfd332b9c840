import json


def lambda_handler(event, context):
    """The hello world function of `sam init`, behind `GET /hello`.

    event: the API Gateway Lambda proxy input (method, path, headers, query string, body).
    context: the Lambda runtime context (request id, remaining time, ...).

    Returns a Lambda proxy response: status code, and the body as a JSON string.
    """
    return {
        "statusCode": 200,
        "body": json.dumps({"message": "hello world"}),
    }

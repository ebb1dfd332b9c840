"""TOKEN authorizer: allows callers whose `Authorization` header is `Bearer <API_TOKEN>`.

The answer is cached per token (300 s), so the policy allows every method of the stage,
not only the method of the first call (a policy for `methodArn` alone would refuse the
caller's other methods until the cache expires)."""

import hmac
import os


def handler(event, context):
    expected = "Bearer " + os.environ["API_TOKEN"]
    token = event.get("authorizationToken", "")
    allowed = hmac.compare_digest(token.encode(), expected.encode())
    # arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>
    api_and_stage = "/".join(event["methodArn"].split("/")[:2])
    return {
        "principalId": "api-client",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": "execute-api:Invoke",
                    "Effect": "Allow" if allowed else "Deny",
                    "Resource": api_and_stage + "/*/*",
                }
            ],
        },
    }

//! The chat example's Python handlers, as synthesized (the asset folder and handler names
//! the `ChatWs` template points at, the environment it gives them), really answer through
//! the WebSocket API's callback URL: run offline with botocore's `Stubber` standing in for
//! the `apigatewaymanagementapi` client and an in-memory table for DynamoDB.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn synth_out() -> PathBuf {
    cdk_validators::workspace_root().join("synth-out")
}

/// `(asset folder, module, function, environment variable names)` of the function whose
/// handler is `handler` in the plain template.
fn function(template: &Value, handler: &str) -> (PathBuf, String, String, Vec<String>) {
    let (_, f) = template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| {
            r["Type"] == "AWS::Lambda::Function" && r["Properties"]["Handler"] == handler
        })
        .unwrap_or_else(|| panic!("no function with handler {handler}"));
    let code = f["Properties"]["Code"]
        .as_str()
        .expect("a local asset path");
    let (module, func) = handler.split_once('.').unwrap();
    let env = f["Properties"]["Environment"]["Variables"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    (synth_out().join(code), module.into(), func.into(), env)
}

const SCRIPT: &str = r#"
import importlib, json, os, sys
asset, module = sys.argv[1], sys.argv[2]
callback = "https://abc123.execute-api.us-east-1.amazonaws.com/prod"
os.environ.update(AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="test",
                  AWS_SECRET_ACCESS_KEY="test", CONNECTIONS_TABLE="connections",
                  CALLBACK_URL=callback)
sys.path.insert(0, asset)
chat = importlib.import_module(module)
from botocore.stub import Stubber

class Table:
    """What the handlers use of a DynamoDB table, in memory."""
    def __init__(self): self.items = {}
    def put_item(self, Item): self.items[Item["connectionId"]] = dict(Item)
    def delete_item(self, Key): self.items.pop(Key["connectionId"], None)
    def update_item(self, Key, UpdateExpression, ExpressionAttributeValues):
        assert UpdateExpression == "SET room = :room", UpdateExpression
        self.items[Key["connectionId"]]["room"] = ExpressionAttributeValues[":room"]
    def scan(self, FilterExpression, ExpressionAttributeValues, ProjectionExpression):
        assert FilterExpression == "room = :room", FilterExpression
        room = ExpressionAttributeValues[":room"]
        return {"Items": [{"connectionId": c} for c, i in self.items.items() if i.get("room") == room]}

chat.TABLE = Table()
assert chat.CLIENTS.meta.endpoint_url == callback, chat.CLIENTS.meta.endpoint_url
stub = Stubber(chat.CLIENTS)
ctx = lambda c, route: {"requestContext": {"connectionId": c, "routeKey": route}}

for c in ["alice", "bob", "gone"]:
    assert chat.connect(ctx(c, "$connect"), None) == {"statusCode": 200}
chat.TABLE.items["bob"]["room"] = "room1234"
chat.TABLE.items["gone"]["room"] = "room1234"
message = lambda who: json.dumps({"event": "joined", "room": "room1234", "who": who}).encode()
# Everyone in the room, the joiner too, in the table's order; `gone` hung up.
stub.add_response("post_to_connection", {}, {"ConnectionId": "alice", "Data": message("alice")})
stub.add_response("post_to_connection", {}, {"ConnectionId": "bob", "Data": message("alice")})
stub.add_client_error("post_to_connection", service_error_code="GoneException",
                      http_status_code=410,
                      expected_params={"ConnectionId": "gone", "Data": message("alice")})
stub.add_response("post_to_connection", {},
                  {"ConnectionId": "bob", "Data": json.dumps({"error": "unknown action", "actions": ["join"]}).encode()})
with stub:
    event = ctx("alice", "join")
    event["body"] = json.dumps({"service": "chat", "action": "join", "data": {"room": "room1234"}})
    assert chat.join(event, None) == {"statusCode": 200}
    assert "gone" not in chat.TABLE.items, "a gone connection is forgotten"
    assert chat.default(ctx("bob", "$default"), None) == {"statusCode": 200}
    stub.assert_no_pending_responses()
chat.disconnect(ctx("bob", "$disconnect"), None)
assert sorted(chat.TABLE.items) == ["alice"], chat.TABLE.items
print("ok")
"#;

#[test]
fn the_chat_handlers_answer_through_the_callback_url() {
    let template: Value = serde_json::from_str(
        &std::fs::read_to_string(synth_out().join("ChatWs.template.json"))
            .expect("synth-out/ChatWs.template.json: run `cargo run`"),
    )
    .unwrap();
    let handlers: Vec<_> = [
        "chat.connect",
        "chat.disconnect",
        "chat.join",
        "chat.default",
    ]
    .iter()
    .map(|h| function(&template, h))
    .collect();
    // One asset holds every handler; the posting ones get the callback URL.
    let (asset, module, _, _) = &handlers[0];
    for (a, _, func, env) in &handlers {
        assert_eq!(a, asset);
        assert!(
            env.contains(&"CONNECTIONS_TABLE".to_string()),
            "{func}: {env:?}"
        );
        let posts = func == "join" || func == "default";
        assert_eq!(
            env.contains(&"CALLBACK_URL".to_string()),
            posts,
            "{func}: {env:?}"
        );
    }
    let out = Command::new(cdk_validators::tool("python"))
        .args(["-c", SCRIPT])
        .arg(asset)
        .arg(module)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run python");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.trim_end().ends_with("ok"),
        "{text}"
    );
}

// A state uses one query language: after a JSONPath field (`parameters`), a JSONata-only
// one (`arguments`) does not compile.
use constructs::stepfunctions::Task;
use serde_json::json;

fn main() {
    let _ = Task::new("Call", "arn:aws:states:::lambda:invoke")
        .parameters(json!({"Payload.$": "$"}))
        .arguments(json!({"Payload": "{% $states.input %}"}));
}

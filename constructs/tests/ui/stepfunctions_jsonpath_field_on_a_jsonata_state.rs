// A state uses one query language: after a JSONata field (`output`), a JSONPath-only one
// (`result_path`) does not compile.
use constructs::stepfunctions::Pass;
use serde_json::json;

fn main() {
    let _ = Pass::new("Mixed")
        .output(json!({"total": "{% $states.input.total %}"}))
        .result_path("$.total");
}

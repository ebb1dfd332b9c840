//! Snapshots of the SVG text for a small stack (`fixtures/small.template.json`: a function
//! with its role, a table, a state machine whose workflow has every state type, a Choice, a
//! Parallel, a Map and a Catch) and for the notes' Retry/Catch definition, and determinism:
//! the same input gives the same bytes.
//!
//! To accept a deliberate change, run with `UPDATE_SNAPSHOTS=1` and review the diff (and the
//! picture: open the `.svg` in a browser).

use std::path::PathBuf;

fn here(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read_json(path: PathBuf) -> serde_json::Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("JSON")
}

fn check_snapshot(name: &str, svg: &str) {
    let path = here(&format!("tests/snapshots/{name}.svg"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, svg).expect("write the snapshot");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_SNAPSHOTS=1 to create it)",
            path.display()
        )
    });
    assert!(
        want == svg,
        "{name}.svg differs from the snapshot {}; if the change is meant, rerun with UPDATE_SNAPSHOTS=1 and review",
        path.display()
    );
}

#[test]
fn small_stack() {
    let template = read_json(here("tests/fixtures/small.template.json"));
    let svg = cdk_graph::stack_svg(&template);
    // The parts a reader looks for, whatever the coordinates.
    for needle in [
        r#"id="resource:Fn""#,
        r#"id="construct:Fn""#,
        r#"id="construct:Machine/Role""#,
        r#"id="Machine/state:Both/1/Save""#,
        r#"id="Machine/state:Both/2/Pause""#,
        r#"id="Machine/state:Each/Item""#,
        r#"id="Machine/start""#,
        "Catch: States.ALL",
        "$.total &gt; 100",
        "Default",
        "DynamoDB: PutItem",
        "Wait 5 s",
        "Fail: Invalid",
        r#"stroke-dasharray="5 4""#, // DependsOn
    ] {
        assert!(svg.contains(needle), "the picture lacks {needle}");
    }
    assert_eq!(
        svg,
        cdk_graph::stack_svg(&template),
        "same input, same bytes"
    );
    check_snapshot("small-stack", &svg);
}

#[test]
fn retry_catch_definition() {
    let def = read_json(here("../../synth-out/Workflows.RetryCatch.asl.json"));
    let svg = cdk_graph::workflow_svg("RetryCatch", &def);
    assert_eq!(
        svg.matches(r#"class="node""#).count(),
        6,
        "Start, 4 states, End"
    );
    assert_eq!(svg.matches(">Catch: ").count(), 3, "three Catch labels");
    check_snapshot("retry-catch", &svg);
}

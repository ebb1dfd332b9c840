//! Every example passes the `AwsSolutions` pack: each finding is fixed or acknowledged with
//! its reason, and no acknowledgement is stale.

use constructs::checks::aws_solutions;

#[test]
fn every_example_passes_the_security_pack_or_acknowledges_each_finding() {
    let app = cdk_core::App::new();
    examples::define_all(&app);
    let report = cdk_core::checks::run(&app, &[&aws_solutions()]).expect("the examples synthesize");
    let open: Vec<String> = report
        .errors()
        .chain(report.warnings())
        .map(|f| format!("{} {} {}", f.stack, f.path, f.id()))
        .collect();
    let unused: Vec<String> = report
        .unused
        .iter()
        .map(|a| format!("{} {}", a.path, a.id))
        .collect();
    assert!(
        open.is_empty() && unused.is_empty(),
        "open findings:\n  {}\nunused acknowledgements:\n  {}",
        open.join("\n  "),
        unused.join("\n  ")
    );
    // Acknowledgements say why.
    assert!(report
        .findings
        .iter()
        .all(|f| f.acknowledged.as_ref().is_some_and(|r| r.len() > 20)));
}

/// With the checks on, synthesis runs the pack, writes as usual (no unacknowledged error)
/// and puts the report beside the templates.
#[test]
fn synthesis_with_the_checks_on_writes_the_report() {
    let out = std::env::temp_dir().join(format!("examples-checks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let app = cdk_core::app!(out_dir = &out);
    examples::define_all(&app);
    app.add_checks(aws_solutions()).set_checks_on_synth(true);
    app.write().expect("no unacknowledged error");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("checks.json")).unwrap()).unwrap();
    assert_eq!(report["packs"], serde_json::json!(["AwsSolutions"]));
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["unusedAcknowledgements"], 0);
    let n = report["findings"].as_array().unwrap().len();
    assert!(n > 20, "{n} findings");
    assert_eq!(report["summary"]["acknowledged"], n);
    // A finding names its rule, where it is, why it matters and what to do.
    let f = &report["findings"][0];
    for key in [
        "id",
        "rule",
        "severity",
        "stack",
        "logicalId",
        "path",
        "message",
        "why",
        "fix",
    ] {
        assert!(f[key].is_string(), "{key}: {f}");
    }
    assert!(f["acknowledged"]["reason"].is_string());

    // An unacknowledged error blocks writing: a new queue without a dead-letter queue.
    let stack = app
        .stacks()
        .into_iter()
        .find(|s| s.stack_name() == "Hello")
        .unwrap();
    constructs::sqs::Queue::new(&stack, "Unchecked").build();
    let err = app.write().unwrap_err();
    let found: Vec<(&str, &str)> = err
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d.path.as_str(),
                d.message.split(']').next().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("Hello/Unchecked/Resource", "[AwsSolutions-SQS3"),
            ("Hello/Unchecked/Resource", "[AwsSolutions-SQS4")
        ],
        "{err}"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

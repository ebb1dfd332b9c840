//! The non-default-service example (`examples/scheduler.rs`, feature `scheduler`)
//! synthesizes, and cfn-lint finds nothing in its template.
#![cfg(feature = "scheduler")]

#[path = "../examples/scheduler.rs"]
mod example;

#[test]
fn scheduler_example_passes_cfn_lint() {
    let app = cdk_core::App::new();
    let stack = example::build(&app);
    let template = stack.template().expect("synthesize");
    let dir = std::env::temp_dir().join(format!("cfn-l1-scheduler-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("Scheduler.template.json");
    std::fs::write(&path, cdk_core::synth::to_json_string(&template)).expect("write");
    let run = cdk_validators::cfn_lint(&[path]);
    assert!(run.success, "cfn-lint:\n{}", run.output);
    let resources = template["Resources"].as_object().expect("resources");
    assert!(resources
        .values()
        .any(|r| r["Type"] == "AWS::Scheduler::Schedule"));
    std::fs::remove_dir_all(&dir).ok();
}

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

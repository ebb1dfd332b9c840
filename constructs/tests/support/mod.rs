//! Helpers shared by the integration tests that include this module (`mod support;`).

use cdk_core::assertions::Template;

/// The property names of the resource `id` in `template`, in the order they are rendered.
#[allow(dead_code)] // not every test crate that includes this module uses every helper
pub fn property_order(template: &Template, id: &str) -> Vec<String> {
    let properties = &template.to_json()["Resources"][id]["Properties"];
    properties
        .as_object()
        .map_or_else(Vec::new, |p| p.keys().cloned().collect())
}

/// Asserts that `err` is exactly one diagnostic, whose message contains `expected`, whose
/// path starts with `path`, and which has a hint ("one mistake, one diagnostic").
#[allow(dead_code)]
#[track_caller]
pub fn assert_one_diagnostic(err: &cdk_core::Error, expected: &str, path: &str) {
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{expected}: {err}");
    assert!(
        d[0].message.contains(expected),
        "{expected}: {}",
        d[0].message
    );
    assert!(d[0].path.starts_with(path), "{expected}: {}", d[0].path);
    assert!(!d[0].hint.is_empty(), "{expected}");
}

/// The resources of type `ty` in the rendered `template`, with their logical IDs.
#[allow(dead_code)]
pub fn of_type<'a>(
    template: &'a serde_json::Value,
    ty: &str,
) -> Vec<(&'a String, &'a serde_json::Value)> {
    template["Resources"]
        .as_object()
        .expect("a template with resources")
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

/// A Python function `id` in `stack` with inline code that answers 200.
#[allow(dead_code)]
pub fn inline_python(stack: &cdk_core::Stack, id: &str) -> constructs::lambda::FunctionBuilder {
    use constructs::lambda::{Code, Function, Runtime};
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(e, c):\n    return {'statusCode': 200}\n"),
        "index.handler",
    )
}

/// Translates the SAM template at `sam` with aws-sam-translator, asserts that the
/// differential check finds the translation and the plain template at `plain` alike, with
/// `functions` function pairs; returns the translation.
#[allow(dead_code)]
#[track_caller]
pub fn translate_and_compare(
    sam: &std::path::Path,
    plain: &std::path::Path,
    functions: usize,
) -> serde_json::Value {
    let translated = cdk_validators::sam_translate(sam)
        .unwrap_or_else(|e| panic!("aws-sam-translator failed: {e}"));
    let plain: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plain).expect("the plain template"))
            .expect("JSON");
    assert_agree(&translated, &plain, functions);
    translated
}

/// Asserts that the differential check finds the translation `translated` and the plain
/// template `plain` alike, with `functions` function pairs (so the comparison was not empty).
#[allow(dead_code)]
#[track_caller]
pub fn assert_agree(translated: &serde_json::Value, plain: &serde_json::Value, functions: usize) {
    let report = cdk_validators::differential(translated, plain);
    assert!(
        report.is_empty(),
        "the translation and the plain template differ:\n{report}"
    );
    assert_eq!(
        report.matched_functions.len(),
        functions,
        "{:?}",
        report.matched_functions
    );
}

/// The four files synthesis writes for stack `stack` into `out`: plain JSON and YAML, SAM
/// JSON and YAML, in that order.
#[allow(dead_code)]
pub fn stack_files(out: &std::path::Path, stack: &str) -> [std::path::PathBuf; 4] {
    ["template.json", "template.yaml", "sam.json", "sam.yaml"]
        .map(|f| out.join(format!("{stack}.{f}")))
}

/// What the real tools must say of stack `stack` written into `out`: cfn-lint passes all
/// four files (0 errors, 0 warnings), aws-sam-translator translates the SAM template and
/// the differential check finds it and the plain template alike with `functions` function
/// pairs, and `sam validate --lint` passes the SAM YAML. Returns the translation and the
/// plain template, for the test's own checks.
#[allow(dead_code)]
#[track_caller]
pub fn assert_real_tools_accept(
    out: &std::path::Path,
    stack: &str,
    functions: usize,
) -> (serde_json::Value, serde_json::Value) {
    let files = stack_files(out, stack);
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);
    let translated = translate_and_compare(&files[2], &files[0], functions);
    let validate = cdk_validators::sam_validate_lint(&files[3]);
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );
    let plain =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).expect("plain")).expect("JSON");
    (translated, plain)
}

/// Asserts that asl-validator accepts the state machine definitions of stack `stack`'s
/// plain and SAM JSON templates in `out`, `machines` in each.
#[allow(dead_code)]
#[track_caller]
pub fn assert_asl_valid(out: &std::path::Path, stack: &str, machines: usize) {
    let files = stack_files(out, stack);
    for f in [&files[0], &files[2]] {
        let template: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).expect("template")).expect("JSON");
        assert_eq!(
            cdk_validators::assert_template_asl_valid(&template),
            machines,
            "{}",
            f.display()
        );
    }
}

//! Type errors that must stay compile errors: a list where a string belongs, a number where a
//! string belongs, a string where a condition belongs, `Fn::If` branches of different types,
//! and a resource directly under an `App`. The expected compiler output is in `ui/*.stderr`
//! (regenerate with `TRYBUILD=overwrite cargo test -p cdk-core --test compile_fail`, then
//! review the diff; the toolchain is pinned so the text is stable).

#[test]
fn type_errors_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

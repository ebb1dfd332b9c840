//! Mistakes the type system must stop: each `tests/ui/*.rs` must fail to compile with the
//! error recorded in its `.stderr` file (toolchain pinned in rust-toolchain.toml).

#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

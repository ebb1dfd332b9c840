//! Compile-fail cases: mistakes the generated types must stop at compile time.
//! The `.stderr` files are tied to the pinned toolchain (`rust-toolchain.toml`); refresh them
//! with `TRYBUILD=overwrite cargo test -p cfn-l1 --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

//! `cargo run`: synthesizes every example app into `synth-out/` at the workspace root and
//! prints one line per stack; `cargo run -- list|diff|check|synth …` are the other verbs
//! (`cargo run -- --help`).

fn main() -> std::process::ExitCode {
    // The workspace's synth-out/, beside this crate; relative paths resolve against the
    // crate root (examples/), whatever folder `cargo run` starts in.
    let app = cdk_core::app!(out_dir = "../synth-out");
    // `constructs::cli::run` turns the security pack on for `check` (synthesis runs it only
    // with set_checks_on_synth); packs registered with `app.add_checks` would run instead.
    examples::define_all(&app);
    constructs::cli::run(&app)
}

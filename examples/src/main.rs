//! `cargo run`: synthesizes every example app into `synth-out/` at the workspace root and
//! prints one line per stack.

fn main() -> cdk_core::Result<()> {
    let app = cdk_core::App::with_out_dir(examples::out_dir());
    examples::define_all(&app);
    app.synth()
}

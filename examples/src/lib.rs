//! Example stacks as programs. Each example lives in its own folder under `examples/` and
//! exposes `define(&App)`; `cargo run` at the workspace root puts them all into one app and
//! synthesizes it into `synth-out/`.
//!
//! ```
//! let app = cdk_core::App::with_out_dir(std::env::temp_dir().join("examples-doc"));
//! examples::define_all(&app);
//! let assembly = app.assemble().expect("the examples are valid");
//! assert!(assembly.stack("MessagingCore").is_some());
//! ```

#![warn(missing_docs)]

#[path = "../canary-deploy/stack.rs"]
pub mod canary_deploy;
#[path = "../hello/stack.rs"]
pub mod hello;
#[path = "../image-labeler/stack.rs"]
pub mod image_labeler;
#[path = "../messaging/stack.rs"]
pub mod messaging;
#[path = "../rust-function/stack.rs"]
pub mod rust_function;
/// A resource from a non-default service (`AWS::Scheduler::Schedule`) through the typed L1
/// layer and its cargo feature; the file lives with the L1 crate, which also runs it as a
/// cargo example.
#[path = "../../l1/examples/scheduler.rs"]
pub mod scheduler;

use std::path::PathBuf;

/// Adds every example's stacks to `app`.
pub fn define_all(app: &cdk_core::App) {
    canary_deploy::define(app);
    hello::define(app);
    image_labeler::define(app);
    messaging::define(app);
    scheduler::build(app);
    rust_function::define(app);
}

/// The workspace's `synth-out/` folder, wherever `cargo run` is started from.
pub fn out_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../synth-out"))
}

/// A path inside the `examples/` folder (for asset folders), independent of the working
/// directory. The absolute path never reaches a template: assets are referenced by hash.
pub fn example_path(relative: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"))).join(relative)
}

/// The README's Rust snippets, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

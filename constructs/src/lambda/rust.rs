//! `RustFunction`: a Lambda function written in Rust, built by `sam build` with cargo-lambda.

use std::path::PathBuf;

use cdk_core::Construct;

use super::{Code, Function, FunctionBuilder, Runtime};

/// A Lambda function from a Rust crate: [`Function::new`] with
/// [`Runtime::PROVIDED_AL2023`], the handler `bootstrap` and
/// [`Code::from_cargo_lambda`]`(crate_dir)`, so the architecture defaults to `arm64`.
/// Everything else is the [`FunctionBuilder`]'s, aliases and deployment preferences
/// included.
///
/// See [`Code::from_cargo_lambda`] for how the crate is referenced (in place, by a path
/// relative to the template) and which SAM CLI builds it.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::lambda::{DeploymentPreference, RustFunction};
///
/// # let dir = std::env::temp_dir().join(format!("rust-fn-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let app = App::with_out_dir(dir.join("synth-out"));
/// let stack = Stack::new(&app, "Orders");
/// # let crate_dir = dir.join("handler");
/// # std::fs::create_dir_all(&crate_dir).unwrap();
/// let func = RustFunction::new(&stack, "Handler", &crate_dir)
///     .auto_publish_alias("live")
///     .deployment_preference(DeploymentPreference::linear_10_percent_every_1_minute())
///     .build();
/// let sam = stack.sam_template().unwrap();
/// let resource = &sam["Resources"][func.resource().logical_id()];
/// assert_eq!(resource["Properties"]["CodeUri"], "../handler");   // relative to synth-out/
/// assert_eq!(resource["Properties"]["Runtime"], "provided.al2023");
/// assert_eq!(resource["Properties"]["Architectures"][0], "arm64");
/// assert_eq!(resource["Metadata"]["BuildMethod"], "rust-cargolambda");
/// # std::fs::remove_dir_all(&dir).ok();
/// ```
#[derive(Debug)]
pub struct RustFunction;

impl RustFunction {
    /// Starts a function named `id` in `scope` from the Rust crate in `crate_dir` (the
    /// folder with its `Cargo.toml`; relative to the working directory, or absolute).
    #[allow(clippy::new_ret_no_self)] // a builder, as everywhere in this crate
    pub fn new(scope: &impl Construct, id: &str, crate_dir: impl Into<PathBuf>) -> FunctionBuilder {
        Function::new(
            scope,
            id,
            Runtime::PROVIDED_AL2023,
            Code::from_cargo_lambda(crate_dir),
            "bootstrap",
        )
    }
}

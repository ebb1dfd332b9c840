//! A Lambda function written in Rust (the crate in `handler/`), deployed with CodeDeploy
//! shifting 10 % more traffic to a new version every minute (`Linear10PercentEvery1Minute`),
//! rolled back when its alias reports errors.
//!
//! The crate is not copied into `synth-out/`: both templates point at it in place,
//! relative to the template (`CodeUri: ../examples/rust-function/handler`), with
//! `Metadata: {BuildMethod: rust-cargolambda}`, so
//!
//! ```text
//! sam build -t synth-out/RustFunction.sam.yaml   # cargo lambda build --release --arm64
//! sam deploy --guided
//! ```
//!
//! compiles it for `provided.al2023` on arm64 and deploys the result. The crate is excluded
//! from this workspace (root `Cargo.toml`), so `cargo test` here never builds it.

use cdk_core::{App, CfnOutput, Stack};
use constructs::cloudwatch::{Alarm, TreatMissingData};
use constructs::lambda::{Architecture, DeploymentPreference, RustFunction};

/// Adds the `RustFunction` stack to `app`, its function built for arm64 (Graviton).
pub fn define(app: &App) {
    define_for(app, Architecture::Arm64);
}

/// Adds the `RustFunction` stack to `app` with the function built for `architecture`. The
/// tests `sam build` an x86_64 variant (`examples/tests/rust_function_build.rs`): the
/// architecture whose Rust standard library every machine of this project has.
pub fn define_for(app: &App, architecture: Architecture) {
    let stack = Stack::new(app, "RustFunction");
    stack
        .set_description("A Rust Lambda function deployed with linear CodeDeploy traffic shifting");

    let greeter = RustFunction::new(&stack, "Greeter", "rust-function/handler")
        .memory_size(128)
        .architecture(architecture)
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::linear_10_percent_every_1_minute())
        .build();

    let errors = Alarm::new(&stack, "ErrorsAlarm", &greeter.alias().metric_errors(), 1)
        .treat_missing_data(TreatMissingData::NotBreaching)
        .description("Errors of the live alias: rolls a deployment back")
        .build();
    greeter.add_deployment_alarm(&errors);

    CfnOutput::new(&stack, "GreeterAlias", greeter.alias().arn());

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::function_logs(&stack);
    crate::acks::codedeploy(&stack);
}

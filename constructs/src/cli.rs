//! The command line of a stack program, with what AWS knows: a program's `main` ends with
//! [`run`].
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     let app = cdk_core::app!();
//!     // … stacks …
//!     constructs::cli::run(&app)
//! }
//! ```
//!
//! With no arguments that is exactly [`App::synth`] (so `cargo run` still synthesizes);
//! `cargo run -- synth|list|diff|check …` are the verbs of [`cdk_core::cli`]. This module
//! hands that command line what `cdk-core` cannot know: which property changes replace a
//! resource and which resources hold data (`cfn_l1::resource_facts::FACTS`, generated from
//! the AWS service spec) and where templates grant permissions
//! ([`iam::TemplatePolicies`](crate::iam::TemplatePolicies)).

use std::process::ExitCode;

use cdk_core::cli::Cli;
use cdk_core::App;

use crate::iam::TemplatePolicies;

/// The command line of `app` with the AWS resource facts, the policy reader and the
/// pictures of `graph` (`cdk_graph`); add checks
/// with [`Cli::check`] before [`Cli::run`].
pub fn cli(app: &App) -> Cli<'_> {
    Cli::new(app)
        .resource_facts(&cfn_l1::resource_facts::FACTS)
        .policy_reader(&TemplatePolicies)
        .graph_renderer(cdk_graph::stack_svg)
}

/// Parses the process's arguments and runs the command on `app` (see the module docs).
pub fn run(app: &App) -> ExitCode {
    cli(app).run()
}

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
/// The security pack ([`checks::aws_solutions`](crate::checks::aws_solutions)) is on by
/// default in `check`: registered here when the program registered no pack of its own
/// (synthesis runs packs only with `App::set_checks_on_synth`).
pub fn run(app: &App) -> ExitCode {
    if app.check_packs().is_empty() {
        app.add_checks(crate::checks::aws_solutions());
    }
    cli(app).run()
}

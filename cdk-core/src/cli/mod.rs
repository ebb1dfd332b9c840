//! The program's command line: `synth`, `list`, `diff`, `check`, parsed with `clap`.
//!
//! A stack program ends its `main` with a [`Cli`] over its app (or with
//! `constructs::cli::run(&app)`, which hands in the AWS facts this crate cannot know):
//!
//! ```no_run
//! # let app = cdk_core::app!();
//! # cdk_core::Stack::new(&app, "Hello");
//! fn main() -> std::process::ExitCode {
//!     # let app = cdk_core::app!();
//!     // … stacks …
//!     cdk_core::cli::Cli::new(&app).run()
//! }
//! ```
//!
//! | command | what |
//! |---|---|
//! | *(none)* | exactly [`App::synth`]: write the output folder, one line per stack |
//! | `synth [STACK…] [--out DIR] [--quiet] [--checks]` | the same for all or some stacks (with the stacks they depend on; never into a folder holding other stacks, which it would delete), plus a total with the time taken |
//! | `list [--long] [--deps]` | the stacks in deployment order; their templates and resource counts; what each depends on |
//! | `diff [STACK…] [--template FILE] [--sam] [--fail] [--json]` | what synthesis would write now against what the output folder holds (or a template file), writing nothing |
//! | `check` | full validation and every registered [`Check`], writing nothing |
//!
//! Exit codes: 0 success (and no differences with `diff --fail`); 1 synthesis or check
//! errors, or differences with `diff --fail`; 2 a usage error (unknown verb, flag or stack).
//! Errors are printed as [`App::synth`]'s are: all of them, each with its construct path and
//! a hint.

mod diff;
mod facts;
mod style;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use serde_json::Value as Json;

pub use diff::{display_value, PolicyReader, PolicyStatement};
pub use facts::{Replacement, ResourceFacts, TypeFacts};

use crate::error::{Diagnostic, Error};
use crate::synth::{file_names, Assembly, StackArtifact};
use crate::tree::App;
use crate::value::Flavor;
use diff::{paths_of, Inputs, TemplateDiff};
use style::Style;

/// How serious a [`Finding`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Blocks: `check` exits 1, `synth --checks` writes nothing.
    Error,
    /// Reported, does not block.
    Warning,
}

/// One finding of a [`Check`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The rule's name, e.g. `AwsSolutions-S1`.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// Where (the construct path), what, and how to fix it.
    pub diagnostic: Diagnostic,
}

/// A check `check` runs (and `synth --checks`), beyond synthesis' own validation: a rule
/// pack such as a security pack. Register it with [`Cli::check`].
///
/// Two hooks, both optional: [`prepare`](Check::prepare) runs before the app is assembled
/// (a pack built on the tree, e.g. aspects that report through
/// [`Node::add_error`](crate::Node::add_error), installs itself there), and
/// [`inspect`](Check::inspect) reads the validated, resolved templates.
pub trait Check {
    /// The check's name, shown in the report (`AwsSolutions`).
    fn name(&self) -> &str;

    /// Prepares the app before it is assembled. Default: nothing.
    fn prepare(&self, app: &App) {
        let _ = app;
    }

    /// The findings on the assembled app. Default: none.
    fn inspect(&self, app: &App, assembly: &Assembly) -> Vec<Finding> {
        let _ = (app, assembly);
        Vec::new()
    }
}

#[derive(Parser, Debug)]
#[command(
    about = "Synthesizes this program's stacks into CloudFormation and SAM templates; with no command, `synth`.",
    disable_version_flag = true
)]
struct Args {
    #[command(subcommand)]
    verb: Option<Verb>,
}

#[derive(Subcommand, Debug)]
enum Verb {
    /// Validate and write the templates of all stacks, or of the given stacks and those they
    /// depend on (the output folder then holds those only, so a folder that holds other
    /// stacks is refused: use --out).
    Synth {
        /// Stacks to synthesize (default: all).
        stacks: Vec<String>,
        /// Output folder (default: the app's, `synth-out/`).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Run the registered checks too; their errors block writing.
        #[arg(long)]
        checks: bool,
    },
    /// List the stacks in deployment order.
    List {
        /// Show each stack's templates and resource counts.
        #[arg(long, short)]
        long: bool,
        /// Show what each stack depends on.
        #[arg(long, short)]
        deps: bool,
    },
    /// Compare what synthesis would write now with the output folder (or a template file),
    /// writing nothing.
    Diff {
        /// Stacks to compare (default: all).
        stacks: Vec<String>,
        /// Compare with this template (JSON; e.g. one downloaded from a deployed stack)
        /// instead of the output folder; needs exactly one stack.
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        /// Compare the SAM templates instead of the plain CloudFormation ones (a `--template`
        /// with SAM's transform is compared with the SAM template anyway).
        #[arg(long)]
        sam: bool,
        /// Exit with 1 when there are differences.
        #[arg(long)]
        fail: bool,
        /// Print the differences as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Validate everything and run the registered checks, writing nothing.
    Check,
    /// Draw a stack (its resources grouped by construct, references and `DependsOn`, each
    /// state machine's workflow) as SVG, writing nothing else.
    Graph {
        /// The stack to draw (default: the app's only stack).
        stack: Option<String>,
        /// Write the SVG to this file (default: standard output); not inside the output
        /// folder, which synthesis replaces.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Draws a stack's synthesized template (the plain one when the stack has it) as an SVG
/// document: what the `graph` verb prints, handed in by a construct library (cdk-core knows
/// no service, and a state machine's workflow is Step Functions knowledge).
pub type GraphRenderer = fn(&serde_json::Value) -> String;

/// The command line of a stack program: the app, what it knows about resource types, and
/// the checks `check` runs. See the [module docs](self).
pub struct Cli<'a> {
    app: &'a App,
    facts: &'a ResourceFacts,
    policies: Option<&'a dyn PolicyReader>,
    checks: Vec<Box<dyn Check + 'a>>,
    color: Option<bool>,
    graph: Option<GraphRenderer>,
}

/// Where the output goes: standard output and error, or buffers in tests.
struct Io<'w> {
    out: &'w mut dyn Write,
    err: &'w mut dyn Write,
    style: Style,
}

/// The exit code of a usage error.
const USAGE: u8 = 2;

impl<'a> Cli<'a> {
    /// The command line of `app`, with no resource facts and no checks.
    pub fn new(app: &'a App) -> Cli<'a> {
        Cli {
            app,
            facts: &ResourceFacts::EMPTY,
            policies: None,
            checks: Vec::new(),
            color: None,
            graph: None,
        }
    }

    /// What `graph` draws with (`cdk_graph::stack_svg`); without one, `graph` is a usage
    /// error.
    pub fn graph_renderer(mut self, renderer: GraphRenderer) -> Self {
        self.graph = Some(renderer);
        self
    }

    /// What `diff` knows about resource types (`cfn_l1::resource_facts::FACTS`).
    pub fn resource_facts(mut self, facts: &'a ResourceFacts) -> Self {
        self.facts = facts;
        self
    }

    /// Where `diff` finds permission statements, for its "IAM Statement Changes" table.
    pub fn policy_reader(mut self, reader: &'a dyn PolicyReader) -> Self {
        self.policies = Some(reader);
        self
    }

    /// Registers a check that `check` (and `synth --checks`) runs.
    pub fn check(mut self, check: impl Check + 'a) -> Self {
        self.checks.push(Box::new(check));
        self
    }

    /// Colours on or off. Default: [`run`](Cli::run) colours when standard output is a
    /// terminal and `NO_COLOR` is unset or empty; [`run_with`](Cli::run_with) does not.
    pub fn color(mut self, on: bool) -> Self {
        self.color = Some(on);
        self
    }

    /// Parses the process's arguments, runs the command, and returns its exit code.
    pub fn run(self) -> ExitCode {
        let color = self.color.unwrap_or_else(|| Style::detect().color);
        let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
        ExitCode::from(
            self.color(color)
                .run_with(std::env::args_os(), &mut out, &mut err),
        )
    }

    /// Runs the command line `args` (the program name first, as in `std::env::args_os`),
    /// writing to `out` and `err`; returns the exit code.
    pub fn run_with<I, T>(self, args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let style = Style {
            color: self.color.unwrap_or(false),
        };
        let mut io = Io { out, err, style };
        let args = match Args::try_parse_from(args) {
            Ok(a) => a,
            Err(e) => {
                let text = e.render().to_string();
                let code = e.exit_code();
                if e.use_stderr() {
                    let _ = write!(io.err, "{text}");
                } else {
                    let _ = write!(io.out, "{text}");
                }
                return u8::try_from(code).unwrap_or(USAGE);
            }
        };
        let code = match args.verb {
            None => self.synth_plain(&mut io),
            Some(Verb::Synth {
                stacks,
                out,
                quiet,
                checks,
            }) => self.synth(&mut io, &stacks, out, quiet, checks),
            Some(Verb::List { long, deps }) => self.list(&mut io, long, deps),
            Some(Verb::Diff {
                stacks,
                template,
                sam,
                fail,
                json,
            }) => self.diff(&mut io, &stacks, template, sam, fail, json),
            Some(Verb::Check) => self.check_all(&mut io),
            Some(Verb::Graph { stack, out }) => self.graph(&mut io, stack, out),
        };
        let _ = io.out.flush();
        code
    }

    /// No command: what [`App::synth`] does, to the byte.
    fn synth_plain(&self, io: &mut Io) -> u8 {
        match self.app.write() {
            Ok(summary) => {
                for s in &summary.stacks {
                    let _ = writeln!(io.out, "{s}");
                }
                0
            }
            Err(e) => fail(io, &e),
        }
    }

    fn synth(
        &self,
        io: &mut Io,
        stacks: &[String],
        out: Option<PathBuf>,
        quiet: bool,
        checks: bool,
    ) -> u8 {
        let started = Instant::now();
        if let Some(dir) = out {
            // A folder given on the command line is relative to where the command runs.
            let dir = if dir.is_relative() {
                std::env::current_dir().map(|c| c.join(&dir)).unwrap_or(dir)
            } else {
                dir
            };
            self.app.set_out_dir(dir);
        }
        if let Err(code) = self.known_stacks(io, stacks) {
            return code;
        }
        if let Err(code) = self.keeps_other_stacks(io, stacks) {
            return code;
        }
        if checks {
            match self.run_checks() {
                Ok((findings, _)) => {
                    let blocked = report_findings(io, &findings);
                    if blocked {
                        return 1;
                    }
                }
                Err(e) => return fail(io, &e),
            }
        }
        let names: Vec<&str> = stacks.iter().map(String::as_str).collect();
        let result = if names.is_empty() {
            self.app.write()
        } else {
            self.app.write_stacks(&names)
        };
        match result {
            Ok(summary) => {
                if !quiet {
                    for s in &summary.stacks {
                        let _ = writeln!(io.out, "{s}");
                    }
                    let resources: usize = summary.stacks.iter().map(|s| s.resources).sum();
                    let files: usize = summary.stacks.iter().map(|s| s.files.len()).sum();
                    let _ = writeln!(
                        io.out,
                        "{} stack{}, {resources} resource{}, {files} file{} in {} ({:.1?})",
                        summary.stacks.len(),
                        plural(summary.stacks.len()),
                        plural(resources),
                        plural(files),
                        shown_path(&summary.out_dir),
                        started.elapsed()
                    );
                }
                0
            }
            Err(e) => fail(io, &e),
        }
    }

    /// Exit code 2 (with the list of stacks) when a name is not a stack of the app.
    fn known_stacks(&self, io: &mut Io, names: &[String]) -> Result<(), u8> {
        let have: Vec<String> = self.app.stacks().iter().map(|s| s.stack_name()).collect();
        let unknown: Vec<&String> = names.iter().filter(|n| !have.contains(n)).collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let _ = writeln!(
            io.err,
            "error: no stack named {}; the stacks are: {}",
            unknown
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            have.join(", ")
        );
        Err(USAGE)
    }

    /// Exit code 2 when writing only `names` (and their dependencies) would remove other
    /// stacks' templates from an output folder that holds them (`synth-out/` is usually
    /// checked in: a partial synthesis there would delete the rest).
    fn keeps_other_stacks(&self, io: &mut Io, names: &[String]) -> Result<(), u8> {
        if names.is_empty() {
            return Ok(());
        }
        let out = self.app.out_dir();
        let Ok(Some(manifest)) = read_json(&out.join("manifest.json")) else {
            return Ok(());
        };
        // The dependencies (explicit or through references) are known once assembled; an
        // app that does not assemble is reported by the write that follows.
        let Ok(assembly) = self.app.assemble() else {
            return Ok(());
        };
        let mut wanted: Vec<String> = names.to_vec();
        let mut i = 0;
        while i < wanted.len() {
            if let Some(s) = assembly.stack(&wanted[i]) {
                for d in &s.dependencies {
                    if !wanted.contains(d) {
                        wanted.push(d.clone());
                    }
                }
            }
            i += 1;
        }
        let others: Vec<&str> = manifest["order"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .filter(|s| !wanted.iter().any(|w| w == s))
            .collect();
        if others.is_empty() {
            return Ok(());
        }
        let _ = writeln!(
            io.err,
            "error: writing only {} would remove {} from {}, which holds {}\n  hint: run `synth` without stack names to write every stack, or write the selection elsewhere with --out DIR",
            names.join(", "),
            if others.len() == 1 { "the other stack" } else { "the other stacks" },
            shown_path(&out),
            others.join(", ")
        );
        Err(USAGE)
    }

    fn list(&self, io: &mut Io, long: bool, deps: bool) -> u8 {
        let assembly = match self.app.assemble() {
            Ok(a) => a,
            Err(e) => return fail(io, &e),
        };
        for s in &assembly.stacks {
            let _ = writeln!(io.out, "{}", s.name);
            if long {
                for (flavor, template) in &s.templates {
                    let (json, yaml) = file_names(&s.name, *flavor);
                    let n = template
                        .get("Resources")
                        .and_then(Json::as_object)
                        .map_or(0, serde_json::Map::len);
                    let _ = writeln!(
                        io.out,
                        "  {:<5} {json}, {yaml}: {n} resource{}",
                        match flavor {
                            Flavor::Cfn => "plain",
                            Flavor::Sam => "SAM",
                        },
                        plural(n)
                    );
                }
            }
            if deps {
                let _ = writeln!(
                    io.out,
                    "  depends on: {}",
                    if s.dependencies.is_empty() {
                        "(nothing)".to_string()
                    } else {
                        s.dependencies.join(", ")
                    }
                );
            }
        }
        0
    }

    fn diff(
        &self,
        io: &mut Io,
        stacks: &[String],
        template: Option<PathBuf>,
        sam: bool,
        fail_on_diff: bool,
        json_out: bool,
    ) -> u8 {
        if let Err(code) = self.known_stacks(io, stacks) {
            return code;
        }
        let assembly = match self.app.assemble() {
            Ok(a) => a,
            Err(e) => return fail(io, &e),
        };
        let selected: Vec<&StackArtifact> = assembly
            .stacks
            .iter()
            .filter(|s| stacks.is_empty() || stacks.contains(&s.name))
            .collect();
        let mut diffs = Vec::new();
        let from_file = template.is_some();
        if let Some(file) = template {
            let [stack] = selected.as_slice() else {
                let _ = writeln!(
                    io.err,
                    "error: --template compares one stack, and {} are selected; name the stack: diff <STACK> --template {}",
                    selected.len(),
                    file.display()
                );
                return USAGE;
            };
            let old = match read_json(&file) {
                Ok(Some(t)) => t,
                Ok(None) => {
                    let _ = writeln!(io.err, "error: {} does not exist", file.display());
                    return 1;
                }
                Err(msg) => {
                    let _ = writeln!(io.err, "error: {msg}");
                    return 1;
                }
            };
            let flavor = if sam || has_sam_transform(&old) {
                Flavor::Sam
            } else {
                Flavor::Cfn
            };
            let Some(new) = stack.template(flavor) else {
                let _ = writeln!(
                    io.err,
                    "error: stack `{}` has no {} template",
                    stack.name,
                    flavor_word(flavor)
                );
                return 1;
            };
            let inputs = Inputs {
                facts: self.facts,
                policies: self.policies,
                old_paths: serde_json::Map::new(),
                new_paths: stack
                    .template(Flavor::Cfn)
                    .map(paths_of)
                    .unwrap_or_default(),
            };
            diffs.push(TemplateDiff::compute(
                &stack.name,
                &file.display().to_string(),
                Some(&old),
                new,
                &inputs,
            ));
        } else {
            let out_dir = self.app.out_dir();
            let flavor = if sam { Flavor::Sam } else { Flavor::Cfn };
            for stack in selected {
                // A stack restricted to the other flavor is compared in that one.
                let flavor = if stack.template(flavor).is_some() {
                    flavor
                } else {
                    stack.templates.first().map_or(flavor, |(f, _)| *f)
                };
                let Some(new) = stack.template(flavor) else {
                    continue;
                };
                let read = |f: Flavor| read_json(&out_dir.join(file_names(&stack.name, f).0));
                let old = match read(flavor) {
                    Ok(t) => t,
                    Err(msg) => {
                        let _ = writeln!(io.err, "error: {msg}");
                        return 1;
                    }
                };
                let old_plain = if flavor == Flavor::Cfn {
                    None
                } else {
                    read(Flavor::Cfn).ok().flatten()
                };
                let inputs = Inputs {
                    facts: self.facts,
                    policies: self.policies,
                    old_paths: old_plain.as_ref().map(paths_of).unwrap_or_default(),
                    new_paths: stack
                        .template(Flavor::Cfn)
                        .map(paths_of)
                        .unwrap_or_default(),
                };
                let against = shown_path(&out_dir.join(file_names(&stack.name, flavor).0));
                diffs.push(TemplateDiff::compute(
                    &stack.name,
                    &against,
                    old.as_ref(),
                    new,
                    &inputs,
                ));
            }
        }
        // Stacks the output folder holds and the program no longer defines (compared with
        // the folder, all stacks): a synthesis would remove their templates.
        let mut gone: Vec<String> = Vec::new();
        if stacks.is_empty() && !from_file {
            if let Ok(Some(m)) = read_json(&self.app.out_dir().join("manifest.json")) {
                gone = m["order"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Json::as_str)
                    .filter(|s| assembly.stack(s).is_none())
                    .map(str::to_string)
                    .collect();
            }
        }
        let changed = diffs.iter().filter(|d| d.has_differences()).count() + gone.len();
        if json_out {
            let mut all: Vec<Json> = diffs.iter().map(TemplateDiff::to_json).collect();
            all.extend(
                gone.iter()
                    .map(|g| serde_json::json!({"stack": g, "stackRemoved": true})),
            );
            let _ = writeln!(
                io.out,
                "{}",
                serde_json::to_string_pretty(&Json::Array(all)).unwrap_or_default()
            );
        } else {
            for d in &diffs {
                let _ = write!(io.out, "{}", d.render(&io.style));
                let _ = writeln!(io.out);
            }
            for g in &gone {
                let _ = writeln!(
                    io.out,
                    "{} {}\nNo longer in the program: synthesis would remove its templates from {} (a deployed stack is not touched)\n",
                    io.style.bold("Stack"),
                    io.style.bold(g),
                    shown_path(&self.app.out_dir())
                );
            }
            let _ = writeln!(io.out, "Number of stacks with differences: {changed}");
        }
        u8::from(fail_on_diff && changed > 0)
    }

    /// Prepares and runs every registered check on the assembled app.
    fn run_checks(&self) -> Result<(Vec<Finding>, Vec<String>), Error> {
        for c in &self.checks {
            c.prepare(self.app);
        }
        let assembly = self.app.assemble()?;
        let mut findings = Vec::new();
        for c in &self.checks {
            findings.extend(c.inspect(self.app, &assembly));
        }
        // The packs registered on the app (`App::add_checks`), acknowledgements applied.
        let report = self.app.check()?;
        findings.extend(report.errors().map(|f| Finding {
            rule: f.rule.clone(),
            severity: Severity::Error,
            diagnostic: f.to_diagnostic(),
        }));
        findings.extend(report.warning_diagnostics().into_iter().map(|d| Finding {
            rule: "warning".to_string(),
            severity: Severity::Warning,
            diagnostic: d,
        }));
        let mut names: Vec<String> = self.checks.iter().map(|c| c.name().to_string()).collect();
        names.extend(report.packs.iter().cloned());
        Ok((findings, names))
    }

    /// `graph [STACK] [--out FILE]`.
    fn graph(&self, io: &mut Io, stack: Option<String>, out: Option<PathBuf>) -> u8 {
        let Some(render) = self.graph else {
            let _ = writeln!(
                io.err,
                "error: this program's command line draws no pictures\n  hint: end main with constructs::cli::run(&app), which hands it the renderer"
            );
            return USAGE;
        };
        let names: Vec<String> = self.app.stacks().iter().map(|s| s.stack_name()).collect();
        let name = match (stack, names.as_slice()) {
            (Some(name), _) => name,
            (None, [only]) => only.clone(),
            (None, _) => {
                let _ = writeln!(
                    io.err,
                    "error: the app has {} stacks; say which to draw\n  hint: the stacks are: {}",
                    names.len(),
                    names.join(", ")
                );
                return USAGE;
            }
        };
        if !names.contains(&name) {
            let _ = writeln!(
                io.err,
                "error: the app has no stack named `{name}`\n  hint: the stacks are: {}",
                names.join(", ")
            );
            return USAGE;
        }
        let out = out.map(|f| {
            if f.is_relative() {
                std::env::current_dir().map(|c| c.join(&f)).unwrap_or(f)
            } else {
                f
            }
        });
        if let Some(file) = &out {
            let folder = self.app.out_dir();
            let inside = |p: &std::path::Path| p.starts_with(&folder);
            let canon = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or(p.to_path_buf());
            let parent = file.parent().map(canon).unwrap_or_default();
            if inside(file) || parent.starts_with(canon(&folder)) {
                let _ = writeln!(
                    io.err,
                    "error: `{}` is inside the output folder `{}`, which synthesis replaces (and would refuse while it holds a file it did not write)\n  hint: write the picture elsewhere, e.g. --out {name}.svg",
                    file.display(),
                    folder.display()
                );
                return USAGE;
            }
        }
        let assembly = match self.app.assemble() {
            Ok(a) => a,
            Err(e) => return fail(io, &e),
        };
        let Some(template) = assembly
            .stack(&name)
            .and_then(|s| s.templates.first().map(|(_, t)| t))
        else {
            let _ = writeln!(io.err, "error: the stack `{name}` has no template");
            return 1;
        };
        let svg = render(template);
        match out {
            None => {
                let _ = io.out.write_all(svg.as_bytes());
                0
            }
            Some(file) => match std::fs::write(&file, svg) {
                Ok(()) => {
                    let _ = writeln!(io.out, "{name}: {}", file.display());
                    0
                }
                Err(e) => {
                    let _ = writeln!(io.err, "error: could not write {}: {e}", file.display());
                    1
                }
            },
        }
    }

    fn check_all(&self, io: &mut Io) -> u8 {
        match self.run_checks() {
            Ok((findings, names)) => {
                let blocked = report_findings(io, &findings);
                let stacks = self.app.stacks().len();
                let _ = writeln!(
                    io.out,
                    "check: {stacks} stack{} valid; {} check{} ran{}",
                    plural(stacks),
                    names.len(),
                    plural(names.len()),
                    if names.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", names.join(", "))
                    }
                );
                u8::from(blocked)
            }
            Err(e) => fail(io, &e),
        }
    }
}

/// Prints findings (errors to stderr in synthesis' format, warnings after them); whether any
/// is an error.
fn report_findings(io: &mut Io, findings: &[Finding]) -> bool {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let warnings: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    let item = |f: &Finding| {
        let d = &f.diagnostic;
        let mut s = format!("\n  - [{}] {}: {}", f.rule, d.path, d.message);
        if !d.hint.is_empty() {
            s.push_str(&format!("\n    hint: {}", d.hint));
        }
        s
    };
    if !errors.is_empty() {
        let n = errors.len();
        let mut text = format!("Error: checks failed with {n} error{}:", plural(n));
        for f in &errors {
            text.push_str(&item(f));
        }
        let _ = writeln!(io.err, "{text}");
    }
    if !warnings.is_empty() {
        let n = warnings.len();
        let mut text = format!("Warning: {n} finding{}:", plural(n));
        for f in &warnings {
            text.push_str(&item(f));
        }
        let _ = writeln!(io.err, "{text}");
    }
    !errors.is_empty()
}

/// Prints `e` as a `main` returning [`crate::Result`] does (`Error: …`), exit code 1.
fn fail(io: &mut Io, e: &Error) -> u8 {
    let _ = writeln!(io.err, "Error: {e}");
    1
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn flavor_word(f: Flavor) -> &'static str {
    match f {
        Flavor::Cfn => "plain CloudFormation",
        Flavor::Sam => "SAM",
    }
}

/// `path` (a file or folder whose parent exists) as shown to the user: without `..`, and
/// relative to the working directory when it is inside it.
fn shown_path(path: &std::path::Path) -> String {
    let absolute = match (path.parent(), path.file_name()) {
        (Some(folder), Some(name)) => std::fs::canonicalize(folder)
            .map(|f| f.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    };
    std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| {
            absolute
                .strip_prefix(cwd)
                .ok()
                .map(std::path::Path::to_path_buf)
        })
        .unwrap_or(absolute)
        .display()
        .to_string()
}

fn has_sam_transform(template: &Json) -> bool {
    let t = &template["Transform"];
    t.as_str() == Some(crate::synth::SAM_TRANSFORM)
        || t.as_array().is_some_and(|a| {
            a.iter()
                .any(|x| x.as_str() == Some(crate::synth::SAM_TRANSFORM))
        })
}

/// The JSON template at `path`; `None` when there is no such file.
fn read_json(path: &std::path::Path) -> Result<Option<Json>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        format!(
            "{} is not a JSON template ({e}); diff reads JSON (for a YAML template, compare with its .json twin or convert it)",
            path.display()
        )
    })
}

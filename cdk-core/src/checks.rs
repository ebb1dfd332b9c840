//! Checks: packs of rules run over the synthesized templates (AWS CDK's policy-validation
//! plugins, cdk-nag's rule packs), acknowledgements of their findings, and the report.
//!
//! This module knows no rule: a pack ([`CheckPack`]) is whatever implements
//! `check(&StackInput) -> Vec<Finding>`; the AWS rules are in the `constructs` crate
//! (`constructs::checks::aws_solutions()`).
//!
//! - [`run`] (or [`App::check`] with the packs [`App::add_checks`] registered) synthesizes
//!   the app in memory, runs the packs on each stack's template (the plain one, or the SAM
//!   one of a SAM-only stack) and applies the acknowledgements: a [`Report`].
//! - [`Checks::of(&construct).acknowledge(id, reason)`](Checks::acknowledge) accepts the
//!   findings `id` names on that construct and below it, for a reason the report keeps. An
//!   id is a rule (`AwsSolutions-IAM5`: every finding of it) or one finding
//!   (`AwsSolutions-IAM5[Action::rekognition:*]`). An acknowledgement that matches no
//!   finding is a warning (it is stale, or misspelt).
//! - With [`App::set_checks_on_synth`], synthesis runs the registered packs before it
//!   writes: an unacknowledged finding of severity error fails it (one diagnostic each,
//!   nothing written), and the report is written to `<out>/checks.json`.
//!
//! ```
//! use cdk_core::checks::{CheckPack, Checks, Finding, Severity, StackInput};
//! use cdk_core::{App, CfnResource, Stack};
//!
//! /// Every `Custom::Queue` must set `Encrypted`.
//! struct Encrypted;
//! impl CheckPack for Encrypted {
//!     fn name(&self) -> &str { "Example" }
//!     fn check(&self, stack: &StackInput<'_>) -> Vec<Finding> {
//!         stack.resources_of_type("Custom::Queue")
//!             .filter(|r| r.property("Encrypted").is_none())
//!             .map(|r| stack.finding(r.logical_id, "Example-Q1", Severity::Error,
//!                 "the queue is not encrypted", "anyone with disk access reads it",
//!                 "set Encrypted: true"))
//!             .collect()
//!     }
//! }
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "S");
//! let q = CfnResource::new(&stack, "Queue", "Custom::Queue");
//! let report = cdk_core::checks::run(&app, &[&Encrypted]).unwrap();
//! assert_eq!(report.errors().count(), 1);
//! assert_eq!(report.findings[0].path, "S/Queue");
//!
//! Checks::of(&q).acknowledge("Example-Q1", "the queue only holds public data");
//! let report = cdk_core::checks::run(&app, &[&Encrypted]).unwrap();
//! assert_eq!(report.errors().count(), 0);
//! ```

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use serde_json::{json, Value as Json};

use crate::element::ElementKind;
use crate::error::{Diagnostic, Error, Result};
use crate::tree::{App, Construct, Kind, Node, NodeId, Tree};
use crate::value::{Flavor, HashMap};

/// The file the report is written to in the output folder, when synthesis runs the checks.
pub const REPORT_FILE: &str = "checks.json";

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails `check` and, when the checks run on synthesis, synthesis.
    Error,
    /// Reported, never fails anything.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding of a rule on one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule, e.g. `AwsSolutions-S1`.
    pub rule: String,
    /// What in the resource the finding is about, when a rule can find several things in one
    /// resource (`Action::s3:*`): the part of [`id`](Self::id) in brackets.
    pub detail: Option<String>,
    /// Error or warning.
    pub severity: Severity,
    /// The stack's name.
    pub stack: String,
    /// The resource's logical ID in the stack's template.
    pub logical_id: String,
    /// The resource's construct path (`Stack/Bucket/Resource`).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// Why it matters.
    pub why: String,
    /// How to fix it.
    pub fix: String,
    /// The reason of the acknowledgement that accepted the finding, if one did.
    pub acknowledged: Option<String>,
}

impl Finding {
    /// The id an acknowledgement names: `rule` or `rule[detail]`.
    pub fn id(&self) -> String {
        match &self.detail {
            Some(d) => format!("{}[{d}]", self.rule),
            None => self.rule.clone(),
        }
    }

    /// Sets [`detail`](Self::detail).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Finding {
        self.detail = Some(detail.into());
        self
    }

    /// The finding as a synthesis diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::new(
            self.path.clone(),
            format!("[{}] {}: {}", self.id(), self.message, self.why),
            format!(
                "{}; or accept it with Checks::of(&construct).acknowledge(\"{}\", \"<reason>\")",
                self.fix,
                self.id()
            ),
        )
    }
}

/// One resource of a template, as a pack sees it.
#[derive(Clone, Copy, Debug)]
pub struct ResourceInput<'a> {
    /// Its logical ID.
    pub logical_id: &'a str,
    /// Its type (`AWS::S3::Bucket`).
    pub type_: &'a str,
    /// The whole resource (`Type`, `Properties`, `DependsOn`, …).
    pub json: &'a Json,
}

impl<'a> ResourceInput<'a> {
    /// Property `name`, if set.
    pub fn property(&self, name: &str) -> Option<&'a Json> {
        self.json.get("Properties").and_then(|p| p.get(name))
    }

    /// The value at `path` of property names and keys (`["LoggingConfiguration",
    /// "DestinationBucketName"]`), if every step is there.
    pub fn at(&self, path: &[&str]) -> Option<&'a Json> {
        let mut v = self.json.get("Properties")?;
        for k in path {
            v = v.get(*k)?;
        }
        Some(v)
    }
}

/// One stack's template, as a pack sees it.
pub struct StackInput<'a> {
    name: &'a str,
    flavor: Flavor,
    template: &'a Json,
    paths: &'a HashMap<String, String>,
}

impl<'a> StackInput<'a> {
    /// The stack's name.
    pub fn name(&self) -> &str {
        self.name
    }

    /// Which template this is (the plain one, unless the stack has only the SAM one).
    pub fn flavor(&self) -> Flavor {
        self.flavor
    }

    /// The whole template.
    pub fn template(&self) -> &'a Json {
        self.template
    }

    /// The template's resources, in template order.
    pub fn resources(&self) -> impl Iterator<Item = ResourceInput<'a>> + 'a {
        self.template
            .get("Resources")
            .and_then(Json::as_object)
            .into_iter()
            .flatten()
            .map(|(id, r)| ResourceInput {
                logical_id: id,
                type_: r.get("Type").and_then(Json::as_str).unwrap_or_default(),
                json: r,
            })
    }

    /// The resources of type `type_`.
    pub fn resources_of_type<'t>(
        &self,
        type_: &'t str,
    ) -> impl Iterator<Item = ResourceInput<'a>> + 't
    where
        'a: 't,
    {
        self.resources().filter(move |r| r.type_ == type_)
    }

    /// The resource with logical ID `id`.
    pub fn resource(&self, id: &str) -> Option<ResourceInput<'a>> {
        self.resources().find(|r| r.logical_id == id)
    }

    /// The construct path of the resource `logical_id` (`<stack>/<logical id>` for one
    /// synthesis cannot trace to a construct).
    pub fn path_of(&self, logical_id: &str) -> String {
        self.paths
            .get(logical_id)
            .cloned()
            .unwrap_or_else(|| format!("{}/{logical_id}", self.name))
    }

    /// A finding of `rule` on resource `logical_id` of this stack.
    pub fn finding(
        &self,
        logical_id: &str,
        rule: &str,
        severity: Severity,
        message: impl Into<String>,
        why: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: rule.to_string(),
            detail: None,
            severity,
            stack: self.name.to_string(),
            logical_id: logical_id.to_string(),
            path: self.path_of(logical_id),
            message: message.into(),
            why: why.into(),
            fix: fix.into(),
            acknowledged: None,
        }
    }
}

/// A pack of rules.
pub trait CheckPack {
    /// The pack's name (`AwsSolutions`), for the report.
    fn name(&self) -> &str;
    /// The findings of every rule of the pack on one stack's template.
    fn check(&self, stack: &StackInput<'_>) -> Vec<Finding>;
}

/// An acknowledgement: the findings `id` names on the construct at `path` and below are
/// accepted, for `reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acknowledgement {
    /// The construct it was made on.
    pub path: String,
    /// A rule (`AwsSolutions-IAM5`) or one finding (`AwsSolutions-IAM5[Action::s3:*]`).
    pub id: String,
    /// Why the findings are acceptable.
    pub reason: String,
}

impl Acknowledgement {
    fn matches(&self, f: &Finding) -> bool {
        let below = f.path == self.path
            || (f.path.starts_with(&self.path) && f.path[self.path.len()..].starts_with('/'));
        below && (self.id == f.rule || self.id == f.id())
    }
}

/// What the packs found in an app.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The packs that ran.
    pub packs: Vec<String>,
    /// Every finding, acknowledged or not, by stack (in deployment order) and template order.
    pub findings: Vec<Finding>,
    /// Acknowledgements that matched no finding.
    pub unused: Vec<Acknowledgement>,
}

impl Report {
    /// The unacknowledged findings of severity error.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.acknowledged.is_none() && f.severity == Severity::Error)
    }

    /// The unacknowledged findings of severity warning.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.acknowledged.is_none() && f.severity == Severity::Warning)
    }

    /// Whether an unacknowledged finding is an error (`check` exits 1).
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The warnings as diagnostics: unacknowledged warning findings, then acknowledgements
    /// that matched nothing.
    pub fn warning_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.warnings().map(Finding::to_diagnostic).collect();
        out.extend(self.unused.iter().map(|a| {
            Diagnostic::new(
                a.path.clone(),
                format!("the acknowledgement of `{}` matches no finding", a.id),
                "remove it, or correct the id (a rule such as `AwsSolutions-IAM5`, or a finding's id as the report shows it)",
            )
        }));
        out
    }

    /// The report as JSON (what `checks.json` holds).
    pub fn to_json(&self) -> Json {
        let count = |s: Severity| self.findings.iter().filter(|f| f.severity == s).count();
        json!({
            "version": 1,
            "packs": self.packs,
            "summary": {
                "errors": self.errors().count(),
                "warnings": self.warnings().count(),
                "acknowledged": self.findings.iter().filter(|f| f.acknowledged.is_some()).count(),
                "findings": { "error": count(Severity::Error), "warning": count(Severity::Warning) },
                "unusedAcknowledgements": self.unused.len(),
            },
            "findings": self.findings.iter().map(|f| json!({
                "id": f.id(),
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "stack": f.stack,
                "logicalId": f.logical_id,
                "path": f.path,
                "message": f.message,
                "why": f.why,
                "fix": f.fix,
                "acknowledged": f.acknowledged.as_ref().map(|r| json!({ "reason": r })),
            })).collect::<Vec<_>>(),
            "unusedAcknowledgements": self.unused.iter().map(|a| json!({
                "path": a.path, "id": a.id, "reason": a.reason,
            })).collect::<Vec<_>>(),
        })
    }

    /// One line: `AwsSolutions: 1 error, 0 warnings, 3 acknowledged`.
    pub fn summary_line(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "checks ({}): {}, {}, {} acknowledged",
            if self.packs.is_empty() {
                "no packs".to_string()
            } else {
                self.packs.join(", ")
            },
            plural(self.errors().count(), "error"),
            plural(self.warnings().count() + self.unused.len(), "warning"),
            self.findings
                .iter()
                .filter(|f| f.acknowledged.is_some())
                .count()
        )
    }
}

impl fmt::Display for Report {
    /// Every unacknowledged finding (errors first), the unused acknowledgements, and the
    /// summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in self.errors().chain(self.warnings()) {
            writeln!(f, "{}: {}", finding.severity, finding.to_diagnostic())?;
        }
        for d in self
            .warning_diagnostics()
            .iter()
            .skip(self.warnings().count())
        {
            writeln!(f, "warning: {d}")?;
        }
        write!(f, "{}", self.summary_line())
    }
}

/// The checks state of an app.
#[derive(Default)]
pub(crate) struct CheckState {
    packs: Vec<Rc<dyn CheckPack>>,
    acks: Vec<(NodeId, String, String)>,
    on_synth: bool,
    /// The report of the last synthesis that ran the checks.
    last: RefCell<Option<Report>>,
}

/// The acknowledgements of one construct: `Checks::of(&construct)`.
#[derive(Clone, Debug)]
pub struct Checks {
    node: Node,
}

impl Checks {
    /// The acknowledgements of `construct` (a resource, an L2, a scope, a stack).
    pub fn of(construct: &impl Construct) -> Checks {
        Checks {
            node: construct.node().clone(),
        }
    }

    /// Accepts the findings `id` names (a rule, or `rule[detail]` for one finding) on this
    /// construct and every construct below it, because of `reason`, which the report keeps.
    /// An empty id or reason is a synth error: an acknowledgement must say why.
    pub fn acknowledge(&self, id: &str, reason: &str) -> &Self {
        if id.trim().is_empty() {
            self.node.add_error(
                "an acknowledgement names no finding",
                "give a rule (`AwsSolutions-S1`) or a finding's id (`AwsSolutions-IAM5[Action::s3:*]`)",
            );
        } else if reason.trim().is_empty() {
            self.node.add_error(
                format!("the acknowledgement of `{id}` gives no reason"),
                "say why the finding is acceptable here; the report keeps the reason",
            );
        } else {
            self.node.tree_mut().checks.acks.push((
                self.node.id,
                id.trim().to_string(),
                reason.trim().to_string(),
            ));
        }
        self
    }
}

impl App {
    /// Registers a check pack: [`App::check`] runs it, and synthesis too once
    /// [`set_checks_on_synth`](Self::set_checks_on_synth) is on.
    pub fn add_checks(&self, pack: impl CheckPack + 'static) -> &App {
        self.node.tree_mut().checks.packs.push(Rc::new(pack));
        self
    }

    /// The names of the packs registered with [`add_checks`](Self::add_checks).
    pub fn check_packs(&self) -> Vec<String> {
        let packs = self.node.tree().checks.packs.clone();
        packs.iter().map(|p| p.name().to_string()).collect()
    }

    /// Whether synthesis ([`App::synth`], [`App::write`]) runs the registered packs before
    /// writing (default: no): an unacknowledged error then fails synthesis, and the report is
    /// written to `<out>/checks.json`.
    pub fn set_checks_on_synth(&self, on: bool) -> &App {
        self.node.tree_mut().checks.on_synth = on;
        self
    }

    /// Synthesizes in memory (nothing is written) and runs the registered packs.
    pub fn check(&self) -> Result<Report> {
        let packs = self.node.tree().checks.packs.clone();
        let refs: Vec<&dyn CheckPack> = packs.iter().map(|p| p.as_ref()).collect();
        run(self, &refs)
    }

    /// The report of the last synthesis that ran the checks
    /// ([`set_checks_on_synth`](Self::set_checks_on_synth)).
    pub fn last_check_report(&self) -> Option<Report> {
        self.node.tree().checks.last.borrow().clone()
    }
}

/// Synthesizes `app` in memory (its errors are the `Err`) and runs `packs` on every stack.
pub fn run(app: &App, packs: &[&dyn CheckPack]) -> Result<Report> {
    let assembly = app.assemble()?;
    let tree = app.node.tree();
    Ok(report(&tree, &assembly, packs))
}

/// The packs' findings on `assembly`, acknowledged from `tree`.
fn report(tree: &Tree, assembly: &crate::Assembly, packs: &[&dyn CheckPack]) -> Report {
    let mut findings = Vec::new();
    for stack in &assembly.stacks {
        let Some((flavor, template)) = stack.templates.first() else {
            continue;
        };
        let paths = paths_of(tree, &stack.name, template);
        let input = StackInput {
            name: &stack.name,
            flavor: *flavor,
            template,
            paths: &paths,
        };
        for pack in packs {
            findings.extend(pack.check(&input));
        }
    }
    let acks: Vec<Acknowledgement> = tree
        .checks
        .acks
        .iter()
        .map(|(n, id, reason)| Acknowledgement {
            path: tree.path(*n),
            id: id.clone(),
            reason: reason.clone(),
        })
        .collect();
    let mut used = vec![false; acks.len()];
    for f in &mut findings {
        // The nearest acknowledgement (longest path) speaks for the finding.
        let best = acks
            .iter()
            .enumerate()
            .filter(|(_, a)| a.matches(f))
            .max_by_key(|(i, a)| (a.path.len(), usize::MAX - i));
        if let Some((i, a)) = best {
            f.acknowledged = Some(a.reason.clone());
            used[i] = true;
        }
        for (i, a) in acks.iter().enumerate() {
            if a.matches(f) {
                used[i] = true;
            }
        }
    }
    Report {
        packs: packs.iter().map(|p| p.name().to_string()).collect(),
        findings,
        unused: acks
            .into_iter()
            .zip(used)
            .filter(|(_, u)| !u)
            .map(|(a, _)| a)
            .collect(),
    }
}

/// Logical ID → construct path for the resources of stack `name`: the template's
/// `aws:cdk:path` metadata where synthesis wrote it, else the tree's path-derived or
/// overridden IDs.
fn paths_of(tree: &Tree, name: &str, template: &Json) -> HashMap<String, String> {
    let mut paths: HashMap<String, String> = HashMap::default();
    let stack = tree.nodes[0]
        .children
        .iter()
        .copied()
        .find(|&n| tree.nodes[n].id == name && matches!(tree.nodes[n].kind, Kind::Stack(_)));
    if let Some(stack) = stack {
        for n in tree.descendants(stack) {
            if let Some(ElementKind::Resource(r)) = tree.element(n) {
                let id = r
                    .logical_id
                    .clone()
                    .unwrap_or_else(|| crate::logical_id::make_unique_id(&tree.path_in_stack(n)));
                paths.insert(id, tree.path(n));
            }
        }
    }
    if let Some(resources) = template.get("Resources").and_then(Json::as_object) {
        for (id, r) in resources {
            if let Some(p) = r
                .get("Metadata")
                .and_then(|m| m.get("aws:cdk:path"))
                .and_then(Json::as_str)
            {
                paths.insert(id.clone(), p.to_string());
            }
        }
    }
    paths
}

/// The synthesis hook: when the app runs its checks on synthesis, the report of the
/// registered packs on the assembly `to_assembly` makes, as the files to write beside the
/// templates (`checks.json`); an unacknowledged error fails synthesis. Nothing to do (and no
/// assembly made) otherwise.
pub(crate) fn on_write(
    tree: &Tree,
    to_assembly: impl FnOnce() -> crate::Assembly,
) -> Result<Vec<(String, Json)>> {
    if !tree.checks.on_synth {
        return Ok(Vec::new());
    }
    let assembly = to_assembly();
    let packs: Vec<&dyn CheckPack> = tree.checks.packs.iter().map(|p| p.as_ref()).collect();
    let report = report(tree, &assembly, &packs);
    let errors: Vec<Diagnostic> = report.errors().map(Finding::to_diagnostic).collect();
    let json = report.to_json();
    *tree.checks.last.borrow_mut() = Some(report);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok(vec![(REPORT_FILE.to_string(), json)])
}

/// Prints the app's warnings to standard error: those recorded in the tree, then the last
/// check report's.
pub(crate) fn print_warnings(app: &App) {
    let mut warnings = app.warnings();
    if let Some(report) = app.last_check_report() {
        warnings.extend(report.warning_diagnostics());
    }
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

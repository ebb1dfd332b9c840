//! `diff`: what changes between two templates, in AWS CDK's form (sections; `[+]`, `[-]`,
//! `[~]` per entry; per property the old and new values, annotated with what the
//! [`ResourceFacts`] say about replacement; an "IAM Statement Changes" table from a
//! [`PolicyReader`]), as text or as JSON.
//!
//! The engine knows templates, not services: which property replaces a resource, which
//! resource holds state, and where permissions live are handed in.

use std::fmt::Write as _;

use serde_json::{json, Map, Value as Json};

use super::facts::{Replacement, ResourceFacts};
use super::style::Style;

/// One permission a template grants, as the "IAM Statement Changes" table shows it: each
/// field is display text (references as `${LogicalId}` / `${LogicalId.Attr}`, several
/// values one per line).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyStatement {
    /// What the statement is about (`${Table.Arn}`, `*`).
    pub resource: String,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// The actions (`s3:GetObject`).
    pub action: String,
    /// Who gets them (`AWS:${Role}`, `Service:lambda.amazonaws.com`).
    pub principal: String,
    /// The condition, as compact JSON with references written as above; empty when none.
    pub condition: String,
}

/// Finds the permission statements of a template, for the diff's IAM table. `cdk-core`
/// knows no service, so the reader comes from the crate that does (`constructs::iam`).
pub trait PolicyReader {
    /// Every statement `template` grants (identity policies with the roles, users and
    /// groups they attach to as principals; trust policies; resource policies;
    /// permissions).
    fn statements(&self, template: &Json) -> Vec<PolicyStatement>;
}

/// A template value as display text: `Ref` as `${Id}`, `Fn::GetAtt` as `${Id.Attr}`,
/// `Fn::Join` and `Fn::Sub` flattened, strings bare, anything else compact JSON with the
/// same substitutions inside.
pub fn display_value(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => {
            let substituted = substitute(other);
            match substituted {
                Json::String(s) => s,
                o => o.to_string(),
            }
        }
    }
}

/// `v` with the intrinsics [`display_value`] flattens replaced by their text.
fn substitute(v: &Json) -> Json {
    match v {
        Json::Object(m) if m.len() == 1 => {
            let (k, arg) = m
                .iter()
                .next()
                .map(|(k, a)| (k.as_str(), a))
                .unwrap_or_default();
            match (k, arg) {
                ("Ref", Json::String(id)) => Json::String(format!("${{{id}}}")),
                ("Fn::GetAtt", Json::Array(parts)) => Json::String(format!(
                    "${{{}}}",
                    parts
                        .iter()
                        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join(".")
                )),
                ("Fn::GetAtt", Json::String(s)) => Json::String(format!("${{{s}}}")),
                ("Fn::Join", Json::Array(args)) if args.len() == 2 => {
                    let sep = args[0].as_str().unwrap_or_default();
                    match &args[1] {
                        Json::Array(items) => Json::String(
                            items
                                .iter()
                                .map(display_value)
                                .collect::<Vec<_>>()
                                .join(sep),
                        ),
                        other => substitute(other),
                    }
                }
                ("Fn::Sub", Json::String(s)) => Json::String(s.clone()),
                ("Fn::Sub", Json::Array(args)) if !args.is_empty() => {
                    Json::String(args[0].as_str().unwrap_or_default().to_string())
                }
                _ => Json::Object(
                    m.iter()
                        .map(|(k, v)| (k.clone(), substitute(v)))
                        .collect::<Map<_, _>>(),
                ),
            }
        }
        Json::Object(m) => {
            Json::Object(m.iter().map(|(k, v)| (k.clone(), substitute(v))).collect())
        }
        Json::Array(items) => Json::Array(items.iter().map(substitute).collect()),
        other => other.clone(),
    }
}

/// What happened to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    Added,
    Removed,
    Modified,
}

impl Change {
    fn mark(self) -> &'static str {
        match self {
            Change::Added => "[+]",
            Change::Removed => "[-]",
            Change::Modified => "[~]",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Modified => "modified",
        }
    }
}

/// What a resource change does to the deployed resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Impact {
    /// Updated in place (or not a resource).
    None,
    /// Some of the changes may replace it.
    MayReplace,
    /// It is replaced: a new one is created and the old one deleted.
    Replace,
    /// It is removed from the template but kept in the account (`DeletionPolicy: Retain`).
    Orphan,
    /// It is deleted.
    Destroy,
}

impl Impact {
    fn word(self) -> &'static str {
        match self {
            Impact::None => "",
            Impact::MayReplace => "may be replaced",
            Impact::Replace => "replace",
            Impact::Orphan => "orphan",
            Impact::Destroy => "destroy",
        }
    }

    fn json(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::MayReplace => "may-replace",
            Impact::Replace => "replace",
            Impact::Orphan => "orphan",
            Impact::Destroy => "destroy",
        }
    }
}

/// One changed value below a property: its JSON path (empty: the property itself), the old
/// and the new value (`None`: absent).
#[derive(Clone, Debug)]
pub(crate) struct Leaf {
    path: String,
    old: Option<Json>,
    new: Option<Json>,
}

/// One changed property (or other key) of an entry.
#[derive(Clone, Debug)]
pub(crate) struct PropChange {
    name: String,
    replacement: Option<Replacement>,
    leaves: Vec<Leaf>,
}

/// One added, removed or changed entry of a section.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    change: Change,
    /// The resource type, or the kind of entry (`Parameter`, `Output`, …).
    kind: String,
    id: String,
    /// The construct path, when known.
    path: Option<String>,
    impact: Impact,
    /// A stateful resource is replaced or destroyed: its data is lost.
    data_loss: bool,
    /// It is replaced, and the old one is kept (`UpdateReplacePolicy: Retain`).
    kept: bool,
    /// For added and removed entries: the value.
    value: Option<Json>,
    props: Vec<PropChange>,
}

/// The changes of one section of the template.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    name: &'static str,
    entries: Vec<Entry>,
}

/// The differences between two templates of one stack.
#[derive(Clone, Debug)]
pub(crate) struct TemplateDiff {
    pub(crate) stack: String,
    /// What the new template is compared with (a file name).
    pub(crate) against: String,
    sections: Vec<Section>,
    /// Statements added (`true`) or removed (`false`).
    iam: Vec<(bool, PolicyStatement)>,
}

/// The map sections, in the order they are shown, with the name of one entry.
const MAP_SECTIONS: &[(&str, &str)] = &[
    ("Parameters", "Parameter"),
    ("Mappings", "Mapping"),
    ("Conditions", "Condition"),
    ("Rules", "Rule"),
    ("Resources", ""),
    ("Outputs", "Output"),
];

/// What the diff needs besides the two templates.
pub(crate) struct Inputs<'a> {
    pub(crate) facts: &'a ResourceFacts,
    pub(crate) policies: Option<&'a dyn PolicyReader>,
    /// Construct paths by logical ID for templates that carry none (the SAM template): the
    /// plain template's, old and new.
    pub(crate) old_paths: Map<String, Json>,
    pub(crate) new_paths: Map<String, Json>,
}

/// The `aws:cdk:path` of every resource of `template` that has one.
pub(crate) fn paths_of(template: &Json) -> Map<String, Json> {
    let mut out = Map::new();
    if let Some(res) = template.get("Resources").and_then(Json::as_object) {
        for (id, r) in res {
            if let Some(p) = r.pointer("/Metadata/aws:cdk:path") {
                out.insert(id.clone(), p.clone());
            }
        }
    }
    out
}

/// A construct path as shown: without the stack and a trailing `/Resource`.
fn short_path(path: &str) -> String {
    let rest = path.split_once('/').map_or(path, |(_, r)| r);
    rest.strip_suffix("/Resource").unwrap_or(rest).to_string()
}

impl TemplateDiff {
    /// Compares `old` (absent: an empty template) with `new`.
    pub(crate) fn compute(
        stack: &str,
        against: &str,
        old: Option<&Json>,
        new: &Json,
        inputs: &Inputs<'_>,
    ) -> TemplateDiff {
        let empty = json!({});
        let old = old.unwrap_or(&empty);
        let mut sections = Vec::new();

        // Template-level keys other than the map sections.
        let mut top = Vec::new();
        let keys = key_union(old, new);
        for key in &keys {
            if MAP_SECTIONS.iter().any(|(s, _)| s == key) {
                continue;
            }
            let (o, n) = (old.get(key), new.get(key));
            if o == n {
                continue;
            }
            let mut leaves = Vec::new();
            leaf_diff(String::new(), o, n, &mut leaves);
            top.push(Entry {
                change: change_of(o, n),
                kind: String::new(),
                id: key.clone(),
                path: None,
                impact: Impact::None,
                data_loss: false,
                kept: false,
                value: None,
                // Unnamed: the values are the entry's own children.
                props: vec![PropChange {
                    name: String::new(),
                    replacement: None,
                    leaves,
                }],
            });
        }
        if !top.is_empty() {
            sections.push(Section {
                name: "Template",
                entries: top,
            });
        }

        for (section, singular) in MAP_SECTIONS {
            let o = old.get(*section).and_then(Json::as_object);
            let n = new.get(*section).and_then(Json::as_object);
            let empty_map = Map::new();
            let (o, n) = (o.unwrap_or(&empty_map), n.unwrap_or(&empty_map));
            let mut entries = Vec::new();
            let mut ids: Vec<&String> = o.keys().collect();
            ids.extend(n.keys().filter(|k| !o.contains_key(*k)));
            for id in ids {
                let (ov, nv) = (o.get(id), n.get(id));
                if ov == nv {
                    continue;
                }
                let entry = if *section == "Resources" {
                    resource_entry(id, ov, nv, inputs)
                } else {
                    plain_entry(singular, id, ov, nv)
                };
                entries.push(entry);
            }
            if !entries.is_empty() {
                sections.push(Section {
                    name: section,
                    entries,
                });
            }
        }

        let mut iam = Vec::new();
        if let Some(reader) = inputs.policies {
            let (mut before, after) = (reader.statements(old), reader.statements(new));
            let mut added = Vec::new();
            for s in after {
                match before.iter().position(|b| *b == s) {
                    Some(i) => {
                        before.remove(i);
                    }
                    None => added.push(s),
                }
            }
            added.sort();
            before.sort();
            iam.extend(added.into_iter().map(|s| (true, s)));
            iam.extend(before.into_iter().map(|s| (false, s)));
        }
        TemplateDiff {
            stack: stack.to_string(),
            against: against.to_string(),
            sections,
            iam,
        }
    }

    /// Whether the templates differ.
    pub(crate) fn has_differences(&self) -> bool {
        !self.sections.is_empty()
    }

    /// The diff as text (see the module docs); ANSI colours when `style` says so.
    pub(crate) fn render(&self, style: &Style) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{} {} {}",
            style.bold("Stack"),
            style.bold(&self.stack),
            style.dim(&format!("(against {})", self.against))
        );
        if !self.has_differences() {
            o.push_str("There were no differences\n");
            return o;
        }
        if !self.iam.is_empty() {
            o.push_str("IAM Statement Changes\n");
            o.push_str(&iam_table(&self.iam, style));
            o.push('\n');
        }
        for (i, section) in self.sections.iter().enumerate() {
            if i > 0 {
                o.push('\n');
            }
            let _ = writeln!(o, "{}", style.underline(section.name));
            for e in &section.entries {
                render_entry(&mut o, e, style);
            }
        }
        o
    }

    /// The diff as JSON.
    pub(crate) fn to_json(&self) -> Json {
        let mut differences = Vec::new();
        for s in &self.sections {
            for e in &s.entries {
                let mut d = Map::new();
                d.insert("section".into(), json!(s.name));
                d.insert("change".into(), json!(e.change.word()));
                if s.name == "Resources" {
                    d.insert("type".into(), json!(e.kind));
                    d.insert("logicalId".into(), json!(e.id));
                    d.insert("path".into(), json!(e.path));
                    d.insert("impact".into(), json!(e.impact.json()));
                    d.insert("dataLoss".into(), json!(e.data_loss));
                    d.insert("oldKept".into(), json!(e.kept));
                } else {
                    d.insert("id".into(), json!(e.id));
                }
                if let Some(v) = &e.value {
                    d.insert(
                        if e.change == Change::Added {
                            "new"
                        } else {
                            "old"
                        }
                        .into(),
                        v.clone(),
                    );
                }
                if !e.props.is_empty() {
                    d.insert(
                        "properties".into(),
                        Json::Array(
                            e.props
                                .iter()
                                .map(|p| {
                                    json!({
                                        "name": p.name,
                                        "replacement": p.replacement.map(|r| match r {
                                            Replacement::Always => "requires",
                                            Replacement::Conditional => "may-cause",
                                        }),
                                        "changes": p.leaves.iter().map(|l| json!({
                                            "path": l.path, "old": l.old, "new": l.new,
                                        })).collect::<Vec<_>>(),
                                    })
                                })
                                .collect(),
                        ),
                    );
                }
                differences.push(Json::Object(d));
            }
        }
        json!({
            "stack": self.stack,
            "against": self.against,
            "differences": differences,
            "iamStatementChanges": self.iam.iter().map(|(added, s)| json!({
                "change": if *added { "added" } else { "removed" },
                "resource": s.resource, "effect": s.effect, "action": s.action,
                "principal": s.principal, "condition": s.condition,
            })).collect::<Vec<_>>(),
        })
    }
}

fn change_of(old: Option<&Json>, new: Option<&Json>) -> Change {
    match (old, new) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ => Change::Modified,
    }
}

/// The keys of two objects: `a`'s in order, then `b`'s new ones.
fn key_union(a: &Json, b: &Json) -> Vec<String> {
    let mut keys: Vec<String> = a
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    if let Some(m) = b.as_object() {
        keys.extend(
            m.keys()
                .filter(|k| !keys.contains(k))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    keys
}

/// A Parameter, Output, Condition, … entry: its keys are compared like properties.
fn plain_entry(kind: &str, id: &str, old: Option<&Json>, new: Option<&Json>) -> Entry {
    let change = change_of(old, new);
    let props = match (old, new) {
        (Some(o), Some(n)) if o.is_object() && n.is_object() => key_union(o, n)
            .into_iter()
            .filter(|k| o.get(k) != n.get(k))
            .map(|k| {
                let mut leaves = Vec::new();
                leaf_diff(String::new(), o.get(&k), n.get(&k), &mut leaves);
                PropChange {
                    name: k,
                    replacement: None,
                    leaves,
                }
            })
            .collect(),
        (Some(o), Some(n)) => {
            let mut leaves = Vec::new();
            leaf_diff(String::new(), Some(o), Some(n), &mut leaves);
            vec![PropChange {
                name: String::new(),
                replacement: None,
                leaves,
            }]
        }
        _ => Vec::new(),
    };
    Entry {
        change,
        kind: kind.to_string(),
        id: id.to_string(),
        path: None,
        impact: Impact::None,
        data_loss: false,
        kept: false,
        value: if change == Change::Modified {
            None
        } else {
            old.or(new).cloned()
        },
        props,
    }
}

fn retained(resource: &Json, policy: &str) -> bool {
    matches!(
        resource.get(policy).and_then(Json::as_str),
        Some("Retain" | "RetainExceptOnCreate")
    )
}

fn resource_entry(id: &str, old: Option<&Json>, new: Option<&Json>, inputs: &Inputs<'_>) -> Entry {
    let change = change_of(old, new);
    let ty = |r: Option<&Json>| {
        r.and_then(|r| r.get("Type"))
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (old_ty, new_ty) = (ty(old), ty(new));
    let path_in = |r: Option<&Json>, fallback: &Map<String, Json>| {
        r.and_then(|r| r.pointer("/Metadata/aws:cdk:path"))
            .or_else(|| fallback.get(id))
            .and_then(Json::as_str)
            .map(short_path)
    };
    let path = path_in(new, &inputs.new_paths).or_else(|| path_in(old, &inputs.old_paths));
    let facts = inputs.facts;
    let mut props = Vec::new();
    let mut impact = Impact::None;
    match (old, new) {
        (Some(o), Some(n)) => {
            if old_ty != new_ty {
                props.push(PropChange {
                    name: "Type".into(),
                    replacement: Some(Replacement::Always),
                    leaves: vec![Leaf {
                        path: String::new(),
                        old: Some(json!(old_ty)),
                        new: Some(json!(new_ty)),
                    }],
                });
                impact = Impact::Replace;
            }
            let empty = json!({});
            let (op, np) = (
                o.get("Properties").unwrap_or(&empty),
                n.get("Properties").unwrap_or(&empty),
            );
            for k in key_union(op, np) {
                if op.get(&k) == np.get(&k) {
                    continue;
                }
                let replacement = facts.replacement(&new_ty, &k);
                impact = impact.max(match replacement {
                    Some(Replacement::Always) => Impact::Replace,
                    Some(Replacement::Conditional) => Impact::MayReplace,
                    None => Impact::None,
                });
                let mut leaves = Vec::new();
                leaf_diff(String::new(), op.get(&k), np.get(&k), &mut leaves);
                props.push(PropChange {
                    name: k,
                    replacement,
                    leaves,
                });
            }
            for k in key_union(o, n) {
                if k == "Type" || k == "Properties" || o.get(&k) == n.get(&k) {
                    continue;
                }
                let mut leaves = Vec::new();
                leaf_diff(String::new(), o.get(&k), n.get(&k), &mut leaves);
                props.push(PropChange {
                    name: k,
                    replacement: None,
                    leaves,
                });
            }
        }
        (Some(o), None) => {
            impact = if retained(o, "DeletionPolicy") {
                Impact::Orphan
            } else {
                Impact::Destroy
            };
        }
        _ => {}
    }
    let old_res = old.unwrap_or(&Json::Null);
    let data_loss = match impact {
        Impact::Destroy => facts.is_stateful(&old_ty),
        Impact::Replace | Impact::MayReplace => {
            facts.is_stateful(&old_ty) && !retained(old_res, "UpdateReplacePolicy")
        }
        _ => false,
    };
    let kept = matches!(impact, Impact::Replace | Impact::MayReplace)
        && retained(old_res, "UpdateReplacePolicy");
    Entry {
        change,
        kind: if new_ty.is_empty() { old_ty } else { new_ty },
        id: id.to_string(),
        path,
        impact,
        data_loss,
        kept,
        value: if change == Change::Modified {
            None
        } else {
            old.or(new).cloned()
        },
        props,
    }
}

/// The changed leaves between `old` and `new` at JSON path `path`. Objects are compared key
/// by key, lists of equal length item by item; lists of different lengths as multisets
/// (items only in the old list removed, only in the new one added).
fn leaf_diff(path: String, old: Option<&Json>, new: Option<&Json>, out: &mut Vec<Leaf>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Some(Json::Object(o)), Some(Json::Object(n))) => {
            let (ov, nv) = (Json::Object(o.clone()), Json::Object(n.clone()));
            for k in key_union(&ov, &nv) {
                leaf_diff(format!("{path}.{k}"), o.get(&k), n.get(&k), out);
            }
        }
        (Some(Json::Array(o)), Some(Json::Array(n))) if o.len() == n.len() => {
            for (i, (a, b)) in o.iter().zip(n).enumerate() {
                leaf_diff(format!("{path}[{i}]"), Some(a), Some(b), out);
            }
        }
        (Some(Json::Array(o)), Some(Json::Array(n))) => {
            let mut unmatched: Vec<Option<&Json>> = n.iter().map(Some).collect();
            for (i, a) in o.iter().enumerate() {
                match unmatched.iter().position(|b| *b == Some(a)) {
                    Some(j) => unmatched[j] = None,
                    None => out.push(Leaf {
                        path: format!("{path}[{i}]"),
                        old: Some(a.clone()),
                        new: None,
                    }),
                }
            }
            for (j, b) in unmatched.into_iter().enumerate() {
                if let Some(b) = b {
                    out.push(Leaf {
                        path: format!("{path}[{j}]"),
                        old: None,
                        new: Some(b.clone()),
                    });
                }
            }
        }
        _ => out.push(Leaf {
            path,
            old: old.cloned(),
            new: new.cloned(),
        }),
    }
}

fn show(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Appends `lines` as children of a tree node: `├─`/`└─` before each, `│   `/`    ` before
/// its own children.
fn tree(o: &mut String, indent: &str, items: &[(String, Vec<String>)]) {
    for (i, (head, children)) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        let _ = writeln!(o, "{indent}{} {head}", if last { "└─" } else { "├─" });
        let next = format!("{indent}{}", if last { "    " } else { "│   " });
        for (j, c) in children.iter().enumerate() {
            let last_child = j + 1 == children.len();
            let _ = writeln!(o, "{next}{} {c}", if last_child { "└─" } else { "├─" });
        }
    }
}

fn render_entry(o: &mut String, e: &Entry, style: &Style) {
    let mark = match e.change {
        Change::Added => style.green(e.change.mark()),
        Change::Removed => style.red(e.change.mark()),
        Change::Modified => style.yellow(e.change.mark()),
    };
    let mut head = mark;
    if !e.kind.is_empty() {
        let _ = write!(head, " {}", style.cyan(&e.kind));
    }
    if let Some(p) = &e.path {
        let _ = write!(head, " {p}");
    }
    let _ = write!(head, " {}", style.dim(&e.id));
    let impact = e.impact.word();
    if !impact.is_empty() {
        let word = match e.impact {
            Impact::Orphan | Impact::MayReplace => style.yellow(impact),
            _ => style.red(impact),
        };
        let _ = write!(head, " {word}");
    }
    if e.kept {
        let _ = write!(
            head,
            " {}",
            style.dim("(the old one is kept: UpdateReplacePolicy Retain)")
        );
    }
    if e.data_loss {
        let _ = write!(head, " {}", style.red_bold("!! stateful: its data is lost"));
    }
    if let (Some(v), true) = (&e.value, e.props.is_empty()) {
        if e.kind.is_empty() || !e.kind.contains("::") {
            let _ = write!(head, ": {}", v);
        }
    }
    let _ = writeln!(o, "{head}");
    let mut items = Vec::new();
    for p in &e.props {
        let mut name = format!("{} {}", style.yellow("[~]"), p.name);
        match p.replacement {
            Some(Replacement::Always) => {
                let _ = write!(name, " {}", style.red("(requires replacement)"));
            }
            Some(Replacement::Conditional) => {
                let _ = write!(name, " {}", style.yellow("(may cause replacement)"));
            }
            None => {}
        }
        let mut children = Vec::new();
        for l in &p.leaves {
            let at = if l.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", l.path)
            };
            match (&l.old, &l.new) {
                (Some(a), Some(b)) => {
                    children.push(format!("{} {at}{}", style.red("[-]"), show(a)));
                    children.push(format!("{} {at}{}", style.green("[+]"), show(b)));
                }
                (Some(a), None) => children.push(format!("{} {at}{}", style.red("[-]"), show(a))),
                (None, Some(b)) => children.push(format!("{} {at}{}", style.green("[+]"), show(b))),
                (None, None) => {}
            }
        }
        if p.name.is_empty() {
            // A scalar entry (a Condition, say): its values are the entry's children.
            items.extend(children.into_iter().map(|c| (c, Vec::new())));
        } else {
            items.push((name, children));
        }
    }
    tree(o, " ", &items);
}

/// The "IAM Statement Changes" table, box-drawn, cells split into lines.
fn iam_table(rows: &[(bool, PolicyStatement)], style: &Style) -> String {
    let header = ["", "Resource", "Effect", "Action", "Principal", "Condition"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|(added, s)| {
            [
                if *added { "+".into() } else { "-".into() },
                s.resource.clone(),
                s.effect.clone(),
                s.action.clone(),
                s.principal.clone(),
                s.condition.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.lines().map(|l| l.chars().count()).max().unwrap_or(0));
        }
    }
    let rule = |l: &str, m: &str, r: &str| {
        let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        format!("{l}{}{r}\n", parts.join(m))
    };
    let line = |cols: &[&str], paint: &dyn Fn(&str) -> String| {
        let mut s = String::from("│");
        for (c, w) in cols.iter().zip(widths) {
            let pad = w - c.chars().count();
            let _ = write!(s, " {}{} │", paint(c), " ".repeat(pad));
        }
        s.push('\n');
        s
    };
    let mut o = rule("┌", "┬", "┐");
    o.push_str(&line(&header, &|c| c.to_string()));
    for (row, (added, _)) in cells.iter().zip(rows) {
        o.push_str(&rule("├", "┼", "┤"));
        let split: Vec<Vec<&str>> = row.iter().map(|c| c.lines().collect()).collect();
        let height = split.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for k in 0..height {
            let cols: Vec<&str> = split
                .iter()
                .map(|c| c.get(k).copied().unwrap_or(""))
                .collect();
            let paint = |c: &str| {
                if *added {
                    style.green(c)
                } else {
                    style.red(c)
                }
            };
            o.push_str(&line(&cols, &paint));
        }
    }
    o.push_str(&rule("└", "┴", "┘"));
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_values_flatten_references() {
        assert_eq!(display_value(&json!({"Ref": "Topic"})), "${Topic}");
        assert_eq!(
            display_value(&json!({"Fn::GetAtt": ["Table", "Arn"]})),
            "${Table.Arn}"
        );
        assert_eq!(
            display_value(&json!({"Fn::Join": ["", [{"Fn::GetAtt": ["B", "Arn"]}, "/*"]]})),
            "${B.Arn}/*"
        );
        assert_eq!(
            display_value(&json!({"StringEquals": {"aws:SourceArn": {"Ref": "R"}}})),
            r#"{"StringEquals":{"aws:SourceArn":"${R}"}}"#
        );
    }

    #[test]
    fn lists_of_other_lengths_compare_as_multisets() {
        let mut out = Vec::new();
        leaf_diff(
            String::new(),
            Some(&json!(["a", "b", "c"])),
            Some(&json!(["a", "c", "d", "e"])),
            &mut out,
        );
        let shown: Vec<String> = out
            .iter()
            .map(|l| format!("{} {:?} {:?}", l.path, l.old, l.new))
            .collect();
        assert_eq!(
            shown,
            [
                "[1] Some(String(\"b\")) None",
                "[2] None Some(String(\"d\"))",
                "[3] None Some(String(\"e\"))"
            ]
        );
    }
}

//! Rendering: each stack's elements become its template (one per flavor), with overrides
//! applied, dependency cycles between its resources found, and the assets it uses noted.

use std::collections::BTreeMap;

use crate::value::HashMap;

use crate::value::{FastIndexMap as IndexMap, IndexSet};

use super::graph::{cycles, Csr};
use super::resolve::{At, Context, Effects, Resolver};
use super::{assets, limits};
use super::{sha256_hex, SAM_TRANSFORM, TEMPLATE_FORMAT_VERSION};
use crate::doc::{self, Bump, Doc, DocMap, Thawed};
use crate::element::{AssetKind, ElementKind, OutputData, ResourceData};
use crate::error::Diagnostic;
use crate::tree::{NodeId, Nodes, StackData, Tree};
use crate::value::Expr;
use crate::value::Flavor;

/// The content-hashed logical IDs (SAM's scheme for `AWS::Lambda::Version`): for every
/// resource that asked for one, `prefix` + the first 10 hex digits of the SHA-256 of its
/// source's `Properties` as rendered in the plain template, so the ID changes exactly when
/// the source's content does. The sources are rendered by a scratch resolver whose findings
/// are dropped: problems are reported when the source itself renders.
pub(super) fn content_ids(
    ctx: &Context<'_>,
    bump: &Bump,
    stacks: &[NodeId],
    elements_of: &HashMap<NodeId, Vec<NodeId>>,
) -> (Vec<(NodeId, String)>, Vec<Diagnostic>) {
    let tree = ctx.tree;
    let mut ids = Vec::new();
    let mut diags = Vec::new();
    let mut source_hashes: HashMap<std::path::PathBuf, Result<String, assets::Problem>> =
        HashMap::default();
    for &stack in stacks {
        for &n in &elements_of[&stack] {
            let Some(ElementKind::Resource(d)) = tree.element(n) else {
                continue;
            };
            let Some((prefix, source)) = &d.content_id else {
                continue;
            };
            let (props, metadata) = match tree.element(source.node) {
                Some(ElementKind::Resource(s)) if source.app == tree.app => {
                    (&s.properties, &s.metadata)
                }
                _ => {
                    diags.push(Diagnostic::new(
                        source.path(),
                        "a content-hashed logical ID must hash a resource of the same app",
                        "pass logical_id_from_content a resource created in this app (a version hashes its own function)",
                    ));
                    ids.push((n, prefix.clone()));
                    continue;
                }
            };
            let mut scratch = Resolver {
                ctx,
                flavor: Flavor::Cfn,
                fx: Effects::default(),
                bump,
                flavored: false,
            };
            let mut refs = Vec::new();
            let mut at = At {
                stack,
                element: source.node,
                refs: &mut refs,
            };
            let rendered = scratch.resolve_map(props, &mut at);
            let mut text = serde_json::to_string(&rendered).unwrap_or_default();
            // A folder used in place (a crate, a Docker context) renders as its path: its
            // content counts too, or changed code would keep the old ID (and version).
            let mut folders = Vec::new();
            for (_, v) in props.iter().chain(metadata.iter()) {
                in_place_folders(tree, &v.0, &mut folders);
            }
            folders.sort_unstable();
            folders.dedup();
            for a in folders {
                let Some(ElementKind::Asset(dir, _)) = tree.element(a) else {
                    continue;
                };
                if ctx.asset_path[a].is_none() {
                    continue; // a missing folder, reported by the asset pass
                }
                let dir = tree.resolve_path(dir);
                let hashed = match source_hashes.get(&dir) {
                    Some(h) => h.clone(),
                    None => {
                        let h = assets::hash_source_dir(&dir);
                        if let Err((message, hint)) = &h {
                            diags.push(Diagnostic::new(tree.path(a), message.clone(), *hint));
                        }
                        source_hashes.insert(dir, h.clone());
                        h
                    }
                };
                if let Ok(h) = hashed {
                    text.push('\0');
                    text.push_str(&h);
                }
            }
            let hash = sha256_hex(text.as_bytes());
            ids.push((n, format!("{prefix}{}", &hash[..10])));
        }
    }
    (ids, diags)
}

/// The folders referenced in place (their asset elements) that `e` uses.
fn in_place_folders(tree: Nodes, e: &Expr, out: &mut Vec<NodeId>) {
    match e {
        Expr::Asset(t) => {
            if t.app == tree.app
                && matches!(
                    tree.element(t.node),
                    Some(ElementKind::Asset(_, AssetKind::InPlace))
                )
            {
                out.push(t.node);
            }
        }
        Expr::List(items) => items.iter().for_each(|i| in_place_folders(tree, i, out)),
        Expr::Map(m) => m.iter().for_each(|(_, i)| in_place_folders(tree, i, out)),
        Expr::Sub(sub) => sub
            .1
            .iter()
            .for_each(|(_, i)| in_place_folders(tree, i, out)),
        Expr::Call(_, a) => in_place_folders(tree, a, out),
        Expr::If(_, a, b) | Expr::FindInMap(_, a, b) | Expr::PerFlavor(a, b) => {
            in_place_folders(tree, a, out);
            in_place_folders(tree, b, out);
        }
        Expr::Null
        | Expr::Bool(_)
        | Expr::Number(_)
        | Expr::String(_)
        | Expr::Ref(_)
        | Expr::GetAtt(..)
        | Expr::Pseudo(_)
        | Expr::Condition(_)
        | Expr::TransformRef(..) => {}
    }
}

/// Renders every stack's templates: in stack order, each stack's in its flavors' order
/// (plain before SAM), with what resolving them found.
///
/// A large app with several stacks is rendered on up to `threads` threads (the calling one
/// included), each taking the next stack not yet taken, in its own arena from `arenas`
/// (one per extra thread). Each stack's findings are merged in stack order, which is the
/// order one thread would have found them in, so the templates and the exports do not
/// depend on the threads. A message about a construct of another app names it through the
/// calling thread's apps; so when a stack rendered on another thread reports anything, the
/// app is rendered again on the calling thread alone, for the exact messages (a failing
/// synthesis writes nothing, so that costs nothing that matters).
pub(super) fn render_all<'c>(
    ctx: &'c Context<'_>,
    bump: &'c Bump,
    arenas: &'c mut [Bump],
    stacks: &[NodeId],
    elements_of: &HashMap<NodeId, Vec<NodeId>>,
) -> (Vec<Rendered<'c>>, Effects<'c>) {
    let sequential = |bump: &'c Bump| {
        let mut shared = Shared::new(ctx);
        let mut templates = Vec::new();
        let mut fx = Effects::default();
        for &stack in stacks {
            let (t, f) = render_one(ctx, bump, stack, &elements_of[&stack], &mut shared);
            templates.extend(t);
            fx.merge(f);
        }
        (templates, fx)
    };
    let resources: usize = stacks.iter().map(|s| elements_of[s].len()).sum();
    let threads = (arenas.len() + 1).min(stacks.len());
    if threads <= 1 || resources < super::PARALLEL_FROM_ELEMENTS {
        return sequential(bump);
    }
    // Largest first, each thread taking the next.
    let mut order: Vec<usize> = (0..stacks.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(elements_of[&stacks[i]].len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = |bump: &'c Bump| {
        let mut shared = Shared::new(ctx);
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&i) = order.get(k) else { break };
            let stack = stacks[i];
            done.push((
                i,
                render_one(ctx, bump, stack, &elements_of[&stack], &mut shared),
            ));
        }
        done
    };
    let mut per_stack: Vec<Option<PerStack<'c>>> = (0..stacks.len()).map(|_| None).collect();
    let mut elsewhere = false;
    let work = &work;
    let joined = std::thread::scope(|scope| {
        let handles: Vec<_> = arenas[..threads - 1]
            .iter_mut()
            .map(|arena: &'c mut Bump| {
                // The arena is this thread's alone: borrowed mutably, used shared from here.
                scope.spawn(move || {
                    let arena: &'c Bump = arena;
                    work(arena)
                })
            })
            .collect();
        let mine = work(bump);
        let theirs: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        (mine, theirs)
    });
    let (mine, theirs) = joined;
    for (i, r) in mine {
        per_stack[i] = Some(r);
    }
    for part in theirs {
        match part {
            Ok(done) => {
                for (i, r) in done {
                    elsewhere |= !r.1.diags.is_empty();
                    per_stack[i] = Some(r);
                }
            }
            // A panic on another thread: render on this one, where it surfaces as usual.
            Err(_) => return sequential(bump),
        }
    }
    if elsewhere {
        return sequential(bump);
    }
    let mut templates = Vec::new();
    let mut fx = Effects::default();
    for (t, f) in per_stack.into_iter().flatten() {
        templates.extend(t);
        fx.merge(f);
    }
    (templates, fx)
}

/// One stack's templates and findings.
type PerStack<'c> = (Vec<Rendered<'c>>, Effects<'c>);

/// Renders `stack`'s templates in its flavors' order.
fn render_one<'c>(
    ctx: &'c Context<'_>,
    bump: &'c Bump,
    stack: NodeId,
    elements: &[NodeId],
    shared: &mut Shared<'c>,
) -> PerStack<'c> {
    let mut r = Resolver {
        ctx,
        flavor: Flavor::Cfn,
        fx: Effects::default(),
        bump,
        flavored: false,
    };
    let flavors = ctx
        .tree
        .stack_data(stack)
        .map(|d| d.flavors.clone())
        .unwrap_or_default();
    // Kept only when another template of this stack is still to come.
    shared.keep = flavors.len() > 1;
    shared.refs.clear();
    let mut templates = Vec::with_capacity(flavors.len());
    for flavor in flavors {
        r.flavor = flavor;
        let (template, stack_assets) = render_stack(&mut r, stack, elements, shared);
        shared.keep = false;
        templates.push((stack, flavor, template, stack_assets));
    }
    (templates, r.fx)
}

/// The resolved `Properties` of resources that are in both templates of their stack and
/// resolved without regard to the template (most of them): the stack's second template
/// reuses the first one's document and references instead of resolving the same
/// expressions again. The documents are shared slices of the arena, so the writers can also
/// tell that the two templates hold the very same value.
struct Shared<'c> {
    /// Per node: the document and the range of `refs` holding its references.
    properties: Vec<Option<(Doc<'c>, std::ops::Range<usize>)>>,
    refs: Vec<NodeId>,
    /// Whether the template being rendered keeps what it resolves for the next one.
    keep: bool,
}

impl<'c> Shared<'c> {
    fn new(ctx: &Context) -> Shared<'c> {
        Shared {
            properties: vec![None; ctx.tree.nodes.len()],
            refs: Vec::new(),
            keep: false,
        }
    }
}

/// Puts each producer's exports into its template's `Outputs`.
pub(super) fn add_exports<'c>(
    bump: &'c Bump,
    templates: &mut [Rendered<'c>],
    fx: &mut Effects<'c>,
) {
    for (stack, flavor, template, _) in templates {
        let Some(exports) = fx.exports.get_mut(&(*stack, *flavor)) else {
            continue;
        };
        let at = match template.iter().position(|(k, _)| *k == "Outputs") {
            Some(i) => i,
            None => {
                template.push(("Outputs", Doc::Map(&[])));
                template.len() - 1
            }
        };
        for (id, (name, value)) in exports.drain(..) {
            let Doc::Map(outputs) = template[at].1.clone() else {
                break;
            };
            let export = Doc::one(bump, "Name", Doc::owned(bump, &name));
            let body = Doc::Map(bump.alloc([("Value", value), ("Export", export)]));
            template[at].1 = doc::with_entry(bump, outputs, bump.alloc_str(&id), body);
        }
    }
}

/// One rendered template: its stack, flavor, body and the asset hashes it uses.
pub(super) type Rendered<'c> = (NodeId, Flavor, DocMap<'c>, Vec<String>);

/// The transforms of `stack`'s template in `flavor`: the stack's own, SAM's in the SAM
/// flavor, then those the stack's resources in this flavor require, each once, in that order.
pub(super) fn template_transforms(
    tree: &Tree,
    d: &StackData,
    elements: &[NodeId],
    flavor: Flavor,
) -> Vec<String> {
    let mut transforms = d.transforms.clone();
    let mut add = |t: &str| {
        if !transforms.iter().any(|x| x == t) {
            transforms.push(t.to_string());
        }
    };
    if flavor == Flavor::Sam {
        add(SAM_TRANSFORM);
    }
    for &n in elements {
        if let Some(ElementKind::Resource(res)) = tree.element(n) {
            if res.only_in.is_none_or(|f| f == flavor) {
                res.transforms.iter().for_each(|t| add(t));
            }
        }
    }
    transforms
}

fn render_stack<'c>(
    r: &mut Resolver<'c, '_>,
    stack: NodeId,
    elements: &[NodeId],
    shared: &mut Shared<'c>,
) -> (DocMap<'c>, Vec<String>) {
    let ctx: &'c Context = r.ctx;
    let bump = r.bump;
    let tree = ctx.tree;
    let data = tree.stack_data(stack);
    // The construct path goes into the plain template only (see `Stack::set_path_metadata`:
    // SAM CLI reads `aws:cdk:path` as "this is a CDK app").
    let path_metadata = data.is_some_and(|d| d.path_metadata) && r.flavor == Flavor::Cfn;
    let mut t: DocMap<'c> = vec![(
        "AWSTemplateFormatVersion",
        Doc::Str(TEMPLATE_FORMAT_VERSION),
    )];
    let mut sections: BTreeMap<&str, DocMap<'c>> = BTreeMap::new();
    // Every element's references in one vector; per resource, its range (the graph's edges).
    let mut all_refs: Vec<NodeId> = Vec::new();
    let mut graph_edges: IndexMap<NodeId, std::ops::Range<usize>> = IndexMap::default();
    let mut stack_assets: IndexSet<String> = IndexSet::default();

    if let Some(d) = data {
        if let Some(desc) = &d.description {
            t.push(("Description", Doc::Str(desc)));
        }
        let transforms = ctx
            .transforms
            .get(&(stack, r.flavor))
            .map_or(&[][..], Vec::as_slice);
        match transforms {
            [] => {}
            [one] => t.push(("Transform", Doc::Str(one))),
            many => t.push((
                "Transform",
                Doc::List(bump.alloc_slice_fill_iter(many.iter().map(|t| Doc::Str(t)))),
            )),
        }
        if !d.metadata.is_empty() {
            let mut refs = Vec::new();
            let mut at = At {
                stack,
                element: stack,
                refs: &mut refs,
            };
            let m = r.resolve_map(&d.metadata, &mut at);
            t.push(("Metadata", m));
        }
    }

    for &n in elements {
        let Some(el) = tree.element(n) else { continue };
        if !el.in_flavor(r.flavor) {
            continue;
        }
        let Some(id) = ctx.logical[n].as_deref() else {
            if let ElementKind::Asset(..) = el {
                if let Some(h) = &ctx.asset_hash[n] {
                    stack_assets.insert(h.clone());
                }
            }
            continue;
        };
        let first_ref = all_refs.len();
        let mut at = At {
            stack,
            element: n,
            refs: &mut all_refs,
        };
        let (section, body) = match el {
            ElementKind::Resource(d) => {
                let path = path_metadata.then(|| ctx.paths.get(n));
                let in_both = el.in_flavor(Flavor::Cfn) && el.in_flavor(Flavor::Sam);
                let props = if d.properties.is_empty() {
                    None
                } else if let Some((doc, refs)) = shared.properties[n].take() {
                    at.refs.extend_from_slice(&shared.refs[refs]);
                    Some(doc)
                } else {
                    r.flavored = false;
                    let first = at.refs.len();
                    let doc = r.resolve_map(&d.properties, &mut at);
                    if shared.keep && in_both && !r.flavored {
                        let from = shared.refs.len();
                        shared.refs.extend_from_slice(&at.refs[first..]);
                        shared.properties[n] = Some((doc.clone(), from..shared.refs.len()));
                    }
                    Some(doc)
                };
                ("Resources", render_resource(r, d, props, &mut at, path))
            }
            ElementKind::Output(o) => ("Outputs", render_output(r, o, &mut at)),
            ElementKind::Parameter(p) => ("Parameters", r.resolve_map(&p.entries, &mut at)),
            ElementKind::Condition(c) => ("Conditions", r.resolve(&c.0, &mut at)),
            ElementKind::Mapping(m) => {
                let mut out = doc::map_builder(bump, m.len());
                for (k, inner) in m {
                    out.push((k.as_str(), r.resolve_map(inner, &mut at)));
                }
                ("Mappings", Doc::Map(out.into_bump_slice()))
            }
            ElementKind::Asset(..) => continue,
        };
        if section == "Resources" {
            graph_edges.insert(n, first_ref..all_refs.len());
        } else {
            all_refs.truncate(first_ref);
        }
        // Logical IDs are unique in a template (a collision is a diagnostic of its own, and
        // fails synthesis), so the entry is appended without a search.
        sections.entry(section).or_default().push((id, body));
    }

    // Assets declared in this stack.
    for n in tree.descendants(stack) {
        if let Some(ElementKind::Asset(..)) = tree.element(n) {
            if let Some(h) = &ctx.asset_hash[n] {
                stack_assets.insert(h.clone());
            }
        }
    }

    for name in [
        "Parameters",
        "Mappings",
        "Conditions",
        "Resources",
        "Outputs",
    ] {
        if let Some(s) = sections.remove(name) {
            t.push((name, doc::freeze_map(bump, s)));
        }
    }

    resource_cycles(r, stack, &graph_edges, &all_refs);
    (t, stack_assets.into_iter().collect())
}

/// Reports each dependency cycle between the resources of `stack` (edges: references and
/// `DependsOn`), once even when both templates have it, with the hint of the first member
/// that has one (`CfnResource::set_cycle_hint`).
fn resource_cycles(
    r: &mut Resolver<'_, '_>,
    stack: NodeId,
    graph_edges: &IndexMap<NodeId, std::ops::Range<usize>>,
    refs: &[NodeId],
) {
    let tree = r.ctx.tree;
    let index: HashMap<NodeId, usize> = graph_edges
        .keys()
        .enumerate()
        .map(|(i, &n)| (n, i))
        .collect();
    let mut graph = Csr {
        offsets: Vec::with_capacity(graph_edges.len() + 1),
        edges: Vec::with_capacity(refs.len()),
    };
    graph.offsets.push(0);
    for range in graph_edges.values() {
        let targets = refs[range.clone()].iter();
        graph
            .edges
            .extend(targets.filter_map(|t| index.get(t).copied()));
        graph.offsets.push(graph.edges.len());
    }
    let nodes: Vec<NodeId> = graph_edges.keys().copied().collect();
    for cycle in cycles(&graph) {
        // The same cycle in the stack's other template is one mistake: report it once.
        let members_set: IndexSet<NodeId> = cycle.iter().map(|&i| nodes[i]).collect();
        let known =
            r.fx.reported_cycles
                .iter()
                .any(|(s, m)| *s == stack && m.iter().any(|n| members_set.contains(n)));
        if known {
            continue;
        }
        let hint = cycle
            .iter()
            .find_map(|&i| match tree.element(nodes[i]) {
                Some(ElementKind::Resource(d)) => d.cycle_hint.clone(),
                _ => None,
            })
            .unwrap_or_else(|| {
                "CloudFormation cannot create resources that depend on each other; remove one reference or DependsOn on the cycle".to_string()
            });
        r.fx.reported_cycles.push((stack, members_set));
        let members: Vec<String> = cycle
            .iter()
            .map(|&i| {
                let n = nodes[i];
                format!(
                    "{} ({})",
                    r.ctx.logical[n].clone().unwrap_or_default(),
                    tree.path(n)
                )
            })
            .collect();
        r.fx.diags.push(Diagnostic::new(
            tree.path(nodes[cycle[0]]),
            format!(
                "dependency cycle between {} resources: {} -> {}",
                members.len(),
                members.join(" -> "),
                members[0]
            ),
            hint,
        ));
    }
}

/// Resource `d` with its resolved `props` (`None`: it has none).
fn render_resource<'c>(
    r: &mut Resolver<'c, '_>,
    d: &'c ResourceData,
    props: Option<Doc<'c>>,
    at: &mut At,
    path: Option<&'c str>,
) -> Doc<'c> {
    let bump = r.bump;
    // Room for every attribute the resource has (one allocation, no growth).
    let attributes = 1
        + usize::from(!d.properties.is_empty())
        + usize::from(!d.depends_on.is_empty())
        + usize::from(d.condition.is_some())
        + usize::from(d.creation_policy.is_some())
        + usize::from(d.update_policy.is_some())
        + usize::from(d.update_replace_policy.is_some())
        + usize::from(d.deletion_policy.is_some())
        + usize::from(path.is_some() || !d.metadata.is_empty());
    let mut m = doc::map_builder(bump, attributes);
    m.push(("Type", Doc::Str(&d.type_)));
    if let Some(props) = props {
        m.push(("Properties", props));
    }
    let ctx: &'c Context = r.ctx;
    // In the arena: the list is built, sorted and kept without a copy.
    let mut deps = bumpalo::collections::Vec::<Doc<'c>>::with_capacity_in(d.depends_on.len(), bump);
    for t in &d.depends_on {
        let Some(stack) = r.check_target(t, at) else {
            continue;
        };
        if stack != at.stack {
            r.fx.stack_deps.entry(at.stack).or_default().insert(stack);
            continue;
        }
        // A dependency on a construct (`add_dependency(&function)`) covers every resource
        // in it, including those that exist only in the other template: skip those here.
        if ctx
            .tree
            .element(t.node)
            .is_some_and(|e| !e.in_flavor(r.flavor))
        {
            continue;
        }
        if let Some(id) = ctx.logical[t.node].as_deref() {
            at.refs.push(t.node);
            deps.push(Doc::Str(id));
        }
    }
    deps.sort_unstable_by(|a, b| a.as_str().cmp(&b.as_str()));
    deps.dedup();
    if !deps.is_empty() {
        m.push(("DependsOn", Doc::List(deps.into_bump_slice())));
    }
    if let Some(c) = &d.condition {
        let name = r.condition_name(c, at);
        m.push(("Condition", name));
    }
    if let Some(p) = &d.creation_policy {
        let v = r.resolve(&p.0, at);
        m.push(("CreationPolicy", v));
    }
    if let Some(p) = &d.update_policy {
        let v = r.resolve(&p.0, at);
        m.push(("UpdatePolicy", v));
    }
    if let Some(p) = d.update_replace_policy {
        m.push(("UpdateReplacePolicy", Doc::Str(p.as_str())));
    }
    if let Some(p) = d.deletion_policy {
        m.push(("DeletionPolicy", Doc::Str(p.as_str())));
    }
    if path.is_some() || !d.metadata.is_empty() {
        let mut meta = doc::map_builder(bump, usize::from(path.is_some()) + d.metadata.len());
        if let Some(p) = path {
            meta.push(("aws:cdk:path", Doc::Str(p)));
        }
        for (k, v) in &d.metadata {
            let v = r.resolve(&v.0, at);
            match meta.iter_mut().find(|(key, _)| *key == k.as_str()) {
                Some(slot) => slot.1 = v,
                None => meta.push((k.as_str(), v)),
            }
        }
        m.push(("Metadata", Doc::Map(meta.into_bump_slice())));
    }
    let out = Doc::Map(m.into_bump_slice());
    if d.overrides.is_empty() {
        return out;
    }
    // Overrides edit the rendered resource: opened up, changed, put back.
    let mut edited = Thawed::from(&out);
    for (path, value) in &d.overrides {
        let parts = split_override_path(path);
        match value {
            Some(v) => {
                let v = r.resolve(&v.0, at);
                set_path(bump, &mut edited, &parts, Thawed::from(&v));
            }
            None => delete_path(&mut edited, &parts),
        }
    }
    edited.freeze(bump)
}

fn render_output<'c>(r: &mut Resolver<'c, '_>, o: &'c OutputData, at: &mut At) -> Doc<'c> {
    let bump = r.bump;
    let mut m = doc::map_builder(bump, 4);
    if let Some(d) = &o.description {
        m.push(("Description", Doc::Str(d)));
    }
    m.push(("Value", r.resolve(&o.value.0, at)));
    if let Some(e) = &o.export_name {
        let name = r.resolve(&e.0, at);
        if let Some(text) = name.as_str() {
            if text.is_empty() || text.chars().count() > limits::EXPORT_NAME_LENGTH {
                r.diag(
                    at.element,
                    format!(
                        "export name `{text}` has {} characters; CloudFormation allows 1 to {}",
                        text.chars().count(),
                        limits::EXPORT_NAME_LENGTH
                    ),
                    "shorten the name given to CfnOutput::export_name (it must be unique in the account and region)",
                );
            }
        }
        m.push(("Export", Doc::one(bump, "Name", name)));
    }
    if let Some(c) = &o.condition {
        let name = r.condition_name(c, at);
        m.push(("Condition", name));
    }
    Doc::Map(m.into_bump_slice())
}

/// Splits an override path at `.`, honouring `\.` as a literal dot.
pub(super) fn split_override_path(path: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                chars.next();
                if let Some(p) = parts.last_mut() {
                    p.push('.');
                }
            }
            '.' => parts.push(String::new()),
            c => {
                if let Some(p) = parts.last_mut() {
                    p.push(c);
                }
            }
        }
    }
    parts
}

pub(super) fn set_path<'c>(
    bump: &'c Bump,
    target: &mut Thawed<'c>,
    parts: &[String],
    value: Thawed<'c>,
) {
    let Some((first, rest)) = parts.split_first() else {
        merge_override(target, value);
        return;
    };
    if let Thawed::List(a) = target {
        if let Some(slot) = first.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
            return set_path(bump, slot, rest, value);
        }
    }
    if !matches!(target, Thawed::Map(_)) || is_intrinsic(target) {
        *target = Thawed::Map(Vec::new());
    }
    if let Thawed::Map(m) = target {
        let i = match m.iter().position(|(k, _)| *k == first.as_str()) {
            Some(i) => i,
            None => {
                m.push((bump.alloc_str(first), Thawed::Leaf(Doc::Null)));
                m.len() - 1
            }
        };
        let slot = &mut m[i].1;
        if rest.is_empty() {
            merge_override(slot, value);
        } else {
            set_path(bump, slot, rest, value);
        }
    }
}

/// CDK's `deepMerge`: an object merges into an existing object key by key (recursively);
/// anything else, or an intrinsic (`{"Ref": …}`, `{"Fn::If": …}`) on either side, replaces.
fn merge_override<'c>(slot: &mut Thawed<'c>, value: Thawed<'c>) {
    match (&mut *slot, value) {
        (Thawed::Map(existing), Thawed::Map(new))
            if !is_intrinsic_map(&new) && !is_intrinsic_map(existing) =>
        {
            for (k, v) in new {
                match existing.iter_mut().find(|(key, _)| *key == k) {
                    Some((_, e)) => merge_override(e, v),
                    None => existing.push((k, v)),
                }
            }
        }
        (_, value) => *slot = value,
    }
}

fn is_intrinsic(v: &Thawed) -> bool {
    matches!(v, Thawed::Map(m) if is_intrinsic_map(m))
}

fn is_intrinsic_map(m: &[(&str, Thawed)]) -> bool {
    m.len() == 1 && m.iter().all(|(k, _)| *k == "Ref" || k.starts_with("Fn::"))
}

pub(super) fn delete_path(target: &mut Thawed, parts: &[String]) {
    let Some((first, rest)) = parts.split_first() else {
        return;
    };
    match target {
        Thawed::Map(m) if rest.is_empty() => m.retain(|(k, _)| *k != first.as_str()),
        Thawed::Map(m) => {
            if let Some((_, next)) = m.iter_mut().find(|(k, _)| *k == first.as_str()) {
                delete_path(next, rest);
            }
        }
        Thawed::List(a) => {
            if let Ok(i) = first.parse::<usize>() {
                if rest.is_empty() && i < a.len() {
                    a.remove(i);
                } else if let Some(next) = a.get_mut(i) {
                    delete_path(next, rest);
                }
            }
        }
        Thawed::Leaf(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_paths() {
        assert_eq!(split_override_path("A.B"), vec!["A", "B"]);
        assert_eq!(split_override_path(r"A\.B.C"), vec!["A.B", "C"]);
        let bump = Bump::new();
        let json = serde_json::json!({"Properties": {"Tags": [{"Key": "a"}], "X": 1}});
        let mut v = Thawed::from(&Doc::from_json(&bump, &json));
        let leaf = |d: Doc<'static>| Thawed::Leaf(d);
        set_path(
            &bump,
            &mut v,
            &split_override_path("Properties.Tags.0.Key"),
            leaf(Doc::Str("b")),
        );
        set_path(
            &bump,
            &mut v,
            &split_override_path("Properties.X.Y"),
            leaf(Doc::Number(2.into())),
        );
        set_path(
            &bump,
            &mut v,
            &split_override_path("Properties.New.Deep"),
            leaf(Doc::Bool(true)),
        );
        assert_eq!(
            v.clone().freeze(&bump).to_json(),
            serde_json::json!({"Properties": {"Tags": [{"Key": "b"}], "X": {"Y": 2}, "New": {"Deep": true}}})
        );
        delete_path(&mut v, &split_override_path("Properties.X"));
        delete_path(&mut v, &split_override_path("Properties.Missing.Deep"));
        assert_eq!(
            v.freeze(&bump).to_json(),
            serde_json::json!({"Properties": {"Tags": [{"Key": "b"}], "New": {"Deep": true}}})
        );
    }
}

//! Resolution: typed expressions become template JSON. References become `Ref` /
//! `Fn::GetAtt` in their own stack and export/import pairs across stacks of one app;
//! everything else that cannot be resolved (another app, another template's element,
//! an undefined `Fn::Sub` variable) is a diagnostic.

use crate::value::HashMap;

use crate::value::{FastIndexMap as IndexMap, IndexSet};

use super::limits;
use crate::doc::{Bump, Doc};
use crate::element::ElementKind;
use crate::error::Diagnostic;
use crate::logical_id::make_unique_id;
use crate::tree::{NodeId, Nodes};
use crate::value::{Expr, Flavor, IndexMap as ValueMap, Target, Text, Value, PSEUDO_PARAMETERS};

/// What the passes before rendering established, read-only while templates are rendered.
pub(super) struct Context<'t> {
    pub(super) tree: Nodes<'t>,
    /// Per node: its construct path, built once (children come after their parents).
    pub(super) paths: super::ids::Paths,
    /// Per node: its logical ID (elements only).
    pub(super) logical: Vec<Option<String>>,
    /// Per node: the content hash of a staged asset.
    pub(super) asset_hash: Vec<Option<String>>,
    /// Per node: an asset's path relative to the templates (`assets/<hash>`, or the
    /// relative path of a folder referenced in place).
    pub(super) asset_path: Vec<Option<String>>,
    /// (stack, flavor) -> the template's transforms (see `render::template_transforms`).
    pub(super) transforms: HashMap<(NodeId, Flavor), Vec<String>>,
}

/// What rendering finds out besides the templates: problems, the exports that cross-stack
/// references need, and the stack dependencies they create.
#[derive(Default)]
pub(super) struct Effects<'c> {
    pub(super) diags: Vec<Diagnostic>,
    /// (producer stack, flavor) -> output logical id -> (export name, value)
    pub(super) exports: IndexMap<(NodeId, Flavor), IndexMap<String, (String, Doc<'c>)>>,
    /// consumer stack -> producer stacks
    pub(super) stack_deps: IndexMap<NodeId, IndexSet<NodeId>>,
    /// Resource cycles reported so far: (stack, members).
    pub(super) reported_cycles: Vec<(NodeId, IndexSet<NodeId>)>,
}

impl<'c> Effects<'c> {
    /// Adds what rendering a later stack found (the order one renderer would have found it
    /// in, when stacks are merged in order).
    pub(super) fn merge(&mut self, other: Effects<'c>) {
        self.diags.extend(other.diags);
        for (key, exports) in other.exports {
            self.exports.entry(key).or_default().extend(exports);
        }
        for (stack, deps) in other.stack_deps {
            self.stack_deps.entry(stack).or_default().extend(deps);
        }
        self.reported_cycles.extend(other.reported_cycles);
    }
}

/// Turns expressions into template JSON for one flavor, reading the [`Context`] and
/// recording what it finds in its [`Effects`].
pub(super) struct Resolver<'c, 't> {
    pub(super) ctx: &'c Context<'t>,
    /// The template being rendered.
    pub(super) flavor: Flavor,
    pub(super) fx: Effects<'c>,
    /// Where the rendered documents live.
    pub(super) bump: &'c Bump,
    /// Set when a resolution depended on the template being rendered (a per-flavor value, a
    /// transform's name, an element in one template only, an export): what was resolved
    /// since it was last cleared cannot stand for the other template too.
    pub(super) flavored: bool,
}

/// What holds an expression: an [`Expr`] itself, or a typed [`Value`] around one.
pub(super) trait AsExpr {
    fn as_expr(&self) -> &Expr;
}

impl AsExpr for Expr {
    fn as_expr(&self) -> &Expr {
        self
    }
}

impl AsExpr for Value {
    fn as_expr(&self) -> &Expr {
        &self.0
    }
}

/// Where an expression is being resolved: its stack, the element using it (for messages),
/// and the resources it references (dependency edges).
pub(super) struct At<'a> {
    pub(super) stack: NodeId,
    pub(super) element: NodeId,
    pub(super) refs: &'a mut Vec<NodeId>,
}

pub(super) fn kind_name(e: Option<&ElementKind>) -> &'static str {
    match e {
        Some(ElementKind::Resource(_)) => "a resource",
        Some(ElementKind::Output(_)) => "an output",
        Some(ElementKind::Parameter(_)) => "a parameter",
        Some(ElementKind::Condition(_)) => "a condition",
        Some(ElementKind::Mapping(_)) => "a mapping",
        Some(ElementKind::Asset(..)) => "an asset",
        None => "a construct that is not a template element",
    }
}

impl<'c> Resolver<'c, '_> {
    pub(super) fn diag(&mut self, at: NodeId, message: String, hint: &str) {
        let path = self.ctx.tree.path(at);
        self.fx.diags.push(Diagnostic::new(path, message, hint));
    }

    /// Checks that `t` is in this app; returns its stack.
    pub(super) fn check_target(&mut self, t: &Target, at: &At) -> Option<NodeId> {
        if t.app != self.ctx.tree.app || t.node >= self.ctx.tree.nodes.len() {
            self.diag(
                at.element,
                format!("refers to `{}`, which belongs to another App", t.path()),
                "references work between stacks of the same App; to use a value from another app, export it (CfnOutput::export_name) and read it with fns::import_value",
            );
            return None;
        }
        self.ctx.tree.stack_of(t.node)
    }

    fn same_stack_only(&mut self, t: &Target, at: &At, what: &str) -> Option<&'c str> {
        let stack = self.check_target(t, at)?;
        if stack != at.stack {
            self.diag(
                at.element,
                format!(
                    "uses {what} `{}` of stack `{}`; {what}s can only be used in their own stack",
                    t.path(),
                    self.ctx.tree.path(stack)
                ),
                "declare it in this stack too",
            );
            return None;
        }
        let ctx: &'c Context = self.ctx;
        ctx.logical[t.node].as_deref()
    }

    /// `e` as template JSON.
    pub(super) fn resolve(&mut self, e: &'c Expr, at: &mut At) -> Doc<'c> {
        match e {
            Expr::Null => Doc::Null,
            Expr::Bool(b) => Doc::Bool(*b),
            Expr::Number(n) => Doc::Number(n.clone()),
            Expr::String(s) => Doc::Str(s),
            Expr::List(items) => {
                let bump = self.bump;
                Doc::List(bump.alloc_slice_fill_iter(items.iter().map(|i| self.resolve(i, at))))
            }
            Expr::Map(m) => self.resolve_map(m, at),
            Expr::Pseudo(p) => Doc::one(self.bump, "Ref", Doc::Str(p)),
            Expr::Ref(t) => self.reference(t, None, at),
            Expr::GetAtt(t, attr) => self.reference(t, Some(attr), at),
            Expr::Sub(sub) => {
                let (template, vars) = &**sub;
                self.check_sub(template, vars, at);
                if vars.is_empty() {
                    Doc::one(self.bump, "Fn::Sub", Doc::Str(template))
                } else {
                    let vars = self.resolve_map(vars, at);
                    Doc::one(
                        self.bump,
                        "Fn::Sub",
                        Doc::list(self.bump, [Doc::Str(template), vars]),
                    )
                }
            }
            Expr::Call(name, args) => {
                if let (true, Expr::List(items)) = (matches!(*name, "Fn::And" | "Fn::Or"), &**args)
                {
                    if !(2..=10).contains(&items.len()) {
                        self.diag(
                            at.element,
                            format!("{name} takes 2 to 10 conditions, not {}", items.len()),
                            "split or combine the conditions",
                        );
                    }
                }
                Doc::one(self.bump, name, self.resolve(args, at))
            }
            Expr::If(cond, a, b) => {
                let name = self.condition_name(cond, at);
                let (a, b) = (self.resolve(a, at), self.resolve(b, at));
                Doc::one(self.bump, "Fn::If", Doc::list(self.bump, [name, a, b]))
            }
            Expr::Condition(cond) => {
                let name = self.condition_name(cond, at);
                Doc::one(self.bump, "Condition", name)
            }
            Expr::FindInMap(t, k1, k2) => {
                let name =
                    self.kind_checked(t, at, "mapping", |k| matches!(k, ElementKind::Mapping(_)));
                let (k1, k2) = (self.resolve(k1, at), self.resolve(k2, at));
                Doc::one(
                    self.bump,
                    "Fn::FindInMap",
                    Doc::list(self.bump, [name, k1, k2]),
                )
            }
            Expr::PerFlavor(cfn, sam) => {
                self.flavored = true;
                match self.flavor {
                    Flavor::Cfn => self.resolve(cfn, at),
                    Flavor::Sam => self.resolve(sam, at),
                }
            }
            Expr::Asset(t) => {
                if self.check_target(t, at).is_none() {
                    return Doc::Null;
                }
                let ctx: &'c Context = self.ctx;
                match &ctx.asset_path[t.node] {
                    Some(p) => Doc::Str(p),
                    None => Doc::Null, // reported when hashing / resolving the folder
                }
            }
            Expr::TransformRef(r) => {
                let (t, suffix, attr) = &**r;
                self.transform_ref(t.as_ref(), suffix, attr.as_deref(), at)
            }
        }
    }

    /// The entries of `m`, resolved, in order.
    pub(super) fn resolve_map<K: AsRef<str>, V: AsExpr>(
        &mut self,
        m: &'c ValueMap<K, V>,
        at: &mut At,
    ) -> Doc<'c> {
        let bump = self.bump;
        Doc::Map(
            bump.alloc_slice_fill_iter(
                m.iter()
                    .map(|(k, v)| (k.as_ref(), self.resolve(v.as_expr(), at))),
            ),
        )
    }

    fn kind_checked(
        &mut self,
        t: &Target,
        at: &At,
        what: &str,
        ok: impl Fn(&ElementKind) -> bool,
    ) -> Doc<'c> {
        if t.app == self.ctx.tree.app && t.node < self.ctx.tree.nodes.len() {
            let el = self.ctx.tree.element(t.node);
            if !el.is_some_and(&ok) {
                let found = kind_name(el);
                self.diag(
                    at.element,
                    format!("expected {what} at `{}`, found {found}", t.path()),
                    "a handle of one kind of element cannot stand for another: pass the CfnMapping or CfnCondition itself",
                );
                return Doc::Null;
            }
        }
        self.same_stack_only(t, at, what)
            .map_or(Doc::Null, Doc::Str)
    }

    /// False (with a diagnostic) when `t` is a resource that is not in the template being
    /// rendered.
    fn in_this_template(&mut self, t: &Target, el: Option<&ElementKind>, at: &At) -> bool {
        if el.is_some_and(|e| !e.in_flavor(Flavor::Cfn) || !e.in_flavor(Flavor::Sam)) {
            self.flavored = true;
        }
        match el {
            Some(e @ ElementKind::Resource(_)) if !e.in_flavor(self.flavor) => {
                let f = self.flavor.label();
                self.diag(
                    at.element,
                    format!("refers to `{}`, which is not in the {f} template", t.path()),
                    "give each template its own value with Flavor::either, or put the referencing element in the other template only",
                );
                false
            }
            _ => true,
        }
    }

    /// The name of condition `t` (`Doc::Null`, with a diagnostic, if it is not one of this
    /// stack's conditions).
    pub(super) fn condition_name(&mut self, t: &Target, at: &At) -> Doc<'c> {
        self.kind_checked(t, at, "condition", |k| {
            matches!(k, ElementKind::Condition(_))
        })
    }

    fn reference(&mut self, t: &Target, attr: Option<&'c String>, at: &mut At) -> Doc<'c> {
        let Some(stack) = self.check_target(t, at) else {
            return Doc::Null;
        };
        let el = self.ctx.tree.element(t.node);
        if !self.in_this_template(t, el, at) {
            return Doc::Null;
        }
        match (el, attr) {
            (Some(ElementKind::Resource(_)), _) => {}
            (Some(ElementKind::Parameter(_)), None) => {
                return self
                    .same_stack_only(t, at, "parameter")
                    .map_or(Doc::Null, |id| Doc::one(self.bump, "Ref", Doc::Str(id)));
            }
            (el, _) => {
                let found = kind_name(el);
                let f = if attr.is_some() { "Fn::GetAtt" } else { "Ref" };
                self.diag(
                    at.element,
                    format!("{f} of `{}`, which is {found}", t.path()),
                    "Ref works on resources and parameters, Fn::GetAtt on resources",
                );
                return Doc::Null;
            }
        }
        let ctx: &'c Context = self.ctx;
        let Some(logical) = ctx.logical[t.node].as_deref() else {
            return Doc::Null;
        };
        let local = match attr {
            None => Doc::one(self.bump, "Ref", Doc::Str(logical)),
            Some(a) => Doc::one(
                self.bump,
                "Fn::GetAtt",
                Doc::list(self.bump, [Doc::Str(logical), Doc::Str(a)]),
            ),
        };
        if stack == at.stack {
            at.refs.push(t.node);
            return local;
        }
        self.import_from(stack, local, at)
    }

    /// A reference `local` into `stack`, another stack of this app: export there, import
    /// here. As in CDK, the output's id is `Output` + the compact JSON of the reference (whose
    /// non-alphanumerics the logical ID drops, but whose hash covers them).
    fn import_from(&mut self, stack: NodeId, local: Doc<'c>, at: &At) -> Doc<'c> {
        // The export goes into the producer's template of this flavor.
        self.flavored = true;
        let compact = serde_json::to_string(&local).unwrap_or_default();
        let output_id = make_unique_id(&["Exports".to_string(), format!("Output{compact}")]);
        let export_name = generated_export_name(&self.ctx.tree.nodes[stack].id, &output_id);
        self.fx
            .exports
            .entry((stack, self.flavor))
            .or_default()
            .insert(output_id, (export_name.clone(), local));
        self.fx
            .stack_deps
            .entry(at.stack)
            .or_default()
            .insert(stack);
        Doc::one(
            self.bump,
            "Fn::ImportValue",
            Doc::owned(self.bump, &export_name),
        )
    }

    /// `{"Ref": …}` of a name a transform generates (see `Expr::TransformRef`).
    fn transform_ref(
        &mut self,
        t: Option<&Target>,
        suffix: &'c str,
        attr: Option<&'c str>,
        at: &mut At,
    ) -> Doc<'c> {
        self.flavored = true;
        let has_transform = |r: &Self, stack: NodeId| {
            r.ctx
                .transforms
                .get(&(stack, r.flavor))
                .is_some_and(|t| !t.is_empty())
        };
        let shown = match t {
            Some(t) => format!("`{}` + `{suffix}`", t.path()),
            None => format!("`{suffix}`"),
        };
        if !has_transform(self, at.stack) {
            self.diag(
                at.element,
                format!(
                    "refers to {shown}, a name only a template transform generates, in the {} template, which has no transform",
                    self.flavor.label()
                ),
                "give this template its own value with Flavor::either",
            );
            return Doc::Null;
        }
        let Some(t) = t else {
            let valid = !suffix.is_empty()
                && suffix.len() <= 255
                && suffix
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.');
            if !valid {
                self.diag(
                    at.element,
                    format!("`{suffix}` is not a logical ID a transform can generate"),
                    "logical IDs are ASCII letters and digits (SAM adds `.Alias` / `.Version`)",
                );
                return Doc::Null;
            }
            return Doc::one(self.bump, "Ref", Doc::Str(suffix));
        };
        let Some(stack) = self.check_target(t, at) else {
            return Doc::Null;
        };
        let el = self.ctx.tree.element(t.node);
        if !self.in_this_template(t, el, at) {
            return Doc::Null;
        }
        match el {
            Some(ElementKind::Resource(_)) => {}
            other => {
                let found = kind_name(other);
                self.diag(
                    at.element,
                    format!("a transform reference to `{}`, which is {found}", t.path()),
                    "transform references derive from resources",
                );
                return Doc::Null;
            }
        }
        let Some(id) = &self.ctx.logical[t.node] else {
            return Doc::Null;
        };
        let name = Doc::owned(self.bump, &format!("{id}{suffix}"));
        let local = match attr {
            None => Doc::one(self.bump, "Ref", name),
            Some(a) => Doc::one(
                self.bump,
                "Fn::GetAtt",
                Doc::list(self.bump, [name, Doc::Str(a)]),
            ),
        };
        if stack == at.stack {
            return local;
        }
        // Another stack: exported from its template (the transform resolves the name in
        // `Outputs` too), when that template has a transform.
        if !has_transform(self, stack) {
            self.diag(
                at.element,
                format!(
                    "refers to a name the transform derives from `{}` of stack `{}`, whose {} template has no transform",
                    t.path(),
                    self.ctx.tree.path(stack),
                    self.flavor.label()
                ),
                "give this template its own value with Flavor::either",
            );
            return Doc::Null;
        }
        self.import_from(stack, local, at)
    }

    fn check_sub(&mut self, template: &str, vars: &ValueMap<Text, Expr>, at: &At) {
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                self.diag(
                    at.element,
                    format!("Fn::Sub template `{template}` has an unclosed `${{`"),
                    "close it with `}`, or write `${!` for a literal `${`",
                );
                return;
            };
            let name = &after[..end];
            if !name.starts_with('!')
                && !vars.contains_key(name)
                && !PSEUDO_PARAMETERS.contains(&name)
            {
                self.diag(
                    at.element,
                    format!(
                        "Fn::Sub template `{template}` uses `${{{name}}}`, which is neither one of its variables nor a pseudo parameter"
                    ),
                    "pass the value as a variable: fns::sub(template, [(\"Name\", value)])",
                );
            }
            rest = &after[end + 1..];
        }
    }
}

/// The export name of a cross-stack reference: `<stack>:<output id>`, as AWS CDK writes it,
/// keeping the *end* of the output id when the whole would exceed CloudFormation's 255
/// characters (CDK's `generateExportName` does the same, so the names match CDK's). The end
/// holds the id's hash, so shortened names stay distinct and deterministic.
pub(super) fn generated_export_name(stack: &str, output_id: &str) -> String {
    let prefix = format!("{stack}:");
    let room = limits::EXPORT_NAME_LENGTH.saturating_sub(prefix.len());
    let skip = output_id.len().saturating_sub(room);
    format!("{prefix}{}", &output_id[skip..])
}

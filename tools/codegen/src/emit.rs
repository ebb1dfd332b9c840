//! Rust code from the model: one file per service, one module per resource type.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::model::{Resource, Service, Ty};
use crate::names::{bare, doc, pascal, snake, summary, Claims};

/// A property type with every generated name resolved.
#[derive(Clone, Debug)]
pub enum RTy {
    Str,
    Num,
    Bool,
    Json,
    Tag,
    StrList,
    /// A property type of this resource: its index and struct name.
    Ref {
        idx: usize,
        name: String,
    },
    Vec(Box<RTy>),
    Map(Box<RTy>),
    /// A union enum defined in this module.
    Union(usize),
}

#[derive(Debug)]
pub struct FieldPlan {
    pub cfn: String,
    pub ident: String,
    pub rty: RTy,
    pub required: bool,
    pub deprecated: bool,
    pub doc: Option<String>,
    pub constant: Option<String>,
    /// The string enum listing this property's known values.
    pub known_values: Option<String>,
    /// The builder's `maybe_<ident>` (optional properties only).
    pub maybe: Option<String>,
    /// The builder's `<ident>_value` escape hatch (structured properties only).
    pub value_fn: Option<String>,
}

#[derive(Debug)]
pub struct StructPlan {
    pub name: String,
    pub builder: String,
    pub doc: String,
    pub fields: Vec<FieldPlan>,
}

#[derive(Debug)]
pub struct EnumPlan {
    pub name: String,
    pub values: Vec<String>,
    pub property: String,
}

#[derive(Debug)]
pub struct UnionPlan {
    pub name: String,
    pub property: String,
    /// Variant name and type.
    pub variants: Vec<(String, RTy)>,
}

#[derive(Debug)]
pub struct ResourcePlan {
    pub module: String,
    pub construct: String,
    pub props: StructPlan,
    pub types: Vec<StructPlan>,
    pub enums: Vec<EnumPlan>,
    pub unions: Vec<UnionPlan>,
}

struct Planner<'a> {
    res: &'a Resource,
    claims: Claims,
    type_names: Vec<String>,
    enums: Vec<EnumPlan>,
    unions: Vec<UnionPlan>,
}

impl Planner<'_> {
    fn rty(&mut self, ty: &Ty, owner: &str, prop: &str) -> RTy {
        match ty {
            Ty::String { .. } => RTy::Str,
            Ty::Integer | Ty::Number => RTy::Num,
            Ty::Boolean => RTy::Bool,
            Ty::Json => RTy::Json,
            Ty::Tag => RTy::Tag,
            Ty::Ref(i) => RTy::Ref {
                idx: *i,
                name: self.type_names[*i].clone(),
            },
            Ty::Array(e) if matches!(**e, Ty::String { .. }) => RTy::StrList,
            Ty::Array(e) => RTy::Vec(Box::new(self.rty(e, owner, &format!("{prop}Item")))),
            Ty::Map(e) => RTy::Map(Box::new(self.rty(e, owner, &format!("{prop}Value")))),
            Ty::Union(members) => {
                let base = pascal(prop);
                let name = [
                    base.clone(),
                    format!("{base}Union"),
                    format!("{owner}{base}Union"),
                ]
                .into_iter()
                .find(|n| !self.claims.taken(n))
                .unwrap_or_else(|| format!("{owner}{base}Union"));
                let name = self.claims.claim(&name);
                let idx = self.unions.len();
                self.unions.push(UnionPlan {
                    name: name.clone(),
                    property: prop.to_string(),
                    variants: Vec::new(),
                });
                let mut variants: Vec<(String, RTy)> = Vec::new();
                let mut seen = BTreeSet::new();
                let mut vnames = Claims::default();
                for m in members {
                    let r = self.rty(m, owner, &format!("{prop}Item"));
                    let key = rust_ty(&r, &self.unions, false);
                    if !seen.insert(key) {
                        continue;
                    }
                    let want = match &r {
                        RTy::Str => "String".to_string(),
                        RTy::Num => "Number".into(),
                        RTy::Bool => "Bool".into(),
                        RTy::Json => "Json".into(),
                        RTy::Tag => "Tag".into(),
                        RTy::StrList => "StringList".into(),
                        RTy::Ref { name, .. } => name.clone(),
                        RTy::Vec(_) => "List".into(),
                        RTy::Map(_) => "Map".into(),
                        RTy::Union(_) => "Choice".into(),
                    };
                    variants.push((vnames.claim(&want), r));
                }
                self.unions[idx].variants = variants;
                RTy::Union(idx)
            }
        }
    }

    fn known_values(&mut self, ty: &Ty, owner: &str, prop: &str) -> Option<String> {
        let allowed = match ty {
            Ty::String { allowed } => allowed,
            Ty::Array(e) => match &**e {
                Ty::String { allowed } => allowed,
                _ => return None,
            },
            _ => return None,
        };
        if allowed.is_empty() {
            return None;
        }
        let base = pascal(prop);
        for want in [base.clone(), format!("{owner}{base}")] {
            if let Some(e) = self.enums.iter().find(|e| e.name == want) {
                if &e.values == allowed {
                    return Some(e.name.clone());
                }
            } else if !self.claims.taken(&want) {
                let name = self.claims.claim(&want);
                self.enums.push(EnumPlan {
                    name: name.clone(),
                    values: allowed.clone(),
                    property: prop.to_string(),
                });
                return Some(name);
            }
        }
        let name = self.claims.claim(&format!("{owner}{base}"));
        self.enums.push(EnumPlan {
            name: name.clone(),
            values: allowed.clone(),
            property: prop.to_string(),
        });
        Some(name)
    }

    fn fields(&mut self, props: &[crate::model::Prop], owner: &str) -> Vec<FieldPlan> {
        let mut idents = Claims::default();
        let mut fields: Vec<FieldPlan> = props
            .iter()
            .map(|p| {
                let rty = self.rty(&p.ty, owner, &p.name);
                FieldPlan {
                    cfn: p.name.clone(),
                    // `build` and `set` are the builder's own methods.
                    ident: idents.claim(&match snake(&p.name) {
                        s if s == "build" || s == "set" => format!("{s}_"),
                        s => s,
                    }),
                    known_values: self.known_values(&p.ty, owner, &p.name),
                    rty,
                    required: p.required && p.constant.is_none(),
                    deprecated: p.deprecated,
                    doc: p.doc.clone(),
                    constant: p.constant.clone(),
                    maybe: None,
                    value_fn: None,
                }
            })
            .collect();
        // The derived builder methods, named after every property claimed its own name (a
        // collision, such as `Default` + `DefaultValue`, gets a suffix).
        for f in fields.iter_mut().filter(|f| f.constant.is_none()) {
            // `build_` → `maybe_build`, `set_` → `set_value`.
            let base = bare(&f.ident).trim_end_matches('_').to_string();
            if !f.required {
                f.maybe = Some(idents.claim(&format!("maybe_{base}")));
            }
            if structured(&f.rty) {
                f.value_fn = Some(idents.claim(&format!("{base}_value")));
            }
        }
        fields
    }
}

pub fn plan(res: &Resource) -> ResourcePlan {
    let mut claims = Claims::default();
    for reserved in [
        "rt", "required", "super", "Box", "Vec", "Option", "String", "Some", "None",
    ] {
        claims.claim(reserved);
    }
    let construct = claims.claim(&format!("Cfn{}", pascal(&res.name)));
    let props_name = claims.claim(&format!("{construct}Props"));
    let props_builder = claims.claim(&format!("{construct}PropsBuilder"));
    let type_names: Vec<String> = res
        .types
        .iter()
        .map(|t| claims.claim(&pascal(&t.name)))
        .collect();
    let builders: Vec<String> = type_names
        .iter()
        .map(|n| claims.claim(&format!("{n}Builder")))
        .collect();
    let mut p = Planner {
        res,
        claims,
        type_names: type_names.clone(),
        enums: Vec::new(),
        unions: Vec::new(),
    };
    let owner = pascal(&res.name);
    let fields = p.fields(&res.props, &owner);
    let props = StructPlan {
        name: props_name,
        builder: props_builder,
        doc: format!("Properties of [`{construct}`] (`{}`).", res.cfn_type),
        fields,
    };
    let types = res
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let fields = p.fields(&t.props, &type_names[i]);
            StructPlan {
                name: type_names[i].clone(),
                builder: builders[i].clone(),
                doc: t.doc.clone().unwrap_or_else(|| {
                    format!("The `{}` property type of `{}`.", t.name, p.res.cfn_type)
                }),
                fields,
            }
        })
        .collect();
    ResourcePlan {
        module: snake(&res.name),
        construct,
        props,
        types,
        enums: p.enums,
        unions: p.unions,
    }
}

/// The Rust type of a value of `r`, as written inside the resource's module.
pub fn rust_ty(r: &RTy, unions: &[UnionPlan], boxed: bool) -> String {
    let t = match r {
        RTy::Str => "rt::Str".to_string(),
        RTy::Num => "rt::Num".into(),
        RTy::Bool => "rt::Bool".into(),
        RTy::Json => "rt::Value".into(),
        RTy::Tag => "rt::Tag".into(),
        RTy::StrList => "rt::StrList".into(),
        RTy::Ref { name, .. } => name.clone(),
        RTy::Vec(e) => format!("Vec<{}>", rust_ty(e, unions, false)),
        RTy::Map(e) => format!("rt::IndexMap<String, {}>", rust_ty(e, unions, false)),
        RTy::Union(i) => unions
            .get(*i)
            .map_or_else(|| format!("Union{i}"), |u| u.name.clone()),
    };
    if boxed {
        format!("Box<{t}>")
    } else {
        t
    }
}

/// Whether a property's type involves a property type or a union: such a property also takes a
/// `cdk_core::Value` (`<ident>_value`), for shapes the types do not cover. (`Json` properties
/// take a `Value` already.)
pub fn structured(r: &RTy) -> bool {
    match r {
        RTy::Ref { .. } | RTy::Union(_) => true,
        RTy::Vec(e) | RTy::Map(e) => structured(e),
        _ => false,
    }
}

/// A field's kind (`cfn_l1::edit::{One, Obj, List, Strs, Map}`) and item type, for
/// `rt::fields!` (l1/src/lib.rs).
pub fn kind(r: &RTy, unions: &[UnionPlan]) -> (&'static str, String) {
    match r {
        RTy::Ref { name, .. } => ("Obj", name.clone()),
        RTy::Vec(e) => ("List", rust_ty(e, unions, false)),
        RTy::StrList => ("Strs", String::new()),
        RTy::Map(e) => ("Map", rust_ty(e, unions, false)),
        r => ("One", rust_ty(r, unions, false)),
    }
}

/// A setter's generics, argument type and the expression converting `value`.
fn setter(f: &FieldPlan, unions: &[UnionPlan]) -> (String, String, String) {
    match &f.rty {
        RTy::Vec(e) => (
            String::new(),
            format!("impl IntoIterator<Item = {}>", rust_ty(e, unions, false)),
            "rt::list(value)".into(),
        ),
        RTy::Map(e) => (
            format!("<K: Into<String>, V: Into<{}>>", rust_ty(e, unions, false)),
            "impl IntoIterator<Item = (K, V)>".into(),
            format!("rt::map::<{}, _, _>(value)", rust_ty(e, unions, false)),
        ),
        r => (
            String::new(),
            format!("impl Into<{}>", rust_ty(r, unions, false)),
            "value.into()".into(),
        ),
    }
}

const HEADER: &str = "// generated by `cargo run -p codegen` (tools/codegen) from";

pub fn header(source: &str) -> String {
    format!("{HEADER} {source}; do not edit.\n")
}

/// The file of one service; `full_docs` keeps AWS's documentation whole, otherwise each item
/// gets its first sentence ([`summary`]).
pub fn service(svc: &Service, full_docs: bool) -> String {
    let plans: Vec<ResourcePlan> = svc.resources.iter().map(plan).collect();
    let mut o = header(&svc.source);
    let _ = writeln!(
        o,
        "//! `{}` resource types (CloudFormation L1).",
        svc.namespace
    );
    o.push_str("//!\n//! | Resource type | Construct | Properties |\n//! |---|---|---|\n");
    for (r, p) in svc.resources.iter().zip(&plans) {
        let _ = writeln!(
            o,
            "//! | `{}` | [`{}`] | [`{}`] |",
            r.cfn_type, p.construct, p.props.name
        );
    }
    o.push('\n');
    // Marker types naming required properties in "missing property" errors.
    let mut markers = BTreeSet::new();
    for p in &plans {
        for s in std::iter::once(&p.props).chain(&p.types) {
            for f in &s.fields {
                if f.required {
                    markers.insert(f.ident.clone());
                }
            }
        }
    }
    o.push_str(
        "/// One trait per required property name: implemented by [`crate::state::Set`] only, so\n",
    );
    o.push_str("/// `build()` with the property unset fails, naming it.\n");
    o.push_str("#[doc(hidden)]\n#[allow(non_camel_case_types)]\npub mod required {\n");
    for m in &markers {
        let name = bare(m);
        let _ = writeln!(
            o,
            "    #[diagnostic::on_unimplemented(message = \"the required property `{name}` is not set\", label = \"`{name}` was never set\", note = \"call `.{name}(…)` on the builder before `.build()`\")]\n    pub trait {m} {{}}\n    impl {m} for crate::state::Set {{}}"
        );
    }
    o.push_str("}\n");
    for p in &plans {
        let _ = writeln!(
            o,
            "\npub use self::{}::{{{}, {}, {}}};",
            p.module, p.construct, p.props.name, p.props.builder
        );
    }
    for (r, p) in svc.resources.iter().zip(&plans) {
        resource(&mut o, r, p, full_docs);
    }
    o
}

/// A doc comment from the spec's text: whole, or its summary.
fn spec_doc(o: &mut String, indent: &str, text: &str, full: bool, link: bool) {
    if full {
        doc(o, indent, text);
    } else {
        doc(o, indent, &summary(text, link));
    }
}

fn resource(o: &mut String, r: &Resource, p: &ResourcePlan, full: bool) {
    let _ = writeln!(
        o,
        "\n/// `{}`: [`{}`] and its property types.",
        r.cfn_type, p.construct
    );
    let _ = writeln!(o, "pub mod {} {{", p.module);
    o.push_str("    #[allow(unused_imports)]\n    use super::required;\n    use crate::rt;\n\n");
    // The construct: its fixed part is `rt::construct!` (l1/src/lib.rs).
    o.push_str("    rt::construct! {\n");
    spec_doc(
        o,
        "        ",
        r.doc.as_deref().unwrap_or("A CloudFormation resource."),
        full,
        true,
    );
    o.push_str("        ///\n");
    let _ = writeln!(o, "        /// CloudFormation type: `{}`.", r.cfn_type);
    if let Some(t) = &r.transform {
        let _ = writeln!(
            o,
            "        /// Requires the `{t}` transform of the templates it appears in."
        );
    }
    let c = &p.construct;
    let _ = write!(o, "        {c}({}) = \"{}\"", p.props.name, r.cfn_type);
    if let Some(t) = &r.transform {
        let _ = write!(o, ", transform \"{t}\"");
    }
    o.push_str("\n    }\n\n");
    let _ = writeln!(o, "    impl {c} {{");
    match r.ref_returns.as_slice() {
        [] => o.push_str("        /// `Ref` of this resource.\n"),
        [one] => {
            let _ = writeln!(o, "        /// `Ref` of this resource: its `{one}`.");
        }
        many => {
            let list: Vec<String> = many.iter().map(|m| format!("`{m}`")).collect();
            let _ = writeln!(
                o,
                "        /// `Ref` of this resource: its identifier, made of {}.",
                list.join(", ")
            );
        }
    }
    o.push_str("        pub fn ref_(&self) -> rt::Str { self.resource.ref_() }\n");
    let mut attr_names = Claims::default();
    for a in &r.attrs {
        let ident = attr_names.claim(&format!("attr_{}", bare(&snake(&a.name))));
        let (ret, call) = match &a.ty {
            Ty::String { .. } => ("rt::Str", format!("self.resource.get_att(\"{}\")", a.name)),
            Ty::Array(e) if matches!(**e, Ty::String { .. }) => (
                "rt::StrList",
                format!("self.resource.get_att_list(\"{}\")", a.name),
            ),
            Ty::Integer | Ty::Number => (
                "rt::Num",
                format!("self.resource.get_att_num(\"{}\")", a.name),
            ),
            Ty::Boolean => (
                "rt::Bool",
                format!("rt::get_att(&self.resource, \"{}\")", a.name),
            ),
            _ => (
                "rt::Value",
                format!("rt::get_att(&self.resource, \"{}\")", a.name),
            ),
        };
        o.push('\n');
        match &a.doc {
            Some(d) if !full => doc(o, "        ", &summary(d, false)),
            d => {
                if let Some(d) = d {
                    doc(o, "        ", d);
                    o.push_str("        ///\n");
                }
                let _ = writeln!(o, "        /// `Fn::GetAtt` of `{}`.", a.name);
            }
        }
        let _ = writeln!(o, "        pub fn {ident}(&self) -> {ret} {{ {call} }}");
    }
    o.push_str("    }\n");
    structure(o, &p.props, p, true, full);
    for t in &p.types {
        structure(o, t, p, false, full);
    }
    for e in &p.enums {
        string_enum(o, e);
    }
    for u in &p.unions {
        union(o, u, &p.unions);
    }
    o.push_str("}\n");
}

fn generics(n: usize, f: impl Fn(usize) -> String) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("<{}>", (0..n).map(f).collect::<Vec<_>>().join(", "))
    }
}

fn structure(o: &mut String, s: &StructPlan, p: &ResourcePlan, is_props: bool, full: bool) {
    let name = &s.name;
    let b = &s.builder;
    let fields: Vec<&FieldPlan> = s.fields.iter().filter(|f| f.constant.is_none()).collect();
    let required: Vec<&FieldPlan> = fields.iter().copied().filter(|f| f.required).collect();
    let n = required.len();
    // The value: the object's properties, checked by the builder, as template values.
    let kind = if is_props { "props" } else { "type" };
    let _ = writeln!(o, "\n    rt::object! {{ {kind}");
    if is_props {
        doc(o, "        ", &s.doc);
    } else {
        spec_doc(o, "        ", &s.doc, full, true);
    }
    if !required.is_empty() {
        let list: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", bare(&f.ident)))
            .collect();
        let _ = writeln!(o, "        ///\n        /// Required: {}.", list.join(", "));
    }
    // `rt::object!` (l1/src/lib.rs): the value struct, `builder()`, the builder struct.
    let params = generics(n, |i| format!("S{i}"));
    let mut constants = String::new();
    for f in s.fields.iter().filter(|f| f.constant.is_some()) {
        let _ = write!(
            constants,
            ", {:?} = {:?}",
            f.cfn,
            f.constant.as_deref().unwrap_or_default()
        );
    }
    let _ = writeln!(
        o,
        "        {name}, {b}<{}>{constants}\n    }}\n",
        params.trim_start_matches('<').trim_end_matches('>')
    );
    let optional: Vec<&&FieldPlan> = fields.iter().filter(|f| !f.required).collect();
    let block = n > 0 || !optional.is_empty();
    if block {
        let _ = writeln!(o, "    impl{params} {b}{params} {{");
    }
    for f in optional {
        field_doc(o, f, full);
        let (g, arg, conv) = setter(f, &p.unions);
        let _ = writeln!(
            o,
            "        pub fn {}{g}(self, value: {arg}) -> Self {{ self.set({:?}, {conv}) }}\n",
            f.ident, f.cfn
        );
    }
    if n == 0 {
        // `build()` is `rt::object!`'s.
        if block {
            o.pop();
            o.push_str("    }\n");
        }
    } else {
        let _ = writeln!(o, "        /// The [`{name}`].");
        let _ = writeln!(o, "        pub fn build(self) -> {name}\n        where");
        for (i, f) in required.iter().enumerate() {
            let _ = writeln!(o, "            S{i}: required::{},", f.ident);
        }
        let _ = writeln!(
            o,
            "        {{\n            {name}(self.0.done())\n        }}\n    }}"
        );
    }
    // Required setters: one impl per position, available while that property is unset.
    for (k, f) in required.iter().enumerate() {
        let others: Vec<String> = (0..n)
            .filter(|&i| i != k)
            .map(|i| format!("S{i}"))
            .collect();
        let others = if others.is_empty() {
            String::new()
        } else {
            format!("<{}>", others.join(", "))
        };
        let from = generics(n, |i| {
            if i == k {
                "rt::Unset".into()
            } else {
                format!("S{i}")
            }
        });
        let to = generics(n, |i| {
            if i == k {
                "rt::Set".into()
            } else {
                format!("S{i}")
            }
        });
        let _ = writeln!(o, "\n    impl{others} {b}{from} {{");
        field_doc(o, f, full);
        let (g, arg, conv) = setter(f, &p.unions);
        let _ = writeln!(
            o,
            "        pub fn {}{g}(self, value: {arg}) -> {b}{to} {{ {b}(self.0.with({:?}, {conv})) }}",
            f.ident, f.cfn
        );
        if let Some(v) = &f.value_fn {
            let _ = writeln!(
                o,
                "\n        /// Sets `{}` to any [`rt::Value`]: the escape hatch for a shape the types do not cover.",
                f.cfn
            );
            if f.deprecated {
                o.push_str(
                    "        #[deprecated(note = \"deprecated in the CloudFormation spec\")]\n",
                );
            }
            let _ = writeln!(
                o,
                "        pub fn {v}(self, value: impl Into<rt::Value>) -> {b}{to} {{ {b}(self.0.with({:?}, value.into())) }}",
                f.cfn
            );
        }
        o.push_str("    }\n");
    }
    // What every field gets beside its setter: `maybe_`, `_value`, the `Edit` accessor
    // (`rt::fields!`, l1/src/lib.rs).
    const DEPRECATED: &str = "#[deprecated(note = \"deprecated in the CloudFormation spec\")] ";
    let attr = |f: &FieldPlan| if f.deprecated { DEPRECATED } else { "" };
    let _ = writeln!(
        o,
        "\n    rt::fields! {{ {name}, {b}<{}>;",
        params.trim_start_matches('<').trim_end_matches('>')
    );
    o.push_str("        maybe {\n");
    for f in &fields {
        if let Some(m) = &f.maybe {
            let _ = writeln!(
                o,
                "            {}{m} {}({});",
                attr(f),
                f.ident,
                maybe_arg(f, &p.unions)
            );
        }
    }
    o.push_str("        }\n        value {\n");
    for f in fields.iter().filter(|f| !f.required) {
        if let Some(v) = &f.value_fn {
            let _ = writeln!(o, "            {}{v} {:?};", attr(f), f.cfn);
        }
    }
    o.push_str("        }\n        edit {\n");
    for f in &fields {
        let (k, t) = self::kind(&f.rty, &p.unions);
        let _ = writeln!(
            o,
            "            {}{} {:?} {} {k}{};",
            attr(f),
            f.ident,
            f.cfn,
            if f.required { "Req" } else { "Opt" },
            if k == "Strs" {
                String::new()
            } else {
                format!("<{t}>")
            }
        );
    }
    o.push_str("        }\n    }\n");
}

/// The argument type of a field's `maybe_` (inside `Option<…>`): its setter's argument.
fn maybe_arg(f: &FieldPlan, unions: &[UnionPlan]) -> String {
    match &f.rty {
        RTy::Map(e) => format!(
            "impl IntoIterator<Item = (impl Into<String>, impl Into<{}>)>",
            rust_ty(e, unions, false)
        ),
        _ => setter(f, unions).1,
    }
}

fn field_doc(o: &mut String, f: &FieldPlan, full: bool) {
    if !full {
        // Short form: the summary; the CloudFormation name is in the setter's body, and
        // "required" in the builder's type.
        match &f.doc {
            Some(d) => doc(o, "        ", &summary(d, false)),
            None => {
                let _ = writeln!(o, "        /// CloudFormation: `{}`.", f.cfn);
            }
        }
        if let Some(e) = &f.known_values {
            let _ = writeln!(o, "        ///\n        /// Known values: [`{e}`].");
        }
        if f.deprecated {
            o.push_str("        #[deprecated(note = \"deprecated in the CloudFormation spec\")]\n");
        }
        return;
    }
    if let Some(d) = &f.doc {
        doc(o, "        ", d);
        o.push_str("        ///\n");
    }
    let _ = write!(o, "        /// CloudFormation: `{}`", f.cfn);
    if f.required {
        o.push_str(" (required)");
    }
    o.push('.');
    if let Some(e) = &f.known_values {
        let _ = write!(o, " Known values: [`{e}`].");
    }
    o.push('\n');
    if f.deprecated {
        o.push_str("        #[deprecated(note = \"deprecated in the CloudFormation spec\")]\n");
    }
}

fn string_enum(o: &mut String, e: &EnumPlan) {
    let name = &e.name;
    let mut variants = Claims::default();
    variants.claim("Unknown");
    // `rt::str_enum!` (l1/src/lib.rs) writes the enum, its docs, `as_str` and the conversions.
    let _ = writeln!(o, "\n    rt::str_enum!({name} for {:?} {{", e.property);
    for v in &e.values {
        let _ = writeln!(
            o,
            "        {} = {v:?},",
            variants.claim(&crate::names::variant(v))
        );
    }
    o.push_str("    });\n");
}

fn union(o: &mut String, u: &UnionPlan, unions: &[UnionPlan]) {
    let name = &u.name;
    let _ = writeln!(o, "\n    /// The shapes `{}` takes.", u.property);
    o.push_str("    #[derive(Clone, Debug, PartialEq)]\n");
    let _ = writeln!(o, "    pub enum {name} {{");
    for (v, r) in &u.variants {
        let boxed = matches!(r, RTy::Union(_));
        let what = match r {
            RTy::Str => "A string.".to_string(),
            RTy::Json => "Free-form JSON.".into(),
            RTy::Ref { name, .. } => format!("A [`{name}`]."),
            _ => format!("A `{}`.", rust_ty(r, unions, false)),
        };
        let _ = writeln!(
            o,
            "        /// {what}\n        {v}({}),",
            rust_ty(r, unions, boxed)
        );
    }
    o.push_str("    }\n");
    for (v, r) in &u.variants {
        let boxed = matches!(r, RTy::Union(_));
        let t = rust_ty(r, unions, false);
        let wrap = if boxed { "Box::new(v)" } else { "v" };
        let _ = writeln!(
            o,
            "\n    impl From<{t}> for {name} {{\n        fn from(v: {t}) -> Self {{\n            Self::{v}({wrap})\n        }}\n    }}"
        );
        if let RTy::Vec(e) = r {
            let et = rust_ty(e, unions, false);
            let _ = writeln!(
                o,
                "\n    impl<const N: usize> From<[{et}; N]> for {name} {{\n        fn from(v: [{et}; N]) -> Self {{\n            Self::{v}(Vec::from(v))\n        }}\n    }}"
            );
        }
        let extra = match r {
            RTy::Str => Some(("&str", "rt::Str::from(v)")),
            RTy::Bool => Some(("bool", "rt::Bool::from(v)")),
            _ => None,
        };
        if let Some((lit, conv)) = extra {
            let _ = writeln!(
                o,
                "\n    impl From<{lit}> for {name} {{\n        fn from(v: {lit}) -> Self {{\n            Self::{v}({conv})\n        }}\n    }}"
            );
        }
    }
    let _ = writeln!(o, "\n    impl rt::IntoValue for {name} {{\n        fn into_value(self) -> rt::Value {{\n            match self {{");
    for (v, _) in &u.variants {
        let _ = writeln!(
            o,
            "                Self::{v}(v) => rt::IntoValue::into_value(v),"
        );
    }
    o.push_str("            }\n        }\n    }\n");
}

/// Sample values for the required-properties test.
pub struct Samples<'a> {
    pub krate: &'a str,
    pub path: String,
    pub plan: &'a ResourcePlan,
}

impl Samples<'_> {
    /// An expression of exactly the type of `r`.
    fn exact(&self, r: &RTy, depth: usize, cfn_type: &str) -> String {
        match r {
            RTy::Str => "cdk_core::Str::from(\"example\")".into(),
            RTy::Num => "cdk_core::Num::from(1)".into(),
            RTy::Bool => "cdk_core::Bool::from(true)".into(),
            RTy::Json => "cdk_core::Value::map([(\"Key\", \"Value\")])".into(),
            RTy::Tag => format!("{}::Tag::new(\"key\", \"value\")", self.krate),
            RTy::StrList => "cdk_core::StrList::from([\"example\"])".into(),
            RTy::Ref { idx, .. } => self.build(&self.plan.types[*idx], depth + 1, cfn_type),
            RTy::Vec(e) => format!("vec![{}]", self.exact(e, depth, cfn_type)),
            RTy::Map(e) => format!(
                "{}::IndexMap::from_iter([(\"key\".to_string(), {})])",
                self.krate,
                self.exact(e, depth, cfn_type)
            ),
            RTy::Union(i) => {
                let u = &self.plan.unions[*i];
                // An object shape says most about the generated types; then a string.
                let rank = |r: &RTy| match r {
                    RTy::Ref { .. } => 0,
                    RTy::Str => 1,
                    RTy::Json => 3,
                    _ => 2,
                };
                let (v, r) = u
                    .variants
                    .iter()
                    .min_by_key(|(_, r)| rank(r))
                    .unwrap_or(&u.variants[0]);
                let inner = self.exact(r, depth, cfn_type);
                let inner = if matches!(r, RTy::Union(_)) {
                    format!("Box::new({inner})")
                } else {
                    inner
                };
                format!("{}::{}::{v}({inner})", self.path, u.name)
            }
        }
    }

    fn arg(&self, f: &FieldPlan, depth: usize, cfn_type: &str) -> String {
        if let Some((_, v)) = crate::hints::STRINGS.iter().find(|(p, _)| *p == f.cfn) {
            if matches!(f.rty, RTy::Str) {
                return format!("{v:?}");
            }
        }
        match &f.rty {
            RTy::Str => match &f.known_values {
                Some(e) => {
                    let en = self.plan.enums.iter().find(|x| &x.name == e);
                    format!("{:?}", en.map_or("example", |x| x.values[0].as_str()))
                }
                None => "\"example\"".into(),
            },
            RTy::Num => "1".into(),
            RTy::Bool => "true".into(),
            RTy::StrList => match &f.known_values {
                Some(e) => {
                    let en = self.plan.enums.iter().find(|x| &x.name == e);
                    format!("[{:?}]", en.map_or("example", |x| x.values[0].as_str()))
                }
                None => "[\"example\"]".into(),
            },
            RTy::Vec(e) => format!("[{}]", self.exact(e, depth, cfn_type)),
            RTy::Map(e) => format!("[(\"key\", {})]", self.exact(e, depth, cfn_type)),
            r => self.exact(r, depth, cfn_type),
        }
    }

    /// `Type::builder().required(…)….build()`. A property type with no required property
    /// gets its first optional one (an empty object is rarely valid); `extra` names optional
    /// properties to set as well (constraints the spec does not state, such as "one of").
    pub fn build(&self, s: &StructPlan, depth: usize, cfn_type: &str) -> String {
        let mut e = format!("{}::{}::builder()", self.path, s.name);
        let extra = |f: &FieldPlan| {
            crate::hints::EXTRA.iter().any(|(t, st, p)| {
                *t == cfn_type && (*st == s.name || st.is_empty() && depth == 0) && *p == f.cfn
            })
        };
        let mut chosen: Vec<&FieldPlan> = s
            .fields
            .iter()
            .filter(|f| f.constant.is_none() && (f.required || (!f.deprecated && extra(f))))
            .collect();
        if chosen.is_empty() && depth > 0 {
            chosen.extend(
                s.fields
                    .iter()
                    .find(|f| f.constant.is_none() && !f.deprecated),
            );
        }
        if depth < 8 {
            for f in chosen {
                let _ = write!(e, ".{}({})", f.ident, self.arg(f, depth, cfn_type));
            }
        }
        e.push_str(".build()");
        e
    }
}

/// Names in the generated code the required-only test data relies on.
pub fn plans(svc: &Service) -> Vec<ResourcePlan> {
    svc.resources.iter().map(plan).collect()
}

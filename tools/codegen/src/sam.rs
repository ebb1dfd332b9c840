//! Reads cfn-lint's JSON schemas of the `AWS::Serverless::*` (SAM) resource types.
//!
//! In these schemas a bare `{"type": "object"}` beside a scalar (`anyOf: [object, string]`)
//! stands for an intrinsic function (`Ref`, `Fn::GetAtt`, …). Our typed values carry
//! expressions already, so such a member is dropped and the property becomes a plain `Str`
//! (or `Bool`, `Num`, …). A bare object on its own, or beside non-scalars, is free-form JSON.
//!
//! Where the schemas and SAM's translator disagree (an event pattern typed as a string, a
//! property the translator takes and the schema lacks), `sam_overrides.rs` patches the schemas
//! before they are read.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value as J;

use crate::model::{simplify_union, Attr, Prop, Resource, Service, TagForm, Tagging, Ty, TypeDef};
use crate::sam_overrides;

pub const TRANSFORM: &str = "AWS::Serverless-2016-10-31";

pub fn read(dir: &Path, version: &str) -> Result<Service, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("AWS_Serverless_"))
        })
        .collect();
    files.sort();
    let mut schemas = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let schema: J = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        schemas.push(schema);
    }
    sam_overrides::apply(&mut schemas, sam_overrides::SAM)?;
    let mut resources: Vec<Resource> = schemas.iter().map(resource).collect();
    resources.sort_by(|a, b| a.cfn_type.cmp(&b.cfn_type));
    Ok(Service {
        module: "sam".into(),
        namespace: "AWS::Serverless".into(),
        resources,
        source: format!(
            "cfn-lint {version} (SAM schemas, patched by tools/codegen/src/sam_overrides.rs)"
        ),
    })
}

struct Ctx<'a> {
    defs: &'a serde_json::Map<String, J>,
    types: Vec<TypeDef>,
    by_def: HashMap<String, usize>,
    names: Vec<String>,
}

/// One SAM resource type from its JSON schema.
pub fn resource(schema: &J) -> Resource {
    let cfn_type = schema["typeName"].as_str().unwrap_or_default().to_string();
    let name = cfn_type.rsplit("::").next().unwrap_or_default().to_string();
    let empty = serde_json::Map::new();
    let mut cx = Ctx {
        defs: schema["definitions"].as_object().unwrap_or(&empty),
        types: Vec::new(),
        by_def: HashMap::new(),
        names: Vec::new(),
    };
    let read_only: Vec<String> = pointers(&schema["readOnlyProperties"]);
    let mut props = Vec::new();
    let mut attrs = Vec::new();
    let required = strings(&schema["required"]);
    for (pname, p) in schema["properties"].as_object().into_iter().flatten() {
        if read_only.contains(pname) {
            attrs.push(Attr {
                name: pname.clone(),
                doc: description(p),
                ty: Ty::String { allowed: vec![] },
            });
            continue;
        }
        let mut ty = cx.ty(p, pname);
        // SAM's `Tags` is a map of strings, written as a bare object in the schema.
        if pname == "Tags" && ty == Ty::Json {
            ty = Ty::Map(Box::new(Ty::String { allowed: vec![] }));
        }
        props.push(Prop {
            name: pname.clone(),
            doc: description(p),
            ty,
            required: required.contains(pname),
            deprecated: false,
            constant: None,
        });
    }
    props.sort_by(|a, b| a.name.cmp(&b.name));
    attrs.sort_by(|a, b| a.name.cmp(&b.name));
    let tagging = tagging(&props);
    Resource {
        tagging,
        doc: schema["description"]
            .as_str()
            .map(str::to_string)
            .or_else(|| {
                Some(format!(
                    "The SAM resource type `{cfn_type}`, expanded by the `{TRANSFORM}` transform."
                ))
            }),
        ref_returns: pointers(&schema["primaryIdentifier"]),
        cfn_type,
        name,
        props,
        attrs,
        types: cx.types,
        transform: Some(TRANSFORM.to_string()),
    }
}

/// How a SAM type takes tags: its `Tags` property's shape (a map of strings, or a list of
/// tags), and `PropagateTags` when the type has it.
fn tagging(props: &[Prop]) -> Option<Tagging> {
    let tags = props.iter().find(|p| p.name == "Tags")?;
    let form = match &tags.ty {
        Ty::Map(v) if matches!(**v, Ty::String { .. }) => TagForm::Map,
        Ty::Array(v) if **v == Ty::Tag => TagForm::Standard,
        _ => return None,
    };
    Some(Tagging {
        property: tags.name.clone(),
        form,
        propagate: props
            .iter()
            .find(|p| p.name == "PropagateTags" && p.ty == Ty::Boolean)
            .map(|p| p.name.clone()),
    })
}

fn strings(v: &J) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// `/properties/Arn` → `Arn` (top-level pointers only).
fn pointers(v: &J) -> Vec<String> {
    strings(v)
        .into_iter()
        .filter_map(|p| p.strip_prefix("/properties/").map(str::to_string))
        .filter(|p| !p.contains('/'))
        .collect()
}

fn description(p: &J) -> Option<String> {
    let direct = p["description"].as_str();
    direct
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn is_bare_object(s: &J) -> bool {
    s["type"] == "object"
        && s.get("properties").is_none()
        && s.get("additionalProperties").is_none_or(|a| a.is_boolean())
        && s.get("patternProperties").is_none()
}

fn is_scalar(t: &Ty) -> bool {
    match t {
        Ty::String { .. } | Ty::Integer | Ty::Number | Ty::Boolean => true,
        Ty::Array(e) => matches!(**e, Ty::String { .. }),
        _ => false,
    }
}

impl Ctx<'_> {
    fn claim(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.names.push(name.clone());
        name
    }

    fn def(&mut self, key: &str) -> Ty {
        if let Some(&i) = self.by_def.get(key) {
            return Ty::Ref(i);
        }
        let Some(schema) = self.defs.get(key).cloned() else {
            return Ty::Json;
        };
        let has_props = schema["properties"]
            .as_object()
            .is_some_and(|p| !p.is_empty());
        if !has_props {
            return self.ty(&schema, key);
        }
        let base = key.rsplit(['.', ':']).next().unwrap_or(key);
        let base = if self.names.iter().any(|n| n == base) {
            key.replace("AWS::", "").replace(['.', ':'], "")
        } else {
            base.to_string()
        };
        self.object(&schema, &base, Some(key))
    }

    /// An object schema with `properties` → a new property type.
    fn object(&mut self, schema: &J, base: &str, key: Option<&str>) -> Ty {
        let name = self.claim(base);
        let i = self.types.len();
        self.types.push(TypeDef {
            name,
            doc: description(schema),
            props: Vec::new(),
        });
        if let Some(k) = key {
            self.by_def.insert(k.to_string(), i);
        }
        let required = strings(&schema["required"]);
        let mut props = Vec::new();
        for (pname, p) in schema["properties"].as_object().into_iter().flatten() {
            let ty = self.ty(p, pname);
            let allowed = p["enum"].as_array().map(|a| a.len());
            let constant = match (&ty, allowed, required.contains(pname)) {
                (Ty::String { allowed }, Some(1), true) => allowed.first().cloned(),
                _ => None,
            };
            props.push(Prop {
                name: pname.clone(),
                doc: description(p),
                ty,
                required: required.contains(pname),
                deprecated: false,
                constant,
            });
        }
        props.sort_by(|a, b| a.name.cmp(&b.name));
        self.types[i].props = props;
        Ty::Ref(i)
    }

    fn ty(&mut self, s: &J, context: &str) -> Ty {
        if let Some(r) = s["$ref"].as_str() {
            let key = r.trim_start_matches("#/definitions/");
            return self.def(key);
        }
        for combinator in ["allOf", "anyOf", "oneOf"] {
            if let Some(members) = s[combinator].as_array() {
                if combinator == "allOf" && members.len() == 1 {
                    return self.ty(&members[0], context);
                }
                let bare = members.iter().any(is_bare_object);
                let item_context = format!("{context}Item");
                let typed: Vec<Ty> = members
                    .iter()
                    .filter(|m| !is_bare_object(m))
                    .map(|m| self.ty(m, &item_context))
                    .collect();
                let mut typed = match simplify_union(typed) {
                    Ty::Union(v) => v,
                    Ty::Json if members.iter().all(is_bare_object) => vec![],
                    one => vec![one],
                };
                if bare && !typed.iter().all(is_scalar) {
                    typed.push(Ty::Json);
                }
                return simplify_union(typed);
            }
        }
        if let Some(values) = s["enum"].as_array() {
            return Ty::String {
                allowed: values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            };
        }
        match &s["type"] {
            J::Array(kinds) => {
                let members = kinds
                    .iter()
                    .filter(|k| *k != "object" || kinds.len() == 1)
                    .map(|k| {
                        let mut one = s.clone();
                        one["type"] = k.clone();
                        self.ty(&one, context)
                    })
                    .collect();
                simplify_union(members)
            }
            J::String(k) => match k.as_str() {
                "string" => Ty::String { allowed: vec![] },
                "integer" => Ty::Integer,
                "number" => Ty::Number,
                "boolean" => Ty::Boolean,
                "array" => match s.get("items") {
                    Some(items) => Ty::Array(Box::new(self.ty(items, context))),
                    None => Ty::Array(Box::new(Ty::Json)),
                },
                "object" => {
                    if s["properties"].as_object().is_some_and(|p| !p.is_empty()) {
                        self.object(s, context, None)
                    } else if let Some(ap) = s.get("additionalProperties").filter(|a| a.is_object())
                    {
                        Ty::Map(Box::new(self.ty(ap, context)))
                    } else if let Some((_, pp)) = s["patternProperties"]
                        .as_object()
                        .and_then(|o| o.iter().next())
                    {
                        Ty::Map(Box::new(self.ty(pp, context)))
                    } else {
                        Ty::Json
                    }
                }
                _ => Ty::Json,
            },
            _ => Ty::Json,
        }
    }
}

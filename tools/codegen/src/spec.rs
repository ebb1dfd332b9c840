//! Reads the AWS service spec (`db.json.gz` from `@aws-cdk/aws-service-spec`).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use serde_json::Value as J;

use crate::model::{Attr, Prop, Resource, Service, TagForm, Tagging, Ty, TypeDef};

/// The parsed service database at `path` (gzipped JSON).
pub fn load(path: &Path) -> Result<J, String> {
    let mut gz = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut gz))
        .map_err(|e| format!("reading {}: {e}", path.display()))?;
    serde_json::from_slice(&gz).map_err(|e| format!("parsing {}: {e}", path.display()))
}

/// Every CloudFormation service of a parsed service database except `AWS::Serverless` (SAM
/// comes from cfn-lint's schemas, which are newer and complete) (`{"schema": {"service": …, "resource": …,
/// "typeDefinition": …, "hasResource": …, "usesType": …}}`).
pub fn from_db(db: &J, version: &str) -> Vec<Service> {
    let schema = &db["schema"];
    let by_id = |table: &str| -> HashMap<String, &J> {
        schema[table]["entities"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| (e["$id"].as_str().unwrap_or_default().to_string(), e))
            .collect()
    };
    let resources = by_id("resource");
    let typedefs = by_id("typeDefinition");
    let rel = |name: &str, id: &str| -> Vec<String> {
        schema[name]["forward"][id]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["$id"].as_str().map(str::to_string))
            .collect()
    };

    let mut services = Vec::new();
    for svc in schema["service"]["entities"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let namespace = svc["cloudFormationNamespace"].as_str().unwrap_or_default();
        if namespace == "AWS::Serverless" {
            continue;
        }
        let sid = svc["$id"].as_str().unwrap_or_default();
        let mut out = Vec::new();
        for rid in rel("hasResource", sid) {
            let r = resources[&rid];
            let type_ids = rel("usesType", &rid);
            let index: HashMap<&str, usize> = type_ids
                .iter()
                .enumerate()
                .map(|(i, t)| (t.as_str(), i))
                .collect();
            let types = type_ids
                .iter()
                .map(|t| {
                    let td = typedefs[t];
                    TypeDef {
                        name: td["name"].as_str().unwrap_or_default().to_string(),
                        doc: doc(td),
                        props: props(&td["properties"], &index),
                    }
                })
                .collect();
            let mut attrs: Vec<Attr> = r["attributes"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, a)| Attr {
                    name: name.clone(),
                    doc: doc(a),
                    ty: ty(&a["type"], &index),
                })
                .collect();
            attrs.sort_by(|a, b| a.name.cmp(&b.name));
            let ids = |k: &str| -> Vec<String> {
                r[k].as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            };
            let ref_returns = if r.get("cfnRefIdentifier").is_some() {
                ids("cfnRefIdentifier")
            } else {
                ids("primaryIdentifier")
            };
            out.push(Resource {
                cfn_type: r["cloudFormationType"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                name: r["name"].as_str().unwrap_or_default().to_string(),
                doc: doc(r),
                props: props(&r["properties"], &index),
                attrs,
                types,
                ref_returns,
                transform: r["cloudFormationTransform"].as_str().map(str::to_string),
                tagging: tagging(&r["tagInformation"]),
            });
        }
        if out.is_empty() {
            continue;
        }
        out.sort_by(|a, b| a.cfn_type.cmp(&b.cfn_type));
        services.push(Service {
            module: svc["shortName"].as_str().unwrap_or_default().to_string(),
            namespace: namespace.to_string(),
            resources: out,
            source: format!("@aws-cdk/aws-service-spec {version}"),
        });
    }
    services.sort_by(|a, b| a.module.cmp(&b.module));
    services
}

/// A resource's `tagInformation` (`{"tagPropertyName": "Tags", "variant": "standard"}`).
fn tagging(t: &J) -> Option<Tagging> {
    let form = match t["variant"].as_str()? {
        "standard" => TagForm::Standard,
        "map" => TagForm::Map,
        "asg" => TagForm::Asg,
        _ => return None,
    };
    Some(Tagging {
        property: t["tagPropertyName"].as_str()?.to_string(),
        form,
        propagate: None,
    })
}

fn doc(e: &J) -> Option<String> {
    e["documentation"]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn props(obj: &J, index: &HashMap<&str, usize>) -> Vec<Prop> {
    let mut out: Vec<Prop> = obj
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, p)| Prop {
            name: name.clone(),
            doc: doc(p),
            ty: ty(&p["type"], index),
            required: p["required"].as_bool().unwrap_or(false),
            deprecated: p.get("deprecated").is_some(),
            constant: None,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn ty(t: &J, index: &HashMap<&str, usize>) -> Ty {
    match t["type"].as_str().unwrap_or_default() {
        "string" | "date-time" => Ty::String {
            allowed: t["allowedValues"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        },
        "integer" => Ty::Integer,
        "number" => Ty::Number,
        "boolean" => Ty::Boolean,
        "tag" => Ty::Tag,
        "ref" => {
            let id = t["reference"]["$ref"].as_str().unwrap_or_default();
            index.get(id).map_or(Ty::Json, |&i| Ty::Ref(i))
        }
        "array" => Ty::Array(Box::new(ty(&t["element"], index))),
        "map" => Ty::Map(Box::new(ty(&t["element"], index))),
        "union" => {
            let mut members: Vec<Ty> = Vec::new();
            for m in t["types"].as_array().into_iter().flatten() {
                let m = ty(m, index);
                if !members.contains(&m) {
                    members.push(m);
                }
            }
            crate::model::simplify_union(members)
        }
        _ => Ty::Json,
    }
}

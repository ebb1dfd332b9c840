//! What the REST and HTTP API comparisons share: an API the translator generated with an
//! OpenAPI `Body` is paired with a plain API made of resources, and both read that `Body`'s
//! operations and find an API's resources through its id property.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{pair_label, single_ref, Both, Pairing, Tpl};

/// The OpenAPI operation keys that are HTTP methods, and the method each stands for.
pub(super) const OPERATIONS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("x-amazon-apigateway-any-method", "ANY"),
];

/// The resources of type `ty` of one side whose `id_property` (`RestApiId`, `ApiId`)
/// refers to `api`.
pub(super) fn of_api<'a>(t: &Tpl<'a>, ty: &str, id_property: &str, api: &str) -> Vec<&'a str> {
    t.ids_of_type(ty)
        .into_iter()
        .filter(|id| single_ref(t.prop(id, id_property)).as_deref() == Some(api))
        .collect()
}

/// The pairs of APIs of type `api_type` whose SAM side the translator generated (it has a
/// `Body`) and whose plain side is made of resources (no `Body`).
pub(super) fn body_pairs(
    sam: &Tpl<'_>,
    pln: &Tpl<'_>,
    pairing: &Pairing,
    api_type: &str,
) -> Vec<(String, String)> {
    sam.ids_of_type(api_type)
        .into_iter()
        .filter(|s| sam.prop(s, "Body").is_some())
        .filter_map(|s| {
            let p = pairing.plain_of(s)?;
            (pln.type_of(p) == Some(api_type) && pln.prop(p, "Body").is_none())
                .then(|| (s.to_string(), p.to_string()))
        })
        .collect()
}

/// For every paired API of type `api_type`, its stages (`stage_type`, found through
/// `id_property`) paired by `StageName`: (SAM stage, plain stage).
pub(super) fn stages_by_name(
    sam: &Tpl<'_>,
    pln: &Tpl<'_>,
    pairing: &Pairing,
    (api_type, stage_type, id_property): (&str, &str, &str),
) -> Vec<(String, String)> {
    let by_name = |t: &Tpl<'_>, api: &str| -> BTreeMap<String, String> {
        of_api(t, stage_type, id_property, api)
            .into_iter()
            .filter_map(|id| {
                Some((
                    t.prop(id, "StageName")?.as_str()?.to_string(),
                    id.to_string(),
                ))
            })
            .collect()
    };
    let mut out = Vec::new();
    for s_api in sam.ids_of_type(api_type) {
        let Some(p_api) = pairing.plain_of(s_api) else {
            continue;
        };
        if pln.type_of(p_api) != Some(api_type) {
            continue;
        }
        let p_stages = by_name(pln, p_api);
        for (name, s_stage) in by_name(sam, s_api) {
            if let Some(p_stage) = p_stages.get(&name) {
                out.push((s_stage, p_stage.clone()));
            }
        }
    }
    out
}

/// The plain resources of the types `types` of every plain API that a generated API's `Body`
/// stands for, which are not counted by type.
pub(super) fn expanded_into_body(
    sam: &Tpl<'_>,
    pln: &Tpl<'_>,
    pairing: &Pairing,
    (api_type, id_property): (&str, &str),
    types: &[&str],
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, p_api) in body_pairs(sam, pln, pairing, api_type) {
        for ty in types {
            out.extend(
                of_api(pln, ty, id_property, &p_api)
                    .into_iter()
                    .map(str::to_string),
            );
        }
    }
    out
}

/// What a comparison leaves out of a stage pair: its SAM-side properties, and both sides'
/// attributes.
pub(super) type StageIgnores = dyn Fn(
    &mut Map<String, Value>,
    &mut BTreeMap<&'static str, Value>,
    &mut BTreeMap<&'static str, Value>,
);

/// Compares the stages (`stage_type`, found through `id_property`) of the API pair
/// `(label, s_api, p_api)` property by property and attribute by attribute, after `ignore`;
/// a stage of either side without a counterpart is a difference. Adds the stages to
/// `covered` (SAM, plain).
pub(super) fn compare_stages(
    both: &Both<'_, '_, '_>,
    pairing: &Pairing,
    (label, s_api, p_api): (&str, &str, &str),
    (stage_type, id_property): (&str, &str),
    (covered_sam, covered_plain): (&mut BTreeSet<String>, &mut BTreeSet<String>),
    ignore: &StageIgnores,
    diffs: &mut Vec<String>,
) {
    let (sam, pln) = (both.sam.tpl, both.plain.tpl);
    for s_stage in of_api(sam, stage_type, id_property, s_api) {
        covered_sam.insert(s_stage.to_string());
        let Some(p_stage) = pairing.plain_of(s_stage) else {
            diffs.push(format!("{label}: stage `{s_stage}` of the SAM translation has no counterpart (no stage of the plain template's API has its name)"));
            continue;
        };
        covered_plain.insert(p_stage.to_string());
        let l = pair_label("stage", s_stage, p_stage);
        let mut s_props = both.sam.props(s_stage);
        let (mut sa, mut pa) = (both.sam.attributes(s_stage), both.plain.attributes(p_stage));
        ignore(&mut s_props, &mut sa, &mut pa);
        both.compare_maps(&l, "property", &s_props, &both.plain.props(p_stage), diffs);
        both.compare_maps(&l, "attribute", &sa, &pa, diffs);
    }
    for p_stage in of_api(pln, stage_type, id_property, p_api) {
        if !pairing.has_plain(p_stage) && covered_plain.insert(p_stage.to_string()) {
            diffs.push(format!("{label}: stage `{p_stage}` of the plain template has no counterpart in the SAM translation"));
        }
    }
}

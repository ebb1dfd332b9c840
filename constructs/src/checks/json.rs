//! Reading synthesized templates: references, cdk-nag's text form of intrinsics, policy
//! statements.

use serde_json::Value as Json;

/// The logical ID `v` refers to: `{"Ref": X}` or `{"Fn::GetAtt": [X, …]}` (also the string
/// form `"X.Attr"`); `None` for a pseudo parameter or anything else.
pub(super) fn target(v: &Json) -> Option<&str> {
    if let Some(r) = v.get("Ref").and_then(Json::as_str) {
        return (!r.starts_with("AWS::")).then_some(r);
    }
    match v.get("Fn::GetAtt")? {
        Json::Array(a) => a.first()?.as_str(),
        Json::String(s) => s.split('.').next(),
        _ => None,
    }
}

/// Every logical ID referenced anywhere inside `v` (`Ref`, `Fn::GetAtt`, `Fn::Sub`'s
/// `${X}` and `${X.Attr}`).
pub(super) fn targets(v: &Json, out: &mut Vec<String>) {
    if let Some(t) = target(v) {
        out.push(t.to_string());
        return;
    }
    match v {
        Json::Array(a) => a.iter().for_each(|x| targets(x, out)),
        Json::Object(m) => {
            if let Some(sub) = m.get("Fn::Sub") {
                let text = match sub {
                    Json::String(s) => Some(s.as_str()),
                    Json::Array(a) => a.first().and_then(Json::as_str),
                    _ => None,
                };
                if let Some(text) = text {
                    let mut rest = text;
                    while let Some(i) = rest.find("${") {
                        let after = &rest[i + 2..];
                        let Some(end) = after.find('}') else { break };
                        let name = after[..end].split('.').next().unwrap_or_default();
                        if !name.starts_with("AWS::") && !name.starts_with('!') {
                            out.push(name.to_string());
                        }
                        rest = &after[end..];
                    }
                }
            }
            m.values().for_each(|x| targets(x, out));
        }
        _ => {}
    }
}

/// Whether `v` refers to `id` anywhere inside it.
pub(super) fn refers_to(v: &Json, id: &str) -> bool {
    let mut out = Vec::new();
    targets(v, &mut out);
    out.iter().any(|t| t == id)
}

/// cdk-nag's text of a value in a finding's id: strings as they are, `Ref` as `<X>`,
/// `Fn::GetAtt` as `<X.Attr>`, `Fn::Join` joined, `Fn::Sub`'s `${X}` as `<X>`, an import as
/// `<Fn::ImportValue:name>`; anything else as compact JSON.
pub(super) fn flatten(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Object(m) => {
            if let Some(r) = m.get("Ref").and_then(Json::as_str) {
                return format!("<{r}>");
            }
            if let Some(Json::Array(a)) = m.get("Fn::GetAtt") {
                let parts: Vec<&str> = a.iter().filter_map(Json::as_str).collect();
                return format!("<{}>", parts.join("."));
            }
            if let Some(Json::Array(a)) = m.get("Fn::Join") {
                if let (Some(sep), Some(Json::Array(items))) =
                    (a.first().and_then(Json::as_str), a.get(1))
                {
                    return items.iter().map(flatten).collect::<Vec<_>>().join(sep);
                }
            }
            if let Some(sub) = m.get("Fn::Sub") {
                let text = match sub {
                    Json::String(s) => Some(s.as_str()),
                    Json::Array(a) => a.first().and_then(Json::as_str),
                    _ => None,
                };
                if let Some(t) = text {
                    return t.replace("${", "<").replace('}', ">");
                }
            }
            if let Some(name) = m.get("Fn::ImportValue") {
                return format!("<Fn::ImportValue:{}>", flatten(name));
            }
            v.to_string()
        }
        other => other.to_string(),
    }
}

/// `v` as a list: a list's items, or the value itself.
pub(super) fn as_list(v: Option<&Json>) -> Vec<&Json> {
    match v {
        Some(Json::Array(a)) => a.iter().collect(),
        Some(Json::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// The statements of a policy document.
pub(super) fn statements(doc: Option<&Json>) -> Vec<&Json> {
    as_list(doc.and_then(|d| d.get("Statement")))
}

/// Whether `v` is literally `true` (or the string `"true"`).
pub(super) fn is_true(v: Option<&Json>) -> bool {
    matches!(v, Some(Json::Bool(true))) || v.and_then(Json::as_str) == Some("true")
}

/// Whether `statement` denies requests without TLS (`Deny`, `aws:SecureTransport` `false`)
/// for every action of the service (one of `actions`) and every principal.
pub(super) fn denies_plain_http(statement: &Json, actions: &[&str]) -> bool {
    let deny = statement.get("Effect").and_then(Json::as_str) == Some("Deny");
    let insecure = statement
        .get("Condition")
        .and_then(|c| c.get("Bool"))
        .and_then(|b| b.get("aws:SecureTransport"))
        .is_some_and(|v| v == "false" || v == &Json::Bool(false));
    let all_actions = as_list(statement.get("Action"))
        .iter()
        .filter_map(|a| a.as_str())
        .any(|a| a == "*" || actions.contains(&a));
    deny && insecure && all_actions && any_principal(statement)
}

/// Whether `statement`'s principal is everyone (`"*"` or `{"AWS": "*"}`).
pub(super) fn any_principal(statement: &Json) -> bool {
    match statement.get("Principal") {
        Some(Json::String(s)) => s == "*",
        Some(Json::Object(m)) => m
            .get("AWS")
            .is_some_and(|a| as_list(Some(a)).iter().any(|p| p.as_str() == Some("*"))),
        _ => false,
    }
}

//! Reading the permissions a rendered template grants, for `diff`'s "IAM Statement Changes"
//! table ([`cdk_core::cli::PolicyReader`]): `cdk-core` knows no service, this module knows
//! where IAM puts statements.

use cdk_core::cli::{display_value, PolicyReader, PolicyStatement};
use cfn_l1::iam::{CfnManagedPolicy, CfnPolicy, CfnRole};
use cfn_l1::lambda::CfnPermission;
use serde_json::Value as Json;

use super::policy::grammar::{
    ACTION, ALLOW, AWS, CONDITION, EFFECT, PRINCIPAL, RESOURCE, STATEMENT,
};

/// The [`PolicyReader`] for templates of AWS resources:
/// - roles: their trust policy (on the role's ARN) and inline policies (principal: the role);
/// - `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy`: their statements, with the roles,
///   users and groups they are attached to as principals;
/// - any resource with a `PolicyDocument` property (bucket, queue and topic policies, …): its
///   statements with their own principals;
/// - `AWS::Lambda::Permission`: the invoke permission, with `SourceArn`/`SourceAccount` as
///   its condition.
///
/// References show as `${LogicalId}` / `${LogicalId.Attr}`, as AWS CDK's table does.
/// SAM's `Policies` on a function are not read (the transform expands them).
#[derive(Clone, Copy, Debug, Default)]
pub struct TemplatePolicies;

/// Template keys this reader looks at. A rendered template is JSON, not an L1 value, so the
/// names are written here once.
mod keys {
    pub const RESOURCES: &str = "Resources";
    pub const TYPE: &str = "Type";
    pub const PROPERTIES: &str = "Properties";
    pub const ASSUME_ROLE_POLICY_DOCUMENT: &str = "AssumeRolePolicyDocument";
    pub const POLICIES: &str = "Policies";
    pub const POLICY_DOCUMENT: &str = "PolicyDocument";
    pub const ATTACHED: [&str; 3] = ["Roles", "Users", "Groups"];
    pub const FUNCTION_NAME: &str = "FunctionName";
    pub const SOURCE_ARN: &str = "SourceArn";
    pub const SOURCE_ACCOUNT: &str = "SourceAccount";
    pub const NOT_ACTION: &str = "NotAction";
    pub const NOT_RESOURCE: &str = "NotResource";
}
use keys::*;

/// A value or a list of values as lines.
fn lines(v: Option<&Json>) -> String {
    match v {
        None => String::new(),
        Some(Json::Array(items)) => {
            let mut shown: Vec<String> = items.iter().map(display_value).collect();
            shown.sort();
            shown.join("\n")
        }
        Some(other) => display_value(other),
    }
}

/// A statement's `Principal` as `Kind:value` lines (`*` for anyone).
fn principal(p: &Json) -> String {
    match p {
        Json::Object(m) => {
            let mut out: Vec<String> = Vec::new();
            for (kind, v) in m {
                for line in lines(Some(v)).lines() {
                    out.push(format!("{kind}:{line}"));
                }
            }
            out.sort();
            out.join("\n")
        }
        other => display_value(other),
    }
}

/// The statements of a policy document, with `default_principal` / `default_resource` where
/// the statement has none.
fn document(
    doc: Option<&Json>,
    default_principal: &str,
    default_resource: &str,
    out: &mut Vec<PolicyStatement>,
) {
    let statements = match doc.and_then(|d| d.get(STATEMENT)) {
        Some(Json::Array(s)) => s.iter().collect::<Vec<_>>(),
        Some(one) => vec![one],
        None => return,
    };
    for s in statements {
        let action = match (s.get(ACTION), s.get(NOT_ACTION)) {
            (Some(a), _) => lines(Some(a)),
            (None, Some(n)) => format!("NOT {}", lines(Some(n))),
            _ => String::new(),
        };
        let resource = match (s.get(RESOURCE), s.get(NOT_RESOURCE)) {
            (Some(r), _) => lines(Some(r)),
            (None, Some(n)) => format!("NOT {}", lines(Some(n))),
            _ => default_resource.to_string(),
        };
        out.push(PolicyStatement {
            resource,
            effect: s.get(EFFECT).map(display_value).unwrap_or_default(),
            action,
            principal: s
                .get(PRINCIPAL)
                .map_or_else(|| default_principal.to_string(), principal),
            condition: s.get(CONDITION).map(display_value).unwrap_or_default(),
        });
    }
}

impl PolicyReader for TemplatePolicies {
    fn statements(&self, template: &Json) -> Vec<PolicyStatement> {
        let mut out = Vec::new();
        let Some(resources) = template.get(RESOURCES).and_then(Json::as_object) else {
            return out;
        };
        for (id, r) in resources {
            let ty = r.get(TYPE).and_then(Json::as_str).unwrap_or_default();
            let Some(p) = r.get(PROPERTIES) else { continue };
            if ty == CfnRole::CFN_TYPE {
                document(
                    p.get(ASSUME_ROLE_POLICY_DOCUMENT),
                    "",
                    &format!("${{{id}.Arn}}"),
                    &mut out,
                );
                for policy in p
                    .get(POLICIES)
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
                {
                    document(
                        policy.get(POLICY_DOCUMENT),
                        &format!("{AWS}:${{{id}}}"),
                        "",
                        &mut out,
                    );
                }
            } else if ty == CfnPolicy::CFN_TYPE || ty == CfnManagedPolicy::CFN_TYPE {
                let mut attached: Vec<String> = Vec::new();
                for key in ATTACHED {
                    for line in lines(p.get(key)).lines() {
                        attached.push(format!("{AWS}:{line}"));
                    }
                }
                attached.sort();
                document(p.get(POLICY_DOCUMENT), &attached.join("\n"), "", &mut out);
            } else if ty == CfnPermission::CFN_TYPE {
                let mut condition = serde_json::Map::new();
                if let Some(arn) = p.get(SOURCE_ARN) {
                    condition.insert(
                        "ArnLike".into(),
                        serde_json::json!({ "AWS:SourceArn": arn }),
                    );
                }
                if let Some(account) = p.get(SOURCE_ACCOUNT) {
                    condition.insert(
                        "StringEquals".into(),
                        serde_json::json!({ "AWS:SourceAccount": account }),
                    );
                }
                out.push(PolicyStatement {
                    resource: lines(p.get(FUNCTION_NAME)),
                    effect: ALLOW.into(),
                    action: lines(p.get(ACTION)),
                    principal: p
                        .get(PRINCIPAL)
                        .map(principal_of_permission)
                        .unwrap_or_default(),
                    condition: if condition.is_empty() {
                        String::new()
                    } else {
                        display_value(&Json::Object(condition))
                    },
                });
            } else if let Some(doc) = p.get(POLICY_DOCUMENT) {
                document(Some(doc), "", "", &mut out);
            }
        }
        out
    }
}

/// A permission's `Principal`: a service (`Service:…`), an account or ARN (`AWS:…`).
fn principal_of_permission(p: &Json) -> String {
    let shown = display_value(p);
    if shown.ends_with(".amazonaws.com") {
        format!("Service:{shown}")
    } else {
        format!("{AWS}:{shown}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn roles_policies_and_permissions() {
        let t = json!({"Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Action": "sts:AssumeRole",
                    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]}}},
            "Policy": {"Type": "AWS::IAM::Policy", "Properties": {
                "PolicyDocument": {"Statement": [{"Action": ["s3:PutObject", "s3:GetObject"],
                    "Effect": "Allow", "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": ["B", "Arn"]}, "/*"]]}}]},
                "Roles": [{"Ref": "Role"}]}},
            "Perm": {"Type": "AWS::Lambda::Permission", "Properties": {
                "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Fn", "Arn"]},
                "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["Rule", "Arn"]}}}
        }});
        let s = TemplatePolicies.statements(&t);
        let rows: Vec<String> = s
            .iter()
            .map(|s| {
                format!(
                    "{}|{}|{}|{}|{}",
                    s.resource, s.effect, s.action, s.principal, s.condition
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                "${Role.Arn}|Allow|sts:AssumeRole|Service:lambda.amazonaws.com|",
                "${B.Arn}/*|Allow|s3:GetObject\ns3:PutObject|AWS:${Role}|",
                "${Fn.Arn}|Allow|lambda:InvokeFunction|Service:events.amazonaws.com|{\"ArnLike\":{\"AWS:SourceArn\":\"${Rule.Arn}\"}}",
            ]
        );
    }
}

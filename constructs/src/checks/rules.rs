//! The rules: each a function from a stack's template to the (logical ID, detail) of its
//! findings.

use cdk_core::checks::{ResourceInput, StackInput};
use serde_json::Value as Json;

use super::json::{
    any_principal, as_list, denies_plain_http, flatten, is_true, refers_to, statements, target,
    targets,
};
use crate::lambda::Runtime;

/// A finding: the resource's logical ID and the detail.
type Hit = (String, Option<String>);

/// The findings of rule `code` (`S1`, `IAM5`, …).
pub(super) fn run(code: &str, s: &StackInput<'_>) -> Vec<Hit> {
    let hits = match code {
        "S1" => s1(s),
        "S2" => s2(s),
        "S10" => s10(s),
        "IAM4" => iam4(s),
        "IAM5" => iam5(s),
        "DDB3" => ddb3(s),
        "L1" => l1(s),
        "SQS3" => sqs3(s),
        "SQS4" => sqs4(s),
        "SNS2" => sns2(s),
        "SNS3" => sns3(s),
        "APIG1" => apig1(s),
        "APIG2" => apig2(s),
        "APIG4" => apig4(s),
        "APIG6" => apig6(s),
        "SF1" => sf1(s),
        "SF2" => sf2(s),
        "EVB1" => evb1(s),
        _ => Vec::new(),
    };
    let mut seen = Vec::new();
    hits.into_iter()
        .filter(|h| {
            let new = !seen.contains(h);
            if new {
                seen.push(h.clone());
            }
            new
        })
        .collect()
}

fn hit(r: &ResourceInput<'_>) -> Hit {
    (r.logical_id.to_string(), None)
}

/// The resources of `type_` for which `bad` holds.
fn where_<'a>(
    s: &StackInput<'a>,
    type_: &str,
    bad: impl Fn(&ResourceInput<'a>) -> bool,
) -> Vec<Hit> {
    s.resources_of_type(type_)
        .filter(|r| bad(r))
        .map(|r| hit(&r))
        .collect()
}

fn s1(s: &StackInput<'_>) -> Vec<Hit> {
    // Buckets other buckets log to.
    let log_targets: Vec<String> = s
        .resources_of_type("AWS::S3::Bucket")
        .filter_map(|r| r.at(&["LoggingConfiguration", "DestinationBucketName"]))
        .filter_map(|v| target(v).map(str::to_string))
        .collect();
    where_(s, "AWS::S3::Bucket", |r| {
        r.property("LoggingConfiguration").is_none()
            && !log_targets.iter().any(|t| t == r.logical_id)
    })
}

fn s2(s: &StackInput<'_>) -> Vec<Hit> {
    where_(s, "AWS::S3::Bucket", |r| {
        let block = r.property("PublicAccessBlockConfiguration");
        ![
            "BlockPublicAcls",
            "BlockPublicPolicy",
            "IgnorePublicAcls",
            "RestrictPublicBuckets",
        ]
        .iter()
        .all(|k| is_true(block.and_then(|b| b.get(*k))))
    })
}

/// Whether a policy resource of `policy_type` whose `targets_key` names `id` has a statement
/// denying plain HTTP for `actions`.
fn tls_enforced(
    s: &StackInput<'_>,
    policy_type: &str,
    targets_key: &str,
    id: &str,
    actions: &[&str],
) -> bool {
    s.resources_of_type(policy_type).any(|p| {
        p.property(targets_key).is_some_and(|t| refers_to(t, id))
            && statements(p.property("PolicyDocument"))
                .iter()
                .any(|st| denies_plain_http(st, actions))
    })
}

fn s10(s: &StackInput<'_>) -> Vec<Hit> {
    where_(s, "AWS::S3::Bucket", |r| {
        !tls_enforced(
            s,
            "AWS::S3::BucketPolicy",
            "Bucket",
            r.logical_id,
            &["s3:*"],
        )
    })
}

const PRINCIPALS: [&str; 3] = ["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"];

fn iam4(s: &StackInput<'_>) -> Vec<Hit> {
    let mut out = Vec::new();
    for r in s.resources().filter(|r| PRINCIPALS.contains(&r.type_)) {
        for arn in as_list(r.property("ManagedPolicyArns")) {
            let text = flatten(arn);
            if text.contains(":iam::aws:policy/") {
                out.push((r.logical_id.to_string(), Some(format!("Policy::{text}"))));
            }
        }
    }
    out
}

/// Every policy document of a resource: `PolicyDocument` of policies, `Policies[]` of
/// principals.
fn policy_documents<'a>(r: &ResourceInput<'a>) -> Vec<&'a Json> {
    match r.type_ {
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
            r.property("PolicyDocument").into_iter().collect()
        }
        t if PRINCIPALS.contains(&t) => as_list(r.property("Policies"))
            .into_iter()
            .filter_map(|p| p.get("PolicyDocument"))
            .collect(),
        _ => Vec::new(),
    }
}

fn iam5(s: &StackInput<'_>) -> Vec<Hit> {
    let mut out = Vec::new();
    for r in s.resources() {
        for doc in policy_documents(&r) {
            for st in statements(Some(doc)) {
                if st.get("Effect").and_then(Json::as_str) != Some("Allow") {
                    continue;
                }
                for a in as_list(st.get("Action")) {
                    let a = flatten(a);
                    if a.contains('*') {
                        out.push((r.logical_id.to_string(), Some(format!("Action::{a}"))));
                    }
                }
                for res in as_list(st.get("Resource")) {
                    let res = flatten(res);
                    if res.contains('*') {
                        out.push((r.logical_id.to_string(), Some(format!("Resource::{res}"))));
                    }
                }
            }
        }
    }
    out
}

fn ddb3(s: &StackInput<'_>) -> Vec<Hit> {
    where_(s, "AWS::DynamoDB::Table", |r| {
        !is_true(r.at(&[
            "PointInTimeRecoverySpecification",
            "PointInTimeRecoveryEnabled",
        ]))
    })
}

fn l1(s: &StackInput<'_>) -> Vec<Hit> {
    let outdated = |r: &ResourceInput<'_>| {
        let Some(name) = r.property("Runtime").and_then(Json::as_str) else {
            // An image function, or a runtime given as an expression.
            return false;
        };
        let runtime = Runtime::other(name);
        let latest = Runtime::KNOWN
            .iter()
            .rfind(|k| k.family() == runtime.family());
        let known = Runtime::KNOWN.iter().any(|k| k.name() == name);
        // A runtime newer than this crate knows is not outdated.
        known && latest.is_some_and(|l| l.name() != name)
    };
    let mut out = where_(s, "AWS::Lambda::Function", outdated);
    out.extend(where_(s, "AWS::Serverless::Function", outdated));
    out
}

fn sqs3(s: &StackInput<'_>) -> Vec<Hit> {
    // Every queue something uses as a dead-letter queue or failure destination.
    let mut dlqs = Vec::new();
    for r in s.resources() {
        if let Some(props) = r.json.get("Properties") {
            dead_letter_targets(props, &mut dlqs);
        }
    }
    where_(s, "AWS::SQS::Queue", |r| {
        r.property("RedrivePolicy").is_none() && !dlqs.iter().any(|d| d == r.logical_id)
    })
}

/// The logical IDs referenced below a key that names a dead-letter queue or a failure
/// destination (`RedrivePolicy.deadLetterTargetArn`, `DeadLetterConfig`, `OnFailure`).
fn dead_letter_targets(v: &Json, out: &mut Vec<String>) {
    match v {
        Json::Object(m) => {
            for (k, x) in m {
                let lower = k.to_ascii_lowercase();
                if lower.contains("deadletter") || lower == "onfailure" {
                    targets(x, out);
                } else {
                    dead_letter_targets(x, out);
                }
            }
        }
        Json::Array(a) => a.iter().for_each(|x| dead_letter_targets(x, out)),
        _ => {}
    }
}

fn sqs4(s: &StackInput<'_>) -> Vec<Hit> {
    where_(s, "AWS::SQS::Queue", |r| {
        !tls_enforced(
            s,
            "AWS::SQS::QueuePolicy",
            "Queues",
            r.logical_id,
            &["sqs:*"],
        )
    })
}

fn sns2(s: &StackInput<'_>) -> Vec<Hit> {
    where_(s, "AWS::SNS::Topic", |r| {
        r.property("KmsMasterKeyId").is_none()
    })
}

fn sns3(s: &StackInput<'_>) -> Vec<Hit> {
    where_(s, "AWS::SNS::Topic", |r| {
        !tls_enforced(
            s,
            "AWS::SNS::TopicPolicy",
            "Topics",
            r.logical_id,
            &["sns:Publish", "sns:*"],
        )
    })
}

fn apig1(s: &StackInput<'_>) -> Vec<Hit> {
    let mut out = where_(s, "AWS::ApiGateway::Stage", |r| {
        r.at(&["AccessLogSetting", "DestinationArn"]).is_none()
    });
    out.extend(where_(s, "AWS::ApiGatewayV2::Stage", |r| {
        r.at(&["AccessLogSettings", "DestinationArn"]).is_none()
    }));
    out
}

fn apig2(s: &StackInput<'_>) -> Vec<Hit> {
    where_(s, "AWS::ApiGateway::RestApi", |r| {
        !s.resources_of_type("AWS::ApiGateway::RequestValidator")
            .any(|v| {
                v.property("RestApiId")
                    .is_some_and(|a| refers_to(a, r.logical_id))
                    && (is_true(v.property("ValidateRequestBody"))
                        || is_true(v.property("ValidateRequestParameters")))
            })
    })
}

/// The protocol (`HTTP`, `WEBSOCKET`) of the `AWS::ApiGatewayV2::Api` that `api_id` names.
fn protocol<'a>(s: &StackInput<'a>, api_id: Option<&Json>) -> Option<&'a str> {
    let id = api_id.and_then(target)?;
    s.resource(id)?.property("ProtocolType")?.as_str()
}

fn unauthorized(r: &ResourceInput<'_>) -> bool {
    matches!(
        r.property("AuthorizationType").and_then(Json::as_str),
        None | Some("NONE")
    )
}

fn apig4(s: &StackInput<'_>) -> Vec<Hit> {
    let mut out = where_(s, "AWS::ApiGateway::Method", |r| {
        r.property("HttpMethod").and_then(Json::as_str) != Some("OPTIONS") && unauthorized(r)
    });
    out.extend(where_(s, "AWS::ApiGatewayV2::Route", |r| {
        let key = r
            .property("RouteKey")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let websocket = protocol(s, r.property("ApiId")) == Some("WEBSOCKET");
        let applies = if websocket {
            key == "$connect"
        } else {
            !key.starts_with("OPTIONS ")
        };
        applies && unauthorized(r)
    }));
    out
}

fn logs_executions(level: Option<&Json>) -> bool {
    matches!(level.and_then(Json::as_str), Some("ERROR" | "INFO"))
}

fn apig6(s: &StackInput<'_>) -> Vec<Hit> {
    let mut out = where_(s, "AWS::ApiGateway::Stage", |r| {
        !as_list(r.property("MethodSettings")).iter().any(|m| {
            m.get("HttpMethod").and_then(Json::as_str) == Some("*")
                && m.get("ResourcePath").and_then(Json::as_str) == Some("/*")
                && logs_executions(m.get("LoggingLevel"))
        })
    });
    out.extend(where_(s, "AWS::ApiGatewayV2::Stage", |r| {
        protocol(s, r.property("ApiId")) == Some("WEBSOCKET")
            && !logs_executions(r.at(&["DefaultRouteSettings", "LoggingLevel"]))
    }));
    out
}

fn sf1(s: &StackInput<'_>) -> Vec<Hit> {
    let mut out = where_(s, "AWS::StepFunctions::StateMachine", |r| {
        r.at(&["LoggingConfiguration", "Level"])
            .and_then(Json::as_str)
            != Some("ALL")
    });
    out.extend(where_(s, "AWS::Serverless::StateMachine", |r| {
        r.at(&["Logging", "Level"]).and_then(Json::as_str) != Some("ALL")
    }));
    out
}

fn sf2(s: &StackInput<'_>) -> Vec<Hit> {
    let mut out = where_(s, "AWS::StepFunctions::StateMachine", |r| {
        !is_true(r.at(&["TracingConfiguration", "Enabled"]))
    });
    out.extend(where_(s, "AWS::Serverless::StateMachine", |r| {
        !is_true(r.at(&["Tracing", "Enabled"]))
    }));
    out
}

fn evb1(s: &StackInput<'_>) -> Vec<Hit> {
    let open = |st: &Json| {
        st.get("Effect").and_then(Json::as_str) != Some("Deny")
            && any_principal(st)
            && st.get("Condition").is_none()
    };
    let mut out = where_(s, "AWS::Events::EventBusPolicy", |r| {
        // The legacy form: `Principal: "*"` and `Action`, no statement.
        let legacy = r.property("Principal").and_then(Json::as_str) == Some("*")
            && r.property("Condition").is_none()
            && r.property("Statement").is_none();
        legacy || r.property("Statement").is_some_and(&open)
    });
    out.extend(where_(s, "AWS::Events::EventBus", |r| {
        statements(r.property("Policy")).iter().any(|st| open(st))
    }));
    out
}

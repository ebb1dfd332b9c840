//! The built-in security pack: rules named and numbered like cdk-nag's `AwsSolutions` pack,
//! run over the synthesized templates.
//!
//! ```
//! use cdk_core::{App, Stack};
//! use constructs::checks::{aws_solutions, Checks};
//! use constructs::sqs::Queue;
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Jobs");
//! let queue = Queue::new(&stack, "Work").build();
//! let report = cdk_core::checks::run(&app, &[&aws_solutions()]).unwrap();
//! let ids: Vec<String> = report.errors().map(|f| f.id()).collect();
//! assert_eq!(ids, ["AwsSolutions-SQS3", "AwsSolutions-SQS4"]);
//!
//! Checks::of(&queue).acknowledge("AwsSolutions-SQS3", "a failed job is retried by its producer");
//! Checks::of(&queue).acknowledge("AwsSolutions-SQS4", "only AWS SDK clients, which always use TLS, send to it");
//! assert!(!cdk_core::checks::run(&app, &[&aws_solutions()]).unwrap().has_errors());
//! ```
//!
//! **How to use it.** `cdk_core::checks::run(&app, &[&aws_solutions()])` returns the report
//! (what a `check` command prints); `app.add_checks(aws_solutions())` registers the pack for
//! [`App::check`](cdk_core::App::check), and `app.set_checks_on_synth(true)` makes synthesis
//! run it (an unacknowledged error then fails synthesis; the report goes to
//! `synth-out/checks.json`). Acknowledge a finding with
//! [`Checks::of(&construct).acknowledge(id, reason)`](Checks::acknowledge): `id` is a rule
//! (`AwsSolutions-IAM5`) or one finding (`AwsSolutions-IAM5[Action::rekognition:*]`, as the
//! report shows it), and it covers the construct and everything below it.
//!
//! **What is checked.** The plain template of each stack (the SAM one for a SAM-only stack:
//! the Lambda and Step Functions rules read SAM's types too), so a rule sees what deploys,
//! overrides included. [`RULES`] lists every rule with its severity (cdk-nag's), what it
//! finds, why that matters and how to fix it. Findings that can occur several times in one
//! resource carry a detail in brackets: IAM4 the policy (`Policy::arn:<AWS::Partition>:iam::aws:policy/…`),
//! IAM5 the wildcard (`Action::s3:*`, `Resource::<Bucket.Arn>/*`), in cdk-nag's text of
//! intrinsics (`<X>` for `Ref`, `<X.Attr>` for `Fn::GetAtt`, `Fn::Join` joined).
//!
//! Where this pack is more precise than cdk-nag, on purpose: S1 skips a bucket that other
//! buckets log to (logging a log bucket into itself loops); SQS3 skips a queue that is a
//! dead-letter queue (of a queue, a function, a subscription, a rule target, a mapping's
//! on-failure destination); APIG4 skips CORS preflights (`OPTIONS`, which browsers send
//! without credentials) and WebSocket routes other than `$connect` (API Gateway authorizes
//! only the connection); APIG6 applies to REST and WebSocket stages (HTTP APIs have no
//! execution logs).

mod json;
mod rules;

use cdk_core::checks::{CheckPack, StackInput};
pub use cdk_core::checks::{Checks, Finding, Report, Severity};

/// The id of IAM4's finding on `AWSLambdaBasicExecutionRole`, the managed policy every
/// function's created role gets (log writing only), for acknowledging it.
pub const LAMBDA_BASIC_EXECUTION_ROLE: &str = "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]";

/// The id of IAM4's finding on `AWSCodeDeployRoleForLambda`, the managed policy of the
/// CodeDeploy service role of a function's deployment preference, for acknowledging it.
pub const CODEDEPLOY_ROLE_FOR_LAMBDA: &str = "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda]";

/// One rule of the pack.
#[derive(Clone, Copy, Debug)]
pub struct CheckRule {
    /// Its id, `AwsSolutions-<code>`.
    pub id: &'static str,
    /// cdk-nag's severity of it.
    pub severity: Severity,
    /// What a finding of it means.
    pub message: &'static str,
    /// Why that matters.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

/// Every rule of the pack, in cdk-nag's order.
pub const RULES: &[CheckRule] = &[
    CheckRule {
        id: "AwsSolutions-S1",
        severity: E,
        message: "the S3 bucket has server access logs disabled",
        why: "without access logs there is no record of who read or changed which object, for audits and incident response",
        fix: "log to another bucket with Bucket::server_access_logs(&log_bucket, Some(\"prefix/\"))",
    },
    CheckRule {
        id: "AwsSolutions-S2",
        severity: E,
        message: "the S3 bucket does not block public access",
        why: "a public ACL or bucket policy, set by mistake later, would expose the objects to the internet",
        fix: "keep the default BlockPublicAccess::BLOCK_ALL (all four PublicAccessBlockConfiguration switches on)",
    },
    CheckRule {
        id: "AwsSolutions-S10",
        severity: E,
        message: "the S3 bucket does not require TLS",
        why: "requests over plain HTTP expose data and credentials to anyone on the network path",
        fix: "keep Bucket::enforce_ssl(true) (the default): a bucket policy denying s3:* when aws:SecureTransport is false",
    },
    CheckRule {
        id: "AwsSolutions-IAM4",
        severity: E,
        message: "the IAM principal uses an AWS managed policy",
        why: "AWS managed policies are broad, and AWS changes them without notice; a policy of your own grants exactly what the code needs",
        fix: "replace the managed policy by statements of your own (iam::PolicyStatement), or acknowledge it for the policy it is (e.g. AWSLambdaBasicExecutionRole's log permissions)",
    },
    CheckRule {
        id: "AwsSolutions-IAM5",
        severity: E,
        message: "the IAM policy grants a wildcard action or resource",
        why: "a wildcard grants more than the code uses (today's and tomorrow's actions, every matching resource), which turns a compromised function into a larger breach",
        fix: "list the actions and resource ARNs the code needs; where the service has no resource-level permissions, acknowledge the finding with that reason",
    },
    CheckRule {
        id: "AwsSolutions-DDB3",
        severity: W,
        message: "the DynamoDB table does not have point-in-time recovery enabled",
        why: "without it, a bad write or delete cannot be undone; recovery restores the table to any second of the last 35 days",
        fix: "keep the default point-in-time recovery of dynamodb::Table (PointInTimeRecoveryEnabled: true)",
    },
    CheckRule {
        id: "AwsSolutions-L1",
        severity: E,
        message: "the Lambda function does not use the latest runtime of its family",
        why: "older runtimes reach deprecation sooner and stop getting security patches",
        fix: "move the function to the latest runtime of its family (e.g. Runtime::PYTHON_3_14, Runtime::NODEJS_24_X)",
    },
    CheckRule {
        id: "AwsSolutions-SQS3",
        severity: E,
        message: "the SQS queue is not a dead-letter queue and has no dead-letter queue",
        why: "a message that always fails is received again and again until it expires, blocking work and hiding the failure",
        fix: "give the queue a dead-letter queue (a redrive policy with maxReceiveCount), where failed messages wait for inspection",
    },
    CheckRule {
        id: "AwsSolutions-SQS4",
        severity: E,
        message: "the SQS queue does not require TLS",
        why: "requests over plain HTTP expose messages and credentials to anyone on the network path",
        fix: "add a queue policy statement denying sqs:* to every principal when aws:SecureTransport is false",
    },
    CheckRule {
        id: "AwsSolutions-SNS2",
        severity: E,
        message: "the SNS topic does not have server-side encryption enabled",
        why: "messages at rest in the topic are readable by whoever gets at the storage",
        fix: "keep the default encryption of sns::Topic (alias/aws/sns), or give it a KMS key",
    },
    CheckRule {
        id: "AwsSolutions-SNS3",
        severity: E,
        message: "the SNS topic does not require publishers to use TLS",
        why: "publishing over plain HTTP exposes messages and credentials to anyone on the network path",
        fix: "keep Topic::enforce_ssl(true) (the default): a topic policy denying sns:Publish when aws:SecureTransport is false",
    },
    CheckRule {
        id: "AwsSolutions-APIG1",
        severity: E,
        message: "the API stage does not have access logging enabled",
        why: "without access logs there is no record of who called the API, from where, and what it answered",
        fix: "give the stage an access log destination (a log group) and format",
    },
    CheckRule {
        id: "AwsSolutions-APIG2",
        severity: E,
        message: "the REST API does not have request validation enabled",
        why: "API Gateway passes malformed requests on to the backend, which then has to reject them itself (and pays for it)",
        fix: "add a request validator (body and/or parameters) to the API and use it on its methods",
    },
    CheckRule {
        id: "AwsSolutions-APIG4",
        severity: E,
        message: "the API route does not implement authorization",
        why: "anyone who finds the URL can call it",
        fix: "authorize the method or route (IAM, a Cognito user pool or JWT authorizer, a Lambda authorizer); acknowledge routes that are public by design",
    },
    CheckRule {
        id: "AwsSolutions-APIG6",
        severity: E,
        message: "the API stage does not have execution logging enabled for all methods",
        why: "without execution logs, failed integrations and authorizer errors cannot be diagnosed",
        fix: "set the stage's logging level to ERROR or INFO for every method (REST: method settings */*; WebSocket: default route settings)",
    },
    CheckRule {
        id: "AwsSolutions-SF1",
        severity: E,
        message: "the state machine does not log ALL events to CloudWatch Logs",
        why: "without full logs, an execution's path and each state's input and output cannot be reconstructed after the fact",
        fix: "give the state machine logs at level ALL (StateMachine::logs with LogLevel::All)",
    },
    CheckRule {
        id: "AwsSolutions-SF2",
        severity: E,
        message: "the state machine does not have X-Ray tracing enabled",
        why: "without traces, latency and errors across the services the workflow calls cannot be followed end to end",
        fix: "enable tracing on the state machine (StateMachine::tracing(true))",
    },
    CheckRule {
        id: "AwsSolutions-EVB1",
        severity: E,
        message: "the event bus policy allows any principal without a condition",
        why: "any AWS account could put events on the bus (or do what the statement allows), feeding your rules forged events",
        fix: "name the principals (accounts, an organization) or add a condition such as aws:PrincipalOrgID",
    },
];

/// The pack: `aws_solutions()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct AwsSolutions;

/// The `AwsSolutions` pack, every rule of [`RULES`] on.
pub fn aws_solutions() -> AwsSolutions {
    AwsSolutions
}

impl AwsSolutions {
    /// The rules of the pack.
    pub fn rules(&self) -> &'static [CheckRule] {
        RULES
    }
}

impl CheckPack for AwsSolutions {
    fn name(&self) -> &str {
        "AwsSolutions"
    }

    fn check(&self, stack: &StackInput<'_>) -> Vec<Finding> {
        let mut out = Vec::new();
        for rule in RULES {
            let code = rule.id.trim_start_matches("AwsSolutions-");
            for (logical_id, detail) in rules::run(code, stack) {
                let f = stack.finding(
                    &logical_id,
                    rule.id,
                    rule.severity,
                    rule.message,
                    rule.why,
                    rule.fix,
                );
                out.push(match detail {
                    Some(d) => f.with_detail(d),
                    None => f,
                });
            }
        }
        out
    }
}

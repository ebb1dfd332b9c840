//! The reference stack from the mission: an image labeller. Images uploaded to a bucket are
//! labelled by a Python function with Amazon Rekognition, and the labels stored in DynamoDB.
//!
//! The construct ids and the stack name are the ones of the AWS CDK app this was ported
//! from (`../shared/reference/rekognition-app.js`), so the bucket, role, role policy,
//! table, function and log group keep CDK's logical IDs: a stack deployed from TypeScript
//! CDK can move to this program without CloudFormation replacing them.
//!
//! One deliberate difference: S3 delivers the upload events through EventBridge (see
//! `S3EventSource`), which avoids the dependency cycle between the bucket notification and
//! the grant on the bucket without CDK's custom-resource Lambda.

use cdk_core::{App, CfnOutput, RemovalPolicy, Stack};
use constructs::checks::Checks;
use constructs::dynamodb::{Attribute, Table};
use constructs::iam::{PolicyStatement, Principal, Role};
use constructs::lambda::event_sources::S3EventSource;
use constructs::lambda::{Code, Function, Runtime};
use constructs::s3::{Bucket, EventType};

/// Adds the `CdkRekognitionStack` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "CdkRekognitionStack");
    stack.set_description(
        "Labels images uploaded to S3 with Amazon Rekognition; labels go to DynamoDB",
    );

    let bucket = Bucket::new(&stack, "cdk-rekn-imagebucket")
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    CfnOutput::new(&stack, "Bucket", bucket.bucket_name());

    let role = Role::new(
        &stack,
        "cdk-rekn-lambdarole",
        Principal::service("lambda.amazonaws.com"),
    )
    .build();
    role.add_to_policy(
        PolicyStatement::allow()
            .actions([
                "rekognition:*",
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
            ])
            .resources(["*"]),
    );

    let table = Table::new(&stack, "cdk-rekn-imagetable", Attribute::string("Image"))
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    CfnOutput::new(&stack, "Table", table.table_name());

    let func = Function::new(
        &stack,
        "cdk-rekn-function",
        Runtime::PYTHON_3_14,
        Code::from_asset("image-labeler/lambda"),
        "index.handler",
    )
    .role(&role)
    .env("TABLE", table.table_name())
    .env("BUCKET", bucket.bucket_name())
    .build();
    func.add_event_source(S3EventSource::new(&bucket, [EventType::ObjectCreated]));

    bucket.grant_read_write(&func);
    table.grant_full_access(&func);

    // The security pack's findings this stack accepts (`cargo run -- check`): the notes'
    // reference stack, resource for resource, with the grants it asks for.
    Checks::of(&bucket).acknowledge(
        "AwsSolutions-S1",
        "the notes' reference stack has no log bucket: its image bucket is a scratch upload area destroyed with the stack",
    );
    let policy = Checks::of(&role);
    for (id, reason) in [
        ("AwsSolutions-IAM5[Action::rekognition:*]", "the notes' role allows rekognition:*; Rekognition's image APIs (DetectLabels) have no resource-level permissions"),
        ("AwsSolutions-IAM5[Resource::*]", "Rekognition's image APIs have no resource-level permissions, and the notes grant the log actions on * as AWSLambdaBasicExecutionRole does"),
        ("AwsSolutions-IAM5[Action::dynamodb:*]", "the notes ask for table.grantFullAccess(fn), which is dynamodb:* on this one table's ARN"),
    ] {
        policy.acknowledge(id, reason);
    }
    for action in [
        "s3:Abort*",
        "s3:DeleteObject*",
        "s3:GetBucket*",
        "s3:GetObject*",
        "s3:List*",
    ] {
        policy.acknowledge(
            &format!("AwsSolutions-IAM5[Action::{action}]"),
            "bucket.grantReadWrite(fn), as the notes ask: AWS CDK's action groups, on this one bucket only",
        );
    }
    policy.acknowledge(
        &format!(
            "AwsSolutions-IAM5[Resource::<{}.Arn>/*]",
            bucket.cfn().resource().logical_id()
        ),
        "objects are addressed below their bucket's ARN; the grant covers this one bucket's objects",
    );
}

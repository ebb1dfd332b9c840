//! The reference stack: CDK's logical IDs, CDK's exact grant statements, and the
//! properties the mission asks for.

use cdk_core::assertions::{Match, Template};
use serde_json::{json, Value};

fn template() -> Template {
    let app = cdk_core::app!();
    examples::image_labeler::define(&app);
    let stack = app
        .stacks()
        .into_iter()
        .find(|s| s.stack_name() == "CdkRekognitionStack")
        .expect("the stack exists");
    Template::from_stack(&stack)
}

fn reference() -> Value {
    let path = cdk_validators::workspace_root()
        .join("../shared/reference/CdkRekognitionStack.template.json");
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).expect("reference JSON"),
        // The reference lives beside the repository, not in it; its facts are pinned below.
        Err(_) => Value::Null,
    }
}

#[test]
fn logical_ids_are_the_ones_aws_cdk_gives_the_same_construct_ids() {
    let t = template();
    let resources = t.to_json()["Resources"].as_object().unwrap().clone();
    for (id, type_) in [
        ("cdkreknimagebucketA588DC88", "AWS::S3::Bucket"),
        ("cdkreknlambdarole41F46FAD", "AWS::IAM::Role"),
        ("cdkreknlambdaroleDefaultPolicyBB0B80A9", "AWS::IAM::Policy"),
        ("cdkreknimagetable40EC84B0", "AWS::DynamoDB::Table"),
        ("cdkreknfunctionB9ACD525", "AWS::Lambda::Function"),
        ("cdkreknfunctionLogGroup8E457125", "AWS::Logs::LogGroup"),
    ] {
        assert_eq!(
            resources.get(id).map(|r| r["Type"].clone()),
            Some(json!(type_)),
            "{id} should be the {type_}"
        );
        let reference = reference();
        if !reference.is_null() {
            assert_eq!(reference["Resources"][id]["Type"], json!(type_));
        }
    }
}

#[test]
fn the_role_policy_is_exactly_what_aws_cdk_grants() {
    let t = template();
    let ours = &t.to_json()["Resources"]["cdkreknlambdaroleDefaultPolicyBB0B80A9"]["Properties"]
        ["PolicyDocument"];
    let expected = json!({
        "Statement": [
            {
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "rekognition:*"],
                "Effect": "Allow",
                "Resource": "*"
            },
            {
                "Action": [
                    "s3:Abort*", "s3:DeleteObject*", "s3:GetBucket*", "s3:GetObject*", "s3:List*",
                    "s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention",
                    "s3:PutObjectTagging", "s3:PutObjectVersionTagging"
                ],
                "Effect": "Allow",
                "Resource": [
                    {"Fn::GetAtt": ["cdkreknimagebucketA588DC88", "Arn"]},
                    {"Fn::Join": ["", [{"Fn::GetAtt": ["cdkreknimagebucketA588DC88", "Arn"]}, "/*"]]}
                ]
            },
            {
                "Action": "dynamodb:*",
                "Effect": "Allow",
                "Resource": {"Fn::GetAtt": ["cdkreknimagetable40EC84B0", "Arn"]}
            }
        ],
        "Version": "2012-10-17"
    });
    assert_eq!(*ours, expected);
    let reference = reference();
    if !reference.is_null() {
        assert_eq!(
            reference["Resources"]["cdkreknlambdaroleDefaultPolicyBB0B80A9"]["Properties"]
                ["PolicyDocument"],
            expected
        );
    }
}

#[test]
fn the_stack_has_what_the_mission_describes() {
    let t = template();
    // 1. A bucket deleted with the stack, and its name as an output.
    t.has_resource(
        "AWS::S3::Bucket",
        json!({"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"}),
    );
    t.has_output(
        "Bucket",
        json!({"Value": {"Ref": "cdkreknimagebucketA588DC88"}}),
    );
    // 2. A role Lambda can assume.
    t.has_resource_properties(
        "AWS::IAM::Role",
        json!({"AssumeRolePolicyDocument": {"Statement": [{
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"}
        }]}}),
    );
    // 3. A table keyed by `Image`, deleted with the stack, and its name as an output.
    t.has_resource(
        "AWS::DynamoDB::Table",
        json!({
            "Properties": {
                "KeySchema": [{"AttributeName": "Image", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "Image", "AttributeType": "S"}]
            },
            "DeletionPolicy": "Delete"
        }),
    );
    t.has_output(
        "Table",
        json!({"Value": {"Ref": "cdkreknimagetable40EC84B0"}}),
    );
    // 4. The Python function with the role and both names in its environment; it waits
    //    for its policy.
    t.has_resource(
        "AWS::Lambda::Function",
        json!({
            "Properties": {
                "Handler": "index.handler",
                "Runtime": "python3.14",
                "Role": {"Fn::GetAtt": ["cdkreknlambdarole41F46FAD", "Arn"]},
                "Environment": {"Variables": {
                    "TABLE": {"Ref": "cdkreknimagetable40EC84B0"},
                    "BUCKET": {"Ref": "cdkreknimagebucketA588DC88"}
                }}
            },
            "DependsOn": Match::array_with(json!(["cdkreknlambdaroleDefaultPolicyBB0B80A9"]))
        }),
    );
    // 5. Object-created events invoke the function.
    t.has_resource_properties(
        "AWS::Events::Rule",
        json!({"EventPattern": {
            "source": ["aws.s3"],
            "detail-type": ["Object Created"],
            "detail": {"bucket": {"name": [{"Ref": "cdkreknimagebucketA588DC88"}]}}
        }}),
    );
}

//! IAM roles built through the typed L1: properties, managed policies, the default policy and
//! its dependents.

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, CfnResource, Stack};
use constructs::iam::{ManagedPolicy, PolicyStatement, Principal, Role};
use serde_json::json;

mod support;
use support::property_order;

fn stack() -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    (app, stack)
}

#[test]
fn every_setting_renders_in_name_order() {
    let (_app, stack) = stack();
    let role = Role::new(&stack, "R", Principal::service("lambda.amazonaws.com"))
        .managed_policy(ManagedPolicy::from_arn("arn:aws:iam::aws:policy/A"))
        .managed_policy(ManagedPolicy::from_arn("arn:aws:iam::aws:policy/A"))
        .description("worker")
        .role_name("worker")
        .path("/app/")
        .max_session_duration(7200)
        .build();
    // Attached later: appended to the list, once.
    role.add_managed_policy(ManagedPolicy::from_arn("arn:aws:iam::aws:policy/B"));
    role.add_managed_policy(ManagedPolicy::from_arn("arn:aws:iam::aws:policy/B"));
    let t = Template::from_stack(&stack);
    let id = role.resource().logical_id();
    assert_eq!(
        property_order(&t, &id),
        [
            "AssumeRolePolicyDocument",
            "Description",
            "ManagedPolicyArns",
            "MaxSessionDuration",
            "Path",
            "RoleName",
        ]
    );
    t.has_resource_properties(
        "AWS::IAM::Role",
        json!({
            "AssumeRolePolicyDocument": {
                "Statement": [{
                    "Action": "sts:AssumeRole",
                    "Effect": "Allow",
                    "Principal": { "Service": "lambda.amazonaws.com" }
                }],
                "Version": "2012-10-17"
            },
            "Description": "worker",
            "ManagedPolicyArns": ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"],
            "MaxSessionDuration": 7200,
            "Path": "/app/",
            "RoleName": "worker"
        }),
    );
}

#[test]
fn a_managed_policy_added_after_build_lands_at_its_sorted_place() {
    let (_app, stack) = stack();
    let role = Role::new(&stack, "R", Principal::service("lambda.amazonaws.com"))
        .role_name("worker")
        .build();
    role.add_managed_policy(ManagedPolicy::aws("ReadOnlyAccess"));
    let t = Template::from_stack(&stack);
    assert_eq!(
        property_order(&t, &role.resource().logical_id()),
        ["AssumeRolePolicyDocument", "ManagedPolicyArns", "RoleName"]
    );
}

#[test]
fn the_default_policy_is_named_after_itself_and_waited_for() {
    let (_app, stack) = stack();
    let role = Role::new(&stack, "R", Principal::service("lambda.amazonaws.com")).build();
    let early = CfnResource::new(&stack, "Early", "AWS::SQS::Queue");
    role.add_dependent(&early);
    assert!(role.default_policy().is_none());
    role.add_to_policy(
        PolicyStatement::allow()
            .actions(["s3:GetObject"])
            .resources(["*"]),
    );
    role.add_to_policy(
        PolicyStatement::allow()
            .actions(["s3:GetObject"])
            .resources(["*"]),
    );
    role.add_to_policy(
        PolicyStatement::allow()
            .actions(["sqs:SendMessage"])
            .resources(["*"]),
    );
    let late = CfnResource::new(&stack, "Late", "AWS::SQS::Queue");
    role.add_dependent(&late);

    let t = Template::from_stack(&stack);
    let policy = role.default_policy().expect("created").logical_id();
    assert!(policy.starts_with("RDefaultPolicy"), "{policy}");
    assert_eq!(
        property_order(&t, &policy),
        ["PolicyDocument", "PolicyName", "Roles"]
    );
    t.has_resource(
        "AWS::IAM::Policy",
        json!({
            "Properties": Match::exact(json!({
                "PolicyDocument": {
                    "Statement": [
                        { "Action": "s3:GetObject", "Effect": "Allow", "Resource": "*" },
                        { "Action": "sqs:SendMessage", "Effect": "Allow", "Resource": "*" }
                    ],
                    "Version": "2012-10-17"
                },
                "PolicyName": policy,
                "Roles": [{ "Ref": role.resource().logical_id() }]
            })),
            "Metadata": { "aws:cdk:path": "S/R/DefaultPolicy/Resource" }
        }),
    );
    for dependent in [&early, &late] {
        assert_eq!(
            t.to_json()["Resources"][dependent.logical_id()]["DependsOn"],
            json!([policy])
        );
    }
}

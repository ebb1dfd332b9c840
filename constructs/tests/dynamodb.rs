//! `dynamodb::Table`: synthesized properties, grants, imports and validation, checked with
//! the assertions module (and cfn-lint on a fully-featured table).

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, CfnParameter, ParameterType, RemovalPolicy, Stack};
use constructs::dynamodb::{
    Attribute, CapacityScaling, Gsi, Lsi, Projection, StreamViewType, Table, TableClass,
    TableEncryption, TableLike,
};
use constructs::iam::{Principal, Role};
use serde_json::{json, Value};

const KEY_ARN: &str = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn app_and_stack() -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, "Data");
    (app, stack)
}

fn lambda_role(stack: &Stack, id: &str) -> Role {
    Role::new(stack, id, Principal::service("lambda.amazonaws.com")).build()
}

fn template(stack: &Stack) -> Value {
    Template::from_stack(stack).to_json().clone()
}

/// The `Properties` of `table` in its stack's template.
fn props(stack: &Stack, table: &Table) -> Value {
    template(stack)["Resources"][table.resource().logical_id()]["Properties"].clone()
}

/// The statements of `role`'s default policy.
fn statements(stack: &Stack, role: &Role) -> Vec<Value> {
    let policy = role
        .default_policy()
        .expect("the grant created a default policy");
    template(stack)["Resources"][policy.logical_id()]["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .expect("statements")
        .clone()
}

/// The synthesis error messages (path: message), or a panic if synthesis succeeds.
fn errors(app: &App) -> Vec<String> {
    let err = app.assemble().expect_err("synthesis should fail");
    err.diagnostics()
        .iter()
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect()
}

fn assert_error(app: &App, path: &str, needle: &str) {
    let errs = errors(app);
    assert!(
        errs.iter()
            .any(|e| e.starts_with(&format!("{path}: ")) && e.contains(needle)),
        "no error at `{path}` containing `{needle}`; errors:\n{}",
        errs.join("\n")
    );
}

fn table_arn(t: &Table) -> Value {
    json!({"Fn::GetAtt": [t.resource().logical_id(), "Arn"]})
}

fn index_arn(t: &Table) -> Value {
    json!({"Fn::Join": ["", [table_arn(t), "/index/*"]]})
}

// ---- defaults and keys --------------------------------------------------------------------

#[test]
fn defaults_on_demand_retain_pitr_on() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image")).build();
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::DynamoDB::Table", 1);
    t.has_resource(
        "AWS::DynamoDB::Table",
        json!({
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Metadata": {"aws:cdk:path": "Data/Labels/Resource"},
            "Properties": Match::object_equals(json!({
                "AttributeDefinitions": [{"AttributeName": "Image", "AttributeType": "S"}],
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "Image", "KeyType": "HASH"}],
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
            })),
        }),
    );
    // CDK's logical ID scheme: `Resource` hidden from the human part.
    assert_eq!(
        table.resource().logical_id(),
        cdk_core::logical_id::make_unique_id(&["Labels", "Resource"])
    );
    assert_eq!(table.partition_key(), &Attribute::string("Image"));
    assert!(table.sort_key().is_none());
    assert_eq!(table.encryption(), &TableEncryption::AwsOwned);
}

#[test]
fn table_name_and_arn_are_ref_and_get_att() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image")).build();
    cdk_core::CfnOutput::new(&stack, "Name", table.table_name());
    cdk_core::CfnOutput::new(&stack, "Arn", table.arn());
    let t = Template::from_stack(&stack);
    let id = table.resource().logical_id();
    t.has_output("Name", json!({"Value": {"Ref": id}}));
    t.has_output("Arn", json!({"Value": {"Fn::GetAtt": [id, "Arn"]}}));
}

#[test]
fn partition_and_sort_keys_exact() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Events", Attribute::binary("Device"))
        .sort_key(Attribute::number("At"))
        .build();
    let p = props(&stack, &table);
    assert_eq!(
        p["AttributeDefinitions"],
        json!([
            {"AttributeName": "Device", "AttributeType": "B"},
            {"AttributeName": "At", "AttributeType": "N"}
        ])
    );
    assert_eq!(
        p["KeySchema"],
        json!([
            {"AttributeName": "Device", "KeyType": "HASH"},
            {"AttributeName": "At", "KeyType": "RANGE"}
        ])
    );
    assert_eq!(table.sort_key().map(Attribute::name), Some("At"));
}

#[test]
fn removal_policies() {
    let (_app, stack) = app_and_stack();
    Table::new(&stack, "Scratch", Attribute::string("Id"))
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    Table::new(&stack, "Kept", Attribute::string("Id"))
        .removal_policy(RemovalPolicy::RetainOnUpdateOrDelete)
        .build();
    let t = Template::from_stack(&stack);
    t.has_resource(
        "AWS::DynamoDB::Table",
        json!({"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"}),
    );
    t.has_resource(
        "AWS::DynamoDB::Table",
        json!({"DeletionPolicy": "RetainExceptOnCreate", "UpdateReplacePolicy": "Retain"}),
    );
}

#[test]
fn snapshot_removal_policy_is_an_error() {
    let (app, stack) = app_and_stack();
    Table::new(&stack, "Labels", Attribute::string("Image"))
        .removal_policy(RemovalPolicy::Snapshot)
        .build();
    assert_error(&app, "Data/Labels", "snapshot removal policy");
}

// ---- options ------------------------------------------------------------------------------

#[test]
fn streams() {
    let (_app, stack) = app_and_stack();
    for (id, view, expected) in [
        ("A", StreamViewType::NewImage, "NEW_IMAGE"),
        ("B", StreamViewType::OldImage, "OLD_IMAGE"),
        ("C", StreamViewType::NewAndOldImages, "NEW_AND_OLD_IMAGES"),
        ("D", StreamViewType::KeysOnly, "KEYS_ONLY"),
    ] {
        let table = Table::new(&stack, id, Attribute::string("Id"))
            .stream(view)
            .build();
        assert_eq!(table.stream(), Some(view));
        assert_eq!(
            props(&stack, &table)["StreamSpecification"],
            json!({"StreamViewType": expected})
        );
        cdk_core::CfnOutput::new(&stack, &format!("{id}Stream"), table.stream_arn().unwrap());
        Template::from_stack(&stack).has_output(
            &format!("{id}Stream"),
            json!({"Value": {"Fn::GetAtt": [table.resource().logical_id(), "StreamArn"]}}),
        );
    }
    let plain = Table::new(&stack, "Plain", Attribute::string("Id")).build();
    assert!(plain.stream_arn().is_none());
    assert_eq!(props(&stack, &plain)["StreamSpecification"], Value::Null);
}

#[test]
fn time_to_live() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Sessions", Attribute::string("Id"))
        .time_to_live_attribute("expires")
        .build();
    assert_eq!(
        props(&stack, &table)["TimeToLiveSpecification"],
        json!({"AttributeName": "expires", "Enabled": true})
    );
}

#[test]
fn point_in_time_recovery_opt_out() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Scratch", Attribute::string("Id"))
        .point_in_time_recovery(false)
        .build();
    assert_eq!(
        props(&stack, &table)["PointInTimeRecoverySpecification"],
        json!({"PointInTimeRecoveryEnabled": false})
    );
}

#[test]
fn encryption_variants() {
    let (_app, stack) = app_and_stack();
    let owned = Table::new(&stack, "Owned", Attribute::string("Id"))
        .encryption(TableEncryption::AwsOwned)
        .build();
    let managed = Table::new(&stack, "Managed", Attribute::string("Id"))
        .encryption(TableEncryption::AwsManaged)
        .build();
    let cmk = Table::new(&stack, "Cmk", Attribute::string("Id"))
        .encryption(TableEncryption::customer_managed(KEY_ARN))
        .build();
    assert_eq!(props(&stack, &owned)["SSESpecification"], Value::Null);
    assert_eq!(
        props(&stack, &managed)["SSESpecification"],
        json!({"SSEEnabled": true})
    );
    assert_eq!(
        props(&stack, &cmk)["SSESpecification"],
        json!({"KMSMasterKeyId": KEY_ARN, "SSEEnabled": true, "SSEType": "KMS"})
    );
}

#[test]
fn deletion_protection_table_class_and_name() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Archive", Attribute::string("Id"))
        .deletion_protection(true)
        .table_class(TableClass::StandardInfrequentAccess)
        .table_name("archive-v1.prod_2")
        .build();
    let p = props(&stack, &table);
    assert_eq!(p["DeletionProtectionEnabled"], json!(true));
    assert_eq!(p["TableClass"], json!("STANDARD_INFREQUENT_ACCESS"));
    assert_eq!(p["TableName"], json!("archive-v1.prod_2"));

    let plain = Table::new(&stack, "Plain", Attribute::string("Id")).build();
    let p = props(&stack, &plain);
    for absent in ["DeletionProtectionEnabled", "TableClass", "TableName"] {
        assert_eq!(p[absent], Value::Null, "{absent} should not be written");
    }
}

#[test]
fn invalid_literal_table_names_are_errors() {
    for (name, needle) in [
        ("ab", "2 characters long"),
        ("my table", "characters DynamoDB does not allow"),
        (&"x".repeat(256), "256 characters long"),
    ] {
        let (app, stack) = app_and_stack();
        Table::new(&stack, "Labels", Attribute::string("Image"))
            .table_name(name)
            .build();
        assert_error(&app, "Data/Labels", needle);
    }
}

#[test]
fn table_name_from_a_parameter_is_not_checked_at_synth() {
    let (_app, stack) = app_and_stack();
    let name = CfnParameter::new(&stack, "TableName", ParameterType::String);
    let table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .table_name(name.value_as_string())
        .build();
    assert_eq!(
        props(&stack, &table)["TableName"],
        json!({"Ref": "TableName"})
    );
}

// ---- indexes ------------------------------------------------------------------------------

#[test]
fn global_and_local_indexes_exact() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .sort_key(Attribute::string("Label"))
        .global_secondary_index(
            Gsi::new("ByLabel", Attribute::string("Label"))
                .sort_key(Attribute::number("Confidence")),
        )
        .global_secondary_index(
            Gsi::new("ByOwner", Attribute::string("Owner")).projection(Projection::KeysOnly),
        )
        .local_secondary_index(
            Lsi::new("ByTime", Attribute::number("At"))
                .projection(Projection::include(["Owner", "Size", "Owner"])),
        )
        .build();
    let p = props(&stack, &table);
    // Each attribute once, in first-use order; `Label` is both a table and an index key.
    assert_eq!(
        p["AttributeDefinitions"],
        json!([
            {"AttributeName": "Image", "AttributeType": "S"},
            {"AttributeName": "Label", "AttributeType": "S"},
            {"AttributeName": "Confidence", "AttributeType": "N"},
            {"AttributeName": "Owner", "AttributeType": "S"},
            {"AttributeName": "At", "AttributeType": "N"}
        ])
    );
    assert_eq!(
        p["GlobalSecondaryIndexes"],
        json!([
            {
                "IndexName": "ByLabel",
                "KeySchema": [
                    {"AttributeName": "Label", "KeyType": "HASH"},
                    {"AttributeName": "Confidence", "KeyType": "RANGE"}
                ],
                "Projection": {"ProjectionType": "ALL"}
            },
            {
                "IndexName": "ByOwner",
                "KeySchema": [{"AttributeName": "Owner", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}
            }
        ])
    );
    assert_eq!(
        p["LocalSecondaryIndexes"],
        json!([{
            "IndexName": "ByTime",
            "KeySchema": [
                {"AttributeName": "Image", "KeyType": "HASH"},
                {"AttributeName": "At", "KeyType": "RANGE"}
            ],
            "Projection": {"NonKeyAttributes": ["Owner", "Size"], "ProjectionType": "INCLUDE"}
        }])
    );
}

#[test]
fn conflicting_attribute_types_are_an_error() {
    let (app, stack) = app_and_stack();
    Table::new(&stack, "Labels", Attribute::string("Image"))
        .global_secondary_index(Gsi::new("ByImage", Attribute::number("Image")))
        .build();
    assert_error(
        &app,
        "Data/Labels",
        "attribute `Image` is declared as S (the table's partition key) and as N (the partition key of index `ByImage`)",
    );
}

#[test]
fn local_index_without_table_sort_key_is_an_error() {
    let (app, stack) = app_and_stack();
    Table::new(&stack, "Labels", Attribute::string("Image"))
        .local_secondary_index(Lsi::new("ByTime", Attribute::number("At")))
        .build();
    assert_error(
        &app,
        "Data/Labels",
        "the table has 1 local secondary index but no sort key",
    );
}

#[test]
fn too_many_indexes_are_errors() {
    let (app, stack) = app_and_stack();
    let mut builder =
        Table::new(&stack, "Wide", Attribute::string("Pk")).sort_key(Attribute::string("Sk"));
    for i in 0..21 {
        builder =
            builder.global_secondary_index(Gsi::new(format!("Gsi{i}"), Attribute::string("G")));
    }
    for i in 0..6 {
        builder =
            builder.local_secondary_index(Lsi::new(format!("Lsi{i}"), Attribute::string("L")));
    }
    builder.build();
    assert_error(
        &app,
        "Data/Wide",
        "21 global secondary indexes; DynamoDB allows 20",
    );
    assert_error(
        &app,
        "Data/Wide",
        "6 local secondary indexes; DynamoDB allows 5",
    );
}

#[test]
fn twenty_global_and_five_local_indexes_are_fine() {
    let (app, stack) = app_and_stack();
    let mut builder =
        Table::new(&stack, "Wide", Attribute::string("Pk")).sort_key(Attribute::string("Sk"));
    for i in 0..20 {
        builder =
            builder.global_secondary_index(Gsi::new(format!("Gsi{i}"), Attribute::string("G")));
    }
    for i in 0..5 {
        builder =
            builder.local_secondary_index(Lsi::new(format!("Lsi{i}"), Attribute::string("L")));
    }
    builder.build();
    app.assemble().unwrap();
}

#[test]
fn index_name_and_projection_errors() {
    let (app, stack) = app_and_stack();
    let many: Vec<String> = (0..101).map(|i| format!("a{i}")).collect();
    Table::new(&stack, "Labels", Attribute::string("Image"))
        .sort_key(Attribute::string("Label"))
        .global_secondary_index(Gsi::new("Dup", Attribute::string("Label")))
        .local_secondary_index(Lsi::new("Dup", Attribute::string("Other")))
        .global_secondary_index(Gsi::new("x", Attribute::string("Label")))
        .global_secondary_index(
            Gsi::new("Empty", Attribute::string("Label"))
                .projection(Projection::include(Vec::<String>::new())),
        )
        .global_secondary_index(
            Gsi::new("Wide", Attribute::string("Label")).projection(Projection::include(many)),
        )
        .global_secondary_index(
            Gsi::new("Same", Attribute::string("Label")).sort_key(Attribute::string("Label")),
        )
        .build();
    assert_error(&app, "Data/Labels", "there are two indexes named `Dup`");
    assert_error(&app, "Data/Labels", "index name `x` is 1 characters long");
    assert_error(
        &app,
        "Data/Labels",
        "index `Empty` projects INCLUDE with no attributes",
    );
    assert_error(
        &app,
        "Data/Labels",
        "project 101 non-key attributes in all; DynamoDB allows 100",
    );
    assert_error(
        &app,
        "Data/Labels",
        "index `Same` uses `Label` as both partition and sort key",
    );
}

#[test]
fn key_errors() {
    let (app, stack) = app_and_stack();
    Table::new(&stack, "Labels", Attribute::string("Image"))
        .sort_key(Attribute::string("Image"))
        .local_secondary_index(Lsi::new("ByImage", Attribute::string("Image")))
        .time_to_live_attribute("")
        .build();
    Table::new(&stack, "Blank", Attribute::string("")).build();
    assert_error(
        &app,
        "Data/Labels",
        "the sort key `Image` is also the partition key",
    );
    assert_error(
        &app,
        "Data/Labels",
        "local index `ByImage` sorts by `Image`, the table's partition key",
    );
    assert_error(
        &app,
        "Data/Labels",
        "the time-to-live attribute name is empty",
    );
    assert_error(
        &app,
        "Data/Blank",
        "the name of the table's partition key is empty",
    );
}

// ---- provisioned capacity -----------------------------------------------------------------

#[test]
fn provisioned_capacity_and_index_capacity() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Orders", Attribute::string("Id"))
        .provisioned(10, 4)
        .read_capacity(12)
        .global_secondary_index(Gsi::new("Inherits", Attribute::string("A")))
        .global_secondary_index(Gsi::new("Own", Attribute::string("B")).provisioned(3, 2))
        .build();
    let p = props(&stack, &table);
    assert_eq!(
        p["BillingMode"],
        Value::Null,
        "provisioned is CloudFormation's default"
    );
    assert_eq!(
        p["ProvisionedThroughput"],
        json!({"ReadCapacityUnits": 12, "WriteCapacityUnits": 4})
    );
    assert_eq!(
        p["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"],
        json!({"ReadCapacityUnits": 12, "WriteCapacityUnits": 4})
    );
    assert_eq!(
        p["GlobalSecondaryIndexes"][1]["ProvisionedThroughput"],
        json!({"ReadCapacityUnits": 3, "WriteCapacityUnits": 2})
    );
}

#[test]
fn on_demand_indexes_have_no_throughput() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Orders", Attribute::string("Id"))
        .global_secondary_index(Gsi::new("ByA", Attribute::string("A")))
        .build();
    let p = props(&stack, &table);
    assert_eq!(p["ProvisionedThroughput"], Value::Null);
    assert_eq!(
        p["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"],
        Value::Null
    );
}

#[test]
fn zero_capacity_is_an_error() {
    let (app, stack) = app_and_stack();
    Table::new(&stack, "Orders", Attribute::string("Id"))
        .provisioned(0, 5)
        .global_secondary_index(Gsi::new("Own", Attribute::string("B")).provisioned(1, 0))
        .build();
    assert_error(
        &app,
        "Data/Orders",
        "the table has 0 read and 5 write capacity units",
    );
    assert_error(
        &app,
        "Data/Orders",
        "index `Own` has 1 read and 0 write capacity units",
    );
}

#[test]
fn auto_scaling_like_cdk() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Orders", Attribute::string("Id"))
        .provisioned(5, 5)
        .auto_scale_read_capacity(CapacityScaling::new(5, 50))
        .auto_scale_write_capacity(CapacityScaling::new(2, 20).target_utilization_percent(60))
        .build();
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::ApplicationAutoScaling::ScalableTarget", 2);
    t.resource_count_is("AWS::ApplicationAutoScaling::ScalingPolicy", 2);
    let table_id = table.resource().logical_id();
    let read_target =
        cdk_core::logical_id::make_unique_id(&["Orders", "ReadScaling", "Target", "Resource"]);
    t.has_resource_properties(
        "AWS::ApplicationAutoScaling::ScalableTarget",
        json!({
            "MaxCapacity": 50,
            "MinCapacity": 5,
            "ResourceId": {"Fn::Join": ["", ["table/", {"Ref": table_id}]]},
            "RoleARN": {"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"},
                ":role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable"
            ]]},
            "ScalableDimension": "dynamodb:table:ReadCapacityUnits",
            "ServiceNamespace": "dynamodb",
        }),
    );
    t.has_resource_properties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        json!({
            "PolicyName": cdk_core::logical_id::make_unique_id(&["Orders", "ReadScaling", "Target", "Tracking"]),
            "PolicyType": "TargetTrackingScaling",
            "ScalingTargetId": {"Ref": read_target},
            "TargetTrackingScalingPolicyConfiguration": {
                "PredefinedMetricSpecification": {"PredefinedMetricType": "DynamoDBReadCapacityUtilization"},
                "TargetValue": 70,
            },
        }),
    );
    t.has_resource_properties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        json!({
            "TargetTrackingScalingPolicyConfiguration": {
                "PredefinedMetricSpecification": {"PredefinedMetricType": "DynamoDBWriteCapacityUtilization"},
                "TargetValue": 60,
            },
        }),
    );
}

#[test]
fn invalid_auto_scaling_is_an_error() {
    let (app, stack) = app_and_stack();
    Table::new(&stack, "Orders", Attribute::string("Id"))
        .provisioned(5, 5)
        .auto_scale_read_capacity(CapacityScaling::new(10, 5))
        .auto_scale_write_capacity(CapacityScaling::new(1, 5).target_utilization_percent(95))
        .build();
    assert_error(
        &app,
        "Data/Orders/ReadScaling",
        "auto scaling between 10 and 5 capacity units",
    );
    assert_error(
        &app,
        "Data/Orders/WriteScaling",
        "target utilization 95% is outside 10-90%",
    );
}

// ---- grants -------------------------------------------------------------------------------

#[test]
fn full_access_matches_the_reference_template() {
    // The reference stack's ids, so logical IDs (and the statement) are CDK's own.
    let app = App::new();
    let stack = Stack::new(&app, "CdkRekognitionStack");
    let table = Table::new(&stack, "cdk-rekn-imagetable", Attribute::string("Image"))
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let role = lambda_role(&stack, "cdk-rekn-lambdarole");
    table.grant_full_access(&role);

    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/reference/CdkRekognitionStack.template.json"),
        )
        .or_else(|_| {
            std::fs::read_to_string("/work/shared/reference/CdkRekognitionStack.template.json")
        })
        .expect("the reference template"),
    )
    .unwrap();
    let ref_resources = &reference["Resources"];
    let ref_statement = ref_resources["cdkreknlambdaroleDefaultPolicyBB0B80A9"]["Properties"]
        ["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Action"] == "dynamodb:*")
        .unwrap()
        .clone();

    assert_eq!(table.resource().logical_id(), "cdkreknimagetable40EC84B0");
    assert_eq!(statements(&stack, &role), vec![ref_statement]);

    // The table itself: the reference's keys and removal policy (billing differs by design).
    let ours = &template(&stack)["Resources"]["cdkreknimagetable40EC84B0"];
    let theirs = &ref_resources["cdkreknimagetable40EC84B0"];
    for key in ["DeletionPolicy", "UpdateReplacePolicy", "Metadata"] {
        assert_eq!(ours[key], theirs[key], "{key}");
    }
    for key in ["AttributeDefinitions", "KeySchema"] {
        assert_eq!(ours["Properties"][key], theirs["Properties"][key], "{key}");
    }
}

#[test]
fn read_write_and_read_write_data_actions() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image")).build();
    let (r, w, rw) = (
        lambda_role(&stack, "Reader"),
        lambda_role(&stack, "Writer"),
        lambda_role(&stack, "Both"),
    );
    let grant = table.grant_read_data(&r);
    table.grant_write_data(&w);
    table.grant_read_write_data(&rw);
    assert_eq!(grant.statement().actions_list().len(), 8);
    assert_eq!(
        statements(&stack, &r),
        vec![json!({
            "Action": [
                "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
                "dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                "dynamodb:Query", "dynamodb:Scan"
            ],
            "Effect": "Allow",
            "Resource": table_arn(&table),
        })]
    );
    assert_eq!(
        statements(&stack, &w),
        vec![json!({
            "Action": [
                "dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable",
                "dynamodb:PutItem", "dynamodb:UpdateItem"
            ],
            "Effect": "Allow",
            "Resource": table_arn(&table),
        })]
    );
    assert_eq!(
        statements(&stack, &rw),
        vec![json!({
            "Action": [
                "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
                "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem",
                "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:PutItem",
                "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"
            ],
            "Effect": "Allow",
            "Resource": table_arn(&table),
        })]
    );
}

#[test]
fn grants_cover_indexes_when_the_table_has_them() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .global_secondary_index(Gsi::new("ByLabel", Attribute::string("Label")))
        .build();
    let role = lambda_role(&stack, "Fn");
    table.grant_full_access(&role);
    assert_eq!(
        statements(&stack, &role),
        vec![json!({
            "Action": "dynamodb:*",
            "Effect": "Allow",
            "Resource": [table_arn(&table), index_arn(&table)],
        })]
    );
}

#[test]
fn customer_managed_key_grants_key_actions() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Secrets", Attribute::string("Id"))
        .encryption(TableEncryption::customer_managed(KEY_ARN))
        .stream(StreamViewType::KeysOnly)
        .build();
    let (r, w, full, s) = (
        lambda_role(&stack, "R"),
        lambda_role(&stack, "W"),
        lambda_role(&stack, "F"),
        lambda_role(&stack, "S"),
    );
    table.grant_read_data(&r);
    table.grant_write_data(&w);
    table.grant_full_access(&full);
    table.grant_stream_read(&s);
    let read_key = json!({"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow", "Resource": KEY_ARN});
    let write_key = json!({
        "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        "Effect": "Allow",
        "Resource": KEY_ARN,
    });
    assert_eq!(statements(&stack, &r)[1], read_key);
    assert_eq!(statements(&stack, &w)[1], write_key);
    assert_eq!(statements(&stack, &full)[1], write_key);
    assert_eq!(statements(&stack, &s)[1], read_key);
}

#[test]
fn aws_managed_key_needs_no_key_grant() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .encryption(TableEncryption::AwsManaged)
        .build();
    let role = lambda_role(&stack, "Fn");
    table.grant_read_write_data(&role);
    assert_eq!(statements(&stack, &role).len(), 1);
}

#[test]
fn stream_read_is_scoped_to_the_tables_streams() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .stream(StreamViewType::NewAndOldImages)
        .build();
    let role = lambda_role(&stack, "Fn");
    let grant = table.grant_stream_read(&role);
    assert_eq!(
        grant.statement().actions_list(),
        [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator"
        ]
    );
    assert_eq!(
        statements(&stack, &role),
        vec![
            json!({
                "Action": "dynamodb:ListStreams",
                "Effect": "Allow",
                "Resource": {"Fn::Join": ["", [table_arn(&table), "/stream/*"]]},
            }),
            json!({
                "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                "Effect": "Allow",
                "Resource": {"Fn::GetAtt": [table.resource().logical_id(), "StreamArn"]},
            }),
        ]
    );
}

#[test]
fn stream_read_without_a_stream_is_an_error() {
    let (app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image")).build();
    table.grant_stream_read(&lambda_role(&stack, "Fn"));
    assert_error(
        &app,
        "Data/Labels",
        "grant_stream_read: the table has no stream",
    );
}

#[test]
fn no_grant_ever_names_star() {
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .sort_key(Attribute::string("Label"))
        .local_secondary_index(Lsi::new("ByTime", Attribute::number("At")))
        .stream(StreamViewType::NewImage)
        .encryption(TableEncryption::customer_managed(KEY_ARN))
        .build();
    let role = lambda_role(&stack, "Fn");
    table.grant_read_data(&role);
    table.grant_write_data(&role);
    table.grant_read_write_data(&role);
    table.grant_full_access(&role);
    table.grant_stream_read(&role);
    table.grant(&role, &["dynamodb:PartiQLSelect"]);
    let all = statements(&stack, &role);
    assert!(all.len() >= 6);
    for s in &all {
        let text = s["Resource"].to_string();
        assert!(!text.contains("\"*\""), "a statement on `*`: {s}");
    }
}

#[test]
fn grants_through_the_trait() {
    fn grant_reader(table: &impl TableLike, role: &Role) {
        table.grant_read_data(role);
    }
    let (_app, stack) = app_and_stack();
    let table = Table::new(&stack, "Labels", Attribute::string("Image")).build();
    let imported = Table::from_table_name(&stack, "Old", "old-labels");
    let role = lambda_role(&stack, "Fn");
    grant_reader(&table, &role);
    grant_reader(&imported, &role);
    assert_eq!(statements(&stack, &role).len(), 2);
}

// ---- imported tables ----------------------------------------------------------------------

#[test]
fn imported_by_name() {
    let (_app, stack) = app_and_stack();
    let orders = Table::from_table_name(&stack, "Orders", "orders-prod").with_indexes();
    let role = lambda_role(&stack, "Fn");
    orders.grant_read_write_data(&role);
    let arn = json!({"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":dynamodb:", {"Ref": "AWS::Region"}, ":",
        {"Ref": "AWS::AccountId"}, ":table/orders-prod"
    ]]});
    let stmts = statements(&stack, &role);
    assert_eq!(stmts.len(), 1);
    assert_eq!(
        stmts[0]["Resource"],
        json!([arn, {"Fn::Join": ["", [arn, "/index/*"]]}])
    );
    Template::from_stack(&stack).resource_count_is("AWS::DynamoDB::Table", 0);
}

#[test]
fn imported_by_parameter_name() {
    let (_app, stack) = app_and_stack();
    let name = CfnParameter::new(&stack, "OrdersName", ParameterType::String);
    let orders = Table::from_table_name(&stack, "Orders", name.value_as_string());
    let role = lambda_role(&stack, "Fn");
    orders.grant_write_data(&role);
    assert_eq!(
        statements(&stack, &role)[0]["Resource"],
        json!({"Fn::Join": ["", [
            "arn:", {"Ref": "AWS::Partition"}, ":dynamodb:", {"Ref": "AWS::Region"}, ":",
            {"Ref": "AWS::AccountId"}, ":table/", {"Ref": "OrdersName"}
        ]]})
    );
}

#[test]
fn imported_by_arn_with_stream_and_key() {
    let (_app, stack) = app_and_stack();
    let arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
    let stream =
        "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000";
    let orders = Table::from_table_arn(&stack, "Orders", arn)
        .with_stream_arn(stream)
        .with_encryption_key(KEY_ARN);
    cdk_core::CfnOutput::new(&stack, "Name", orders.table_name());
    let role = lambda_role(&stack, "Fn");
    orders.grant_stream_read(&role);
    assert_eq!(orders.stream_arn(), Some(cdk_core::Str::from(stream)));
    Template::from_stack(&stack).has_output("Name", json!({"Value": "orders"}));
    assert_eq!(
        statements(&stack, &role),
        vec![
            json!({
                "Action": "dynamodb:ListStreams",
                "Effect": "Allow",
                "Resource": {"Fn::Join": ["", [arn, "/stream/*"]]},
            }),
            json!({"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow", "Resource": KEY_ARN}),
            json!({
                "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                "Effect": "Allow",
                "Resource": stream,
            }),
        ]
    );
}

#[test]
fn imported_by_token_arn_splits_out_the_name() {
    let (_app, stack) = app_and_stack();
    let param = CfnParameter::new(&stack, "OrdersArn", ParameterType::String);
    let orders = Table::from_table_arn(&stack, "Orders", param.value_as_string());
    orders.grant_read_data(&lambda_role(&stack, "Fn"));
    cdk_core::CfnOutput::new(&stack, "Name", orders.table_name());
    Template::from_stack(&stack).has_output(
        "Name",
        json!({"Value": {"Fn::Select": [1, {"Fn::Split": ["/", {"Fn::Select": [5, {"Fn::Split": [":", {"Ref": "OrdersArn"}]}]}]}]}}),
    );
}

#[test]
fn imported_validation_errors() {
    let (app, stack) = app_and_stack();
    Table::from_table_arn(&stack, "NotATable", "arn:aws:s3:::bucket");
    Table::from_table_name(&stack, "BadName", "no spaces please");
    let plain = Table::from_table_name(&stack, "NoStream", "orders");
    plain.grant_stream_read(&lambda_role(&stack, "Fn"));
    assert_error(
        &app,
        "Data/NotATable",
        "`arn:aws:s3:::bucket` is not a DynamoDB table ARN",
    );
    assert_error(
        &app,
        "Data/BadName",
        "table name `no spaces please` contains characters",
    );
    assert_error(
        &app,
        "Data/NoStream",
        "grant_stream_read: the table has no stream",
    );
}

#[test]
fn all_errors_are_reported_together() {
    let (app, stack) = app_and_stack();
    Table::new(&stack, "A", Attribute::string("Id"))
        .table_name("x")
        .removal_policy(RemovalPolicy::Snapshot)
        .build();
    Table::new(&stack, "B", Attribute::string("Id"))
        .local_secondary_index(Lsi::new("ByX", Attribute::string("X")))
        .build();
    let err = app.assemble().unwrap_err().to_string();
    assert!(err.contains("3 errors"), "{err}");
    assert!(err.contains("Data/A: table name `x`"), "{err}");
    assert!(
        err.contains("Data/B: the table has 1 local secondary index"),
        "{err}"
    );
}

// ---- external validation ------------------------------------------------------------------

/// A fully-featured table (and a provisioned, auto-scaled one) passes cfn-lint with no
/// errors, warnings or informational findings. The validators are installed on first use
/// (`cdk_validators`, `tools/validators/ensure.sh`); a failed install fails the test.
#[test]
fn fully_featured_tables_pass_cfn_lint() {
    let dir = std::env::temp_dir().join(format!("dynamodb-cfn-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let app = App::with_out_dir(&dir);
    let stack = Stack::new(&app, "Tables");
    let table = Table::new(&stack, "Labels", Attribute::string("Image"))
        .sort_key(Attribute::string("Label"))
        .table_name("image-labels")
        .removal_policy(RemovalPolicy::Destroy)
        .stream(StreamViewType::NewAndOldImages)
        .time_to_live_attribute("expires")
        .encryption(TableEncryption::customer_managed(KEY_ARN))
        .deletion_protection(false)
        .table_class(TableClass::StandardInfrequentAccess)
        .global_secondary_index(
            Gsi::new("ByLabel", Attribute::string("Label"))
                .sort_key(Attribute::number("Confidence"))
                .projection(Projection::include(["Owner"])),
        )
        .global_secondary_index(
            Gsi::new("ByOwner", Attribute::string("Owner")).projection(Projection::KeysOnly),
        )
        .local_secondary_index(Lsi::new("ByTime", Attribute::number("At")))
        .build();
    let orders = Table::new(&stack, "Orders", Attribute::string("Id"))
        .provisioned(5, 5)
        .global_secondary_index(
            Gsi::new("ByCustomer", Attribute::string("Customer")).provisioned(2, 2),
        )
        .global_secondary_index(Gsi::new("ByDay", Attribute::string("Day")))
        .auto_scale_read_capacity(CapacityScaling::new(5, 100))
        .auto_scale_write_capacity(CapacityScaling::new(5, 50).target_utilization_percent(50))
        .build();
    let role = lambda_role(&stack, "Fn");
    table.grant_read_write_data(&role);
    table.grant_stream_read(&role);
    orders.grant_full_access(&role);
    Table::from_table_name(&stack, "Old", "old-labels").grant_read_data(&role);
    cdk_core::CfnOutput::new(&stack, "TableName", table.table_name());
    cdk_core::CfnOutput::new(&stack, "StreamArn", table.stream_arn().unwrap());
    app.write().unwrap();

    let lint = cdk_validators::cfn_lint(&[dir.join("Tables.template.json")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(lint.success, "cfn-lint found problems:\n{}", lint.output);
}

//! S3 bucket construct: synthesized templates, grants, notifications and validation.

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, CfnResource, RemovalPolicy, Stack};
use constructs::iam::{PolicyStatement, Principal, Role};
use constructs::s3::{
    BlockPublicAccess, Bucket, BucketEncryption, BucketLike, CorsRule, EventType, HttpMethod,
    LifecycleRule, NotificationDestination, NotificationKeyFilter, ObjectOwnership, StorageClass,
};
use serde_json::{json, Value as Json};

mod support;
use support::property_order;

fn stack() -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    (app, stack)
}

fn role(stack: &Stack, id: &str) -> Role {
    Role::new(stack, id, Principal::service("lambda.amazonaws.com")).build()
}

fn arn(logical: &str) -> Json {
    json!({ "Fn::GetAtt": [logical, "Arn"] })
}

fn objects(logical: &str) -> Json {
    json!({ "Fn::Join": ["", [arn(logical), "/*"]] })
}

/// The statements of `role`'s default policy.
fn statements(template: &Template, role: &Role) -> Json {
    let id = role
        .default_policy()
        .expect("the role has a policy")
        .logical_id();
    template.to_json()["Resources"][&id]["Properties"]["PolicyDocument"]["Statement"].clone()
}

/// All synthesis errors of the app, one string.
fn errors(app: &App) -> String {
    match app.assemble() {
        Ok(_) => panic!("expected synthesis to fail"),
        Err(e) => e.to_string(),
    }
}

// ---- defaults --------------------------------------------------------------------------------

#[test]
fn defaults_are_secure() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "Images").build();
    let t = Template::from_stack(&stack);
    let id = bucket.resource().logical_id();

    t.resource_count_is("AWS::S3::Bucket", 1);
    t.resource_count_is("AWS::S3::BucketPolicy", 1);
    t.has_resource(
        "AWS::S3::Bucket",
        json!({
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Metadata": { "aws:cdk:path": "S/Images/Resource" },
            "Properties": Match::exact(json!({
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }
                    ]
                },
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": true,
                    "BlockPublicPolicy": true,
                    "IgnorePublicAcls": true,
                    "RestrictPublicBuckets": true
                }
            })),
        }),
    );
    // The TLS-only policy, exactly as AWS CDK's enforceSSL writes it.
    t.has_resource(
        "AWS::S3::BucketPolicy",
        Match::exact(json!({
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": { "Ref": id },
                "PolicyDocument": {
                    "Statement": [{
                        "Action": "s3:*",
                        "Condition": { "Bool": { "aws:SecureTransport": "false" } },
                        "Effect": "Deny",
                        "Principal": { "AWS": "*" },
                        "Resource": [arn(&id), objects(&id)]
                    }],
                    "Version": "2012-10-17"
                }
            },
            "Metadata": { "aws:cdk:path": "S/Images/Policy/Resource" }
        })),
    );
    assert!(bucket.policy().is_some());
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({
            "VersioningConfiguration": Match::absent(),
            "OwnershipControls": Match::absent(),
            "NotificationConfiguration": Match::absent(),
        }),
    );
}

#[test]
fn logical_ids_follow_cdk() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkRekognitionStack");
    let bucket = Bucket::new(&stack, "cdk-rekn-imagebucket").build();
    // The same id as the AWS CDK reference template.
    assert_eq!(bucket.resource().logical_id(), "cdkreknimagebucketA588DC88");
}

#[test]
fn removal_policy_destroy() {
    let (_app, stack) = stack();
    Bucket::new(&stack, "B")
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    Template::from_stack(&stack).has_resource(
        "AWS::S3::Bucket",
        json!({ "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete" }),
    );
}

#[test]
fn enforce_ssl_off_means_no_policy_until_one_is_added() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").enforce_ssl(false).build();
    Template::from_stack(&stack).resource_count_is("AWS::S3::BucketPolicy", 0);
    assert!(bucket.policy().is_none());

    let reader = PolicyStatement::allow()
        .actions(["s3:GetObject"])
        .principal(Principal::account("111122223333"))
        .resources([bucket.arn_for_objects("public/*")]);
    bucket.add_to_resource_policy(reader.clone());
    bucket.add_to_resource_policy(reader);
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::S3::BucketPolicy", 1);
    let id = bucket.resource().logical_id();
    t.has_resource_properties(
        "AWS::S3::BucketPolicy",
        json!({
            "PolicyDocument": { "Statement": [{
                "Action": "s3:GetObject",
                "Effect": "Allow",
                "Resource": { "Fn::Join": ["", [arn(&id), "/public/*"]] }
            }]}
        }),
    );
}

#[test]
fn add_to_resource_policy_appends_to_the_tls_policy() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    bucket.add_to_resource_policy(
        PolicyStatement::allow()
            .actions(["s3:GetObject"])
            .principal(Principal::service("cloudfront.amazonaws.com"))
            .resources([bucket.arn_for_objects("*")]),
    );
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::S3::BucketPolicy", 1);
    t.has_resource_properties(
        "AWS::S3::BucketPolicy",
        json!({ "PolicyDocument": { "Statement": [
            { "Effect": "Deny" },
            { "Effect": "Allow", "Principal": { "Service": "cloudfront.amazonaws.com" } }
        ]}}),
    );
}

// ---- options ---------------------------------------------------------------------------------

#[test]
fn versioning() {
    let (_app, stack) = stack();
    Bucket::new(&stack, "On").versioned(true).build();
    Bucket::new(&stack, "Off").versioned(false).build();
    Bucket::new(&stack, "Unset").build();
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "VersioningConfiguration": { "Status": "Enabled" } }),
    );
    let unversioned = t.find_resources(
        "AWS::S3::Bucket",
        json!({ "Properties": { "VersioningConfiguration": Match::absent() } }),
    );
    assert_eq!(unversioned.len(), 2);
}

#[test]
fn kms_with_a_given_key() {
    let (_app, stack) = stack();
    let key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let bucket = Bucket::new(&stack, "B")
        .encryption(BucketEncryption::kms(key))
        .build();
    let reader = role(&stack, "Reader");
    bucket.grant_read(&reader);
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::KMS::Key", 0);
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "BucketEncryption": { "ServerSideEncryptionConfiguration": [{
            "BucketKeyEnabled": true,
            "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key }
        }]}}),
    );
    let id = bucket.resource().logical_id();
    assert_eq!(
        statements(&t, &reader),
        json!([
            {
                "Action": ["s3:GetBucket*", "s3:GetObject*", "s3:List*"],
                "Effect": "Allow",
                "Resource": [arn(&id), objects(&id)]
            },
            {
                "Action": ["kms:Decrypt", "kms:DescribeKey"],
                "Effect": "Allow",
                "Resource": key
            }
        ])
    );
}

#[test]
fn kms_with_a_new_key() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B")
        .encryption(BucketEncryption::kms_new_key())
        .bucket_key_enabled(false)
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let writer = role(&stack, "Writer");
    bucket.grant_write(&writer);
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::KMS::Key", 1);
    let keys = t.find_resources("AWS::KMS::Key", json!({}));
    let (key_id, key) = keys.first().expect("one key");
    assert_eq!(key["DeletionPolicy"], "Retain");
    assert_eq!(key["Metadata"]["aws:cdk:path"], "S/B/Key/Resource");
    assert_eq!(key["Properties"]["EnableKeyRotation"], true);
    assert_eq!(key["Properties"]["Description"], "Created by S/B");
    assert_eq!(
        key["Properties"]["KeyPolicy"]["Statement"][0]["Principal"]["AWS"],
        json!({ "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::", { "Ref": "AWS::AccountId" }, ":root"]] })
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "BucketEncryption": { "ServerSideEncryptionConfiguration": [{
            "BucketKeyEnabled": false,
            "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": arn(key_id) }
        }]}}),
    );
    let id = bucket.resource().logical_id();
    assert_eq!(
        statements(&t, &writer),
        json!([
            {
                "Action": [
                    "s3:Abort*", "s3:DeleteObject*", "s3:PutObject", "s3:PutObjectLegalHold",
                    "s3:PutObjectRetention", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"
                ],
                "Effect": "Allow",
                "Resource": [arn(&id), objects(&id)]
            },
            {
                "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                "Effect": "Allow",
                "Resource": arn(key_id)
            }
        ])
    );
}

#[test]
fn kms_managed_needs_no_key_grant() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B")
        .encryption(BucketEncryption::KmsManaged)
        .build();
    let reader = role(&stack, "Reader");
    bucket.grant_read(&reader);
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "BucketEncryption": { "ServerSideEncryptionConfiguration": [{
            "BucketKeyEnabled": true,
            "ServerSideEncryptionByDefault": Match::exact(json!({ "SSEAlgorithm": "aws:kms" }))
        }]}}),
    );
    assert_eq!(statements(&t, &reader).as_array().map(Vec::len), Some(1));
    assert_eq!(bucket.encryption_key_arn(), None);
}

#[test]
fn block_public_access_can_be_turned_off_explicitly() {
    let (_app, stack) = stack();
    Bucket::new(&stack, "Site")
        .block_public_access(BlockPublicAccess::OFF)
        .build();
    Bucket::new(&stack, "Acls")
        .block_public_access(BlockPublicAccess::BLOCK_ACLS)
        .build();
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": false, "BlockPublicPolicy": false,
            "IgnorePublicAcls": false, "RestrictPublicBuckets": false
        }}),
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": true, "BlockPublicPolicy": false,
            "IgnorePublicAcls": true, "RestrictPublicBuckets": false
        }}),
    );
}

#[test]
fn object_ownership_only_when_set() {
    let (_app, stack) = stack();
    Bucket::new(&stack, "Legacy")
        .object_ownership(ObjectOwnership::ObjectWriter)
        .build();
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "OwnershipControls": { "Rules": [{ "ObjectOwnership": "ObjectWriter" }] } }),
    );
}

#[test]
fn lifecycle_rules() {
    let (_app, stack) = stack();
    Bucket::new(&stack, "B")
        .versioned(true)
        .lifecycle_rule(
            LifecycleRule::new()
                .id("archive")
                .prefix("logs/")
                .transition(StorageClass::StandardIa, 30)
                .transition(StorageClass::Glacier, 90)
                .expiration_days(365)
                .noncurrent_version_expiration_days(30)
                .abort_incomplete_multipart_upload_days(7),
        )
        .lifecycle_rule(LifecycleRule::new().enabled(false).expiration_days(1))
        .build();
    Template::from_stack(&stack).has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "LifecycleConfiguration": { "Rules": [
            Match::exact(json!({
                "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 7 },
                "ExpirationInDays": 365,
                "Id": "archive",
                "NoncurrentVersionExpiration": { "NoncurrentDays": 30 },
                "Prefix": "logs/",
                "Status": "Enabled",
                "Transitions": [
                    { "StorageClass": "STANDARD_IA", "TransitionInDays": 30 },
                    { "StorageClass": "GLACIER", "TransitionInDays": 90 }
                ]
            })),
            Match::exact(json!({ "ExpirationInDays": 1, "Status": "Disabled" }))
        ]}}),
    );
}

#[test]
fn invalid_lifecycle_rules_are_reported_with_the_path() {
    let (app, stack) = stack();
    Bucket::new(&stack, "B")
        .lifecycle_rule(
            LifecycleRule::new()
                .id("r")
                .transition(StorageClass::StandardIa, 10)
                .expiration_days(5),
        )
        .lifecycle_rule(LifecycleRule::new().id("r").expiration_days(3))
        .build();
    let e = errors(&app);
    assert!(e.contains("S/B: lifecycle rule `r`: objects must be at least 30 days old to transition to STANDARD_IA, not 10"), "{e}");
    assert!(
        e.contains("expiration (day 5) must come after the last transition"),
        "{e}"
    );
    assert!(e.contains("two lifecycle rules have the id `r`"), "{e}");
}

#[test]
fn cors_rules() {
    let (app, stack) = stack();
    Bucket::new(&stack, "B")
        .cors_rule(
            CorsRule::new([HttpMethod::Get, HttpMethod::Head], ["https://example.com"])
                .allowed_headers(["Authorization"])
                .exposed_headers(["ETag"])
                .id("web")
                .max_age(3000),
        )
        .cors_rule(CorsRule::new([HttpMethod::Put], ["*"]))
        .build();
    Template::from_stack(&stack).has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "CorsConfiguration": { "CorsRules": [
            Match::exact(json!({
                "AllowedHeaders": ["Authorization"],
                "AllowedMethods": ["GET", "HEAD"],
                "AllowedOrigins": ["https://example.com"],
                "ExposedHeaders": ["ETag"],
                "Id": "web",
                "MaxAge": 3000
            })),
            Match::exact(json!({ "AllowedMethods": ["PUT"], "AllowedOrigins": ["*"] }))
        ]}}),
    );
    assert!(app.assemble().is_ok());
}

#[test]
fn server_access_logs() {
    let (_app, stack) = stack();
    let logs = Bucket::new(&stack, "Logs").build();
    let data = Bucket::new(&stack, "Data")
        .server_access_logs(&logs, Some("data/"))
        .build();
    let t = Template::from_stack(&stack);
    let (logs_id, data_id) = (logs.resource().logical_id(), data.resource().logical_id());
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "LoggingConfiguration": {
            "DestinationBucketName": { "Ref": logs_id },
            "LogFilePrefix": "data/"
        }}),
    );
    t.has_resource_properties(
        "AWS::S3::BucketPolicy",
        json!({
            "Bucket": { "Ref": logs_id },
            "PolicyDocument": { "Statement": [
                { "Effect": "Deny" },
                {
                    "Action": "s3:PutObject",
                    "Condition": {
                        "ArnLike": { "aws:SourceArn": arn(&data_id) },
                        "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } }
                    },
                    "Effect": "Allow",
                    "Principal": { "Service": "logging.s3.amazonaws.com" },
                    "Resource": { "Fn::Join": ["", [arn(&logs_id), "/data/*"]] }
                }
            ]}
        }),
    );
}

#[test]
fn access_log_target_must_use_sse_s3() {
    let (app, stack) = stack();
    let logs = Bucket::new(&stack, "Logs")
        .encryption(BucketEncryption::KmsManaged)
        .build();
    Bucket::new(&stack, "Data")
        .server_access_logs(&logs, None)
        .build();
    let e = errors(&app);
    assert!(
        e.contains("S/Data: the access log target `S/Logs` is not encrypted with SSE-S3"),
        "{e}"
    );
}

// ---- attributes ------------------------------------------------------------------------------

#[test]
fn attributes() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    let out = |id: &str, v: cdk_core::Str| {
        cdk_core::CfnOutput::new(&stack, id, v);
    };
    out("Name", bucket.bucket_name());
    out("Arn", bucket.arn());
    out("Objects", bucket.arn_for_objects("images/*.jpg"));
    out("Domain", bucket.domain_name());
    out("Regional", bucket.regional_domain_name());
    let t = Template::from_stack(&stack);
    let id = bucket.resource().logical_id();
    t.has_output("Name", json!({ "Value": { "Ref": id } }));
    t.has_output("Arn", json!({ "Value": arn(&id) }));
    t.has_output(
        "Objects",
        json!({ "Value": { "Fn::Join": ["", [arn(&id), "/images/*.jpg"]] } }),
    );
    t.has_output(
        "Domain",
        json!({ "Value": { "Fn::GetAtt": [id, "DomainName"] } }),
    );
    t.has_output(
        "Regional",
        json!({ "Value": { "Fn::GetAtt": [id, "RegionalDomainName"] } }),
    );
}

/// One of the bucket's grant methods.
type GrantFn = fn(&Bucket, &Role) -> constructs::iam::Grant;

// ---- grants ----------------------------------------------------------------------------------

#[test]
fn grant_read_write_matches_the_cdk_reference_template() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkRekognitionStack");
    let bucket = Bucket::new(&stack, "cdk-rekn-imagebucket")
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let role = role(&stack, "cdk-rekn-lambdarole");
    bucket.grant_read_write(&role);
    let t = Template::from_stack(&stack);
    // Copied from shared/reference/CdkRekognitionStack.template.json.
    let reference = json!({
        "Action": [
            "s3:Abort*",
            "s3:DeleteObject*",
            "s3:GetBucket*",
            "s3:GetObject*",
            "s3:List*",
            "s3:PutObject",
            "s3:PutObjectLegalHold",
            "s3:PutObjectRetention",
            "s3:PutObjectTagging",
            "s3:PutObjectVersionTagging"
        ],
        "Effect": "Allow",
        "Resource": [
            { "Fn::GetAtt": ["cdkreknimagebucketA588DC88", "Arn"] },
            { "Fn::Join": ["", [{ "Fn::GetAtt": ["cdkreknimagebucketA588DC88", "Arn"] }, "/*"]] }
        ]
    });
    assert_eq!(statements(&t, &role), json!([reference]));
    assert_eq!(
        role.default_policy().map(|p| p.logical_id()).as_deref(),
        Some("cdkreknlambdaroleDefaultPolicyBB0B80A9")
    );
}

#[test]
fn each_grant_has_cdks_actions_and_resources() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    let id = bucket.resource().logical_id();
    let both = json!([arn(&id), objects(&id)]);
    let only_objects = objects(&id);
    let put = json!([
        "s3:Abort*",
        "s3:PutObject",
        "s3:PutObjectLegalHold",
        "s3:PutObjectRetention",
        "s3:PutObjectTagging",
        "s3:PutObjectVersionTagging"
    ]);
    let cases: Vec<(&str, GrantFn, Json, Json)> = vec![
        (
            "Read",
            |b, r| b.grant_read(r),
            json!(["s3:GetBucket*", "s3:GetObject*", "s3:List*"]),
            both.clone(),
        ),
        (
            "Write",
            |b, r| b.grant_write(r),
            json!([
                "s3:Abort*",
                "s3:DeleteObject*",
                "s3:PutObject",
                "s3:PutObjectLegalHold",
                "s3:PutObjectRetention",
                "s3:PutObjectTagging",
                "s3:PutObjectVersionTagging"
            ]),
            both.clone(),
        ),
        ("Put", |b, r| b.grant_put(r), put, only_objects.clone()),
        (
            "Delete",
            |b, r| b.grant_delete(r),
            json!("s3:DeleteObject*"),
            only_objects,
        ),
    ];
    let roles: Vec<(Role, Json, Json)> = cases
        .into_iter()
        .map(|(name, grant, actions, resources)| {
            let r = role(&stack, name);
            let g = grant(&bucket, &r);
            assert_eq!(
                g.statement().resources_list().len(),
                resources.as_array().map_or(1, Vec::len)
            );
            (r, actions, resources)
        })
        .collect();
    let t = Template::from_stack(&stack);
    for (r, actions, resources) in roles {
        assert_eq!(
            statements(&t, &r),
            json!([{ "Action": actions, "Effect": "Allow", "Resource": resources }]),
            "{r:?}"
        );
    }
}

#[test]
fn granting_twice_adds_one_statement() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    let r = role(&stack, "R");
    bucket.grant_read(&r);
    bucket.grant_read(&r);
    let t = Template::from_stack(&stack);
    assert_eq!(statements(&t, &r).as_array().map(Vec::len), Some(1));
}

#[test]
fn imported_bucket_by_name() {
    let (app, stack) = stack();
    let shared = Bucket::from_bucket_name(&stack, "Shared", "team-shared-data")
        .with_encryption_key("arn:aws:kms:eu-west-1:111122223333:key/k");
    let r = role(&stack, "R");
    shared.grant_read_write(&r);
    let t = Template::from_stack(&stack);
    let arn = json!({ "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":s3:::team-shared-data"]] });
    let objects = json!({ "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":s3:::team-shared-data/*"]] });
    let st = statements(&t, &r);
    assert_eq!(st[0]["Resource"], json!([arn, objects]));
    assert_eq!(st[0]["Action"].as_array().map(Vec::len), Some(10));
    assert_eq!(
        st[1],
        json!({
            "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
            "Effect": "Allow",
            "Resource": "arn:aws:kms:eu-west-1:111122223333:key/k"
        })
    );
    t.resource_count_is("AWS::S3::Bucket", 0);
    assert_eq!(
        shared.bucket_name(),
        cdk_core::Str::from("team-shared-data")
    );
    assert!(app.assemble().is_ok());
}

#[test]
fn imported_bucket_by_arn() {
    let (_app, stack) = stack();
    let literal = Bucket::from_arn(&stack, "Literal", "arn:aws-cn:s3:::archive");
    let param = cdk_core::CfnParameter::new(&stack, "BucketArn", cdk_core::ParameterType::String);
    let token = Bucket::from_arn(&stack, "Token", param.value_as_string());
    let r = role(&stack, "R");
    literal.grant_delete(&r);
    token.grant_put(&r);
    for (id, v) in [
        ("LiteralName", literal.bucket_name()),
        ("TokenName", token.bucket_name()),
        ("TokenDomain", token.domain_name()),
    ] {
        cdk_core::CfnOutput::new(&stack, id, v);
    }
    let t = Template::from_stack(&stack);
    let st = statements(&t, &r);
    assert_eq!(st[0]["Resource"], "arn:aws-cn:s3:::archive/*");
    assert_eq!(
        st[1]["Resource"],
        json!({ "Fn::Join": ["", [{ "Ref": "BucketArn" }, "/*"]] })
    );
    t.has_output("LiteralName", json!({ "Value": "archive" }));
    let name = json!({ "Fn::Select": [5, { "Fn::Split": [":", { "Ref": "BucketArn" }] }] });
    t.has_output("TokenName", json!({ "Value": name }));
    t.has_output(
        "TokenDomain",
        json!({ "Value": { "Fn::Join": ["", [name, ".s3.", { "Ref": "AWS::URLSuffix" }]] } }),
    );
}

#[test]
fn invalid_imports_are_reported() {
    let (app, stack) = stack();
    Bucket::from_arn(&stack, "Object", "arn:aws:s3:::bucket/key");
    Bucket::from_arn(&stack, "Queue", "arn:aws:sqs:eu-west-1:111122223333:q");
    Bucket::from_bucket_name(&stack, "Arn", "arn:aws:s3:::bucket");
    let e = errors(&app);
    assert!(
        e.contains("S/Object: `arn:aws:s3:::bucket/key` is not an S3 bucket ARN"),
        "{e}"
    );
    assert!(
        e.contains("S/Queue: `arn:aws:sqs:eu-west-1:111122223333:q` is not an S3 bucket ARN"),
        "{e}"
    );
    assert!(
        e.contains("S/Arn: `arn:aws:s3:::bucket` is not a bucket name"),
        "{e}"
    );
}

/// Generic code over owned and imported buckets.
fn read_both(a: &impl BucketLike, b: &impl BucketLike, grantee: &Role) {
    a.grant_read(grantee);
    b.grant_read(grantee);
}

#[test]
fn bucket_like_is_usable_generically() {
    let (_app, stack) = stack();
    let owned = Bucket::new(&stack, "Owned").build();
    let imported = Bucket::from_bucket_name(&stack, "Imported", "other");
    let r = role(&stack, "R");
    read_both(&owned, &imported, &r);
    let t = Template::from_stack(&stack);
    assert_eq!(statements(&t, &r).as_array().map(Vec::len), Some(2));
}

// ---- bucket names ----------------------------------------------------------------------------

#[test]
fn bucket_name_validation() {
    let (app, stack) = stack();
    Bucket::new(&stack, "Good")
        .bucket_name("my-images.example-1")
        .build();
    Bucket::new(&stack, "Bad")
        .bucket_name("My_Bucket..")
        .build();
    Bucket::new(&stack, "Ip")
        .bucket_name(String::from("10.0.0.1"))
        .build();
    Bucket::new(&stack, "Alias")
        .bucket_name("data-s3alias")
        .build();
    let param = cdk_core::CfnParameter::new(&stack, "Name", cdk_core::ParameterType::String);
    Bucket::new(&stack, "FromParam")
        .bucket_name(param.value_as_string())
        .build();
    let e = errors(&app);
    assert!(
        e.contains("S/Bad: invalid bucket name `My_Bucket..`"),
        "{e}"
    );
    assert!(e.contains("`M`, `_`, `B`"), "{e}");
    assert!(e.contains("two adjacent periods"), "{e}");
    assert!(
        e.contains("S/Ip: invalid bucket name `10.0.0.1`: it is formatted as an IP address"),
        "{e}"
    );
    assert!(
        e.contains(
            "S/Alias: invalid bucket name `data-s3alias`: the suffix `-s3alias` is reserved"
        ),
        "{e}"
    );
    assert!(!e.contains("S/Good"), "{e}");
    assert!(!e.contains("S/FromParam"), "{e}");
    assert_eq!(app.assemble().unwrap_err().diagnostics().len(), 3);
}

#[test]
fn a_valid_name_is_written() {
    let (_app, stack) = stack();
    Bucket::new(&stack, "B").bucket_name("my-images").build();
    Template::from_stack(&stack)
        .has_resource_properties("AWS::S3::Bucket", json!({ "BucketName": "my-images" }));
}

// ---- notifications ---------------------------------------------------------------------------

#[test]
fn event_bridge_configuration_is_idempotent() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    bucket.enable_event_bridge();
    bucket.enable_event_bridge();
    Bucket::new(&stack, "Built")
        .event_bridge_enabled(true)
        .build();
    let t = Template::from_stack(&stack);
    let found = t.find_resources(
        "AWS::S3::Bucket",
        json!({ "Properties": { "NotificationConfiguration": Match::exact(json!({
            "EventBridgeConfiguration": { "EventBridgeEnabled": true }
        }))}}),
    );
    assert_eq!(found.len(), 2);
}

#[test]
fn direct_notifications_with_filters_merge_with_event_bridge() {
    let (app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    let queue = CfnResource::new(&stack, "Queue", "AWS::SQS::Queue");
    let topic = CfnResource::new(&stack, "Topic", "AWS::SNS::Topic");
    bucket.add_event_notification(
        EventType::ObjectCreated,
        NotificationDestination::Queue {
            queue_arn: queue.get_att("Arn"),
        },
        NotificationKeyFilter::prefix("images/").with_suffix(".jpg"),
    );
    bucket.add_event_notification(
        EventType::ObjectRemoved,
        NotificationDestination::Topic {
            topic_arn: topic.ref_(),
        },
        NotificationKeyFilter::all(),
    );
    bucket.add_event_notification(
        EventType::ObjectCreatedPut,
        NotificationDestination::Lambda {
            function_arn: "arn:aws:lambda:eu-west-1:111122223333:function:f".into(),
        },
        NotificationKeyFilter::suffix(".png"),
    );
    bucket.enable_event_bridge();
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "NotificationConfiguration": Match::exact(json!({
            "EventBridgeConfiguration": { "EventBridgeEnabled": true },
            "LambdaConfigurations": [{
                "Event": "s3:ObjectCreated:Put",
                "Filter": { "S3Key": { "Rules": [{ "Name": "suffix", "Value": ".png" }] } },
                "Function": "arn:aws:lambda:eu-west-1:111122223333:function:f"
            }],
            "QueueConfigurations": [{
                "Event": "s3:ObjectCreated:*",
                "Filter": { "S3Key": { "Rules": [
                    { "Name": "prefix", "Value": "images/" },
                    { "Name": "suffix", "Value": ".jpg" }
                ] } },
                "Queue": { "Fn::GetAtt": [queue.logical_id(), "Arn"] }
            }],
            "TopicConfigurations": [{
                "Event": "s3:ObjectRemoved:*",
                "Topic": { "Ref": topic.logical_id() }
            }]
        }))}),
    );
    assert!(app.assemble().is_ok());
}

#[test]
fn overlapping_notifications_are_reported() {
    let (app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    let queue = || NotificationDestination::Queue {
        queue_arn: "arn:aws:sqs:eu-west-1:1:q".into(),
    };
    bucket.add_event_notification(
        EventType::ObjectCreated,
        queue(),
        NotificationKeyFilter::prefix("in/"),
    );
    // Same notification again: added once, no error.
    bucket.add_event_notification(
        EventType::ObjectCreated,
        queue(),
        NotificationKeyFilter::prefix("in/"),
    );
    // Different prefix: fine.
    bucket.add_event_notification(
        EventType::ObjectCreatedPut,
        queue(),
        NotificationKeyFilter::prefix("out/"),
    );
    // Overlaps the first one.
    bucket.add_event_notification(
        EventType::ObjectCreatedCopy,
        queue(),
        NotificationKeyFilter::prefix("in/raw/"),
    );
    bucket.add_event_notification(
        EventType::Unknown("ObjectCreated".into()),
        queue(),
        NotificationKeyFilter::suffix(""),
    );
    let e = errors(&app);
    assert!(e.contains("S/B: notifications for `s3:ObjectCreated:*` (keys starting with `in/`) and `s3:ObjectCreated:Copy` (keys starting with `in/raw/`) overlap"), "{e}");
    assert!(e.contains("`ObjectCreated` is not an S3 event type"), "{e}");
    assert!(e.contains("empty suffix"), "{e}");
    assert_eq!(app.assemble().unwrap_err().diagnostics().len(), 3, "{e}");
    let t = stack.template();
    assert!(t.is_err());
}

#[test]
fn direct_lambda_notification_plus_grant_is_a_cycle_and_event_bridge_is_not() {
    // A function stand-in: waits for its role's policy, as lambda::Function does.
    fn function(stack: &Stack, role: &Role) -> CfnResource {
        let f = CfnResource::new(stack, "Fn", "AWS::Lambda::Function");
        f.set_property("Role", role.arn());
        role.add_dependent(&f);
        f
    }

    let (app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    let r = role(&stack, "R");
    let f = function(&stack, &r);
    bucket.grant_read_write(&r);
    bucket.add_event_notification(
        EventType::ObjectCreated,
        NotificationDestination::Lambda {
            function_arn: f.get_att("Arn"),
        },
        NotificationKeyFilter::all(),
    );
    let e = errors(&app);
    assert!(e.contains("dependency cycle"), "{e}");

    let (app, stack) = self::stack();
    let bucket = Bucket::new(&stack, "B").build();
    let r = role(&stack, "R");
    let _f = function(&stack, &r);
    bucket.grant_read_write(&r);
    let pattern =
        bucket.event_bridge_pattern(&[EventType::ObjectCreated], &NotificationKeyFilter::all());
    CfnResource::new(&stack, "Rule", "AWS::Events::Rule").set_property("EventPattern", pattern);
    assert!(app.assemble().is_ok());
}

#[test]
fn event_bridge_patterns() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    let id = bucket.resource().logical_id();
    let rule = |name: &str, events: &[EventType], filter: NotificationKeyFilter| {
        let pattern = bucket.event_bridge_pattern(events, &filter);
        CfnResource::new(&stack, name, "AWS::Events::Rule").set_property("EventPattern", pattern);
    };
    rule(
        "Created",
        &[EventType::ObjectCreated],
        NotificationKeyFilter::prefix("in/"),
    );
    rule(
        "Puts",
        &[
            EventType::ObjectCreatedPut,
            EventType::ObjectCreatedCompleteMultipartUpload,
            EventType::ObjectRemoved,
        ],
        NotificationKeyFilter::suffix(".jpg"),
    );
    rule(
        "Mixed",
        &[
            EventType::ObjectCreatedPost,
            EventType::ObjectTaggingPut,
            EventType::ObjectRemovedDeleteMarkerCreated,
        ],
        NotificationKeyFilter::all(),
    );
    rule(
        "Wide",
        &[
            EventType::ObjectCreatedPut,
            EventType::ObjectCreated,
            EventType::ObjectRestoreCompleted,
        ],
        NotificationKeyFilter::all(),
    );
    let t = Template::from_stack(&stack);
    let bucket_name = json!({ "name": [{ "Ref": id }] });
    let pattern_of =
        |logical: &str| t.to_json()["Resources"][logical]["Properties"]["EventPattern"].clone();
    assert_eq!(
        pattern_of("Created"),
        json!({
            "source": ["aws.s3"],
            "detail-type": ["Object Created"],
            "detail": { "bucket": bucket_name, "object": { "key": [{ "prefix": "in/" }] } }
        })
    );
    assert_eq!(
        pattern_of("Puts"),
        json!({
            "source": ["aws.s3"],
            "detail-type": ["Object Created", "Object Deleted"],
            "detail": {
                "bucket": bucket_name,
                "object": { "key": [{ "suffix": ".jpg" }] },
                "reason": ["PutObject", "CompleteMultipartUpload", "DeleteObject"]
            }
        })
    );
    assert_eq!(
        pattern_of("Mixed"),
        json!({
            "source": ["aws.s3"],
            "$or": [
                { "detail-type": ["Object Created"], "detail": { "bucket": bucket_name, "reason": ["POST Object"] } },
                { "detail-type": ["Object Tags Added"], "detail": { "bucket": bucket_name } },
                { "detail-type": ["Object Deleted"], "detail": {
                    "bucket": bucket_name, "reason": ["DeleteObject"], "deletion-type": ["Delete Marker Created"]
                } }
            ]
        })
    );
    assert_eq!(
        pattern_of("Wide"),
        json!({
            "source": ["aws.s3"],
            "detail-type": ["Object Created", "Object Restore Completed"],
            "detail": { "bucket": bucket_name }
        })
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({ "NotificationConfiguration": { "EventBridgeConfiguration": { "EventBridgeEnabled": true } } }),
    );
}

#[test]
fn event_types_without_event_bridge_equivalent_are_reported() {
    let (app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    let _ = bucket.event_bridge_pattern(
        &[
            EventType::ReducedRedundancyLostObject,
            EventType::Replication,
        ],
        &NotificationKeyFilter::all(),
    );
    let _ = bucket.event_bridge_pattern(&[], &NotificationKeyFilter::all());
    let e = errors(&app);
    assert!(
        e.contains("S/B: S3 does not send `s3:ReducedRedundancyLostObject` events to EventBridge"),
        "{e}"
    );
    assert!(
        e.contains("S3 does not send `s3:Replication:*` events to EventBridge"),
        "{e}"
    );
    assert!(e.contains("for no S3 event types"), "{e}");
}

#[test]
fn event_bridge_mapping() {
    let cases = [
        (EventType::ObjectCreated, Some(("Object Created", None))),
        (
            EventType::ObjectCreatedPost,
            Some(("Object Created", Some("POST Object"))),
        ),
        (
            EventType::ObjectCreatedCopy,
            Some(("Object Created", Some("CopyObject"))),
        ),
        (
            EventType::ObjectRemovedDelete,
            Some(("Object Deleted", Some("DeleteObject"))),
        ),
        (
            EventType::LifecycleExpirationDeleteMarkerCreated,
            Some(("Object Deleted", Some("Lifecycle Expiration"))),
        ),
        (
            EventType::ObjectRestorePost,
            Some(("Object Restore Initiated", None)),
        ),
        (
            EventType::ObjectRestoreDelete,
            Some(("Object Restore Expired", None)),
        ),
        (
            EventType::ObjectTaggingDelete,
            Some(("Object Tags Deleted", None)),
        ),
        (EventType::ObjectAclPut, Some(("Object ACL Updated", None))),
        (
            EventType::LifecycleTransition,
            Some(("Object Storage Class Changed", None)),
        ),
        (
            EventType::IntelligentTiering,
            Some(("Object Access Tier Changed", None)),
        ),
        (EventType::ReducedRedundancyLostObject, None),
        (EventType::ReplicationOperationNotTracked, None),
        (EventType::Unknown("s3:Future:*".into()), None),
    ];
    for (event, expected) in cases {
        assert_eq!(event.event_bridge_match(), expected, "{event}");
    }
    assert_eq!(EventType::ObjectCreated.as_str(), "s3:ObjectCreated:*");
    assert_eq!(
        EventType::from_name("s3:ObjectAcl:Put"),
        EventType::ObjectAclPut
    );
    assert_eq!(
        EventType::ObjectRemovedDeleteMarkerCreated.event_bridge_deletion_type(),
        Some("Delete Marker Created")
    );
    assert_eq!(EventType::ObjectRemoved.event_bridge_deletion_type(), None);
}

// ---- a fully-featured bucket -----------------------------------------------------------------

#[test]
fn fully_featured_bucket_synthesizes() {
    let (app, stack) = stack();
    let logs = Bucket::new(&stack, "Logs")
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let bucket = Bucket::new(&stack, "Data")
        .bucket_name("my-data-bucket-1234")
        .versioned(true)
        .encryption(BucketEncryption::kms_new_key())
        .lifecycle_rule(
            LifecycleRule::new()
                .id("tiering")
                .transition(StorageClass::IntelligentTiering, 0)
                .transition(StorageClass::DeepArchive, 180)
                .noncurrent_version_expiration_days(30)
                .abort_incomplete_multipart_upload_days(1),
        )
        .cors_rule(CorsRule::new([HttpMethod::Get], ["*"]).max_age(600))
        .server_access_logs(&logs, Some("data/"))
        .object_ownership(ObjectOwnership::BucketOwnerEnforced)
        .event_bridge_enabled(true)
        .build();
    let r = role(&stack, "R");
    bucket.grant_read_write(&r);
    let assembly = app.assemble().expect("valid");
    let _ = assembly;
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::S3::Bucket", 2);
    t.resource_count_is("AWS::S3::BucketPolicy", 2);
    t.resource_count_is("AWS::KMS::Key", 1);
}

// ---- built through the L1 ------------------------------------------------------------------

#[test]
fn properties_render_in_name_order_also_when_set_late() {
    let (_app, stack) = stack();
    let logs = Bucket::new(&stack, "Logs").build();
    let bucket = Bucket::new(&stack, "Data")
        .bucket_name("my-data-bucket-1234")
        .versioned(true)
        .encryption(BucketEncryption::kms_new_key())
        .lifecycle_rule(LifecycleRule::new().expiration_days(30))
        .cors_rule(CorsRule::new([HttpMethod::Get], ["*"]))
        .server_access_logs(&logs, None)
        .object_ownership(ObjectOwnership::ObjectWriter)
        .build();
    // Notifications arrive after the bucket exists; they land at their name-sorted place.
    bucket.add_event_notification(
        EventType::ObjectCreated,
        NotificationDestination::Queue {
            queue_arn: "arn:aws:sqs:eu-west-1:111122223333:q".into(),
        },
        NotificationKeyFilter::all(),
    );
    bucket.enable_event_bridge();
    let t = Template::from_stack(&stack);
    let id = bucket.resource().logical_id();
    let order = property_order(&t, &id);
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(
        order,
        [
            "BucketEncryption",
            "BucketName",
            "CorsConfiguration",
            "LifecycleConfiguration",
            "LoggingConfiguration",
            "NotificationConfiguration",
            "OwnershipControls",
            "PublicAccessBlockConfiguration",
            "VersioningConfiguration",
        ]
    );
    let notifications = &t.to_json()["Resources"][&id]["Properties"]["NotificationConfiguration"];
    let keys: Vec<&String> = notifications.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["EventBridgeConfiguration", "QueueConfigurations"]);
    // The typed edits write through: the escape hatch sees them at once.
    assert!(bucket
        .resource()
        .property("NotificationConfiguration")
        .is_some());
    // The key is created after the bucket: it follows it in the template.
    let resources: Vec<String> = t.to_json()["Resources"]
        .as_object()
        .expect("resources")
        .keys()
        .cloned()
        .collect();
    let at = |p: &str| resources.iter().position(|r| r.starts_with(p)).expect(p);
    assert!(at("DataKey") > at(&id));
}

#[test]
fn late_statements_replace_the_policy_document_in_place() {
    let (_app, stack) = stack();
    let bucket = Bucket::new(&stack, "B").build();
    bucket.add_to_resource_policy(
        PolicyStatement::allow()
            .actions(["s3:GetObject"])
            .principal(Principal::account("111122223333"))
            .resources([bucket.arn_for_objects("*")]),
    );
    let t = Template::from_stack(&stack);
    let policy = bucket.policy().expect("policy").logical_id();
    assert_eq!(property_order(&t, &policy), ["Bucket", "PolicyDocument"]);
    let statements =
        &t.to_json()["Resources"][&policy]["Properties"]["PolicyDocument"]["Statement"];
    assert_eq!(statements.as_array().map(Vec::len), Some(2));
}

//! The two renderers of a function's [`Model`]: the plain template's `AWS::Lambda::Function`
//! (what SAM would expand the function to) and the SAM template's `AWS::Serverless::Function`,
//! each through its typed L1 and kept to its template. What the two types spell alike is
//! written once ([`common_properties!`]); the rest is each flavor's own.

use cdk_core::{Construct, Flavor, Scope};
use cfn_l1::lambda::{self, function as plain};
use cfn_l1::sam::{self, function as serverless};

use super::destination::{AsyncInvoke, DestinationType};
use super::model::{CodeModel, Model};
use super::RESOURCE;

/// The construct id of the SAM function (beside the plain one's `Resource`).
const SERVERLESS: &str = "Serverless";
/// The construct id of the plain template's `AWS::Lambda::EventInvokeConfig` (AWS CDK's
/// `<Fn>/EventInvokeConfig`).
const EVENT_INVOKE_CONFIG: &str = "EventInvokeConfig";

/// The properties `AWS::Lambda::Function` and `AWS::Serverless::Function` spell alike (the
/// same name and shape), set on either L1 builder from `$m`; `$types` is that flavor's module
/// of property types (`VpcConfig`, `SnapStart`, …), `$env`, `$storage` and `$logging` its
/// `Environment`, `EphemeralStorage` and logging-configuration types.
macro_rules! common_properties {
    ($builder:expr, $m:expr, $types:ident, $env:path, $storage:path, $logging:path) => {{
        let m: &Model = $m;
        $builder
            .maybe_architectures(m.architectures())
            .maybe_code_signing_config_arn(m.code_signing_config_arn.clone())
            .maybe_description(m.description.as_deref())
            .maybe_environment(
                m.variables()
                    .map(|v| <$env>::builder().variables(v).build()),
            )
            .maybe_ephemeral_storage(
                m.ephemeral_storage_mib
                    .map(|mb| <$storage>::builder().size(mb).build()),
            )
            .maybe_file_system_configs(m.file_system.as_ref().map(|fs| {
                [$types::FileSystemConfig::builder()
                    .arn(fs.access_point_arn.clone())
                    .local_mount_path(fs.mount_path.as_str())
                    .build()]
            }))
            .maybe_function_name(m.function_name.clone())
            .maybe_handler(m.handler.as_deref())
            .maybe_kms_key_arn(m.environment_key_arn.clone())
            .maybe_layers(m.layer_list())
            .maybe_logging_config(m.has_logging_config().then(|| {
                <$logging>::builder()
                    .maybe_application_log_level(m.application_log_level.map(|l| l.l1()))
                    .maybe_log_format(m.log_format.map(|f| f.l1()))
                    .maybe_log_group(m.log_group_name.clone())
                    .maybe_system_log_level(m.system_log_level.map(|l| l.l1()))
                    .build()
            }))
            .maybe_memory_size(m.memory_size)
            .maybe_recursive_loop(m.recursive_loop.map(|r| r.l1()))
            .maybe_reserved_concurrent_executions(m.reserved_concurrent_executions)
            .role(m.role_arn.clone())
            .maybe_runtime(m.runtime.as_ref().map(|r| r.name()))
            .maybe_snap_start(m.snap_start.then(|| {
                $types::SnapStart::builder()
                    .apply_on($types::ApplyOn::PublishedVersions)
                    .build()
            }))
            .maybe_timeout(m.timeout_secs)
            .maybe_vpc_config(m.vpc.as_ref().map(|vpc| {
                $types::VpcConfig::builder()
                    .security_group_ids(vpc.security_group_ids.clone())
                    .subnet_ids(vpc.subnet_ids.clone())
                    .build()
            }))
    }};
}

/// The plain template's `AWS::Lambda::Function` (`<id>/Resource`).
pub(super) fn plain_function(scope: &Scope, m: &Model) -> lambda::CfnFunction {
    let builder = lambda::CfnFunctionProps::builder();
    let builder = match &m.code {
        // L1 gap: the spec types `Code` as an object only; a local path is what
        // `aws cloudformation package` / `sam deploy` replace with the uploaded object.
        CodeModel::Local { path, .. } => builder.code_value(path.clone()),
        CodeModel::Inline(source) => {
            builder.code(plain::Code::builder().zip_file(source.as_str()).build())
        }
        CodeModel::Bucket { bucket, key } => builder.code(
            plain::Code::builder()
                .s3_bucket(bucket.clone())
                .s3_key(key.as_str())
                .build(),
        ),
        CodeModel::Image(uri) => {
            builder.code(plain::Code::builder().image_uri(uri.clone()).build())
        }
        // The image's name `sam build` tags and writes here; set below, once the logical ID
        // is known.
        CodeModel::DockerBuild { .. } => builder.code(plain::Code::builder().build()),
    };
    let props = common_properties!(
        builder,
        m,
        plain,
        plain::Environment,
        plain::EphemeralStorage,
        plain::LoggingConfig
    )
    .maybe_dead_letter_config(
        m.dead_letter_queue_arn
            .clone()
            .map(|arn| plain::DeadLetterConfig::builder().target_arn(arn).build()),
    )
    .maybe_package_type(m.code.is_image().then_some(plain::PackageType::Image))
    .maybe_tracing_config(
        m.tracing
            .map(|t| plain::TracingConfig::builder().mode(t.name()).build()),
    )
    .build();
    let function = lambda::CfnFunction::new(scope, RESOURCE, props);
    function.resource().only_in(Flavor::Cfn);
    if let CodeModel::DockerBuild { tag, .. } = &m.code {
        // `sam build` tags the image `<logical id, lower case>:<tag>` and writes that here.
        let image = format!("{}:{tag}", function.resource().logical_id().to_lowercase());
        function
            .props()
            .code()
            .edit()
            .image_uri()
            .set(image.as_str());
    }
    function
}

/// The SAM template's `AWS::Serverless::Function` (`<id>/Serverless`), under the plain
/// function's logical ID `fn_id`; `alias` is its `AutoPublishAlias`.
pub(super) fn sam_function(
    scope: &Scope,
    m: &Model,
    fn_id: &str,
    alias: Option<&str>,
) -> sam::CfnFunction {
    let builder = sam::CfnFunctionProps::builder();
    let builder = match &m.code {
        CodeModel::Local { path, .. } => builder.code_uri(path.clone()),
        CodeModel::Inline(source) => builder.inline_code(source.as_str()),
        CodeModel::Bucket { bucket, key } => builder.code_uri(
            serverless::CodeUri::builder()
                .bucket(bucket.clone())
                .key(key.as_str())
                .build(),
        ),
        CodeModel::Image(uri) => builder.image_uri(uri.clone()),
        // `sam build` builds the image from the function's metadata and sets `ImageUri`.
        CodeModel::DockerBuild { .. } => builder,
    };
    let props = common_properties!(
        builder,
        m,
        serverless,
        serverless::Environment,
        serverless::EphemeralStorage,
        serverless::LambdaFunctionLoggingConfig
    )
    // With all properties, a configuration change publishes a version too, as the plain
    // template's content-hashed version does.
    .maybe_auto_publish_alias(alias)
    .maybe_auto_publish_alias_all_properties(alias.map(|_| true))
    .maybe_event_invoke_config(m.async_invoke.as_ref().map(sam_event_invoke_config))
    .maybe_provisioned_concurrency_config(m.provisioned_concurrency.map(|n| {
        serverless::ProvisionedConcurrencyConfiguration::builder()
            .provisioned_concurrent_executions(n)
            .build()
    }))
    .maybe_dead_letter_queue(m.dead_letter_queue_arn.clone().map(|arn| {
        serverless::DeadLetterQueue::builder()
            .target_arn(arn)
            .r#type(serverless::Type::Sqs)
            .build()
    }))
    .maybe_package_type(m.code.is_image().then_some(plain::PackageType::Image))
    .maybe_tracing(m.tracing.map(|t| t.name()))
    .build();
    let function = sam::CfnFunction::new(scope, SERVERLESS, props);
    function
        .resource()
        .only_in(Flavor::Sam)
        .override_logical_id(fn_id);
    function
}

/// Sets environment variable `key` on both functions (the model already has it).
pub(super) fn set_variable(
    plain: &lambda::CfnFunction,
    sam: &sam::CfnFunction,
    key: &str,
    value: &cdk_core::Str,
) {
    let (plain, sam) = (plain.props(), sam.props());
    plain
        .environment()
        .edit()
        .variables()
        .insert(key, value.clone());
    sam.environment()
        .edit()
        .variables()
        .insert(key, value.clone());
}

/// One destination of SAM's `EventInvokeConfig` (`$builder` is `EventInvokeOnSuccess` or
/// `EventInvokeOnFailure`, `$types` its `Type` enum), from a model's `(type, ARN)`.
macro_rules! sam_destination {
    ($builder:ident, $types:ident, $d:expr) => {{
        let (t, arn): &(DestinationType, cdk_core::Str) = $d;
        serverless::$builder::builder()
            .destination(arn.clone())
            .r#type(match t {
                DestinationType::Sqs => serverless::$types::Sqs,
                DestinationType::Sns => serverless::$types::Sns,
                DestinationType::EventBridge => serverless::$types::EventBridge,
                DestinationType::Lambda => serverless::$types::Lambda,
            })
            .build()
    }};
}

/// SAM's `EventInvokeConfig` of a function.
fn sam_event_invoke_config(a: &AsyncInvoke) -> serverless::EventInvokeConfig {
    let destinations = (a.on_success.is_some() || a.on_failure.is_some()).then(|| {
        serverless::EventInvokeDestinationConfig::builder()
            .maybe_on_failure(
                a.on_failure
                    .as_ref()
                    .map(|d| sam_destination!(EventInvokeOnFailure, EventInvokeOnFailureType, d)),
            )
            .maybe_on_success(
                a.on_success
                    .as_ref()
                    .map(|d| sam_destination!(EventInvokeOnSuccess, EventInvokeOnSuccessType, d)),
            )
            .build()
    });
    serverless::EventInvokeConfig::builder()
        .maybe_destination_config(destinations)
        .maybe_maximum_event_age_in_seconds(a.max_event_age_secs)
        .maybe_maximum_retry_attempts(a.retry_attempts)
        .build()
}

/// The plain template's `AWS::Lambda::EventInvokeConfig` of `function` (under `scope`, the
/// function), as SAM generates it: `<Fn>EventInvokeConfig` on `qualifier` (the alias's name,
/// or `$LATEST`), with a `DestinationConfig` even when it is empty. `None` without
/// asynchronous-invocation settings. The SAM template's ID is reserved.
pub(super) fn plain_event_invoke_config(
    scope: &Scope,
    m: &Model,
    function: &lambda::CfnFunction,
    qualifier: &str,
) -> Option<lambda::CfnEventInvokeConfig> {
    let a = m.async_invoke.as_ref()?;
    use lambda::event_invoke_config as eic;
    let destinations = eic::DestinationConfig::builder()
        .maybe_on_failure(
            a.on_failure
                .as_ref()
                .map(|(_, arn)| eic::OnFailure::builder().destination(arn.clone()).build()),
        )
        .maybe_on_success(
            a.on_success
                .as_ref()
                .map(|(_, arn)| eic::OnSuccess::builder().destination(arn.clone()).build()),
        )
        .build();
    let props = lambda::CfnEventInvokeConfigProps::builder()
        .destination_config(destinations)
        .function_name(function.ref_())
        .maybe_maximum_event_age_in_seconds(a.max_event_age_secs)
        .maybe_maximum_retry_attempts(a.retry_attempts)
        .qualifier(qualifier)
        .build();
    let config = lambda::CfnEventInvokeConfig::new(scope, EVENT_INVOKE_CONFIG, props);
    let id = format!("{}EventInvokeConfig", function.resource().logical_id());
    config
        .resource()
        .only_in(Flavor::Cfn)
        .override_logical_id(&id);
    scope.node().stack().reserve_logical_id(
        Flavor::Sam,
        &id,
        "SAM's EventInvokeConfig of a function",
    );
    Some(config)
}

//! Amazon API Gateway REST APIs (`AWS::ApiGateway::*`): a [`RestApi`] with its tree of
//! [`Resource`]s and [`Method`]s; [`Integration`]s with Lambda (proxy, or non-proxy with VTL
//! mapping templates and [`IntegrationResponse`]s), HTTP endpoints (proxy or not), AWS
//! services (SQS `SendMessage`, Step Functions `StartExecution` and, for EXPRESS machines,
//! `StartSyncExecution`, DynamoDB item actions, each
//! with a role allowed that one action on that one resource) and mocks; CORS preflights
//! ([`CorsOptions`]), [`GatewayResponse`]s, request validation ([`Model`]s and [`RequestValidator`]s), Lambda and
//! Cognito [`Authorizer`]s, the
//! [`Deployment`] and [`Stage`] that publish it (with [`StageOptions`]: [`MethodSettings`]
//! for all or one method, a cache cluster, access logs, X-Ray tracing, a [`Canary`]), and
//! [`UsagePlan`]s with [`ApiKey`]s; custom [`DomainName`]s with base path mappings.
//!
//! ```
//! use cdk_core::{App, CfnOutput, Stack};
//! use constructs::apigateway::{HttpMethod, Integration, RestApi};
//! use constructs::lambda::{Code, Function, Runtime};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Hello");
//! let handler = Function::new(&stack, "Handler", Runtime::PYTHON_3_13,
//!         Code::from_inline("def handler(event, context):\n    return {'statusCode': 200}\n"),
//!         "index.handler")
//!     .build();
//! let api = RestApi::new(&stack, "Api").build();
//! let items = api.root().add_resource("items");
//! items.add_method(HttpMethod::Get, Integration::lambda(&handler));
//! items.add_resource("{id}").add_method(HttpMethod::Any, Integration::lambda(&handler));
//! CfnOutput::new(&stack, "Url", api.url());
//! let t = stack.template().unwrap();
//! assert_eq!(t["Resources"]["ApiF70053CD"]["Type"], "AWS::ApiGateway::RestApi");
//! ```
//!
//! **Tree and logical IDs** follow AWS CDK (`<Api>/Resource`, `<Api>/Default/items/Resource`,
//! `<Api>/Default/items/GET/Resource`, `<Api>/Deployment/Resource`,
//! `<Api>/DeploymentStage.prod/Resource`, the permissions `ApiPermission.<api>.<METHOD>.<path>`
//! under each method), so the logical IDs equal a TypeScript CDK stack's.
//!
//! **Deployments always redeploy.** The deployment's logical ID is its path-derived ID plus
//! a hash of the API's definition (every resource, method, integration and method
//! option, see [`Deployment`]): a changed API gets a new `AWS::ApiGateway::Deployment`, which
//! the stage then points at; an unchanged one keeps its ID.
//!
//! **SAM-native or plain.** By default both templates hold the plain `AWS::ApiGateway::*`
//! resources (SAM passes them through). With [`RestApiBuilder::sam_native`] the SAM template
//! holds an `AWS::Serverless::Api` (under the API's logical ID, `OpenApiVersion` set so SAM
//! creates no extra `Stage` stage) and an `Api` event on each integrated function — what
//! `sam local start-api` reads routes from — and the plain template holds what
//! aws-sam-translator expands them to, so the differential check can prove the two agree.
//! Such an API can use only what SAM's events express (Lambda proxy integrations, Step
//! Functions `StartExecution` as a state machine's `Api` event, authorizers, IAM, API keys,
//! stage settings); the rest is a synth error naming it. An API
//! with other integrations, CORS preflights, models or validators stays plain in both
//! templates (`sam local start-api` then serves it from the plain template).

mod api_key;
mod authorizer;
mod aws_integrations;
mod cors;
mod deployment;
mod domain_name;
mod gateway_response;
mod integration;
mod method;
mod model;
mod request_validator;
mod resource;
mod rest_api;
mod sam;
mod stage;
mod usage_plan;

pub use api_key::{ApiKey, ApiKeyBuilder};
pub use authorizer::{Authorizer, AuthorizerBuilder};
pub use aws_integrations::DynamoDbAction;
pub(crate) use aws_integrations::SYNC_ALIAS_HINT;
pub use cors::CorsOptions;
pub use deployment::Deployment;
pub use domain_name::{DomainName, DomainNameBuilder, SecurityPolicy};
pub use gateway_response::{GatewayResponse, GatewayResponseBuilder, ResponseType};
pub use integration::{Integration, IntegrationResponse, MethodResponse, PassthroughBehavior};
pub use method::{Authorization, HttpMethod, Method, MethodOptions};
pub use model::{Model, ModelBuilder, JSON_SCHEMA_DRAFT_4};
pub use request_validator::{RequestValidator, RequestValidatorBuilder};
pub use resource::Resource;
pub use rest_api::{EndpointType, RestApi, RestApiBuilder};
pub use stage::{
    AccessLogFormat, CacheClusterSize, Canary, LoggingLevel, MethodSettings, Stage, StageOptions,
};
pub use usage_plan::{Period, UsagePlan, UsagePlanBuilder};

use cdk_core::Str;

use crate::util::literal;

/// The action that invokes an API (`execute-api:Invoke`), what IAM authorization checks.
pub const INVOKE_ACTIONS: &[&str] = &["execute-api:Invoke"];

/// `Fn::Join` of `parts` with adjacent literals merged (AWS CDK's token concatenation), or
/// the literal itself when every part is one.
pub(crate) fn concat(parts: Vec<Str>) -> Str {
    let mut merged: Vec<Str> = Vec::new();
    let mut pending = String::new();
    for part in parts {
        match literal(&part) {
            Some(text) => pending.push_str(&text),
            None => {
                if !pending.is_empty() {
                    merged.push(Str::from(std::mem::take(&mut pending).as_str()));
                }
                merged.push(part);
            }
        }
    }
    if merged.is_empty() {
        return Str::from(pending.as_str());
    }
    if !pending.is_empty() {
        merged.push(Str::from(pending.as_str()));
    }
    cdk_core::fns::join("", merged)
}

/// 64-bit FNV-1a of `bytes` as 16 lowercase hex digits: the deployment's definition hash.
/// Not cryptographic (nothing here is secret); stable across platforms and releases.
pub(crate) fn fnv1a_hex(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_published_function() {
        // Test vectors of FNV-1a 64 (draft-eastlake-fnv).
        assert_eq!(fnv1a_hex(b""), "cbf29ce484222325");
        assert_eq!(fnv1a_hex(b"a"), "af63dc4c8601ec8c");
        assert_eq!(fnv1a_hex(b"foobar"), "85944171f73967e8");
    }

    #[test]
    fn concat_merges_literals() {
        assert_eq!(
            literal(&concat(vec!["a".into(), "b".into()])).as_deref(),
            Some("ab")
        );
        assert_eq!(
            literal(&concat(vec![cdk_core::Aws::region(), "b".into()])),
            None
        );
    }
}

//! REST APIs in the differential check: aws-sam-translator renders an `AWS::Serverless::Api`
//! as one `AWS::ApiGateway::RestApi` whose `Body` (OpenAPI) holds the routes, integrations
//! and authorizers, where the plain template has `Resource`, `Method` and `Authorizer`
//! resources. Such a pair (a RestApi with a `Body` in the translation, without one in the
//! plain template) is compared by structure:
//!
//! * **routes**: `<METHOD> <path>` (the `Body`'s `paths`; the plain template's methods, each
//!   path rebuilt from its resources' `PathPart`s), each with its integration (`Type`,
//!   `IntegrationHttpMethod`, `Uri` with the target function or alias through the pairing,
//!   `TimeoutInMillis`, `Credentials`, `RequestTemplates`, `PassthroughBehavior`, the
//!   `responses` keyed by selection pattern as the `IntegrationResponses` API Gateway imports,
//!   any other key), authorization type, authorizer (by name) and API key requirement; the
//!   operation's `responses` are its `MethodResponses` (a state machine's `Api` event declares
//!   `200` and `400`); any other property of a method (parameters, models) is part of its
//!   route, so it shows as a difference;
//! * **authorizers** by name: type, URI, identity source, validation expression, result TTL,
//!   provider ARNs; **gateway responses** by type: status, parameters, templates;
//! * the RestApi's other properties, and its **stages** (paired by name) and their
//!   **deployments** (paired through the stages' `DeploymentId`) property by property.
//!
//! The functions' invoke permissions are compared with each function's event wiring.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::openapi::{self, OPERATIONS};
use super::{pair_label, single_ref, Both, Canon, Pairing, Tpl};

const REST_API: &str = "AWS::ApiGateway::RestApi";
const API_RESOURCE: &str = "AWS::ApiGateway::Resource";
const METHOD: &str = "AWS::ApiGateway::Method";
const AUTHORIZER: &str = "AWS::ApiGateway::Authorizer";
const STAGE: &str = "AWS::ApiGateway::Stage";
const DEPLOYMENT: &str = "AWS::ApiGateway::Deployment";
const GATEWAY_RESPONSE: &str = "AWS::ApiGateway::GatewayResponse";
const MODEL: &str = "AWS::ApiGateway::Model";
const REQUEST_VALIDATOR: &str = "AWS::ApiGateway::RequestValidator";

/// The resources of one side that refer to `api` through `RestApiId`.
fn of_api<'a>(t: &Tpl<'a>, ty: &str, api: &str) -> Vec<&'a str> {
    openapi::of_api(t, ty, "RestApiId", api)
}

/// The RestApi pairs whose SAM side is a SAM-generated API (`Body`) and whose plain side is
/// a tree of resources (no `Body`).
pub(super) fn body_pairs(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &Pairing) -> Vec<(String, String)> {
    openapi::body_pairs(sam, pln, pairing, REST_API)
}

/// Pairs each paired RestApi's stages by `StageName`, and the deployments they point at.
pub(super) fn pair_stages(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &mut Pairing) {
    for (s_stage, p_stage) in
        openapi::stages_by_name(sam, pln, pairing, (REST_API, STAGE, "RestApiId"))
    {
        pairing.link(&s_stage, &p_stage);
        let deployment = |t: &Tpl<'_>, stage: &str| {
            single_ref(t.prop(stage, "DeploymentId")).filter(|d| t.type_of(d) == Some(DEPLOYMENT))
        };
        if let (Some(s_d), Some(p_d)) = (deployment(sam, &s_stage), deployment(pln, &p_stage)) {
            pairing.link(&s_d, &p_d);
        }
    }
}

/// The plain resources a SAM-generated API's `Body` stands for (its resources, methods,
/// authorizers, gateway responses, models and request validators), not counted by type.
pub(super) fn expanded_into_body(
    sam: &Tpl<'_>,
    pln: &Tpl<'_>,
    pairing: &Pairing,
) -> BTreeSet<String> {
    openapi::expanded_into_body(
        sam,
        pln,
        pairing,
        (REST_API, "RestApiId"),
        &[
            API_RESOURCE,
            METHOD,
            AUTHORIZER,
            GATEWAY_RESPONSE,
            MODEL,
            REQUEST_VALIDATOR,
        ],
    )
}

/// Compares every SAM-generated API with its plain counterpart (see the module docs); adds
/// what it accounts for to `covered_*`.
pub(super) fn compare(
    both: &Both<'_, '_, '_>,
    pairing: &Pairing,
    covered_sam: &mut BTreeSet<String>,
    covered_plain: &mut BTreeSet<String>,
    diffs: &mut Vec<String>,
) {
    let (sam, pln) = (both.sam.tpl, both.plain.tpl);
    for (s_api, p_api) in body_pairs(sam, pln, pairing) {
        let label = pair_label("REST API", &s_api, &p_api);
        covered_sam.insert(s_api.clone());
        covered_plain.insert(p_api.clone());
        // The RestApi's own properties.
        let mut s_props = both.sam.props(&s_api);
        let body = s_props.remove("Body").unwrap_or(Value::Null);
        if let (Some(params), Some(types)) = (
            s_props.get("Parameters"),
            s_props
                .get("EndpointConfiguration")
                .and_then(|e| e.get("Types")),
        ) {
            // IGNORED: `Parameters.endpointConfigurationTypes`, which SAM writes beside
            // `EndpointConfiguration`: an import parameter read only with a `Body`, which the
            // plain template does not have; it says what `EndpointConfiguration` says.
            let joined = types.as_array().map(|t| {
                t.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(",")
            });
            if params == &json!({ "endpointConfigurationTypes": joined }) {
                s_props.remove("Parameters");
            }
        }
        both.compare_maps(
            &label,
            "property",
            &s_props,
            &both.plain.props(&p_api),
            diffs,
        );
        both.compare_attributes(&label, &s_api, &p_api, diffs);
        // Routes and authorizers.
        let (s_routes, s_auth) = body_routes(&body);
        let (p_routes, p_auth) = plain_routes(both.plain, &p_api, covered_plain);
        both.compare_maps(&label, "route", &s_routes, &p_routes, diffs);
        both.compare_maps(&label, "authorizer", &s_auth, &p_auth, diffs);
        both.compare_maps(
            &label,
            "gateway response",
            &body_gateway_responses(&body),
            &plain_gateway_responses(both.plain, &p_api, covered_plain),
            diffs,
        );
        let (s_models, s_validators) = body_models_and_validators(&body);
        let p_models = plain_by_name(both.plain, MODEL, &p_api, covered_plain);
        both.compare_maps(&label, "model", &s_models, &p_models, diffs);
        let p_validators = plain_by_name(both.plain, REQUEST_VALIDATOR, &p_api, covered_plain);
        both.compare_maps(
            &label,
            "request validator",
            &s_validators,
            &p_validators,
            diffs,
        );
        // Stages and their deployments.
        openapi::compare_stages(
            both,
            pairing,
            (&label, &s_api, &p_api),
            (STAGE, "RestApiId"),
            (covered_sam, covered_plain),
            &|_, _, _| {},
            diffs,
        );
        for s_dep in of_api(sam, DEPLOYMENT, &s_api) {
            covered_sam.insert(s_dep.to_string());
            let Some(p_dep) = pairing.plain_of(s_dep) else {
                diffs.push(format!("{label}: deployment `{s_dep}` of the SAM translation has no counterpart (no stage of the plain template's API points at a deployment)"));
                continue;
            };
            covered_plain.insert(p_dep.to_string());
            let l = pair_label("deployment", s_dep, p_dep);
            let mut s_props = both.sam.props(s_dep);
            if s_props
                .get("Description")
                .and_then(Value::as_str)
                .is_some_and(|d| d.starts_with("RestApi deployment id: "))
            {
                // IGNORED: the description SAM writes on its deployment, its hash of the
                // `Body` (ours is in the deployment's logical ID, hashed from the definition).
                s_props.remove("Description");
            }
            both.compare_maps(&l, "property", &s_props, &both.plain.props(p_dep), diffs);
            let (mut sa, mut pa) = (both.sam.attributes(s_dep), both.plain.attributes(p_dep));
            // IGNORED: a deployment's `DependsOn`: ours waits for the methods and resources
            // it deploys; SAM's routes are in the RestApi's `Body`, which it references.
            sa.remove("DependsOn");
            pa.remove("DependsOn");
            both.compare_maps(&l, "attribute", &sa, &pa, diffs);
        }
        for p_dep in of_api(pln, DEPLOYMENT, &p_api) {
            if covered_plain.insert(p_dep.to_string()) {
                diffs.push(format!("{label}: deployment `{p_dep}` of the plain template has no counterpart in the SAM translation"));
            }
        }
    }
}

/// A `requestBody` of SAM's (`content.<type>.schema.$ref` to a model) as the plain method's
/// `RequestModels`: content type → model name.
fn request_models(body: &Value) -> Value {
    let mut out = Map::new();
    for (ct, media) in body
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let name = media
            .pointer("/schema/$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
            .map_or_else(|| media.clone(), |n| Value::String(n.to_string()));
        out.insert(ct.clone(), name);
    }
    if let Some(extra) = body.as_object() {
        for (k, v) in extra {
            if k != "content" {
                out.insert(format!("openapi:{k}"), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// OpenAPI `parameters` (`in`, `name`, `required`) as the plain method's
/// `RequestParameters`: `method.request.<querystring|path|header>.<name>` → required.
fn request_parameters(parameters: &Value) -> Value {
    let mut out = Map::new();
    for p in parameters.as_array().into_iter().flatten() {
        let location = match p.get("in").and_then(Value::as_str) {
            Some("query") => "querystring",
            Some(other) => other,
            None => "?",
        };
        let name = p.get("name").and_then(Value::as_str).unwrap_or("?");
        let required = p.get("required").cloned().unwrap_or(Value::Bool(false));
        // IGNORED: the `type: string` SAM writes on each parameter; a method request
        // parameter has no type in API Gateway.
        out.insert(format!("method.request.{location}.{name}"), required);
    }
    Value::Object(out)
}

/// The models of a canonical `Body` (`components.schemas` or Swagger's `definitions`) by
/// name, in the plain template's names; and its request validators by name.
fn body_models_and_validators(body: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let mut models = Map::new();
    for (name, schema) in body
        .pointer("/components/schemas")
        .or_else(|| body.get("definitions"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        models.insert(
            name.clone(),
            json!({"ContentType": "application/json", "Name": name, "Schema": schema}),
        );
    }
    let mut validators = Map::new();
    for (name, v) in body
        .get("x-amazon-apigateway-request-validators")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut m = Map::new();
        m.insert("Name".into(), Value::String(name.clone()));
        for (k, v) in v.as_object().into_iter().flatten() {
            let key = match k.as_str() {
                "validateRequestBody" => "ValidateRequestBody".to_string(),
                "validateRequestParameters" => "ValidateRequestParameters".to_string(),
                other => format!("openapi:{other}"),
            };
            m.insert(key, v.clone());
        }
        validators.insert(name.clone(), Value::Object(m));
    }
    (models, validators)
}

/// The plain template's resources of `ty` of `api` by `Name`, without `RestApiId`; adds them
/// to `covered`.
fn plain_by_name(
    canon: &Canon<'_, '_>,
    ty: &str,
    api: &str,
    covered: &mut BTreeSet<String>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for id in of_api(canon.tpl, ty, api) {
        covered.insert(id.to_string());
        let mut props = canon.props(id);
        props.remove("RestApiId");
        let name = match props.get("Name") {
            Some(Value::String(n)) => n.clone(),
            other => format!("{other:?}"),
        };
        out.insert(name, Value::Object(props));
    }
    out
}

/// The gateway responses of a canonical `Body` by type, in the plain template's names.
fn body_gateway_responses(body: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for (ty, r) in body
        .get("x-amazon-apigateway-gateway-responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut m = Map::new();
        for (key, v) in r.as_object().into_iter().flatten() {
            if v == &json!({}) {
                // IGNORED: the empty `responseParameters`/`responseTemplates` SAM writes for
                // a response without them, which is none.
                continue;
            }
            let name = match key.as_str() {
                "statusCode" => "StatusCode".to_string(),
                "responseParameters" => "ResponseParameters".to_string(),
                "responseTemplates" => "ResponseTemplates".to_string(),
                other => format!("openapi:{other}"),
            };
            m.insert(name, v.clone());
        }
        out.insert(ty.clone(), Value::Object(m));
    }
    out
}

/// The plain template's gateway responses of `api` by type; adds them to `covered`.
fn plain_gateway_responses(
    canon: &Canon<'_, '_>,
    api: &str,
    covered: &mut BTreeSet<String>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for id in of_api(canon.tpl, GATEWAY_RESPONSE, api) {
        covered.insert(id.to_string());
        let mut props = canon.props(id);
        props.remove("RestApiId");
        let ty = match props.remove("ResponseType") {
            Some(Value::String(t)) => t,
            other => format!("{other:?}"),
        };
        out.insert(ty, Value::Object(props));
    }
    out
}

/// The routes and authorizers of a canonical OpenAPI (or Swagger) `Body`, in the plain
/// template's property names.
fn body_routes(body: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let schemes = body
        .pointer("/components/securitySchemes")
        .or_else(|| body.get("securityDefinitions"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut authorizers = Map::new();
    let mut kinds: BTreeMap<String, String> = BTreeMap::new();
    for (name, scheme) in &schemes {
        let Some(a) = scheme.get("x-amazon-apigateway-authorizer") else {
            continue;
        };
        let ty = a
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_uppercase();
        kinds.insert(
            name.clone(),
            if ty == "COGNITO_USER_POOLS" {
                ty.clone()
            } else {
                "CUSTOM".into()
            },
        );
        let mut m = Map::new();
        m.insert("Type".into(), Value::String(ty.clone()));
        let identity = a.get("identitySource").cloned().or_else(|| {
            (scheme.get("in").and_then(Value::as_str) == Some("header"))
                .then(|| scheme.get("name").and_then(Value::as_str))
                .flatten()
                .map(|h| Value::String(format!("method.request.header.{h}")))
        });
        for (key, plain) in [
            ("authorizerUri", "AuthorizerUri"),
            (
                "authorizerResultTtlInSeconds",
                "AuthorizerResultTtlInSeconds",
            ),
            (
                "identityValidationExpression",
                "IdentityValidationExpression",
            ),
            ("providerARNs", "ProviderARNs"),
            ("authorizerCredentials", "AuthorizerCredentials"),
        ] {
            if let Some(v) = a.get(key) {
                m.insert(plain.into(), v.clone());
            }
        }
        if let Some(i) = identity {
            m.insert("IdentitySource".into(), i);
        }
        for (key, v) in a.as_object().into_iter().flatten() {
            if ![
                "type",
                "authorizerUri",
                "authorizerResultTtlInSeconds",
                "identityValidationExpression",
                "providerARNs",
                "authorizerCredentials",
                "identitySource",
            ]
            .contains(&key.as_str())
            {
                m.insert(format!("openapi:{key}"), v.clone());
            }
        }
        authorizers.insert(name.clone(), Value::Object(m));
    }
    let mut routes = Map::new();
    for (path, item) in body
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (op, operation) in item.as_object().into_iter().flatten() {
            let Some((_, method)) = OPERATIONS.iter().find(|(k, _)| k == op) else {
                routes.insert(format!("{path} (OpenAPI key {op})"), operation.clone());
                continue;
            };
            let mut route = Map::new();
            let mut authorization = "NONE".to_string();
            let mut authorizer = Value::Null;
            let mut api_key = false;
            for requirement in operation
                .get("security")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for name in requirement
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                {
                    match name.as_str() {
                        "api_key" => api_key = true,
                        "AWS_IAM" => authorization = "AWS_IAM".into(),
                        other => {
                            authorization = kinds
                                .get(other)
                                .cloned()
                                .unwrap_or_else(|| format!("unknown scheme {other}"));
                            authorizer = Value::String(other.to_string());
                        }
                    }
                }
            }
            let mut integration = Map::new();
            for (key, v) in operation
                .get("x-amazon-apigateway-integration")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let (name, value) = match key.as_str() {
                    "type" => (
                        "Type".to_string(),
                        Value::String(v.as_str().unwrap_or_default().to_ascii_uppercase()),
                    ),
                    "httpMethod" => ("IntegrationHttpMethod".to_string(), v.clone()),
                    "uri" => ("Uri".to_string(), v.clone()),
                    "timeoutInMillis" => ("TimeoutInMillis".to_string(), v.clone()),
                    "credentials" => ("Credentials".to_string(), v.clone()),
                    "requestTemplates" => ("RequestTemplates".to_string(), v.clone()),
                    "passthroughBehavior" => ("PassthroughBehavior".to_string(), v.clone()),
                    "responses" => ("IntegrationResponses".to_string(), integration_responses(v)),
                    other => (format!("openapi:{other}"), v.clone()),
                };
                integration.insert(name, value);
            }
            route.insert("Integration".into(), Value::Object(integration));
            route.insert("AuthorizationType".into(), Value::String(authorization));
            route.insert("Authorizer".into(), authorizer);
            route.insert("ApiKeyRequired".into(), Value::Bool(api_key));
            for (key, v) in operation.as_object().into_iter().flatten() {
                // IGNORED: SAM's empty `responses` on every operation (OpenAPI requires the
                // key); a response it declares is compared.
                let empty_responses = key == "responses" && v == &json!({});
                match key.as_str() {
                    "security" | "x-amazon-apigateway-integration" => {}
                    _ if empty_responses => {}
                    "responses" => {
                        route.insert("method:MethodResponses".into(), method_responses(v));
                    }
                    "requestBody" => {
                        route.insert("method:RequestModels".into(), request_models(v));
                    }
                    "parameters" => {
                        route.insert("method:RequestParameters".into(), request_parameters(v));
                    }
                    "x-amazon-apigateway-request-validator" => {
                        route.insert("method:RequestValidator".into(), v.clone());
                    }
                    _ => {
                        route.insert(format!("openapi:{key}"), v.clone());
                    }
                }
            }
            routes.insert(format!("{method} {path}"), Value::Object(route));
        }
    }
    (routes, authorizers)
}

/// An integration's OpenAPI `responses` (keyed by selection pattern, `default` for none) as
/// the `IntegrationResponses` list API Gateway imports them into, in the body's order.
fn integration_responses(responses: &Value) -> Value {
    let Some(map) = responses.as_object() else {
        return responses.clone();
    };
    let list = map
        .iter()
        .map(|(pattern, r)| {
            let mut out = Map::new();
            for (key, v) in r.as_object().into_iter().flatten() {
                let name = match key.as_str() {
                    "statusCode" => "StatusCode".to_string(),
                    "responseParameters" => "ResponseParameters".to_string(),
                    "responseTemplates" => "ResponseTemplates".to_string(),
                    other => format!("openapi:{other}"),
                };
                out.insert(name, v.clone());
            }
            if pattern != "default" {
                out.insert("SelectionPattern".into(), Value::String(pattern.clone()));
            }
            Value::Object(out)
        })
        .collect();
    Value::Array(list)
}

/// An operation's OpenAPI `responses` (keyed by status) as the method's `MethodResponses`.
fn method_responses(responses: &Value) -> Value {
    let Some(map) = responses.as_object() else {
        return responses.clone();
    };
    let list = map
        .iter()
        .map(|(status, r)| {
            let mut out = Map::new();
            out.insert("StatusCode".into(), Value::String(status.clone()));
            for (key, v) in r.as_object().into_iter().flatten() {
                // IGNORED: a response's `description`, which OpenAPI requires and API
                // Gateway's method responses do not have (an import drops it).
                if key != "description" {
                    out.insert(format!("openapi:{key}"), v.clone());
                }
            }
            Value::Object(out)
        })
        .collect();
    Value::Array(list)
}

/// The routes and authorizers of the plain template's API `api`, in the same shape as
/// [`body_routes`]; adds the resources read to `covered`.
fn plain_routes(
    canon: &Canon<'_, '_>,
    api: &str,
    covered: &mut BTreeSet<String>,
) -> (Map<String, Value>, Map<String, Value>) {
    let t = canon.tpl;
    // Each resource's path, from its parent's.
    let mut paths: BTreeMap<String, String> = BTreeMap::new();
    let resources = of_api(t, API_RESOURCE, api);
    loop {
        let before = paths.len();
        for id in &resources {
            if paths.contains_key(*id) {
                continue;
            }
            let part = t
                .prop(id, "PathPart")
                .and_then(Value::as_str)
                .unwrap_or("?");
            let parent = t.prop(id, "ParentId");
            let parent_path = match parent.and_then(|p| p.get("Fn::GetAtt")) {
                Some(_) => Some(String::new()),
                None => single_ref(parent).and_then(|p| paths.get(&p).cloned()),
            };
            if let Some(pp) = parent_path {
                paths.insert(id.to_string(), format!("{pp}/{part}"));
            }
        }
        if paths.len() == before {
            break;
        }
    }
    covered.extend(resources.iter().map(|r| r.to_string()));
    let mut authorizers = Map::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for id in of_api(t, AUTHORIZER, api) {
        covered.insert(id.to_string());
        let mut props = canon.props(id);
        props.remove("RestApiId");
        let name = match props.remove("Name") {
            Some(Value::String(n)) => n,
            other => format!("{other:?}"),
        };
        names.insert(id.to_string(), name.clone());
        if let Some(Value::String(sources)) = props.get_mut("IdentitySource") {
            // IGNORED: the spaces in a list of identity sources (SAM joins them with `, `);
            // API Gateway splits the list at commas and trims each source.
            *sources = sources
                .split(',')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(", ");
        }
        authorizers.insert(name, Value::Object(props));
    }
    let named = |ty: &str, covered: &mut BTreeSet<String>| -> BTreeMap<String, String> {
        of_api(t, ty, api)
            .into_iter()
            .filter_map(|id| {
                covered.insert(id.to_string());
                Some((id.to_string(), t.prop(id, "Name")?.as_str()?.to_string()))
            })
            .collect()
    };
    let model_names = named(MODEL, covered);
    let validator_names = named(REQUEST_VALIDATOR, covered);
    let mut routes = Map::new();
    for id in of_api(t, METHOD, api) {
        covered.insert(id.to_string());
        let mut props = canon.props(id);
        let resource = single_ref(t.prop(id, "ResourceId"));
        let path = match t.prop(id, "ResourceId").and_then(|r| r.get("Fn::GetAtt")) {
            Some(_) => "/".to_string(),
            None => resource
                .and_then(|r| paths.get(&r).cloned())
                .unwrap_or_else(|| "?".to_string()),
        };
        let method = props
            .remove("HttpMethod")
            .and_then(|m| m.as_str().map(str::to_string))
            .unwrap_or_default();
        props.remove("ResourceId");
        props.remove("RestApiId");
        let authorizer = single_ref(t.prop(id, "AuthorizerId"))
            .and_then(|a| names.get(&a).cloned())
            .map_or(Value::Null, Value::String);
        props.remove("AuthorizerId");
        props.insert("Authorizer".into(), authorizer);
        if let Some(Value::Object(models)) = t.prop(id, "RequestModels") {
            // A model by its name, as the `Body` names it.
            let named: Map<String, Value> = models
                .iter()
                .map(|(ct, m)| {
                    let name = single_ref(Some(m))
                        .and_then(|r| model_names.get(&r).cloned())
                        .map_or_else(|| canon.norm(m), Value::String);
                    (ct.clone(), name)
                })
                .collect();
            props.insert("RequestModels".into(), Value::Object(named));
        }
        if let Some(v) = props.remove("RequestValidatorId") {
            let name = single_ref(t.prop(id, "RequestValidatorId"))
                .and_then(|r| validator_names.get(&r).cloned())
                .map_or(v, Value::String);
            props.insert("RequestValidator".into(), name);
        }
        let key = props.remove("ApiKeyRequired").unwrap_or(Value::Bool(false));
        props.insert("ApiKeyRequired".into(), key);
        let mut route = Map::new();
        for (k, v) in props {
            let name = if [
                "Integration",
                "AuthorizationType",
                "Authorizer",
                "ApiKeyRequired",
            ]
            .contains(&k.as_str())
            {
                k
            } else {
                format!("method:{k}")
            };
            route.insert(name, v);
        }
        routes.insert(format!("{method} {path}"), Value::Object(route));
    }
    (routes, authorizers)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::differential;

    fn uri(function: &str) -> Value {
        json!({"Fn::Sub": format!("arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{function}.Arn}}/invocations")})
    }

    /// A translation of an `AWS::Serverless::Api` with `GET /items/{id}` behind a TOKEN
    /// authorizer and an API key, and the plain template that agrees with it.
    fn api_pair() -> (Value, Value) {
        let function = json!({"Type": "AWS::Lambda::Function", "Properties": {
            "Code": {"ZipFile": "x"}, "Handler": "index.handler", "Runtime": "python3.13",
            "Role": "arn:aws:iam::123456789012:role/r"}});
        let auth_fn = json!({"Type": "AWS::Lambda::Function", "Properties": {
            "Code": {"ZipFile": "y"}, "Handler": "index.handler", "Runtime": "python3.13",
            "Role": "arn:aws:iam::123456789012:role/r"}});
        let permission = |stage: &str| {
            json!({"Type": "AWS::Lambda::Permission", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Fn"},
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": {"Fn::Sub": ["arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/GET/items/*",
                {"__ApiId__": {"Ref": "Api"}, "__Stage__": stage}]}}})
        };
        let stage = |deployment: &str| {
            json!({"Type": "AWS::ApiGateway::Stage", "Properties": {
            "DeploymentId": {"Ref": deployment}, "RestApiId": {"Ref": "Api"}, "StageName": "Prod",
            "MethodSettings": [{"HttpMethod": "*", "ResourcePath": "/*", "ThrottlingRateLimit": 10}]}})
        };
        let sam = json!({"Resources": {
            "Fn": function, "AuthFn": auth_fn,
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "Api", "Body": {
                "openapi": "3.0.1", "info": {"title": {"Ref": "AWS::StackName"}, "version": "1.0"},
                "paths": {"/items/{id}": {"get": {
                    "x-amazon-apigateway-integration": {"httpMethod": "POST", "type": "aws_proxy", "uri": uri("Fn")},
                    "security": [{"Tok": []}, {"api_key": []}], "responses": {}}}},
                "components": {"securitySchemes": {
                    "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
                    "Tok": {"type": "apiKey", "name": "Authorization", "in": "header",
                        "x-amazon-apigateway-authtype": "custom",
                        "x-amazon-apigateway-authorizer": {"type": "token",
                            "authorizerResultTtlInSeconds": 60, "authorizerUri": uri("AuthFn")}}}}}}},
            "ApiDeployment0123456789": {"Type": "AWS::ApiGateway::Deployment", "Properties": {
                "Description": "RestApi deployment id: 0123456789abcdef", "RestApiId": {"Ref": "Api"}}},
            "ApiProdStage": stage("ApiDeployment0123456789"),
            "FnGetPermissionProd": permission("*")
        }});
        let plain = json!({"Resources": {
            "Fn": function, "AuthFn": auth_fn,
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "Api"}},
            "Items": {"Type": "AWS::ApiGateway::Resource", "Properties": {
                "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "items", "RestApiId": {"Ref": "Api"}}},
            "ItemsId": {"Type": "AWS::ApiGateway::Resource", "Properties": {
                "ParentId": {"Ref": "Items"}, "PathPart": "{id}", "RestApiId": {"Ref": "Api"}}},
            "Tok": {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
                "Name": "Tok", "Type": "TOKEN", "RestApiId": {"Ref": "Api"}, "AuthorizerResultTtlInSeconds": 60,
                "IdentitySource": "method.request.header.Authorization",
                "AuthorizerUri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
                    ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": ["AuthFn", "Arn"]}, "/invocations"]]}}},
            "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
                "HttpMethod": "GET", "ResourceId": {"Ref": "ItemsId"}, "RestApiId": {"Ref": "Api"},
                "AuthorizationType": "CUSTOM", "AuthorizerId": {"Ref": "Tok"}, "ApiKeyRequired": true,
                "Integration": {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY", "Uri": uri("Fn")}}},
            "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["Get", "Items", "ItemsId"],
                "Properties": {"RestApiId": {"Ref": "Api"}}},
            "Stage": stage("Deployment"),
            "Permission": permission("*")
        }});
        (sam, plain)
    }

    #[test]
    fn a_rest_api_pairs_its_body_with_the_plain_tree() {
        let (sam, plain) = api_pair();
        let d = differential(&sam, &plain);
        assert!(d.is_empty(), "{d}");
    }

    /// A change to the plain template.
    type Change = dyn Fn(&mut Value);

    /// Each change to the plain side, and a line of the report it must cause.
    #[test]
    fn each_change_to_a_route_authorizer_stage_or_permission_is_caught() {
        let cases: Vec<(&str, Box<Change>)> = vec![
            (
                "route `GET /items/{id}`",
                Box::new(|p| {
                    p["Resources"]["Get"]["Properties"]["AuthorizationType"] = json!("AWS_IAM")
                }),
            ),
            (
                "route `GET /items/{id}`",
                Box::new(|p| p["Resources"]["Get"]["Properties"]["ApiKeyRequired"] = json!(false)),
            ),
            (
                "route `GET /items/{id}`",
                Box::new(|p| {
                    p["Resources"]["Get"]["Properties"]["Integration"]["Uri"] = uri("AuthFn")
                }),
            ),
            (
                "route `GET /items/{id}`",
                Box::new(|p| p["Resources"]["ItemsId"]["Properties"]["PathPart"] = json!("{key}")),
            ),
            (
                "route `GET /items/{id}`",
                Box::new(|p| {
                    p["Resources"]["Get"]["Properties"]["MethodResponses"] =
                        json!([{"StatusCode": "200"}])
                }),
            ),
            (
                "authorizer `Tok`",
                Box::new(|p| {
                    p["Resources"]["Tok"]["Properties"]["AuthorizerResultTtlInSeconds"] = json!(300)
                }),
            ),
            (
                "property `MethodSettings`",
                Box::new(|p| {
                    p["Resources"]["Stage"]["Properties"]["MethodSettings"][0]
                        ["ThrottlingRateLimit"] = json!(20)
                }),
            ),
            (
                "Permission",
                Box::new(|p| {
                    p["Resources"]["Permission"]["Properties"]["SourceArn"]["Fn::Sub"][1]
                        ["__Stage__"] = json!("Prod")
                }),
            ),
            (
                "property `Name`",
                Box::new(|p| p["Resources"]["Api"]["Properties"]["Name"] = json!("Other")),
            ),
        ];
        for (expected, change) in cases {
            let (sam, mut plain) = api_pair();
            change(&mut plain);
            let d = differential(&sam, &plain);
            assert!(
                d.differences.iter().any(|l| l.contains(expected)),
                "expected a difference naming {expected}, got:\n{d}"
            );
        }
    }
}

#[cfg(test)]
mod gateway_response_tests {
    use serde_json::json;

    use crate::differential;

    #[test]
    fn gateway_responses_pair_by_type_and_a_changed_status_is_caught() {
        let pair = |plain_status: &str| {
            let sam = json!({"Resources": {
                "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": {
                    "openapi": "3.0.1", "paths": {},
                    "x-amazon-apigateway-gateway-responses": {"DEFAULT_4XX": {
                        "statusCode": "400", "responseParameters": {}, "responseTemplates": {}}}}}}}});
            let plain = json!({"Resources": {
                "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {}},
                "R": {"Type": "AWS::ApiGateway::GatewayResponse", "Properties": {
                    "ResponseType": "DEFAULT_4XX", "RestApiId": {"Ref": "Api"}, "StatusCode": plain_status}}}});
            differential(&sam, &plain)
        };
        let same = pair("400");
        assert!(same.is_empty(), "{same}");
        let changed = pair("401");
        assert!(
            changed
                .differences
                .iter()
                .any(|d| d.contains("gateway response `DEFAULT_4XX`")),
            "{changed}"
        );
    }
}

#[cfg(test)]
mod model_tests {
    use serde_json::{json, Value};

    use crate::differential;

    /// A translated `POST /items` with a model, a request validator and a header parameter,
    /// and the plain template that agrees with it.
    fn pair() -> (Value, Value) {
        let schema = json!({"type": "object", "required": ["name"]});
        let integration = json!({"httpMethod": "POST", "type": "aws_proxy", "uri": "arn:fn"});
        let sam = json!({"Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": {
                "openapi": "3.0.1",
                "paths": {"/items": {"post": {
                    "x-amazon-apigateway-integration": integration,
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/item"}}}},
                    "x-amazon-apigateway-request-validator": "body-only",
                    "parameters": [{"in": "header", "name": "X-Tenant", "required": true, "type": "string"}],
                    "responses": {}}}},
                "x-amazon-apigateway-request-validators": {"body-only": {
                    "validateRequestBody": true, "validateRequestParameters": false}},
                "components": {"schemas": {"item": schema}}}}}}});
        let plain = json!({"Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {}},
            "Items": {"Type": "AWS::ApiGateway::Resource", "Properties": {
                "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "items", "RestApiId": {"Ref": "Api"}}},
            "Model": {"Type": "AWS::ApiGateway::Model", "Properties": {
                "ContentType": "application/json", "Name": "item", "RestApiId": {"Ref": "Api"}, "Schema": schema}},
            "Validator": {"Type": "AWS::ApiGateway::RequestValidator", "Properties": {
                "Name": "body-only", "RestApiId": {"Ref": "Api"},
                "ValidateRequestBody": true, "ValidateRequestParameters": false}},
            "Post": {"Type": "AWS::ApiGateway::Method", "Properties": {
                "AuthorizationType": "NONE", "HttpMethod": "POST", "ResourceId": {"Ref": "Items"},
                "RestApiId": {"Ref": "Api"},
                "Integration": {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY", "Uri": "arn:fn"},
                "RequestModels": {"application/json": {"Ref": "Model"}},
                "RequestParameters": {"method.request.header.X-Tenant": true},
                "RequestValidatorId": {"Ref": "Validator"}}}}});
        (sam, plain)
    }

    #[test]
    fn models_validators_and_parameters_compare_by_name() {
        let (sam, plain) = pair();
        let d = differential(&sam, &plain);
        assert!(d.is_empty(), "{d}");
        type Change = fn(&mut Value);
        let cases: Vec<(&str, Change)> = vec![
            ("model `item`", |p| {
                p["Resources"]["Model"]["Properties"]["Schema"]["required"] = json!([])
            }),
            ("request validator `body-only`", |p| {
                p["Resources"]["Validator"]["Properties"]["ValidateRequestParameters"] = json!(true)
            }),
            ("route `POST /items`", |p| {
                p["Resources"]["Post"]["Properties"]["RequestParameters"]
                    ["method.request.header.X-Tenant"] = json!(false)
            }),
            ("route `POST /items`", |p| {
                p["Resources"]["Post"]["Properties"]
                    .as_object_mut()
                    .unwrap()
                    .remove("RequestValidatorId");
            }),
        ];
        for (expected, change) in cases {
            let (sam, mut plain) = pair();
            change(&mut plain);
            let d = differential(&sam, &plain);
            assert!(
                d.differences.iter().any(|l| l.contains(expected)),
                "expected a difference naming {expected}, got:\n{d}"
            );
        }
    }
}

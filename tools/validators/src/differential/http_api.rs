//! HTTP APIs in the differential check: aws-sam-translator renders an
//! `AWS::Serverless::HttpApi` as one `AWS::ApiGatewayV2::Api` whose `Body` (OpenAPI) holds
//! the routes, integrations, authorizers and CORS configuration, where the plain template has
//! `Route`, `Integration` and `Authorizer` resources and the API's own properties. Such a
//! pair (an `Api` with a `Body` in the translation, without one in the plain template) is
//! compared by structure:
//!
//! * the **API**: the `Body`'s `info.title`, `info.version`, `info.description`,
//!   `x-amazon-apigateway-cors` and `servers[].x-amazon-apigateway-endpoint-configuration`
//!   as the plain `Name`, `Version`, `Description`, `CorsConfiguration` and
//!   `DisableExecuteApiEndpoint`, with every other property of either side;
//! * **routes**: the route key (`<METHOD> <path>`, `$default` for SAM's `isDefaultRoute`),
//!   each with its integration (`IntegrationType`, `IntegrationMethod`, `IntegrationUri`
//!   with the target function or alias through the pairing, `PayloadFormatVersion`,
//!   `TimeoutInMillis`, any other key), authorization type, authorizer (by name) and scopes;
//!   any other key of an operation or property of a route shows as a difference;
//! * **authorizers** by name: type, JWT configuration, identity sources, URI, result TTL,
//!   payload format, simple responses;
//! * **stages**, paired by name, property by property.
//!
//! The invoke permissions (each route's, and a Lambda authorizer's) are compared with each
//! function's event wiring.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::openapi::{self, OPERATIONS};
use super::{pair_label, single_ref, Both, Canon, Pairing, Tpl};

const API: &str = "AWS::ApiGatewayV2::Api";
const ROUTE: &str = "AWS::ApiGatewayV2::Route";
const INTEGRATION: &str = "AWS::ApiGatewayV2::Integration";
const AUTHORIZER: &str = "AWS::ApiGatewayV2::Authorizer";
const STAGE: &str = "AWS::ApiGatewayV2::Stage";

/// The resources of one side that refer to `api` through `ApiId`.
fn of_api<'a>(t: &Tpl<'a>, ty: &str, api: &str) -> Vec<&'a str> {
    openapi::of_api(t, ty, "ApiId", api)
}

/// The API pairs whose SAM side is a SAM-generated HTTP API (`Body`) and whose plain side is
/// an API with route resources (no `Body`).
pub(super) fn body_pairs(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &Pairing) -> Vec<(String, String)> {
    openapi::body_pairs(sam, pln, pairing, API)
}

/// Pairs each paired API's stages by `StageName`; for an API the translator renders as
/// resources (a WebSocket API: no `Body`), its routes by `RouteKey` and the integrations they
/// target.
pub(super) fn pair_stages(sam: &Tpl<'_>, pln: &Tpl<'_>, pairing: &mut Pairing) {
    for (s_stage, p_stage) in openapi::stages_by_name(sam, pln, pairing, (API, STAGE, "ApiId")) {
        pairing.link(&s_stage, &p_stage);
    }
    let apis: Vec<(String, String)> = sam
        .ids_of_type(API)
        .into_iter()
        .filter(|s| sam.prop(s, "Body").is_none())
        .filter_map(|s| Some((s.to_string(), pairing.plain_of(s)?.to_string())))
        .filter(|(_, p)| pln.type_of(p) == Some(API))
        .collect();
    for (s_api, p_api) in apis {
        let by_key = |t: &Tpl<'_>, api: &str| -> BTreeMap<String, String> {
            of_api(t, ROUTE, api)
                .into_iter()
                .filter_map(|id| {
                    Some((
                        t.prop(id, "RouteKey")?.as_str()?.to_string(),
                        id.to_string(),
                    ))
                })
                .collect()
        };
        let p_routes = by_key(pln, &p_api);
        for (key, s_route) in by_key(sam, &s_api) {
            let Some(p_route) = p_routes.get(&key) else {
                continue;
            };
            pairing.link(&s_route, p_route);
            let target = |t: &Tpl<'_>, route: &str| {
                single_ref(t.prop(route, "Target")).filter(|i| t.type_of(i) == Some(INTEGRATION))
            };
            if let (Some(s_i), Some(p_i)) = (target(sam, &s_route), target(pln, p_route)) {
                pairing.link(&s_i, &p_i);
            }
        }
    }
}

/// The plain resources a SAM-generated HTTP API's `Body` stands for (its routes,
/// integrations and authorizers), not counted by type.
pub(super) fn expanded_into_body(
    sam: &Tpl<'_>,
    pln: &Tpl<'_>,
    pairing: &Pairing,
) -> BTreeSet<String> {
    openapi::expanded_into_body(
        sam,
        pln,
        pairing,
        (API, "ApiId"),
        &[ROUTE, INTEGRATION, AUTHORIZER],
    )
}

/// Compares every SAM-generated HTTP API with its plain counterpart (see the module docs);
/// adds what it accounts for to `covered_*`.
pub(super) fn compare(
    both: &Both<'_, '_, '_>,
    pairing: &Pairing,
    covered_sam: &mut BTreeSet<String>,
    covered_plain: &mut BTreeSet<String>,
    diffs: &mut Vec<String>,
) {
    let (sam, pln) = (both.sam.tpl, both.plain.tpl);
    for (s_api, p_api) in body_pairs(sam, pln, pairing) {
        let label = pair_label("HTTP API", &s_api, &p_api);
        covered_sam.insert(s_api.clone());
        covered_plain.insert(p_api.clone());
        let mut s_props = both.sam.props(&s_api);
        let body = s_props.remove("Body").unwrap_or(Value::Null);
        s_props.extend(body_api_properties(&body));
        both.compare_maps(
            &label,
            "property",
            &s_props,
            &both.plain.props(&p_api),
            diffs,
        );
        both.compare_attributes(&label, &s_api, &p_api, diffs);
        let (s_routes, s_auth) = body_routes(&body);
        let (p_routes, p_auth) = plain_routes(both.plain, &p_api, covered_plain);
        both.compare_maps(&label, "route", &s_routes, &p_routes, diffs);
        both.compare_maps(&label, "authorizer", &s_auth, &p_auth, diffs);
        openapi::compare_stages(
            both,
            pairing,
            (&label, &s_api, &p_api),
            (STAGE, "ApiId"),
            (covered_sam, covered_plain),
            // (The `httpapi:createdBy` tag SAM puts on the stage is ignored by `Canon::props`.)
            &|_, sa, pa| {
                // IGNORED: a stage's `DependsOn`: ours waits for the routes so that its
                // first automatic deployment has them; SAM's routes are in the API's
                // `Body`, which the stage references.
                sa.remove("DependsOn");
                pa.remove("DependsOn");
            },
            diffs,
        );
    }
}

/// The API properties a canonical `Body` states, in the plain template's names.
fn body_api_properties(body: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    // A `Body` is always an HTTP API's (WebSocket APIs are not imported from OpenAPI).
    out.insert("ProtocolType".into(), json!("HTTP"));
    for (key, v) in body.as_object().into_iter().flatten() {
        match key.as_str() {
            // IGNORED: the OpenAPI version of the document, a format, not a property.
            "openapi" => {}
            "paths" | "components" => {}
            "info" => {
                for (k, v) in v.as_object().into_iter().flatten() {
                    let name = match k.as_str() {
                        "title" => "Name".to_string(),
                        "version" => "Version".to_string(),
                        "description" => "Description".to_string(),
                        other => format!("openapi:info.{other}"),
                    };
                    out.insert(name, v.clone());
                }
            }
            "x-amazon-apigateway-cors" => {
                let mut cors = Map::new();
                for (k, v) in v.as_object().into_iter().flatten() {
                    let mut name = k.clone();
                    name[..1].make_ascii_uppercase();
                    cors.insert(name, v.clone());
                }
                out.insert("CorsConfiguration".into(), Value::Object(cors));
            }
            "servers" => {
                for server in v.as_array().into_iter().flatten() {
                    for (k, v) in server.as_object().into_iter().flatten() {
                        match (k.as_str(), v.get("disableExecuteApiEndpoint")) {
                            ("x-amazon-apigateway-endpoint-configuration", Some(d))
                                if v.as_object().map(Map::len) == Some(1) =>
                            {
                                out.insert("DisableExecuteApiEndpoint".into(), d.clone());
                            }
                            _ => {
                                out.insert(format!("openapi:servers.{k}"), v.clone());
                            }
                        }
                    }
                }
            }
            "tags" => {
                let rest: Vec<&Value> = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    // IGNORED: the `httpapi:createdBy: SAM` tag SAM puts on every HTTP API
                    // (as `lambda:createdBy` on functions).
                    .filter(|t| t.get("name") != Some(&json!("httpapi:createdBy")))
                    .collect();
                if !rest.is_empty() {
                    out.insert("openapi:tags".into(), json!(rest));
                }
            }
            other => {
                out.insert(format!("openapi:{other}"), v.clone());
            }
        }
    }
    out
}

/// The routes and authorizers of a canonical OpenAPI `Body`, in the plain template's
/// property names.
fn body_routes(body: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let schemes = body
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut authorizers = Map::new();
    let mut kinds: BTreeMap<String, &'static str> = BTreeMap::new();
    for (name, scheme) in &schemes {
        if scheme.get("x-amazon-apigateway-authtype") == Some(&json!("awsSigv4")) {
            kinds.insert(name.clone(), "AWS_IAM");
            continue;
        }
        let Some(a) = scheme.get("x-amazon-apigateway-authorizer") else {
            continue;
        };
        let jwt = a.get("type") == Some(&json!("jwt"));
        kinds.insert(name.clone(), if jwt { "JWT" } else { "CUSTOM" });
        let mut m = Map::new();
        m.insert("Name".into(), Value::String(name.clone()));
        for (key, v) in a.as_object().into_iter().flatten() {
            let (k, v) = match key.as_str() {
                "type" => (
                    "AuthorizerType".to_string(),
                    Value::String(v.as_str().unwrap_or_default().to_ascii_uppercase()),
                ),
                "jwtConfiguration" => {
                    let mut c = Map::new();
                    for (k, v) in v.as_object().into_iter().flatten() {
                        let mut n = k.clone();
                        n[..1].make_ascii_uppercase();
                        c.insert(n, v.clone());
                    }
                    ("JwtConfiguration".to_string(), Value::Object(c))
                }
                // A JWT authorizer's one source is a string in OpenAPI, a list in the plain
                // resource.
                "identitySource" if v.is_string() => {
                    ("IdentitySource".to_string(), json!([v.clone()]))
                }
                "identitySource" => ("IdentitySource".to_string(), v.clone()),
                "authorizerUri" => ("AuthorizerUri".to_string(), v.clone()),
                "authorizerResultTtlInSeconds" => {
                    ("AuthorizerResultTtlInSeconds".to_string(), v.clone())
                }
                "authorizerPayloadFormatVersion" => {
                    ("AuthorizerPayloadFormatVersion".to_string(), v.clone())
                }
                "enableSimpleResponses" => ("EnableSimpleResponses".to_string(), v.clone()),
                "authorizerCredentials" => ("AuthorizerCredentialsArn".to_string(), v.clone()),
                other => (format!("openapi:{other}"), v.clone()),
            };
            m.insert(k, v);
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
            let default_route = operation.get("isDefaultRoute") == Some(&json!(true));
            let key = if default_route {
                "$default".to_string()
            } else {
                format!("{method} {path}")
            };
            let mut route = Map::new();
            for requirement in operation
                .get("security")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for (name, scopes) in requirement.as_object().into_iter().flatten() {
                    // `NONE` is SAM's word for a route without the default authorizer.
                    if name == "NONE" {
                        continue;
                    }
                    let kind = kinds.get(name).copied().unwrap_or("unknown scheme");
                    route.insert("AuthorizationType".into(), json!(kind));
                    if kind != "AWS_IAM" {
                        route.insert("Authorizer".into(), json!(name));
                    }
                    if scopes.as_array().is_some_and(|s| !s.is_empty()) {
                        route.insert("AuthorizationScopes".into(), scopes.clone());
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
                        "IntegrationType".to_string(),
                        Value::String(v.as_str().unwrap_or_default().to_ascii_uppercase()),
                    ),
                    "httpMethod" => ("IntegrationMethod".to_string(), v.clone()),
                    "uri" => ("IntegrationUri".to_string(), v.clone()),
                    "payloadFormatVersion" => ("PayloadFormatVersion".to_string(), v.clone()),
                    "timeoutInMillis" => ("TimeoutInMillis".to_string(), v.clone()),
                    other => (format!("openapi:{other}"), v.clone()),
                };
                integration.insert(name, value);
            }
            route.insert("Integration".into(), Value::Object(integration));
            let variables = path_variables(path);
            for (key, v) in operation.as_object().into_iter().flatten() {
                // IGNORED: SAM's empty `responses` on every operation (OpenAPI requires the
                // key), and the `parameters` it declares for exactly the path's variables
                // (the route key says them); anything else is compared.
                let empty_responses = key == "responses" && v == &json!({});
                let path_parameters = key == "parameters" && v == &variables;
                if ![
                    "security",
                    "x-amazon-apigateway-integration",
                    "isDefaultRoute",
                ]
                .contains(&key.as_str())
                    && !empty_responses
                    && !path_parameters
                {
                    route.insert(format!("openapi:{key}"), v.clone());
                }
            }
            routes.insert(key, Value::Object(route));
        }
    }
    (routes, authorizers)
}

/// The OpenAPI `parameters` SAM declares for `path`'s variables.
fn path_variables(path: &str) -> Value {
    let names: Vec<Value> = path
        .split('/')
        .filter_map(|p| p.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true}))
        .collect();
    Value::Array(names)
}

/// The routes and authorizers of the plain template's API `api`, in the same shape as
/// [`body_routes`]; adds the resources read to `covered`.
fn plain_routes(
    canon: &Canon<'_, '_>,
    api: &str,
    covered: &mut BTreeSet<String>,
) -> (Map<String, Value>, Map<String, Value>) {
    let t = canon.tpl;
    let mut authorizers = Map::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for id in of_api(t, AUTHORIZER, api) {
        covered.insert(id.to_string());
        let mut props = canon.props(id);
        props.remove("ApiId");
        let name = match props.get("Name") {
            Some(Value::String(n)) => n.clone(),
            other => format!("{other:?}"),
        };
        names.insert(id.to_string(), name.clone());
        authorizers.insert(name, Value::Object(props));
    }
    let integrations: BTreeSet<&str> = of_api(t, INTEGRATION, api).into_iter().collect();
    let mut routes = Map::new();
    for id in of_api(t, ROUTE, api) {
        covered.insert(id.to_string());
        let mut props = canon.props(id);
        props.remove("ApiId");
        let key = match props.remove("RouteKey") {
            Some(Value::String(k)) => k,
            other => format!("{other:?}"),
        };
        let mut route = Map::new();
        let target = single_ref(t.prop(id, "Target")).filter(|i| integrations.contains(i.as_str()));
        props.remove("Target");
        if let Some(integration) = target {
            covered.insert(integration.clone());
            let mut i = canon.props(&integration);
            i.remove("ApiId");
            route.insert("Integration".into(), Value::Object(i));
        }
        if let Some(authorizer) = single_ref(t.prop(id, "AuthorizerId")) {
            props.remove("AuthorizerId");
            let name = names.get(&authorizer).cloned().unwrap_or(authorizer);
            route.insert("Authorizer".into(), Value::String(name));
        }
        if props.get("AuthorizationType") == Some(&json!("NONE")) {
            // The default, which SAM's `Body` does not write.
            props.remove("AuthorizationType");
        }
        for (k, v) in props {
            let name = if ["AuthorizationType", "AuthorizationScopes"].contains(&k.as_str()) {
                k
            } else {
                format!("route:{k}")
            };
            route.insert(name, v);
        }
        routes.insert(key, Value::Object(route));
    }
    (routes, authorizers)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::differential;

    fn uri(function: &str) -> Value {
        json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{function}.Arn}}/invocations")})
    }

    /// A translation of an `AWS::Serverless::HttpApi` with `GET /items/{id}` behind a JWT
    /// authorizer with a scope, CORS and a `$default` stage, and the plain template that
    /// agrees with it.
    fn api_pair() -> (Value, Value) {
        let function = json!({"Type": "AWS::Lambda::Function", "Properties": {
            "Code": {"ZipFile": "x"}, "Handler": "index.handler", "Runtime": "python3.13",
            "Role": "arn:aws:iam::123456789012:role/r"}});
        let permission = json!({"Type": "AWS::Lambda::Permission", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Fn"},
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": {"Fn::Sub": ["arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/GET/items/*",
                {"__ApiId__": {"Ref": "Api"}, "__Stage__": "*"}]}}});
        let stage = json!({"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": {"Ref": "Api"}, "AutoDeploy": true, "StageName": "$default",
            "DefaultRouteSettings": {"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5}}});
        let jwt = json!({"Audience": ["client"], "Issuer": "https://issuer.example"});
        let sam = json!({"Resources": {
            "Fn": function,
            "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Body": {
                "openapi": "3.0.1", "info": {"title": "Api", "version": "1.0"},
                "x-amazon-apigateway-cors": {"allowOrigins": ["*"], "allowMethods": ["GET"]},
                "tags": [{"name": "httpapi:createdBy", "x-amazon-apigateway-tag-value": "SAM"}],
                "paths": {"/items/{id}": {"get": {
                    "x-amazon-apigateway-integration": {"httpMethod": "POST", "type": "aws_proxy",
                        "uri": uri("Fn"), "payloadFormatVersion": "2.0"},
                    "security": [{"Jwt": ["items/read"]}], "responses": {},
                    "parameters": [{"name": "id", "in": "path", "required": true}]}}},
                "components": {"securitySchemes": {"Jwt": {"type": "oauth2",
                    "x-amazon-apigateway-authorizer": {"type": "jwt",
                        "jwtConfiguration": {"audience": ["client"], "issuer": "https://issuer.example"},
                        "identitySource": "$request.header.Authorization"}}}}}}},
            "ApiApiGatewayDefaultStage": stage,
            "FnItemsPermission": permission
        }});
        let plain = json!({"Resources": {
            "Fn": function,
            "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "Api", "Version": "1.0",
                "ProtocolType": "HTTP",
                "CorsConfiguration": {"AllowOrigins": ["*"], "AllowMethods": ["GET"]}}},
            "Jwt": {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
                "ApiId": {"Ref": "Api"}, "AuthorizerType": "JWT", "Name": "Jwt",
                "IdentitySource": ["$request.header.Authorization"], "JwtConfiguration": jwt}},
            "Integration": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
                "ApiId": {"Ref": "Api"}, "IntegrationMethod": "POST", "IntegrationType": "AWS_PROXY",
                "IntegrationUri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:",
                    {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/",
                    {"Fn::GetAtt": ["Fn", "Arn"]}, "/invocations"]]},
                "PayloadFormatVersion": "2.0"}},
            "Route": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
                "ApiId": {"Ref": "Api"}, "AuthorizationType": "JWT", "AuthorizerId": {"Ref": "Jwt"},
                "AuthorizationScopes": ["items/read"], "RouteKey": "GET /items/{id}",
                "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "Integration"}]]}}},
            "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "DependsOn": ["Route"],
                "Properties": stage["Properties"].clone()},
            "Permission": permission
        }});
        (sam, plain)
    }

    #[test]
    fn an_http_api_pairs_its_body_with_the_plain_resources() {
        let (sam, plain) = api_pair();
        let d = differential(&sam, &plain);
        assert!(d.is_empty(), "{d}");
    }

    /// A change to the plain template.
    type Change = dyn Fn(&mut Value);

    #[test]
    fn each_change_to_a_route_authorizer_stage_api_or_permission_is_caught() {
        let cases: Vec<(&str, Box<Change>)> = vec![
            (
                "route `GET /items/{id}`",
                Box::new(|p| {
                    p["Resources"]["Route"]["Properties"]["AuthorizationScopes"] = json!(["x"])
                }),
            ),
            (
                "route `GET /items/{id}`",
                Box::new(|p| {
                    p["Resources"]["Integration"]["Properties"]["PayloadFormatVersion"] =
                        json!("1.0")
                }),
            ),
            (
                "route `GET /items/{id}`",
                Box::new(|p| {
                    p["Resources"]["Integration"]["Properties"]["TimeoutInMillis"] = json!(100)
                }),
            ),
            (
                "route `GET /items`",
                Box::new(|p| {
                    p["Resources"]["Route"]["Properties"]["RouteKey"] = json!("GET /items")
                }),
            ),
            (
                "authorizer `Jwt`",
                Box::new(|p| {
                    p["Resources"]["Jwt"]["Properties"]["JwtConfiguration"]["Audience"] =
                        json!(["other"])
                }),
            ),
            (
                "property `DefaultRouteSettings`",
                Box::new(|p| {
                    p["Resources"]["Stage"]["Properties"]["DefaultRouteSettings"]
                        ["ThrottlingRateLimit"] = json!(6)
                }),
            ),
            (
                "property `CorsConfiguration`",
                Box::new(|p| {
                    p["Resources"]["Api"]["Properties"]["CorsConfiguration"]["AllowOrigins"] =
                        json!(["https://a.example"])
                }),
            ),
            (
                "Permission",
                Box::new(|p| {
                    p["Resources"]["Permission"]["Properties"]["SourceArn"]["Fn::Sub"][0] = json!(
                        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/*/items/*"
                    )
                }),
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

//! The `HttpRoute` construct (`AWS::ApiGatewayV2::Route` of an HTTP API) and its route key.

use std::fmt;

use cdk_core::{CfnResource, Scope, Str};
use cfn_l1::apigatewayv2::CfnRoute;

use super::{HttpAuthorization, HttpMethod};
use crate::execute_api::{arn_path, execute_api_arn, path_part, PathPart};
use crate::iam::{Grant, Grantable};

/// What an HTTP API route matches: `GET /items/{id}`, `ANY /{proxy+}`, or `$default` (every
/// request no other route matches).
///
/// ```
/// use constructs::apigatewayv2::{HttpMethod, RouteKey};
///
/// assert_eq!(RouteKey::new(HttpMethod::Get, "/items/{id}").to_string(), "GET /items/{id}");
/// assert_eq!(RouteKey::default_route().to_string(), "$default");
/// assert_eq!(RouteKey::parse("ANY /{proxy+}").to_string(), "ANY /{proxy+}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteKey {
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Default,
    Route { method: String, path: String },
}

/// The methods an HTTP API route key takes.
const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY",
];

impl RouteKey {
    /// `method` on `path`. The path starts with `/`, its segments are literals (letters,
    /// digits, `.`, `_`, `-`), path variables `{name}`, or a greedy `{name+}` as the last
    /// segment; `/` alone is the root. A path API Gateway rejects is a synth error naming
    /// the route.
    pub fn new(method: HttpMethod, path: &str) -> RouteKey {
        RouteKey {
            kind: Kind::Route {
                method: method.as_str().to_string(),
                path: path.to_string(),
            },
        }
    }

    /// The `$default` route: every request no other route matches.
    pub fn default_route() -> RouteKey {
        RouteKey {
            kind: Kind::Default,
        }
    }

    /// A route key as API Gateway writes it, `"<METHOD> <path>"` or `"$default"`; checked
    /// when the route is added (a bad method or path is a synth error there).
    pub fn parse(key: &str) -> RouteKey {
        if key == "$default" {
            return RouteKey::default_route();
        }
        let (method, path) = key.split_once(' ').unwrap_or((key, ""));
        RouteKey {
            kind: Kind::Route {
                method: method.to_string(),
                path: path.to_string(),
            },
        }
    }

    /// Whether this is the `$default` route.
    pub fn is_default(&self) -> bool {
        self.kind == Kind::Default
    }

    /// The method (`GET`, …, `ANY`), or `None` for `$default`.
    pub fn method(&self) -> Option<&str> {
        match &self.kind {
            Kind::Default => None,
            Kind::Route { method, .. } => Some(method),
        }
    }

    /// The path (`/items/{id}`), or `None` for `$default`.
    pub fn path(&self) -> Option<&str> {
        match &self.kind {
            Kind::Default => None,
            Kind::Route { path, .. } => Some(path),
        }
    }

    /// The problem API Gateway would have with the key, as (message, hint).
    pub(super) fn problem(&self) -> Option<(String, String)> {
        let Kind::Route { method, path } = &self.kind else {
            return None;
        };
        if !METHODS.contains(&method.as_str()) {
            return Some((
                format!("`{method}` in the route key `{self}` is not an HTTP method of an HTTP API route"),
                format!("use one of {}, or RouteKey::default_route() for `$default`", METHODS.join(", ")),
            ));
        }
        let hint = "write the path as `/` or `/segment/...`: letters, digits, `.`, `_`, `-`, path variables `{name}`, and a greedy `{name+}` only as the last segment; no empty segment or trailing `/`";
        if path == "/" {
            return None;
        }
        let Some(rest) = path.strip_prefix('/') else {
            return Some((
                format!("the path `{path}` of the route `{self}` does not start with `/`"),
                hint.to_string(),
            ));
        };
        let parts: Vec<&str> = rest.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            match path_part(part) {
                None => {
                    return Some((
                        format!("`{part}` in the path `{path}` of the route `{self}` is not a valid path segment"),
                        hint.to_string(),
                    ))
                }
                Some(PathPart::Greedy) if i + 1 < parts.len() => {
                    return Some((
                        format!("the greedy variable `{part}` in `{path}` of the route `{self}` is not the last segment"),
                        "a `{name+}` segment matches the rest of the path; end the path with it".to_string(),
                    ))
                }
                _ => {}
            }
        }
        None
    }

    /// The key with path variables' names dropped, what two routes may not share.
    pub(super) fn normalized(&self) -> String {
        match &self.kind {
            Kind::Default => "$default".to_string(),
            Kind::Route { method, path } => {
                let path: Vec<String> = path
                    .split('/')
                    .map(|p| match path_part(p) {
                        Some(PathPart::Variable) => "{}".to_string(),
                        Some(PathPart::Greedy) => "{+}".to_string(),
                        _ => p.to_string(),
                    })
                    .collect();
                format!("{method} {}", path.join("/"))
            }
        }
    }

    /// The route's construct id: AWS CDK's `<METHOD><path>` with `/` as `--`
    /// (`GET--items--{id}`), `DefaultRoute` for `$default`.
    pub(super) fn construct_id(&self) -> String {
        match &self.kind {
            Kind::Default => "DefaultRoute".to_string(),
            Kind::Route { method, path } => format!("{method}{path}").replace('/', "--"),
        }
    }

    /// The part of an `execute-api` ARN after the stage: `/<METHOD>/<path>` (variables as
    /// `*`, `ANY` as `*`), `/$default` for the default route.
    pub(super) fn arn_suffix(&self) -> String {
        match &self.kind {
            Kind::Default => "/$default".to_string(),
            Kind::Route { method, path } => {
                let method = if method == "ANY" { "*" } else { method };
                let path = if path == "/" {
                    String::new()
                } else {
                    arn_path(path)
                };
                format!("/{method}{path}")
            }
        }
    }

    /// The path in a Lambda permission's `…/*/*<path>` (variables as `*`; empty for
    /// `$default` and `/`).
    pub(super) fn permission_path(&self) -> String {
        match &self.kind {
            Kind::Route { path, .. } if path != "/" => arn_path(path),
            _ => String::new(),
        }
    }
}

impl fmt::Display for RouteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Default => write!(f, "$default"),
            Kind::Route { method, path } => write!(f, "{method} {path}"),
        }
    }
}

/// The options of [`HttpApi::add_route_with`](super::HttpApi::add_route_with).
#[derive(Clone, Debug, Default)]
pub struct RouteOptions {
    pub(super) authorization: Option<HttpAuthorization>,
    pub(super) throttle: Option<(f64, u32)>,
}

impl RouteOptions {
    /// The defaults: the API's default authorization.
    pub fn new() -> RouteOptions {
        RouteOptions::default()
    }

    /// Who may call the route (default: the API's
    /// [`default_authorization`](super::HttpApiBuilder::default_authorization), else
    /// anyone). [`HttpAuthorization::none`] here overrides the API's default.
    pub fn authorization(mut self, authorization: HttpAuthorization) -> Self {
        self.authorization = Some(authorization);
        self
    }

    /// Throttles this route to `rate_limit` requests per second (steady state, not negative)
    /// with bursts of `burst_limit`, in every stage (the stages' `RouteSettings`; default:
    /// the stage's limits).
    pub fn throttle(mut self, rate_limit: f64, burst_limit: u32) -> Self {
        self.throttle = Some((rate_limit, burst_limit));
        self
    }
}

/// A route of an [`HttpApi`](super::HttpApi): `<api>/<METHOD>--<path>/Resource` (AWS CDK's
/// path), with its integration under it. Cheap to clone.
#[derive(Clone)]
pub struct HttpRoute {
    scope: Scope,
    cfn: CfnRoute,
    api_id: Str,
    key: RouteKey,
}

crate::util::construct_handle!(HttpRoute);

impl HttpRoute {
    pub(super) fn from_parts(scope: Scope, cfn: CfnRoute, api_id: Str, key: RouteKey) -> HttpRoute {
        HttpRoute {
            scope,
            cfn,
            api_id,
            key,
        }
    }

    /// The route's key.
    pub fn route_key(&self) -> &RouteKey {
        &self.key
    }

    /// The route's id (`Ref`).
    pub fn route_id(&self) -> Str {
        self.cfn.ref_()
    }

    /// The route's `execute-api` ARN in every stage, `…:<api>/*/<METHOD>/<path>` (path
    /// variables and `ANY` as `*`; `…/*/$default` for the default route): what IAM
    /// authorization checks.
    pub fn arn(&self) -> Str {
        execute_api_arn(
            self.api_id.clone(),
            vec![format!("/*{}", self.key.arn_suffix()).as_str().into()],
        )
    }

    /// Lets `grantee` call this route in every stage (`execute-api:Invoke` on
    /// [`arn`](Self::arn)), what [`HttpAuthorization::iam`]
    /// checks.
    pub fn grant_invoke(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(grantee, super::INVOKE_ACTIONS, [self.arn()])
    }

    /// The route's typed L1 resource (`CfnRoute`).
    pub fn cfn(&self) -> &CfnRoute {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(key: &str) -> Option<String> {
        RouteKey::parse(key).problem().map(|(m, _)| m)
    }

    #[test]
    fn route_keys_api_gateway_takes() {
        for ok in [
            "GET /items/{id}",
            "ANY /{proxy+}",
            "$default",
            "POST /",
            "GET /v1.0/items",
            "DELETE /items/{id}/tags/{tag+}",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn route_keys_api_gateway_rejects() {
        for bad in [
            "FETCH /items",
            "get /items",
            "GET items",
            "GET /items/",
            "GET //items",
            "GET /items/{id",
            "GET /{proxy+}/x",
            "GET /a b",
            "GET",
            "$connect",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn ids_and_arns() {
        let key = RouteKey::new(HttpMethod::Get, "/items/{id}");
        assert_eq!(key.construct_id(), "GET--items--{id}");
        assert_eq!(key.arn_suffix(), "/GET/items/*");
        assert_eq!(key.permission_path(), "/items/*");
        let any = RouteKey::new(HttpMethod::Any, "/{proxy+}");
        assert_eq!(any.arn_suffix(), "/*/*");
        assert_eq!(RouteKey::default_route().construct_id(), "DefaultRoute");
        assert_eq!(RouteKey::default_route().permission_path(), "");
        assert_eq!(
            RouteKey::parse("GET /a/{x}").normalized(),
            RouteKey::parse("GET /a/{y}").normalized()
        );
    }
}

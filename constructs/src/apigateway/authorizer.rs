//! The `Authorizer` construct (`AWS::ApiGateway::Authorizer`): a Lambda TOKEN or REQUEST
//! authorizer, or a Cognito user pool authorizer.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{Aws, CfnResource, Construct, Flavor, Scope, Str, StrList};
use cfn_l1::apigateway::{CfnAuthorizer, CfnAuthorizerProps};
use cfn_l1::sam::api as serverless;
use serde_json::json;

use super::integration::invoke_uri;
use super::{concat, RestApi};
use crate::iam::Principal;
use crate::lambda::{Function, Permission};
use crate::util::literal;

/// The largest result cache TTL API Gateway takes, in seconds.
const MAX_TTL: u32 = 3600;

/// The identity-source prefixes a REQUEST authorizer takes.
const REQUEST_SOURCES: &[&str] = &[
    "method.request.header.",
    "method.request.querystring.",
    "method.request.multivalueheader.",
    "method.request.multivaluequerystring.",
    "stageVariables.",
    "context.",
];

#[derive(Clone, Debug)]
enum Kind {
    Token(Box<Function>),
    Request(Box<Function>),
    Cognito(Vec<Str>),
}

/// A custom authorizer of a [`RestApi`]'s methods: pass it to
/// [`Authorization::custom`](super::Authorization::custom). Its resource is created when a
/// first method uses it (an authorizer no method uses creates nothing, as its API is not
/// known before); methods of another API using it are a synth error. Cheap to clone.
#[derive(Clone)]
pub struct Authorizer {
    scope: Scope,
    inner: Rc<Inner>,
}

crate::util::construct_handle!(Authorizer);

struct Inner {
    kind: Kind,
    name: Option<Str>,
    identity_source: String,
    validation: Option<String>,
    ttl: u32,
    /// The L1 resource and its API, once a method used the authorizer.
    bound: RefCell<Option<(CfnAuthorizer, RestApi)>>,
}

/// Builds an [`Authorizer`]; see [`Authorizer::token`], [`Authorizer::request`],
/// [`Authorizer::cognito`].
#[must_use = "call .build() to create the authorizer"]
pub struct AuthorizerBuilder {
    scope: Scope,
    kind: Kind,
    name: Option<Str>,
    identity_source: Option<String>,
    validation: Option<String>,
    ttl: u32,
}

impl Authorizer {
    /// A Lambda TOKEN authorizer: `function` gets the caller's token (default: the
    /// `Authorization` header) and the method ARN, and returns a policy. API Gateway gets
    /// `lambda:InvokeFunction` on it, scoped to this authorizer's ARN (AWS CDK's permission
    /// `<function>/<authorizer unique id>:Permissions`). Results are cached 300 s by default.
    pub fn token(scope: &impl Construct, id: &str, function: &Function) -> AuthorizerBuilder {
        AuthorizerBuilder::new(scope, id, Kind::Token(Box::new(function.clone())))
    }

    /// A Lambda REQUEST authorizer: `function` gets the request's headers, query string,
    /// stage variables and context. The identity sources (required while results are
    /// cached) name what the cache is keyed on.
    pub fn request(scope: &impl Construct, id: &str, function: &Function) -> AuthorizerBuilder {
        AuthorizerBuilder::new(scope, id, Kind::Request(Box::new(function.clone())))
    }

    /// A Cognito user pool authorizer (`COGNITO_USER_POOLS`) accepting ID or access tokens
    /// (default: in the `Authorization` header) of the pools `user_pool_arns` (an imported
    /// pool's ARN is enough).
    pub fn cognito<S: Into<Str>>(
        scope: &impl Construct,
        id: &str,
        user_pool_arns: impl IntoIterator<Item = S>,
    ) -> AuthorizerBuilder {
        let arns = user_pool_arns.into_iter().map(Into::into).collect();
        AuthorizerBuilder::new(scope, id, Kind::Cognito(arns))
    }

    /// The authorization type methods using it get (`CUSTOM` or `COGNITO_USER_POOLS`).
    pub(super) fn authorization_type(&self) -> &'static str {
        match self.inner.kind {
            Kind::Cognito(_) => "COGNITO_USER_POOLS",
            _ => "CUSTOM",
        }
    }

    /// The authorizer's id for a method of `api` (`Ref`), creating its resource on first use.
    /// A second API is an error on `node` (the method's).
    pub(super) fn bind(&self, api: &RestApi, node: &cdk_core::Node) -> Str {
        if let Some((cfn, bound)) = self.inner.bound.borrow().as_ref() {
            if bound.node().path() != api.node().path() {
                node.add_error(
                    format!(
                        "the authorizer `{}` belongs to the API `{}`",
                        self.scope.node().path(),
                        bound.node().path()
                    ),
                    "an authorizer serves one REST API; make another Authorizer for this API",
                );
            }
            return cfn.ref_();
        }
        let inner = &self.inner;
        let (ty, uri, arns) = match &inner.kind {
            Kind::Token(f) => ("TOKEN", Some(invoke_uri(f)), None),
            Kind::Request(f) => ("REQUEST", Some(invoke_uri(f)), None),
            Kind::Cognito(arns) => (
                "COGNITO_USER_POOLS",
                None,
                Some(StrList::from(arns.clone())),
            ),
        };
        let cached = !matches!(inner.kind, Kind::Cognito(_));
        let name = inner
            .name
            .clone()
            .unwrap_or_else(|| Str::from(self.scope.node().unique_id().as_str()));
        let sam = api.sam();
        if sam.is_some() {
            self.add_to_sam_api(api, node);
        }
        let props = CfnAuthorizerProps::builder()
            .maybe_authorizer_result_ttl_in_seconds(cached.then_some(inner.ttl))
            .maybe_authorizer_uri(uri)
            .maybe_identity_source(
                (!inner.identity_source.is_empty()).then(|| inner.identity_source.clone()),
            )
            .maybe_identity_validation_expression(inner.validation.clone())
            .name(name)
            .maybe_provider_ar_ns(arns)
            .rest_api_id(api.rest_api_id())
            .r#type(ty)
            .build();
        let cfn = CfnAuthorizer::new(&self.scope, "Resource", props);
        if sam.is_some() {
            cfn.resource().only_in(Flavor::Cfn);
        }
        let function = match &inner.kind {
            Kind::Token(f) | Kind::Request(f) => Some(f),
            Kind::Cognito(_) => None,
        };
        let part = json!({
            "authorizer": self.scope.node().path(),
            "kind": ty,
            "function": function.map(|f| f.resource().logical_id()),
            "alias": function.and_then(|f| f.alias().map(|a| a.alias_name().to_string())),
            "providers": match &inner.kind {
                Kind::Cognito(arns) => arns.iter().map(Str::describe).collect::<Vec<_>>(),
                _ => Vec::new(),
            },
            "identitySource": inner.identity_source,
            "validation": inner.validation,
            "ttl": inner.ttl,
        });
        api.record(part.to_string(), cfn.resource());
        if let Some(f) = function {
            let mut parts: Vec<Str> = vec![
                "arn:".into(),
                Aws::partition(),
                ":execute-api:".into(),
                Aws::region(),
                ":".into(),
                Aws::account_id(),
                ":".into(),
                api.rest_api_id(),
                "/authorizers/".into(),
            ];
            // SAM's permission for an authorizer names every authorizer of the API.
            parts.push(if sam.is_some() {
                "*".into()
            } else {
                cfn.ref_()
            });
            let arn = concat(parts);
            let permission = f.add_trigger_permission(
                &**f,
                &format!("{}:Permissions", self.scope.node().unique_id()),
                Permission::new(Principal::service("apigateway.amazonaws.com")).source_arn(arn),
            );
            if sam.is_some() {
                permission.only_in(Flavor::Cfn);
            }
        }
        let id = cfn.ref_();
        *inner.bound.borrow_mut() = Some((cfn, api.clone()));
        id
    }

    /// The authorizer's name in a SAM API's `Auth.Authorizers` (and in API Gateway): the
    /// literal name given, else the unique id (the plain template's default name).
    pub(super) fn sam_name(&self) -> String {
        self.inner
            .name
            .as_ref()
            .and_then(literal)
            .unwrap_or_else(|| self.scope.node().unique_id())
    }

    /// Adds this authorizer to `api`'s SAM `Auth.Authorizers`; what SAM cannot express is
    /// an error on `node` (the method's).
    fn add_to_sam_api(&self, api: &RestApi, node: &cdk_core::Node) {
        let Some(sam) = api.sam() else { return };
        let inner = &self.inner;
        let name = self.sam_name();
        let unsupported = |what: String| {
            node.add_error(
                format!(
                    "the authorizer `{}` {what}, which a SAM-native REST API cannot express",
                    self.scope.node().path()
                ),
                "change it, or build the API with .sam_native(false)",
            );
        };
        let literal_name = inner.name.as_ref().is_none_or(|n| literal(n).is_some());
        if !literal_name || name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            unsupported("has a name that is not a literal of letters and digits (SAM's key in Auth.Authorizers)".to_string());
        }
        let header = inner
            .identity_source
            .strip_prefix("method.request.header.")
            .unwrap_or_default()
            .to_string();
        let value: serverless::AuthorizersValue = match &inner.kind {
            Kind::Token(f) => serverless::LambdaTokenAuthorizer::builder()
                .function_arn(f.trigger_arn())
                .identity(
                    serverless::LambdaTokenAuthorizerIdentity::builder()
                        .header(header.as_str())
                        .reauthorize_every(inner.ttl)
                        .maybe_validation_expression(inner.validation.as_deref())
                        .build(),
                )
                .build()
                .into(),
            Kind::Request(f) => {
                let (mut headers, mut queries, mut stage_vars, mut context) =
                    (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                for source in inner.identity_source.split(',').map(str::trim) {
                    if let Some(n) = source.strip_prefix("method.request.header.") {
                        headers.push(n.to_string());
                    } else if let Some(n) = source.strip_prefix("method.request.querystring.") {
                        queries.push(n.to_string());
                    } else if let Some(n) = source.strip_prefix("stageVariables.") {
                        stage_vars.push(n.to_string());
                    } else if let Some(n) = source.strip_prefix("context.") {
                        context.push(n.to_string());
                    } else if !source.is_empty() {
                        unsupported(format!("has the identity source `{source}`"));
                    }
                }
                let list = |v: Vec<String>| (!v.is_empty()).then(|| StrList::from(v));
                serverless::LambdaRequestAuthorizer::builder()
                    .function_arn(f.trigger_arn())
                    .function_payload_type("REQUEST")
                    .identity(
                        serverless::LambdaRequestAuthorizerIdentity::builder()
                            .maybe_context(list(context))
                            .maybe_headers(list(headers))
                            .maybe_query_strings(list(queries))
                            .reauthorize_every(inner.ttl)
                            .maybe_stage_variables(list(stage_vars))
                            .build(),
                    )
                    .build()
                    .into()
            }
            Kind::Cognito(arns) => {
                if arns.len() != 1 {
                    unsupported(format!("has {} user pools (SAM takes one)", arns.len()));
                }
                serverless::CognitoAuthorizer::builder()
                    .user_pool_arn(arns.first().cloned().unwrap_or_else(|| Str::from("")))
                    .identity(
                        serverless::CognitoAuthorizerIdentity::builder()
                            .header(header.as_str())
                            .build(),
                    )
                    .build()
                    .into()
            }
        };
        sam.add_authorizer(&name, value);
    }

    /// The typed L1 resource, once a method used the authorizer (`None` before).
    pub fn cfn(&self) -> Option<CfnAuthorizer> {
        self.inner.bound.borrow().as_ref().map(|(c, _)| c.clone())
    }

    /// The underlying resource, once a method used the authorizer.
    pub fn resource(&self) -> Option<CfnResource> {
        self.cfn().map(|c| c.resource().clone())
    }
}

impl AuthorizerBuilder {
    fn new(scope: &impl Construct, id: &str, kind: Kind) -> AuthorizerBuilder {
        AuthorizerBuilder {
            scope: Scope::new(scope, id),
            kind,
            name: None,
            identity_source: None,
            validation: None,
            ttl: 300,
        }
    }

    /// The authorizer's name in API Gateway (default: its unique id, as in AWS CDK).
    pub fn authorizer_name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Where the identity comes from. TOKEN and Cognito: one header,
    /// `method.request.header.<Name>` (default `method.request.header.Authorization`).
    /// REQUEST: a comma-separated list of `method.request.header.<Name>`,
    /// `method.request.querystring.<Name>` (and their `multivalue` forms),
    /// `stageVariables.<Name>`, `context.<name>` (default: none, which needs a TTL of 0).
    /// Anything else is a synth error.
    pub fn identity_source(mut self, source: &str) -> Self {
        self.identity_source = Some(source.to_string());
        self
    }

    /// A regular expression a TOKEN authorizer's token must match before the function is
    /// called (default: none).
    pub fn validation_regex(mut self, regex: &str) -> Self {
        self.validation = Some(regex.to_string());
        self
    }

    /// How long API Gateway caches the function's answer, in seconds, 0 (no cache) to 3600
    /// (default 300, AWS CDK's). Not used by Cognito authorizers.
    pub fn results_cache_ttl(mut self, seconds: u32) -> Self {
        self.ttl = seconds;
        self
    }

    /// Checks the settings (errors on the authorizer's node) and makes the authorizer.
    pub fn build(self) -> Authorizer {
        let node = self.scope.node().clone();
        let header = "method.request.header.";
        let source = match (&self.kind, self.identity_source) {
            (Kind::Request(_), s) => s.unwrap_or_default(),
            (_, s) => s.unwrap_or_else(|| format!("{header}Authorization")),
        };
        match &self.kind {
            Kind::Token(_) | Kind::Cognito(_) => {
                let ok = source
                    .strip_prefix(header)
                    .is_some_and(|n| !n.is_empty() && !n.contains([',', ' ']));
                if !ok {
                    node.add_error(
                        format!("`{source}` is not an identity source of a TOKEN or Cognito authorizer"),
                        "use one header as `method.request.header.<Name>`, e.g. `method.request.header.Authorization`",
                    );
                }
            }
            Kind::Request(_) => {
                let bad: Vec<&str> = source
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .filter(|s| {
                        !REQUEST_SOURCES
                            .iter()
                            .any(|p| s.strip_prefix(p).is_some_and(|n| !n.is_empty()))
                    })
                    .collect();
                if !bad.is_empty() {
                    node.add_error(
                        format!("`{}` is not an identity source of a REQUEST authorizer", bad.join(", ")),
                        "use `method.request.header.<Name>`, `method.request.querystring.<Name>`, `stageVariables.<Name>` or `context.<name>`, comma-separated",
                    );
                } else if source.trim().is_empty() && self.ttl > 0 {
                    node.add_error(
                        "a REQUEST authorizer caches results but has no identity source to key the cache on",
                        "add .identity_source(\"method.request.header.Authorization\") (or others), or set .results_cache_ttl(0)",
                    );
                }
            }
        }
        if self.ttl > MAX_TTL {
            node.add_error(
                format!(
                    "an authorizer result TTL of {} s is over API Gateway's 3600 s",
                    self.ttl
                ),
                "use .results_cache_ttl(0..=3600); 0 turns caching off",
            );
        }
        if let Kind::Cognito(arns) = &self.kind {
            if arns.is_empty() {
                node.add_error(
                    "a Cognito authorizer has no user pool",
                    "pass the ARNs of the user pools whose tokens it accepts",
                );
            }
        }
        Authorizer {
            scope: self.scope,
            inner: Rc::new(Inner {
                kind: self.kind,
                name: self.name,
                identity_source: source,
                validation: self.validation,
                ttl: self.ttl,
                bound: RefCell::new(None),
            }),
        }
    }
}

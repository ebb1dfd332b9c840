//! The `HttpAuthorizer` construct (`AWS::ApiGatewayV2::Authorizer` of an HTTP API): JWT
//! (any OpenID Connect issuer, Cognito user pools among them) or Lambda; and
//! [`HttpAuthorization`], what a route asks of its callers.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use cdk_core::{Aws, CfnResource, Construct, Flavor, Node, Scope, Str};
use cfn_l1::apigatewayv2::authorizer::JWTConfiguration;
use cfn_l1::apigatewayv2::{CfnAuthorizer, CfnAuthorizerProps};
use cfn_l1::sam::http_api::{
    AuthorizersValue, LambdaAuthorizer, LambdaAuthorizerIdentity, OAuth2Authorizer,
};
use cfn_l1::IntoValue;

use super::integration::PayloadFormat;
use super::sam::SamHttpApi;
use super::HttpApi;
use crate::apigateway::concat;
use crate::execute_api::{execute_api_arn, lambda_invoke_uri};
use crate::iam::Principal;
use crate::lambda::{Function, Permission};
use crate::util::literal;

/// The header both kinds read the token from unless told otherwise.
const AUTHORIZATION_HEADER: &str = "$request.header.Authorization";

/// The identity-source prefixes an HTTP API Lambda authorizer takes.
const LAMBDA_SOURCES: &[&str] = &[
    "$request.header.",
    "$request.querystring.",
    "$context.",
    "$stageVariables.",
];

/// The order in which aws-sam-translator lists a Lambda authorizer's identity sources (by
/// the kind of each, `Identity.Headers`, `QueryStrings`, `StageVariables`, `Context`).
const SAM_SOURCE_ORDER: &[&str] = &[
    "$request.header.",
    "$request.querystring.",
    "$stageVariables.",
    "$context.",
];

/// The identity-source prefixes a JWT authorizer takes (one source).
const JWT_SOURCES: &[&str] = &["$request.header.", "$request.querystring."];

#[derive(Clone, Debug)]
enum Kind {
    Jwt { issuer: Str, audiences: Vec<Str> },
    Lambda(Box<Function>),
}

/// An authorizer of HTTP API routes: [`HttpAuthorizer::jwt`], [`HttpAuthorizer::cognito`]
/// or [`HttpAuthorizer::lambda`]; routes use it through [`HttpAuthorization::authorizer`].
/// As in AWS CDK it is made without an API: its resource is created at `<api>/<id>` when a
/// first route uses it (an authorizer no route uses creates nothing, and its settings are
/// checked then, on that node); routes of another API using it are a synth error. Cheap
/// to clone; clones are the same authorizer.
#[derive(Clone)]
pub struct HttpAuthorizer {
    inner: Rc<Inner>,
}

struct Inner {
    id: String,
    kind: Kind,
    name: Option<Str>,
    identity_source: Option<Vec<String>>,
    ttl: Option<Duration>,
    simple_responses: Option<bool>,
    payload: Option<PayloadFormat>,
    /// The API's path, the scope and the L1 resource, once a route used the authorizer.
    bound: RefCell<Option<(String, Scope, CfnAuthorizer)>>,
}

impl fmt::Debug for HttpAuthorizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not a construct until bound: it prints as its id.
        write!(f, "HttpAuthorizer({})", self.inner.id)
    }
}

/// Builds an [`HttpAuthorizer`]; see [`HttpAuthorizer::jwt`], [`HttpAuthorizer::cognito`],
/// [`HttpAuthorizer::lambda`].
#[must_use = "call .build() to make the authorizer"]
pub struct HttpAuthorizerBuilder {
    id: String,
    kind: Kind,
    name: Option<Str>,
    identity_source: Option<Vec<String>>,
    ttl: Option<Duration>,
    simple_responses: Option<bool>,
    payload: Option<PayloadFormat>,
}

impl HttpAuthorizer {
    /// A JWT authorizer: API Gateway itself checks the token's signature (from the issuer's
    /// `/.well-known/openid-configuration`), expiry, `iss` = `issuer` (an `https://` URL)
    /// and that its `aud` (or `client_id`) is one of `audiences`. No issuer or no audience
    /// is a synth error. The token is read from the `Authorization` header unless
    /// [`identity_source`](HttpAuthorizerBuilder::identity_source) says otherwise.
    pub fn jwt<S: Into<Str>>(
        id: &str,
        issuer: impl Into<Str>,
        audiences: impl IntoIterator<Item = S>,
    ) -> HttpAuthorizerBuilder {
        HttpAuthorizerBuilder::new(
            id,
            Kind::Jwt {
                issuer: issuer.into(),
                audiences: audiences.into_iter().map(Into::into).collect(),
            },
        )
    }

    /// A JWT authorizer for the Cognito user pool `user_pool_id` in the stack's region
    /// (issuer `https://cognito-idp.<region>.amazonaws.com/<pool id>`, AWS CDK's
    /// `HttpUserPoolAuthorizer`), accepting tokens of the app clients `client_ids`. An
    /// imported pool's id is enough; for a pool in another region use [`jwt`](Self::jwt).
    pub fn cognito<S: Into<Str>>(
        id: &str,
        user_pool_id: impl Into<Str>,
        client_ids: impl IntoIterator<Item = S>,
    ) -> HttpAuthorizerBuilder {
        let issuer = concat(vec![
            "https://cognito-idp.".into(),
            Aws::region(),
            ".amazonaws.com/".into(),
            user_pool_id.into(),
        ]);
        HttpAuthorizer::jwt(id, issuer, client_ids)
    }

    /// A Lambda authorizer (`REQUEST`): `function` gets the request (payload format 2.0)
    /// and answers with simple responses (`{"isAuthorized": true, "context": {…}}`) unless
    /// [`simple_responses`](HttpAuthorizerBuilder::simple_responses)`(false)` asks for IAM
    /// policies. Answers are cached 300 s per identity source (default: the `Authorization`
    /// header). API Gateway gets `lambda:InvokeFunction` on it (its alias when it has one),
    /// scoped to this authorizer's ARN `…:<api>/authorizers/<id>` (AWS CDK's permission
    /// `<api>/<authorizer unique id>-Permission`).
    pub fn lambda(id: &str, function: &Function) -> HttpAuthorizerBuilder {
        HttpAuthorizerBuilder::new(id, Kind::Lambda(Box::new(function.clone())))
    }

    /// The authorizer's id given at creation (its construct id under the API).
    pub fn id(&self) -> &str {
        &self.inner.id
    }

    /// The authorizer's name (its id unless [`authorizer_name`](HttpAuthorizerBuilder::authorizer_name)),
    /// the key of a SAM API's `Auth.Authorizers`.
    pub(super) fn sam_name(&self) -> String {
        match &self.inner.name {
            Some(name) => literal(name).unwrap_or_default().to_string(),
            None => self.inner.id.clone(),
        }
    }

    /// Whether this is a JWT authorizer (authorization scopes apply to JWT ones only).
    pub(super) fn is_jwt(&self) -> bool {
        matches!(self.inner.kind, Kind::Jwt { .. })
    }

    /// The `AuthorizationType` routes using it get (`JWT` or `CUSTOM`).
    pub(super) fn authorization_type(&self) -> &'static str {
        match self.inner.kind {
            Kind::Jwt { .. } => "JWT",
            Kind::Lambda(_) => "CUSTOM",
        }
    }

    /// The authorizer's id for a route of `api` (`Ref`), creating its resource on first use.
    /// A second API is an error on `route` (the route's node).
    pub(super) fn bind(&self, api: &HttpApi, route: &Node) -> Str {
        if let Some((api_path, scope, cfn)) = self.inner.bound.borrow().as_ref() {
            if *api_path != api.node().path() {
                route.add_error(
                    format!(
                        "the authorizer `{}` belongs to the API `{api_path}`",
                        scope.node().path()
                    ),
                    "an authorizer serves one HTTP API; make another HttpAuthorizer for this API",
                );
            }
            return cfn.ref_();
        }
        let inner = &self.inner;
        let scope = Scope::new(api, &inner.id);
        let node = scope.node().clone();
        let name = inner
            .name
            .clone()
            .unwrap_or_else(|| Str::from(inner.id.as_str()));
        let mut sources = inner
            .identity_source
            .clone()
            .unwrap_or_else(|| vec![AUTHORIZATION_HEADER.to_string()]);
        let sam = api.sam();
        if sam.is_some() {
            let sam_name = self.sam_name();
            if sam_name.is_empty() || !sam_name.chars().all(|c| c.is_ascii_alphanumeric()) {
                node.add_error(
                    format!("the authorizer name `{sam_name}` of a SAM-native HTTP API is not letters and digits"),
                    "SAM keys authorizers by name and names their permissions `<Api><Name>AuthorizerPermission`: give a literal name of letters and digits, or build the API with .sam_native(false)",
                );
            }
            // SAM lists a Lambda authorizer's sources by kind, in this order.
            sources.sort_by_key(|s| SAM_SOURCE_ORDER.iter().position(|p| s.starts_with(p)));
        }
        let props = match &inner.kind {
            Kind::Jwt { issuer, audiences } => {
                check_jwt(&node, issuer, audiences, &sources);
                if inner.ttl.is_some()
                    || inner.simple_responses.is_some()
                    || inner.payload.is_some()
                {
                    node.add_error(
                        "a JWT authorizer takes no result cache TTL, simple responses or payload format",
                        "those are Lambda authorizer settings; drop them, or use HttpAuthorizer::lambda",
                    );
                }
                CfnAuthorizerProps::builder()
                    .api_id(api.api_id())
                    .authorizer_type("JWT")
                    .identity_source(sources.clone())
                    .jwt_configuration(
                        JWTConfiguration::builder()
                            .audience(audiences.clone())
                            .issuer(issuer.clone())
                            .build(),
                    )
                    .name(name)
                    .build()
            }
            Kind::Lambda(function) => {
                let ttl = inner.ttl.unwrap_or(Duration::from_secs(300));
                let ttl =
                    crate::util::checked_seconds(&node, "an authorizer result TTL", ttl, 0, 3600)
                        .unwrap_or(0);
                check_lambda_sources(&node, &sources, ttl);
                let payload = inner.payload.unwrap_or_default();
                let simple = inner.simple_responses.unwrap_or(true);
                if simple && payload == PayloadFormat::V1_0 {
                    node.add_error(
                        "simple responses need payload format 2.0",
                        "drop .payload_format(PayloadFormat::V1_0), or set .simple_responses(false) to answer with IAM policies",
                    );
                }
                CfnAuthorizerProps::builder()
                    .api_id(api.api_id())
                    .authorizer_payload_format_version(payload.as_str())
                    .authorizer_result_ttl_in_seconds(ttl)
                    .authorizer_type("REQUEST")
                    .authorizer_uri(lambda_invoke_uri(function.trigger_arn()))
                    .maybe_enable_simple_responses(simple.then_some(true))
                    .maybe_identity_source((!sources.is_empty()).then(|| sources.clone()))
                    .name(name)
                    .build()
            }
        };
        let cfn = CfnAuthorizer::new(&scope, "Resource", props);
        if let Kind::Lambda(function) = &inner.kind {
            // SAM's permission (`EnableFunctionDefaultPermissions`) covers every authorizer
            // of the API; AWS CDK's, this one.
            let arn = match sam {
                Some(_) => execute_api_arn(api.api_id(), vec!["/authorizers/*".into()]),
                None => execute_api_arn(api.api_id(), vec!["/authorizers/".into(), cfn.ref_()]),
            };
            let permission = function.add_trigger_permission(
                api,
                &format!("{}-Permission", node.unique_id()),
                Permission::new(Principal::service("apigateway.amazonaws.com")).source_arn(arn),
            );
            if sam.is_some() {
                permission.only_in(Flavor::Cfn);
            }
        }
        if let Some(sam) = sam {
            cfn.resource().only_in(Flavor::Cfn);
            self.render_sam(sam, &sources);
        }
        let id = cfn.ref_();
        *inner.bound.borrow_mut() = Some((api.node().path(), scope, cfn));
        id
    }

    /// Adds the authorizer to the SAM API's `Auth.Authorizers`, as the plain one is.
    fn render_sam(&self, sam: &SamHttpApi, sources: &[String]) {
        let inner = &self.inner;
        let value: AuthorizersValue = match &inner.kind {
            Kind::Jwt { issuer, audiences } => OAuth2Authorizer::builder()
                .identity_source(sources.first().cloned().unwrap_or_default())
                // SAM takes JWT keys lower- or upper-case; the plain L1's object is reused.
                .jwt_configuration(
                    JWTConfiguration::builder()
                        .audience(audiences.clone())
                        .issuer(issuer.clone())
                        .build()
                        .into_value(),
                )
                .build()
                .into(),
            Kind::Lambda(function) => {
                let ttl = inner
                    .ttl
                    .unwrap_or(Duration::from_secs(300))
                    .as_secs()
                    .min(3600);
                let of = |prefix: &str| -> Option<Vec<String>> {
                    let names: Vec<String> = sources
                        .iter()
                        .filter_map(|s| s.strip_prefix(prefix).map(str::to_string))
                        .collect();
                    (!names.is_empty()).then_some(names)
                };
                let identity = LambdaAuthorizerIdentity::builder()
                    .maybe_context(of("$context."))
                    .maybe_headers(of("$request.header."))
                    .maybe_query_strings(of("$request.querystring."))
                    .reauthorize_every(u32::try_from(ttl).unwrap_or(3600))
                    .maybe_stage_variables(of("$stageVariables."))
                    .build();
                let simple = inner.simple_responses.unwrap_or(true);
                LambdaAuthorizer::builder()
                    .authorizer_payload_format_version(inner.payload.unwrap_or_default().as_str())
                    // Without it SAM gives API Gateway no permission to invoke the function.
                    .enable_function_default_permissions(true)
                    .maybe_enable_simple_responses(simple.then_some(true))
                    .function_arn(function.trigger_arn())
                    .identity(identity)
                    .build()
                    .into()
            }
        };
        sam.add_authorizer(
            &self.sam_name(),
            value,
            matches!(inner.kind, Kind::Lambda(_)),
        );
    }

    /// The typed L1 resource, once a route used the authorizer (`None` before).
    pub fn cfn(&self) -> Option<CfnAuthorizer> {
        self.inner
            .bound
            .borrow()
            .as_ref()
            .map(|(_, _, c)| c.clone())
    }

    /// The underlying resource, once a route used the authorizer.
    pub fn resource(&self) -> Option<CfnResource> {
        self.cfn().map(|c| c.resource().clone())
    }
}

/// Records on `node` what API Gateway would reject in a JWT authorizer.
fn check_jwt(node: &Node, issuer: &Str, audiences: &[Str], sources: &[String]) {
    if let Some(i) = literal(issuer) {
        let ok = i
            .strip_prefix("https://")
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if !ok {
            let message = if i.is_empty() {
                "the JWT authorizer has no issuer".to_string()
            } else {
                format!("the JWT issuer `{i}` is not an https:// URL")
            };
            node.add_error(
                message,
                "give the issuer's URL as tokens carry it in `iss`, e.g. https://cognito-idp.<region>.amazonaws.com/<pool id> (HttpAuthorizer::cognito writes it)",
            );
        }
    }
    if audiences.is_empty()
        || audiences
            .iter()
            .any(|a| literal(a).is_some_and(|a| a.is_empty()))
    {
        node.add_error(
            "the JWT authorizer has no audience",
            "list the audiences (`aud`, or a Cognito app client's id) the tokens must be for",
        );
    }
    let one = sources.len() == 1
        && JWT_SOURCES
            .iter()
            .any(|p| sources[0].strip_prefix(p).is_some_and(|n| !n.is_empty()));
    if !one {
        node.add_error(
            format!("`{}` is not the identity source of a JWT authorizer", sources.join(", ")),
            "give one source, `$request.header.<Name>` or `$request.querystring.<name>` (default: $request.header.Authorization)",
        );
    }
}

/// Records on `node` what API Gateway would reject in a Lambda authorizer's identity
/// sources: unknown forms, or none while results are cached (`ttl` > 0).
fn check_lambda_sources(node: &Node, sources: &[String], ttl: u32) {
    let bad: Vec<&str> = sources
        .iter()
        .map(String::as_str)
        .filter(|s| {
            !LAMBDA_SOURCES
                .iter()
                .any(|p| s.strip_prefix(p).is_some_and(|n| !n.is_empty()))
        })
        .collect();
    if !bad.is_empty() {
        node.add_error(
            format!("`{}` is not an identity source of an HTTP API Lambda authorizer", bad.join(", ")),
            "use `$request.header.<Name>`, `$request.querystring.<name>`, `$context.<name>` or `$stageVariables.<name>`",
        );
    } else if sources.is_empty() && ttl > 0 {
        node.add_error(
            "the Lambda authorizer caches results but has no identity source to key the cache on",
            "add .identity_source([\"$request.header.Authorization\"]) (or others), or set .results_cache_ttl(Duration::ZERO)",
        );
    }
}

impl HttpAuthorizerBuilder {
    fn new(id: &str, kind: Kind) -> HttpAuthorizerBuilder {
        HttpAuthorizerBuilder {
            id: id.to_string(),
            kind,
            name: None,
            identity_source: None,
            ttl: None,
            simple_responses: None,
            payload: None,
        }
    }

    /// The authorizer's name in API Gateway (default: its id, as in AWS CDK).
    pub fn authorizer_name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Where the identity comes from (default: `$request.header.Authorization`). JWT: one
    /// `$request.header.<Name>` or `$request.querystring.<name>`. Lambda: any of those and
    /// `$context.<name>`, `$stageVariables.<name>`; all must be present or API Gateway
    /// answers 401 without calling the function, and they key the cache. Anything else is a
    /// synth error.
    pub fn identity_source<S: AsRef<str>>(mut self, sources: impl IntoIterator<Item = S>) -> Self {
        self.identity_source = Some(crate::util::owned_strings(sources));
        self
    }

    /// How long API Gateway caches a Lambda authorizer's answer per identity, 0 (no cache)
    /// to 3600 s in whole seconds (default 300 s, AWS CDK's). Lambda only.
    pub fn results_cache_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = Some(ttl);
        self
    }

    /// Whether a Lambda authorizer answers `{"isAuthorized": …}` (default: yes) rather than
    /// an IAM policy. Lambda only; needs payload format 2.0.
    pub fn simple_responses(mut self, simple: bool) -> Self {
        self.simple_responses = Some(simple);
        self
    }

    /// The event format a Lambda authorizer gets (default: 2.0). Lambda only.
    pub fn payload_format(mut self, format: PayloadFormat) -> Self {
        self.payload = Some(format);
        self
    }

    /// Makes the authorizer; its settings are checked when a route first uses it.
    pub fn build(self) -> HttpAuthorizer {
        HttpAuthorizer {
            inner: Rc::new(Inner {
                id: self.id,
                kind: self.kind,
                name: self.name,
                identity_source: self.identity_source,
                ttl: self.ttl,
                simple_responses: self.simple_responses,
                payload: self.payload,
                bound: RefCell::new(None),
            }),
        }
    }
}

#[derive(Clone, Debug, Default)]
enum AuthKind {
    #[default]
    None,
    Iam,
    Authorizer(HttpAuthorizer),
}

/// Who may call a route: anyone ([`none`](Self::none), the default), callers signing with
/// SigV4 whose IAM identity may `execute-api:Invoke` the route ([`iam`](Self::iam); grant
/// it with [`HttpRoute::grant_invoke`](super::HttpRoute::grant_invoke) or
/// [`HttpApi::grant_invoke`]), or callers an [`HttpAuthorizer`] admits
/// ([`authorizer`](Self::authorizer), with OAuth scopes for JWT).
#[derive(Clone, Debug, Default)]
pub struct HttpAuthorization {
    kind: AuthKind,
    scopes: Vec<String>,
}

impl HttpAuthorization {
    /// No authorization (`NONE`): the integration decides.
    pub fn none() -> HttpAuthorization {
        HttpAuthorization::default()
    }

    /// IAM authorization (`AWS_IAM`).
    pub fn iam() -> HttpAuthorization {
        HttpAuthorization {
            kind: AuthKind::Iam,
            scopes: Vec::new(),
        }
    }

    /// Authorization by `authorizer` (`JWT` or `CUSTOM`).
    pub fn authorizer(authorizer: &HttpAuthorizer) -> HttpAuthorization {
        HttpAuthorization {
            kind: AuthKind::Authorizer(authorizer.clone()),
            scopes: Vec::new(),
        }
    }

    /// The OAuth scopes a JWT must carry (one of them, in `scope`/`scp`) for the route
    /// (default: none). JWT authorizers only; with another kind it is a synth error.
    pub fn scopes<S: AsRef<str>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = crate::util::owned_strings(scopes);
        self
    }

    /// Whether this is no authorization.
    pub(super) fn is_none(&self) -> bool {
        matches!(self.kind, AuthKind::None)
    }

    /// Binds the authorizer (if any) to `api` without rendering a route; problems on `route`.
    pub(super) fn bind(&self, api: &HttpApi, route: &Node) {
        if let AuthKind::Authorizer(a) = &self.kind {
            a.bind(api, route);
        }
        if let (AuthKind::Iam, Some(sam)) = (&self.kind, api.sam()) {
            sam.enable_iam();
        }
    }

    /// What a SAM `HttpApi` event's `Auth` says: the authorizer's name in the SAM API's
    /// `Auth.Authorizers` (`AWS_IAM` for IAM) and the scopes; `None` for no authorization.
    pub(super) fn sam_auth(&self) -> Option<(String, Vec<String>)> {
        match &self.kind {
            AuthKind::None => None,
            AuthKind::Iam => Some(("AWS_IAM".to_string(), Vec::new())),
            AuthKind::Authorizer(a) => Some((a.sam_name(), self.scopes.clone())),
        }
    }

    /// The route's `AuthorizationType` (`None` for no authorization: not written),
    /// `AuthorizerId` and `AuthorizationScopes`, binding the authorizer to `api`; problems
    /// on `route`.
    pub(super) fn render(
        &self,
        api: &HttpApi,
        route: &Node,
    ) -> (Option<&'static str>, Option<Str>, Option<Vec<String>>) {
        let jwt = matches!(&self.kind, AuthKind::Authorizer(a) if a.is_jwt());
        if !self.scopes.is_empty() && !jwt {
            route.add_error(
                "authorization scopes need a JWT authorizer",
                "drop .scopes(…), or authorize the route with an HttpAuthorizer::jwt/cognito",
            );
        }
        let scopes = (!self.scopes.is_empty()).then(|| self.scopes.clone());
        match &self.kind {
            AuthKind::None => (None, None, None),
            AuthKind::Iam => {
                if let Some(sam) = api.sam() {
                    sam.enable_iam();
                }
                (Some("AWS_IAM"), None, None)
            }
            AuthKind::Authorizer(a) => (
                Some(a.authorization_type()),
                Some(a.bind(api, route)),
                scopes.filter(|_| jwt),
            ),
        }
    }
}

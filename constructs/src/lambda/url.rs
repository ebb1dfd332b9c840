//! Function URLs: an HTTPS endpoint of a function (SAM's `FunctionUrlConfig`, the plain
//! template's `AWS::Lambda::Url` and, for public URLs, the two permissions AWS requires).

use std::time::Duration;

use cdk_core::{Construct, Flavor, Node, Scope, Str};
use cfn_l1::lambda::{self, url as plain};
use cfn_l1::sam::function as serverless;

use super::{Function, RESOURCE};
use crate::iam::{Grant, Grantable};
use crate::util::checked_seconds;

/// Construct ids under the function (the SAM logical IDs are set on them).
const URL_ID: &str = "FunctionUrl";
const PUBLIC_PERMISSION_ID: &str = "UrlPublicPermissions";
const INVOKE_PERMISSION_ID: &str = "UrlInvokeAllowPublicAccess";
/// The suffix of the logical ID SAM gives a function's URL (`<Fn>Url`).
const SAM_URL_SUFFIX: &str = "Url";

/// Who may call a function URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionUrlAuthType {
    /// Anyone: Lambda authenticates nothing (`NONE`). The function gets the two public
    /// permissions AWS requires (see [`Function::add_function_url`]).
    None,
    /// Callers signing their requests with SigV4 whose IAM policies allow
    /// `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` (`AWS_IAM`):
    /// [`FunctionUrl::grant_invoke_url`].
    AwsIam,
}

impl FunctionUrlAuthType {
    fn plain(self) -> plain::AuthType {
        match self {
            FunctionUrlAuthType::None => plain::AuthType::None,
            FunctionUrlAuthType::AwsIam => plain::AuthType::AwsIam,
        }
    }
}

/// How a function URL returns the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvokeMode {
    /// The whole response at once, at most 6 MB (`BUFFERED`, Lambda's default).
    Buffered,
    /// Streamed as the function writes it (`RESPONSE_STREAM`; Node.js handlers written with
    /// `streamifyResponse`, or a custom runtime).
    ResponseStream,
}

/// The HTTP methods a function URL's CORS configuration may allow (or `*`).
const CORS_METHODS: &[&str] = &["*", "DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"];
/// Lambda's limits on a function URL's CORS lists.
const MAX_CORS_ITEMS: usize = 100;
const MAX_CORS_ORIGIN_CHARS: usize = 253;
const MAX_CORS_HEADER_CHARS: usize = 1024;
/// Lambda's limit on `Cors.MaxAge`, in seconds (one day).
const MAX_CORS_MAX_AGE_SECS: u32 = 86400;

/// The CORS headers Lambda adds to a function URL's responses (its `Cors` configuration).
/// Every setting defaults to none.
///
/// ```
/// use std::time::Duration;
/// use constructs::lambda::FunctionUrlCors;
/// let cors = FunctionUrlCors::new()
///     .allow_origins(["https://app.example.com"])
///     .allow_methods(["GET", "POST"])
///     .allow_headers(["content-type"])
///     .max_age(Duration::from_secs(300));
/// # let _ = cors;
/// ```
#[derive(Clone, Debug, Default)]
pub struct FunctionUrlCors {
    allow_origins: Vec<String>,
    allow_methods: Vec<String>,
    allow_headers: Vec<String>,
    expose_headers: Vec<String>,
    allow_credentials: Option<bool>,
    max_age: Option<Duration>,
}

impl FunctionUrlCors {
    /// A CORS configuration without settings.
    pub fn new() -> FunctionUrlCors {
        FunctionUrlCors::default()
    }

    /// Origins allowed to call the URL (`https://app.example.com`, or `*`); at most 100,
    /// each 1–253 characters.
    pub fn allow_origins<S: Into<String>>(mut self, origins: impl IntoIterator<Item = S>) -> Self {
        self.allow_origins
            .extend(origins.into_iter().map(Into::into));
        self
    }

    /// HTTP methods allowed (`GET`, `PUT`, `HEAD`, `POST`, `PATCH`, `DELETE`, or `*`).
    pub fn allow_methods<S: Into<String>>(mut self, methods: impl IntoIterator<Item = S>) -> Self {
        self.allow_methods
            .extend(methods.into_iter().map(Into::into));
        self
    }

    /// Request headers allowed; at most 100, each at most 1024 characters.
    pub fn allow_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.allow_headers
            .extend(headers.into_iter().map(Into::into));
        self
    }

    /// Response headers the browser may expose; at most 100, each at most 1024 characters.
    pub fn expose_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.expose_headers
            .extend(headers.into_iter().map(Into::into));
        self
    }

    /// Whether cookies and other credentials are allowed.
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.allow_credentials = Some(allow);
        self
    }

    /// How long a browser may cache the preflight answer, 0–86400 whole seconds.
    pub fn max_age(mut self, age: Duration) -> Self {
        self.max_age = Some(age);
        self
    }

    /// Records every broken limit on `node`; returns the checked maximum age.
    fn check(&self, node: &Node) -> Option<u32> {
        let lists: [(&str, &Vec<String>, usize); 3] = [
            ("origin", &self.allow_origins, MAX_CORS_ORIGIN_CHARS),
            ("allowed header", &self.allow_headers, MAX_CORS_HEADER_CHARS),
            (
                "exposed header",
                &self.expose_headers,
                MAX_CORS_HEADER_CHARS,
            ),
        ];
        for (what, items, max_chars) in lists {
            if items.len() > MAX_CORS_ITEMS {
                node.add_error(
                    format!(
                        "the function URL's CORS configuration has {} {what}s, more than Lambda's {MAX_CORS_ITEMS}",
                        items.len()
                    ),
                    format!("list at most {MAX_CORS_ITEMS}, or `*`"),
                );
            }
            for item in items {
                let n = item.chars().count();
                if n == 0 || n > max_chars {
                    node.add_error(
                        format!("the function URL's CORS {what} `{item}` has {n} characters; Lambda allows 1 to {max_chars}"),
                        format!("give each {what} 1 to {max_chars} characters"),
                    );
                }
            }
        }
        let bad: Vec<&str> = self
            .allow_methods
            .iter()
            .map(String::as_str)
            .filter(|m| !CORS_METHODS.contains(m))
            .collect();
        if !bad.is_empty() {
            node.add_error(
                format!(
                    "the function URL's CORS configuration allows methods Lambda does not know: {}",
                    bad.join(", ")
                ),
                "use GET, PUT, HEAD, POST, PATCH, DELETE or * (upper case; preflight OPTIONS requests are answered by Lambda)",
            );
        }
        self.max_age.and_then(|age| {
            checked_seconds(
                node,
                "the function URL's CORS max age",
                age,
                0,
                MAX_CORS_MAX_AGE_SECS,
            )
        })
    }
}

/// Non-empty lists of strings as the L1 takes them.
fn list(items: &[String]) -> Option<cdk_core::StrList> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(|s| Str::from(s.as_str()))
            .collect::<Vec<_>>()
            .into()
    })
}

/// The options of [`Function::add_function_url`]: who may call it, CORS, and how it
/// returns responses.
///
/// ```
/// use constructs::lambda::{FunctionUrlAuthType, FunctionUrlCors, FunctionUrlOptions, InvokeMode};
/// let options = FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam)
///     .cors(FunctionUrlCors::new().allow_origins(["*"]))
///     .invoke_mode(InvokeMode::ResponseStream);
/// # let _ = options;
/// ```
#[derive(Clone, Debug)]
pub struct FunctionUrlOptions {
    auth_type: FunctionUrlAuthType,
    cors: Option<FunctionUrlCors>,
    invoke_mode: Option<InvokeMode>,
}

impl FunctionUrlOptions {
    /// A URL that `auth_type` guards, without CORS, in Lambda's default invoke mode
    /// (buffered). The auth type is required: a public URL is a decision, not a default.
    pub fn new(auth_type: FunctionUrlAuthType) -> FunctionUrlOptions {
        FunctionUrlOptions {
            auth_type,
            cors: None,
            invoke_mode: None,
        }
    }

    /// Adds CORS headers to the responses (default: none).
    pub fn cors(mut self, cors: FunctionUrlCors) -> Self {
        self.cors = Some(cors);
        self
    }

    /// How responses are returned (default: not set, which is Lambda's
    /// [`InvokeMode::Buffered`]).
    pub fn invoke_mode(mut self, mode: InvokeMode) -> Self {
        self.invoke_mode = Some(mode);
        self
    }
}

/// A function's URL ([`Function::add_function_url`]): its address as a typed value, and
/// grants for IAM-authenticated URLs.
#[derive(Clone, Debug)]
pub struct FunctionUrl {
    url: Str,
    target_arn: Str,
    auth_type: FunctionUrlAuthType,
    resource: lambda::CfnUrl,
    node: Node,
}

impl FunctionUrl {
    /// The URL, `https://<id>.lambda-url.<region>.on.aws/`: `Fn::GetAtt` of its
    /// `FunctionUrl` (SAM's `<Fn>Url` in the SAM template).
    pub fn url(&self) -> Str {
        self.url.clone()
    }

    /// The auth type the URL was made with.
    pub fn auth_type(&self) -> FunctionUrlAuthType {
        self.auth_type
    }

    /// Lets `grantee` call an [`AwsIam`](FunctionUrlAuthType::AwsIam) URL:
    /// `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` (both required since October
    /// 2025) on the function, or its alias when the URL is the alias's. On a public URL this
    /// is a synth error: anyone may call it already.
    pub fn grant_invoke_url(&self, grantee: &impl Grantable) -> Grant {
        if self.auth_type == FunctionUrlAuthType::None {
            self.node.add_error(
                "grant_invoke_url on a function URL with auth type NONE, which anyone may call",
                "make the URL with FunctionUrlAuthType::AwsIam to require IAM permissions",
            );
        }
        Grant::add_to_principal(
            grantee,
            &["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"],
            [self.target_arn.clone()],
        )
    }

    /// The plain template's `AWS::Lambda::Url` (escape hatch; in the SAM template it is
    /// SAM's `FunctionUrlConfig`).
    pub fn resource(&self) -> &cdk_core::CfnResource {
        self.resource.resource()
    }

    /// The plain template's URL as its typed L1 ([`cfn_l1`]).
    pub fn cfn(&self) -> &lambda::CfnUrl {
        &self.resource
    }
}

/// Creates `function`'s URL in both templates (see [`Function::add_function_url`]);
/// `target` is what SAM points the URL at (the alias's ARN, or the function's name).
pub(super) fn create(
    function: &Function,
    scope: &Scope,
    target: Str,
    target_arn: Str,
    options: FunctionUrlOptions,
) -> FunctionUrl {
    let node = scope.node().clone();
    let fn_id = function.resource().logical_id();
    let stack = node.stack();
    let reserve = |suffix: &str| {
        let id = format!("{fn_id}{suffix}");
        stack.reserve_logical_id(Flavor::Sam, &id, "SAM generates it for a function's URL");
        id
    };
    let max_age = options.cors.as_ref().and_then(|c| c.check(&node));
    let cors = options.cors.as_ref();

    // -- the SAM template: SAM's property ----------------------------------------------------
    let sam_cors = cors.map(|c| {
        serverless::Cors::builder()
            .maybe_allow_credentials(c.allow_credentials)
            .maybe_allow_headers(list(&c.allow_headers))
            .maybe_allow_methods(list(&c.allow_methods))
            .maybe_allow_origins(list(&c.allow_origins))
            .maybe_expose_headers(list(&c.expose_headers))
            .maybe_max_age(max_age)
            .build()
    });
    let invoke_mode: Option<plain::InvokeMode> = options.invoke_mode.map(|m| match m {
        InvokeMode::Buffered => plain::InvokeMode::Buffered,
        InvokeMode::ResponseStream => plain::InvokeMode::ResponseStream,
    });
    function.sam_cfn().props().function_url_config().set(
        serverless::FunctionUrlConfig::builder()
            .auth_type(options.auth_type.plain())
            .maybe_cors(sam_cors)
            .maybe_invoke_mode(invoke_mode.clone().map(Str::from))
            .build(),
    );

    // -- the plain template: what SAM generates ----------------------------------------------
    let plain_cors = cors.map(|c| {
        plain::Cors::builder()
            .maybe_allow_credentials(c.allow_credentials)
            .maybe_allow_headers(list(&c.allow_headers))
            .maybe_allow_methods(list(&c.allow_methods))
            .maybe_allow_origins(list(&c.allow_origins))
            .maybe_expose_headers(list(&c.expose_headers))
            .maybe_max_age(max_age)
            .build()
    });
    let url_scope = Scope::new(scope, URL_ID);
    let url = lambda::CfnUrl::new(
        &url_scope,
        RESOURCE,
        lambda::CfnUrlProps::builder()
            .auth_type(options.auth_type.plain())
            .maybe_cors(plain_cors)
            .maybe_invoke_mode(invoke_mode)
            .target_function_arn(target.clone())
            .build(),
    );
    url.resource()
        .only_in(Flavor::Cfn)
        .override_logical_id(&reserve(SAM_URL_SUFFIX));
    if options.auth_type == FunctionUrlAuthType::None {
        // Since October 2025 a public URL needs both statements: `lambda:InvokeFunctionUrl`
        // for URLs with auth type NONE, and `lambda:InvokeFunction` only through a URL.
        let public = lambda::CfnPermission::new(
            scope,
            PUBLIC_PERMISSION_ID,
            lambda::CfnPermissionProps::builder()
                .action("lambda:InvokeFunctionUrl")
                .function_name(target.clone())
                .function_url_auth_type(plain::AuthType::None)
                .principal("*")
                .build(),
        );
        public
            .resource()
            .only_in(Flavor::Cfn)
            .override_logical_id(&reserve("UrlPublicPermissions"));
        let invoke = lambda::CfnPermission::new(
            scope,
            INVOKE_PERMISSION_ID,
            lambda::CfnPermissionProps::builder()
                .action("lambda:InvokeFunction")
                .function_name(target)
                .invoked_via_function_url(true)
                .principal("*")
                .build(),
        );
        invoke
            .resource()
            .only_in(Flavor::Cfn)
            .override_logical_id(&reserve("URLInvokeAllowPublicAccess"));
    }
    let sam_url = function
        .sam_resource()
        .transform_get_att(SAM_URL_SUFFIX, "FunctionUrl");
    FunctionUrl {
        url: Flavor::either(url.attr_function_url(), sam_url),
        target_arn,
        auth_type: options.auth_type,
        resource: url,
        node: url_scope.node().clone(),
    }
}

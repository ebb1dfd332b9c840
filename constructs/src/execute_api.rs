//! What API Gateway's REST (`apigateway`) and HTTP/WebSocket (`apigatewayv2`) modules share:
//! `execute-api` ARNs, Lambda invocation URIs, the rule for one path segment, and the rules
//! of a CORS setting (origins, credentials, methods). Knows no construct of either module.

use cdk_core::{Aws, Node, Str};

use crate::apigateway::{concat, HttpMethod};

/// `arn:<partition>:execute-api:<region>:<account>:<api_id><rest>`, joined with adjacent
/// literals merged (what Lambda permissions and IAM statements name).
pub(crate) fn execute_api_arn(api_id: Str, rest: Vec<Str>) -> Str {
    let mut parts = vec![
        "arn:".into(),
        Aws::partition(),
        ":execute-api:".into(),
        Aws::region(),
        ":".into(),
        Aws::account_id(),
        ":".into(),
        api_id,
    ];
    parts.extend(rest);
    concat(parts)
}

/// The URI API Gateway invokes a Lambda function (or alias) `function_arn` through:
/// `arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations`.
pub(crate) fn lambda_invoke_uri(function_arn: Str) -> Str {
    concat(vec![
        "arn:".into(),
        Aws::partition(),
        ":apigateway:".into(),
        Aws::region(),
        ":lambda:path/2015-03-31/functions/".into(),
        function_arn,
        "/invocations".into(),
    ])
}

/// How one segment of an API path is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathPart {
    /// A literal segment: letters, digits, `.`, `_`, `-`.
    Literal,
    /// A path variable `{name}`.
    Variable,
    /// A greedy path variable `{name+}`, which matches the rest of the path.
    Greedy,
}

/// What `part` is, or `None` when API Gateway rejects it (an empty segment, unbalanced
/// braces, `+` anywhere but at the end of a variable, other characters).
pub(crate) fn path_part(part: &str) -> Option<PathPart> {
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
    };
    match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(inner) => match inner.strip_suffix('+') {
            Some(name) => plain(name).then_some(PathPart::Greedy),
            None => plain(inner).then_some(PathPart::Variable),
        },
        None => plain(part).then_some(PathPart::Literal),
    }
}

/// `path` (`/items/{id}`) as `execute-api` ARNs write it: path variables as `*`.
pub(crate) fn arn_path(path: &str) -> String {
    path.split('/')
        .map(|p| if p.starts_with('{') { "*" } else { p })
        .collect::<Vec<_>>()
        .join("/")
}

/// Records on `node` what browsers or API Gateway would refuse in the origins of a CORS
/// setting (`what`: "a CORS preflight", "the CORS configuration"): none, one that is not
/// `scheme://host[:port]` or `*`, `*` beside others, and credentials with `*`.
pub(crate) fn check_cors_origins(node: &Node, what: &str, origins: &[String], credentials: bool) {
    if origins.is_empty() {
        node.add_error(
            format!("{what} allows no origin"),
            "pass the origins browsers load your pages from, e.g. [\"https://app.example.com\"], or [\"*\"] for any",
        );
    }
    for o in origins {
        let host = o
            .strip_prefix("https://")
            .or_else(|| o.strip_prefix("http://"));
        let ok = o == "*"
            || host.is_some_and(|h| !h.is_empty() && !h.contains(['/', ' ', ',', '\'', '"']));
        if !ok {
            node.add_error(
                format!("`{o}` is not a CORS origin"),
                "an origin is `scheme://host[:port]` with no path (e.g. `https://example.com`), or `*`",
            );
        }
    }
    let any = origins.iter().any(|o| o == "*");
    if credentials && any {
        node.add_error(
            format!("{what} allows credentials for the origin `*`"),
            "browsers refuse credentialed responses with `Access-Control-Allow-Origin: *`: list the origins, or drop .allow_credentials(true)",
        );
    }
    if origins.len() > 1 && any {
        node.add_error(
            "`*` is listed with other CORS origins",
            "use `*` alone (any origin) or only explicit origins",
        );
    }
}

/// `methods` as `Access-Control-Allow-Methods` lists them (`ANY` as `*`).
pub(crate) fn cors_methods(methods: impl IntoIterator<Item = HttpMethod>) -> Vec<String> {
    methods
        .into_iter()
        .map(|m| match m {
            HttpMethod::Any => "*".to_string(),
            m => m.as_str().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parts() {
        assert_eq!(path_part("items"), Some(PathPart::Literal));
        assert_eq!(path_part("v1.0"), Some(PathPart::Literal));
        assert_eq!(path_part("{id}"), Some(PathPart::Variable));
        assert_eq!(path_part("{proxy+}"), Some(PathPart::Greedy));
        for bad in [
            "", "a/b", "{id", "id}", "{}", "{+}", "a+", "{a+b}", "{{a}}", "a b",
        ] {
            assert_eq!(path_part(bad), None, "{bad}");
        }
    }

    #[test]
    fn arn_paths_write_variables_as_stars() {
        assert_eq!(arn_path("/items/{id}"), "/items/*");
        assert_eq!(arn_path("/{proxy+}"), "/*");
        assert_eq!(arn_path("/"), "/");
    }
}

//! What API Gateway's REST (`apigateway`) and HTTP/WebSocket (`apigatewayv2`) modules share:
//! `execute-api` ARNs, Lambda invocation URIs and the rule for one path segment. Knows no
//! construct of either module.

use cdk_core::{Aws, Str};

use crate::apigateway::concat;

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

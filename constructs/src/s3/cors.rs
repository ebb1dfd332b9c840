//! Cross-origin resource sharing (CORS) rules.

use cfn_l1::s3::bucket as l1;

/// An HTTP method a CORS rule allows (the five S3 accepts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `HEAD`.
    Head,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
}

impl HttpMethod {
    /// The method's name, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Head => "HEAD",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One CORS rule (`CorsConfiguration.CorsRules[]`): which origins may use which methods.
///
/// ```
/// use constructs::s3::{CorsRule, HttpMethod};
/// let rule = CorsRule::new([HttpMethod::Get, HttpMethod::Head], ["https://example.com"])
///     .allowed_headers(["Authorization"])
///     .max_age(3000);
/// # let _ = rule;
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use = "pass the rule to BucketBuilder::cors_rule"]
pub struct CorsRule {
    id: Option<String>,
    methods: Vec<HttpMethod>,
    origins: Vec<String>,
    allowed_headers: Vec<String>,
    exposed_headers: Vec<String>,
    max_age: Option<u32>,
}

impl CorsRule {
    /// A rule letting `origins` (e.g. `https://example.com`, or `*`; each may hold one `*`
    /// wildcard) use `methods`. Both must be non-empty (checked at build).
    pub fn new<S: Into<String>>(
        methods: impl IntoIterator<Item = HttpMethod>,
        origins: impl IntoIterator<Item = S>,
    ) -> CorsRule {
        let mut rule = CorsRule {
            id: None,
            methods: Vec::new(),
            origins: origins.into_iter().map(Into::into).collect(),
            allowed_headers: Vec::new(),
            exposed_headers: Vec::new(),
            max_age: None,
        };
        for m in methods {
            if !rule.methods.contains(&m) {
                rule.methods.push(m);
            }
        }
        rule
    }

    /// The rule's id, at most 255 characters (default: none).
    pub fn id(mut self, id: &str) -> Self {
        self.id = Some(id.to_string());
        self
    }

    /// Headers a preflight request may ask for (`Access-Control-Request-Headers`); each may
    /// hold one `*` wildcard (default: none).
    pub fn allowed_headers<S: Into<String>>(
        mut self,
        headers: impl IntoIterator<Item = S>,
    ) -> Self {
        self.allowed_headers
            .extend(headers.into_iter().map(Into::into));
        self
    }

    /// Response headers browsers may expose to scripts (default: none).
    pub fn exposed_headers<S: Into<String>>(
        mut self,
        headers: impl IntoIterator<Item = S>,
    ) -> Self {
        self.exposed_headers
            .extend(headers.into_iter().map(Into::into));
        self
    }

    /// How long, in seconds, browsers may cache the preflight response (default: unset,
    /// browsers decide).
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Everything S3 would reject about this rule, as messages.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let name = match &self.id {
            Some(id) => format!("CORS rule `{id}`"),
            None => "a CORS rule".to_string(),
        };
        if let Some(id) = &self.id {
            if id.is_empty() || id.chars().count() > 255 {
                out.push(format!("{name}: the id must be 1 to 255 characters"));
            }
        }
        if self.methods.is_empty() {
            out.push(format!("{name} allows no HTTP method"));
        }
        if self.origins.is_empty() {
            out.push(format!("{name} allows no origin"));
        }
        for origin in &self.origins {
            if origin.is_empty() {
                out.push(format!("{name} has an empty origin"));
            } else if origin.matches('*').count() > 1 {
                out.push(format!(
                    "{name}: origin `{origin}` has more than one `*` wildcard"
                ));
            }
        }
        for header in &self.allowed_headers {
            if header.matches('*').count() > 1 {
                out.push(format!(
                    "{name}: allowed header `{header}` has more than one `*` wildcard"
                ));
            }
        }
        out
    }

    /// The rule as the L1's `CorsConfiguration.CorsRules[]` item.
    pub(crate) fn to_l1(&self) -> l1::CorsRule {
        let non_empty = |v: &[String]| (!v.is_empty()).then(|| v.to_vec());
        let methods: Vec<&str> = self.methods.iter().map(|m| m.as_str()).collect();
        l1::CorsRule::builder()
            .maybe_allowed_headers(non_empty(&self.allowed_headers))
            .allowed_methods(methods)
            .allowed_origins(self.origins.clone())
            .maybe_exposed_headers(non_empty(&self.exposed_headers))
            .maybe_id(self.id.clone())
            .maybe_max_age(self.max_age)
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_found() {
        let empty: [&str; 0] = [];
        let p = CorsRule::new([], empty).problems().join("\n");
        assert!(
            p.contains("allows no HTTP method") && p.contains("allows no origin"),
            "{p}"
        );
        let p = CorsRule::new([HttpMethod::Get], ["https://*.*.example.com"])
            .allowed_headers(["**"])
            .problems()
            .join("\n");
        assert!(
            p.contains("origin `https://*.*.example.com` has more than one"),
            "{p}"
        );
        assert!(p.contains("allowed header `**`"), "{p}");
        assert!(CorsRule::new([HttpMethod::Get], ["*"])
            .problems()
            .is_empty());
    }
}

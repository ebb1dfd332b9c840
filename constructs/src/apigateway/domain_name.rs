//! The `DomainName` construct (`AWS::ApiGateway::DomainName`) and its base path mappings
//! (`AWS::ApiGateway::BasePathMapping`): a REST API's stage under your own domain.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{CfnResource, Construct, Scope, Str};
use cfn_l1::apigateway::domain_name::EndpointConfiguration;
use cfn_l1::apigateway::{
    CfnBasePathMapping, CfnBasePathMappingProps, CfnDomainName, CfnDomainNameProps,
};

use super::{EndpointType, RestApi};
use crate::util::literal;

/// The TLS versions a custom domain accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SecurityPolicy {
    /// TLS 1.2 and later (`TLS_1_2`, the default: TLS 1.0 is deprecated).
    #[default]
    Tls12,
    /// TLS 1.0 and later (`TLS_1_0`, API Gateway's own default), for old clients only.
    Tls10,
}

impl SecurityPolicy {
    /// The value as API Gateway spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SecurityPolicy::Tls12 => "TLS_1_2",
            SecurityPolicy::Tls10 => "TLS_1_0",
        }
    }
}

/// A custom domain name for REST APIs (`<id>/Resource`, AWS CDK's path), served with an
/// ACM certificate: map APIs' stages under it with
/// [`add_base_path_mapping`](Self::add_base_path_mapping), then point the domain's DNS
/// record at [`target_domain_name`](Self::target_domain_name). Cheap to clone.
#[derive(Clone)]
pub struct DomainName {
    scope: Scope,
    cfn: CfnDomainName,
    endpoint_type: EndpointType,
    base_paths: Rc<RefCell<Vec<String>>>,
}

crate::util::construct_handle!(DomainName);

/// Builds a [`DomainName`]; see [`DomainName::new`].
#[must_use = "call .build() to create the domain name"]
pub struct DomainNameBuilder {
    scope: Scope,
    domain_name: Str,
    certificate_arn: Str,
    endpoint_type: EndpointType,
    security_policy: SecurityPolicy,
}

/// Whether `name` is a DNS name API Gateway takes: labels of letters, digits and `-` (not
/// first or last), 1-63 characters each, at least two, 253 in all; `*` as the first label.
fn valid_domain(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().enumerate().all(|(i, l)| {
            (i == 0 && *l == "*")
                || ((1..=63).contains(&l.len())
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !l.starts_with('-')
                    && !l.ends_with('-'))
        })
}

/// Whether `path` is a base path a mapping takes (AWS CDK's rule).
fn valid_base_path(path: &str) -> bool {
    !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "$-_.+!*'()".contains(c))
}

impl DomainName {
    /// Starts the custom domain `domain_name` (e.g. `api.example.com`) served with the ACM
    /// certificate `certificate_arn`. Defaults: a regional endpoint (the certificate in the
    /// stack's region), TLS 1.2.
    pub fn new(
        scope: &impl Construct,
        id: &str,
        domain_name: impl Into<Str>,
        certificate_arn: impl Into<Str>,
    ) -> DomainNameBuilder {
        DomainNameBuilder {
            scope: Scope::new(scope, id),
            domain_name: domain_name.into(),
            certificate_arn: certificate_arn.into(),
            endpoint_type: EndpointType::Regional,
            security_policy: SecurityPolicy::default(),
        }
    }

    /// Serves `api`'s deployment stage under `base_path` (`https://<domain>/<base_path>/…`),
    /// or at the domain's root with `None` (`<domain>/Map:<base path or none>=><api unique
    /// id>`, AWS CDK's path). A base path is letters, digits and `$-_.+!*'()`; the same base
    /// path twice on the domain is a synth error.
    pub fn add_base_path_mapping(
        &self,
        api: &RestApi,
        base_path: Option<&str>,
    ) -> CfnBasePathMapping {
        let shown = base_path.unwrap_or("none");
        // A `/` in an id is the tree's own error; replace it so the one diagnostic is ours.
        let id = format!(
            "Map:{}=>{}",
            shown.replace('/', "_"),
            api.node().unique_id()
        );
        let scope_node = self.scope.node();
        if let Some(p) = base_path {
            if !valid_base_path(p) {
                scope_node.add_error(
                    format!("`{p}` is not a base path"),
                    "use letters, digits and $-_.+!*'() (one segment), or None for the domain's root",
                );
            }
        }
        let key = base_path.unwrap_or("").to_string();
        if self.base_paths.borrow().contains(&key) {
            scope_node.add_error(
                format!("the domain maps the base path `{shown}` twice"),
                "give each API its own base path",
            );
        }
        self.base_paths.borrow_mut().push(key);
        let props = CfnBasePathMappingProps::builder()
            .maybe_base_path(base_path)
            .domain_name(self.cfn.ref_())
            .rest_api_id(api.rest_api_id())
            .stage(api.deployment_stage().stage_name())
            .build();
        CfnBasePathMapping::new(&self.scope, &id, props)
    }

    /// The domain name (`Ref`).
    pub fn domain_name(&self) -> Str {
        self.cfn.ref_()
    }

    /// What the domain's DNS record (CNAME or alias) points at: the regional domain name,
    /// or the CloudFront distribution's for an edge-optimized domain.
    pub fn target_domain_name(&self) -> Str {
        match self.endpoint_type {
            EndpointType::Edge => self.cfn.attr_distribution_domain_name(),
            _ => self.cfn.attr_regional_domain_name(),
        }
    }

    /// The hosted zone of [`target_domain_name`](Self::target_domain_name), for a Route 53
    /// alias record.
    pub fn target_hosted_zone_id(&self) -> Str {
        match self.endpoint_type {
            EndpointType::Edge => self.cfn.attr_distribution_hosted_zone_id(),
            _ => self.cfn.attr_regional_hosted_zone_id(),
        }
    }

    /// The domain's typed L1 resource (`CfnDomainName`).
    pub fn cfn(&self) -> &CfnDomainName {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

impl DomainNameBuilder {
    /// Where the domain is served from (default: [`EndpointType::Regional`]). An
    /// edge-optimized domain needs its certificate in `us-east-1`; a private one is not
    /// supported here (a synth error).
    pub fn endpoint_type(mut self, endpoint_type: EndpointType) -> Self {
        self.endpoint_type = endpoint_type;
        self
    }

    /// The TLS versions accepted (default: [`SecurityPolicy::Tls12`]).
    pub fn security_policy(mut self, policy: SecurityPolicy) -> Self {
        self.security_policy = policy;
        self
    }

    /// Creates the domain, checking a literal name.
    pub fn build(self) -> DomainName {
        let node = self.scope.node().clone();
        if let Some(name) = literal(&self.domain_name) {
            if !valid_domain(&name) {
                node.add_error(
                    format!("`{name}` is not a domain name"),
                    "give a DNS name such as api.example.com (labels of letters, digits and `-`)",
                );
            }
        }
        if self.endpoint_type == EndpointType::Private {
            node.add_error(
                "a PRIVATE custom domain is not supported by this construct",
                "use EndpointType::Regional or EndpointType::Edge",
            );
        }
        let edge = self.endpoint_type == EndpointType::Edge;
        let props = CfnDomainNameProps::builder()
            .maybe_certificate_arn(edge.then(|| self.certificate_arn.clone()))
            .domain_name(self.domain_name)
            .endpoint_configuration(
                EndpointConfiguration::builder()
                    .types(vec![self.endpoint_type.as_str()])
                    .build(),
            )
            .maybe_regional_certificate_arn((!edge).then_some(self.certificate_arn))
            .security_policy(self.security_policy.as_str())
            .build();
        let cfn = CfnDomainName::new(&self.scope, "Resource", props);
        DomainName {
            scope: self.scope,
            cfn,
            endpoint_type: self.endpoint_type,
            base_paths: Rc::new(RefCell::new(Vec::new())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{valid_base_path, valid_domain};

    #[test]
    fn domain_and_base_path_rules() {
        for ok in ["api.example.com", "*.example.com", "a-b.example.co.uk"] {
            assert!(valid_domain(ok), "{ok}");
        }
        for bad in [
            "example",
            "-a.example.com",
            "a_b.example.com",
            "a..com",
            "api.*.com",
        ] {
            assert!(!valid_domain(bad), "{bad}");
        }
        for ok in ["v1", "orders", "a.b", "x-y_z"] {
            assert!(valid_base_path(ok), "{ok}");
        }
        for bad in ["", "v1/items", "a b", "/v1"] {
            assert!(!valid_base_path(bad), "{bad}");
        }
    }
}

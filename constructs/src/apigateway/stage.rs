//! The `Stage` construct (`AWS::ApiGateway::Stage`): a named, invokable snapshot of the API.

use cdk_core::{CfnResource, Construct, Scope, Str};
use cfn_l1::apigateway::{CfnStage, CfnStageProps};

use super::deployment::Deployment;
use crate::util::literal;

/// The stage a [`RestApi`](super::RestApi) publishes its [`Deployment`] to
/// (`<api>/DeploymentStage.<name>/Resource`, AWS CDK's path). Cheap to clone.
#[derive(Clone)]
pub struct Stage {
    scope: Scope,
    cfn: CfnStage,
}

crate::util::construct_handle!(Stage);

impl Stage {
    /// The stage `name` of the API `rest_api_id`, pointing at `deployment`.
    pub(super) fn create(
        api: &Scope,
        rest_api_id: Str,
        deployment: &Deployment,
        name: &str,
        description: Option<Str>,
        variables: Vec<(String, Str)>,
    ) -> Stage {
        let scope = Scope::new(api, &format!("DeploymentStage.{name}"));
        let node = scope.node().clone();
        let valid_name = |n: &str| {
            (1..=128).contains(&n.len())
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if !valid_name(name) {
            node.add_error(
                format!("`{name}` is not a valid stage name"),
                "use 1-128 letters, digits, `-` and `_` (e.g. `prod`)",
            );
        }
        for (key, value) in &variables {
            let key_ok = (1..=64).contains(&key.len())
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !key_ok {
                node.add_error(
                    format!("`{key}` is not a valid stage variable name"),
                    "use 1-64 letters, digits and `_`",
                );
            }
            if let Some(v) = literal(value) {
                let value_ok = (1..=512).contains(&v.len())
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#&=,".contains(c));
                if !value_ok {
                    node.add_error(
                        format!("the value `{v}` of stage variable `{key}` is not valid"),
                        "use 1-512 letters, digits and `-._~:/?#&=,`",
                    );
                }
            }
        }
        let props = CfnStageProps::builder()
            .deployment_id(deployment.deployment_id())
            .maybe_description(description)
            .rest_api_id(rest_api_id)
            .stage_name(name)
            .maybe_variables((!variables.is_empty()).then_some(variables))
            .build();
        let cfn = CfnStage::new(&scope, "Resource", props);
        Stage { scope, cfn }
    }

    /// The stage's name (`Ref`, which is the name): referencing it makes a resource wait
    /// for the stage, as a usage plan must.
    pub fn stage_name(&self) -> Str {
        self.cfn.ref_()
    }

    /// The stage's typed L1 resource (`CfnStage`), for settings this construct lacks yet
    /// (method settings, caching, canary, access logs).
    pub fn cfn(&self) -> &CfnStage {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

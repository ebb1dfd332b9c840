//! AWS CodeDeploy for Lambda: how traffic shifts from one function version to the next.
//!
//! Lambda deployments themselves are configured on the function
//! ([`FunctionBuilder::deployment_preference`](crate::lambda::FunctionBuilder::deployment_preference)),
//! which renders SAM's `DeploymentPreference` in the SAM template and the CodeDeploy
//! application, deployment group and service role SAM would generate in the plain one. This
//! module holds the deployment configurations: CodeDeploy's predefined ones
//! ([`LambdaDeploymentConfig`]) and your own ([`CustomLambdaDeploymentConfig`], an
//! `AWS::CodeDeploy::DeploymentConfig`).
//!
//! ```
//! use std::time::Duration;
//! use cdk_core::{App, Stack};
//! use constructs::codedeploy::{CustomLambdaDeploymentConfig, LambdaDeploymentConfig, TrafficRouting};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Deployments");
//! let predefined = LambdaDeploymentConfig::Canary10Percent5Minutes;
//! assert_eq!(predefined.name().as_literal(), Some("CodeDeployDefault.LambdaCanary10Percent5Minutes"));
//! let careful = CustomLambdaDeploymentConfig::new(
//!     &stack, "FivePercentThenAll", TrafficRouting::canary(5, Duration::from_secs(15 * 60)))
//!     .build();
//! let custom = LambdaDeploymentConfig::Custom(careful);
//! # let _ = custom;
//! ```

use std::time::Duration;

use cdk_core::{CfnResource, Construct, Scope, Str};
use cfn_l1::codedeploy::deployment_config::{
    TimeBasedCanary, TimeBasedLinear, TrafficRoutingConfig,
};
use cfn_l1::codedeploy::{deployment_config, CfnDeploymentConfig, CfnDeploymentConfigProps};

use crate::names::DEPLOYMENT_CONFIG_NAME;

/// How CodeDeploy shifts a Lambda alias from the old version to the new one: one of
/// CodeDeploy's predefined configurations, or a [`CustomLambdaDeploymentConfig`].
///
/// In a SAM template the predefined ones are written as SAM's `DeploymentPreference.Type`
/// (`Canary10Percent5Minutes`); in the plain template as the deployment group's
/// `DeploymentConfigName` (`CodeDeployDefault.LambdaCanary10Percent5Minutes`).
#[derive(Clone, Debug)]
pub enum LambdaDeploymentConfig {
    /// All traffic at once.
    AllAtOnce,
    /// 10 % first, the rest after 5 minutes.
    Canary10Percent5Minutes,
    /// 10 % first, the rest after 10 minutes.
    Canary10Percent10Minutes,
    /// 10 % first, the rest after 15 minutes.
    Canary10Percent15Minutes,
    /// 10 % first, the rest after 30 minutes.
    Canary10Percent30Minutes,
    /// 10 % more every minute.
    Linear10PercentEvery1Minute,
    /// 10 % more every 2 minutes.
    Linear10PercentEvery2Minutes,
    /// 10 % more every 3 minutes.
    Linear10PercentEvery3Minutes,
    /// 10 % more every 10 minutes.
    Linear10PercentEvery10Minutes,
    /// Your own configuration (an `AWS::CodeDeploy::DeploymentConfig` in the stack).
    Custom(CustomLambdaDeploymentConfig),
}

impl LambdaDeploymentConfig {
    /// Every predefined configuration, in CodeDeploy's (and SAM's) order.
    pub const PREDEFINED: [LambdaDeploymentConfig; 9] = [
        LambdaDeploymentConfig::Canary10Percent5Minutes,
        LambdaDeploymentConfig::Canary10Percent10Minutes,
        LambdaDeploymentConfig::Canary10Percent15Minutes,
        LambdaDeploymentConfig::Canary10Percent30Minutes,
        LambdaDeploymentConfig::Linear10PercentEvery1Minute,
        LambdaDeploymentConfig::Linear10PercentEvery2Minutes,
        LambdaDeploymentConfig::Linear10PercentEvery3Minutes,
        LambdaDeploymentConfig::Linear10PercentEvery10Minutes,
        LambdaDeploymentConfig::AllAtOnce,
    ];

    /// SAM's name of a predefined configuration (`Canary10Percent5Minutes`), `None` for a
    /// custom one.
    pub fn sam_type(&self) -> Option<&'static str> {
        Some(match self {
            LambdaDeploymentConfig::AllAtOnce => "AllAtOnce",
            LambdaDeploymentConfig::Canary10Percent5Minutes => "Canary10Percent5Minutes",
            LambdaDeploymentConfig::Canary10Percent10Minutes => "Canary10Percent10Minutes",
            LambdaDeploymentConfig::Canary10Percent15Minutes => "Canary10Percent15Minutes",
            LambdaDeploymentConfig::Canary10Percent30Minutes => "Canary10Percent30Minutes",
            LambdaDeploymentConfig::Linear10PercentEvery1Minute => "Linear10PercentEvery1Minute",
            LambdaDeploymentConfig::Linear10PercentEvery2Minutes => "Linear10PercentEvery2Minutes",
            LambdaDeploymentConfig::Linear10PercentEvery3Minutes => "Linear10PercentEvery3Minutes",
            LambdaDeploymentConfig::Linear10PercentEvery10Minutes => {
                "Linear10PercentEvery10Minutes"
            }
            LambdaDeploymentConfig::Custom(_) => return None,
        })
    }

    /// CodeDeploy's name of the configuration: `CodeDeployDefault.Lambda<SAM type>` for a
    /// predefined one, the name CloudFormation gives a custom one (`Ref`).
    pub fn name(&self) -> Str {
        match (self.sam_type(), self) {
            (Some(t), _) => format!("CodeDeployDefault.Lambda{t}").into(),
            (None, LambdaDeploymentConfig::Custom(c)) => c.deployment_config_name(),
            (None, _) => Str::from(""),
        }
    }

    /// The value of SAM's `DeploymentPreference.Type`: the SAM type of a predefined
    /// configuration, the custom configuration's name (`Ref`) otherwise.
    pub(crate) fn sam_value(&self) -> Str {
        match (self.sam_type(), self) {
            (Some(t), _) => t.into(),
            (None, _) => self.name(),
        }
    }
}

/// How a [`CustomLambdaDeploymentConfig`] shifts traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrafficRouting {
    /// `percentage` % first, the rest after `interval` (`TimeBasedCanary`).
    Canary {
        /// Share of traffic moved first, 1–99.
        percentage: u32,
        /// Wait before moving the rest: whole minutes, at least one.
        interval: Duration,
    },
    /// `percentage` % more every `interval` (`TimeBasedLinear`).
    Linear {
        /// Share of traffic moved per step, 1–99.
        percentage: u32,
        /// Time between steps: whole minutes, at least one.
        interval: Duration,
    },
    /// Everything at once (`AllAtOnce`).
    AllAtOnce,
}

impl TrafficRouting {
    /// [`TrafficRouting::Canary`].
    pub fn canary(percentage: u32, interval: Duration) -> TrafficRouting {
        TrafficRouting::Canary {
            percentage,
            interval,
        }
    }

    /// [`TrafficRouting::Linear`].
    pub fn linear(percentage: u32, interval: Duration) -> TrafficRouting {
        TrafficRouting::Linear {
            percentage,
            interval,
        }
    }

    /// [`TrafficRouting::AllAtOnce`].
    pub fn all_at_once() -> TrafficRouting {
        TrafficRouting::AllAtOnce
    }
}

/// A deployment configuration of your own for Lambda (`AWS::CodeDeploy::DeploymentConfig`
/// with `ComputePlatform: Lambda`), at `<id>/Resource`. Cheap to clone. Use it with
/// [`LambdaDeploymentConfig::Custom`]; it is a plain resource, present in both templates.
#[derive(Clone)]
pub struct CustomLambdaDeploymentConfig {
    scope: Scope,
    cfn: CfnDeploymentConfig,
}

crate::util::construct_handle!(CustomLambdaDeploymentConfig);

/// Builds a [`CustomLambdaDeploymentConfig`]; see [`CustomLambdaDeploymentConfig::new`].
#[must_use = "call .build() to create the deployment configuration"]
pub struct CustomLambdaDeploymentConfigBuilder {
    scope: Scope,
    routing: TrafficRouting,
    name: Option<Str>,
}

impl CustomLambdaDeploymentConfig {
    /// Starts a configuration named `id` in `scope` that shifts traffic by `routing`.
    /// Default: a name generated by CloudFormation.
    #[allow(clippy::new_ret_no_self)] // a builder, as everywhere in this crate
    pub fn new(
        scope: &impl Construct,
        id: &str,
        routing: TrafficRouting,
    ) -> CustomLambdaDeploymentConfigBuilder {
        CustomLambdaDeploymentConfigBuilder {
            scope: Scope::new(scope, id),
            routing,
            name: None,
        }
    }

    /// The configuration's name (`Ref`), what a deployment group takes.
    pub fn deployment_config_name(&self) -> Str {
        self.cfn.ref_()
    }

    /// The typed L1 resource this construct wraps ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](CfnDeploymentConfig::props), for what this construct does not offer.
    pub fn cfn(&self) -> &CfnDeploymentConfig {
        &self.cfn
    }

    /// The underlying `AWS::CodeDeploy::DeploymentConfig` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

impl CustomLambdaDeploymentConfigBuilder {
    /// A fixed name, 1–100 letters, digits, `.`, `_`, `-` (default: generated). It must not
    /// start with `CodeDeployDefault.`, CodeDeploy's own prefix.
    pub fn name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Creates the configuration, validating it (errors are reported at synth).
    pub fn build(self) -> CustomLambdaDeploymentConfig {
        let node = self.scope.node().clone();
        let check = |percentage: u32, interval: Duration| {
            if !(1..=99).contains(&percentage) {
                node.add_error(
                    format!("traffic percentage {percentage} is outside 1..=99"),
                    "move between 1 and 99 percent per step",
                );
            }
            let minutes = interval.as_secs() / 60;
            if interval.subsec_nanos() != 0
                || !interval.as_secs().is_multiple_of(60)
                || minutes == 0
            {
                node.add_error(
                    format!(
                        "interval {interval:?} is not a whole number of minutes (at least one)"
                    ),
                    "CodeDeploy takes intervals in minutes, e.g. Duration::from_secs(5 * 60)",
                );
            }
            minutes
        };
        let routing = match self.routing {
            TrafficRouting::Canary {
                percentage,
                interval,
            } => {
                let minutes = check(percentage, interval);
                TrafficRoutingConfig::builder()
                    .time_based_canary(
                        TimeBasedCanary::builder()
                            .canary_interval(minutes)
                            .canary_percentage(percentage)
                            .build(),
                    )
                    .r#type(deployment_config::Type::TimeBasedCanary)
                    .build()
            }
            TrafficRouting::Linear {
                percentage,
                interval,
            } => {
                let minutes = check(percentage, interval);
                TrafficRoutingConfig::builder()
                    .time_based_linear(
                        TimeBasedLinear::builder()
                            .linear_interval(minutes)
                            .linear_percentage(percentage)
                            .build(),
                    )
                    .r#type(deployment_config::Type::TimeBasedLinear)
                    .build()
            }
            TrafficRouting::AllAtOnce => TrafficRoutingConfig::builder()
                .r#type(deployment_config::Type::AllAtOnce)
                .build(),
        };
        if let Some(name) = &self.name {
            DEPLOYMENT_CONFIG_NAME.check_literal(&node, name);
        }
        // The L1 writes `TrafficRoutingConfig`'s keys in name order (`TimeBasedCanary`, then
        // `Type`); before the port this construct wrote `Type` first. Key order means nothing to
        // CloudFormation, and no checked-in template has a custom configuration.
        let props = CfnDeploymentConfigProps::builder()
            .compute_platform(deployment_config::ComputePlatform::Lambda)
            .maybe_deployment_config_name(self.name)
            .traffic_routing_config(routing)
            .build();
        let cfn = CfnDeploymentConfig::new(&self.scope, "Resource", props);
        CustomLambdaDeploymentConfig {
            scope: self.scope,
            cfn,
        }
    }
}

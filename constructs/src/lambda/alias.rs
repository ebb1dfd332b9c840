//! A function's alias and version (`AutoPublishAlias`): the plain template's content-hashed
//! `AWS::Lambda::Version` and `AWS::Lambda::Alias`, and the typed references to them.

use cdk_core::{fns, CfnResource, Construct, DeletionPolicy, Flavor, Scope, Str};
use cfn_l1::lambda::{CfnAlias, CfnAliasProps, CfnFunction, CfnVersion, CfnVersionProps};
use cfn_l1::sam;

use super::metrics::Metrics;
use super::trigger::Trigger;
use crate::cloudwatch::{Count, Metric, Milliseconds};

/// Construct ids of the plain version and alias under the function (CDK's paths).
const VERSION_ID: &str = "Version";
const ALIAS_ID: &str = "Alias";

/// Creates `<Fn>Version<hash>` and `<Fn>Alias<name>` under `scope` (the function), plain
/// template only, with SAM's logical IDs, and reserves the alias's ID in the SAM template.
/// `plain` and `sam` are the function's two resources, `trigger` what invoking it waits for.
pub(super) fn publish(
    scope: &Scope,
    plain: &CfnFunction,
    sam: &sam::CfnFunction,
    name: &str,
    trigger: &Trigger,
) -> (Alias, Version) {
    let fn_id = plain.resource().logical_id();
    // SAM: `<Fn>Version` + 10 hex digits of a hash of the function (with
    // `AutoPublishAliasAllProperties`, of all its properties). Ours hashes the plain
    // function's rendered properties: a new version exactly when code or configuration
    // change, the same bytes otherwise. Old versions are kept (`DeletionPolicy: Retain`, as
    // SAM does), so CodeDeploy can shift back to them. (Why the two hashes differ: see
    // ARCHITECTURE.md, lambda.)
    let version = CfnVersion::new(
        scope,
        VERSION_ID,
        CfnVersionProps::builder()
            .function_name(plain.ref_())
            .build(),
    );
    version
        .resource()
        .only_in(Flavor::Cfn)
        .logical_id_from_content(&format!("{fn_id}Version"), plain.resource())
        .set_deletion_policy(DeletionPolicy::Retain);
    let alias_id = format!("{fn_id}Alias{}", sam_alias_suffix(name));
    let alias = CfnAlias::new(
        scope,
        ALIAS_ID,
        CfnAliasProps::builder()
            .function_name(plain.ref_())
            .function_version(version.attr_version())
            .name(name)
            .build(),
    );
    alias
        .resource()
        .only_in(Flavor::Cfn)
        .override_logical_id(&alias_id);
    scope.node().stack().reserve_logical_id(
        Flavor::Sam,
        &alias_id,
        "SAM's alias of a function with AutoPublishAlias",
    );
    let function_name = Flavor::either(plain.ref_(), sam.ref_());
    let alias = Alias {
        name: name.to_string(),
        arn: Flavor::either(alias.ref_(), sam.resource().transform_ref(".Alias")),
        function_name,
        resource: alias,
        trigger: trigger.clone(),
    };
    let version = Version {
        arn: Flavor::either(version.ref_(), sam.resource().transform_ref(".Version")),
        resource: version,
    };
    (alias, version)
}

/// SAM's alias part of the alias's logical ID: `-` becomes `D`, `_` becomes `U`.
fn sam_alias_suffix(name: &str) -> String {
    // SAM's mapping for the characters an alias name may have; anything else is in an
    // invalid name, which is reported once (as the name), not again as the logical ID.
    name.chars()
        .map(|c| match c {
            '-' => 'D',
            '_' => 'U',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A function's alias (SAM's `AutoPublishAlias`), as a typed reference usable anywhere:
/// event sources, rule targets, alarms, outputs, policies. Its [`arn`](Self::arn) is `{"Ref":
/// "<Fn>.Alias"}` in the SAM template and `{"Ref": "<Fn>Alias<name>"}` in the plain one
/// (both the alias's ARN).
#[derive(Clone, Debug)]
pub struct Alias {
    name: String,
    arn: Str,
    function_name: Str,
    resource: CfnAlias,
    /// What a rule invoking the alias waits for (the function's own log group).
    pub(super) trigger: Trigger,
}

impl Alias {
    /// The alias's name (`live`).
    pub fn alias_name(&self) -> &str {
        &self.name
    }

    /// The alias's ARN (`arn:…:function:<name>:<alias>`).
    pub fn arn(&self) -> Str {
        self.arn.clone()
    }

    /// The function's name (not qualified by the alias).
    pub fn function_name(&self) -> Str {
        self.function_name.clone()
    }

    /// The plain template's `AWS::Lambda::Alias` (escape hatch; not in the SAM template).
    pub fn resource(&self) -> &CfnResource {
        self.resource.resource()
    }

    /// The plain template's alias as its typed L1 ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](CfnAlias::props), e.g. `ProvisionedConcurrencyConfig`.
    pub fn cfn(&self) -> &CfnAlias {
        &self.resource
    }

    fn metrics(&self) -> Metrics {
        Metrics {
            function_name: self.function_name.clone(),
            qualified: Some(fns::join(
                ":",
                [self.function_name.clone(), Str::from(self.name.as_str())],
            )),
        }
    }

    /// The alias's `Errors` metric (`AWS/Lambda`, dimensions `FunctionName` and `Resource`
    /// `<function>:<alias>`; sum per minute): what a deployment alarm watches, since only
    /// the alias carries the traffic being shifted.
    pub fn metric_errors(&self) -> Metric<Count> {
        self.metrics().errors()
    }

    /// The alias's `Throttles` metric (sum per minute).
    pub fn metric_throttles(&self) -> Metric<Count> {
        self.metrics().throttles()
    }

    /// The alias's `Invocations` metric (sum per minute).
    pub fn metric_invocations(&self) -> Metric<Count> {
        self.metrics().invocations()
    }

    /// The alias's `Duration` metric (average per minute, in milliseconds).
    pub fn metric_duration(&self) -> Metric<Milliseconds> {
        self.metrics().duration()
    }
}

/// The version a function's alias points at after this deployment (SAM's `<Fn>.Version`),
/// as a typed reference. Its [`arn`](Self::arn) is `{"Ref": "<Fn>.Version"}` in the SAM
/// template and the `Ref` of the content-hashed `AWS::Lambda::Version` in the plain one.
#[derive(Clone, Debug)]
pub struct Version {
    arn: Str,
    resource: CfnVersion,
}

impl Version {
    /// The version's ARN (`arn:…:function:<name>:<number>`).
    pub fn arn(&self) -> Str {
        self.arn.clone()
    }

    /// The plain template's `AWS::Lambda::Version` (escape hatch; not in the SAM template).
    pub fn resource(&self) -> &CfnResource {
        self.resource.resource()
    }

    /// The plain template's version as its typed L1 ([`cfn_l1`]).
    pub fn cfn(&self) -> &CfnVersion {
        &self.resource
    }
}

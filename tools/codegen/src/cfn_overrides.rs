//! The CloudFormation-spec override table: string properties whose known values the service
//! spec (`@aws-cdk/aws-service-spec`) does not list, although CloudFormation's documentation
//! does. An entry gives the property its values, so the generator writes the usual enum of
//! known values (plus `Unknown`) and the constructs name a value as a variant instead of a
//! string literal. The setter still takes any `Str`, as for every enum-valued property.
//!
//! Applied to the services `spec.rs` read, before anything is emitted. An entry that no longer
//! fits is an error of the generator, never skipped: its resource type, property type or
//! property is gone, the property is not a string, or the spec lists values now (drop the
//! entry then). So a spec bump cannot silently outdate an override.

use crate::model::{Prop, Service, Ty};

/// Known values for one string property.
#[derive(Clone, Copy, Debug)]
pub struct Values {
    /// The resource type (`AWS::ApiGatewayV2::Api`).
    pub resource: &'static str,
    /// The property type holding the property, or [`RESOURCE`] for the resource's own.
    pub definition: &'static str,
    pub property: &'static str,
    pub values: &'static [&'static str],
}

/// [`Values::definition`] for a property of the resource itself.
pub const RESOURCE: &str = "";

/// The overrides of the service spec, each citing the CloudFormation reference page that lists
/// the values ("Allowed values").
pub const CFN: &[Values] = &[
    // aws-resource-apigatewayv2-api: `ProtocolType`, "Allowed values: HTTP | WEBSOCKET".
    Values {
        resource: "AWS::ApiGatewayV2::Api",
        definition: RESOURCE,
        property: "ProtocolType",
        values: &["HTTP", "WEBSOCKET"],
    },
    // aws-resource-cloudwatch-alarm: `Statistic`, "Allowed values: Average | Maximum |
    // Minimum | SampleCount | Sum".
    Values {
        resource: "AWS::CloudWatch::Alarm",
        definition: RESOURCE,
        property: "Statistic",
        values: &["Average", "Maximum", "Minimum", "SampleCount", "Sum"],
    },
    // aws-resource-codedeploy-application: `ComputePlatform`, "Allowed values: ECS | Lambda |
    // Server".
    Values {
        resource: "AWS::CodeDeploy::Application",
        definition: RESOURCE,
        property: "ComputePlatform",
        values: &["ECS", "Lambda", "Server"],
    },
    // aws-resource-codedeploy-deploymentconfig: `ComputePlatform`, the same values.
    Values {
        resource: "AWS::CodeDeploy::DeploymentConfig",
        definition: RESOURCE,
        property: "ComputePlatform",
        values: &["ECS", "Lambda", "Server"],
    },
    // aws-properties-codedeploy-deploymentconfig-trafficroutingconfig: `Type`, "Allowed
    // values: AllAtOnce | TimeBasedCanary | TimeBasedLinear".
    Values {
        resource: "AWS::CodeDeploy::DeploymentConfig",
        definition: "TrafficRoutingConfig",
        property: "Type",
        values: &["AllAtOnce", "TimeBasedCanary", "TimeBasedLinear"],
    },
];

/// Applies `table` to `services`; every entry that does not fit is reported (all at once).
pub fn apply(services: &mut [Service], table: &[Values]) -> Result<(), String> {
    let mut problems = Vec::new();
    for v in table {
        let at = format!(
            "{} {}{}",
            v.resource,
            if v.definition.is_empty() {
                String::new()
            } else {
                format!("{}.", v.definition)
            },
            v.property
        );
        let Some(resource) = services
            .iter_mut()
            .flat_map(|s| s.resources.iter_mut())
            .find(|r| r.cfn_type == v.resource)
        else {
            problems.push(format!("{at}: the spec has no such resource type"));
            continue;
        };
        let props: &mut Vec<Prop> = if v.definition.is_empty() {
            &mut resource.props
        } else {
            match resource.types.iter_mut().find(|t| t.name == v.definition) {
                Some(t) => &mut t.props,
                None => {
                    problems.push(format!(
                        "{at}: the resource has no property type `{}`",
                        v.definition
                    ));
                    continue;
                }
            }
        };
        let Some(prop) = props.iter_mut().find(|p| p.name == v.property) else {
            problems.push(format!("{at}: no such property"));
            continue;
        };
        match &mut prop.ty {
            Ty::String { allowed } if allowed.is_empty() => {
                *allowed = v.values.iter().map(|s| s.to_string()).collect();
            }
            Ty::String { .. } => problems.push(format!(
                "{at}: the spec lists its values now; drop the override"
            )),
            other => problems.push(format!("{at}: not a string property ({other:?})")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the CloudFormation override table (tools/codegen/src/cfn_overrides.rs) no longer fits the spec:\n  {}",
            problems.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Resource, TypeDef};

    fn prop(name: &str, ty: Ty) -> Prop {
        Prop {
            name: name.into(),
            doc: None,
            ty,
            required: false,
            deprecated: false,
            constant: None,
        }
    }

    fn string(allowed: &[&str]) -> Ty {
        Ty::String {
            allowed: allowed.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// One service with `AWS::X::Thing`: `Mode` (a string without values), `Level` (with),
    /// `Size` (an integer), and the property type `Inner` with `Kind` (a string).
    fn services() -> Vec<Service> {
        vec![Service {
            module: "x".into(),
            namespace: "AWS::X".into(),
            resources: vec![Resource {
                cfn_type: "AWS::X::Thing".into(),
                name: "Thing".into(),
                doc: None,
                props: vec![
                    prop("Mode", string(&[])),
                    prop("Level", string(&["LOW"])),
                    prop("Size", Ty::Integer),
                ],
                attrs: Vec::new(),
                types: vec![TypeDef {
                    name: "Inner".into(),
                    doc: None,
                    props: vec![prop("Kind", string(&[]))],
                }],
                ref_returns: Vec::new(),
                transform: None,
                tagging: None,
            }],
            source: "test".into(),
        }]
    }

    fn entry(definition: &'static str, property: &'static str) -> Values {
        Values {
            resource: "AWS::X::Thing",
            definition,
            property,
            values: &["A", "B"],
        }
    }

    #[test]
    fn an_entry_gives_a_resource_or_property_type_property_its_values() {
        let mut s = services();
        apply(&mut s, &[entry(RESOURCE, "Mode"), entry("Inner", "Kind")]).unwrap();
        let r = &s[0].resources[0];
        assert_eq!(r.props[0].ty, string(&["A", "B"]));
        assert_eq!(r.types[0].props[0].ty, string(&["A", "B"]));
        assert_eq!(r.props[1].ty, string(&["LOW"]), "others unchanged");
    }

    #[test]
    fn every_entry_that_no_longer_fits_is_reported_at_once() {
        let mut s = services();
        let missing = Values {
            resource: "AWS::X::Gone",
            ..entry(RESOURCE, "Mode")
        };
        let err = apply(
            &mut s,
            &[
                missing,
                entry("Nope", "Kind"),
                entry(RESOURCE, "Absent"),
                entry(RESOURCE, "Level"),
                entry(RESOURCE, "Size"),
            ],
        )
        .unwrap_err();
        for needle in [
            "AWS::X::Gone Mode: the spec has no such resource type",
            "AWS::X::Thing Nope.Kind: the resource has no property type `Nope`",
            "AWS::X::Thing Absent: no such property",
            "AWS::X::Thing Level: the spec lists its values now; drop the override",
            "AWS::X::Thing Size: not a string property",
        ] {
            assert!(err.contains(needle), "{needle}\n{err}");
        }
    }

    #[test]
    fn the_real_table_fits_the_vendored_spec() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let db = crate::spec::load(&root.join("vendor/aws-service-spec/db.json.gz")).unwrap();
        let mut s = crate::spec::from_db(&db, "test");
        apply(&mut s, CFN).unwrap();
    }
}

//! Test-data hints: what the required-properties test sets beyond the spec's required
//! properties, because cfn-lint's (newer, richer) schemas state constraints the spec does not.

/// (resource type, property type — empty for the resource itself —, property): optional
/// properties to set anyway ("one of these is required", or newer schemas requiring them).
pub const EXTRA: &[(&str, &str, &str)] = &[
    ("AWS::IAM::Policy", "", "Roles"),
    (
        "AWS::StepFunctions::StateMachineAlias",
        "",
        "RoutingConfiguration",
    ),
    (
        "AWS::Lambda::NetworkConnector",
        "VpcEgressConfiguration",
        "SecurityGroupIds",
    ),
    (
        "AWS::Lambda::NetworkConnector",
        "VpcEgressConfiguration",
        "NetworkProtocol",
    ),
    // `And` needs two conditions; one prefix list is the simplest valid filter.
    ("AWS::S3::StorageLensGroup", "Filter", "MatchAnyPrefix"),
];

/// (property, value): string properties whose valid values the spec does not list.
pub const STRINGS: &[(&str, &str)] = &[("KeyType", "HASH")];

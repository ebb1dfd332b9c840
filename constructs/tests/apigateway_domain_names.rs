//! `apigateway` custom domain names: regional and edge-optimized domains with their
//! certificate, base path mappings to an API's stage, the DNS target, and one diagnostic per
//! mistake.

use cdk_core::{App, Stack};
use constructs::apigateway::{
    DomainName, EndpointType, HttpMethod, Integration, RestApi, SecurityPolicy,
};
use serde_json::{json, Value};

const CERT: &str =
    "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

fn api(stack: &Stack, id: &str) -> RestApi {
    let api = RestApi::new(stack, id).build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    api
}

#[test]
fn a_regional_domain_maps_an_apis_stage() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let orders = api(&stack, "Orders");
    let items = api(&stack, "Items");
    let domain = DomainName::new(&stack, "Domain", "api.example.com", CERT).build();
    domain.add_base_path_mapping(&orders, Some("orders"));
    domain.add_base_path_mapping(&items, None);
    cdk_core::CfnOutput::new(&stack, "Target", domain.target_domain_name());
    let t = stack.template().unwrap();
    let (domain_id, d) = of_type(&t, "AWS::ApiGateway::DomainName")[0];
    assert_eq!(
        d["Properties"],
        json!({
            "DomainName": "api.example.com",
            "EndpointConfiguration": {"Types": ["REGIONAL"]},
            "RegionalCertificateArn": CERT,
            "SecurityPolicy": "TLS_1_2"
        })
    );
    let maps = of_type(&t, "AWS::ApiGateway::BasePathMapping");
    assert_eq!(maps.len(), 2);
    let (_, orders_map) = maps
        .iter()
        .find(|(_, m)| m["Properties"]["BasePath"] == "orders")
        .unwrap();
    let stage_of = |api: &str| {
        of_type(&t, "AWS::ApiGateway::Stage")
            .into_iter()
            .find(|(_, s)| {
                s["Metadata"]["aws:cdk:path"]
                    .as_str()
                    .unwrap()
                    .starts_with(api)
            })
            .map(|(id, _)| id.clone())
            .unwrap()
    };
    assert_eq!(
        orders_map["Properties"],
        json!({
            "BasePath": "orders",
            "DomainName": {"Ref": domain_id},
            "RestApiId": {"Ref": "OrdersA9B65338"},
            "Stage": {"Ref": stage_of("S/Orders/")}
        })
    );
    let (_, root_map) = maps
        .iter()
        .find(|(_, m)| m["Properties"].get("BasePath").is_none())
        .unwrap();
    assert_eq!(
        root_map["Properties"]["Stage"],
        json!({"Ref": stage_of("S/Items/")})
    );
    assert_eq!(
        t["Outputs"]["Target"]["Value"],
        json!({"Fn::GetAtt": [domain_id, "RegionalDomainName"]})
    );
}

#[test]
fn an_edge_domain_uses_the_certificate_and_the_distribution() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let domain = DomainName::new(&stack, "Domain", "api.example.com", CERT)
        .endpoint_type(EndpointType::Edge)
        .security_policy(SecurityPolicy::Tls10)
        .build();
    domain.add_base_path_mapping(&api(&stack, "Api"), Some("v1"));
    cdk_core::CfnOutput::new(&stack, "Target", domain.target_domain_name());
    cdk_core::CfnOutput::new(&stack, "Zone", domain.target_hosted_zone_id());
    let t = stack.template().unwrap();
    let (domain_id, d) = of_type(&t, "AWS::ApiGateway::DomainName")[0];
    assert_eq!(d["Properties"]["CertificateArn"], CERT);
    assert!(d["Properties"].get("RegionalCertificateArn").is_none());
    assert_eq!(
        d["Properties"]["EndpointConfiguration"]["Types"],
        json!(["EDGE"])
    );
    assert_eq!(d["Properties"]["SecurityPolicy"], "TLS_1_0");
    assert_eq!(
        t["Outputs"]["Target"]["Value"],
        json!({"Fn::GetAtt": [domain_id, "DistributionDomainName"]})
    );
    assert_eq!(
        t["Outputs"]["Zone"]["Value"],
        json!({"Fn::GetAtt": [domain_id, "DistributionHostedZoneId"]})
    );
}

fn one_error(define: impl Fn(&Stack), path: &str, message: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    define(&stack);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, path, "{err}");
    assert!(d[0].message.contains(message), "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
}

#[test]
fn each_domain_mistake_is_one_diagnostic() {
    one_error(
        |stack| {
            DomainName::new(stack, "Domain", "not a domain", CERT).build();
        },
        "S/Domain",
        "is not a domain name",
    );
    one_error(
        |stack| {
            DomainName::new(stack, "Domain", "api.example.com", CERT)
                .endpoint_type(EndpointType::Private)
                .build();
        },
        "S/Domain",
        "PRIVATE custom domain is not supported",
    );
    one_error(
        |stack| {
            let d = DomainName::new(stack, "Domain", "api.example.com", CERT).build();
            d.add_base_path_mapping(&api(stack, "Api"), Some("v1/items"));
        },
        "S/Domain",
        "`v1/items` is not a base path",
    );
    one_error(
        |stack| {
            let d = DomainName::new(stack, "Domain", "api.example.com", CERT).build();
            d.add_base_path_mapping(&api(stack, "A"), Some("v1"));
            d.add_base_path_mapping(&api(stack, "B"), Some("v1"));
        },
        "S/Domain",
        "maps the base path `v1` twice",
    );
}

//! The `Deployment` construct (`AWS::ApiGateway::Deployment`): a snapshot of the API, with a
//! logical ID that changes whenever the API's definition does.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use cdk_core::{CfnResource, Scope, Str};
use cfn_l1::apigateway::{CfnDeployment, CfnDeploymentProps};

use super::fnv1a_hex;

/// The deployment of a [`RestApi`](super::RestApi): `<api>/Deployment/Resource`, created
/// with the API. Cheap to clone.
///
/// **Its logical ID is the definition's hash.** CloudFormation creates an
/// `AWS::ApiGateway::Deployment` once and never updates what it published, so a stage
/// keeps serving the old API after methods change unless the deployment is replaced (AWS
/// CDK's most reported API Gateway problem, solved there the same way). The ID is the
/// path-derived ID (`ApiDeployment<8 hex>`, AWS CDK's) followed by 16 hex digits of a hash
/// (64-bit FNV-1a) over every part of the definition the constructs record: each resource
/// (its path), each method (path, HTTP method, authorization, API key, method responses)
/// and its integration (type, target function's logical ID and alias, request templates,
/// integration responses). The parts are sorted before hashing, so the order of the calls
/// does not matter; an unchanged API keeps its ID, a changed one gets a new deployment and
/// the stage points at it. The deployment `DependsOn` every resource and method, so it is
/// never created before them ("The REST API doesn't contain any methods").
///
/// Changes made through an L1 escape hatch (`method.cfn().props()…`) are not seen: record
/// them with [`add_to_logical_id`](Self::add_to_logical_id).
#[derive(Clone)]
pub struct Deployment {
    scope: Scope,
    cfn: CfnDeployment,
    base_id: String,
    parts: Rc<RefCell<BTreeSet<String>>>,
}

crate::util::construct_handle!(Deployment);

impl Deployment {
    /// The deployment of the API `rest_api_id` under `api` (`<api>/Deployment`).
    pub(super) fn create(api: &Scope, rest_api_id: Str, description: Option<Str>) -> Deployment {
        let scope = Scope::new(api, "Deployment");
        let props = CfnDeploymentProps::builder()
            .maybe_description(description)
            .rest_api_id(rest_api_id)
            .build();
        let cfn = CfnDeployment::new(&scope, "Resource", props);
        let base_id = cfn.resource().logical_id();
        let deployment = Deployment {
            scope,
            cfn,
            base_id,
            parts: Rc::new(RefCell::new(BTreeSet::new())),
        };
        deployment.rename();
        deployment
    }

    /// Adds `data` to what the logical ID hashes (AWS CDK's `addToLogicalId`): for changes
    /// that must redeploy the API but that the constructs do not record themselves.
    pub fn add_to_logical_id(&self, data: &str) {
        if self.parts.borrow_mut().insert(data.to_string()) {
            self.rename();
        }
    }

    /// The deployment's id (`Ref`).
    pub fn deployment_id(&self) -> Str {
        self.cfn.ref_()
    }

    /// The deployment's typed L1 resource (`CfnDeployment`).
    pub fn cfn(&self) -> &CfnDeployment {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }

    fn rename(&self) {
        let parts = self.parts.borrow();
        let mut text = String::new();
        for part in parts.iter() {
            text.push_str(part);
            text.push('\n');
        }
        let id = format!("{}{}", self.base_id, fnv1a_hex(text.as_bytes()));
        self.cfn.resource().override_logical_id(&id);
    }
}

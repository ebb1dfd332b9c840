//! The `Resource` construct (`AWS::ApiGateway::Resource`): one path part of the API's tree.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{CfnResource, Construct, Flavor, Scope, Str};
use cfn_l1::apigateway::{self as l1, CfnMethod, CfnMethodProps};
use indexmap::IndexMap;
use serde_json::json;

use super::cors::CorsOptions;
use super::integration::{check_status, complete_method_responses, Integration, SamTarget};
use super::method::{Authorization, HttpMethod, Method, MethodOptions};
use super::model::Model;
use super::sam::ApiEventArgs;
use super::RestApi;
use crate::iam::Principal;
use crate::lambda::Permission;
use crate::stepfunctions::SamApiEvent;

/// A resource (path) of a [`RestApi`]: the root `/` ([`RestApi::root`]) or a child made
/// with [`add_resource`](Self::add_resource). Cheap to clone; clones are the same resource.
#[derive(Clone)]
pub struct Resource {
    scope: Scope,
    api: RestApi,
    state: Rc<ResourceState>,
}

crate::util::construct_handle!(Resource);

/// What all handles of one resource share.
pub(super) struct ResourceState {
    /// The full path, `/` for the root, `/items/{id}` below it.
    path: String,
    /// The resource's id: `GetAtt <Api>.RootResourceId` for the root, else `Ref`.
    id: Str,
    cfn: Option<l1::CfnResource>,
    /// A greedy path variable (`{proxy+}`) takes no children.
    greedy: bool,
    /// The methods so far, by HTTP method.
    methods: RefCell<IndexMap<HttpMethod, (Scope, CfnMethod)>>,
    /// The path variable among the children (`{id}`), if any: API Gateway allows one.
    variable_child: RefCell<Option<String>>,
    /// The children so far, for a CORS preflight applied to them.
    children: RefCell<Vec<(Scope, Rc<ResourceState>)>>,
    /// A CORS preflight every child added later gets too.
    inherited_cors: RefCell<Option<CorsOptions>>,
}

impl ResourceState {
    /// The root resource `/`, whose id is `root_id`.
    pub(super) fn root(root_id: Str) -> Rc<ResourceState> {
        Rc::new(ResourceState {
            path: "/".to_string(),
            id: root_id,
            cfn: None,
            greedy: false,
            methods: RefCell::new(IndexMap::new()),
            variable_child: RefCell::new(None),
            children: RefCell::new(Vec::new()),
            inherited_cors: RefCell::new(None),
        })
    }
}

/// Whether `part` is a path part API Gateway accepts (AWS CDK's rule): letters, digits,
/// `.`, `_`, `-`, or a path variable `{name}`, or a greedy one `{name+}`.
pub(super) fn valid_part(part: &str) -> bool {
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
    };
    match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(inner) => plain(inner.strip_suffix('+').unwrap_or(inner)),
        None => plain(part),
    }
}

impl Resource {
    pub(super) fn from_parts(scope: Scope, api: RestApi, state: Rc<ResourceState>) -> Resource {
        Resource { scope, api, state }
    }

    /// The resource's full path: `/`, `/items`, `/items/{id}`.
    pub fn path(&self) -> &str {
        &self.state.path
    }

    /// The resource's id (`Ref`, or the API's `RootResourceId` for the root).
    pub fn resource_id(&self) -> Str {
        self.state.id.clone()
    }

    /// The API this resource belongs to.
    pub fn api(&self) -> &RestApi {
        &self.api
    }

    /// The typed L1 resource (`AWS::ApiGateway::Resource`); `None` for the root, which API
    /// Gateway creates with the API.
    pub fn cfn(&self) -> Option<&l1::CfnResource> {
        self.state.cfn.as_ref()
    }

    /// Adds the child `path_part`: a literal segment (`items`: letters, digits, `.`, `_`,
    /// `-`), a path variable (`{id}`), or a greedy variable (`{proxy+}`, which matches the
    /// rest of the path and can have no children). An invalid part, or a child of a greedy
    /// variable, is a synth error naming the path. The construct id is the path part, as in
    /// AWS CDK (`<api>/Default/items/{id}`).
    pub fn add_resource(&self, path_part: &str) -> Resource {
        // A `/` in an id is the tree's own error; replace it so the one diagnostic is ours.
        let id = if path_part.is_empty() {
            "_".to_string()
        } else {
            path_part.replace('/', "_")
        };
        let scope = Scope::new(&self.scope, &id);
        let path = if self.state.path == "/" {
            format!("/{path_part}")
        } else {
            format!("{}/{path_part}", self.state.path)
        };
        let node = scope.node();
        if !valid_part(path_part) {
            node.add_error(
                format!("`{path_part}` (in `{path}`) is not a valid path part"),
                "use one segment of letters, digits, `.`, `_` and `-`, a path variable `{name}`, or a greedy `{name+}` as the last part; nest segments with add_resource",
            );
        } else if let Some(sibling) = self
            .state
            .variable_child
            .borrow()
            .as_ref()
            .filter(|s| path_part.starts_with('{') && s.as_str() != path_part)
        {
            node.add_error(
                format!("`{path}` is a second path variable beside `{sibling}`; API Gateway allows one per level"),
                format!("use `{sibling}` for both, or put one of them under a literal segment"),
            );
        } else if self.state.greedy {
            node.add_error(
                format!("`{}` is a greedy path variable and cannot have the child `{path_part}`", self.state.path),
                "a `{name+}` part matches the rest of the path; add the child to its parent instead",
            );
        }
        let props = l1::CfnResourceProps::builder()
            .parent_id(self.state.id.clone())
            .path_part(path_part)
            .rest_api_id(self.api.rest_api_id())
            .build();
        let cfn = l1::CfnResource::new(&scope, "Resource", props);
        if self.api.is_sam_native() {
            cfn.resource().only_in(Flavor::Cfn);
        }
        self.api
            .record(json!({ "resource": path }).to_string(), cfn.resource());
        let greedy = path_part.starts_with('{') && path_part.ends_with("+}");
        if path_part.starts_with('{') && valid_part(path_part) {
            self.state
                .variable_child
                .borrow_mut()
                .get_or_insert_with(|| path_part.to_string());
        }
        let state = Rc::new(ResourceState {
            path,
            id: cfn.ref_(),
            cfn: Some(cfn),
            greedy,
            methods: RefCell::new(IndexMap::new()),
            variable_child: RefCell::new(None),
            children: RefCell::new(Vec::new()),
            inherited_cors: RefCell::new(None),
        });
        self.state
            .children
            .borrow_mut()
            .push((scope.clone(), state.clone()));
        let child = Resource {
            scope,
            api: self.api.clone(),
            state,
        };
        let inherited = self.state.inherited_cors.borrow().clone();
        if let Some(cors) = inherited {
            child.add_preflight_tree(&cors);
        }
        child
    }

    /// The node of the resource's scope (diagnostics of options given to it).
    pub(super) fn scope_node(&self) -> &cdk_core::Node {
        self.scope.node()
    }

    /// Whether the resource has `method` already.
    pub(super) fn has_method(&self, method: HttpMethod) -> bool {
        self.state.methods.borrow().contains_key(&method)
    }

    /// Makes every child added from now on get the preflight `cors`.
    pub(super) fn set_inherited_cors(&self, cors: CorsOptions) {
        *self.state.inherited_cors.borrow_mut() = Some(cors);
    }

    /// The children so far.
    pub(super) fn children(&self) -> Vec<Resource> {
        self.state
            .children
            .borrow()
            .iter()
            .map(|(scope, state)| Resource {
                scope: scope.clone(),
                api: self.api.clone(),
                state: state.clone(),
            })
            .collect()
    }

    /// Adds `method` with `integration` and the default [`MethodOptions`] (no
    /// authorization, no API key).
    pub fn add_method(&self, method: HttpMethod, integration: Integration) -> Method {
        self.add_method_with(method, integration, MethodOptions::new())
    }

    /// Adds `method` with `integration` and `options`. A method the resource already has is
    /// a synth error (the first one is returned). A Lambda proxy integration adds the
    /// function's permissions for this method under it (`ApiPermission.<api>.<METHOD>.<path>`
    /// and `ApiPermission.Test.…`, AWS CDK's ids).
    pub fn add_method_with(
        &self,
        method: HttpMethod,
        integration: Integration,
        options: MethodOptions,
    ) -> Method {
        let arn_path = self.arn_path();
        if let Some((scope, cfn)) = self.state.methods.borrow().get(&method) {
            self.scope.node().add_error(
                format!(
                    "`{}` already has a {} method",
                    self.state.path,
                    method.as_str()
                ),
                "each HTTP method once per resource; use ANY for the rest, or another resource",
            );
            return Method::from_parts(
                scope.clone(),
                cfn.clone(),
                self.api.clone(),
                method,
                (self.state.path.clone(), arn_path),
            );
        }
        let scope = Scope::new(&self.scope, method.as_str());
        let node = scope.node().clone();
        integration.validate(&node);
        for r in &options.method_responses {
            check_status(&node, &r.status_code, "method response");
        }
        options.validate(&node, &self.api.node().path());
        let sam_event = match self.api.sam() {
            Some(_) => match integration.sam_event() {
                Ok(event) => Some(event),
                Err(what) => {
                    self.api.check_sam_expressible(&node, what);
                    None
                }
            },
            None => None,
        };
        if self.api.is_sam_native() {
            let check = |used: bool, what: &str| {
                if used {
                    self.api.check_sam_expressible(&node, what);
                }
            };
            check(
                !options.method_responses.is_empty(),
                "a declared method response",
            );
            for name in options.request_parameters.keys() {
                let sam_location = ["querystring", "path", "header"]
                    .iter()
                    .any(|l| name.starts_with(&format!("method.request.{l}.")));
                check(
                    !sam_location,
                    &format!("the method request parameter `{name}` (SAM's are query strings, paths and headers)"),
                );
            }
            for (content_type, model) in &options.request_models {
                // A model SAM cannot hold is reported on the model.
                check(
                    content_type != "application/json" && model.sam_name().is_some(),
                    &format!("a request model for `{content_type}` (SAM's request models are application/json)"),
                );
            }
            check(
                options.request_validator.is_some() && options.request_models.is_empty(),
                "a request validator on a method without a request model (SAM's RequestModel names the model it validates)",
            );
        }
        // `OPTIONS` (CORS preflights) never takes the API's defaults: browsers send no
        // credentials with a preflight.
        let defaults = (method != HttpMethod::Options).then(|| self.api.default_method_options());
        let auth = options
            .authorization
            .clone()
            .or_else(|| defaults.as_ref().and_then(|d| d.authorization.clone()))
            .unwrap_or_default();
        let api_key_required = options
            .api_key_required
            .or_else(|| defaults.as_ref().and_then(|d| d.api_key_required))
            .unwrap_or(false);
        let sam_authorizer = || match &auth {
            Authorization::None => None,
            Authorization::Iam => Some("AWS_IAM".to_string()),
            Authorization::Custom(a) => Some(a.sam_name()),
        };
        // A state machine behind a SAM-native API is the machine's SAM `Api` event; the plain
        // method takes the shape aws-sam-translator gives it, with the role SAM generates.
        let (integration, sam_event) = match sam_event {
            Some(SamTarget::StateMachine(machine, unescape)) => {
                let sam = self.api.sam().map(|s| s.event_ref());
                let authorizer = sam_authorizer();
                let credentials = machine.add_sam_api_event(SamApiEvent {
                    name: &format!(
                        "{}{}{}",
                        self.api.node().id(),
                        method.as_str(),
                        self.state.path
                    ),
                    rest_api_id: sam.unwrap_or_else(|| self.api.rest_api_id()),
                    method: method.as_str(),
                    path: &self.state.path,
                    authorizer: authorizer.as_deref(),
                    api_key_required,
                    unescape,
                });
                (
                    integration
                        .clone()
                        .into_sam_state_machine_event(credentials),
                    None,
                )
            }
            Some(SamTarget::Function(f, timeout)) => {
                (integration.clone(), Some((f.clone(), timeout)))
            }
            None => (integration.clone(), None),
        };
        let rendered = integration.render(&scope);
        let method_responses =
            complete_method_responses(&options.method_responses, &rendered.responses);
        let responses: Vec<_> = method_responses.iter().map(|r| r.render()).collect();
        // The method request parameters: the declared ones, and those the integration reads
        // (path parameters required, as API Gateway has them).
        let mut request_parameters = options.request_parameters.clone();
        for p in &rendered.method_parameters {
            request_parameters
                .entry(p.clone())
                .or_insert_with(|| p.starts_with("method.request.path."));
        }
        let authorization = auth.as_str();
        let authorizer_id = match &auth {
            Authorization::Custom(a) => Some(a.bind(&self.api, &node)),
            _ => None,
        };
        let props = CfnMethodProps::builder()
            .maybe_api_key_required(api_key_required.then_some(true))
            .authorization_type(authorization)
            .maybe_authorizer_id(authorizer_id)
            .http_method(method.as_str())
            .integration(rendered.integration)
            .maybe_method_responses((!responses.is_empty()).then_some(responses))
            .maybe_request_models((!options.request_models.is_empty()).then(|| {
                options
                    .request_models
                    .iter()
                    .map(|(k, m)| (k.clone(), m.model_name()))
                    .collect::<Vec<_>>()
            }))
            .maybe_request_parameters((!request_parameters.is_empty()).then(|| {
                request_parameters
                    .iter()
                    .map(|(k, v)| (k.clone(), *v))
                    .collect::<Vec<_>>()
            }))
            .maybe_request_validator_id(
                options
                    .request_validator
                    .as_ref()
                    .map(|v| v.request_validator_id()),
            )
            .resource_id(self.state.id.clone())
            .rest_api_id(self.api.rest_api_id())
            .build();
        let cfn = CfnMethod::new(&scope, "Resource", props);
        if self.api.is_sam_native() {
            cfn.resource().only_in(Flavor::Cfn);
        }
        if let Some(role) = &rendered.role {
            role.add_dependent(cfn.resource());
        }
        let part = json!({
            "method": [self.state.path, method.as_str()],
            "authorization": authorization,
            "authorizer": match &auth {
                Authorization::Custom(a) => Some(a.node().path()),
                _ => None,
            },
            "apiKeyRequired": api_key_required,
            "integration": rendered.part,
            "methodResponses": method_responses.iter().map(|r| r.part()).collect::<Vec<_>>(),
            "requestParameters": request_parameters.iter().collect::<Vec<_>>(),
            "requestModels": options
                .request_models
                .iter()
                .map(|(k, m)| [k.clone(), m.node().path()])
                .collect::<Vec<_>>(),
            "requestValidator": options.request_validator.as_ref().map(|v| v.node().path()),
        });
        self.api.record(part.to_string(), cfn.resource());
        self.api.count_method(
            format!("{} {}", method.as_str(), self.state.path),
            api_key_required,
        );
        self.state
            .methods
            .borrow_mut()
            .insert(method, (scope.clone(), cfn.clone()));
        let handle = Method::from_parts(
            scope.clone(),
            cfn,
            self.api.clone(),
            method,
            (self.state.path.clone(), arn_path),
        );

        if let Some(function) = integration.function() {
            let desc = format!(
                "{}.{}.{}",
                self.api.node().unique_id(),
                method.as_str(),
                self.state.path.replace('/', ".")
            );
            let principal = || Principal::service("apigateway.amazonaws.com");
            if self.api.is_sam_native() {
                // What aws-sam-translator generates for the SAM template's `Api` event: one
                // permission on the method in any stage.
                function
                    .add_trigger_permission(
                        &scope,
                        &format!("ApiPermission.{desc}"),
                        Permission::new(principal()).source_arn(self.api.arn_for_execute_api(
                            method.arn_part(),
                            &handle.arn_path_for_permissions(),
                            "*",
                        )),
                    )
                    .only_in(Flavor::Cfn);
                function.register_trigger(handle.resource());
                if let (Some(sam), Some((f, timeout_ms))) = (self.api.sam(), sam_event) {
                    let authorizer = sam_authorizer();
                    let model = options.request_models.get("application/json");
                    sam.add_event(ApiEventArgs {
                        api_id: &self.api.node().id(),
                        function: &f,
                        method: method.as_str(),
                        path: &self.state.path,
                        authorizer: authorizer.as_deref(),
                        api_key_required,
                        timeout_ms,
                        request_model: model.and_then(Model::sam_name).map(|name| {
                            (name, options.request_validator.as_ref().map(|v| v.checks()))
                        }),
                        request_parameters: options
                            .request_parameters
                            .iter()
                            .map(|(k, v)| (k.clone(), *v))
                            .collect(),
                    });
                }
                return handle;
            }
            function.add_trigger_permission(
                &scope,
                &format!("ApiPermission.{desc}"),
                Permission::new(principal()).source_arn(handle.method_arn()),
            );
            function.add_trigger_permission(
                &scope,
                &format!("ApiPermission.Test.{desc}"),
                Permission::new(principal()).source_arn(handle.test_method_arn()),
            );
            function.register_trigger(handle.resource());
        }
        handle
    }

    /// The path in `execute-api` ARNs: path variables as `*` (AWS CDK's `pathForArn`).
    fn arn_path(&self) -> String {
        if self.state.path == "/" {
            return "/".to_string();
        }
        self.state
            .path
            .split('/')
            .map(|p| if p.starts_with('{') { "*" } else { p })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The underlying resource (`None` for the root).
    pub fn resource(&self) -> Option<&CfnResource> {
        self.state.cfn.as_ref().map(|c| c.resource())
    }
}

#[cfg(test)]
mod tests {
    use super::valid_part;

    #[test]
    fn path_parts() {
        for ok in ["items", "{id}", "{proxy+}", "v1.0", "a_b-c"] {
            assert!(valid_part(ok), "{ok}");
        }
        for bad in [
            "", "a/b", "{id", "id}", "{}", "{+}", "a+", "{a+b}", "{{a}}", "a b",
        ] {
            assert!(!valid_part(bad), "{bad}");
        }
    }
}

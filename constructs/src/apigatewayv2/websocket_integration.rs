//! What a WebSocket API route calls: a Lambda function (proxy).

use cdk_core::{Flavor, Scope, Str};
use cfn_l1::apigatewayv2::{CfnIntegration, CfnIntegrationProps};

use crate::execute_api::lambda_invoke_uri;
use crate::iam::Principal;
use crate::lambda::{Function, Permission};

/// The backend of a [`WebSocketApi`](super::WebSocketApi) route: one
/// `AWS::ApiGatewayV2::Integration` per route, at `<route>/Integration/Resource`.
#[derive(Clone, Debug)]
pub struct WebSocketIntegration {
    function: Box<Function>,
}

impl WebSocketIntegration {
    /// Lambda proxy integration (`AWS_PROXY`): the function gets each connection event or
    /// message with `requestContext.connectionId`, `routeKey` and `domainName`/`stage` (to
    /// answer through the connection's callback URL). When the function publishes an alias,
    /// the alias is invoked. API Gateway gets `lambda:InvokeFunction` on it, scoped to the
    /// route in any stage (`…:<api>/*/<route key>`), at `<route>/Integration-Permission`.
    pub fn lambda(function: &Function) -> WebSocketIntegration {
        WebSocketIntegration {
            function: Box::new(function.clone()),
        }
    }

    /// The function the integration invokes.
    pub(super) fn function(&self) -> &Function {
        &self.function
    }

    /// Creates the integration under `route` for the API `api_id`, and the permission
    /// `<route>/Integration-Permission` with `source_arn`.
    pub(super) fn create(
        &self,
        route: &Scope,
        api_id: Str,
        source_arn: Str,
        sam_native: bool,
    ) -> CfnIntegration {
        let scope = Scope::new(route, "Integration");
        let props = CfnIntegrationProps::builder()
            .api_id(api_id)
            .integration_type("AWS_PROXY")
            .integration_uri(lambda_invoke_uri(self.function.trigger_arn()))
            .build();
        let cfn = CfnIntegration::new(&scope, "Resource", props);
        let permission = self.function.add_trigger_permission(
            route,
            "Integration-Permission",
            Permission::new(Principal::service("apigateway.amazonaws.com")).source_arn(source_arn),
        );
        if sam_native {
            // The SAM template's `AWS::Serverless::WebSocketApi` stands for both.
            cfn.resource().only_in(Flavor::Cfn);
            permission.only_in(Flavor::Cfn);
        }
        cfn
    }
}

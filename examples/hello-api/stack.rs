//! `sam init`'s hello world, in Rust: one Python function (`hello_world/app.py`) behind
//! `GET /hello` of a REST API, and the API's URL as a stack output.
//!
//! As with `sam init`'s template, the user's loop is:
//!
//! ```text
//! cargo run                                                   # writes synth-out/HelloApi.*
//! sam local start-api -t synth-out/HelloApi.sam.yaml -p 8080
//! curl http://127.0.0.1:8080/hello                            # {"message": "hello world"}
//! sam deploy -t synth-out/HelloApi.sam.yaml --guided --capabilities CAPABILITY_IAM
//! ```
//!
//! then `curl` the `HelloWorldApi` output. The stage is `Prod`, as SAM names it. The function
//! has no dependencies, so there is nothing for `sam build` to do.
//!
//! The API is SAM-native (`sam_native(true)`): the SAM template holds an
//! `AWS::Serverless::Api` and the function's `Api` event, which is where SAM CLI reads routes
//! from in a template with `AWS::Serverless::Function`s; the plain template holds what
//! aws-sam-translator makes of them. `examples/tests/hello_api.rs` runs SAM CLI's own route
//! reader on both templates.

use cdk_core::checks::Checks;
use cdk_core::{App, CfnOutput, Stack};
use constructs::apigateway::{HttpMethod, Integration, RestApi};
use constructs::lambda::{Code, Function, Runtime};

/// Adds the `HelloApi` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "HelloApi");
    stack.set_description("sam init's hello world: a Python function behind GET /hello");

    let function = Function::new(
        &stack,
        "HelloWorldFunction",
        Runtime::PYTHON_3_14,
        Code::from_asset("hello-api/hello_world"),
        "app.lambda_handler",
    )
    .build();

    let api = RestApi::new(&stack, "Api")
        .stage_name("Prod")
        // `AWS::Serverless::Api` + an `Api` event in the SAM template, for `sam local start-api`.
        .sam_native(true)
        // The URL of /hello is the output users want, as in `sam init`'s template.
        .endpoint_output(false)
        .build();
    api.root()
        .add_resource("hello")
        .add_method(HttpMethod::Get, Integration::lambda(&function));

    CfnOutput::new(&stack, "HelloWorldApi", api.url_for_path("/hello"))
        .description("API Gateway endpoint URL for the Prod stage of the Hello World function");
    CfnOutput::new(&stack, "HelloWorldFunctionArn", function.arn())
        .description("Hello World Lambda function ARN");
    CfnOutput::new(&stack, "HelloWorldFunctionIamRole", function.role().arn())
        .description("IAM role of the Hello World function");

    // The security pack's findings this stack accepts (`cargo run -- check`): it is
    // `sam init`'s hello world, kept as small as that template.
    crate::acks::function_logs(&stack);
    Checks::of(&api)
        .acknowledge(
            "AwsSolutions-APIG1",
            "sam init's hello world has no access logs; a real API sets StageOptions::access_log",
        )
        .acknowledge(
            "AwsSolutions-APIG2",
            "GET /hello takes no body and no parameters: there is nothing to validate",
        )
        .acknowledge(
            "AwsSolutions-APIG4",
            "a public hello world endpoint by design, as in sam init",
        )
        .acknowledge(
            "AwsSolutions-APIG6",
            "execution logging needs the account-level CloudWatch role, which this minimal example does not set up",
        );
}

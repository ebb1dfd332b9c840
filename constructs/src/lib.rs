//! Typed AWS constructs built on `cdk-core`: one module per service, one construct per file.
//!
//! ```
//! use cdk_core::{App, Stack};
//! use constructs::iam::{PolicyStatement, Principal, Role};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "S");
//! let role = Role::new(&stack, "Role", Principal::service("lambda.amazonaws.com")).build();
//! role.add_to_policy(PolicyStatement::allow().actions(["logs:PutLogEvents"]).resources(["*"]));
//! let template = stack.template().unwrap();
//! assert_eq!(template["Resources"]["RoleDefaultPolicy5FFB7DAB"]["Type"], "AWS::IAM::Policy");
//! ```

#![warn(missing_docs)]
// Constructs are built with `X::new(scope, id, required…) -> XBuilder`, then `.build()`.
#![allow(clippy::new_ret_no_self)]

pub mod apigateway;
pub mod apigatewayv2;
pub mod checks;
pub mod cli;
pub mod cloudwatch;
pub mod codedeploy;
pub mod dynamodb;
pub mod events;
mod execute_api;
pub mod iam;
pub mod kinesis;
pub mod lambda;
pub mod logs;
mod names;
pub mod s3;
pub mod scheduler;
pub mod sns;
pub mod sqs;
pub mod stepfunctions;
pub mod tags;
mod util;

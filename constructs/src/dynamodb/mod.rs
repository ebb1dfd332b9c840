//! Amazon DynamoDB: [`Table`] (an `AWS::DynamoDB::Table`), its keys, indexes, streams and
//! grants, and [`ImportedTable`] for tables that already exist.
//!
//! ```
//! use cdk_core::{App, CfnOutput, RemovalPolicy, Stack};
//! use constructs::dynamodb::{Attribute, Gsi, StreamViewType, Table};
//! use constructs::iam::{Principal, Role};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "ImageLabeler");
//! let table = Table::new(&stack, "Labels", Attribute::string("Image"))
//!     .sort_key(Attribute::string("Label"))
//!     .global_secondary_index(Gsi::new("ByLabel", Attribute::string("Label")))
//!     .stream(StreamViewType::NewImage)
//!     .time_to_live_attribute("expires")
//!     .removal_policy(RemovalPolicy::Destroy)
//!     .build();
//! let role = Role::new(&stack, "Labeler", Principal::service("lambda.amazonaws.com")).build();
//! table.grant_read_write_data(&role);
//! CfnOutput::new(&stack, "TableName", table.table_name());
//!
//! let template = stack.template().unwrap();
//! let resource = &template["Resources"][table.resource().logical_id()];
//! assert_eq!(resource["Type"], "AWS::DynamoDB::Table");
//! assert_eq!(resource["Properties"]["BillingMode"], "PAY_PER_REQUEST");
//! ```
//!
//! # Defaults
//!
//! - **On-demand billing** (`PAY_PER_REQUEST`), as AWS CDK's `TableV2` (its older `Table`
//!   provisions 5/5 units). [`TableBuilder::provisioned`] switches to provisioned capacity;
//!   the billing mode is a type parameter of the builder, so capacity options on an
//!   on-demand table do not compile.
//! - **Retain** removal policy, as AWS CDK.
//! - **Point-in-time recovery on** (AWS CDK: off), so a bad write can be undone; see
//!   [`TableBuilder::point_in_time_recovery`].
//! - AWS owned encryption key, no stream, no TTL, no deletion protection.
//!
//! # Grants
//!
//! `grant_read_data`, `grant_write_data`, `grant_read_write_data`, `grant_full_access` and
//! `grant_stream_read` allow AWS CDK's exact actions (`aws-dynamodb/lib/perms.ts`, listed
//! in the `*_ACTIONS` constants) on the table's ARN, plus `<arn>/index/*` when it has
//! indexes, and the key actions on a customer-managed key. Nothing is granted on `*`. See
//! [`TableLike`].

mod attribute;
mod billing;
mod imported;
mod index;
mod names;
mod options;
mod table;
mod table_like;

/// The KMS key actions of table grants (shared by every grant on a customer managed key).
pub use crate::iam::{KEY_READ_ACTIONS, KEY_READ_WRITE_ACTIONS};
pub use attribute::{Attribute, AttributeType};
pub use billing::{Billing, OnDemand, Provisioned, ProvisionedBilling};
pub use imported::ImportedTable;
pub use index::{GlobalIndex, Gsi, Lsi, Projection, ProvisionedGsi};
pub use options::{CapacityScaling, StreamViewType, TableClass, TableEncryption};
pub use table::{
    Table, TableBuilder, MAX_GLOBAL_SECONDARY_INDEXES, MAX_LOCAL_SECONDARY_INDEXES,
    MAX_NON_KEY_ATTRIBUTES,
};
pub use table_like::{
    TableLike, FULL_ACCESS_ACTIONS, READ_DATA_ACTIONS, READ_STREAM_DATA_ACTIONS,
    READ_WRITE_DATA_ACTIONS, WRITE_DATA_ACTIONS,
};

//! [`TableLike`]: what grants and references need from a table, whether this stack defines
//! it ([`Table`](super::Table)) or it already exists ([`ImportedTable`](super::ImportedTable)).

use cdk_core::{fns, Construct, Str};

use crate::iam::{Grant, Grantable, KEY_READ_ACTIONS, KEY_READ_WRITE_ACTIONS};

/// The data actions of [`TableLike::grant_read_data`]: AWS CDK's `RESOURCE_READ_DATA_ACTIONS`,
/// `PRINCIPAL_ONLY_READ_DATA_ACTIONS` and `DESCRIBE_TABLE` (`aws-dynamodb/lib/perms.ts`),
/// sorted as CDK writes them.
pub const READ_DATA_ACTIONS: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:Query",
    "dynamodb:Scan",
];

/// The data actions of [`TableLike::grant_write_data`]: CDK's `WRITE_DATA_ACTIONS` and
/// `DESCRIBE_TABLE`, sorted.
pub const WRITE_DATA_ACTIONS: &[&str] = &[
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
];

/// The data actions of [`TableLike::grant_read_write_data`]: the union of the read and
/// write actions, sorted.
pub const READ_WRITE_DATA_ACTIONS: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
];

/// The action of [`TableLike::grant_full_access`].
pub const FULL_ACCESS_ACTIONS: &[&str] = &["dynamodb:*"];

/// The stream actions of [`TableLike::grant_stream_read`], on the stream's ARN (CDK's
/// `READ_STREAM_DATA_ACTIONS`).
pub const READ_STREAM_DATA_ACTIONS: &[&str] = &[
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
];

/// A DynamoDB table that grants and references work on: a [`Table`](super::Table) defined
/// in this app, or an [`ImportedTable`](super::ImportedTable) that already exists. AWS CDK's
/// `ITable`.
///
/// Both types also have these methods as inherent methods, so `table.grant_read_data(&f)`
/// works without importing the trait; take `&impl TableLike` to accept either.
///
/// Every grant adds one `Allow` statement to the grantee's role, scoped to the table's ARN
/// (plus `<arn>/index/*` when the table has secondary indexes, as AWS CDK does) and never
/// to `*`. When the table is encrypted with a customer-managed KMS key, a second statement
/// allows the key actions CDK grants on that key's ARN. Actions are written sorted, in
/// one statement, as CDK writes them with `@aws-cdk/aws-iam:minimizePolicies`.
pub trait TableLike: Construct {
    /// The table's name.
    fn table_name(&self) -> Str;

    /// The table's ARN.
    fn arn(&self) -> Str;

    /// The ARN of the table's stream, when it has one.
    fn stream_arn(&self) -> Option<Str>;

    /// The ARN of the customer-managed KMS key the table is encrypted with, if any.
    fn encryption_key_arn(&self) -> Option<Str>;

    /// Whether grants also cover the table's indexes (`<arn>/index/*`).
    fn has_indexes(&self) -> bool;

    /// The resources a table grant names: the table's ARN, and `<arn>/index/*` when the
    /// table has indexes.
    fn grant_resources(&self) -> Vec<Str> {
        let arn = self.arn();
        let mut out = vec![arn.clone()];
        if self.has_indexes() {
            out.push(fns::join("", [arn, Str::from("/index/*")]));
        }
        out
    }

    /// Allows `actions` (e.g. `dynamodb:PutItem`) on the table (and its indexes) to
    /// `grantee`. Adds no key permissions; prefer the specific grants below.
    fn grant(&self, grantee: &impl Grantable, actions: &[&str]) -> Grant {
        Grant::add_to_principal(grantee, actions, self.grant_resources())
    }

    /// Allows reading items ([`READ_DATA_ACTIONS`]), and decrypting with the table's
    /// customer-managed key ([`KEY_READ_ACTIONS`]).
    fn grant_read_data(&self, grantee: &impl Grantable) -> Grant {
        self.grant(grantee, READ_DATA_ACTIONS)
            .and_key(self.encryption_key_arn(), KEY_READ_ACTIONS)
    }

    /// Allows writing items ([`WRITE_DATA_ACTIONS`]), and using the table's
    /// customer-managed key ([`KEY_READ_WRITE_ACTIONS`]).
    fn grant_write_data(&self, grantee: &impl Grantable) -> Grant {
        self.grant(grantee, WRITE_DATA_ACTIONS)
            .and_key(self.encryption_key_arn(), KEY_READ_WRITE_ACTIONS)
    }

    /// Allows reading and writing items ([`READ_WRITE_DATA_ACTIONS`]), and using the
    /// table's customer-managed key ([`KEY_READ_WRITE_ACTIONS`]).
    fn grant_read_write_data(&self, grantee: &impl Grantable) -> Grant {
        self.grant(grantee, READ_WRITE_DATA_ACTIONS)
            .and_key(self.encryption_key_arn(), KEY_READ_WRITE_ACTIONS)
    }

    /// Allows every DynamoDB action (`dynamodb:*`) on the table and its indexes, and using
    /// the table's customer-managed key ([`KEY_READ_WRITE_ACTIONS`]). This is CDK's
    /// `grantFullAccess`; prefer [`TableLike::grant_read_write_data`] for application code.
    fn grant_full_access(&self, grantee: &impl Grantable) -> Grant {
        self.grant(grantee, FULL_ACCESS_ACTIONS)
            .and_key(self.encryption_key_arn(), KEY_READ_WRITE_ACTIONS)
    }

    /// Allows reading the table's stream: [`READ_STREAM_DATA_ACTIONS`] on the stream's ARN
    /// (the returned grant), `dynamodb:ListStreams` on `<table arn>/stream/*`, and
    /// [`KEY_READ_ACTIONS`] on a customer-managed key.
    ///
    /// AWS CDK grants `dynamodb:ListStreams` on `*`. This crate never grants on `*`;
    /// `<table arn>/stream/*` is the scope AWS documents for stream readers (see "IAM
    /// policy to grant read access for a DynamoDB stream only" in the DynamoDB developer
    /// guide), and what Lambda's event source mapping needs. A caller that lists the
    /// streams of *every* table in the account needs its own statement.
    ///
    /// A table without a stream is a synth error (reported with the table's path): turn
    /// the stream on with `.stream(..)`, or give an imported table's stream ARN with
    /// [`ImportedTable::with_stream_arn`](super::ImportedTable::with_stream_arn).
    fn grant_stream_read(&self, grantee: &impl Grantable) -> Grant {
        let arn = self.arn();
        let list = Grant::add_to_principal(
            grantee,
            &["dynamodb:ListStreams"],
            [fns::join("", [arn, Str::from("/stream/*")])],
        );
        let Some(stream) = self.stream_arn() else {
            self.node().add_error(
                "grant_stream_read: the table has no stream to read",
                "turn the stream on with `.stream(StreamViewType::NewAndOldImages)` (or another \
                 view type); for an imported table, give its stream ARN with `.with_stream_arn(..)`",
            );
            return list;
        };
        // CDK's order: `ListStreams`, the key, the stream's actions.
        list.and_key(self.encryption_key_arn(), KEY_READ_ACTIONS);
        Grant::add_to_principal(grantee, READ_STREAM_DATA_ACTIONS, [stream])
    }
}

/// The [`TableLike`] grant methods as inherent methods of a table type, so callers need no
/// trait import. One definition for [`Table`](super::Table) and
/// [`ImportedTable`](super::ImportedTable).
macro_rules! inherent_table_like_methods {
    () => {
        /// See [`TableLike::grant`].
        pub fn grant(&self, grantee: &impl Grantable, actions: &[&str]) -> Grant {
            TableLike::grant(self, grantee, actions)
        }

        /// See [`TableLike::grant_read_data`].
        pub fn grant_read_data(&self, grantee: &impl Grantable) -> Grant {
            TableLike::grant_read_data(self, grantee)
        }

        /// See [`TableLike::grant_write_data`].
        pub fn grant_write_data(&self, grantee: &impl Grantable) -> Grant {
            TableLike::grant_write_data(self, grantee)
        }

        /// See [`TableLike::grant_read_write_data`].
        pub fn grant_read_write_data(&self, grantee: &impl Grantable) -> Grant {
            TableLike::grant_read_write_data(self, grantee)
        }

        /// See [`TableLike::grant_full_access`].
        pub fn grant_full_access(&self, grantee: &impl Grantable) -> Grant {
            TableLike::grant_full_access(self, grantee)
        }

        /// See [`TableLike::grant_stream_read`].
        pub fn grant_stream_read(&self, grantee: &impl Grantable) -> Grant {
            TableLike::grant_stream_read(self, grantee)
        }
    };
}
pub(crate) use inherent_table_like_methods;

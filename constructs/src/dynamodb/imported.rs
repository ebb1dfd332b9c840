//! [`ImportedTable`]: a table that exists outside this app, for grants and references.

use cdk_core::{fns, Aws, Construct, Scope, Str};

use super::names::table_or_index_name_problem;
use super::table_like::TableLike;
use crate::iam::{Grant, Grantable};
use crate::util::literal;

/// An existing DynamoDB table, made with [`Table::from_table_name`](super::Table::from_table_name)
/// or [`Table::from_table_arn`](super::Table::from_table_arn). It adds nothing to the
/// template; grants on it add statements to the grantee's role.
///
/// It knows only what it is told: give its stream, key and indexes so grants cover them.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::dynamodb::Table;
/// use constructs::iam::{Principal, Role};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Reports");
/// let orders = Table::from_table_name(&stack, "Orders", "orders-prod").with_indexes();
/// let role = Role::new(&stack, "Reader", Principal::service("lambda.amazonaws.com")).build();
/// orders.grant_read_data(&role);
/// ```
#[derive(Clone)]
pub struct ImportedTable {
    scope: Scope,
    table_name: Str,
    arn: Str,
    stream_arn: Option<Str>,
    key_arn: Option<Str>,
    has_indexes: bool,
}

crate::util::construct_handle!(ImportedTable);

impl ImportedTable {
    pub(crate) fn from_name(scope: &impl Construct, id: &str, table_name: Str) -> ImportedTable {
        let scope = Scope::new(scope, id);
        let name_literal = literal(&table_name);
        if let Some(name) = &name_literal {
            if let Some(problem) = table_or_index_name_problem(name) {
                scope.node().add_error(
                    format!("table name `{name}` {problem}"),
                    "table names are 3-255 characters of letters, digits, `_`, `.` and `-`",
                );
            }
        }
        // arn:${Partition}:dynamodb:${Region}:${AccountId}:table/<name>, as CDK's formatArn
        // writes it (a literal name joins the literal before it).
        let mut parts = vec![
            Str::from("arn:"),
            Aws::partition(),
            Str::from(":dynamodb:"),
            Aws::region(),
            Str::from(":"),
            Aws::account_id(),
        ];
        match name_literal {
            Some(name) => parts.push(Str::from(format!(":table/{name}"))),
            None => parts.extend([Str::from(":table/"), table_name.clone()]),
        }
        let arn = fns::join("", parts);
        ImportedTable {
            scope,
            table_name,
            arn,
            stream_arn: None,
            key_arn: None,
            has_indexes: false,
        }
    }

    pub(crate) fn from_arn(scope: &impl Construct, id: &str, arn: Str) -> ImportedTable {
        let scope = Scope::new(scope, id);
        let table_name = match literal(&arn) {
            Some(text) => match parse_table_arn(&text) {
                Some(name) => Str::from(name),
                None => {
                    scope.node().add_error(
                        format!("`{text}` is not a DynamoDB table ARN"),
                        "a table ARN looks like `arn:aws:dynamodb:<region>:<account>:table/<name>`",
                    );
                    Str::from(text)
                }
            },
            // An ARN known only at deploy time: the name is the part after `table/`.
            None => fns::select(
                1,
                fns::split("/", fns::select(5, fns::split(":", arn.clone()))),
            ),
        };
        ImportedTable {
            scope,
            table_name,
            arn,
            stream_arn: None,
            key_arn: None,
            has_indexes: false,
        }
    }

    /// The table's stream, by ARN, so [`ImportedTable::grant_stream_read`] can name it
    /// (default: none).
    pub fn with_stream_arn(mut self, stream_arn: impl Into<Str>) -> Self {
        self.stream_arn = Some(stream_arn.into());
        self
    }

    /// The customer-managed KMS key the table is encrypted with, by ARN, so grants also
    /// allow the key actions (default: none).
    pub fn with_encryption_key(mut self, key_arn: impl Into<Str>) -> Self {
        self.key_arn = Some(key_arn.into());
        self
    }

    /// Grants also cover the table's indexes, `<arn>/index/*` (default: they do not, as AWS
    /// CDK's `grantIndexPermissions` defaults to false).
    pub fn with_indexes(mut self) -> Self {
        self.has_indexes = true;
        self
    }

    /// The table's name.
    pub fn table_name(&self) -> Str {
        self.table_name.clone()
    }

    /// The table's ARN.
    pub fn arn(&self) -> Str {
        self.arn.clone()
    }

    /// The stream's ARN, if given with [`ImportedTable::with_stream_arn`].
    pub fn stream_arn(&self) -> Option<Str> {
        self.stream_arn.clone()
    }

    super::table_like::inherent_table_like_methods!();
}

impl TableLike for ImportedTable {
    fn table_name(&self) -> Str {
        self.table_name.clone()
    }

    fn arn(&self) -> Str {
        self.arn.clone()
    }

    fn stream_arn(&self) -> Option<Str> {
        self.stream_arn.clone()
    }

    fn encryption_key_arn(&self) -> Option<Str> {
        self.key_arn.clone()
    }

    fn has_indexes(&self) -> bool {
        self.has_indexes
    }
}

/// The table name in `arn:<partition>:dynamodb:<region>:<account>:table/<name>`.
fn parse_table_arn(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, "dynamodb", region, account, resource]
            if !partition.is_empty() && !region.is_empty() && !account.is_empty() =>
        {
            let name = resource.strip_prefix("table/")?;
            (table_or_index_name_problem(name).is_none()).then(|| name.to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_table_arn;

    #[test]
    fn parses_table_arns() {
        assert_eq!(
            parse_table_arn("arn:aws:dynamodb:eu-west-1:123456789012:table/orders").as_deref(),
            Some("orders")
        );
        assert_eq!(
            parse_table_arn("arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/x"),
            None
        );
        assert_eq!(parse_table_arn("arn:aws:s3:::bucket"), None);
        assert_eq!(parse_table_arn("orders"), None);
    }
}

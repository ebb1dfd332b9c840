//! [`Table`]: an `AWS::DynamoDB::Table`, its builder, attributes and grants.

use std::marker::PhantomData;

use cdk_core::{fns, Aws, CfnResource, Construct, Node, RemovalPolicy, Scope, Str};
use cfn_l1::applicationautoscaling::scaling_policy::{
    PredefinedMetricSpecification, TargetTrackingScalingPolicyConfiguration,
};
use cfn_l1::applicationautoscaling::{
    CfnScalableTarget, CfnScalableTargetProps, CfnScalingPolicy, CfnScalingPolicyProps,
};
use cfn_l1::dynamodb::table as l1;
use cfn_l1::dynamodb::{CfnTable, CfnTableProps};
use indexmap::IndexMap;

use super::attribute::{Attribute, AttributeType};
use super::billing::{Billing, OnDemand, Provisioned, ProvisionedBilling};
use super::imported::ImportedTable;
use super::index::{GlobalIndex, GsiSpec, Lsi, Projection};
use super::names::{attribute_name_problem, table_or_index_name_problem};
use super::options::{CapacityScaling, StreamViewType, TableClass, TableEncryption};
use super::table_like::TableLike;
use crate::iam::{Grant, Grantable};
use crate::util::literal;

/// DynamoDB's limit on global secondary indexes per table.
pub const MAX_GLOBAL_SECONDARY_INDEXES: usize = 20;
/// DynamoDB's limit on local secondary indexes per table.
pub const MAX_LOCAL_SECONDARY_INDEXES: usize = 5;
/// DynamoDB's limit on `INCLUDE`d non-key attributes, summed over all of a table's indexes
/// (an attribute projected into two indexes counts twice).
pub const MAX_NON_KEY_ATTRIBUTES: usize = 100;

const SCALING_ROLE: &str = ":role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable";

/// A DynamoDB table (`AWS::DynamoDB::Table`, at `<id>/Resource` like AWS CDK's).
///
/// Made with [`Table::new`] and [`TableBuilder::build`]; cheap to clone. Existing tables
/// are brought in with [`Table::from_table_name`] and [`Table::from_table_arn`].
///
/// ```
/// use cdk_core::{App, Stack, RemovalPolicy};
/// use constructs::dynamodb::{Attribute, Table};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "ImageLabeler");
/// let table = Table::new(&stack, "Labels", Attribute::string("Image"))
///     .removal_policy(RemovalPolicy::Destroy)
///     .build();
/// assert_eq!(table.partition_key().name(), "Image");
/// assert!(table.stream_arn().is_none());
/// ```
#[derive(Clone)]
pub struct Table {
    scope: Scope,
    cfn: CfnTable,
    partition_key: Attribute,
    sort_key: Option<Attribute>,
    stream: Option<StreamViewType>,
    encryption: TableEncryption,
    has_indexes: bool,
}

crate::util::construct_handle!(Table);

/// Builds a [`Table`]; [`Table::new`] takes the required partition key. `B` is the billing
/// mode, [`OnDemand`] until [`TableBuilder::provisioned`] makes it [`Provisioned`]; options
/// that set capacity exist only for provisioned tables.
#[must_use = "call .build() to create the table"]
pub struct TableBuilder<B: Billing = OnDemand> {
    scope: Scope,
    partition_key: Attribute,
    sort_key: Option<Attribute>,
    removal_policy: RemovalPolicy,
    table_name: Option<Str>,
    stream: Option<StreamViewType>,
    time_to_live_attribute: Option<String>,
    point_in_time_recovery: bool,
    encryption: TableEncryption,
    deletion_protection: Option<bool>,
    table_class: Option<TableClass>,
    global_indexes: Vec<GsiSpec>,
    local_indexes: Vec<Lsi>,
    capacity: (u32, u32),
    read_scaling: Option<CapacityScaling>,
    write_scaling: Option<CapacityScaling>,
    billing: PhantomData<B>,
}

impl Table {
    /// Starts a table named `id` in `scope`, keyed on `partition_key`.
    ///
    /// Defaults, each changeable on the builder:
    /// - billing **on demand** (`BillingMode: PAY_PER_REQUEST`). AWS CDK's `Table` defaults
    ///   to provisioned 5 read / 5 write units, which throttles under any real load and
    ///   bills around the clock when idle; its newer `TableV2` defaults to on demand, as
    ///   this does. Use [`TableBuilder::provisioned`] for steady, predictable traffic.
    /// - removal policy **retain**, as in AWS CDK: deleting the stack keeps the data;
    /// - point-in-time recovery **on** (AWS CDK: off); see
    ///   [`TableBuilder::point_in_time_recovery`];
    /// - encryption with an AWS owned key, no stream, no TTL, no deletion protection,
    ///   standard table class, a name CloudFormation generates.
    // The design's builder shape: required arguments up front, `build()` makes the table.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(scope: &impl Construct, id: &str, partition_key: Attribute) -> TableBuilder {
        TableBuilder {
            scope: Scope::new(scope, id),
            partition_key,
            sort_key: None,
            removal_policy: RemovalPolicy::Retain,
            table_name: None,
            stream: None,
            time_to_live_attribute: None,
            point_in_time_recovery: true,
            encryption: TableEncryption::AwsOwned,
            deletion_protection: None,
            table_class: None,
            global_indexes: Vec::new(),
            local_indexes: Vec::new(),
            capacity: (0, 0),
            read_scaling: None,
            write_scaling: None,
            billing: PhantomData,
        }
    }

    /// An existing table, by name, in the stack's account and region. See
    /// [`ImportedTable`] for what it can tell grants (stream, key, indexes).
    pub fn from_table_name(
        scope: &impl Construct,
        id: &str,
        table_name: impl Into<Str>,
    ) -> ImportedTable {
        ImportedTable::from_name(scope, id, table_name.into())
    }

    /// An existing table, by ARN (`arn:<partition>:dynamodb:<region>:<account>:table/<name>`;
    /// a literal ARN is checked at synth).
    pub fn from_table_arn(
        scope: &impl Construct,
        id: &str,
        table_arn: impl Into<Str>,
    ) -> ImportedTable {
        ImportedTable::from_arn(scope, id, table_arn.into())
    }

    /// The typed L1 resource this construct wraps ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](CfnTable::props), for what this construct does not offer.
    pub fn cfn(&self) -> &CfnTable {
        &self.cfn
    }

    /// The underlying `AWS::DynamoDB::Table` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }

    /// The table's name (`Ref`).
    pub fn table_name(&self) -> Str {
        self.cfn.ref_()
    }

    /// The table's ARN (`Fn::GetAtt [.., Arn]`).
    pub fn arn(&self) -> Str {
        self.cfn.attr_arn()
    }

    /// The stream's ARN (`Fn::GetAtt [.., StreamArn]`), when a stream is on.
    pub fn stream_arn(&self) -> Option<Str> {
        self.stream.map(|_| self.cfn.attr_stream_arn())
    }

    /// The stream's view type, when a stream is on.
    pub fn stream(&self) -> Option<StreamViewType> {
        self.stream
    }

    /// The partition key.
    pub fn partition_key(&self) -> &Attribute {
        &self.partition_key
    }

    /// The sort key, if any.
    pub fn sort_key(&self) -> Option<&Attribute> {
        self.sort_key.as_ref()
    }

    /// How the table is encrypted.
    pub fn encryption(&self) -> &TableEncryption {
        &self.encryption
    }

    super::table_like::inherent_table_like_methods!();
}

impl TableLike for Table {
    fn table_name(&self) -> Str {
        Table::table_name(self)
    }

    fn arn(&self) -> Str {
        Table::arn(self)
    }

    fn stream_arn(&self) -> Option<Str> {
        Table::stream_arn(self)
    }

    fn encryption_key_arn(&self) -> Option<Str> {
        match &self.encryption {
            TableEncryption::CustomerManaged(key) => Some(key.clone()),
            _ => None,
        }
    }

    fn has_indexes(&self) -> bool {
        self.has_indexes
    }
}

impl<B: Billing> TableBuilder<B> {
    /// The table's sort key (default: none; the partition key alone identifies an item).
    /// Local secondary indexes need one.
    pub fn sort_key(mut self, sort_key: Attribute) -> Self {
        self.sort_key = Some(sort_key);
        self
    }

    /// What happens to the table and its data when it leaves the stack (default:
    /// [`RemovalPolicy::Retain`], as in AWS CDK). `Snapshot` is not supported by
    /// DynamoDB and is a synth error.
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = policy;
        self
    }

    /// A fixed table name: 3–255 characters of `a-z A-Z 0-9 _ . -` (a literal name is
    /// checked at synth). Default: CloudFormation generates one, which lets the table be
    /// replaced and the stack be deployed twice in one account and region.
    pub fn table_name(mut self, name: impl Into<Str>) -> Self {
        self.table_name = Some(name.into());
        self
    }

    /// Turns on the table's stream with `view` (default: no stream). Read it with
    /// [`Table::grant_stream_read`] and [`Table::stream_arn`].
    pub fn stream(mut self, view: StreamViewType) -> Self {
        self.stream = Some(view);
        self
    }

    /// Expires items when the number attribute `attribute` (epoch seconds) is in the past
    /// (`TimeToLiveSpecification`; default: no TTL).
    pub fn time_to_live_attribute(mut self, attribute: impl Into<String>) -> Self {
        self.time_to_live_attribute = Some(attribute.into());
        self
    }

    /// Continuous backups with point-in-time recovery (default: **on**; AWS CDK's default
    /// is off).
    ///
    /// On by default because it is the only built-in protection against a bad deploy or a
    /// buggy writer overwriting the data: it restores the table to any second of the last
    /// 35 days and has no effect on performance. It is billed per GB of table data (in
    /// most regions a little less than the storage itself), nothing per request. A
    /// retained table without it survives the stack but not a bad write. Pass `false` for
    /// scratch tables whose data can be rebuilt.
    pub fn point_in_time_recovery(mut self, enabled: bool) -> Self {
        self.point_in_time_recovery = enabled;
        self
    }

    /// How data is encrypted at rest (default: [`TableEncryption::AwsOwned`], as in AWS
    /// CDK).
    pub fn encryption(mut self, encryption: TableEncryption) -> Self {
        self.encryption = encryption;
        self
    }

    /// Deletion protection: DynamoDB refuses to delete the table, even from CloudFormation,
    /// until it is turned off (default: off, as in AWS CDK; the retain removal policy
    /// already keeps the table when the stack goes). With
    /// [`RemovalPolicy::Destroy`], deleting the stack fails while this is on.
    pub fn deletion_protection(mut self, enabled: bool) -> Self {
        self.deletion_protection = Some(enabled);
        self
    }

    /// The storage class (default: [`TableClass::Standard`], not written to the template).
    pub fn table_class(mut self, class: TableClass) -> Self {
        self.table_class = Some(class);
        self
    }

    /// Adds a global secondary index (default: none; at most
    /// [`MAX_GLOBAL_SECONDARY_INDEXES`], names unique, checked at synth). A [`Gsi`] fits
    /// any table; a [`ProvisionedGsi`] (made with [`Gsi::provisioned`]) only a provisioned
    /// one.
    ///
    /// [`Gsi`]: super::Gsi
    /// [`Gsi::provisioned`]: super::Gsi::provisioned
    /// [`ProvisionedGsi`]: super::ProvisionedGsi
    pub fn global_secondary_index<G: GlobalIndex<B>>(mut self, index: G) -> Self {
        self.global_indexes.push(index.into_spec());
        self
    }

    /// Adds a local secondary index (default: none; at most
    /// [`MAX_LOCAL_SECONDARY_INDEXES`]; the table needs a sort key; checked at synth).
    pub fn local_secondary_index(mut self, index: Lsi) -> Self {
        self.local_indexes.push(index);
        self
    }

    /// Bills for provisioned capacity instead of per request: `read` and `write` capacity
    /// units per second (each at least 1; `ProvisionedThroughput`). Unlocks the
    /// provisioned-only options ([`TableBuilder::read_capacity`],
    /// [`TableBuilder::auto_scale_read_capacity`], indexes with their own capacity).
    pub fn provisioned(self, read: u32, write: u32) -> TableBuilder<Provisioned> {
        TableBuilder {
            scope: self.scope,
            partition_key: self.partition_key,
            sort_key: self.sort_key,
            removal_policy: self.removal_policy,
            table_name: self.table_name,
            stream: self.stream,
            time_to_live_attribute: self.time_to_live_attribute,
            point_in_time_recovery: self.point_in_time_recovery,
            encryption: self.encryption,
            deletion_protection: self.deletion_protection,
            table_class: self.table_class,
            global_indexes: self.global_indexes,
            local_indexes: self.local_indexes,
            capacity: (read, write),
            read_scaling: self.read_scaling,
            write_scaling: self.write_scaling,
            billing: PhantomData,
        }
    }

    /// The provisioned read capacity units (set first by [`TableBuilder::provisioned`]).
    pub fn read_capacity(mut self, units: u32) -> Self
    where
        B: ProvisionedBilling,
    {
        self.capacity.0 = units;
        self
    }

    /// The provisioned write capacity units (set first by [`TableBuilder::provisioned`]).
    pub fn write_capacity(mut self, units: u32) -> Self
    where
        B: ProvisionedBilling,
    {
        self.capacity.1 = units;
        self
    }

    /// Scales the read capacity with demand (default: fixed capacity). Creates
    /// `<id>/ReadScaling/Target` and its target-tracking policy, as AWS CDK does.
    pub fn auto_scale_read_capacity(mut self, scaling: CapacityScaling) -> Self
    where
        B: ProvisionedBilling,
    {
        self.read_scaling = Some(scaling);
        self
    }

    /// Scales the write capacity with demand (default: fixed capacity). Creates
    /// `<id>/WriteScaling/Target` and its target-tracking policy, as AWS CDK does.
    pub fn auto_scale_write_capacity(mut self, scaling: CapacityScaling) -> Self
    where
        B: ProvisionedBilling,
    {
        self.write_scaling = Some(scaling);
        self
    }

    /// Creates the table. Invalid settings never panic: each is reported by synthesis
    /// with the table's path and a hint.
    pub fn build(self) -> Table {
        let node = self.scope.node().clone();
        let error = |message: String, hint: &str| node.add_error(message, hint);

        // Keys and attribute definitions.
        let mut defs = AttributeDefinitions::default();
        defs.register(&node, &self.partition_key, "the table's partition key");
        let mut key_schema = vec![key_element(&self.partition_key, "HASH")];
        if let Some(sk) = &self.sort_key {
            if sk.name() == self.partition_key.name() {
                error(
                    format!("the sort key `{}` is also the partition key", sk.name()),
                    "a table's sort key must be another attribute than its partition key",
                );
            }
            defs.register(&node, sk, "the table's sort key");
            key_schema.push(key_element(sk, "RANGE"));
        }

        // Indexes.
        let mut index_names: Vec<String> = Vec::new();
        let mut non_key_attributes = 0;
        let mut check_index = |name: &str, projection: &Projection| {
            if let Some(problem) = table_or_index_name_problem(name) {
                error(
                    format!("index name `{name}` {problem}"),
                    "index names are 3-255 characters of letters, digits, `_`, `.` and `-`",
                );
            }
            if index_names.iter().any(|n| n == name) {
                error(
                    format!("there are two indexes named `{name}`"),
                    "index names must be unique in a table (global and local together)",
                );
            }
            index_names.push(name.to_string());
            if let Projection::Include(attrs) = projection {
                if attrs.is_empty() {
                    error(
                        format!("index `{name}` projects INCLUDE with no attributes"),
                        "list the non-key attributes to include, or use Projection::KeysOnly",
                    );
                }
                non_key_attributes += attrs.len();
            }
        };
        let capacity = B::PROVISIONED.then_some(self.capacity);
        let mut gsis = Vec::new();
        for spec in &self.global_indexes {
            let gsi = &spec.index;
            check_index(&gsi.name, &gsi.projection);
            let role = format!("the partition key of index `{}`", gsi.name);
            defs.register(&node, &gsi.partition_key, &role);
            let mut keys = vec![key_element(&gsi.partition_key, "HASH")];
            if let Some(sk) = &gsi.sort_key {
                if sk.name() == gsi.partition_key.name() {
                    error(
                        format!(
                            "index `{}` uses `{}` as both partition and sort key",
                            gsi.name,
                            sk.name()
                        ),
                        "an index's sort key must be another attribute than its partition key",
                    );
                }
                defs.register(&node, sk, &format!("the sort key of index `{}`", gsi.name));
                keys.push(key_element(sk, "RANGE"));
            }
            let throughput = capacity.map(|table_capacity| {
                let (read, write) = spec.capacity.unwrap_or(table_capacity);
                check_capacity(&node, &format!("index `{}`", gsi.name), read, write);
                throughput(read, write)
            });
            gsis.push(
                l1::GlobalSecondaryIndex::builder()
                    .index_name(gsi.name.as_str())
                    .key_schema(keys)
                    .projection(projection(&gsi.projection))
                    .maybe_provisioned_throughput(throughput)
                    .build(),
            );
        }
        let mut lsis = Vec::new();
        for lsi in &self.local_indexes {
            check_index(&lsi.name, &lsi.projection);
            if lsi.sort_key.name() == self.partition_key.name() {
                error(
                    format!(
                        "local index `{}` sorts by `{}`, the table's partition key",
                        lsi.name,
                        lsi.sort_key.name()
                    ),
                    "a local index's sort key must be another attribute than the partition key",
                );
            }
            defs.register(
                &node,
                &lsi.sort_key,
                &format!("the sort key of index `{}`", lsi.name),
            );
            lsis.push(
                l1::LocalSecondaryIndex::builder()
                    .index_name(lsi.name.as_str())
                    .key_schema([
                        key_element(&self.partition_key, "HASH"),
                        key_element(&lsi.sort_key, "RANGE"),
                    ])
                    .projection(projection(&lsi.projection))
                    .build(),
            );
        }
        if !self.local_indexes.is_empty() && self.sort_key.is_none() {
            error(
                format!(
                    "the table has {} local secondary index{} but no sort key",
                    self.local_indexes.len(),
                    if self.local_indexes.len() == 1 {
                        ""
                    } else {
                        "es"
                    }
                ),
                "a local index shares the table's partition key and needs the table to have a \
                 sort key: add `.sort_key(..)`, or use a global index (`Gsi`) instead",
            );
        }
        if gsis.len() > MAX_GLOBAL_SECONDARY_INDEXES {
            error(
                format!(
                    "the table has {} global secondary indexes; DynamoDB allows {MAX_GLOBAL_SECONDARY_INDEXES}",
                    gsis.len()
                ),
                "remove indexes, or overload fewer indexes with generic key attributes",
            );
        }
        if lsis.len() > MAX_LOCAL_SECONDARY_INDEXES {
            error(
                format!(
                    "the table has {} local secondary indexes; DynamoDB allows {MAX_LOCAL_SECONDARY_INDEXES}",
                    lsis.len()
                ),
                "remove local indexes, or use global indexes instead",
            );
        }
        if non_key_attributes > MAX_NON_KEY_ATTRIBUTES {
            error(
                format!(
                    "the indexes project {non_key_attributes} non-key attributes in all; DynamoDB allows {MAX_NON_KEY_ATTRIBUTES}"
                ),
                "an attribute included in two indexes counts twice; project fewer, or use Projection::All",
            );
        }

        // Other settings.
        if let Some(name) = self.table_name.as_ref().and_then(literal) {
            if let Some(problem) = table_or_index_name_problem(&name) {
                error(
                    format!("table name `{name}` {problem}"),
                    "table names are 3-255 characters of letters, digits, `_`, `.` and `-`",
                );
            }
        }
        if let Some(ttl) = &self.time_to_live_attribute {
            if let Some(problem) = attribute_name_problem(ttl) {
                error(
                    format!("the time-to-live attribute name {problem}"),
                    "name the number attribute that holds each item's expiry time in epoch seconds",
                );
            }
        }
        if let Some(table_capacity) = capacity {
            check_capacity(&node, "the table", table_capacity.0, table_capacity.1);
        }
        if self.removal_policy == RemovalPolicy::Snapshot {
            error(
                "DynamoDB tables do not support the snapshot removal policy".to_string(),
                "use RemovalPolicy::Retain (the default) or Destroy; point-in-time recovery \
                 and AWS Backup protect the data itself",
            );
        }

        // The L1 writes properties (and the keys of each property type) in name order, as
        // AWS CDK does.
        let sse = match &self.encryption {
            TableEncryption::AwsOwned => None,
            TableEncryption::AwsManaged => {
                Some(l1::SSESpecification::builder().sse_enabled(true).build())
            }
            TableEncryption::CustomerManaged(key) => Some(
                l1::SSESpecification::builder()
                    .kms_master_key_id(key.clone())
                    .sse_enabled(true)
                    .sse_type("KMS")
                    .build(),
            ),
        };
        let props = CfnTableProps::builder()
            .attribute_definitions(defs.to_l1())
            .maybe_billing_mode((!B::PROVISIONED).then_some("PAY_PER_REQUEST"))
            .maybe_deletion_protection_enabled(self.deletion_protection)
            .maybe_global_secondary_indexes((!gsis.is_empty()).then_some(gsis))
            .key_schema(key_schema)
            .maybe_local_secondary_indexes((!lsis.is_empty()).then_some(lsis))
            .point_in_time_recovery_specification(
                l1::PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(self.point_in_time_recovery)
                    .build(),
            )
            .maybe_provisioned_throughput(capacity.map(|(read, write)| throughput(read, write)))
            .maybe_sse_specification(sse)
            .maybe_stream_specification(self.stream.map(|view| {
                l1::StreamSpecification::builder()
                    .stream_view_type(view.as_str())
                    .build()
            }))
            .maybe_table_class(self.table_class.map(TableClass::as_str))
            .maybe_table_name(self.table_name)
            .maybe_time_to_live_specification(self.time_to_live_attribute.map(|ttl| {
                l1::TimeToLiveSpecification::builder()
                    .attribute_name(ttl)
                    .enabled(true)
                    .build()
            }))
            .build();
        let cfn = CfnTable::new(&self.scope, "Resource", props);
        cfn.resource().apply_removal_policy(self.removal_policy);

        if let Some(scaling) = self.read_scaling {
            add_scaling(&self.scope, &cfn, Dimension::Read, scaling);
        }
        if let Some(scaling) = self.write_scaling {
            add_scaling(&self.scope, &cfn, Dimension::Write, scaling);
        }

        Table {
            scope: self.scope,
            cfn,
            partition_key: self.partition_key,
            sort_key: self.sort_key,
            stream: self.stream,
            encryption: self.encryption,
            has_indexes: !self.global_indexes.is_empty() || !self.local_indexes.is_empty(),
        }
    }
}

/// The attribute definitions of a table: every key attribute of the table and its indexes,
/// once, in first-use order. One name with two types is an error.
#[derive(Default)]
struct AttributeDefinitions {
    /// name → (type, what first declared it)
    seen: IndexMap<String, (AttributeType, String)>,
}

impl AttributeDefinitions {
    fn register(&mut self, node: &Node, attribute: &Attribute, role: &str) {
        let name = attribute.name();
        if let Some(problem) = attribute_name_problem(name) {
            node.add_error(
                format!("the name of {role} {problem}"),
                "key attribute names are 1-255 bytes",
            );
        }
        match self.seen.get(name) {
            Some((type_, first)) if *type_ != attribute.attribute_type() => node.add_error(
                format!(
                    "attribute `{name}` is declared as {type_} ({first}) and as {} ({role})",
                    attribute.attribute_type()
                ),
                "an attribute has one type in a table and all its indexes; use the same type, \
                 or another attribute name",
            ),
            Some(_) => {}
            None => {
                self.seen.insert(
                    name.to_string(),
                    (attribute.attribute_type(), role.to_string()),
                );
            }
        }
    }

    fn to_l1(&self) -> Vec<l1::AttributeDefinition> {
        self.seen
            .iter()
            .map(|(name, (type_, _))| {
                l1::AttributeDefinition::builder()
                    .attribute_name(name.as_str())
                    .attribute_type(type_.as_str())
                    .build()
            })
            .collect()
    }
}

fn key_element(attribute: &Attribute, key_type: &str) -> l1::KeySchema {
    l1::KeySchema::builder()
        .attribute_name(attribute.name())
        .key_type(key_type)
        .build()
}

fn projection(projection: &Projection) -> l1::Projection {
    let non_key = match projection {
        Projection::Include(attrs) => Some(attrs.clone()),
        _ => None,
    };
    l1::Projection::builder()
        .maybe_non_key_attributes(non_key)
        .projection_type(projection.projection_type())
        .build()
}

fn throughput(read: u32, write: u32) -> l1::ProvisionedThroughput {
    l1::ProvisionedThroughput::builder()
        .read_capacity_units(read)
        .write_capacity_units(write)
        .build()
}

fn check_capacity(node: &Node, what: &str, read: u32, write: u32) {
    if read == 0 || write == 0 {
        node.add_error(
            format!("{what} has {read} read and {write} write capacity units"),
            "provisioned capacity is at least 1 unit each; use on-demand billing for tables \
             that are mostly idle",
        );
    }
}

#[derive(Clone, Copy)]
enum Dimension {
    Read,
    Write,
}

/// `<id>/{Read,Write}Scaling/Target` (a scalable target) and `…/Target/Tracking` (its
/// target-tracking policy), with AWS CDK's paths, so logical IDs match CDK's.
fn add_scaling(table: &Scope, cfn: &CfnTable, dim: Dimension, s: CapacityScaling) {
    let (id, dimension, metric) = match dim {
        Dimension::Read => (
            "ReadScaling",
            "dynamodb:table:ReadCapacityUnits",
            "DynamoDBReadCapacityUtilization",
        ),
        Dimension::Write => (
            "WriteScaling",
            "dynamodb:table:WriteCapacityUnits",
            "DynamoDBWriteCapacityUtilization",
        ),
    };
    let scope = Scope::new(table, id);
    if s.min == 0 || s.min > s.max {
        scope.node().add_error(
            format!(
                "auto scaling between {} and {} capacity units",
                s.min, s.max
            ),
            "the minimum must be at least 1 and at most the maximum",
        );
    }
    if !(10..=90).contains(&s.target) {
        scope.node().add_error(
            format!("target utilization {}% is outside 10-90%", s.target),
            "70% is a common choice: room for bursts while scaling catches up",
        );
    }
    let target_scope = Scope::new(&scope, "Target");
    let target = CfnScalableTarget::new(
        &target_scope,
        "Resource",
        CfnScalableTargetProps::builder()
            .max_capacity(s.max)
            .min_capacity(s.min)
            .resource_id(fns::join("", [Str::from("table/"), cfn.ref_()]))
            .role_arn(fns::join(
                "",
                [
                    Str::from("arn:"),
                    Aws::partition(),
                    Str::from(":iam::"),
                    Aws::account_id(),
                    Str::from(SCALING_ROLE),
                ],
            ))
            .scalable_dimension(dimension)
            .service_namespace("dynamodb")
            .build(),
    );
    let tracking = Scope::new(&target_scope, "Tracking");
    // CDK names the policy after the `Tracking` construct's unique id.
    let path = tracking.node().path();
    let below_stack: Vec<&str> = path.split('/').skip(1).collect();
    CfnScalingPolicy::new(
        &tracking,
        "Resource",
        CfnScalingPolicyProps::builder()
            .policy_name(cdk_core::logical_id::make_unique_id(&below_stack))
            .policy_type("TargetTrackingScaling")
            .scaling_target_id(target.ref_())
            .target_tracking_scaling_policy_configuration(
                TargetTrackingScalingPolicyConfiguration::builder()
                    .predefined_metric_specification(
                        PredefinedMetricSpecification::builder()
                            .predefined_metric_type(metric)
                            .build(),
                    )
                    .target_value(s.target)
                    .build(),
            )
            .build(),
    );
}

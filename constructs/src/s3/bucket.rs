//! The S3 bucket construct.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{Aws, CfnResource, Construct, RemovalPolicy, Scope, Str, Value};
use cfn_l1::edit::Edit;
use cfn_l1::kms::{CfnKey, CfnKeyProps};
use cfn_l1::s3::bucket as l1;
use cfn_l1::s3::{CfnBucket, CfnBucketPolicy, CfnBucketPolicyProps, CfnBucketProps};

use super::bucket_like::BucketLike;
use super::cors::CorsRule;
use super::imported::ImportedBucket;
use super::lifecycle::LifecycleRule;
use super::notifications::{
    self, EventType, NotificationDestination, NotificationKeyFilter, Notifications,
};
use crate::iam::{
    Grant, Grantable, LazyPolicy, PolicyDocument, PolicyStatement, Principal, POLICY_STATEMENT,
};
use crate::names::{NameProblem, BUCKET_NAME};

/// How objects are encrypted at rest (`BucketEncryption`).
#[derive(Clone, Debug, PartialEq, Default)]
pub enum BucketEncryption {
    /// SSE-S3: keys managed by S3 (`AES256`). The default.
    #[default]
    S3Managed,
    /// SSE-KMS with the AWS managed key `aws/s3` (`aws:kms`, no key id). Grants need no KMS
    /// permissions; other accounts cannot use the key.
    KmsManaged,
    /// SSE-KMS with a customer managed key: the key with ARN `key_arn`, or, when `None`, a
    /// new `AWS::KMS::Key` created at `<bucket>/Key` (key rotation on, retained when the
    /// stack is deleted, its key policy trusting the account as CDK's does). Grants on the
    /// bucket also grant the KMS actions on the key.
    Kms {
        /// The key's ARN (default: create a key).
        key_arn: Option<Str>,
    },
}

impl BucketEncryption {
    /// SSE-KMS with the customer managed key `key_arn`.
    pub fn kms(key_arn: impl Into<Str>) -> BucketEncryption {
        BucketEncryption::Kms {
            key_arn: Some(key_arn.into()),
        }
    }

    /// SSE-KMS with a new customer managed key created with the bucket.
    pub fn kms_new_key() -> BucketEncryption {
        BucketEncryption::Kms { key_arn: None }
    }
}

/// The bucket's public access block (`PublicAccessBlockConfiguration`): four switches that
/// keep policies and ACLs from making the bucket or its objects public.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockPublicAccess {
    /// Reject requests that add public ACLs.
    pub block_public_acls: bool,
    /// Reject bucket policies that grant public access.
    pub block_public_policy: bool,
    /// Ignore public ACLs that exist.
    pub ignore_public_acls: bool,
    /// Restrict access under a public bucket policy to AWS services and the owner account.
    pub restrict_public_buckets: bool,
}

impl BlockPublicAccess {
    /// All four switches on: nothing can become public. The default.
    pub const BLOCK_ALL: BlockPublicAccess = BlockPublicAccess {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
    };

    /// Public ACLs blocked and ignored; public bucket policies allowed (CDK's `BLOCK_ACLS`).
    pub const BLOCK_ACLS: BlockPublicAccess = BlockPublicAccess {
        block_public_acls: true,
        block_public_policy: false,
        ignore_public_acls: true,
        restrict_public_buckets: false,
    };

    /// All four switches off, written explicitly (S3 turns them on for new buckets when the
    /// property is absent). Only for buckets meant to be public, such as a website.
    pub const OFF: BlockPublicAccess = BlockPublicAccess {
        block_public_acls: false,
        block_public_policy: false,
        ignore_public_acls: false,
        restrict_public_buckets: false,
    };

    fn to_l1(self) -> l1::PublicAccessBlockConfiguration {
        l1::PublicAccessBlockConfiguration::builder()
            .block_public_acls(self.block_public_acls)
            .block_public_policy(self.block_public_policy)
            .ignore_public_acls(self.ignore_public_acls)
            .restrict_public_buckets(self.restrict_public_buckets)
            .build()
    }
}

impl Default for BlockPublicAccess {
    fn default() -> Self {
        BlockPublicAccess::BLOCK_ALL
    }
}

/// Who owns objects that other accounts upload, and whether ACLs apply
/// (`OwnershipControls`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectOwnership {
    /// ACLs are disabled; the bucket owner owns every object. S3's default for new buckets.
    BucketOwnerEnforced,
    /// The bucket owner owns objects uploaded with the `bucket-owner-full-control` ACL.
    BucketOwnerPreferred,
    /// The uploading account owns the object (legacy ACL behaviour).
    ObjectWriter,
}

impl ObjectOwnership {
    fn to_l1(self) -> l1::ObjectOwnership {
        match self {
            ObjectOwnership::BucketOwnerEnforced => l1::ObjectOwnership::BucketOwnerEnforced,
            ObjectOwnership::BucketOwnerPreferred => l1::ObjectOwnership::BucketOwnerPreferred,
            ObjectOwnership::ObjectWriter => l1::ObjectOwnership::ObjectWriter,
        }
    }
}

struct BucketState {
    /// The bucket policy (`<Bucket>/Policy`).
    policy: LazyPolicy<CfnBucketPolicy>,
    notifications: Notifications,
}

/// An S3 bucket (`AWS::S3::Bucket` at `<id>/Resource`), secure by default: SSE-S3
/// encryption, all public access blocked, TLS-only access enforced by a bucket policy
/// (`<id>/Policy`), and retained when the stack is deleted. See the [module docs](super)
/// for the defaults, grants and the event notification design.
///
/// The handle is cheap to clone; all clones share the bucket's policy and notifications.
#[derive(Clone)]
pub struct Bucket {
    scope: Scope,
    cfn: CfnBucket,
    encryption: BucketEncryption,
    key_arn: Option<Str>,
    state: Rc<RefCell<BucketState>>,
}

crate::util::construct_handle!(Bucket);

/// Builds a [`Bucket`]; see [`Bucket::new`]. Every option has a secure default.
#[must_use = "call .build() to create the bucket"]
pub struct BucketBuilder {
    scope: Scope,
    removal_policy: RemovalPolicy,
    bucket_name: Option<Str>,
    versioned: bool,
    encryption: BucketEncryption,
    bucket_key_enabled: bool,
    block_public_access: BlockPublicAccess,
    enforce_ssl: bool,
    event_bridge: bool,
    lifecycle_rules: Vec<LifecycleRule>,
    cors_rules: Vec<CorsRule>,
    access_logs: Option<(Bucket, Option<String>)>,
    object_ownership: Option<ObjectOwnership>,
}

impl BucketBuilder {
    /// What happens to the bucket when it leaves the stack (default:
    /// [`RemovalPolicy::Retain`], `DeletionPolicy` and `UpdateReplacePolicy` `Retain`).
    /// With [`RemovalPolicy::Destroy`] CloudFormation deletes the bucket, which fails if it
    /// still holds objects.
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = policy;
        self
    }

    /// A fixed bucket name (default: CloudFormation generates a unique one, which lets the
    /// stack be deployed more than once per partition). Literal names are checked against
    /// S3's naming rules at build.
    pub fn bucket_name(mut self, name: impl Into<Str>) -> Self {
        self.bucket_name = Some(name.into());
        self
    }

    /// Keep every version of every object (default: `false`: the property is omitted, as
    /// AWS CDK does, and the bucket stays unversioned).
    pub fn versioned(mut self, versioned: bool) -> Self {
        self.versioned = versioned;
        self
    }

    /// Encryption at rest (default: [`BucketEncryption::S3Managed`]).
    pub fn encryption(mut self, encryption: BucketEncryption) -> Self {
        self.encryption = encryption;
        self
    }

    /// Whether SSE-KMS uses an S3 Bucket Key, which cuts KMS requests and their cost
    /// (default: `true`; only written for the KMS encryptions).
    pub fn bucket_key_enabled(mut self, enabled: bool) -> Self {
        self.bucket_key_enabled = enabled;
        self
    }

    /// The public access block (default: [`BlockPublicAccess::BLOCK_ALL`]; use
    /// [`BlockPublicAccess::OFF`] to turn it off).
    pub fn block_public_access(mut self, block: BlockPublicAccess) -> Self {
        self.block_public_access = block;
        self
    }

    /// Deny every request not made over TLS (default: `true`): the bucket policy gets a
    /// `Deny` of `s3:*` on the bucket and its objects for any principal when
    /// `aws:SecureTransport` is `false`, as AWS CDK's `enforceSSL` writes it.
    pub fn enforce_ssl(mut self, enforce: bool) -> Self {
        self.enforce_ssl = enforce;
        self
    }

    /// Send every object event to Amazon EventBridge (default: `false`); the same as calling
    /// [`Bucket::enable_event_bridge`] after build.
    pub fn event_bridge_enabled(mut self, enabled: bool) -> Self {
        self.event_bridge = enabled;
        self
    }

    /// Adds a lifecycle rule (default: none). Rules are checked at build.
    pub fn lifecycle_rule(mut self, rule: LifecycleRule) -> Self {
        self.lifecycle_rules.push(rule);
        self
    }

    /// Adds a CORS rule (default: none, so browsers on other origins get no access).
    pub fn cors_rule(mut self, rule: CorsRule) -> Self {
        self.cors_rules.push(rule);
        self
    }

    /// Writes server access logs to `target` under `prefix` (default: no access logs). The
    /// target gets a bucket policy statement letting `logging.s3.amazonaws.com` put objects
    /// there for this bucket only, as AWS CDK does; it must use SSE-S3 encryption, the only
    /// one S3 supports for log targets (checked at build).
    pub fn server_access_logs(mut self, target: &Bucket, prefix: Option<&str>) -> Self {
        self.access_logs = Some((target.clone(), prefix.map(str::to_string)));
        self
    }

    /// Object ownership (default: unset, which is S3's `BucketOwnerEnforced`: ACLs
    /// disabled). Set only to re-enable ACLs for legacy uploaders.
    pub fn object_ownership(mut self, ownership: ObjectOwnership) -> Self {
        self.object_ownership = Some(ownership);
        self
    }

    /// Records on the bucket what S3 would reject in the options.
    fn check(&self) {
        let node = self.scope.node();
        if let Some(name) = &self.bucket_name {
            if let Some(text) = name.as_literal() {
                let problems = bucket_name_problems(text);
                if !problems.is_empty() {
                    node.add_error(
                        format!("invalid bucket name `{text}`: {}", problems.join("; ")),
                        BUCKET_NAME.hint,
                    );
                }
            }
        }
        if self.cors_rules.len() > 100 {
            node.add_error(
                format!(
                    "{} CORS rules; S3 allows at most 100",
                    self.cors_rules.len()
                ),
                "merge rules that share origins",
            );
        }
        for problem in self.cors_rules.iter().flat_map(CorsRule::problems) {
            node.add_error(problem, "see CorsRule");
        }
        if self.lifecycle_rules.len() > 1000 {
            node.add_error(
                format!(
                    "{} lifecycle rules; S3 allows at most 1000",
                    self.lifecycle_rules.len()
                ),
                "merge rules that share a prefix",
            );
        }
        let mut ids: Vec<&str> = Vec::new();
        for rule in &self.lifecycle_rules {
            if let Some(id) = rule.rule_id() {
                if ids.contains(&id) {
                    node.add_error(
                        format!("two lifecycle rules have the id `{id}`"),
                        "lifecycle rule ids must be unique within a bucket",
                    );
                }
                ids.push(id);
            }
            for problem in rule.problems() {
                node.add_error(problem, "see LifecycleRule::transition for S3's rules");
            }
        }
        if let Some((target, _)) = &self.access_logs {
            if target.encryption != BucketEncryption::S3Managed {
                node.add_error(
                    format!(
                        "the access log target `{}` is not encrypted with SSE-S3",
                        target.node().path()
                    ),
                    "S3 delivers server access logs only to buckets with SSE-S3 default encryption (BucketEncryption::S3Managed)",
                );
            }
        }
    }

    /// Creates the bucket (and its key and policy, when needed). Problems with the options
    /// are recorded on the bucket and reported, all together, at synth.
    pub fn build(self) -> Bucket {
        self.check();

        // NotificationConfiguration is set when notifications are configured.
        let props = CfnBucketProps::builder()
            .maybe_bucket_name(self.bucket_name)
            .maybe_cors_configuration((!self.cors_rules.is_empty()).then(|| {
                l1::CorsConfiguration::builder()
                    .cors_rules(self.cors_rules.iter().map(CorsRule::to_l1))
                    .build()
            }))
            .maybe_lifecycle_configuration((!self.lifecycle_rules.is_empty()).then(|| {
                l1::LifecycleConfiguration::builder()
                    .rules(self.lifecycle_rules.iter().map(LifecycleRule::to_l1))
                    .build()
            }))
            .maybe_logging_configuration(self.access_logs.as_ref().map(|(target, prefix)| {
                l1::LoggingConfiguration::builder()
                    .destination_bucket_name(target.bucket_name())
                    .maybe_log_file_prefix(prefix.clone())
                    .build()
            }))
            .maybe_ownership_controls(self.object_ownership.map(|ownership| {
                l1::OwnershipControls::builder()
                    .rules([l1::OwnershipControlsRule::builder()
                        .object_ownership(ownership.to_l1())
                        .build()])
                    .build()
            }))
            .public_access_block_configuration(self.block_public_access.to_l1())
            .maybe_versioning_configuration(self.versioned.then(|| {
                l1::VersioningConfiguration::builder()
                    .status(l1::VersioningConfigurationStatus::Enabled)
                    .build()
            }))
            .build();
        let bucket_cfn = CfnBucket::new(&self.scope, "Resource", props);
        bucket_cfn
            .resource()
            .apply_removal_policy(self.removal_policy);

        // The key (`<id>/Key`) is created after the bucket, so it follows the bucket in the
        // tree and in the template; its ARN then goes into the encryption.
        let key_arn = match &self.encryption {
            BucketEncryption::Kms { key_arn: Some(arn) } => Some(arn.clone()),
            BucketEncryption::Kms { key_arn: None } => Some(create_key(&self.scope)),
            BucketEncryption::S3Managed | BucketEncryption::KmsManaged => None,
        };
        bucket_cfn.props().bucket_encryption().set(encryption(
            &self.encryption,
            key_arn.as_ref(),
            self.bucket_key_enabled,
        ));

        let bucket = Bucket {
            scope: self.scope,
            cfn: bucket_cfn,
            encryption: self.encryption,
            key_arn,
            state: Rc::new(RefCell::new(BucketState {
                policy: LazyPolicy::default(),
                notifications: Notifications::default(),
            })),
        };
        if self.enforce_ssl {
            bucket.add_to_resource_policy(
                PolicyStatement::deny()
                    .actions(["s3:*"])
                    .condition("Bool", "aws:SecureTransport", "false")
                    .principal(Principal::Any)
                    .resources([bucket.arn(), bucket.arn_for_objects("*")]),
            );
        }
        if self.event_bridge {
            bucket.enable_event_bridge();
        }
        if let Some((target, prefix)) = &self.access_logs {
            let pattern = format!("{}*", prefix.as_deref().unwrap_or(""));
            target.add_to_resource_policy(
                PolicyStatement::allow()
                    .actions(["s3:PutObject"])
                    .condition("ArnLike", "aws:SourceArn", bucket.arn())
                    .condition("StringEquals", "aws:SourceAccount", Aws::account_id())
                    .principal(Principal::service("logging.s3.amazonaws.com"))
                    .resources([target.arn_for_objects(&pattern)]),
            );
        }
        bucket
    }
}

impl Bucket {
    /// Starts a bucket named `id` with secure defaults; finish with
    /// [`build`](BucketBuilder::build).
    ///
    /// ```
    /// use cdk_core::{App, RemovalPolicy, Stack};
    /// use constructs::s3;
    /// let app = App::new();
    /// let stack = Stack::new(&app, "S");
    /// let bucket = s3::Bucket::new(&stack, "Images")
    ///     .removal_policy(RemovalPolicy::Destroy)
    ///     .encryption(s3::BucketEncryption::KmsManaged)
    ///     .build();
    /// # let _ = bucket;
    /// ```
    // The builder is the design's pattern: required arguments up front, `build()` at the end.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(scope: &impl Construct, id: &str) -> BucketBuilder {
        BucketBuilder {
            scope: Scope::new(scope, id),
            removal_policy: RemovalPolicy::Retain,
            bucket_name: None,
            versioned: false,
            encryption: BucketEncryption::S3Managed,
            bucket_key_enabled: true,
            block_public_access: BlockPublicAccess::BLOCK_ALL,
            enforce_ssl: true,
            event_bridge: false,
            lifecycle_rules: Vec::new(),
            cors_rules: Vec::new(),
            access_logs: None,
            object_ownership: None,
        }
    }

    /// An existing bucket, by name (a literal or an expression such as a parameter). Its
    /// ARN is `arn:${AWS::Partition}:s3:::<name>`.
    pub fn from_bucket_name(
        scope: &impl Construct,
        id: &str,
        name: impl Into<Str>,
    ) -> ImportedBucket {
        ImportedBucket::from_name(scope, id, name.into())
    }

    /// An existing bucket, by ARN (`arn:<partition>:s3:::<name>`; literal ARNs are checked
    /// at build). Its name is taken from the ARN.
    pub fn from_arn(scope: &impl Construct, id: &str, arn: impl Into<Str>) -> ImportedBucket {
        ImportedBucket::from_arn(scope, id, arn.into())
    }

    /// The typed L1 resource this construct wraps ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](CfnBucket::props), for what this construct does not offer.
    pub fn cfn(&self) -> &CfnBucket {
        &self.cfn
    }

    /// The underlying `AWS::S3::Bucket` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }

    /// The bucket policy resource (`AWS::S3::BucketPolicy` at `<id>/Policy/Resource`), if
    /// the bucket has one (it does unless `enforce_ssl(false)` and nothing was added).
    pub fn policy(&self) -> Option<CfnResource> {
        let st = self.state.borrow();
        st.policy.resource().map(|p| p.resource().clone())
    }

    /// Adds a statement to the bucket policy, creating the policy
    /// (`<id>/Policy/Resource`) on first use. Identical statements are added once. Resource
    /// policy statements need a principal. A statement without actions is reported at synth
    /// on the policy's path (`<id>/Policy`).
    pub fn add_to_resource_policy(&self, statement: PolicyStatement) {
        let create = |scope: &Scope, document| {
            let props = CfnBucketPolicyProps::builder()
                .bucket(self.cfn.ref_())
                .policy_document(document)
                .build();
            CfnBucketPolicy::new(scope, "Resource", props)
        };
        self.state.borrow_mut().policy.add(
            &self.scope,
            "Policy",
            statement,
            create,
            |policy, statement| {
                policy
                    .props()
                    .policy_document()
                    .append_in(POLICY_STATEMENT, [statement])
            },
        );
    }

    /// Sends every object event of the bucket to Amazon EventBridge
    /// (`NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled: true`).
    /// Idempotent. This is the default way to react to bucket events: it references nothing,
    /// so unlike a direct Lambda notification it cannot create a dependency cycle with a
    /// grant on the bucket. Match the events with an `AWS::Events::Rule` using
    /// [`event_bridge_pattern`](Bucket::event_bridge_pattern).
    pub fn enable_event_bridge(&self) {
        notifications::enable_event_bridge(&self.notification_configuration());
    }

    /// The EventBridge event pattern that matches `events` from this bucket whose keys pass
    /// `filter`, for an `AWS::Events::Rule`'s `EventPattern`; turns EventBridge delivery on.
    ///
    /// The pattern matches `source` `aws.s3`, the detail-types of the events (see
    /// [`EventType::event_bridge_match`]), `detail.bucket.name` and, with a filter,
    /// `detail.object.key` (see [`NotificationKeyFilter::event_bridge_key_pattern`]). When
    /// the events need different `reason` or `deletion-type` constraints, the pattern is an
    /// `$or` of one branch per constraint set, so it matches exactly the events asked for.
    /// Event types without an EventBridge equivalent are reported as errors at synth.
    pub fn event_bridge_pattern(
        &self,
        events: &[EventType],
        filter: &NotificationKeyFilter,
    ) -> Value {
        self.enable_event_bridge();
        let (pattern, unsupported) =
            notifications::event_bridge_pattern(self.bucket_name(), events, filter);
        if events.is_empty() {
            self.node().add_error(
                "an EventBridge pattern for no S3 event types would match every S3 event of every bucket",
                "name at least one s3::EventType",
            );
        }
        for e in unsupported {
            self.node().add_error(
                format!("S3 does not send `{e}` events to EventBridge"),
                "use add_event_notification with a queue, topic or function for this event type",
            );
        }
        for problem in filter.problems() {
            self.node().add_error(problem, "see NotificationKeyFilter");
        }
        pattern
    }

    /// Sends `event`s for keys passing `filter` directly to `destination`
    /// (`NotificationConfiguration.LambdaConfigurations` / `QueueConfigurations` /
    /// `TopicConfigurations`, next to the EventBridge configuration when that is on).
    ///
    /// The destination must already allow S3 to deliver (an `AWS::Lambda::Permission`, a
    /// queue or topic policy) and the bucket must depend on that permission; the caller
    /// (e.g. a Lambda event source) adds both.
    ///
    /// **Beware of the cycle.** A direct Lambda notification makes the bucket reference the
    /// function; a grant on the same bucket makes the function's role policy reference the
    /// bucket, and the function waits for its policy (as does the bucket for the
    /// permission, which names the bucket): CloudFormation cannot create that, and synth
    /// reports the dependency cycle. That is why EventBridge delivery
    /// ([`enable_event_bridge`](Bucket::enable_event_bridge)) is the default path for
    /// functions.
    ///
    /// S3 rejects two notifications whose event types overlap (`s3:ObjectCreated:*` and
    /// `s3:ObjectCreated:Put`) and whose key filters can match the same key; that is
    /// reported at synth. Adding the same notification twice adds it once.
    pub fn add_event_notification(
        &self,
        event: EventType,
        destination: NotificationDestination,
        filter: NotificationKeyFilter,
    ) {
        let problems = self.state.borrow_mut().notifications.add(
            &self.notification_configuration(),
            event,
            destination,
            filter,
        );
        for problem in problems {
            self.node().add_error(
                problem,
                "give the notifications disjoint event types or key filters (prefix/suffix)",
            );
        }
    }

    /// The bucket's `NotificationConfiguration`, to change (created on the first change).
    fn notification_configuration(&self) -> Edit<l1::NotificationConfiguration> {
        self.cfn.props().notification_configuration().edit()
    }

    // The BucketLike methods, inherent so that callers need no import.
    super::bucket_like::inherent_bucket_like_methods!();
}

impl BucketLike for Bucket {
    fn bucket_name(&self) -> Str {
        self.cfn.ref_()
    }

    fn arn(&self) -> Str {
        self.cfn.attr_arn()
    }

    fn arn_for_objects(&self, key_pattern: &str) -> Str {
        super::concat([self.arn(), Str::from(format!("/{key_pattern}"))])
    }

    fn domain_name(&self) -> Str {
        self.cfn.attr_domain_name()
    }

    fn regional_domain_name(&self) -> Str {
        self.cfn.attr_regional_domain_name()
    }

    fn encryption_key_arn(&self) -> Option<Str> {
        self.key_arn.clone()
    }
}

/// Creates the customer managed key of `BucketEncryption::Kms { key_arn: None }` and returns
/// its ARN.
fn create_key(scope: &Scope) -> Str {
    let key_scope = Scope::new(scope, "Key");
    let policy = PolicyDocument::new().statement(
        PolicyStatement::allow()
            .actions(["kms:*"])
            .principal(Principal::account(Aws::account_id()))
            .resources(["*"]),
    );
    let props = CfnKeyProps::builder()
        .description(format!("Created by {}", scope.node().path()))
        .enable_key_rotation(true)
        .key_policy(policy.to_value())
        .build();
    let key = CfnKey::new(&key_scope, "Resource", props);
    // Deleting the key would make the bucket's objects unreadable: keep it, like CDK.
    key.resource().apply_removal_policy(RemovalPolicy::Retain);
    key.attr_arn()
}

fn encryption(
    encryption: &BucketEncryption,
    key_arn: Option<&Str>,
    bucket_key: bool,
) -> l1::BucketEncryption {
    let (algorithm, bucket_key) = match encryption {
        BucketEncryption::S3Managed => (l1::SSEAlgorithm::Aes256, None),
        BucketEncryption::KmsManaged | BucketEncryption::Kms { .. } => {
            (l1::SSEAlgorithm::AwsKms, Some(bucket_key))
        }
    };
    let by_default = l1::ServerSideEncryptionByDefault::builder()
        .maybe_kms_master_key_id(key_arn.cloned())
        .sse_algorithm(algorithm)
        .build();
    l1::BucketEncryption::builder()
        .server_side_encryption_configuration([l1::ServerSideEncryptionRule::builder()
            .maybe_bucket_key_enabled(bucket_key)
            .server_side_encryption_by_default(by_default)
            .build()])
        .build()
}

/// Every S3 general purpose bucket naming rule `name` breaks.
pub(crate) fn bucket_name_problems(name: &str) -> Vec<String> {
    // The shared rule's problems, in the words S3 buckets have always used.
    let mut out: Vec<String> = BUCKET_NAME
        .problems(name)
        .iter()
        .map(|p| match p {
            NameProblem::Characters(bad) => {
                let shown: Vec<String> = bad.iter().map(|c| format!("`{c}`")).collect();
                format!(
                    "it has characters other than lowercase letters, digits, `.` and `-`: {}",
                    shown.join(", ")
                )
            }
            NameProblem::TooShort(len) | NameProblem::TooLong(len) => {
                format!("it is {len} characters long, not 3 to 63")
            }
            NameProblem::ReservedPrefix(prefix) => format!("the prefix `{prefix}` is reserved"),
            NameProblem::ReservedSuffix(suffix) => format!("the suffix `{suffix}` is reserved"),
            other => BUCKET_NAME.describe(other),
        })
        .collect();
    let len = name.chars().count();
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if len > 0 && !(alnum(name.chars().next()) && alnum(name.chars().last())) {
        out.push("it must start and end with a lowercase letter or digit".to_string());
    }
    if name.contains("..") {
        out.push("it has two adjacent periods".to_string());
    }
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() == 4
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
    {
        out.push("it is formatted as an IP address".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bucket_name_problems as p;

    #[test]
    fn valid_names() {
        for name in [
            "abc",
            "my-bucket.logs",
            "a1b2",
            &"a".repeat(63),
            "1.2.3.4.5",
        ] {
            assert!(p(name).is_empty(), "{name}: {:?}", p(name));
        }
    }

    #[test]
    fn invalid_names() {
        let cases = [
            ("ab", "2 characters long"),
            (&"a".repeat(64) as &str, "64 characters long"),
            ("My_Bucket", "`M`, `_`"),
            ("-abc", "start and end"),
            ("abc.", "start and end"),
            ("a..b", "two adjacent periods"),
            ("192.168.5.4", "IP address"),
            ("xn--abc", "`xn--`"),
            ("sthree-abc", "`sthree-`"),
            ("amzn-s3-demo-x", "`amzn-s3-demo-`"),
            ("abc-s3alias", "`-s3alias`"),
            ("abc--ol-s3", "`--ol-s3`"),
            ("abc.mrap", "`.mrap`"),
            ("abc--x-s3", "`--x-s3`"),
            ("abc--table-s3", "`--table-s3`"),
        ];
        for (name, expected) in cases {
            let problems = p(name).join("; ");
            assert!(problems.contains(expected), "{name}: {problems}");
        }
    }
}

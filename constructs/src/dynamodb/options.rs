//! Table options: encryption, streams, table class, capacity auto scaling.

use cdk_core::Str;

/// How the table is encrypted at rest (`SSESpecification`). DynamoDB always encrypts; this
/// picks whose key.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum TableEncryption {
    /// A key AWS owns and manages for DynamoDB, at no charge (the default, as in AWS CDK; no
    /// `SSESpecification` is written).
    #[default]
    AwsOwned,
    /// The AWS managed key `aws/dynamodb` in your account (`SSEEnabled: true`); its use
    /// shows in CloudTrail, and KMS charges apply.
    AwsManaged,
    /// Your own KMS key, by ARN (`SSEType: KMS`, `KMSMasterKeyId`). Grants on the table
    /// also grant the key actions AWS CDK grants, on this ARN, so give the key's ARN (not
    /// its id or an alias).
    CustomerManaged(Str),
}

impl TableEncryption {
    /// [`TableEncryption::CustomerManaged`] with the key at `key_arn`.
    pub fn customer_managed(key_arn: impl Into<Str>) -> TableEncryption {
        TableEncryption::CustomerManaged(key_arn.into())
    }
}

/// What a stream record holds when an item changes (`StreamSpecification.StreamViewType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamViewType {
    /// `NEW_IMAGE`: the item as it is after the change.
    NewImage,
    /// `OLD_IMAGE`: the item as it was before the change.
    OldImage,
    /// `NEW_AND_OLD_IMAGES`: both.
    NewAndOldImages,
    /// `KEYS_ONLY`: only the key attributes of the changed item.
    KeysOnly,
}

impl StreamViewType {
    /// The CloudFormation value, e.g. `NEW_AND_OLD_IMAGES`.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamViewType::NewImage => "NEW_IMAGE",
            StreamViewType::OldImage => "OLD_IMAGE",
            StreamViewType::NewAndOldImages => "NEW_AND_OLD_IMAGES",
            StreamViewType::KeysOnly => "KEYS_ONLY",
        }
    }
}

/// The table's storage class (`TableClass`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TableClass {
    /// `STANDARD`: the default, for tables where throughput dominates cost.
    #[default]
    Standard,
    /// `STANDARD_INFREQUENT_ACCESS`: cheaper storage, dearer reads and writes, for tables
    /// where storage dominates cost.
    StandardInfrequentAccess,
}

impl TableClass {
    /// The CloudFormation value, e.g. `STANDARD_INFREQUENT_ACCESS`.
    pub fn as_str(self) -> &'static str {
        match self {
            TableClass::Standard => "STANDARD",
            TableClass::StandardInfrequentAccess => "STANDARD_INFREQUENT_ACCESS",
        }
    }
}

/// Target-tracking auto scaling of a provisioned table's read or write capacity
/// (an `AWS::ApplicationAutoScaling::ScalableTarget` and `ScalingPolicy`, as AWS CDK's
/// `autoScaleReadCapacity(..).scaleOnUtilization(..)` makes).
///
/// ```
/// use constructs::dynamodb::CapacityScaling;
/// let scaling = CapacityScaling::new(5, 100).target_utilization_percent(60);
/// # let _ = scaling;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapacityScaling {
    pub(crate) min: u32,
    pub(crate) max: u32,
    pub(crate) target: u32,
}

impl CapacityScaling {
    /// Scale between `min` and `max` capacity units (1 ≤ min ≤ max; checked at synth).
    pub fn new(min: u32, max: u32) -> CapacityScaling {
        CapacityScaling {
            min,
            max,
            target: 70,
        }
    }

    /// The utilization to keep, in percent, 10–90 (default: 70, the DynamoDB console's
    /// default).
    pub fn target_utilization_percent(mut self, percent: u32) -> Self {
        self.target = percent;
        self
    }
}

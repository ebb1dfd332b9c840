//! What every bucket offers, owned or imported: attributes and grants.

use cdk_core::{Construct, Str};

use crate::iam::{Grant, Grantable, KEY_READ_ACTIONS, KEY_READ_WRITE_ACTIONS, KEY_WRITE_ACTIONS};

/// The actions of [`BucketLike::grant_read`]: AWS CDK's `BUCKET_READ_ACTIONS`
/// (`aws-s3/lib/perms.ts`), sorted as CDK writes them.
pub const READ_ACTIONS: &[&str] = &["s3:GetBucket*", "s3:GetObject*", "s3:List*"];

/// The actions of [`BucketLike::grant_put`]: CDK's `BUCKET_PUT_ACTIONS` without the ACL
/// actions (buckets enforce object ownership), sorted.
pub const PUT_ACTIONS: &[&str] = &[
    "s3:Abort*",
    "s3:PutObject",
    "s3:PutObjectLegalHold",
    "s3:PutObjectRetention",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
];

/// The actions of [`BucketLike::grant_delete`]: CDK's `BUCKET_DELETE_ACTIONS`.
pub const DELETE_ACTIONS: &[&str] = &["s3:DeleteObject*"];

/// The actions of [`BucketLike::grant_write`]: [`PUT_ACTIONS`] and [`DELETE_ACTIONS`], sorted.
pub const WRITE_ACTIONS: &[&str] = &[
    "s3:Abort*",
    "s3:DeleteObject*",
    "s3:PutObject",
    "s3:PutObjectLegalHold",
    "s3:PutObjectRetention",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
];

/// The actions of [`BucketLike::grant_read_write`]: [`READ_ACTIONS`] and [`WRITE_ACTIONS`],
/// sorted, exactly as AWS CDK's `grantReadWrite` renders them.
pub const READ_WRITE_ACTIONS: &[&str] = &[
    "s3:Abort*",
    "s3:DeleteObject*",
    "s3:GetBucket*",
    "s3:GetObject*",
    "s3:List*",
    "s3:PutObject",
    "s3:PutObjectLegalHold",
    "s3:PutObjectRetention",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
];

/// The bucket's ARN and the ARN of all its objects (`arn/*`): what read and write grants
/// cover.
fn bucket_and_objects<B: BucketLike + ?Sized>(bucket: &B) -> [Str; 2] {
    [bucket.arn(), bucket.arn_for_objects("*")]
}

/// A bucket, owned ([`Bucket`](super::Bucket)) or imported
/// ([`ImportedBucket`](super::ImportedBucket)): its attributes and grants. AWS CDK's
/// `IBucket`; this crate names such traits `*Like` (`dynamodb::TableLike`
/// too).
///
/// Both types also have these methods as inherent methods, so calling them needs no import;
/// the trait is for code that works with either (`fn f(bucket: &impl BucketLike)`).
///
/// Every grant adds one `Allow` statement to the grantee's role, with AWS CDK's actions
/// (sorted as CDK writes them) on the bucket's ARN and/or its objects (`arn/*`), never on
/// `*`. If the bucket is encrypted with a customer managed KMS key, a second statement grants
/// CDK's KMS actions on that key. The returned [`Grant`] describes the S3 statement.
pub trait BucketLike: Construct {
    /// The bucket's name.
    fn bucket_name(&self) -> Str;

    /// The bucket's ARN, `arn:<partition>:s3:::<name>`.
    fn arn(&self) -> Str;

    /// The ARN of the objects whose keys match `key_pattern` (`*` for all objects):
    /// `<arn>/<key_pattern>`.
    fn arn_for_objects(&self, key_pattern: &str) -> Str;

    /// The bucket's global domain name, `<name>.s3.amazonaws.com`.
    fn domain_name(&self) -> Str;

    /// The bucket's regional domain name, `<name>.s3.<region>.amazonaws.com`.
    fn regional_domain_name(&self) -> Str;

    /// The ARN of the customer managed KMS key that encrypts the bucket, if any (`None` for
    /// SSE-S3 and for the AWS managed `aws/s3` key, which needs no grant).
    fn encryption_key_arn(&self) -> Option<Str>;

    /// Lets `grantee` read objects and list the bucket: [`READ_ACTIONS`] (`s3:GetBucket*`,
    /// `s3:GetObject*`, `s3:List*`) on the bucket and `arn/*`, and [`KEY_READ_ACTIONS`] on
    /// the bucket's customer managed key.
    fn grant_read(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        Grant::add_to_principal(grantee, READ_ACTIONS, bucket_and_objects(self))
            .and_key(self.encryption_key_arn(), KEY_READ_ACTIONS)
    }

    /// Lets `grantee` write and delete objects: [`WRITE_ACTIONS`] (`s3:Abort*`,
    /// `s3:DeleteObject*`, `s3:PutObject`, `s3:PutObjectLegalHold`, `s3:PutObjectRetention`,
    /// `s3:PutObjectTagging`, `s3:PutObjectVersionTagging`) on the bucket and `arn/*`, and
    /// [`KEY_WRITE_ACTIONS`] on the key.
    fn grant_write(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        Grant::add_to_principal(grantee, WRITE_ACTIONS, bucket_and_objects(self))
            .and_key(self.encryption_key_arn(), KEY_WRITE_ACTIONS)
    }

    /// [`grant_read`](BucketLike::grant_read) and [`grant_write`](BucketLike::grant_write) in one
    /// statement ([`READ_WRITE_ACTIONS`]), exactly as AWS CDK's `grantReadWrite` renders it,
    /// and [`KEY_READ_WRITE_ACTIONS`] on the key.
    fn grant_read_write(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        Grant::add_to_principal(grantee, READ_WRITE_ACTIONS, bucket_and_objects(self))
            .and_key(self.encryption_key_arn(), KEY_READ_WRITE_ACTIONS)
    }

    /// Lets `grantee` put objects: [`PUT_ACTIONS`] on `arn/*` only, and
    /// [`KEY_WRITE_ACTIONS`] on the key.
    fn grant_put(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        Grant::add_to_principal(grantee, PUT_ACTIONS, [self.arn_for_objects("*")])
            .and_key(self.encryption_key_arn(), KEY_WRITE_ACTIONS)
    }

    /// Lets `grantee` delete objects: [`DELETE_ACTIONS`] on `arn/*` only (no KMS actions are
    /// needed to delete).
    fn grant_delete(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        Grant::add_to_principal(grantee, DELETE_ACTIONS, [self.arn_for_objects("*")])
    }
}

/// The [`BucketLike`] methods as inherent methods of a bucket type, so callers need no trait
/// import. One definition for [`Bucket`](super::Bucket) and
/// [`ImportedBucket`](super::ImportedBucket).
macro_rules! inherent_bucket_like_methods {
    () => {
        /// The bucket's name. See [`BucketLike::bucket_name`].
        pub fn bucket_name(&self) -> Str {
            BucketLike::bucket_name(self)
        }

        /// The bucket's ARN. See [`BucketLike::arn`].
        pub fn arn(&self) -> Str {
            BucketLike::arn(self)
        }

        /// `<arn>/<key_pattern>`. See [`BucketLike::arn_for_objects`].
        pub fn arn_for_objects(&self, key_pattern: &str) -> Str {
            BucketLike::arn_for_objects(self, key_pattern)
        }

        /// The global domain name. See [`BucketLike::domain_name`].
        pub fn domain_name(&self) -> Str {
            BucketLike::domain_name(self)
        }

        /// The regional domain name. See [`BucketLike::regional_domain_name`].
        pub fn regional_domain_name(&self) -> Str {
            BucketLike::regional_domain_name(self)
        }

        /// The customer managed KMS key, if any. See [`BucketLike::encryption_key_arn`].
        pub fn encryption_key_arn(&self) -> Option<Str> {
            BucketLike::encryption_key_arn(self)
        }

        /// Read access. See [`BucketLike::grant_read`].
        pub fn grant_read(&self, grantee: &impl Grantable) -> Grant {
            BucketLike::grant_read(self, grantee)
        }

        /// Write and delete access. See [`BucketLike::grant_write`].
        pub fn grant_write(&self, grantee: &impl Grantable) -> Grant {
            BucketLike::grant_write(self, grantee)
        }

        /// Read, write and delete access in one statement. See [`BucketLike::grant_read_write`].
        pub fn grant_read_write(&self, grantee: &impl Grantable) -> Grant {
            BucketLike::grant_read_write(self, grantee)
        }

        /// Put access on objects. See [`BucketLike::grant_put`].
        pub fn grant_put(&self, grantee: &impl Grantable) -> Grant {
            BucketLike::grant_put(self, grantee)
        }

        /// Delete access on objects. See [`BucketLike::grant_delete`].
        pub fn grant_delete(&self, grantee: &impl Grantable) -> Grant {
            BucketLike::grant_delete(self, grantee)
        }
    };
}
pub(crate) use inherent_bucket_like_methods;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::sorted_union as sorted;

    /// CDK's lists as `aws-s3/lib/perms.ts` writes them (the put actions without the ACL
    /// ones).
    const CDK_READ: &[&str] = &["s3:GetObject*", "s3:GetBucket*", "s3:List*"];
    const CDK_PUT: &[&str] = &[
        "s3:PutObject",
        "s3:PutObjectLegalHold",
        "s3:PutObjectRetention",
        "s3:PutObjectTagging",
        "s3:PutObjectVersionTagging",
        "s3:Abort*",
    ];
    const CDK_DELETE: &[&str] = &["s3:DeleteObject*"];

    #[test]
    fn action_lists_are_cdks_sorted() {
        assert_eq!(READ_ACTIONS, sorted(&[CDK_READ]));
        assert_eq!(PUT_ACTIONS, sorted(&[CDK_PUT]));
        assert_eq!(DELETE_ACTIONS, sorted(&[CDK_DELETE]));
        assert_eq!(WRITE_ACTIONS, sorted(&[CDK_PUT, CDK_DELETE]));
        assert_eq!(READ_WRITE_ACTIONS, sorted(&[CDK_READ, CDK_DELETE, CDK_PUT]));
    }
}

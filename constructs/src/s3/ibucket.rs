//! What every bucket offers, owned or imported: attributes and grants.

use cdk_core::{Construct, Str};

use crate::iam::{Grant, Grantable};

/// `s3:GetObject*`, `s3:GetBucket*`, `s3:List*` (CDK's `BUCKET_READ_ACTIONS`).
const READ: &[&str] = &["s3:GetObject*", "s3:GetBucket*", "s3:List*"];
/// CDK's `BUCKET_PUT_ACTIONS` (without the ACL actions: buckets enforce object ownership).
const PUT: &[&str] = &[
    "s3:PutObject",
    "s3:PutObjectLegalHold",
    "s3:PutObjectRetention",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
    "s3:Abort*",
];
/// CDK's `BUCKET_DELETE_ACTIONS`.
const DELETE: &[&str] = &["s3:DeleteObject*"];
/// CDK's `KEY_READ_ACTIONS`.
const KEY_READ: &[&str] = &["kms:Decrypt", "kms:DescribeKey"];
/// CDK's `KEY_WRITE_ACTIONS` (`kms:Decrypt` is needed for multipart uploads).
const KEY_WRITE: &[&str] = &[
    "kms:Encrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Decrypt",
];

/// Which resources of the bucket a grant covers.
#[derive(Clone, Copy)]
enum Scope {
    /// The bucket ARN and `arn/*`.
    BucketAndObjects,
    /// `arn/*` only.
    Objects,
}

/// The actions of `lists`, deduplicated and sorted, the way AWS CDK writes them.
fn sorted(lists: &[&[&'static str]]) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    all.sort_unstable();
    all.dedup();
    all
}

fn grant<B: IBucket + ?Sized>(
    bucket: &B,
    grantee: &impl Grantable,
    bucket_actions: &[&[&'static str]],
    key_actions: &[&[&'static str]],
    scope: Scope,
) -> Grant {
    let actions = sorted(bucket_actions);
    let objects = bucket.arn_for_objects("*");
    let resources = match scope {
        Scope::BucketAndObjects => vec![bucket.arn(), objects],
        Scope::Objects => vec![objects],
    };
    let result = Grant::add_to_principal(grantee, &actions, resources);
    if let Some(key) = bucket.encryption_key_arn() {
        let key_actions = sorted(key_actions);
        if !key_actions.is_empty() {
            Grant::add_to_principal(grantee, &key_actions, [key]);
        }
    }
    result
}

/// A bucket, owned ([`Bucket`](super::Bucket)) or imported
/// ([`ImportedBucket`](super::ImportedBucket)): its attributes and grants.
///
/// Both types also have these methods as inherent methods, so calling them needs no import;
/// the trait is for code that works with either (`fn f(bucket: &impl IBucket)`).
///
/// Every grant adds one `Allow` statement to the grantee's role, with AWS CDK's actions
/// (sorted as CDK writes them) on the bucket's ARN and/or its objects (`arn/*`), never on
/// `*`. If the bucket is encrypted with a customer managed KMS key, a second statement grants
/// CDK's KMS actions on that key. The returned [`Grant`] describes the S3 statement.
pub trait IBucket: Construct {
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

    /// Lets `grantee` read objects and list the bucket: `s3:GetBucket*`, `s3:GetObject*`,
    /// `s3:List*` on the bucket and `arn/*` (plus `kms:Decrypt`, `kms:DescribeKey` on the
    /// bucket's KMS key).
    fn grant_read(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        grant(self, grantee, &[READ], &[KEY_READ], Scope::BucketAndObjects)
    }

    /// Lets `grantee` write and delete objects: `s3:Abort*`, `s3:DeleteObject*`,
    /// `s3:PutObject`, `s3:PutObjectLegalHold`, `s3:PutObjectRetention`,
    /// `s3:PutObjectTagging`, `s3:PutObjectVersionTagging` on the bucket and `arn/*` (plus
    /// `kms:Decrypt`, `kms:Encrypt`, `kms:GenerateDataKey*`, `kms:ReEncrypt*` on the key).
    fn grant_write(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        grant(
            self,
            grantee,
            &[PUT, DELETE],
            &[KEY_WRITE],
            Scope::BucketAndObjects,
        )
    }

    /// [`grant_read`](IBucket::grant_read) and [`grant_write`](IBucket::grant_write) in one
    /// statement, exactly as AWS CDK's `grantReadWrite` renders it.
    fn grant_read_write(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        grant(
            self,
            grantee,
            &[READ, DELETE, PUT],
            &[KEY_READ, KEY_WRITE],
            Scope::BucketAndObjects,
        )
    }

    /// Lets `grantee` put objects (the put actions of
    /// [`grant_write`](IBucket::grant_write)) on `arn/*` only (plus the KMS write actions).
    fn grant_put(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        grant(self, grantee, &[PUT], &[KEY_WRITE], Scope::Objects)
    }

    /// Lets `grantee` delete objects: `s3:DeleteObject*` on `arn/*` only (no KMS actions are
    /// needed to delete).
    fn grant_delete(&self, grantee: &impl Grantable) -> Grant
    where
        Self: Sized,
    {
        grant(self, grantee, &[DELETE], &[], Scope::Objects)
    }
}

/// The [`IBucket`] methods as inherent methods of a bucket type, so callers need no trait
/// import. One definition for [`Bucket`](super::Bucket) and
/// [`ImportedBucket`](super::ImportedBucket).
macro_rules! inherent_ibucket_methods {
    () => {
        /// The bucket's name. See [`IBucket::bucket_name`].
        pub fn bucket_name(&self) -> Str {
            IBucket::bucket_name(self)
        }

        /// The bucket's ARN. See [`IBucket::arn`].
        pub fn arn(&self) -> Str {
            IBucket::arn(self)
        }

        /// `<arn>/<key_pattern>`. See [`IBucket::arn_for_objects`].
        pub fn arn_for_objects(&self, key_pattern: &str) -> Str {
            IBucket::arn_for_objects(self, key_pattern)
        }

        /// The global domain name. See [`IBucket::domain_name`].
        pub fn domain_name(&self) -> Str {
            IBucket::domain_name(self)
        }

        /// The regional domain name. See [`IBucket::regional_domain_name`].
        pub fn regional_domain_name(&self) -> Str {
            IBucket::regional_domain_name(self)
        }

        /// The customer managed KMS key, if any. See [`IBucket::encryption_key_arn`].
        pub fn encryption_key_arn(&self) -> Option<Str> {
            IBucket::encryption_key_arn(self)
        }

        /// Read access. See [`IBucket::grant_read`].
        pub fn grant_read(&self, grantee: &impl Grantable) -> Grant {
            IBucket::grant_read(self, grantee)
        }

        /// Write and delete access. See [`IBucket::grant_write`].
        pub fn grant_write(&self, grantee: &impl Grantable) -> Grant {
            IBucket::grant_write(self, grantee)
        }

        /// Read, write and delete access in one statement. See [`IBucket::grant_read_write`].
        pub fn grant_read_write(&self, grantee: &impl Grantable) -> Grant {
            IBucket::grant_read_write(self, grantee)
        }

        /// Put access on objects. See [`IBucket::grant_put`].
        pub fn grant_put(&self, grantee: &impl Grantable) -> Grant {
            IBucket::grant_put(self, grantee)
        }

        /// Delete access on objects. See [`IBucket::grant_delete`].
        pub fn grant_delete(&self, grantee: &impl Grantable) -> Grant {
            IBucket::grant_delete(self, grantee)
        }
    };
}
pub(crate) use inherent_ibucket_methods;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_write_actions_match_cdk_reference_order() {
        assert_eq!(
            sorted(&[READ, DELETE, PUT]),
            [
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
            ]
        );
        assert_eq!(
            sorted(&[KEY_READ, KEY_WRITE]),
            [
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:Encrypt",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ]
        );
    }
}

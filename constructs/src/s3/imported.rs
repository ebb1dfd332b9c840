//! Buckets that exist outside the stack.

use cdk_core::{fns, Aws, Construct, Scope, Str};

use super::bucket_like::BucketLike;
use super::concat;
use crate::iam::{Grant, Grantable};

/// A bucket that exists outside this stack, made with
/// [`Bucket::from_bucket_name`](super::Bucket::from_bucket_name) or
/// [`Bucket::from_arn`](super::Bucket::from_arn). It creates no resources: it offers the
/// bucket's attributes and grants (permissions on the grantee's side). It cannot be
/// configured, so it has no notifications, no EventBridge switch and no bucket policy.
///
/// The bucket is assumed to be in the stack's partition and region (for
/// [`regional_domain_name`](ImportedBucket::regional_domain_name)).
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::{iam, s3};
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let shared = s3::Bucket::from_bucket_name(&stack, "Shared", "team-shared-data");
/// let role = iam::Role::new(&stack, "Reader", iam::Principal::service("lambda.amazonaws.com"))
///     .build();
/// shared.grant_read(&role);
/// ```
#[derive(Clone)]
pub struct ImportedBucket {
    scope: Scope,
    name: Str,
    /// The ARN as parts to concatenate, so `arn/<pattern>` stays one flat `Fn::Join`.
    arn_parts: Vec<Str>,
    key_arn: Option<Str>,
}

crate::util::construct_handle!(ImportedBucket);

impl ImportedBucket {
    pub(crate) fn from_name(scope: &impl Construct, id: &str, name: Str) -> ImportedBucket {
        let scope = Scope::new(scope, id);
        if let Some(n) = name.as_literal() {
            if n.is_empty() || n.contains(':') || n.contains('/') {
                scope.node().add_error(
                    format!("`{n}` is not a bucket name"),
                    "pass the bare name (`my-bucket`); for an ARN use Bucket::from_arn",
                );
            }
        }
        let arn_parts = vec![
            Str::from("arn:"),
            Aws::partition(),
            Str::from(":s3:::"),
            name.clone(),
        ];
        ImportedBucket {
            scope,
            name,
            arn_parts,
            key_arn: None,
        }
    }

    pub(crate) fn from_arn(scope: &impl Construct, id: &str, arn: Str) -> ImportedBucket {
        let scope = Scope::new(scope, id);
        let name = match arn.as_literal() {
            Some(text) => {
                let parts: Vec<&str> = text.splitn(6, ':').collect();
                let valid = parts.len() == 6
                    && parts[0] == "arn"
                    && !parts[1].is_empty()
                    && parts[2] == "s3"
                    && parts[3].is_empty()
                    && parts[4].is_empty()
                    && !parts[5].is_empty()
                    && !parts[5].contains('/');
                if !valid {
                    scope.node().add_error(
                        format!("`{text}` is not an S3 bucket ARN"),
                        "a bucket ARN looks like `arn:aws:s3:::my-bucket` (no object key, no region or account)",
                    );
                }
                Str::from(parts.get(5).copied().unwrap_or_default())
            }
            // arn:<partition>:s3:::<name> has the name in field 5.
            None => fns::select(5, fns::split(":", arn.clone())),
        };
        ImportedBucket {
            scope,
            name,
            arn_parts: vec![arn],
            key_arn: None,
        }
    }

    /// Declares that the bucket is encrypted with the customer managed KMS key `key_arn`, so
    /// grants also allow the key's use (default: no key; SSE-S3 or the `aws/s3` key need
    /// none).
    pub fn with_encryption_key(mut self, key_arn: impl Into<Str>) -> ImportedBucket {
        self.key_arn = Some(key_arn.into());
        self
    }

    // The BucketLike methods, inherent so that callers need no import.
    super::bucket_like::inherent_bucket_like_methods!();
}

impl BucketLike for ImportedBucket {
    fn bucket_name(&self) -> Str {
        self.name.clone()
    }

    fn arn(&self) -> Str {
        concat(self.arn_parts.iter().cloned())
    }

    fn arn_for_objects(&self, key_pattern: &str) -> Str {
        concat(
            self.arn_parts
                .iter()
                .cloned()
                .chain([Str::from(format!("/{key_pattern}"))]),
        )
    }

    fn domain_name(&self) -> Str {
        concat([self.name.clone(), Str::from(".s3."), Aws::url_suffix()])
    }

    fn regional_domain_name(&self) -> Str {
        concat([
            self.name.clone(),
            Str::from(".s3."),
            Aws::region(),
            Str::from("."),
            Aws::url_suffix(),
        ])
    }

    fn encryption_key_arn(&self) -> Option<Str> {
        self.key_arn.clone()
    }
}

//! Lifecycle rules: transitions between storage classes and expirations.

use cfn_l1::s3::bucket as l1;

/// A storage class objects can transition to. Forward compatible: a class S3 adds later can
/// be given with [`StorageClass::Unknown`] (its rules are then not checked).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StorageClass {
    /// `STANDARD_IA`: infrequent access; objects must be at least 30 days old.
    StandardIa,
    /// `INTELLIGENT_TIERING`: S3 moves objects between access tiers itself.
    IntelligentTiering,
    /// `ONEZONE_IA`: infrequent access in one availability zone; objects must be at least
    /// 30 days old.
    OnezoneIa,
    /// `GLACIER_IR`: Glacier Instant Retrieval.
    GlacierInstantRetrieval,
    /// `GLACIER`: Glacier Flexible Retrieval.
    Glacier,
    /// `DEEP_ARCHIVE`: Glacier Deep Archive.
    DeepArchive,
    /// Any other class, by its CloudFormation name.
    Unknown(String),
}

impl StorageClass {
    /// The CloudFormation name, e.g. `GLACIER`.
    pub fn as_str(&self) -> &str {
        match self {
            StorageClass::StandardIa => "STANDARD_IA",
            StorageClass::IntelligentTiering => "INTELLIGENT_TIERING",
            StorageClass::OnezoneIa => "ONEZONE_IA",
            StorageClass::GlacierInstantRetrieval => "GLACIER_IR",
            StorageClass::Glacier => "GLACIER",
            StorageClass::DeepArchive => "DEEP_ARCHIVE",
            StorageClass::Unknown(s) => s,
        }
    }

    /// Position in S3's transition waterfall (objects only move down it).
    fn rank(&self) -> Option<u8> {
        Some(match self {
            StorageClass::StandardIa => 1,
            StorageClass::IntelligentTiering => 2,
            StorageClass::OnezoneIa => 3,
            StorageClass::GlacierInstantRetrieval => 4,
            StorageClass::Glacier => 5,
            StorageClass::DeepArchive => 6,
            StorageClass::Unknown(_) => return None,
        })
    }

    /// Whether objects must be at least 30 days old to enter the class, and stay 30 days in
    /// it before a lifecycle rule moves them on.
    fn is_infrequent_access(&self) -> bool {
        matches!(self, StorageClass::StandardIa | StorageClass::OnezoneIa)
    }
}

impl std::fmt::Display for StorageClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lifecycle rule (`LifecycleConfiguration.Rules[]`). Every option defaults to unset; a
/// rule needs at least one action (a transition or an expiration).
///
/// ```
/// use constructs::s3::{LifecycleRule, StorageClass};
/// let rule = LifecycleRule::new()
///     .id("logs")
///     .prefix("logs/")
///     .transition(StorageClass::StandardIa, 30)
///     .transition(StorageClass::Glacier, 90)
///     .expiration_days(365)
///     .abort_incomplete_multipart_upload_days(7);
/// # let _ = rule;
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
#[must_use = "pass the rule to BucketBuilder::lifecycle_rule"]
pub struct LifecycleRule {
    id: Option<String>,
    prefix: Option<String>,
    enabled: Option<bool>,
    transitions: Vec<(StorageClass, u32)>,
    expiration_days: Option<u32>,
    noncurrent_version_expiration_days: Option<u32>,
    abort_incomplete_multipart_upload_days: Option<u32>,
}

impl LifecycleRule {
    /// An empty rule (add at least one action).
    pub fn new() -> LifecycleRule {
        LifecycleRule::default()
    }

    /// The rule's id, at most 255 characters (default: S3 generates one).
    pub fn id(mut self, id: &str) -> Self {
        self.id = Some(id.to_string());
        self
    }

    /// Only objects whose keys start with `prefix` (default: every object).
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.to_string());
        self
    }

    /// Whether the rule is applied (default: `true`, `Status: Enabled`).
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// Moves objects to `storage_class` `days` days after creation (default: no
    /// transition). `STANDARD_IA` and `ONEZONE_IA` need at least 30 days; transitions must go
    /// down S3's waterfall (Standard-IA → Intelligent-Tiering → One Zone-IA → Glacier IR →
    /// Glacier → Deep Archive) as the days increase, and objects stay at least 30 days in an
    /// infrequent-access class before moving on. Checked at build.
    pub fn transition(mut self, storage_class: StorageClass, days: u32) -> Self {
        self.transitions.push((storage_class, days));
        self
    }

    /// Deletes (or, in a versioned bucket, hides behind a delete marker) objects `days` days
    /// after creation; at least 1 and later than every transition (default: never).
    pub fn expiration_days(mut self, days: u32) -> Self {
        self.expiration_days = Some(days);
        self
    }

    /// Permanently deletes noncurrent object versions `days` days after they became
    /// noncurrent; at least 1 (default: never; only meaningful in a versioned bucket).
    pub fn noncurrent_version_expiration_days(mut self, days: u32) -> Self {
        self.noncurrent_version_expiration_days = Some(days);
        self
    }

    /// Aborts multipart uploads still incomplete `days` days after they started; at least 1
    /// (default: never).
    pub fn abort_incomplete_multipart_upload_days(mut self, days: u32) -> Self {
        self.abort_incomplete_multipart_upload_days = Some(days);
        self
    }

    pub(crate) fn rule_id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Everything S3 would reject about this rule, as messages.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let name = match &self.id {
            Some(id) => format!("lifecycle rule `{id}`"),
            None => "a lifecycle rule".to_string(),
        };
        if let Some(id) = &self.id {
            if id.is_empty() || id.chars().count() > 255 {
                out.push(format!("{name}: the id must be 1 to 255 characters"));
            }
        }
        if self.transitions.is_empty()
            && self.expiration_days.is_none()
            && self.noncurrent_version_expiration_days.is_none()
            && self.abort_incomplete_multipart_upload_days.is_none()
        {
            out.push(format!(
                "{name} has no action: add a transition, an expiration, a noncurrent version expiration or an incomplete multipart upload abort"
            ));
        }
        for (what, days) in [
            ("expiration_days", self.expiration_days),
            (
                "noncurrent_version_expiration_days",
                self.noncurrent_version_expiration_days,
            ),
            (
                "abort_incomplete_multipart_upload_days",
                self.abort_incomplete_multipart_upload_days,
            ),
        ] {
            if days == Some(0) {
                out.push(format!("{name}: {what} must be at least 1"));
            }
        }
        let mut seen: Vec<&StorageClass> = Vec::new();
        for (class, days) in &self.transitions {
            if seen.contains(&class) {
                out.push(format!("{name} transitions to {class} more than once"));
            }
            seen.push(class);
            if class.is_infrequent_access() && *days < 30 {
                out.push(format!(
                    "{name}: objects must be at least 30 days old to transition to {class}, not {days}"
                ));
            }
        }
        let mut by_day: Vec<&(StorageClass, u32)> = self.transitions.iter().collect();
        by_day.sort_by_key(|(_, d)| *d);
        for pair in by_day.windows(2) {
            let (a, da) = pair[0];
            let (b, db) = pair[1];
            if da == db {
                out.push(format!(
                    "{name} transitions to {a} and {b} on the same day ({da})"
                ));
                continue;
            }
            if let (Some(ra), Some(rb)) = (a.rank(), b.rank()) {
                let supported = ra < rb
                    && !(*a == StorageClass::OnezoneIa
                        && *b == StorageClass::GlacierInstantRetrieval);
                if !supported {
                    out.push(format!(
                        "{name}: S3 cannot transition objects from {a} (day {da}) to {b} (day {db})"
                    ));
                }
            }
            if a.is_infrequent_access() && db - da < 30 {
                out.push(format!(
                    "{name}: objects must stay 30 days in {a} (day {da}) before moving to {b}, but the next transition is on day {db}"
                ));
            }
        }
        if let (Some(exp), Some(last)) = (self.expiration_days, by_day.last()) {
            if exp <= last.1 {
                out.push(format!(
                    "{name}: expiration (day {exp}) must come after the last transition (to {} on day {})",
                    last.0, last.1
                ));
            }
        }
        out
    }

    /// The rule as the L1's `LifecycleConfiguration.Rules[]` item.
    pub(crate) fn to_l1(&self) -> l1::Rule {
        let status = if self.enabled.unwrap_or(true) {
            l1::RuleStatus::Enabled
        } else {
            l1::RuleStatus::Disabled
        };
        let transitions: Vec<l1::Transition> = self
            .transitions
            .iter()
            .map(|(class, days)| {
                l1::Transition::builder()
                    .storage_class(class.as_str())
                    .transition_in_days(*days)
                    .build()
            })
            .collect();
        l1::Rule::builder()
            .maybe_abort_incomplete_multipart_upload(
                self.abort_incomplete_multipart_upload_days.map(|d| {
                    l1::AbortIncompleteMultipartUpload::builder()
                        .days_after_initiation(d)
                        .build()
                }),
            )
            .maybe_expiration_in_days(self.expiration_days)
            .maybe_id(self.id.clone())
            .maybe_noncurrent_version_expiration(self.noncurrent_version_expiration_days.map(|d| {
                l1::NoncurrentVersionExpiration::builder()
                    .noncurrent_days(d)
                    .build()
            }))
            .maybe_prefix(self.prefix.clone())
            .status(status)
            .maybe_transitions((!transitions.is_empty()).then_some(transitions))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(rule: LifecycleRule) -> String {
        rule.problems().join("\n")
    }

    #[test]
    fn valid_rule_has_no_problems() {
        let rule = LifecycleRule::new()
            .id("r")
            .transition(StorageClass::StandardIa, 30)
            .transition(StorageClass::Glacier, 60)
            .transition(StorageClass::DeepArchive, 180)
            .expiration_days(365);
        assert_eq!(problems(rule), "");
        let glacier_now = LifecycleRule::new().transition(StorageClass::Glacier, 0);
        assert_eq!(problems(glacier_now), "");
    }

    #[test]
    fn infrequent_access_needs_30_days() {
        let p = problems(LifecycleRule::new().transition(StorageClass::OnezoneIa, 7));
        assert!(
            p.contains("at least 30 days old to transition to ONEZONE_IA, not 7"),
            "{p}"
        );
    }

    #[test]
    fn waterfall_order_and_expiration() {
        let p = problems(
            LifecycleRule::new()
                .id("bad")
                .transition(StorageClass::Glacier, 30)
                .transition(StorageClass::StandardIa, 60)
                .expiration_days(45),
        );
        assert!(
            p.contains("cannot transition objects from GLACIER (day 30) to STANDARD_IA (day 60)"),
            "{p}"
        );
        assert!(p.contains("expiration (day 45) must come after the last transition (to STANDARD_IA on day 60)"), "{p}");
        let p = problems(
            LifecycleRule::new()
                .transition(StorageClass::StandardIa, 30)
                .transition(StorageClass::Glacier, 40),
        );
        assert!(p.contains("stay 30 days in STANDARD_IA"), "{p}");
        let p = problems(
            LifecycleRule::new()
                .transition(StorageClass::OnezoneIa, 30)
                .transition(StorageClass::GlacierInstantRetrieval, 90),
        );
        assert!(p.contains("from ONEZONE_IA (day 30) to GLACIER_IR"), "{p}");
    }

    #[test]
    fn unknown_classes_are_not_checked_and_empty_rules_are() {
        let rule = LifecycleRule::new().transition(StorageClass::Unknown("FUTURE".into()), 1);
        assert_eq!(problems(rule), "");
        assert!(problems(LifecycleRule::new()).contains("has no action"));
        assert!(problems(LifecycleRule::new().expiration_days(0)).contains("at least 1"));
    }
}

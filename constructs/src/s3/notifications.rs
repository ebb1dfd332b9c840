//! Event notifications: S3 event types, key filters, destinations, and their EventBridge
//! equivalents.

use cdk_core::{Str, Value};
use cfn_l1::edit::Edit;
use cfn_l1::s3::bucket as l1;

/// An S3 event type, as S3 notification configurations name it (`s3:ObjectCreated:*`, …).
/// Forward compatible: an event type S3 adds later can be given with
/// [`EventType::Unknown`] and its full name.
///
/// The wildcard families `s3:ObjectRestore:*` and `s3:ObjectTagging:*` are not variants,
/// because each spans several EventBridge detail-types: list their members instead (or use
/// `Unknown` for direct notifications).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    /// `s3:ObjectCreated:*`: any object creation.
    ObjectCreated,
    /// `s3:ObjectCreated:Put`.
    ObjectCreatedPut,
    /// `s3:ObjectCreated:Post`.
    ObjectCreatedPost,
    /// `s3:ObjectCreated:Copy`.
    ObjectCreatedCopy,
    /// `s3:ObjectCreated:CompleteMultipartUpload`.
    ObjectCreatedCompleteMultipartUpload,
    /// `s3:ObjectRemoved:*`: deletions through the S3 API (not lifecycle expirations).
    ObjectRemoved,
    /// `s3:ObjectRemoved:Delete`: an object, or a version, was permanently deleted.
    ObjectRemovedDelete,
    /// `s3:ObjectRemoved:DeleteMarkerCreated`: a delete marker was created (versioned
    /// bucket).
    ObjectRemovedDeleteMarkerCreated,
    /// `s3:ObjectRestore:Post`: a restore from an archive class started.
    ObjectRestorePost,
    /// `s3:ObjectRestore:Completed`: a restore finished.
    ObjectRestoreCompleted,
    /// `s3:ObjectRestore:Delete`: a restored copy expired.
    ObjectRestoreDelete,
    /// `s3:ReducedRedundancyLostObject`.
    ReducedRedundancyLostObject,
    /// `s3:Replication:*`.
    Replication,
    /// `s3:Replication:OperationFailedReplication`.
    ReplicationOperationFailedReplication,
    /// `s3:Replication:OperationMissedThreshold`.
    ReplicationOperationMissedThreshold,
    /// `s3:Replication:OperationReplicatedAfterThreshold`.
    ReplicationOperationReplicatedAfterThreshold,
    /// `s3:Replication:OperationNotTracked`.
    ReplicationOperationNotTracked,
    /// `s3:LifecycleExpiration:*`: deletions by lifecycle rules.
    LifecycleExpiration,
    /// `s3:LifecycleExpiration:Delete`.
    LifecycleExpirationDelete,
    /// `s3:LifecycleExpiration:DeleteMarkerCreated`.
    LifecycleExpirationDeleteMarkerCreated,
    /// `s3:LifecycleTransition`: a lifecycle rule changed an object's storage class.
    LifecycleTransition,
    /// `s3:IntelligentTiering`: an object moved to an archive access tier.
    IntelligentTiering,
    /// `s3:ObjectTagging:Put`.
    ObjectTaggingPut,
    /// `s3:ObjectTagging:Delete`.
    ObjectTaggingDelete,
    /// `s3:ObjectAcl:Put`.
    ObjectAclPut,
    /// Any other event type, by its full name (`s3:…`).
    Unknown(String),
}

/// Every named variant, for [`EventType::from_name`].
const KNOWN: &[EventType] = &[
    EventType::ObjectCreated,
    EventType::ObjectCreatedPut,
    EventType::ObjectCreatedPost,
    EventType::ObjectCreatedCopy,
    EventType::ObjectCreatedCompleteMultipartUpload,
    EventType::ObjectRemoved,
    EventType::ObjectRemovedDelete,
    EventType::ObjectRemovedDeleteMarkerCreated,
    EventType::ObjectRestorePost,
    EventType::ObjectRestoreCompleted,
    EventType::ObjectRestoreDelete,
    EventType::ReducedRedundancyLostObject,
    EventType::Replication,
    EventType::ReplicationOperationFailedReplication,
    EventType::ReplicationOperationMissedThreshold,
    EventType::ReplicationOperationReplicatedAfterThreshold,
    EventType::ReplicationOperationNotTracked,
    EventType::LifecycleExpiration,
    EventType::LifecycleExpirationDelete,
    EventType::LifecycleExpirationDeleteMarkerCreated,
    EventType::LifecycleTransition,
    EventType::IntelligentTiering,
    EventType::ObjectTaggingPut,
    EventType::ObjectTaggingDelete,
    EventType::ObjectAclPut,
];

const CREATED: &str = "Object Created";
const DELETED: &str = "Object Deleted";
const PERMANENTLY_DELETED: &str = "Permanently Deleted";
const DELETE_MARKER_CREATED: &str = "Delete Marker Created";

impl EventType {
    /// The S3 name, e.g. `s3:ObjectCreated:*`.
    pub fn as_str(&self) -> &str {
        match self {
            EventType::ObjectCreated => "s3:ObjectCreated:*",
            EventType::ObjectCreatedPut => "s3:ObjectCreated:Put",
            EventType::ObjectCreatedPost => "s3:ObjectCreated:Post",
            EventType::ObjectCreatedCopy => "s3:ObjectCreated:Copy",
            EventType::ObjectCreatedCompleteMultipartUpload => {
                "s3:ObjectCreated:CompleteMultipartUpload"
            }
            EventType::ObjectRemoved => "s3:ObjectRemoved:*",
            EventType::ObjectRemovedDelete => "s3:ObjectRemoved:Delete",
            EventType::ObjectRemovedDeleteMarkerCreated => "s3:ObjectRemoved:DeleteMarkerCreated",
            EventType::ObjectRestorePost => "s3:ObjectRestore:Post",
            EventType::ObjectRestoreCompleted => "s3:ObjectRestore:Completed",
            EventType::ObjectRestoreDelete => "s3:ObjectRestore:Delete",
            EventType::ReducedRedundancyLostObject => "s3:ReducedRedundancyLostObject",
            EventType::Replication => "s3:Replication:*",
            EventType::ReplicationOperationFailedReplication => {
                "s3:Replication:OperationFailedReplication"
            }
            EventType::ReplicationOperationMissedThreshold => {
                "s3:Replication:OperationMissedThreshold"
            }
            EventType::ReplicationOperationReplicatedAfterThreshold => {
                "s3:Replication:OperationReplicatedAfterThreshold"
            }
            EventType::ReplicationOperationNotTracked => "s3:Replication:OperationNotTracked",
            EventType::LifecycleExpiration => "s3:LifecycleExpiration:*",
            EventType::LifecycleExpirationDelete => "s3:LifecycleExpiration:Delete",
            EventType::LifecycleExpirationDeleteMarkerCreated => {
                "s3:LifecycleExpiration:DeleteMarkerCreated"
            }
            EventType::LifecycleTransition => "s3:LifecycleTransition",
            EventType::IntelligentTiering => "s3:IntelligentTiering",
            EventType::ObjectTaggingPut => "s3:ObjectTagging:Put",
            EventType::ObjectTaggingDelete => "s3:ObjectTagging:Delete",
            EventType::ObjectAclPut => "s3:ObjectAcl:Put",
            EventType::Unknown(name) => name,
        }
    }

    /// The event type named `name` (`s3:ObjectCreated:Put` → [`EventType::ObjectCreatedPut`]);
    /// names without a variant become [`EventType::Unknown`].
    pub fn from_name(name: &str) -> EventType {
        KNOWN
            .iter()
            .find(|e| e.as_str() == name)
            .cloned()
            .unwrap_or_else(|| EventType::Unknown(name.to_string()))
    }

    /// The EventBridge event that corresponds to this S3 event type, once EventBridge
    /// delivery is on ([`Bucket::enable_event_bridge`](super::Bucket::enable_event_bridge)):
    /// its `detail-type` and, where the detail-type covers several S3 event types, the value
    /// of its `detail.reason` field. Following the mapping in the S3 user guide
    /// ("Amazon EventBridge mapping and troubleshooting"):
    ///
    /// | event type | detail-type | reason |
    /// |---|---|---|
    /// | `ObjectCreated` | `Object Created` | any |
    /// | `ObjectCreatedPut` / `Post` / `Copy` / `CompleteMultipartUpload` | `Object Created` | `PutObject` / `POST Object` / `CopyObject` / `CompleteMultipartUpload` |
    /// | `ObjectRemoved`, `ObjectRemovedDelete`, `ObjectRemovedDeleteMarkerCreated` | `Object Deleted` | `DeleteObject` |
    /// | `LifecycleExpiration`, `LifecycleExpirationDelete`, `LifecycleExpirationDeleteMarkerCreated` | `Object Deleted` | `Lifecycle Expiration` |
    /// | `ObjectRestorePost` / `Completed` / `Delete` | `Object Restore Initiated` / `Completed` / `Expired` | — |
    /// | `ObjectTaggingPut` / `Delete` | `Object Tags Added` / `Deleted` | — |
    /// | `ObjectAclPut` | `Object ACL Updated` | — |
    /// | `LifecycleTransition` | `Object Storage Class Changed` | — |
    /// | `IntelligentTiering` | `Object Access Tier Changed` | — |
    ///
    /// `None` when EventBridge has no equivalent: `ReducedRedundancyLostObject`, the
    /// `Replication*` events, and `Unknown`. The `Delete` / `DeleteMarkerCreated` variants of
    /// deletions also differ in `detail.deletion-type`, see
    /// [`event_bridge_deletion_type`](EventType::event_bridge_deletion_type).
    pub fn event_bridge_match(&self) -> Option<(&'static str, Option<&'static str>)> {
        Some(match self {
            EventType::ObjectCreated => (CREATED, None),
            EventType::ObjectCreatedPut => (CREATED, Some("PutObject")),
            EventType::ObjectCreatedPost => (CREATED, Some("POST Object")),
            EventType::ObjectCreatedCopy => (CREATED, Some("CopyObject")),
            EventType::ObjectCreatedCompleteMultipartUpload => {
                (CREATED, Some("CompleteMultipartUpload"))
            }
            EventType::ObjectRemoved
            | EventType::ObjectRemovedDelete
            | EventType::ObjectRemovedDeleteMarkerCreated => (DELETED, Some("DeleteObject")),
            EventType::LifecycleExpiration
            | EventType::LifecycleExpirationDelete
            | EventType::LifecycleExpirationDeleteMarkerCreated => {
                (DELETED, Some("Lifecycle Expiration"))
            }
            EventType::ObjectRestorePost => ("Object Restore Initiated", None),
            EventType::ObjectRestoreCompleted => ("Object Restore Completed", None),
            EventType::ObjectRestoreDelete => ("Object Restore Expired", None),
            EventType::ObjectTaggingPut => ("Object Tags Added", None),
            EventType::ObjectTaggingDelete => ("Object Tags Deleted", None),
            EventType::ObjectAclPut => ("Object ACL Updated", None),
            EventType::LifecycleTransition => ("Object Storage Class Changed", None),
            EventType::IntelligentTiering => ("Object Access Tier Changed", None),
            EventType::ReducedRedundancyLostObject
            | EventType::Replication
            | EventType::ReplicationOperationFailedReplication
            | EventType::ReplicationOperationMissedThreshold
            | EventType::ReplicationOperationReplicatedAfterThreshold
            | EventType::ReplicationOperationNotTracked
            | EventType::Unknown(_) => return None,
        })
    }

    /// The `detail.deletion-type` of the EventBridge `Object Deleted` event that corresponds
    /// to this event type: `Permanently Deleted` for the `…Delete` variants, `Delete Marker
    /// Created` for the `…DeleteMarkerCreated` ones, `None` for every other type (including
    /// the `ObjectRemoved` and `LifecycleExpiration` wildcards, which cover both).
    pub fn event_bridge_deletion_type(&self) -> Option<&'static str> {
        match self {
            EventType::ObjectRemovedDelete | EventType::LifecycleExpirationDelete => {
                Some(PERMANENTLY_DELETED)
            }
            EventType::ObjectRemovedDeleteMarkerCreated
            | EventType::LifecycleExpirationDeleteMarkerCreated => Some(DELETE_MARKER_CREATED),
            _ => None,
        }
    }

    /// Whether an object event of type `self` can also be an event of type `other` (equal
    /// names, or one is the `:*` wildcard of the other's family).
    fn overlaps(&self, other: &EventType) -> bool {
        let (a, b) = (self.as_str(), other.as_str());
        let family = |wild: &str, name: &str| {
            wild.strip_suffix('*')
                .is_some_and(|stem| stem.ends_with(':') && name.starts_with(stem))
        };
        a == b || family(a, b) || family(b, a)
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which object keys a notification is about: keys starting with `prefix` and ending with
/// `suffix`. The default (both `None`) is every key.
///
/// ```
/// use constructs::s3::NotificationKeyFilter;
/// let images = NotificationKeyFilter::prefix("images/").with_suffix(".jpg");
/// assert_eq!(images.prefix.as_deref(), Some("images/"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NotificationKeyFilter {
    /// Keys must start with this (default: any start).
    pub prefix: Option<String>,
    /// Keys must end with this (default: any end).
    pub suffix: Option<String>,
}

impl NotificationKeyFilter {
    /// Every key.
    pub fn all() -> NotificationKeyFilter {
        NotificationKeyFilter::default()
    }

    /// Keys starting with `prefix`.
    pub fn prefix(prefix: &str) -> NotificationKeyFilter {
        NotificationKeyFilter::default().with_prefix(prefix)
    }

    /// Keys ending with `suffix`, e.g. `.jpg`.
    pub fn suffix(suffix: &str) -> NotificationKeyFilter {
        NotificationKeyFilter::default().with_suffix(suffix)
    }

    /// Also requires keys to start with `prefix`.
    pub fn with_prefix(mut self, prefix: &str) -> NotificationKeyFilter {
        self.prefix = Some(prefix.to_string());
        self
    }

    /// Also requires keys to end with `suffix`.
    pub fn with_suffix(mut self, suffix: &str) -> NotificationKeyFilter {
        self.suffix = Some(suffix.to_string());
        self
    }

    /// The filter as an EventBridge matcher for `detail.object.key`: `[{"prefix": …}]`,
    /// `[{"suffix": …}]`, or, with both, `[{"wildcard": "<prefix>*<suffix>"}]` (with `*` and
    /// `\` in them escaped). `None` for the default filter. (A wildcard needs the prefix and
    /// the suffix not to overlap in the key, which is always the case in practice.)
    pub fn event_bridge_key_pattern(&self) -> Option<serde_json::Value> {
        let escape = |s: &str| s.replace('\\', "\\\\").replace('*', "\\*");
        let matcher = match (&self.prefix, &self.suffix) {
            (None, None) => return None,
            (Some(p), None) => serde_json::json!({ "prefix": p }),
            (None, Some(s)) => serde_json::json!({ "suffix": s }),
            (Some(p), Some(s)) => {
                serde_json::json!({ "wildcard": format!("{}*{}", escape(p), escape(s)) })
            }
        };
        Some(serde_json::Value::Array(vec![matcher]))
    }

    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (what, v) in [("prefix", &self.prefix), ("suffix", &self.suffix)] {
            match v {
                Some(s) if s.is_empty() => out.push(format!(
                    "the notification filter has an empty {what}; leave it unset to match every key"
                )),
                Some(s) if s.len() > 1024 => out.push(format!(
                    "the notification filter's {what} is longer than 1024 bytes, the longest object key"
                )),
                _ => {}
            }
        }
        out
    }

    /// Whether some key can match both filters.
    fn overlaps(&self, other: &NotificationKeyFilter) -> bool {
        let prefixes = match (&self.prefix, &other.prefix) {
            (Some(a), Some(b)) => a.starts_with(b.as_str()) || b.starts_with(a.as_str()),
            _ => true,
        };
        let suffixes = match (&self.suffix, &other.suffix) {
            (Some(a), Some(b)) => a.ends_with(b.as_str()) || b.ends_with(a.as_str()),
            _ => true,
        };
        prefixes && suffixes
    }

    /// The filter of a direct notification, or `None` for every key.
    fn to_l1(&self) -> Option<l1::NotificationFilter> {
        let rules: Vec<l1::FilterRule> = [("prefix", &self.prefix), ("suffix", &self.suffix)]
            .into_iter()
            .filter_map(|(name, v)| {
                v.as_ref()
                    .map(|v| l1::FilterRule::builder().name(name).value(v).build())
            })
            .collect();
        (!rules.is_empty()).then(|| {
            l1::NotificationFilter::builder()
                .s3_key(l1::S3KeyFilter::builder().rules(rules).build())
                .build()
        })
    }
}

/// Where S3 sends the events of a direct notification
/// ([`Bucket::add_event_notification`](super::Bucket::add_event_notification)).
///
/// The destination must allow S3 to deliver before the bucket is configured (S3 checks):
/// an `AWS::Lambda::Permission` for `s3.amazonaws.com`, or a queue or topic policy. The
/// caller creates it and makes the bucket depend on it.
#[derive(Clone, Debug, PartialEq)]
pub enum NotificationDestination {
    /// Invoke a Lambda function (`LambdaConfigurations`).
    Lambda {
        /// The function's (or alias's, or version's) ARN.
        function_arn: Str,
    },
    /// Send to an SQS queue (`QueueConfigurations`).
    Queue {
        /// The queue's ARN.
        queue_arn: Str,
    },
    /// Publish to an SNS topic (`TopicConfigurations`).
    Topic {
        /// The topic's ARN.
        topic_arn: Str,
    },
}

/// One direct notification.
#[derive(Clone, Debug, PartialEq)]
struct Configuration {
    event: EventType,
    destination: NotificationDestination,
    filter: NotificationKeyFilter,
}

impl Configuration {
    /// Appends this notification to `config`, in the list of its destination's kind.
    fn append_to(&self, config: &Edit<l1::NotificationConfiguration>) {
        let event = self.event.as_str();
        let filter = self.filter.to_l1();
        // The three kinds are distinct L1 types with the same shape: one item each.
        macro_rules! append {
            ($list:ident, $item:ident, $target:ident, $arn:expr) => {
                config.$list().append([l1::$item::builder()
                    .event(event)
                    .maybe_filter(filter)
                    .$target($arn.clone())
                    .build()])
            };
        }
        match &self.destination {
            NotificationDestination::Lambda { function_arn } => append!(
                lambda_configurations,
                LambdaConfiguration,
                function,
                function_arn
            ),
            NotificationDestination::Queue { queue_arn } => {
                append!(queue_configurations, QueueConfiguration, queue, queue_arn)
            }
            NotificationDestination::Topic { topic_arn } => {
                append!(topic_configurations, TopicConfiguration, topic, topic_arn)
            }
        }
    }
}

/// Turns on EventBridge delivery in a bucket's `config` (idempotent: setting it again
/// replaces it in place).
pub(crate) fn enable_event_bridge(config: &Edit<l1::NotificationConfiguration>) {
    config.event_bridge_configuration().set(
        l1::EventBridgeConfiguration::builder()
            .event_bridge_enabled(true)
            .build(),
    );
}

/// A bucket's direct notifications, kept to check each new one against the others.
#[derive(Default)]
pub(crate) struct Notifications {
    configurations: Vec<Configuration>,
}

impl Notifications {
    /// Adds a direct notification and appends it to the bucket's `config`; returns the
    /// problems S3 would reject it for (the notification is added anyway, so all problems
    /// are reported together). A notification already there is not added again.
    pub(crate) fn add(
        &mut self,
        config: &Edit<l1::NotificationConfiguration>,
        event: EventType,
        destination: NotificationDestination,
        filter: NotificationKeyFilter,
    ) -> Vec<String> {
        let new = Configuration {
            event,
            destination,
            filter,
        };
        if self.configurations.contains(&new) {
            return Vec::new();
        }
        let mut out = new.filter.problems();
        if !new.event.as_str().starts_with("s3:") {
            out.push(format!(
                "`{}` is not an S3 event type; S3 event types start with `s3:`",
                new.event
            ));
        }
        for old in &self.configurations {
            if old.event.overlaps(&new.event) && old.filter.overlaps(&new.filter) {
                out.push(format!(
                    "notifications for {} and {} overlap: S3 rejects two notifications of the same event type whose key filters can match the same key",
                    describe(old),
                    describe(&new)
                ));
            }
        }
        new.append_to(config);
        self.configurations.push(new);
        out
    }
}

fn describe(c: &Configuration) -> String {
    let filter = match (&c.filter.prefix, &c.filter.suffix) {
        (None, None) => "every key".to_string(),
        (Some(p), None) => format!("keys starting with `{p}`"),
        (None, Some(s)) => format!("keys ending with `{s}`"),
        (Some(p), Some(s)) => format!("keys starting with `{p}` and ending with `{s}`"),
    };
    format!("`{}` ({filter})", c.event)
}

/// One way an EventBridge event can match: detail-type, reason, deletion-type.
type Matcher = (&'static str, Option<&'static str>, Option<&'static str>);

/// Builds the EventBridge pattern for `events` on the bucket named `bucket_name`, filtered by
/// `filter`; returns the pattern and the event types that have no EventBridge equivalent.
pub(crate) fn event_bridge_pattern(
    bucket_name: Str,
    events: &[EventType],
    filter: &NotificationKeyFilter,
) -> (Value, Vec<EventType>) {
    let mut unsupported = Vec::new();
    let mut matchers: Vec<Matcher> = Vec::new();
    for e in events {
        match e.event_bridge_match() {
            Some((dt, reason)) => {
                let m = (dt, reason, e.event_bridge_deletion_type());
                if !matchers.contains(&m) {
                    matchers.push(m);
                }
            }
            None => unsupported.push(e.clone()),
        }
    }
    // Drop matchers another, wider matcher of the same detail-type covers.
    let covers = |wide: &Matcher, narrow: &Matcher| {
        wide != narrow
            && wide.0 == narrow.0
            && (wide.1.is_none() || wide.1 == narrow.1)
            && (wide.2.is_none() || wide.2 == narrow.2)
    };
    let kept: Vec<Matcher> = matchers
        .iter()
        .filter(|m| !matchers.iter().any(|w| covers(w, m)))
        .copied()
        .collect();
    // Group into branches that constrain the same fields. A reason belongs to one
    // detail-type, so a branch's lists never combine into a pair that was not asked for.
    let mut branches: Vec<(Vec<&str>, Vec<&str>, Option<&str>)> = Vec::new();
    for (dt, reason, deletion) in kept {
        let slot = branches
            .iter_mut()
            .find(|(_, reasons, del)| reasons.is_empty() == reason.is_none() && *del == deletion);
        let (dts, reasons, _) = match slot {
            Some(b) => b,
            None => {
                branches.push((Vec::new(), Vec::new(), deletion));
                branches.last_mut().expect("just pushed")
            }
        };
        if !dts.contains(&dt) {
            dts.push(dt);
        }
        if let Some(r) = reason {
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
    }
    let strings = |v: &[&str]| Value::list(v.iter().map(|s| Value::from(*s)));
    let branch = |dts: &[&str], reasons: &[&str], deletion: Option<&str>| {
        let mut detail: Vec<(&str, Value)> = vec![(
            "bucket",
            Value::map([("name", Value::list([bucket_name.clone()]))]),
        )];
        if let Some(key) = filter.event_bridge_key_pattern() {
            detail.push(("object", Value::map([("key", Value::from(key))])));
        }
        if !reasons.is_empty() {
            detail.push(("reason", strings(reasons)));
        }
        if let Some(d) = deletion {
            detail.push(("deletion-type", strings(&[d])));
        }
        (strings(dts), Value::map(detail))
    };
    let source = ("source", Value::list(["aws.s3"]));
    let pattern = match branches.as_slice() {
        [] => Value::map([source]),
        [(dts, reasons, deletion)] => {
            let (dts, detail) = branch(dts, reasons, *deletion);
            Value::map([source, ("detail-type", dts), ("detail", detail)])
        }
        many => Value::map([
            source,
            (
                "$or",
                Value::list(many.iter().map(|(dts, reasons, deletion)| {
                    let (dts, detail) = branch(dts, reasons, *deletion);
                    Value::map([("detail-type", dts), ("detail", detail)])
                })),
            ),
        ]),
    };
    (pattern, unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in KNOWN {
            assert_eq!(&EventType::from_name(e.as_str()), e);
        }
        assert_eq!(
            EventType::from_name("s3:ObjectTagging:*"),
            EventType::Unknown("s3:ObjectTagging:*".into())
        );
    }

    #[test]
    fn overlap_rules() {
        assert!(EventType::ObjectCreated.overlaps(&EventType::ObjectCreatedPut));
        assert!(EventType::ObjectCreatedPut.overlaps(&EventType::ObjectCreated));
        assert!(!EventType::ObjectCreatedPut.overlaps(&EventType::ObjectCreatedCopy));
        assert!(!EventType::ObjectCreated.overlaps(&EventType::ObjectRemoved));
        let f = NotificationKeyFilter::prefix;
        assert!(f("a/").overlaps(&f("a/b/")));
        assert!(!f("a/").overlaps(&f("b/")));
        assert!(
            !NotificationKeyFilter::suffix(".jpg").overlaps(&NotificationKeyFilter::suffix(".png"))
        );
        assert!(NotificationKeyFilter::all().overlaps(&NotificationKeyFilter::suffix(".png")));
        assert!(!f("a/")
            .with_suffix(".jpg")
            .overlaps(&f("a/").with_suffix(".png")));
    }

    #[test]
    fn key_patterns() {
        assert_eq!(
            NotificationKeyFilter::all().event_bridge_key_pattern(),
            None
        );
        assert_eq!(
            NotificationKeyFilter::prefix("in/").event_bridge_key_pattern(),
            Some(serde_json::json!([{ "prefix": "in/" }]))
        );
        assert_eq!(
            NotificationKeyFilter::prefix("a*b/")
                .with_suffix(".jpg")
                .event_bridge_key_pattern(),
            Some(serde_json::json!([{ "wildcard": "a\\*b/*.jpg" }]))
        );
    }
}

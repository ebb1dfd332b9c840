//! Small helpers shared by the construct modules: the construct handle macro, literal
//! checks, unique ids, durations, name rules.

use std::time::Duration;

use cdk_core::{Construct, Node, Str};

use crate::names::NameRule;

/// Makes a struct a construct handle: `impl Construct` through its `Scope` field (`scope`
/// unless named) and a `Debug` that prints the type and the construct's path, e.g.
/// `Bucket(MyStack/Uploads)`. Every construct of this crate is written this way, so a handle
/// always debug-prints as its place in the tree rather than as its shared state.
///
/// ```text
/// construct_handle!(Bucket);                    // through `self.scope`
/// construct_handle!(AliasedFunction, function); // through another construct field
/// ```
macro_rules! construct_handle {
    ($ty:ident) => {
        $crate::util::construct_handle!($ty, scope);
    };
    ($ty:ident, $field:ident) => {
        impl ::cdk_core::Construct for $ty {
            fn node(&self) -> &::cdk_core::Node {
                ::cdk_core::Construct::node(&self.$field)
            }
        }

        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(
                    f,
                    concat!(stringify!($ty), "({})"),
                    ::cdk_core::Construct::node(self).path()
                )
            }
        }
    };
}
pub(crate) use construct_handle;

/// `items` as owned strings (what builders taking `impl IntoIterator<Item = impl AsRef<str>>`
/// keep).
pub(crate) fn owned_strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(|s| s.as_ref().to_string()).collect()
}

/// The literal text of `value`, or `None` when it is an expression (`Ref`, `Fn::Join`, …)
/// that CloudFormation resolves at deploy time.
pub(crate) fn literal(value: &Str) -> Option<String> {
    value.as_literal().map(str::to_string)
}

/// CDK's `Names.nodeUniqueId`: a stable, app-unique id for a construct, made from its whole
/// path (stack included) with the logical-ID scheme, e.g. `MyStackQueue3E046D3D` (the MD5 of
/// `MyStack/Queue`).
pub(crate) fn node_unique_id(node: &Node) -> String {
    node.unique_id()
}

/// `duration` in whole seconds, or `None` when it has a fractional part or does not fit.
pub(crate) fn whole_seconds(duration: Duration) -> Option<u32> {
    if duration.subsec_nanos() != 0 {
        return None;
    }
    u32::try_from(duration.as_secs()).ok()
}

/// Checks that `duration` is a whole number of seconds within `min..=max`; records an error
/// on `node` naming `what` otherwise. Returns the seconds when valid.
pub(crate) fn checked_seconds(
    node: &impl Construct,
    what: &str,
    duration: Duration,
    min: u32,
    max: u32,
) -> Option<u32> {
    match whole_seconds(duration) {
        Some(s) if (min..=max).contains(&s) => Some(s),
        Some(s) => {
            node.node().add_error(
                format!("{what} of {s} seconds is outside {min}..={max} seconds"),
                format!("use a duration between {min} and {max} seconds"),
            );
            None
        }
        None => {
            node.node().add_error(
                format!("{what} of {duration:?} is not a whole number of seconds"),
                "CloudFormation takes whole seconds; use Duration::from_secs",
            );
            None
        }
    }
}

/// Validates a literal SQS queue or SNS topic name against `rule` ([`QUEUE_NAME`] or
/// [`TOPIC_NAME`]): letters, digits, `-` and `_`, at most `rule.max` characters including a
/// `.fifo` suffix, which a FIFO one must have. Returns whether the queue or topic is FIFO:
/// asked for, or named `*.fifo`.
///
/// [`QUEUE_NAME`]: crate::names::QUEUE_NAME
/// [`TOPIC_NAME`]: crate::names::TOPIC_NAME
pub(crate) fn checked_fifo_name(
    node: &Node,
    name: Option<&Str>,
    fifo: bool,
    rule: &NameRule,
    what: &str,
) -> bool {
    let literal_name = name.and_then(literal);
    let fifo = fifo
        || literal_name
            .as_deref()
            .is_some_and(|n| n.ends_with(".fifo"));
    if let Some(name) = &literal_name {
        let max = rule.max;
        let base = name.strip_suffix(".fifo").unwrap_or(name);
        let base_rule = NameRule {
            max: max - if fifo { 5 } else { 0 },
            ..*rule
        };
        if !base_rule.is_valid(base) {
            node.add_error(
                format!("`{name}` is not a valid {what} name"),
                format!("use 1-{max} letters, digits, `-` and `_` (a FIFO {what}'s name ends in `.fifo`, counted in the {max})"),
            );
        } else if fifo && !name.ends_with(".fifo") {
            node.add_error(
                format!("FIFO {what} name `{name}` does not end in `.fifo`"),
                "append `.fifo` to the name, or leave the name out",
            );
        }
    }
    fifo
}

/// The actions of `lists`, deduplicated and sorted, the way AWS CDK writes a statement's
/// actions: tests check each `*_ACTIONS` constant against CDK's own lists with it.
#[cfg(test)]
pub(crate) fn sorted_union(lists: &[&[&'static str]]) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = lists.concat();
    all.sort_unstable();
    all.dedup();
    all
}

/// Whether `s` is an RFC 3339 timestamp as ASL and EventBridge Scheduler take it:
/// `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6) && i + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdk_core::{fns, App, Aws, CfnResource, Stack};

    #[test]
    fn literal_sees_through_literals_only() {
        assert_eq!(literal(&Str::from("abc")).as_deref(), Some("abc"));
        assert_eq!(literal(&Str::from("")).as_deref(), Some(""));
        assert_eq!(
            literal(&Str::from("with \"quote\"")).as_deref(),
            Some("with \"quote\"")
        );
        assert_eq!(literal(&Aws::stack_name()), None);
        assert_eq!(literal(&Aws::region()), None);
        assert_eq!(literal(&fns::join("-", ["a", "b"])), None);
        let app = App::new();
        let stack = Stack::new(&app, "Other");
        let r = CfnResource::new(&stack, "R", "AWS::SQS::Queue");
        assert_eq!(literal(&r.ref_()), None);
    }

    #[test]
    fn unique_ids_include_the_stack_like_cdk() {
        let app = App::new();
        let stack = Stack::new(&app, "CdkRekognitionStack");
        let scope = cdk_core::Scope::new(&stack, "cdk-rekn-function");
        assert_eq!(
            node_unique_id(scope.node()),
            "CdkRekognitionStackcdkreknfunction9299BD9D"
        );
    }

    #[test]
    fn whole_seconds_rejects_fractions() {
        assert_eq!(whole_seconds(Duration::from_secs(3)), Some(3));
        assert_eq!(whole_seconds(Duration::from_millis(1500)), None);
    }
}

//! Event filtering for event source mappings: [`FilterPattern`], written with the same
//! [`Matcher`]s and field tree as an EventBridge [`EventPattern`](crate::events::EventPattern)
//! (Lambda reads the same syntax, minus two matchers).

use cdk_core::{Node, Str};

use crate::events::{Dialect, Matcher, PatternFields};

/// The most filters one event source mapping takes (Lambda's default quota).
pub const MAX_FILTERS: usize = 5;

/// One Lambda event filter (`FilterCriteria.Filters[].Pattern`): a record invokes the
/// function only when it matches at least one of the source's filters. Fields are named by
/// dotted path from the top of the record, as Lambda sees it: `body.status` for an SQS
/// message body in JSON, `dynamodb.NewImage.status.S` and `eventName` for a DynamoDB stream
/// record, `data.type` for a Kinesis record in JSON.
///
/// Every [`Matcher`] works except `wildcard` and `anything-but` with a prefix, which Lambda
/// does not support (reported at synth, as empty fields and empty ranges are).
///
/// ```
/// use constructs::events::Matcher;
/// use constructs::lambda::event_sources::FilterPattern;
///
/// let inserts = FilterPattern::new()
///     .field("eventName", [Matcher::exact("INSERT")])
///     .field("dynamodb.NewImage.status.S", [Matcher::exact("placed")]);
/// let big_or_gold = FilterPattern::new().any_of([
///     FilterPattern::new().field("body.total", [Matcher::greater_than(1000.0)]),
///     FilterPattern::new().field("body.tier", [Matcher::exact("gold")]),
/// ]);
/// # let _ = (inserts, big_or_gold);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterPattern {
    fields: PatternFields,
}

impl FilterPattern {
    /// A pattern with no fields yet (one without fields is reported at synth).
    pub fn new() -> FilterPattern {
        FilterPattern::default()
    }

    /// Records whose field at `path` (dotted: `body.customer.tier`) matches any of
    /// `matchers`; called again for the same path, the matchers are added.
    pub fn field(mut self, path: &str, matchers: impl IntoIterator<Item = Matcher>) -> Self {
        let keys: Vec<&str> = path.split('.').collect();
        self.fields.insert(&keys, matchers.into_iter().collect());
        self
    }

    /// Records that match at least one of `alternatives` (`$or`), besides every other field
    /// of this pattern; at least two, none empty, one `any_of` per pattern.
    pub fn any_of(mut self, alternatives: impl IntoIterator<Item = FilterPattern>) -> Self {
        self.fields
            .any_of(alternatives.into_iter().map(|p| p.fields).collect());
        self
    }

    /// The pattern as the JSON text Lambda takes.
    pub fn to_json_str(&self) -> Str {
        self.fields.to_json_str()
    }
}

/// Checks a source's filters (each pattern's mistakes, and at most [`MAX_FILTERS`]) on
/// `node`, and returns their patterns (none when there are no filters).
pub(super) fn checked_patterns(node: &Node, filters: &[FilterPattern]) -> Option<Vec<Str>> {
    if filters.len() > MAX_FILTERS {
        node.add_error(
            format!(
                "{} event filters, more than Lambda's {MAX_FILTERS}",
                filters.len()
            ),
            "combine filters with .any_of([...]) in one pattern, or ask AWS for a higher quota and set the filters through cfn()",
        );
    }
    for (i, filter) in filters.iter().enumerate() {
        if filter.fields.is_empty() {
            node.add_error(
                format!("event filter {i} has no fields"),
                "add .field(path, [matchers]); a filter without fields would match every record",
            );
        }
        for (message, hint) in filter
            .fields
            .problems(Dialect::LambdaFilter, &format!("event filter {i}"))
        {
            node.add_error(message, hint);
        }
    }
    (!filters.is_empty()).then(|| filters.iter().map(FilterPattern::to_json_str).collect())
}

/// `FilterCriteria` of the L1 type `$criteria` (with filters `$filter`) for `patterns`: the
/// plain mapping and each SAM event have their own generated types of the same shape.
macro_rules! filter_criteria {
    ($patterns:expr, $criteria:path, $filter:path) => {
        $patterns.clone().map(|patterns: Vec<cdk_core::Str>| {
            <$criteria>::builder()
                .filters(
                    patterns
                        .into_iter()
                        .map(|p| <$filter>::builder().pattern(p).build()),
                )
                .build()
        })
    };
}
pub(super) use filter_criteria;

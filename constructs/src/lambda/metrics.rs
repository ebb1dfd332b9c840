//! The `AWS/Lambda` metrics of a function or an alias.

use cdk_core::Str;

use crate::cloudwatch::{Count, Metric, Milliseconds, Statistic, Unit};

/// CloudWatch's names of the metrics, which are not template properties.
const ERRORS: &str = "Errors";
const DURATION: &str = "Duration";
/// The dimension that names an alias (`<function>:<alias>`).
const RESOURCE_DIMENSION: &str = "Resource";

/// The four metrics of a function (`qualifier` `None`) or one of its aliases, each with
/// dimension `FunctionName` and, for an alias, `Resource` = `<function>:<alias>`.
#[derive(Clone, Debug)]
pub(super) struct Metrics {
    pub(super) function_name: Str,
    pub(super) qualified: Option<Str>,
}

impl Metrics {
    fn metric<U: Unit>(&self, name: &str, statistic: Statistic) -> Metric<U> {
        let metric =
            Metric::new("AWS/Lambda", name).dimension("FunctionName", self.function_name.clone());
        match &self.qualified {
            Some(resource) => metric.dimension(RESOURCE_DIMENSION, resource.clone()),
            None => metric,
        }
        .statistic(statistic)
    }

    pub(super) fn errors(&self) -> Metric<Count> {
        self.metric(ERRORS, Statistic::Sum)
    }

    pub(super) fn throttles(&self) -> Metric<Count> {
        self.metric("Throttles", Statistic::Sum)
    }

    pub(super) fn invocations(&self) -> Metric<Count> {
        self.metric("Invocations", Statistic::Sum)
    }

    pub(super) fn duration(&self) -> Metric<Milliseconds> {
        self.metric(DURATION, Statistic::Average)
    }
}

//! The `Alarm` construct (`AWS::CloudWatch::Alarm`).

use cdk_core::{CfnResource, Construct, Num, Scope, Str};
use cfn_l1::cloudwatch::{alarm::Dimension, CfnAlarm, CfnAlarmProps};

use super::metric::{Metric, Statistic, Unit};
use crate::names::{METRIC_NAME, METRIC_NAMESPACE};
use crate::util::literal;

/// How an alarm compares the metric with its threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ComparisonOperator {
    /// `GreaterThanOrEqualToThreshold` (the default).
    #[default]
    GreaterThanOrEqualToThreshold,
    /// `GreaterThanThreshold`.
    GreaterThanThreshold,
    /// `LessThanThreshold`.
    LessThanThreshold,
    /// `LessThanOrEqualToThreshold`.
    LessThanOrEqualToThreshold,
}

impl ComparisonOperator {
    fn name(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => "GreaterThanOrEqualToThreshold",
            ComparisonOperator::GreaterThanThreshold => "GreaterThanThreshold",
            ComparisonOperator::LessThanThreshold => "LessThanThreshold",
            ComparisonOperator::LessThanOrEqualToThreshold => "LessThanOrEqualToThreshold",
        }
    }
}

/// What an alarm makes of periods without data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreatMissingData {
    /// `missing`: the alarm keeps its state (CloudWatch's default).
    Missing,
    /// `notBreaching`: good. Right for error counts, which have no data points while
    /// nothing fails.
    NotBreaching,
    /// `breaching`: bad.
    Breaching,
    /// `ignore`: evaluate only the periods with data.
    Ignore,
}

impl TreatMissingData {
    fn name(self) -> &'static str {
        match self {
            TreatMissingData::Missing => "missing",
            TreatMissingData::NotBreaching => "notBreaching",
            TreatMissingData::Breaching => "breaching",
            TreatMissingData::Ignore => "ignore",
        }
    }
}

/// A CloudWatch alarm on one [`Metric`]. Cheap to clone.
///
/// Its resource is the child `Resource` (`<Stack>/<id>/Resource`), as in AWS CDK. Give it to
/// a Lambda deployment preference
/// ([`DeploymentPreference::alarm`](crate::lambda::DeploymentPreference::alarm)) to roll a
/// deployment back when it fires.
#[derive(Clone)]
pub struct Alarm {
    scope: Scope,
    cfn: CfnAlarm,
}

crate::util::construct_handle!(Alarm);

/// Builds an [`Alarm`]; see [`Alarm::new`].
#[must_use = "call .build() to create the alarm"]
pub struct AlarmBuilder {
    scope: Scope,
    metric: MetricParts,
    threshold: Result<f64, String>,
    comparison: ComparisonOperator,
    evaluation_periods: u32,
    datapoints_to_alarm: Option<u32>,
    treat_missing_data: Option<TreatMissingData>,
    description: Option<String>,
    name: Option<Str>,
    actions_enabled: Option<bool>,
}

/// A metric with its unit erased (the threshold was checked against it already).
struct MetricParts {
    namespace: String,
    metric_name: String,
    dimensions: Vec<(String, Str)>,
    statistic: Statistic,
    period: std::time::Duration,
}

impl Alarm {
    /// Starts an alarm named `id` in `scope` that fires when `metric` reaches `threshold`:
    /// a number for a [`Count`](super::Count) metric, a [`Duration`](std::time::Duration)
    /// for a [`Milliseconds`](super::Milliseconds) one (a threshold of the wrong kind does
    /// not compile). Defaults: [`ComparisonOperator::GreaterThanOrEqualToThreshold`], one
    /// evaluation period, CloudWatch's treatment of missing data (`missing`), a generated
    /// name.
    #[allow(clippy::new_ret_no_self)] // a builder, as everywhere in this crate
    pub fn new<U: Unit>(
        scope: &impl Construct,
        id: &str,
        metric: &Metric<U>,
        threshold: impl Into<U::Threshold>,
    ) -> AlarmBuilder {
        AlarmBuilder {
            scope: Scope::new(scope, id),
            metric: MetricParts {
                namespace: metric.namespace.clone(),
                metric_name: metric.metric_name.clone(),
                dimensions: metric.dimensions.clone(),
                statistic: metric.statistic,
                period: metric.period,
            },
            threshold: U::threshold_value(threshold.into()),
            comparison: ComparisonOperator::default(),
            evaluation_periods: 1,
            datapoints_to_alarm: None,
            treat_missing_data: None,
            description: None,
            name: None,
            actions_enabled: None,
        }
    }

    /// The alarm's name (`Ref`), what CodeDeploy's alarm configuration takes.
    pub fn alarm_name(&self) -> Str {
        self.cfn.ref_()
    }

    /// The alarm's ARN (`Fn::GetAtt Arn`).
    pub fn arn(&self) -> Str {
        self.cfn.attr_arn()
    }

    /// The typed L1 resource this construct wraps ([`cfn_l1`]): typed changes after creation
    /// through [`props()`](CfnAlarm::props), for what this construct does not offer.
    pub fn cfn(&self) -> &CfnAlarm {
        &self.cfn
    }

    /// The underlying `AWS::CloudWatch::Alarm` resource (escape hatch).
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

impl AlarmBuilder {
    /// How the metric is compared with the threshold (default:
    /// [`ComparisonOperator::GreaterThanOrEqualToThreshold`]).
    pub fn comparison(mut self, operator: ComparisonOperator) -> Self {
        self.comparison = operator;
        self
    }

    /// Over how many periods the metric is evaluated, at least 1 (default: 1). CloudWatch
    /// evaluates at most one day (periods × evaluation periods ≤ 86,400 s) for periods shorter
    /// than an hour and at most seven days (604,800 s) otherwise (checked at synth).
    pub fn evaluation_periods(mut self, n: u32) -> Self {
        self.evaluation_periods = n;
        self
    }

    /// How many of the evaluated periods must breach, 1 to the evaluation periods (default:
    /// all of them).
    pub fn datapoints_to_alarm(mut self, n: u32) -> Self {
        self.datapoints_to_alarm = Some(n);
        self
    }

    /// What periods without data count as (default: not written, which is CloudWatch's
    /// [`TreatMissingData::Missing`]).
    pub fn treat_missing_data(mut self, treatment: TreatMissingData) -> Self {
        self.treat_missing_data = Some(treatment);
        self
    }

    /// A description, at most 1024 characters (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }

    /// A fixed alarm name, at most 255 characters (default: generated by CloudFormation).
    pub fn alarm_name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Whether the alarm's actions run (default: not written, CloudWatch's `true`).
    pub fn actions_enabled(mut self, enabled: bool) -> Self {
        self.actions_enabled = Some(enabled);
        self
    }

    /// Creates the alarm, validating every setting (errors are reported at synth with the
    /// alarm's path).
    pub fn build(self) -> Alarm {
        let node = self.scope.node().clone();
        let m = &self.metric;
        let threshold = match &self.threshold {
            Ok(t) => Some(*t),
            Err(e) => {
                node.add_error(e.clone(), "give a finite threshold");
                None
            }
        };
        if self.evaluation_periods == 0 {
            node.add_error(
                "evaluation periods must be at least 1",
                "evaluate the metric over one or more periods",
            );
        }
        if let Some(d) = self.datapoints_to_alarm {
            // With zero evaluation periods, that is the one mistake reported.
            if self.evaluation_periods > 0 && (d == 0 || d > self.evaluation_periods) {
                node.add_error(
                    format!(
                        "datapoints to alarm ({d}) must be between 1 and the evaluation periods ({})",
                        self.evaluation_periods
                    ),
                    "lower datapoints_to_alarm or raise evaluation_periods",
                );
            }
        }
        let period = m.period;
        let secs = period.as_secs();
        let valid_period = period.subsec_nanos() == 0
            && (matches!(secs, 10 | 20 | 30) || (secs >= 60 && secs.is_multiple_of(60)));
        if !valid_period {
            node.add_error(
                format!("metric period {period:?} is not 10 s, 20 s, 30 s or a multiple of 60 s"),
                "use Duration::from_secs(60) or another whole number of minutes",
            );
        } else if self.evaluation_periods > 0 {
            // CloudWatch evaluates at most seven days, and at most one day for periods
            // shorter than an hour.
            let range = secs.saturating_mul(u64::from(self.evaluation_periods));
            let max = if secs < 3600 { 86_400 } else { 604_800 };
            if range > max {
                node.add_error(
                    format!(
                        "the alarm evaluates {} periods of {secs} s, {range} seconds; CloudWatch allows at most {max} seconds ({}) for periods {} an hour",
                        self.evaluation_periods,
                        if max == 86_400 { "one day" } else { "seven days" },
                        if secs < 3600 { "shorter than" } else { "of at least" },
                    ),
                    format!(
                        "use at most {} evaluation periods of this length, or a longer period",
                        max / secs
                    ),
                );
            }
        }
        METRIC_NAMESPACE.check(&node, &m.namespace);
        METRIC_NAME.check(&node, &m.metric_name);
        if let Statistic::Percentile(p) = m.statistic {
            if !(p > 0.0 && p <= 100.0) {
                node.add_error(
                    format!("percentile {p} is outside (0, 100]"),
                    "use e.g. Statistic::Percentile(99.0)",
                );
            }
        }
        if m.dimensions.len() > 30 {
            node.add_error(
                format!("{} dimensions; CloudWatch allows 30", m.dimensions.len()),
                "remove dimensions",
            );
        }
        if let Some(d) = &self.description {
            if d.chars().count() > 1024 {
                node.add_error(
                    "description is more than 1024 characters",
                    "shorten the description",
                );
            }
        }
        if let Some(text) = self.name.as_ref().and_then(literal) {
            if text.is_empty() || text.chars().count() > 255 {
                node.add_error(
                    format!("alarm name `{text}` is not 1-255 characters"),
                    "shorten the name",
                );
            }
        }

        let dimensions = (!m.dimensions.is_empty()).then(|| {
            m.dimensions.iter().map(|(name, value)| {
                Dimension::builder()
                    .name(name.as_str())
                    .value(value.clone())
                    .build()
            })
        });
        let props = CfnAlarmProps::builder()
            .maybe_actions_enabled(self.actions_enabled)
            .maybe_alarm_description(self.description)
            .maybe_alarm_name(self.name)
            .comparison_operator(self.comparison.name())
            .maybe_datapoints_to_alarm(self.datapoints_to_alarm)
            .maybe_dimensions(dimensions)
            .evaluation_periods(self.evaluation_periods)
            .maybe_extended_statistic(m.statistic.percentile_name())
            .metric_name(m.metric_name.as_str())
            .namespace(m.namespace.as_str())
            .period(secs)
            .maybe_statistic(m.statistic.plain_name())
            .threshold(number(threshold.unwrap_or(0.0)))
            .maybe_treat_missing_data(self.treat_missing_data.map(TreatMissingData::name))
            .build();
        let cfn = CfnAlarm::new(&self.scope, "Resource", props);
        Alarm {
            scope: self.scope,
            cfn,
        }
    }
}

/// A threshold as JSON: an integer when it is one (`1`, not `1.0`).
fn number(x: f64) -> Num {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Num::from(x as i64)
    } else {
        // A non-finite float has no JSON form and becomes `null`.
        Num::from(x)
    }
}

//! Amazon CloudWatch: metrics and alarms.
//!
//! A [`Metric`] carries its unit in its type ([`Count`], [`Milliseconds`]), so an alarm's
//! threshold is checked at compile time: an errors alarm takes a number, a duration alarm a
//! [`std::time::Duration`]. Lambda functions and aliases hand out their metrics typed
//! ([`Function::metric_errors`](crate::lambda::Function::metric_errors),
//! [`Alias::metric_duration`](crate::lambda::Alias::metric_duration), …).
//!
//! ```
//! use std::time::Duration;
//! use cdk_core::{App, Stack};
//! use constructs::cloudwatch::{Alarm, ComparisonOperator, TreatMissingData};
//! use constructs::lambda::{Code, Function, Runtime};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Api");
//! let func = Function::new(&stack, "Handler", Runtime::PYTHON_3_13,
//!     Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler")
//!     .build();
//! let errors = Alarm::new(&stack, "Errors", &func.metric_errors(), 1)
//!     .treat_missing_data(TreatMissingData::NotBreaching)
//!     .build();
//! let slow = Alarm::new(&stack, "Slow", &func.metric_duration(), Duration::from_millis(800))
//!     .comparison(ComparisonOperator::GreaterThanThreshold)
//!     .evaluation_periods(3)
//!     .build();
//! # let _ = (errors, slow);
//! assert!(stack.template().is_ok());
//! ```

mod alarm;
mod metric;

pub use alarm::{Alarm, AlarmBuilder, ComparisonOperator, TreatMissingData};
pub use metric::{Count, Metric, Milliseconds, Statistic, Unit};

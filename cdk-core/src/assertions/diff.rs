//! The matching engine: compares an expected pattern with a value and lists every
//! difference with its JSON path and a cost (for ranking the closest candidate).

use serde_json::{Map, Value};
use std::fmt;

use super::*;

/// Whether objects must match partially or exactly.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Mode {
    Partial,
    Exact,
}

/// One difference between an expected pattern and an actual value.
#[derive(Clone, Debug)]
pub(super) struct Diff {
    /// Path into the JSON, e.g. `Properties.Tags[0].Key`; empty for the root.
    path: String,
    message: String,
    /// How bad the difference is, used to pick the closest candidate: 1 for
    /// a wrong value where one was expected (a scalar, an absent key, an
    /// unexpected key), 1 + the number of expected leaf values for a missing
    /// key or a wrong shape (type, array length); an `array_with` element not
    /// found costs what its closest actual element misses. So a candidate
    /// that has the key with a wrong value ranks above one that lacks it.
    cost: usize,
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Whether `actual` matches the pattern `expected`.
pub(super) fn matches(expected: &Value, actual: &Value) -> bool {
    diff(expected, actual).is_empty()
}

/// All differences between the pattern `expected` and `actual`.
pub(super) fn diff(expected: &Value, actual: &Value) -> Vec<Diff> {
    let mut out = Vec::new();
    match_value(expected, Some(actual), Mode::Partial, "", &mut out);
    out
}

pub(super) fn total_cost(diffs: &[Diff]) -> usize {
    diffs.iter().map(|d| d.cost).sum()
}

pub(super) fn push_diff(out: &mut Vec<Diff>, path: &str, message: String, cost: usize) {
    out.push(Diff {
        path: path.to_owned(),
        message,
        cost,
    });
}

/// Matches `expected` against `actual` (`None` when the key is missing).
pub(super) fn match_value(
    expected: &Value,
    actual: Option<&Value>,
    mode: Mode,
    path: &str,
    out: &mut Vec<Diff>,
) {
    if let Some(pattern) = parse_matcher(expected) {
        match_pattern(pattern, actual, mode, path, out);
        return;
    }
    let Some(actual) = actual else {
        push_diff(
            out,
            path,
            format!("missing (expected {})", render(expected)),
            1 + leaves(expected),
        );
        return;
    };
    match expected {
        Value::Object(exp) => match_object(exp, actual, mode, path, out),
        Value::Array(exp) => match_array(exp, actual, mode, path, out),
        _ => {
            if !scalar_eq(expected, actual) {
                push_diff(
                    out,
                    path,
                    format!("expected {}, found {}", render(expected), render(actual)),
                    1,
                );
            }
        }
    }
}

pub(super) fn match_pattern(
    pattern: Pattern<'_>,
    actual: Option<&Value>,
    mode: Mode,
    path: &str,
    out: &mut Vec<Diff>,
) {
    match pattern {
        Pattern::Absent => {
            if let Some(actual) = actual {
                push_diff(
                    out,
                    path,
                    format!("expected absent, found {}", render(actual)),
                    1,
                );
            }
        }
        Pattern::AnyValue => match actual {
            None => push_diff(out, path, "missing (expected any value)".to_owned(), 2),
            Some(Value::Null) => push_diff(
                out,
                path,
                "expected any non-null value, found null".to_owned(),
                1,
            ),
            Some(_) => {}
        },
        Pattern::ArrayWith(items) => match actual {
            None => push_diff(
                out,
                path,
                format!(
                    "missing (expected array with {})",
                    render(&Value::Array(items.to_vec()))
                ),
                1 + leaves_all(items),
            ),
            Some(actual) => match_array_with(items, actual, mode, path, out),
        },
        Pattern::ObjectLike(p) => match_value(p, actual, Mode::Partial, path, out),
        Pattern::ObjectEquals(p) | Pattern::Exact(p) => {
            match_value(p, actual, Mode::Exact, path, out)
        }
        Pattern::Invalid(reason) => push_diff(out, path, format!("invalid matcher: {reason}"), 1),
    }
}

pub(super) fn match_object(
    expected: &Map<String, Value>,
    actual: &Value,
    mode: Mode,
    path: &str,
    out: &mut Vec<Diff>,
) {
    let Some(actual) = actual.as_object() else {
        push_diff(
            out,
            path,
            format!("expected object, found {}", render(actual)),
            1 + leaves_map(expected),
        );
        return;
    };
    for (key, exp) in expected {
        match_value(exp, actual.get(key), mode, &join_key(path, key), out);
    }
    if mode == Mode::Exact {
        for (key, value) in actual {
            if !expected.contains_key(key) {
                push_diff(
                    out,
                    &join_key(path, key),
                    format!("unexpected key (found {})", render(value)),
                    1,
                );
            }
        }
    }
}

pub(super) fn match_array(
    expected: &[Value],
    actual: &Value,
    mode: Mode,
    path: &str,
    out: &mut Vec<Diff>,
) {
    let Some(actual) = actual.as_array() else {
        push_diff(
            out,
            path,
            format!(
                "expected array of {}, found {}",
                expected.len(),
                render(actual)
            ),
            1 + leaves_all(expected),
        );
        return;
    };
    if expected.len() != actual.len() {
        push_diff(
            out,
            path,
            format!(
                "expected array of {}, found array of {}",
                expected.len(),
                actual.len()
            ),
            1 + leaves_all(expected),
        );
        return;
    }
    for (i, (exp, act)) in expected.iter().zip(actual).enumerate() {
        match_value(exp, Some(act), mode, &join_index(path, i), out);
    }
}

/// Greedy in-order subsequence match: each pattern element takes the first
/// matching actual element after the previous one's. Greedy is optimal for
/// subsequence matching, so a failure here means no assignment exists.
pub(super) fn match_array_with(
    items: &[Value],
    actual: &Value,
    mode: Mode,
    path: &str,
    out: &mut Vec<Diff>,
) {
    let Some(actual) = actual.as_array() else {
        push_diff(
            out,
            path,
            format!("expected array, found {}", render(actual)),
            1 + leaves_all(items),
        );
        return;
    };
    let mut start = 0;
    for (pi, item) in items.iter().enumerate() {
        let mut closest: Option<(usize, Vec<Diff>)> = None;
        let mut found = None;
        for (j, element) in actual.iter().enumerate().skip(start) {
            let mut diffs = Vec::new();
            match_value(item, Some(element), mode, "", &mut diffs);
            if diffs.is_empty() {
                found = Some(j);
                break;
            }
            if closest
                .as_ref()
                .is_none_or(|(_, best)| total_cost(&diffs) < total_cost(best))
            {
                closest = Some((j, diffs));
            }
        }
        if let Some(j) = found {
            start = j + 1;
            continue;
        }
        let mut message = format!(
            "array has no element matching array_with element [{pi}] {}",
            render(item)
        );
        if start > 0 {
            message.push_str(&format!(
                " after index {} (elements must appear in order)",
                start - 1
            ));
        }
        // A near miss costs what its closest element misses; the pattern
        // elements after it were never tried and count in full.
        let item_cost = closest.as_ref().map_or(1 + leaves(item), |(_, diffs)| {
            total_cost(diffs).min(1 + leaves(item))
        });
        let rest: usize = items[pi + 1..].iter().map(leaves).sum();
        match closest {
            Some((j, diffs)) => {
                let shown: Vec<String> = diffs.iter().take(3).map(Diff::to_string).collect();
                message.push_str(&format!(
                    "; closest is {}: {}",
                    join_index(path, j),
                    shown.join("; ")
                ));
                if diffs.len() > 3 {
                    message.push_str(&format!(" (and {} more)", diffs.len() - 3));
                }
            }
            None => message.push_str(&format!("; found array of {}", actual.len())),
        }
        push_diff(out, path, message, item_cost + rest);
        return;
    }
}

/// Scalar equality, comparing numbers by value (`1` equals `1.0`).
pub(super) fn scalar_eq(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            a == b
                || match (a.as_i64(), b.as_i64()) {
                    (Some(x), Some(y)) => x == y,
                    _ => match (a.as_u64(), b.as_u64()) {
                        (Some(x), Some(y)) => x == y,
                        _ => a.as_f64() == b.as_f64(),
                    },
                }
        }
        _ => expected == actual,
    }
}

/// Number of leaf values in an expected pattern (at least 1).
pub(super) fn leaves(value: &Value) -> usize {
    if let Some(pattern) = parse_matcher(value) {
        return match pattern {
            Pattern::ArrayWith(items) => leaves_all(items),
            Pattern::ObjectLike(p) | Pattern::ObjectEquals(p) | Pattern::Exact(p) => leaves(p),
            _ => 1,
        };
    }
    match value {
        Value::Object(map) => leaves_map(map),
        Value::Array(items) => leaves_all(items),
        _ => 1,
    }
}

pub(super) fn leaves_map(map: &Map<String, Value>) -> usize {
    map.values().map(leaves).sum::<usize>().max(1)
}

pub(super) fn leaves_all(items: &[Value]) -> usize {
    items.iter().map(leaves).sum::<usize>().max(1)
}

pub(super) fn join_key(path: &str, key: &str) -> String {
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !".[]\"'".contains(c));
    match (simple, path.is_empty()) {
        (true, true) => key.to_owned(),
        (true, false) => format!("{path}.{key}"),
        (false, _) => format!("{path}[{}]", Value::String(key.to_owned())),
    }
}

pub(super) fn join_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

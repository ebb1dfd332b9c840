//! DynamoDB's naming rules, checked at synth.

use crate::names::{NameProblem, TABLE_NAME};

/// Why `name` is not a valid table or index name (the shared [`TABLE_NAME`] rule: 3–255
/// characters of `a-z A-Z 0-9 _ . -`), worded to follow `table name `x``.
pub(crate) fn table_or_index_name_problem(name: &str) -> Option<String> {
    let problems = TABLE_NAME.problems(name);
    let problem = problems.first()?;
    Some(match problem {
        NameProblem::TooShort(len) | NameProblem::TooLong(len) => format!(
            "is {len} characters long; it must be {} to {}",
            TABLE_NAME.min, TABLE_NAME.max
        ),
        NameProblem::Characters(bad) => format!(
            "contains characters DynamoDB does not allow: `{}`",
            bad.iter().collect::<String>()
        ),
        other => TABLE_NAME.describe(other),
    })
}

/// Why `name` is not a valid key or TTL attribute name (1–255 bytes).
pub(crate) fn attribute_name_problem(name: &str) -> Option<String> {
    match name.len() {
        0 => Some("is empty".to_string()),
        1..=255 => None,
        n => Some(format!("is {n} bytes long; at most 255 are allowed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(table_or_index_name_problem("abc"), None);
        assert_eq!(table_or_index_name_problem("a_b.c-D9"), None);
        assert!(table_or_index_name_problem("ab").is_some());
        assert!(table_or_index_name_problem(&"a".repeat(256)).is_some());
        assert_eq!(table_or_index_name_problem(&"a".repeat(255)), None);
        assert!(table_or_index_name_problem("my table").is_some_and(|p| p.contains("` `")));
        assert!(attribute_name_problem("").is_some());
        assert!(attribute_name_problem(&"a".repeat(256)).is_some());
        assert_eq!(attribute_name_problem("ttl"), None);
    }
}

//! Failure messages: compact renderings, the closest candidates, pretty-printed
//! excerpts, plurals and "did you mean" suggestions.

use serde_json::Value;

use super::*;

/// Compact JSON, cut to [`MAX_RENDER_CHARS`] characters.
pub(super) fn render(value: &Value) -> String {
    let text = value.to_string();
    truncate_chars(&text, MAX_RENDER_CHARS)
}

pub(super) fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(3)).collect();
    cut.push_str("...");
    cut
}

/// Ranks candidates by how badly they mismatch; `None` when one matches.
/// Ties keep template order.
pub(super) fn rank_candidates<'a>(
    candidates: &[(&'a str, &'a Value)],
    mut diff_of: impl FnMut(&Value) -> Vec<Diff>,
) -> Option<Vec<(&'a str, Vec<Diff>)>> {
    let mut ranked = Vec::with_capacity(candidates.len());
    for (id, value) in candidates {
        let diffs = diff_of(value);
        if diffs.is_empty() {
            return None;
        }
        ranked.push((*id, diffs));
    }
    ranked.sort_by_key(|(_, diffs)| total_cost(diffs));
    Some(ranked)
}

/// "the template has 3 resources of that type and none match".
pub(super) fn none_match(n: usize, singular: &str, plural_: &str, qualifier: &str) -> String {
    if n == 1 {
        format!("the template's only {singular} {qualifier}does not match")
    } else {
        format!("none of the template's {n} {plural_} {qualifier}match")
    }
}

/// Appends the closest candidate's differences, the other candidates, and
/// the closest candidate's definition.
pub(super) fn push_candidates(
    msg: &mut String,
    ranked: &[(&str, Vec<Diff>)],
    candidates: &[(&str, &Value)],
) {
    let (best_id, best_diffs) = &ranked[0];
    msg.push_str(&format!(
        "closest candidate: {best_id} ({}):\n",
        plural_count(best_diffs.len(), "difference", "differences")
    ));
    push_diff_lines(msg, best_diffs);
    if ranked.len() > 1 {
        let others: Vec<String> = ranked[1..]
            .iter()
            .map(|(id, diffs)| {
                format!(
                    "{id} ({})",
                    plural_count(diffs.len(), "difference", "differences")
                )
            })
            .collect();
        msg.push_str(&format!("other candidates: {}\n", list(&others)));
    }
    if let Some((_, value)) = candidates.iter().find(|(id, _)| id == best_id) {
        push_pretty(msg, best_id, value);
    }
}

pub(super) fn push_diff_lines(msg: &mut String, diffs: &[Diff]) {
    for d in diffs.iter().take(MAX_DIFF_LINES) {
        msg.push_str(&format!("  {d}\n"));
    }
    if diffs.len() > MAX_DIFF_LINES {
        msg.push_str(&format!(
            "  ... and {} more\n",
            diffs.len() - MAX_DIFF_LINES
        ));
    }
}

/// Appends `value` pretty-printed, cut to [`MAX_PRETTY_LINES`] lines.
pub(super) fn push_pretty(msg: &mut String, id: &str, value: &Value) {
    msg.push_str(&format!("{id} is:\n"));
    let pretty = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    let lines: Vec<&str> = pretty.lines().collect();
    for line in lines.iter().take(MAX_PRETTY_LINES) {
        msg.push_str("  ");
        msg.push_str(&truncate_chars(line, 2 * MAX_RENDER_CHARS));
        msg.push('\n');
    }
    if lines.len() > MAX_PRETTY_LINES {
        msg.push_str(&format!(
            "  ... ({} more lines)\n",
            lines.len() - MAX_PRETTY_LINES
        ));
    }
}

/// Comma-separated, cut to [`MAX_LISTED`] items.
pub(super) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let mut text = items
        .iter()
        .take(MAX_LISTED)
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > MAX_LISTED {
        text.push_str(&format!(", ... and {} more", items.len() - MAX_LISTED));
    }
    text
}

pub(super) fn plural<'a>(n: usize, singular: &'a str, plural_: &'a str) -> &'a str {
    if n == 1 {
        singular
    } else {
        plural_
    }
}

pub(super) fn plural_count(n: usize, singular: &str, plural_: &str) -> String {
    format!("{n} {}", plural(n, singular, plural_))
}

pub(super) fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// `names` sorted by case-insensitive edit distance to `target`, ties in
/// their original order.
pub(super) fn rank_by_distance<'a>(target: &str, names: &[&'a str]) -> Vec<&'a str> {
    let mut ranked: Vec<(usize, &str)> = names
        .iter()
        .map(|name| (edit_distance(target, name), *name))
        .collect();
    ranked.sort_by_key(|(d, _)| *d);
    ranked.into_iter().map(|(_, name)| name).collect()
}

/// The first of `ranked` if it is close enough to `target` to be a likely
/// typo.
pub(super) fn suggestion<'a>(target: &str, ranked: &[&'a str]) -> Option<&'a str> {
    let best = *ranked.first()?;
    let threshold = (target.chars().count() / 3).max(2);
    (edit_distance(target, best) <= threshold).then_some(best)
}

/// Case-insensitive Levenshtein distance.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

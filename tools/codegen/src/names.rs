//! Rust identifiers from CloudFormation names.

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// `BucketName` → `bucket_name`; keywords become raw identifiers (`r#type`).
pub fn snake(name: &str) -> String {
    let mut s = name.replace('.', "_").to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("p_{s}");
    }
    match s.as_str() {
        "self" | "super" | "crate" => format!("{s}_"),
        k if KEYWORDS.contains(&k) => format!("r#{s}"),
        _ => s,
    }
}

/// The identifier without a raw prefix (for messages and derived names).
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A type name: kept as the spec spells it when it is already a valid CamelCase identifier
/// (`SSESpecification`), otherwise converted.
pub fn pascal(name: &str) -> String {
    let valid = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    let mut s = if valid {
        name.to_string()
    } else {
        name.to_upper_camel_case()
    };
    if s.is_empty() {
        s = "Value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    if s == "Self" {
        s = "Self_".into();
    }
    s
}

/// A set of names in one namespace; `claim` returns a free variant of the wanted name.
#[derive(Default)]
pub struct Claims(std::collections::HashSet<String>);

impl Claims {
    pub fn claim(&mut self, want: &str) -> String {
        let mut name = want.to_string();
        let mut n = 2;
        while self.0.contains(bare(&name)) {
            name = format!("{want}{n}");
            n += 1;
        }
        self.0.insert(bare(&name).to_string());
        name
    }

    pub fn taken(&self, name: &str) -> bool {
        self.0.contains(bare(name))
    }
}

/// A doc comment (`///` lines at `indent`) from the spec's Markdown, made safe for rustdoc:
/// code fences become `text` blocks and indented lines are un-indented, so nothing in AWS's
/// text is compiled as a doctest.
pub fn doc(out: &mut String, indent: &str, text: &str) {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "  ");
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with("```") {
            let l = if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            };
            in_fence = !in_fence;
            l
        } else if in_fence {
            line.trim_end().to_string()
        } else {
            let lead = line.len() - trimmed.len();
            let keep = lead.min(2);
            format!("{}{}", " ".repeat(keep), trimmed.trim_end())
        };
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
    if in_fence {
        out.push_str(&format!("{indent}/// ```\n"));
    }
}

/// An enum variant from a spec value: `PAY_PER_REQUEST` → `PayPerRequest`, `OFF` → `Off`.
pub fn variant(value: &str) -> String {
    let mut s = value.to_upper_camel_case();
    if s.is_empty() {
        s = "Value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    if s == "Self" {
        s = "Self_".into();
    }
    s
}

/// The short form of a doc for the non-default services: the first sentence of the first
/// paragraph, or its first ~160 characters cut at a word boundary (never inside a code span
/// or a link). With `link`, the first AWS documentation link of the rest of the text follows,
/// when the summary has none.
pub fn summary(text: &str, link: bool) -> String {
    const MAX: usize = 160;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let para: String = text
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .split("```")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Walk the paragraph, tracking code spans and links; note the first sentence end and
    // the last word boundary before MAX characters.
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let (mut code, mut bracket, mut paren) = (false, 0usize, 0usize);
    let mut end = None;
    let mut cut = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, c)| c);
        match c {
            '`' => code = !code,
            '[' if !code => bracket += 1,
            ']' if !code => {
                bracket = bracket.saturating_sub(1);
                if next == Some('(') && bracket == 0 {
                    paren = 1;
                }
            }
            '(' if !code && paren > 0 && chars[k - 1].1 != ']' => paren += 1,
            ')' if !code && paren > 0 => paren -= 1,
            _ => {}
        }
        let plain = !code && bracket == 0 && paren == 0;
        if plain
            && matches!(c, '.' | '!' | '?')
            && next.is_none_or(char::is_whitespace)
            && !abbreviation(&para[..i])
        {
            end = Some(i + c.len_utf8());
            break;
        }
        if k >= MAX {
            if end.is_none() && k >= MAX + 40 {
                break;
            }
            continue;
        }
        if plain && c == ' ' {
            cut = Some(i);
        }
    }
    let mut out = match end {
        Some(e) if para[..e].chars().count() <= MAX + 40 => {
            let s = &para[..e];
            // AWS writes "… *Guide* ." — drop the space before the full stop.
            match s.strip_suffix(" .") {
                Some(t) => format!("{t}."),
                None => s.to_string(),
            }
        }
        _ if para.chars().count() <= MAX + 40 => para.clone(),
        _ => format!("{}…", para[..cut.unwrap_or(para.len())].trim_end()),
    };
    if link && !out.contains("](") {
        if let Some(l) = first_link(&text) {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\n\nSee {l}."));
        }
    }
    out
}

/// Whether the text before a full stop ends in an abbreviation (`e.g.`, `etc.`, `Inc.`).
fn abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or_default();
    let w = word
        .trim_start_matches(['(', '*', '_'])
        .to_ascii_lowercase();
    w.contains('.')
        || w.len() == 1
        || [
            "e.g", "i.e", "etc", "vs", "approx", "inc", "no", "ex", "eg", "ie",
        ]
        .contains(&w.as_str())
}

/// The first Markdown link to an AWS documentation page in `text`, as written.
fn first_link(text: &str) -> Option<&str> {
    let at = text.find("](https://docs.aws.amazon.com/")?;
    let open = text[..at].rfind('[')?;
    let close = at + text[at..].find(')')?;
    let l = &text[open..=close];
    (!l.contains('\n') && !l[1..].contains('[')).then_some(l)
}

//! Text measurement without a font engine: advance widths of DejaVu Sans (the font the
//! pictures name first, and Debian's default sans), per character, in ems. Characters not in
//! the table count as wide, so an estimate errs towards room to spare.

/// The font stack every picture uses.
pub const FONT: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// Advance width of one character in ems (DejaVu Sans Book).
#[allow(clippy::approx_constant)] // 0.318 em is the width of a space, not 1/π
fn em(c: char) -> f64 {
    match c {
        ' ' => 0.318,
        'i' | 'j' | 'l' => 0.278,
        'f' => 0.352,
        't' => 0.392,
        'r' => 0.411,
        's' => 0.521,
        'z' => 0.525,
        'c' => 0.55,
        'k' => 0.579,
        'v' | 'x' | 'y' => 0.592,
        'a' | 'e' | 'o' => 0.615,
        'b' | 'd' | 'g' | 'h' | 'n' | 'p' | 'q' | 'u' => 0.635,
        'w' => 0.818,
        'm' => 0.974,
        'I' | 'J' => 0.295,
        'L' => 0.557,
        'F' => 0.575,
        'P' => 0.603,
        'T' | 'Y' => 0.611,
        'E' => 0.632,
        'S' => 0.635,
        'K' => 0.656,
        'A' | 'B' | 'V' | 'X' | 'Z' => 0.686,
        'R' => 0.695,
        'C' => 0.698,
        'U' => 0.732,
        'H' | 'N' => 0.752,
        'D' => 0.77,
        'G' => 0.775,
        'O' | 'Q' => 0.787,
        'M' => 0.863,
        'W' => 0.989,
        '0'..='9' | '$' | '{' | '}' | '_' => 0.636,
        '.' | ',' => 0.318,
        ':' | ';' | '/' | '\\' => 0.337,
        '-' => 0.361,
        '(' | ')' | '[' | ']' => 0.39,
        '!' | '|' => 0.4,
        '\'' => 0.275,
        '"' => 0.46,
        '*' => 0.5,
        '?' => 0.531,
        '&' => 0.78,
        '#' | '<' | '>' | '=' | '+' | '~' => 0.838,
        '%' => 0.95,
        _ => 1.0,
    }
}

/// Width in pixels of `text` at `size` pixels; bold text is about 8 % wider.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let w: f64 = text.chars().map(em).sum::<f64>() * size;
    if bold {
        w * 1.08
    } else {
        w
    }
}

/// `text` cut to at most `max` characters, ending in `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// `text` cut to at most `max` characters from the left, starting with `…` when cut (for
/// paths, whose end says most).
pub fn truncate_left(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        text.to_string()
    } else {
        let mut s = String::from("…");
        s.extend(text.chars().skip(n + 1 - max));
        s
    }
}

/// Escapes text for SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

/// A coordinate as SVG text: rounded to a tenth, no trailing `.0`, never `-0`.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_and_numbers() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate_left("a/b/c/d", 4), "…c/d");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(2.25), "2.3");
        assert_eq!(escape("a<b&\"c\""), "a&lt;b&amp;&quot;c&quot;");
        assert!(width("MMM", 10.0, false) > width("iii", 10.0, false));
    }
}

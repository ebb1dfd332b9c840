//! ANSI colours for the command line's output: on only for a terminal, and never when
//! `NO_COLOR` is set (<https://no-color.org>).

/// Whether to colour, and the colouring helpers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Style {
    pub(crate) color: bool,
}

impl Style {
    /// Colour for standard output when it is a terminal and `NO_COLOR` is unset or empty.
    pub(crate) fn detect() -> Style {
        use std::io::IsTerminal;
        Style::decide(
            std::env::var_os("NO_COLOR").as_deref(),
            std::io::stdout().is_terminal(),
        )
    }

    /// Colour when the output is a terminal and `no_color` (`NO_COLOR`'s value) is unset or
    /// empty.
    pub(crate) fn decide(no_color: Option<&std::ffi::OsStr>, terminal: bool) -> Style {
        Style {
            color: terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub(crate) fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    pub(crate) fn red_bold(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
    pub(crate) fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub(crate) fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    pub(crate) fn cyan(&self, s: &str) -> String {
        self.paint("36", s)
    }
    pub(crate) fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub(crate) fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub(crate) fn underline(&self, s: &str) -> String {
        self.paint("4", s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(Style::decide(None, true).color);
        assert!(Style::decide(Some(OsStr::new("")), true).color);
        assert!(!Style::decide(Some(OsStr::new("1")), true).color);
        assert!(!Style::decide(None, false).color);
        assert_eq!(Style { color: true }.red("x"), "\x1b[31mx\x1b[0m");
        assert_eq!(Style { color: false }.red("x"), "x");
    }
}

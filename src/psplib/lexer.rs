//! Line cursor and tokens shared by the PSPLIB readers; every error names its 1-based line.

use crate::error::Error;

/// One whitespace-separated token of a line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'a> {
    /// 1-based column (in characters) of its first character.
    pub col: usize,
    /// Byte offset in the line.
    pub byte: usize,
    /// The token.
    pub text: &'a str,
}

/// The whitespace-separated tokens of `line`, with their columns.
pub(super) fn tokens(line: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let tok = |(byte, col): (usize, usize), end: usize| Tok {
        col,
        byte,
        text: line.get(byte..end).unwrap_or_default(),
    };
    for (i, (byte, c)) in line.char_indices().enumerate() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(tok(s, byte));
            }
        } else if start.is_none() {
            start = Some((byte, i + 1));
        }
    }
    if let Some(s) = start {
        out.push(tok(s, line.len()));
    }
    out
}

/// A parse error of format `format` at `line` (and `column` when known).
pub(super) fn error_in(
    format: &'static str,
    line: usize,
    column: Option<usize>,
    message: impl Into<String>,
) -> Error {
    Error::Parse {
        format,
        path: None,
        line: Some(line),
        column,
        message: message.into(),
    }
}

/// A `psplib` parse error.
pub(super) fn error(line: usize, column: Option<usize>, message: impl Into<String>) -> Error {
    error_in("psplib", line, column, message)
}

/// The token as a non-negative integer, or an error naming `what` was expected.
pub(super) fn number(line: usize, tok: &Tok<'_>, what: &str) -> Result<u32, Error> {
    tok.text.parse::<u32>().map_err(|_| {
        error(
            line,
            Some(tok.col),
            format!(
                "expected {what} (a non-negative integer), found `{}`",
                tok.text
            ),
        )
    })
}

/// Whether `line` is blank or a separator made only of `*`, `-` or `=`.
fn insignificant(line: &str) -> bool {
    line.trim().chars().all(|c| matches!(c, '*' | '-' | '='))
}

/// Sequential reader over the significant lines of a text (blank and separator lines skipped).
pub(super) struct Cursor<'a> {
    lines: Vec<&'a str>,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Cursor {
            lines: text.lines().collect(),
            pos: 0,
        }
    }

    fn skip(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| insignificant(l)) {
            self.pos += 1;
        }
    }

    /// The next significant line (1-based number, text) without consuming it.
    pub fn peek(&mut self) -> Option<(usize, &'a str)> {
        self.skip();
        self.lines.get(self.pos).map(|l| (self.pos + 1, *l))
    }

    /// The next significant line, consumed.
    pub fn next_line(&mut self) -> Option<(usize, &'a str)> {
        let out = self.peek();
        if out.is_some() {
            self.pos += 1;
        }
        out
    }

    /// The error for running out of lines while `expected` was wanted (line = last line + 1).
    pub fn eof(&self, expected: &str) -> Error {
        error(
            self.lines.len() + 1,
            None,
            format!("unexpected end of file, expected {expected}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_columns() {
        let t = tokens("  1 \t22  x");
        let cols: Vec<_> = t.iter().map(|t| (t.col, t.text)).collect();
        assert_eq!(cols, [(3, "1"), (6, "22"), (10, "x")]);
        assert!(tokens("   ").is_empty());
    }

    #[test]
    fn cursor_skips_separators() {
        let mut c = Cursor::new("***\n\n a\n---\n b \n");
        assert_eq!(c.next_line(), Some((3, " a")));
        assert_eq!(c.peek(), Some((5, " b ")));
        assert_eq!(c.next_line(), Some((5, " b ")));
        assert_eq!(c.next_line(), None);
    }
}

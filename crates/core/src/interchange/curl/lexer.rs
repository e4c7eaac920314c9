//! Turns a pasted command line into words. The shell-words crate does the POSIX
//! splitting; before it, one pass over the text (aware of quotes) joins continuation
//! lines, rewrites `$'…'` ANSI-C strings into plain single quotes, turns shell variables
//! (`$NAME`, `${NAME}`) into `{{NAME}}` references and stops at the end of the first
//! command (`;`, `|`, `&`, a redirection or a new line).

use super::super::ImportError;

/// The words of the command and what the pass noticed on the way.
#[derive(Debug, Default)]
pub struct Lexed {
    /// The words, `curl` included when it was there.
    pub words: Vec<String>,
    /// Names of the shell variables turned into `{{name}}`, in order of appearance.
    pub variables: Vec<String>,
    /// Things kept as text or ignored, for `not_carried`.
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    None,
    Single,
    Double,
}

/// Splits `command` into words.
pub fn lex(command: &str) -> Result<Lexed, ImportError> {
    let command = if is_cmd_style(command) {
        undo_cmd_carets(command)
    } else {
        command.to_string()
    };
    let body = skip_preamble(&command);
    let mut pass = Pass::new(body);
    pass.run()?;
    let words = shell_words::split(&pass.out)
        .map_err(|e| ImportError::new(format!("The command cannot be split into words: {e}")))?;
    Ok(Lexed {
        words,
        variables: pass.variables,
        notes: pass.notes,
    })
}

/// Windows cmd continues lines with `^` (and Chrome's "Copy as cURL (cmd)" escapes
/// every quote as `^"`); told by the first line, so a `^` inside a body does not count.
pub(super) fn is_cmd_style(text: &str) -> bool {
    let first = text.trim_start().lines().next().unwrap_or("");
    first.trim_end().ends_with(" ^") || first.starts_with("curl ^\"")
}

/// What cmd itself does before curl.exe sees the line: outside cmd's own quotes `^x`
/// is `x` and `^` + new line joins lines.
fn undo_cmd_carets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                out.push(c);
            }
            '^' if !quoted => match chars.next() {
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some('\n') | None => {}
                Some(other) => out.push(other),
            },
            _ => out.push(c),
        }
    }
    out
}

/// Leading blank lines, `#` comment lines and a `$ ` prompt are not part of the command.
pub(super) fn skip_preamble(text: &str) -> &str {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        if trimmed.starts_with('#') {
            rest = trimmed.split_once('\n').map(|(_, r)| r).unwrap_or("");
            continue;
        }
        return trimmed
            .strip_prefix("$ ")
            .or_else(|| trimmed.strip_prefix("> "))
            .unwrap_or(trimmed);
    }
}

struct Pass {
    chars: Vec<char>,
    at: usize,
    out: String,
    quote: Quote,
    quote_start: usize,
    variables: Vec<String>,
    notes: Vec<String>,
}

impl Pass {
    fn new(text: &str) -> Self {
        Pass {
            chars: text.chars().collect(),
            at: 0,
            out: String::with_capacity(text.len()),
            quote: Quote::None,
            quote_start: 0,
            variables: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    /// Line and column of char index `index`, both from 1.
    fn position(&self, index: usize) -> String {
        let before: String = self.chars.iter().take(index).collect();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("line {line}, column {column}")
    }

    fn run(&mut self) -> Result<(), ImportError> {
        while let Some(c) = self.peek(0) {
            match self.quote {
                Quote::None => {
                    if self.unquoted(c)? {
                        break;
                    }
                }
                Quote::Single => {
                    self.out.push(c);
                    self.at += 1;
                    if c == '\'' {
                        self.quote = Quote::None;
                    }
                }
                Quote::Double => self.double_quoted(c),
            }
        }
        if self.quote != Quote::None {
            let kind = if self.quote == Quote::Single {
                "'"
            } else {
                "\""
            };
            return Err(ImportError::at(
                format!("The {kind} quote opened here is never closed"),
                self.position(self.quote_start),
            ));
        }
        Ok(())
    }

    /// Handles one char outside quotes; `true` when the command ends here.
    fn unquoted(&mut self, c: char) -> Result<bool, ImportError> {
        match c {
            '\\' => match self.peek(1) {
                Some('\n') => self.at += 2,
                Some('\r') if self.peek(2) == Some('\n') => self.at += 3,
                Some(next) => {
                    self.out.push('\\');
                    self.out.push(next);
                    self.at += 2;
                }
                None => self.at += 1,
            },
            '\'' | '"' => {
                self.quote = if c == '\'' {
                    Quote::Single
                } else {
                    Quote::Double
                };
                self.quote_start = self.at;
                self.out.push(c);
                self.at += 1;
            }
            '$' if self.peek(1) == Some('\'') => self.ansi_c()?,
            '$' if self.peek(1) == Some('"') => self.at += 1, // locale string: plain "…"
            '$' => self.dollar(false),
            '`' => self.backticks(false),
            '\n' | ';' | '|' | '&' | '>' | '<' => {
                self.rest_ignored();
                return Ok(true);
            }
            '#' if self.out.is_empty() || self.out.ends_with(char::is_whitespace) => {
                return Ok(true);
            }
            _ => {
                self.out.push(c);
                self.at += 1;
            }
        }
        Ok(false)
    }

    fn double_quoted(&mut self, c: char) {
        match c {
            '\\' => match self.peek(1) {
                Some('\n') => self.at += 2,
                Some(next) => {
                    self.out.push('\\');
                    self.out.push(next);
                    self.at += 2;
                }
                None => self.at += 1,
            },
            '"' => {
                self.quote = Quote::None;
                self.out.push(c);
                self.at += 1;
            }
            '$' => self.dollar(true),
            '`' => self.backticks(true),
            _ => {
                self.out.push(c);
                self.at += 1;
            }
        }
    }

    /// Text after the end of the first command, when there is any.
    fn rest_ignored(&mut self) {
        let rest: String = self.chars[self.at..].iter().collect();
        let rest = rest.trim();
        let rest = rest.trim_start_matches(';').trim();
        if !rest.is_empty() {
            let shown: String = rest.chars().take(60).collect();
            self.notes.push(format!(
                "Only the first command is imported; ignored after it: {shown}{}",
                if rest.chars().count() > 60 { "…" } else { "" }
            ));
        }
        self.at = self.chars.len();
    }

    /// `$NAME`, `${NAME}`, `$(…)` or a lone `$`.
    fn dollar(&mut self, in_double: bool) {
        let name_at = |i: usize, first: bool| {
            self.chars.get(i).is_some_and(|c| {
                c.is_ascii_alphabetic() || *c == '_' || (!first && c.is_ascii_digit())
            })
        };
        match self.peek(1) {
            Some('{') => {
                let start = self.at + 2;
                // Bounded: many unclosed `${` must not make the pass quadratic.
                let limit = self.chars.len().min(start + 256);
                let end = (start..limit).find(|&i| self.chars.get(i) == Some(&'}'));
                if let Some(end) = end {
                    let name: String = self.chars[start..end].iter().collect();
                    if !name.is_empty() && (start..end).all(|i| name_at(i, i == start)) {
                        self.variable(&name);
                        self.at = end + 1;
                        return;
                    }
                    self.notes
                        .push(format!("Shell expansion ${{{name}}} is kept as text"));
                }
                self.push_literal("$", in_double);
                self.at += 1;
            }
            Some('(') => {
                let mut depth = 0usize;
                let mut end = self.chars.len();
                for i in self.at + 1..self.chars.len() {
                    match self.chars.get(i) {
                        Some('(') => depth += 1,
                        Some(')') => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                end = i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let text: String = self.chars[self.at..end].iter().collect();
                self.notes
                    .push(format!("Command substitution {text} is kept as text"));
                self.push_literal(&text, in_double);
                self.at = end;
            }
            _ if name_at(self.at + 1, true) => {
                let start = self.at + 1;
                let mut end = start;
                while name_at(end, end == start) {
                    end += 1;
                }
                let name: String = self.chars[start..end].iter().collect();
                self.variable(&name);
                self.at = end;
            }
            _ => {
                self.push_literal("$", in_double);
                self.at += 1;
            }
        }
    }

    fn backticks(&mut self, in_double: bool) {
        let end = (self.at + 1..self.chars.len())
            .find(|&i| self.chars.get(i) == Some(&'`'))
            .map_or(self.chars.len(), |i| i + 1);
        let text: String = self.chars[self.at..end].iter().collect();
        self.notes
            .push(format!("Command substitution {text} is kept as text"));
        self.push_literal(&text, in_double);
        self.at = end;
    }

    fn variable(&mut self, name: &str) {
        self.out.push_str("{{");
        self.out.push_str(name);
        self.out.push_str("}}");
        if !self.variables.iter().any(|v| v == name) {
            self.variables.push(name.to_string());
        }
    }

    /// Text that must reach the word as is, whatever the quoting around it.
    fn push_literal(&mut self, text: &str, in_double: bool) {
        if in_double {
            for c in text.chars() {
                if matches!(c, '"' | '\\' | '$' | '`') {
                    self.out.push('\\');
                }
                self.out.push(c);
            }
        } else {
            self.out.push_str(&single_quoted(text));
        }
    }

    /// `$'…'`: decoded here and passed on single-quoted.
    fn ansi_c(&mut self) -> Result<(), ImportError> {
        let start = self.at;
        self.at += 2;
        let mut text = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                return Err(ImportError::at(
                    "The $'…' string opened here is never closed",
                    self.position(start),
                ));
            };
            self.at += 1;
            match c {
                '\'' => break,
                '\\' => {
                    let Some(e) = self.peek(0) else { continue };
                    self.at += 1;
                    match e {
                        'n' => text.push('\n'),
                        't' => text.push('\t'),
                        'r' => text.push('\r'),
                        'a' => text.push('\u{7}'),
                        'b' => text.push('\u{8}'),
                        'e' | 'E' => text.push('\u{1b}'),
                        'f' => text.push('\u{c}'),
                        'v' => text.push('\u{b}'),
                        '\\' | '\'' | '"' | '?' => text.push(e),
                        'x' => text.push(self.code_point(16, 2)),
                        'u' => text.push(self.code_point(16, 4)),
                        'U' => text.push(self.code_point(16, 8)),
                        '0'..='7' => {
                            self.at -= 1;
                            text.push(self.code_point(8, 3));
                        }
                        'c' => {
                            return Err(ImportError::at(
                                "The control-character escape \\c in a $'…' string is not supported",
                                self.position(self.at - 2),
                            ));
                        }
                        other => {
                            text.push('\\');
                            text.push(other);
                        }
                    }
                }
                other => text.push(other),
            }
        }
        self.out.push_str(&single_quoted(&text));
        Ok(())
    }

    /// Up to `max` digits in `radix` as one char (U+FFFD when not a char).
    fn code_point(&mut self, radix: u32, max: usize) -> char {
        let mut value = 0u32;
        let mut used = 0;
        while used < max {
            let Some(d) = self.peek(0).and_then(|c| c.to_digit(radix)) else {
                break;
            };
            value = value.saturating_mul(radix).saturating_add(d);
            self.at += 1;
            used += 1;
        }
        if used == 0 {
            return '\u{fffd}';
        }
        char::from_u32(value).unwrap_or('\u{fffd}')
    }
}

/// `text` in POSIX single quotes.
pub fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        lex(text).unwrap().words
    }

    #[test]
    fn continuations_and_quotes() {
        assert_eq!(
            words("curl -H 'a: b' \\\n  \"http://x/?q=1\""),
            ["curl", "-H", "a: b", "http://x/?q=1"]
        );
        assert_eq!(words("curl 'a\\\nb'"), ["curl", "a\\\nb"]);
    }

    #[test]
    fn ansi_c_strings_are_decoded() {
        assert_eq!(
            words(r"curl -H $'a: it\'s\x41\n'"),
            ["curl", "-H", "a: it'sA\n"]
        );
    }

    #[test]
    fn variables_become_references() {
        let lexed = lex("curl \"$URL/api\" -H 'X: $NOT' ${TOKEN}").unwrap();
        assert_eq!(
            lexed.words,
            ["curl", "{{URL}}/api", "-H", "X: $NOT", "{{TOKEN}}"]
        );
        assert_eq!(lexed.variables, ["URL", "TOKEN"]);
    }

    #[test]
    fn stops_at_the_end_of_the_command() {
        let lexed = lex("curl http://x | jq .").unwrap();
        assert_eq!(lexed.words, ["curl", "http://x"]);
        assert_eq!(lexed.notes.len(), 1);
        assert!(lex("curl x;").unwrap().notes.is_empty());
    }

    #[test]
    fn cmd_carets() {
        assert_eq!(
            words("curl ^\"http://x/^\" ^\n  -H ^\"a: ^\\^\"b^\\^\"^\""),
            ["curl", "http://x/", "-H", "a: \"b\""]
        );
    }

    #[test]
    fn unclosed_quote_names_its_place() {
        let err = lex("curl \\\n -d 'abc").unwrap_err();
        assert_eq!(err.position.as_deref(), Some("line 2, column 5"));
    }
}

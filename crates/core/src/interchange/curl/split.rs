//! A text of several shell commands (a script, a page of API docs) cut into its curl
//! commands, each imported as one request. Aware of quotes, `$'…'` strings, escapes,
//! continuation lines and `#` comments, so a `;` or a new line inside a body does not cut.

/// The curl commands of a text, in order, and the other commands found between them.
pub(super) struct Split<'a> {
    /// Each curl command's text.
    pub commands: Vec<&'a str>,
    /// Commands that are not curl (`export`, `| jq`...), trimmed.
    pub ignored: Vec<&'a str>,
}

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    None,
    Single,
    Double,
    AnsiC,
}

/// Cuts `text` at the ends of its commands (`\n`, `;`, `|`, `&` outside quotes).
pub(super) fn split(text: &str) -> Split<'_> {
    let bytes = text.as_bytes();
    let mut segments = Vec::new();
    let mut start = 0;
    let mut quote = Quote::None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Quote::Single => {
                if b == b'\'' {
                    quote = Quote::None;
                }
            }
            Quote::Double | Quote::AnsiC => {
                let close = if quote == Quote::Double { b'"' } else { b'\'' };
                if b == b'\\' {
                    i += 1;
                } else if b == close {
                    quote = Quote::None;
                }
            }
            Quote::None => match b {
                b'\\' => i += 1,
                b'\'' => quote = Quote::Single,
                b'"' => quote = Quote::Double,
                b'$' if bytes.get(i + 1) == Some(&b'\'') => {
                    quote = Quote::AnsiC;
                    i += 1;
                }
                b'#' if i == start || bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace) => {
                    // A comment runs to the end of the line, quotes and all.
                    while bytes.get(i + 1).is_some_and(|&c| c != b'\n') {
                        i += 1;
                    }
                }
                b'\n' | b';' | b'|' | b'&' => {
                    segments.push(&text[start..i]);
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    segments.push(text.get(start..).unwrap_or(""));
    let mut out = Split {
        commands: Vec::new(),
        ignored: Vec::new(),
    };
    for segment in segments {
        let command = super::lexer::skip_preamble(segment).trim_end();
        if command.is_empty() || command.starts_with('#') {
            continue;
        }
        if crate::interchange::detect::is_curl_command(command) || command == "curl" {
            out.commands.push(command);
        } else {
            out.ignored.push(command);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_between_commands_not_inside_quotes() {
        let text = "# first\ncurl -X POST https://a.test/x \\\n  -d 'a;b\nc' ; curl \"https://b.test/y?q=1;2\"\n\
                    curl -H $'X: it\\'s' https://c.test | jq .\n# it's a comment\necho done";
        let split = split(text);
        assert_eq!(split.commands.len(), 3, "{:?}", split.commands);
        assert!(split.commands[0].ends_with("c'"));
        assert!(split.commands[1].contains("q=1;2"));
        assert!(split.commands[2].ends_with("https://c.test"));
        assert_eq!(split.ignored, vec!["jq .", "echo done"]);
    }
}

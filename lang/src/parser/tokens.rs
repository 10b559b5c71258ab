//! A small lexer for bad lines. Recovery uses it to name the token at pest's failure
//! position and to spot the mistakes a grammar explains badly: unterminated strings,
//! malformed numbers and unbalanced parentheses.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenKind {
    Ident,
    /// Anything starting with a digit, up to the next character that cannot continue a
    /// number or an identifier (so `2X` and `1.5.3` are one token).
    Number,
    Str {
        closed: bool,
    },
    /// A `///` doc comment: the rest of the line.
    Doc,
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token<'s> {
    pub kind: TokenKind,
    pub text: &'s str,
    /// Absolute byte offsets in the file.
    pub start: usize,
    pub end: usize,
}

/// The tokens of `line` (one line, without its line break), which starts at byte
/// `offset` of the file. A `//` comment ends the line.
pub(super) fn lex(line: &str, offset: usize) -> Vec<Token<'_>> {
    let bytes = line.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let kind = match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'/' if line[i..].starts_with("///") => {
                i = bytes.len();
                TokenKind::Doc
            }
            b'/' if line[i..].starts_with("//") => break,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                i = run_end(bytes, i, |b| b.is_ascii_alphanumeric() || b == b'_');
                TokenKind::Ident
            }
            b'0'..=b'9' => {
                i = run_end(bytes, i, |b| {
                    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
                });
                TokenKind::Number
            }
            quote @ (b'\'' | b'"') => {
                let (end, closed) = string_end(bytes, i + 1, quote);
                i = end;
                TokenKind::Str { closed }
            }
            _ => {
                let two = line.get(i..i + 2).unwrap_or("");
                i += if matches!(two, "->" | "<=" | ">=" | "!=" | "<>") {
                    2
                } else {
                    line[i..].chars().next().map_or(1, char::len_utf8)
                };
                TokenKind::Punct
            }
        };
        tokens.push(Token {
            kind,
            text: &line[start..i],
            start: offset + start,
            end: offset + i,
        });
    }
    tokens
}

fn run_end(bytes: &[u8], mut i: usize, continues: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && continues(bytes[i]) {
        i += 1;
    }
    i
}

/// Where a string that opened before `i` ends on this line, and whether it is closed.
fn string_end(bytes: &[u8], mut i: usize, quote: u8) -> (usize, bool) {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b if b == quote => {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return (i + 1, true);
                }
            }
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// Whether a `Number` token is a number the grammar accepts: digits, an optional
/// fraction, an optional `k`/`M`/`B` suffix.
pub(super) fn is_valid_number(text: &str) -> bool {
    let body = text.strip_suffix(['k', 'M', 'B']).unwrap_or(text);
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// The edit distance between two short words, for "did you mean" hints.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

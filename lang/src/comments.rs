//! The lexical comment scanner. Comments are not part of the syntax tree; the parser
//! returns them beside it so that the formatter can put them back where they were.

use crate::ast::Comment;
use crate::span::{FileId, Span};

/// Every `//` comment of `source` that is not a `///` doc comment and not inside a
/// string literal, in source order. The text is what follows `//`, verbatim (without
/// the line break).
pub fn scan(file: FileId, source: &str) -> Vec<Comment> {
    scan_range(file, source, 0, source.len())
}

/// The comments of `source[start..end]`, with spans in `source`. `start` must be the
/// start of a line and `end` the start of a line or the end of `source`: strings and
/// comments never span lines, so scanning line-aligned parts gives the same comments.
pub(crate) fn scan_range(file: FileId, source: &str, start: usize, end: usize) -> Vec<Comment> {
    let bytes = &source.as_bytes()[..end];
    let mut comments = Vec::new();
    let mut i = start;
    while let Some(p) = memchr::memchr3(b'\'', b'"', b'/', &bytes[i..]) {
        i += p;
        match bytes[i] {
            quote @ (b'\'' | b'"') => i = string_end(bytes, i + 1, quote),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = line_end(bytes, i);
                if bytes.get(i + 2) != Some(&b'/') {
                    comments.push(Comment {
                        text: source[i + 2..end].to_string(),
                        span: Span::new(file, i, end),
                    });
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    comments
}

/// The offset of the line break (or the end of input) at or after `from`.
fn line_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |p| from + p)
}

/// The offset just after the string that starts before `from`. A single-quoted string
/// escapes a quote by doubling it, a double-quoted one with a backslash. A string never
/// spans lines: an unterminated one ends at the line break.
fn string_end(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => return i,
            b'\\' if quote == b'"' => {
                if matches!(bytes.get(i + 1), Some(b'\n' | b'\r') | None) {
                    return i + 1;
                }
                i += 2;
            }
            b if b == quote => {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

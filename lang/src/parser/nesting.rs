//! The nesting pre-scan. pest parses nested expressions by recursion and (in the pinned
//! version) has no stack guard, so a line with thousands of `(` or unary `-`/`not`
//! would overflow the stack. This pass finds such lines before pest sees them; the
//! parser blanks them out and reports them, and parses the rest of the file as usual.
//!
//! An expression never spans lines except a `where` filter continued with `and`/`or`,
//! which the grammar reads by iteration, so nesting is measured per line.

use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};

/// The most a line may weigh: [`BRACKET_WEIGHT`] per level of its deepest bracket plus
/// one per unary operator. A bracket level costs pest about ten times the stack of a
/// unary operator; 320 keeps a debug build within a 2 MiB thread stack (the default for
/// spawned threads and tests), far beyond what a schema ever nests.
const MAX_WEIGHT: usize = 320;
const BRACKET_WEIGHT: usize = 10;

/// A line nested beyond [`MAX_WEIGHT`]: the byte range of its text (without the line
/// break) and its deepest bracket level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct DeepLine {
    pub start: usize,
    pub end: usize,
    pub depth: usize,
}

/// Sources at least this long are scanned in two halves at once.
const PARALLEL_LEN: usize = 256 * 1024;

/// Every line of `source` nested too deeply to parse, in order. Lines are weighed one
/// by one, so a large source is scanned in two halves, split at a line start, on two
/// threads.
pub(super) fn deep_lines(source: &str) -> Vec<DeepLine> {
    let bytes = source.as_bytes();
    let middle = bytes[bytes.len() / 2..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| bytes.len() / 2 + p + 1);
    match middle {
        Some(middle) if bytes.len() >= PARALLEL_LEN => {
            let (mut first, second) = std::thread::scope(|scope| {
                let second = scope.spawn(|| scan(bytes, middle, bytes.len()));
                (scan(bytes, 0, middle), second.join())
            });
            match second {
                Ok(second) => first.extend(second),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            first
        }
        _ => scan(bytes, 0, bytes.len()),
    }
}

/// The deep lines of `bytes[from..to]`, where `from` starts a line and `to` ends the
/// text or follows a line break. Nothing carries over a line break (strings and
/// comments end there too), so each line is weighed alone, and only when its length
/// and brackets allow it to be too deep: most lines are skipped after a count.
fn scan(bytes: &[u8], from: usize, to: usize) -> Vec<DeepLine> {
    let mut found = Vec::new();
    let mut start = from;
    loop {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..to]).map_or(to, |p| start + p);
        let line = &bytes[start..end];
        if may_be_deep(line) {
            let (depth, weight) = weigh(line);
            if weight > MAX_WEIGHT {
                found.push(DeepLine { start, end, depth });
            }
        }
        if end == to {
            return found;
        }
        start = end + 1;
    }
}

/// Whether `line` can weigh more than [`MAX_WEIGHT`]: its deepest level is at most its
/// number of opening brackets, and each unary operator is one of its other bytes.
fn may_be_deep(line: &[u8]) -> bool {
    if line.len() <= MAX_WEIGHT / BRACKET_WEIGHT {
        return false;
    }
    let opening = line
        .iter()
        .fold(0, |n, &b| n + usize::from(matches!(b, b'(' | b'[' | b'{')));
    line.len() + (BRACKET_WEIGHT - 1) * opening > MAX_WEIGHT
}

/// The deepest bracket level of `line` (without its line break) and its weight.
fn weigh(line: &[u8]) -> (usize, usize) {
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    let mut unary = 0usize;
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' if line.get(i + 1) != Some(&b'>') => unary += 1,
            b'n' if is_not_word(line, i) => unary += 1,
            quote @ (b'\'' | b'"') => {
                i = string_end(line, i + 1, quote);
                continue;
            }
            b'/' if line.get(i + 1) == Some(&b'/') => break,
            _ => {}
        }
        i += 1;
    }
    (max_depth, max_depth * BRACKET_WEIGHT + unary)
}

/// Whether the `n` at `i` starts the word `not`.
fn is_not_word(bytes: &[u8], i: usize) -> bool {
    let ident = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    bytes.get(i..i + 3) == Some(b"not")
        && !bytes.get(i + 3).is_some_and(ident)
        && !(i > 0 && ident(&bytes[i - 1]))
}

/// The offset of the byte that ends the string opened before `i` (its closing quote
/// included), or of the line break that cuts it short.
fn string_end(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => return i,
            b'\\'
                if quote == b'"'
                    && i + 1 < bytes.len()
                    && !matches!(bytes[i + 1], b'\n' | b'\r') =>
            {
                i += 2
            }
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `source` with every deep line replaced by spaces (offsets stay valid), and one
/// diagnostic per deep line.
pub(super) fn blank_out(
    file: FileId,
    source: &str,
    lines: &[DeepLine],
) -> (String, Vec<Diagnostic>) {
    let mut bytes = source.as_bytes().to_vec();
    let mut diagnostics = Vec::with_capacity(lines.len());
    for line in lines {
        bytes[line.start..line.end].fill(b' ');
        let text = &source[line.start..line.end];
        let start = line.start + (text.len() - text.trim_start().len());
        let end = line.start + text.trim_end().len();
        let label = if line.depth * BRACKET_WEIGHT > MAX_WEIGHT {
            format!("brackets nested {} levels deep", line.depth)
        } else {
            "too many nested operators".to_string()
        };
        diagnostics.push(
            Diagnostic::error(
                super::recovery::codes::TOO_COMPLEX,
                "this line is nested too deeply to parse",
                Span::new(file, start, end.max(start)),
                label,
            )
            .with_hint(format!(
                "a line may nest brackets at most {} levels deep; split the expression",
                MAX_WEIGHT / BRACKET_WEIGHT
            )),
        );
    }
    // Only whole lines were overwritten, each byte by an ASCII space, so the text is
    // still UTF-8.
    let text = String::from_utf8(bytes).expect("blanking whole lines keeps UTF-8 valid");
    (text, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large source is scanned in two halves; the lines found are those of one scan,
    /// wherever they fall (including right around the split).
    #[test]
    fn halves_find_the_lines_of_one_scan() {
        let deep = format!("  check ({}x{})", "(".repeat(40), ")".repeat(40));
        let plain = "  name string(32) unique\n";
        let lines = PARALLEL_LEN / plain.len() + 100;
        for at in [0, 1, lines / 2 - 1, lines / 2, lines / 2 + 1, lines - 1] {
            let mut source = String::new();
            for i in 0..lines {
                if i == at || i == 7 {
                    source.push_str(&deep);
                    source.push('\n');
                } else {
                    source.push_str(plain);
                }
            }
            assert!(source.len() >= PARALLEL_LEN);
            let found = deep_lines(&source);
            assert_eq!(
                found,
                scan(source.as_bytes(), 0, source.len()),
                "deep line {at}"
            );
            assert_eq!(found.len(), if at == 7 { 1 } else { 2 }, "deep line {at}");
        }
    }

    /// Lines just under and just over the limit, by brackets, by unary operators and by
    /// both; brackets in strings and comments do not count; a line ends at either
    /// line break or at the end of the text.
    #[test]
    fn lines_are_weighed_up_to_the_limit() {
        let brackets = |n: usize| format!("({}x{})", "(".repeat(n - 1), ")".repeat(n - 1));
        let cases = [
            (brackets(32), None),
            (brackets(33), Some(33)),
            (format!("x = {}1", "-".repeat(320)), None),
            (format!("x = {}1", "-".repeat(321)), Some(0)),
            (format!("{} {}", "not ".repeat(321), brackets(1)), Some(1)),
            (format!("{}{}", "-".repeat(121), brackets(20)), Some(20)),
            (format!("{}{}", "-".repeat(120), brackets(20)), None),
            (format!("'{}' x", brackets(40)), None),
            (format!("x // {}", brackets(40)), None),
            (format!("{}->x", "-".repeat(320)), None),
        ];
        for (line, deep) in cases {
            for end in ["", "\nb (c)\n", "\r\nb (c)", "\rb (c)\n"] {
                let source = format!("a\n{line}{end}");
                let found = scan(source.as_bytes(), 0, source.len());
                let expected: Vec<DeepLine> = deep
                    .map(|depth| DeepLine {
                        start: 2,
                        end: 2 + line.len(),
                        depth,
                    })
                    .into_iter()
                    .collect();
                assert_eq!(found, expected, "{line:?}{end:?}");
            }
        }
    }
}

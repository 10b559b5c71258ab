//! Placement of `//` comments and blank lines around the formatter's code lines.
//!
//! The comments are sorted once by position and walked with a cursor while the units
//! are visited in order, so placing them is linear in the size of the file:
//! - a comment that starts before a unit ends and was not placed yet goes on its own line
//!   above the unit (this also catches comments inside a multi-line expression, which
//!   cannot stay where they were);
//! - the first comment after a unit on the same source line, before the next unit starts,
//!   is the unit's trailing comment;
//! - the comments after the last unit end the file.
//!
//! Blank lines follow each unit's [`Gap`] before its first line; between its leading
//! comments, its doc and its code at most one blank line is kept where the source had
//! one. A closing brace never has a blank line right above it.

use super::lines::{Gap, Line, Unit};
use crate::ast::Comment;

pub(super) fn place<'a>(
    units: Vec<Unit<'a>>,
    comments: &'a [Comment],
    source: &str,
) -> Vec<Line<'a>> {
    let mut sorted: Vec<&Comment> = comments.iter().collect();
    sorted.sort_by_key(|c| c.span.start);
    let mut lines = Vec::with_capacity(units.len() + sorted.len() * 2);
    let mut next = 0;
    let mut prev_end = 0;
    let mut units = units.into_iter().peekable();
    while let Some(mut unit) = units.next() {
        unit.end = code_end(&sorted, source, unit.start, unit.end);
        let mut first = true;
        let comment_indent = unit.indent + usize::from(unit.closes);
        while let Some(c) = sorted
            .get(next)
            .filter(|c| (c.span.start as usize) < unit.end)
        {
            let gap = if first { unit.gap } else { Gap::Kept };
            // A comment from inside the unit counts only the blank lines before the unit.
            let until = (c.span.start as usize).min(unit.start.max(prev_end));
            blank(&mut lines, gap, source, prev_end, until);
            lines.push(Line::Text {
                indent: comment_indent,
                marker: "//",
                text: &c.text,
            });
            prev_end = c.span.end as usize;
            first = false;
            next += 1;
        }
        let gap = match (unit.closes, first) {
            (true, _) => Gap::None,
            (false, true) => unit.gap,
            (false, false) => Gap::Kept,
        };
        blank(&mut lines, gap, source, prev_end, unit.start);
        if let Some(doc) = unit.doc {
            for text in doc.split('\n') {
                let marker = if text.is_empty() { "///" } else { "/// " };
                lines.push(Line::Text {
                    indent: unit.indent,
                    marker,
                    text,
                });
            }
        }
        let next_start = units.peek().map_or(usize::MAX, |u| u.start);
        let trailing = sorted.get(next).filter(|c| {
            let start = c.span.start as usize;
            start < next_start
                && !source
                    .as_bytes()
                    .get(unit.end..start)
                    .is_some_and(|gap| gap.contains(&b'\n'))
        });
        prev_end = unit.end;
        if let Some(c) = trailing {
            prev_end = c.span.end as usize;
            next += 1;
        }
        lines.push(Line::Code {
            indent: unit.indent,
            code: unit.code,
            trailing: trailing.map(|c| c.text.as_str()),
        });
    }
    for c in &sorted[next..] {
        let gap = if lines.is_empty() {
            Gap::None
        } else {
            Gap::Kept
        };
        blank(&mut lines, gap, source, prev_end, c.span.start as usize);
        lines.push(Line::Text {
            indent: 0,
            marker: "//",
            text: &c.text,
        });
        prev_end = c.span.end as usize;
    }
    lines
}

/// The end of a unit's code: `end` moved back over trailing whitespace and over the
/// comments it ends in (the span of a node that ends with an optional part can take in
/// the spaces and the comment after its last token; a comment's text keeps its own
/// trailing spaces, so `end` can fall inside it).
fn code_end(sorted: &[&Comment], source: &str, start: usize, mut end: usize) -> usize {
    let bytes = source.as_bytes();
    loop {
        while end > start && bytes.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
            end -= 1;
        }
        let before = sorted.partition_point(|c| (c.span.start as usize) < end);
        match before.checked_sub(1).map(|i| sorted[i]) {
            Some(c) if c.span.end as usize >= end && c.span.start as usize >= start => {
                end = c.span.start as usize
            }
            _ => return end,
        }
    }
}

/// Pushes the blank line that `gap` asks for between the source offsets `from` and `to`.
fn blank(lines: &mut Vec<Line<'_>>, gap: Gap, source: &str, from: usize, to: usize) {
    let wanted = match gap {
        Gap::None => false,
        Gap::One => true,
        Gap::Kept => has_blank_line(source, from, to),
    };
    if wanted && !matches!(lines.last(), None | Some(Line::Blank)) {
        lines.push(Line::Blank);
    }
}

/// Whether the source between `from` and `to` holds an empty (or whitespace-only) line.
fn has_blank_line(source: &str, from: usize, to: usize) -> bool {
    let Some(between) = source.as_bytes().get(from..to) else {
        return false;
    };
    let mut seen_newline = false;
    for &b in between {
        match b {
            b'\n' if seen_newline => return true,
            b'\n' => seen_newline = true,
            b' ' | b'\t' | b'\r' => {}
            _ => seen_newline = false,
        }
    }
    false
}

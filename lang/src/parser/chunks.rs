//! Parsing a file in pieces. The file is cut into segments at lines that open a
//! top-level declaration; each segment that [`shortcut`] can read is read directly,
//! the others go to pest (runs of them together), and a large file's segments are
//! spread over threads in a few contiguous chunks. Items and diagnostics are put back
//! together in order.
//!
//! A cut is only made where the whole-file parse is certain to be between two
//! declarations, so the result is the same tree and the same diagnostics: a line of the
//! form `entity Name {` or `mixin Name {` at column 0 is a declaration header that ends
//! any block still open above it (its `}` is then reported missing in both parses, since
//! [`super::Builder`] reads the whole file to explain it), and the cut is skipped when a
//! `///` doc comment above the header belongs to it.

use super::{parse_items, shortcut};
use crate::ast::{Comment, Item};
use crate::comments;
use crate::diagnostics::Diagnostics;
use crate::span::FileId;

/// Files smaller than this are parsed on one thread: a thread costs more than it saves.
const MIN_PARALLEL_LEN: usize = 256 * 1024;

/// Stack size of the chunk threads. The nesting pre-scan keeps the parser within 2 MiB;
/// the rest is margin.
const STACK_SIZE: usize = 8 * 1024 * 1024;

/// Whether segments may be read by [`shortcut`]; the tests turn it off to compare.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Reading {
    Shortcut,
    PestOnly,
}

/// Parses `text` (in chunks on several threads when it is large) and scans its comments.
pub(super) fn parse_parallel(
    file: FileId,
    text: &str,
    reading: Reading,
    diags: &mut Diagnostics,
) -> (Vec<Item>, Vec<Comment>) {
    let threads = if text.len() < MIN_PARALLEL_LEN {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    parse_chunks(file, text, &cuts(text, threads), reading, diags)
}

/// Parses each chunk `cuts[i]..cuts[i + 1]` (the last one up to the end) and scans its
/// comments, the first chunk on this thread and each other one on its own; a chunk
/// whose thread cannot be started is parsed on this one.
pub(super) fn parse_chunks(
    file: FileId,
    text: &str,
    cuts: &[usize],
    reading: Reading,
    diags: &mut Diagnostics,
) -> (Vec<Item>, Vec<Comment>) {
    let bounds: Vec<(usize, usize)> = cuts
        .iter()
        .enumerate()
        .map(|(i, &start)| (start, cuts.get(i + 1).copied().unwrap_or(text.len())))
        .collect();
    if bounds.len() == 1 {
        let items = parse_chunk(file, text, bounds[0], reading, diags);
        return (items, comments::scan_range(file, text, 0, text.len()));
    }
    std::thread::scope(|scope| {
        let parse_one = move |(start, end): (usize, usize)| {
            let mut chunk_diags = Diagnostics::new();
            let items = parse_chunk(file, text, (start, end), reading, &mut chunk_diags);
            (
                items,
                chunk_diags,
                comments::scan_range(file, text, start, end),
            )
        };
        let handles: Vec<_> = bounds[1..]
            .iter()
            .map(|&bound| {
                let handle = std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, move || parse_one(bound));
                (bound, handle.ok())
            })
            .collect();
        let (mut items, first_diags, mut comments) = parse_one(bounds[0]);
        diags.extend(first_diags);
        for (bound, handle) in handles {
            let (chunk_items, chunk_diags, chunk_comments) = match handle {
                Some(handle) => match handle.join() {
                    Ok(result) => result,
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                None => parse_one(bound),
            };
            items.extend(chunk_items);
            diags.extend(chunk_diags);
            comments.extend(chunk_comments);
        }
        (items, comments)
    })
}

/// Parses the chunk `start..end`: each segment [`shortcut`] reads is read directly, and
/// each run of the other segments is parsed by pest in one go.
fn parse_chunk(
    file: FileId,
    text: &str,
    (start, end): (usize, usize),
    reading: Reading,
    diags: &mut Diagnostics,
) -> Vec<Item> {
    if reading == Reading::PestOnly {
        return parse_items(file, text, start, end, diags);
    }
    let mut items = Vec::new();
    // The run of segments waiting for pest: where it starts.
    let mut pending: Option<usize> = None;
    let mut segment = start;
    while segment < end {
        let next = next_cut(text, segment + 1).map_or(end, |cut| cut.min(end));
        match shortcut::read_block(file, text, segment, next) {
            Some(item) => {
                if let Some(run) = pending.take() {
                    items.extend(parse_items(file, text, run, segment, diags));
                }
                items.push(item);
            }
            None => {
                pending.get_or_insert(segment);
            }
        }
        segment = next;
    }
    if let Some(run) = pending {
        items.extend(parse_items(file, text, run, end, diags));
    }
    items
}

/// The offsets where chunks start: 0, then for each further chunk the first safe cut at
/// or after an even share of the text. Fewer chunks when the text has few safe cuts.
fn cuts(text: &str, chunks: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    for k in 1..chunks {
        let target = text.len() * k / chunks;
        let from = target.max(cuts[cuts.len() - 1] + 1);
        match next_cut(text, from) {
            Some(cut) if cut > cuts[cuts.len() - 1] => cuts.push(cut),
            _ => break,
        }
    }
    cuts
}

/// The first safe cut at a line that starts at or after `from`.
fn next_cut(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line = from;
    // Move to the start of the line after the one `from` falls in, unless it is one.
    if line > 0 && !matches!(bytes.get(line - 1), Some(b'\n' | b'\r')) {
        line = next_line(bytes, line)?;
    }
    while line < bytes.len() {
        if is_header(&text[line..]) && !has_doc_above(text, line) {
            return Some(line);
        }
        line = next_line(bytes, line)?;
    }
    None
}

/// The start of the line after the one holding `at`.
fn next_line(bytes: &[u8], at: usize) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', &bytes[at..]).map(|p| at + p + 1)
}

/// Whether `rest` starts with a line `entity Name {` or `mixin Name {`, spaces allowed
/// around the name and after the brace.
fn is_header(rest: &str) -> bool {
    let Some(after) = rest
        .strip_prefix("entity ")
        .or_else(|| rest.strip_prefix("mixin "))
    else {
        return false;
    };
    let after = after.trim_start_matches(' ');
    let name_len = after
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(after.len());
    let first = after.as_bytes().first();
    if name_len == 0 || first.is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let Some(after) = after[name_len..].trim_start_matches(' ').strip_prefix('{') else {
        return false;
    };
    matches!(
        after.trim_start_matches(' ').as_bytes().first(),
        Some(b'\n' | b'\r')
    )
}

/// Whether a `///` doc comment sits above the line at `line`, with only blank lines
/// and `//` comments between: it then belongs to that declaration.
fn has_doc_above(text: &str, line: usize) -> bool {
    let mut end = line;
    while end > 0 {
        let above = &text[..end - 1];
        let start = above.rfind(['\n', '\r']).map_or(0, |p| p + 1);
        let content = above[start..].trim_start_matches([' ', '\t']);
        if content.starts_with("///") {
            return true;
        }
        if !(content.is_empty() || content.starts_with("//")) {
            return false;
        }
        end = start;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{cuts, parse_chunks, Reading};
    use crate::diagnostics::{Diagnostic, Diagnostics};
    use crate::span::FileId;

    /// The tree and the diagnostics of `text` parsed by pest alone in one piece, then
    /// with the shortcut in one piece, cut before every safe header, and in two, three
    /// and five even chunks; all must agree.
    fn assert_chunking_is_invisible(text: &str) {
        let mut whole_diags = Diagnostics::new();
        let whole = parse_chunks(FileId(3), text, &[0], Reading::PestOnly, &mut whole_diags);
        let whole_diags: Vec<Diagnostic> = whole_diags.iter().cloned().collect();
        let mut every = vec![0];
        while let Some(cut) = super::next_cut(text, every[every.len() - 1] + 1) {
            every.push(cut);
        }
        let mut splits = vec![vec![0], every];
        for n in [2, 3, 5] {
            splits.push(cuts(text, n));
        }
        for split in splits {
            let mut diags = Diagnostics::new();
            let chunked = parse_chunks(FileId(3), text, &split, Reading::Shortcut, &mut diags);
            assert_eq!(chunked, whole, "tree differs with cuts {split:?}");
            let diags: Vec<Diagnostic> = diags.iter().cloned().collect();
            assert_eq!(diags, whole_diags, "diagnostics differ with cuts {split:?}");
        }
    }

    fn fixture_sources() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut sources = Vec::new();
        for sub in ["parser/valid", "fmt"] {
            let Ok(entries) = std::fs::read_dir(format!("{dir}/{sub}")) else {
                continue;
            };
            for entry in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    sources.push(text);
                }
            }
        }
        sources
    }

    #[test]
    fn fixtures_parse_the_same_in_chunks() {
        let sources = fixture_sources();
        assert!(!sources.is_empty());
        for text in &sources {
            assert_chunking_is_invisible(text);
        }
        // All fixtures in one file, so that cuts fall between fixtures too.
        assert_chunking_is_invisible(&sources.join("\n"));
    }

    #[test]
    fn a_large_file_with_mistakes_parses_the_same_in_chunks() {
        let mut text = String::from("use std.timestamps\n\n");
        for i in 0..400 {
            let body = match i % 8 {
                // A block whose `}` is missing: the next header ends it.
                0 => format!("entity Open{i} {{\n  id id\n  qty int = 1 +\n\n"),
                // A doc comment, with a comment between it and its header.
                1 => format!("/// Doc {i}.\n// note\n\nentity Doc{i} {{\n  id id\n}}\n\n"),
                2 => format!("mixin Mix{i} {{\n  at timestamptz = now()\n  bad line here\n}}\n\n"),
                3 => format!("enum E{i} {{ a, b }}\n\nnot a declaration {i}\n\n"),
                4 => format!("query q{i}: Ent{i} where x = ? sort y\nquery r{i} {{\n  from A\n  order y\n"),
                5 => format!("entity  Spaced{i}  {{  \n  a -> B? on delete set null\n  /// dangling\n}}\n}}\n"),
                6 => format!("entity Nested{i} {{\n  x int = {}1{}\n  y int\n}}\n", "(".repeat(6), ")".repeat(6)),
                _ => format!("entity Ent{i} {{\n  id id\n  name string(200) unique // c\n  n int = -1 check (n > 0)\n  index (name desc)\n}}\n\n"),
            };
            text.push_str(&body);
        }
        assert_eq!(cuts(&text, 5).len(), 5, "the text has safe cuts");
        assert_chunking_is_invisible(&text);
    }
}

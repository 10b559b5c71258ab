//! The parser: a pest grammar (`grammar.pest`) with recovery rules, and a builder that
//! turns pest's pairs into the typed tree of [`crate::ast`].
//!
//! Recovery works line by line: a body line that is not a member, a query line that is
//! not a clause, and a top-level line that does not start a declaration are each kept as
//! an error node by the grammar, so the parse always succeeds and keeps every good item.
//! [`recovery`] then explains each error node by re-running the rule the line should
//! have matched on that line alone, which gives pest's exact failure position cheaply.
//!
//! Before pest runs, [`nesting`] finds lines nested so deeply (thousands of `(` or of
//! unary `-`/`not`) that pest's recursion would overflow the stack: they are blanked out
//! and reported (E0013), and the rest of the file parses as usual.
//!
//! # Performance
//!
//! A generated file of 10,000 entities (4.1 MB) took 400-500 ms to parse. pest's cost
//! is per grammar operation (every rule, sequence, lookahead and string test does
//! bookkeeping), not per byte, so the work went into doing fewer of them on the lines
//! that fill real files, then into using every core:
//!
//! - Field lines (most of a file) use compound-atomic rules (`${}`) with explicit `sp`
//!   where the implicit whitespace/comment skip used to run between every two tokens;
//!   the rules they reach that stay implicit are marked non-atomic (`!{}`), so the
//!   language is unchanged.
//! - A default that is a lone literal, call or path (`= 0`, `= now()`) is matched
//!   directly instead of descending the eight precedence levels of `expr`.
//! - Body lines try `member` before the `item_start` lookahead, which now only runs on
//!   bad lines, and `COMMENT` tests `//` first (the common failure is one string test).
//! - A file over 256 KB is cut into chunks at `entity Name {` / `mixin Name {` lines,
//!   which end any open block in the whole-file parse too, and the chunks are parsed on
//!   scoped threads ([`chunks`]); a test checks that every cut gives the same tree,
//!   comments and diagnostics as the single-chunk parse.
//!
//! Together this brought that file from about 410 ms to about 180 ms on two cores
//! (315 ms on one; release build, machine under load). pest is pinned to 2.7: 2.8
//! added a per-call stack guard that cost about 30%, and the nesting pre-scan bounds
//! recursion instead.

mod chunks;
mod exprs;
mod items;
mod members;
mod nesting;
mod queries;
mod recovery;
mod shortcut;
mod tokens;

use crate::ast::{Ident, Item, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::span::{FileId, Span};
use pest::iterators::Pair;
use pest::Parser;
use std::borrow::Cow;

/// The pest parser generated from `grammar.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
struct Grammar;

/// Parses one file. Never fails and never panics: every item that parsed is in the tree,
/// and every syntax error is reported to `diags`. `comments` holds every `//` comment.
pub fn parse(file: FileId, source: &str, diags: &mut Diagnostics) -> SourceFile {
    let deep = nesting::deep_lines(source);
    let text = if deep.is_empty() {
        Cow::Borrowed(source)
    } else {
        let (text, reports) = nesting::blank_out(file, source, &deep);
        for d in reports {
            diags.push(d);
        }
        Cow::Owned(text)
    };
    let (items, comments) = chunks::parse_parallel(file, &text, chunks::Reading::Shortcut, diags);
    SourceFile {
        file,
        items,
        comments,
    }
}

/// Parses the declarations in `text[start..end]`, a run of whole declarations of the
/// file `text` (see [`chunks`]), reporting to `diags` with spans in the whole file.
fn parse_items(
    file: FileId,
    text: &str,
    start: usize,
    end: usize,
    diags: &mut Diagnostics,
) -> Vec<Item> {
    let mut builder = Builder {
        file,
        source: text,
        offset: start,
        diags,
    };
    match Grammar::parse(Rule::file, &text[start..end]) {
        Ok(mut pairs) => match pairs.next() {
            Some(root) => builder.file_items(root),
            None => Vec::new(),
        },
        // The recovery rules accept any input and the nesting pre-scan keeps recursion
        // bounded, so only pest's call limit (unset by default) could end up here.
        Err(_) => {
            builder.diags.push(
                Diagnostic::error(
                    recovery::codes::TOO_COMPLEX,
                    "this file is nested too deeply to parse",
                    Span::new(file, start, (start + 1).min(end)),
                    "parsing stopped in this file",
                )
                .with_hint(
                    "look for an expression with hundreds of nested parentheses or brackets",
                ),
            );
            Vec::new()
        }
    }
}

/// Turns pairs into tree nodes and reports what the recovery rules caught. Pairs hold
/// offsets into the parsed chunk; `offset` turns them into offsets into `source`, the
/// whole file.
struct Builder<'s, 'd> {
    file: FileId,
    source: &'s str,
    offset: usize,
    diags: &'d mut Diagnostics,
}

impl Builder<'_, '_> {
    /// Where `pair` starts in the file.
    fn start(&self, pair: &Pair<'_, Rule>) -> usize {
        self.offset + pair.as_span().start()
    }

    /// Where `pair` ends in the file.
    fn end(&self, pair: &Pair<'_, Rule>) -> usize {
        self.offset + pair.as_span().end()
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start(), self.offset + s.end())
    }

    fn span_of(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }
}

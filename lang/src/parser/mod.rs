//! The parser: a pest grammar (`grammar.pest`) with recovery rules, and a builder that
//! turns pest's pairs into the typed tree of [`crate::ast`].
//!
//! Recovery works line by line: a body line that is not a member, a query line that is
//! not a clause, and a top-level line that does not start a declaration are each kept as
//! an error node by the grammar, so the parse always succeeds and keeps every good item.
//! [`recovery`] then explains each error node by re-running the rule the line should
//! have matched on that line alone, which gives pest's exact failure position cheaply.

mod exprs;
mod items;
mod members;
mod queries;
mod recovery;
mod tokens;

use crate::ast::{Ident, SourceFile};
use crate::comments;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::span::{FileId, Span};
use pest::iterators::Pair;
use pest::Parser;

/// The pest parser generated from `grammar.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
struct Grammar;

/// Parses one file. Never fails and never panics: every item that parsed is in the tree,
/// and every syntax error is reported to `diags`. `comments` holds every `//` comment.
pub fn parse(file: FileId, source: &str, diags: &mut Diagnostics) -> SourceFile {
    let comments = comments::scan(file, source);
    let mut builder = Builder {
        file,
        source,
        diags,
    };
    let items = match Grammar::parse(Rule::file, source) {
        Ok(mut pairs) => match pairs.next() {
            Some(root) => builder.file_items(root),
            None => Vec::new(),
        },
        // The recovery rules accept any input, so only pest's nesting and call limits
        // end up here.
        Err(_) => {
            builder.diags.push(
                Diagnostic::error(
                    recovery::codes::TOO_COMPLEX,
                    "this file is nested too deeply to parse",
                    Span::new(file, 0, source.len().min(1)),
                    "parsing stopped in this file",
                )
                .with_hint(
                    "look for an expression with hundreds of nested parentheses or brackets",
                ),
            );
            Vec::new()
        }
    };
    SourceFile {
        file,
        items,
        comments,
    }
}

/// Turns pairs into tree nodes and reports what the recovery rules caught.
struct Builder<'s, 'd> {
    file: FileId,
    source: &'s str,
    diags: &'d mut Diagnostics,
}

impl Builder<'_, '_> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
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

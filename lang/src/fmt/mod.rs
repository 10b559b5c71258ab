//! The canonical formatter of `.schema` files (`schemac fmt`).
//!
//! [`format`] reprints a parsed file in one canonical layout:
//! - two-space indentation; one blank line between top-level items, except that
//!   consecutive `use` lines and consecutive one-line queries stay together when the
//!   user wrote them without a blank line; elsewhere at most one blank line the user put
//!   between members or items is kept, never at the start or end of a block; a block
//!   with nothing inside prints as `{}`;
//! - docs as `/// text` lines right above their declaration;
//! - within a run of consecutive field lines (broken by a blank line, a comment or doc
//!   line, or another kind of member) the names, and the types of the fields that have
//!   modifiers, are padded into columns; field modifiers print in the order default,
//!   `unique`, checks, attributes;
//! - trailing `// comments` stay on their line, aligned within a run of consecutive code
//!   lines; own-line comments stay above the line that follows them; a comment at an odd
//!   place (inside a `where` filter spread over several lines, between the lines of a
//!   doc, before a query clause that moves) goes on its own line above the line it was
//!   in, so no comment is ever lost or reordered;
//! - query clauses print in the order from, where, traversal, order by, limit, count,
//!   including deleted, rate, in the form (block or one line) the user chose; an enum
//!   stays on one line unless the user spread it over several, then it gets one variant
//!   per line;
//! - expressions with single spaces around binary operators, `!=` for inequality,
//!   strings in single quotes (double quotes for `use` paths, string attribute arguments
//!   and object keys), numbers as written and parentheses exactly where the user wrote
//!   them; lists as `(a, b)` after `in` / `not in` and `[a, b]` elsewhere.
//!
//! The result ends with exactly one newline (an empty file stays empty). Formatting is
//! idempotent and never changes the parsed tree (spans aside) or the sequence of
//! comment texts.
//!
//! `format` must only be called on a file that parsed without syntax errors: the tree
//! the parser recovers from broken input leaves out what it could not read, and the
//! formatter prints only what is in the tree, so formatting such a file would drop text.

mod comments;
mod exprs;
mod items;
mod lines;

use crate::ast::SourceFile;

/// Formats `file`, parsed without syntax errors from `source`, in canonical layout.
/// `source` is the text the file was parsed from; the formatter reads the blank lines
/// and the positions of braces and comments from it.
pub fn format(file: &SourceFile, source: &str) -> String {
    let (units, code) = items::units(file, source);
    let lines = comments::place(units, &file.comments, source);
    lines::render(&lines, &code)
}

//! The `.schema` language: spans, diagnostics, the syntax tree, the parser and the
//! formatter.
//!
//! Architecture invariant: this crate knows no SQL. It describes what the user wrote;
//! what it means for a database is decided in `compiler` and `backends`.

pub mod ast;
pub mod comments;
pub mod diagnostics;
pub mod fmt;
pub mod parser;
pub mod span;

pub use diagnostics::{Diagnostic, Diagnostics, Label, Severity};
pub use parser::parse;
pub use span::{FileId, Span};

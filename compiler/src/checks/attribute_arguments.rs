//! `E0308` attribute arguments: a known attribute with the wrong arguments, or given
//! twice on one declaration.
//!
//! Why: `@table()` has no table name, `@was` without the old name cannot record a
//! rename, and `@native(true)` suggests an option that does not exist.
//!
//! ```text
//! entity User @table { email text }
//! ```
//! Fix: write the arguments the attribute takes: `@table("people")`, `@was(old_name)`,
//! `@deprecated` or `@deprecated("reason")`, `@column("name")`, `@sql("postgres",
//! "statement", ...)` (the only attribute that may be repeated: one per dialect), and
//! no arguments for `@on_update`, `@native`, `@exclusive_arcs`.

use crate::attributes::{self, Args};
use crate::resolve::Model;
use schemac_lang::ast::{Expr, ExprKind, Literal};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0308";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    attributes::for_each(model, |site| {
        let Some(spec) = attributes::spec(&site.attr.name.name) else {
            return;
        };
        let attr = site.attr;
        let first = site.siblings.iter().find(|a| a.name.name == attr.name.name);
        let repeatable = spec.args == Args::DialectAndStatements;
        if let Some(first) = first.filter(|f| !repeatable && !std::ptr::eq(*f, attr)) {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("`@{}` is given twice", spec.name),
                    attr.span,
                    "repeated attribute",
                )
                .with_secondary(first.span, "first given here")
                .with_hint("remove one of them"),
            );
            return;
        }
        let ok = match spec.args {
            Args::None => attr.args.is_empty(),
            Args::OneString => matches!(attr.args.as_slice(), [e] if non_empty_string(e)),
            Args::OneName => {
                matches!(attr.args.as_slice(), [e] if non_empty_string(e) || is_name(e))
            }
            Args::OptionalString => match attr.args.as_slice() {
                [] => true,
                [e] => string(e).is_some(),
                _ => false,
            },
            Args::Strings => !attr.args.is_empty() && attr.args.iter().all(non_empty_string),
            Args::DialectAndStatements => match attr.args.as_slice() {
                [dialect, statements @ ..] => {
                    string(dialect).is_some_and(|d| attributes::SQL_DIALECTS.contains(&d))
                        && !statements.is_empty()
                        && statements.iter().all(non_empty_string)
                }
                [] => false,
            },
        };
        if !ok {
            let expected = match spec.args {
                Args::None => "no arguments",
                Args::OneString => "one non-empty string",
                Args::OneName => "one name",
                Args::OptionalString => "no arguments or one string",
                Args::Strings => "one or more non-empty strings",
                Args::DialectAndStatements => {
                    "a dialect (\"postgres\", \"mysql\" or \"sqlite\") and one or more statements"
                }
            };
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("`@{}` takes {expected}", spec.name),
                    attr.span,
                    "wrong arguments",
                )
                .with_hint(format!("write {}", spec.usage)),
            );
        }
    });
}

fn string(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Literal(Literal::String(s)) => Some(s),
        _ => None,
    }
}

fn non_empty_string(e: &Expr) -> bool {
    string(e).is_some_and(|s| !s.trim().is_empty())
}

fn is_name(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Path(p) if p.len() == 1)
}

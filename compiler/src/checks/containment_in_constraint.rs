//! `E0318` containment in a constraint on SQLite: the project targets SQLite and a
//! `check (..)` or the `where` of an `index (..)` uses `contains`.
//!
//! Why: SQLite tests containment by reading the document's elements with `json_each`,
//! which takes a subquery, and it allows no subquery in a CHECK constraint or in the
//! WHERE of a partial index: the table or the index could not be created. PostgreSQL
//! and MySQL test containment there without one.
//!
//! ```text
//! entity Post { tags text[]  check (tags contains 'reviewed') }
//! ```
//! Fix: test the containment in a query (`query reviewed: Post where tags contains
//! 'reviewed'`) or in the application, or leave SQLite out of `[project] dialects`.

use crate::resolve::sites::{self, SiteKind};
use crate::resolve::Model;
use schemac_lang::ast::{BinaryOp, ExprKind};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0318";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    if !model.project.settings.targets("sqlite") {
        return;
    }
    sites::for_each(model, |site| {
        let place = match site.kind {
            SiteKind::Check => "a check constraint",
            SiteKind::IndexPredicate => "an index predicate",
            SiteKind::QueryFilter(_) => return,
        };
        sites::walk(site.expr, &mut |e| {
            if !matches!(
                e.kind,
                ExprKind::Binary {
                    op: BinaryOp::Contains,
                    ..
                }
            ) {
                return;
            }
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("`contains` in {place} cannot be created on SQLite"),
                    e.span,
                    "SQLite needs a subquery for this",
                )
                .with_hint("SQLite allows no subquery in a CHECK or an index's WHERE: test the containment in a query or in the application, or leave `sqlite` out of `[project] dialects`"),
            );
        });
    });
}

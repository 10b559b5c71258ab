//! `W0112` containment without an index on MySQL: the project targets MySQL or MariaDB
//! and a query tests `contains` on a json or array field.
//!
//! Why: a B-tree cannot serve containment, and MySQL and MariaDB have no inverted index
//! schemac builds (PostgreSQL's GIN); on them the planner leaves the index out and the
//! query reads the whole table, once per execution. (SQLite has no inverted index
//! either; its fallback, the same scan, is documented in docs/planner.md.)
//!
//! ```text
//! entity Task { labels string(40)[] }
//! query tasks_with_label: Task where labels contains ? rate 10/s
//! ```
//! Fix: none needed on PostgreSQL. On MySQL keep the values as rows of a child entity
//! (`TaskLabel { task -> Task  label string(40) }`) and query them with `=`, or accept
//! the scan (`schemac explain --dialect mysql` shows what it reads).

use super::invalid_operator::field_class;
use crate::resolve::sites::{self, SiteKind};
use crate::resolve::types::ValueClass;
use crate::resolve::Model;
use schemac_lang::ast::{BinaryOp, ExprKind};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "W0112";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    if !model.project.settings.targets("mysql") {
        return;
    }
    sites::for_each(model, |site| {
        let SiteKind::QueryFilter(query) = site.kind else {
            return;
        };
        sites::walk(site.expr, &mut |e| {
            let ExprKind::Binary {
                op: BinaryOp::Contains,
                lhs,
                ..
            } = &e.kind
            else {
                return;
            };
            let Some((name, class)) = field_class(model, site.entity, true, lhs) else {
                return;
            };
            if !matches!(class, ValueClass::Json | ValueClass::Array) {
                return;
            }
            diags.push(
                Diagnostic::warning(
                    CODE,
                    format!(
                        "query `{}`: `contains` on `{name}` has no index on MySQL/MariaDB; the query scans `{}`",
                        query.name.name,
                        site.entity.name()
                    ),
                    e.span,
                    "no inverted index on MySQL/MariaDB",
                )
                .with_hint("PostgreSQL serves it with a GIN index; on MySQL keep the values as rows of a child entity and query them with `=`, or accept the scan (`schemac explain --dialect mysql` shows its cost)"),
            );
        });
    });
}

//! `L0005` missing timestamps: a table without `created_at` or without `updated_at`.
//!
//! Why it is bad: without them nobody can tell when a row appeared or last changed,
//! which is what auditing, debugging and incremental exports start from. Append-only
//! tables may skip `updated_at` but still want `created_at`.
//!
//! ```text
//! entity Invoice { id id  total decimal(12,2) }
//! ```
//! Fix: `with Timestamps` (the stdlib mixin: `created_at` and `updated_at @on_update`),
//! or allow the lint on link tables with `@allow("L0005")`.

use super::Context;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0005";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (table, entity) in ctx.entity_tables() {
        let missing: Vec<&str> = ["created_at", "updated_at"]
            .into_iter()
            .filter(|c| table.column(c).is_none())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        diags.push(
            Diagnostic::lint(
                CODE,
                format!("`{}` has no {list}", entity.name()),
                entity.decl.name.span,
                "no timestamps",
            )
            .with_hint(
                "rows without timestamps cannot be audited or debugged: add `with Timestamps`",
            ),
        );
    }
}

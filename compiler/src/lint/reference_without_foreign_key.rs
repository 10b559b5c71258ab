//! `L0004` reference without a foreign key: an integer field named `<x>_id` that is not
//! a relation, so nothing checks that the row it points to exists.
//!
//! Why it is bad: without a foreign key, deleting the parent leaves orphans and a typo
//! in the id is stored silently; the guide says: always use FK constraints.
//!
//! ```text
//! entity Order { customer_id bigint }
//! ```
//! Fix: a relation, `customer -> Customer` (column `customer_id` with a FOREIGN KEY).
//! The stdlib's `deleted_by` is not named `_id` and is not reported.

use super::{locate, Context};
use crate::ir::ColumnType;
use crate::naming;
use crate::resolve::FieldType;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0004";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (_, entity) in ctx.entity_tables() {
        for f in &entity.fields {
            if !matches!(
                f.ty,
                FieldType::Scalar(ColumnType::Int | ColumnType::BigInt | ColumnType::SmallInt)
            ) {
                continue;
            }
            let name = f.field.name.name.as_str();
            let Some(stem) = name.strip_suffix("_id").filter(|s| !s.is_empty()) else {
                continue;
            };
            let pascal: String = stem
                .split('_')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect();
            let target = ctx.model.entity(&pascal).map(|e| e.name().to_string());
            let suggestion = target.unwrap_or_else(|| pascal.clone());
            diags.push(
                Diagnostic::lint(
                    CODE,
                    format!("`{name}` looks like a reference but has no foreign key"),
                    locate::field_span(f),
                    "no foreign key",
                )
                .with_hint(format!(
                    "make it a relation: `{stem} -> {suggestion}` (column `{}_id` with a FOREIGN KEY)",
                    naming::snake_case(stem)
                )),
            );
        }
    }
}

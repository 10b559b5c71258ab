//! `E0312` invalid primary key: `primary key (..)` next to an `id` field, two `id`
//! fields, a nullable `id`, a column listed twice, a nullable, json, array or
//! polymorphic field in the key, or keys that reference each other in a cycle.
//!
//! Why: a table has exactly one primary key, its columns are NOT NULL and comparable,
//! and a key made of a relation takes the target's key columns, which must exist.
//!
//! ```text
//! entity Tag { id id  name text  primary key (name) }
//! ```
//! Fix: keep one key: drop the `id` field for a natural key, or drop `primary key`.

use crate::resolve::types::{FieldType, ValueClass};
use crate::resolve::Model;
use schemac_lang::ast::{Ident, Member};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0312";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        let ids: Vec<_> = entity
            .fields
            .iter()
            .filter(|f| f.ty == FieldType::Id)
            .collect();
        if let [first, second, ..] = ids.as_slice() {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("entity `{}` has two `id` fields", entity.name()),
                    second.field.name.span,
                    "second `id` field",
                )
                .with_secondary(first.field.name.span, "first `id` field")
                .with_hint("`id` means the primary key; use `bigint` for other numeric columns"),
            );
        }
        for id in ids.iter().filter(|f| f.field.ty.nullable) {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("the `id` field `{}` cannot be nullable", id.field.name.name),
                    id.field.ty.span,
                    "a primary key is never NULL",
                )
                .with_hint("remove the `?`"),
            );
        }
        let declared = entity.members.iter().find_map(|m| match m.member {
            Member::PrimaryKey { columns, span } => Some((columns, *span)),
            _ => None,
        });
        let Some((columns, span)) = declared else {
            continue;
        };
        if let Some(id) = ids.first() {
            diags.push(
                Diagnostic::error(CODE, format!("entity `{}` has both an `id` field and `primary key (..)`", entity.name()), span, "second primary key")
                    .with_secondary(id.field.name.span, "`id` is already the primary key")
                    .with_hint("remove the `id` field for a natural or composite key, or remove the `primary key` line"),
            );
        }
        let mut seen: Vec<&Ident> = Vec::new();
        for column in columns {
            if let Some(first) = seen.iter().find(|c| c.name == column.name) {
                diags.push(
                    Diagnostic::error(
                        CODE,
                        format!("`{}` is listed twice in the primary key", column.name),
                        column.span,
                        "repeated column",
                    )
                    .with_secondary(first.span, "first listed here")
                    .with_hint("list each field once"),
                );
                continue;
            }
            seen.push(column);
            let Some(field) = entity.field(&column.name) else {
                continue;
            };
            let problem = if field.field.ty.nullable {
                Some("is nullable; primary key columns are NOT NULL")
            } else if matches!(&field.ty, FieldType::Relation(r) if r.targets.len() > 1) {
                Some("is a polymorphic relation, which cannot be part of a key")
            } else if matches!(
                ValueClass::of(&field.ty),
                ValueClass::Json | ValueClass::Array
            ) {
                Some("is json or an array, which cannot be part of a key")
            } else {
                None
            };
            if let Some(problem) = problem {
                diags.push(
                    Diagnostic::error(
                        CODE,
                        format!("primary key field `{}` {problem}", column.name),
                        column.span,
                        "invalid key column",
                    )
                    .with_secondary(field.field.ty.span, "declared here")
                    .with_hint("key on non-null fields of plain types or single-target relations"),
                );
            }
        }
        if entity.primary_key_cycle {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!(
                        "the primary key of `{}` goes through a cycle of relations",
                        entity.name()
                    ),
                    span,
                    "key columns cannot be derived",
                )
                .with_hint("break the cycle: give one of the entities its own `id` key"),
            );
        }
    }
}

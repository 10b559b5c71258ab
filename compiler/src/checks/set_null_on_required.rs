//! `E0313` set null on a required relation: `on delete set null` (or `on update set
//! null`) on a relation that is not nullable.
//!
//! Why: deleting the target would try to write NULL into a NOT NULL column and fail,
//! so the delete is blocked after all.
//!
//! ```text
//! entity Post { author -> User on delete set null }
//! ```
//! Fix: make the relation nullable (`-> User?`), or choose `cascade` / `restrict`.

use crate::resolve::{FieldType, Model};
use schemac_lang::ast::RefAction;
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0313";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        for field in &entity.fields {
            let FieldType::Relation(relation) = &field.ty else {
                continue;
            };
            if field.field.ty.nullable {
                continue;
            }
            for (action, span, event) in [
                relation.on_delete.map(|(a, s)| (a, s, "delete")),
                relation.on_update.map(|(a, s)| (a, s, "update")),
            ]
            .into_iter()
            .flatten()
            {
                if action != RefAction::SetNull {
                    continue;
                }
                diags.push(
                    Diagnostic::error(
                        CODE,
                        format!(
                            "`on {event} set null` on `{}`, which cannot be null",
                            field.field.name.name
                        ),
                        span,
                        "sets NULL into a NOT NULL column",
                    )
                    .with_secondary(field.field.ty.span, "not nullable")
                    .with_hint(format!(
                        "make the relation nullable (`-> {}?`) or use `cascade` / `restrict`",
                        relation
                            .targets
                            .first()
                            .map(|t| t.name.as_str())
                            .unwrap_or("Entity")
                    )),
                );
            }
        }
    }
}

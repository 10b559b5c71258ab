//! `E0213` duplicate column: two fields of an entity that become columns of the same
//! name, e.g. a relation `user -> User` (column `user_id`) next to a field `user_id`,
//! or a `tree` (column `parent_id`) next to a field `parent_id`.
//!
//! Why: the table cannot have both columns; the names only collide after derivation,
//! so the clash is easy to miss.
//!
//! ```text
//! entity Order { user -> User  user_id bigint }
//! ```
//! Fix: rename one of the fields.

use crate::resolve::keys;
use crate::resolve::{FieldType, Model};
use schemac_lang::{Diagnostic, Diagnostics, Span};

pub const CODE: &str = "E0213";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in &model.entities {
        // Derived columns (whose names differ from a field name): the implicit `id`,
        // relation columns and the tree's parent columns. A plain field's column is
        // its own name, so clashes among plain fields are `duplicate_field`'s.
        let mut derived: Vec<(String, &str, Span)> = Vec::new();
        if entity.implicit_id {
            derived.push(("id".into(), "the implicit id", entity.decl.name.span));
        }
        for field in &entity.fields {
            if let FieldType::Relation(_) = field.ty {
                for column in keys::field_columns(model, field) {
                    derived.push((column.name, &field.field.name.name, field.field.name.span));
                }
            }
        }
        if let Some(tree) = entity.tree() {
            for key in &entity.primary_key {
                derived.push((format!("parent_{}", key.name), "tree", tree.span()));
            }
        }
        for (i, (column, owner, span)) in derived.iter().enumerate() {
            let plain = entity.field(column).filter(|f| !matches!(f.ty, FieldType::Relation(_)));
            let earlier = derived[..i].iter().find(|(c, o, _)| c == column && o != owner);
            let first = match (plain, earlier) {
                (Some(f), _) => (f.field.name.name.as_str(), f.field.name.span),
                (None, Some((_, o, s))) => (*o, *s),
                (None, None) => continue,
            };
            diags.push(
                Diagnostic::error(CODE, format!("two fields of `{}` become column `{column}`", entity.name()), *span, format!("`{owner}` becomes `{column}`"))
                    .with_secondary(first.1, format!("`{}` becomes `{column}` too", first.0))
                    .with_hint("rename one of the fields"),
            );
        }
    }
}

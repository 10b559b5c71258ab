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
use crate::resolve::{Entity, FieldType, Model};
use schemac_lang::{Diagnostic, Diagnostics, Span};

pub const CODE: &str = "E0213";

/// Whether a column derived from `prefix` (`<prefix>_<key>`) could be named like a
/// field `name`, or like a column derived from `name`: one of the two names starts
/// with the other followed by `_`.
fn may_clash(prefix: &str, name: &str) -> bool {
    let nested = |long: &str, short: &str| {
        long.len() > short.len() && long.starts_with(short) && long.as_bytes()[short.len()] == b'_'
    };
    nested(name, prefix) || nested(prefix, name)
}

/// A cheap test that rules out a clash for almost every entity before any column name
/// is built.
fn may_have_clash(entity: &Entity) -> bool {
    let names = || entity.fields.iter().map(|f| f.field.name.name.as_str());
    if entity.implicit_id && entity.field("id").is_some() {
        return true;
    }
    if entity.tree().is_some() && names().any(|n| n == "parent" || may_clash("parent", n)) {
        return true;
    }
    entity
        .fields
        .iter()
        .filter(|f| matches!(f.ty, FieldType::Relation(_)))
        .any(|relation| {
            let prefix = relation.field.name.name.as_str();
            names().any(|n| may_clash(prefix, n))
        })
}

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for entity in model.entities.iter().filter(|e| may_have_clash(e)) {
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
            let plain = entity
                .field(column)
                .filter(|f| !matches!(f.ty, FieldType::Relation(_)));
            let earlier = derived[..i]
                .iter()
                .find(|(c, o, _)| c == column && o != owner);
            let first = match (plain, earlier) {
                (Some(f), _) => (f.field.name.name.as_str(), f.field.name.span),
                (None, Some((_, o, s))) => (*o, *s),
                (None, None) => continue,
            };
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("two fields of `{}` become column `{column}`", entity.name()),
                    *span,
                    format!("`{owner}` becomes `{column}`"),
                )
                .with_secondary(first.1, format!("`{}` is also column `{column}`", first.0))
                .with_hint("rename one of the fields"),
            );
        }
    }
}

//! Where a lint points: the source spans of what the IR names (a column, an index, a
//! query), found by name in the resolved model.

use crate::ir;
use crate::resolve::{Entity, EntityField, Model};
use schemac_lang::ast::Member;
use schemac_lang::Span;

/// The field a column comes from: the field of the same name, else the relation whose
/// columns it is (`customer` for `customer_id`, `subject` for `subject_type`).
pub fn field<'m, 'a>(entity: &'m Entity<'a>, column: &str) -> Option<&'m EntityField<'a>> {
    entity.field(column).or_else(|| {
        entity.fields.iter().find(|f| {
            column
                .strip_prefix(f.field.name.name.as_str())
                .is_some_and(|rest| rest.starts_with('_'))
        })
    })
}

/// The span of a field as the user sees it: the field itself, or the `with` line that
/// copied it from a mixin (a stdlib field has no place in the user's files).
pub fn field_span(f: &EntityField) -> Span {
    match f.mixin {
        Some(with) => with.span,
        None => f.field.span,
    }
}

/// The span of a column: its field, else the entity's name (the implicit `id`).
pub fn column(entity: &Entity, column: &str) -> Span {
    field(entity, column).map_or(entity.decl.name.span, field_span)
}

/// The `index (...)` line an IR index was written as, when the user wrote it.
pub fn index_member(entity: &Entity, index: &ir::Index) -> Option<Span> {
    entity.members.iter().find_map(|m| {
        let Member::Index(decl) = m.member else {
            return None;
        };
        let same = decl.columns.len() == index.columns.len()
            && decl.columns.iter().zip(&index.columns).all(|(c, k)| {
                field(entity, &k.column).is_some_and(|f| f.field.name.name == c.name.name)
            });
        same.then(|| m.mixin.map_or(decl.span, |with| with.span))
    })
}

/// The span to report an index at: its `index` line, else the entity's name (an index
/// the compiler added).
pub fn index(entity: &Entity, index: &ir::Index) -> Span {
    index_member(entity, index).unwrap_or(entity.decl.name.span)
}

/// The name of a declared query.
pub fn query(model: &Model, name: &str) -> Option<Span> {
    model
        .queries
        .iter()
        .find(|q| q.name.name == name)
        .map(|q| q.name.span)
}

/// Column names joined for messages: `a, b`.
pub fn columns(keys: &[ir::IndexKey]) -> String {
    keys.iter()
        .map(|k| k.column.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

//! Primary keys and the column types of plain (non-relation) fields.
//!
//! An entity's key is its `primary key (..)` line, else its `id`-typed field, else an
//! implicit `id`. A relation in a key contributes the target's key columns, so keys are
//! computed across entities with a guard against cycles.

use super::types::FieldType;
use super::{EntityField, Model};
use crate::ir::{ColumnType, NativeEnum};
use crate::naming;
use schemac_lang::ast::{EnumDecl, Member};

/// One column of a key, with its type.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyColumn {
    pub name: String,
    pub ty: ColumnType,
}

/// Whether an attribute named `name` is present.
pub fn has_attr(attrs: &[schemac_lang::ast::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.name.name == name)
}

/// The column name `@column("name")` gives a field, if written.
pub fn column_attr(field: &schemac_lang::ast::Field) -> Option<&str> {
    let attr = field.attrs.iter().find(|a| a.name.name == "column")?;
    match &attr.args.first()?.kind {
        schemac_lang::ast::ExprKind::Literal(schemac_lang::ast::Literal::String(s))
            if !s.trim().is_empty() =>
        {
            Some(s.as_str())
        }
        _ => None,
    }
}

/// The columns of a single-target relation: `<name>_<key>` per target key column, or
/// the `@column` name when the field has one and the target key is one column.
fn single_relation_columns(
    field: &schemac_lang::ast::Field,
    target_key: &[KeyColumn],
) -> Vec<KeyColumn> {
    match (column_attr(field), target_key) {
        (Some(column), [key]) => vec![KeyColumn {
            name: column.to_string(),
            ty: key.ty.clone(),
        }],
        _ => relation_columns(&field.name.name, target_key),
    }
}

/// The length of an enum's `value` column: the longest variant, at least 50.
pub fn enum_length(decl: &EnumDecl) -> u32 {
    let longest = decl
        .variants
        .iter()
        .map(|v| v.name.chars().count())
        .max()
        .unwrap_or(0);
    (longest as u32).max(50)
}

/// The native enum type name of an enum (`OrderStatus` -> `order_status`).
pub fn enum_type_name(decl: &EnumDecl) -> String {
    naming::snake_case(&decl.name.name)
}

/// Whether a field of enum type is stored natively (`@native` on the enum or field).
pub fn is_native_enum(model: &Model, enum_id: usize, field: &EntityField) -> bool {
    has_attr(&model.enums[enum_id].attrs, "native") || has_attr(&field.field.attrs, "native")
}

/// The column type of a field that is not a relation; `None` for relations and unknown
/// types.
pub fn column_type(model: &Model, field: &EntityField, ty: &FieldType) -> Option<ColumnType> {
    match ty {
        FieldType::Id => Some(ColumnType::BigInt),
        FieldType::Scalar(c) => Some(c.clone()),
        FieldType::Enum(e) => {
            let decl = model.enums[*e];
            Some(if is_native_enum(model, *e, field) {
                ColumnType::Enum(Box::new(NativeEnum {
                    name: enum_type_name(decl),
                    values: decl.variants.iter().map(|v| v.name.clone()).collect(),
                }))
            } else {
                ColumnType::String {
                    length: enum_length(decl),
                }
            })
        }
        FieldType::Array(inner) => {
            column_type(model, field, inner).map(|c| ColumnType::Array(Box::new(c)))
        }
        FieldType::Relation(_) | FieldType::Unknown => None,
    }
}

/// The columns of a single-target relation field `name -> Target`: `<name>_<pkcol>`
/// for each key column of the target.
pub fn relation_columns(name: &str, target_key: &[KeyColumn]) -> Vec<KeyColumn> {
    target_key
        .iter()
        .map(|k| KeyColumn {
            name: format!("{name}_{}", k.name),
            ty: k.ty.clone(),
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Todo,
    InProgress,
    Done,
}

/// The `primary key (..)` columns an entity declares, if it declares them.
fn declared_key<'m>(model: &'m Model, i: usize) -> Option<&'m [schemac_lang::ast::Ident]> {
    model.entities[i]
        .members
        .iter()
        .find_map(|m| match m.member {
            Member::PrimaryKey { columns, .. } => Some(columns.as_slice()),
            _ => None,
        })
}

/// The entities whose keys entity `i`'s key is built from (relations in its key).
fn key_dependencies<'m>(model: &'m Model, i: usize) -> impl Iterator<Item = usize> + 'm {
    let entity = &model.entities[i];
    declared_key(model, i)
        .unwrap_or_default()
        .iter()
        .filter_map(|ident| entity.field(&ident.name))
        .filter(|f| matches!(f.ty, FieldType::Relation(_)))
        .filter_map(|f| f.target)
}

/// Computes every key, dependencies first, with an explicit stack (a chain of keys
/// through relations can be as long as the schema). A key that goes through a cycle,
/// or through a key that does, is marked `primary_key_cycle`.
pub(super) fn compute_primary_keys(model: &mut Model) {
    let n = model.entities.len();
    // Most keys (an `id`, or plain fields) depend on no other entity's: those are
    // computed first, on every core of a large project; `implicit` is whether the key
    // is the implicit `id`.
    let numbered: Vec<usize> = (0..n).collect();
    let (mut keys, implicit): (Vec<Option<Vec<KeyColumn>>>, Vec<bool>) =
        crate::parallel::map(&numbered, |&i| {
            let own = key_dependencies(model, i)
                .next()
                .is_none()
                .then(|| key_of(model, i, &[]));
            let implicit = declared_key(model, i).is_none()
                && !model.entities[i]
                    .fields
                    .iter()
                    .any(|f| f.ty == FieldType::Id);
            (own, implicit)
        })
        .into_iter()
        .unzip();
    let mut state: Vec<State> = keys
        .iter()
        .map(|key| match key {
            Some(_) => State::Done,
            None => State::Todo,
        })
        .collect();
    let mut cycles = vec![false; n];
    let mut stack = Vec::new();
    for root in 0..n {
        if state[root] != State::Todo {
            continue;
        }
        stack.clear();
        stack.push(root);
        state[root] = State::InProgress;
        while let Some(&top) = stack.last() {
            let mut pending = None;
            for t in key_dependencies(model, top) {
                match state[t] {
                    State::Todo => {
                        pending = Some(t);
                        break;
                    }
                    State::InProgress => {
                        cycles[top] = true;
                        cycles[t] = true;
                    }
                    State::Done => cycles[top] |= cycles[t],
                }
            }
            if let Some(t) = pending {
                state[t] = State::InProgress;
                stack.push(t);
                continue;
            }
            keys[top] = Some(key_of(model, top, &keys));
            state[top] = State::Done;
            stack.pop();
        }
    }
    for (i, key) in keys.into_iter().enumerate() {
        let entity = &mut model.entities[i];
        entity.primary_key = key.unwrap_or_default();
        entity.primary_key_cycle = cycles[i];
        entity.implicit_id = implicit[i];
    }
}

/// The key columns of entity `i`, given the keys computed so far (none are read when
/// the key has no relation).
fn key_of(model: &Model, i: usize, keys: &[Option<Vec<KeyColumn>>]) -> Vec<KeyColumn> {
    let entity = &model.entities[i];
    let Some(columns) = declared_key(model, i) else {
        let name = entity
            .fields
            .iter()
            .find(|f| f.ty == FieldType::Id)
            .map(|f| {
                column_attr(f.field)
                    .unwrap_or(&f.field.name.name)
                    .to_string()
            });
        return vec![KeyColumn {
            name: name.unwrap_or_else(|| "id".into()),
            ty: ColumnType::BigInt,
        }];
    };
    let mut key = Vec::new();
    for ident in columns {
        let Some(field) = entity.field(&ident.name) else {
            continue;
        };
        match &field.ty {
            FieldType::Relation(_) => {
                if let Some(Some(target_key)) = field.target.map(|t| &keys[t]) {
                    key.extend(single_relation_columns(field.field, target_key));
                }
            }
            ty => {
                if let Some(c) = column_type(model, field, ty) {
                    key.push(KeyColumn {
                        name: column_attr(field.field).unwrap_or(&ident.name).to_string(),
                        ty: c,
                    });
                }
            }
        }
    }
    key
}

/// The columns a field becomes, with their types: one for a plain field, the target's
/// key columns for a relation, `<name>_type` + `<name>_id` for a polymorphic relation,
/// one set of key columns per target with `@exclusive_arcs`. `@column("name")` names
/// the one column of a plain field or a single-column relation. Empty when something
/// did not resolve.
pub fn field_columns(model: &Model, field: &EntityField) -> Vec<KeyColumn> {
    let name = &field.field.name.name;
    let FieldType::Relation(relation) = &field.ty else {
        return column_type(model, field, &field.ty)
            .map(|ty| {
                vec![KeyColumn {
                    name: column_attr(field.field).unwrap_or(name).to_string(),
                    ty,
                }]
            })
            .unwrap_or_default();
    };
    match relation.targets.as_slice() {
        [_] => model
            .target(field)
            .map(|t| single_relation_columns(field.field, &t.primary_key))
            .unwrap_or_default(),
        targets if has_attr(&field.field.attrs, "exclusive_arcs") => targets
            .iter()
            .filter_map(|t| model.entity(&t.name))
            .flat_map(|t| {
                relation_columns(
                    &format!("{name}_{}", naming::snake_case(t.name())),
                    &t.primary_key,
                )
            })
            .collect(),
        targets => {
            let longest = targets
                .iter()
                .map(|t| t.name.chars().count())
                .max()
                .unwrap_or(0) as u32;
            vec![
                KeyColumn {
                    name: format!("{name}_type"),
                    ty: ColumnType::String {
                        length: longest.max(50),
                    },
                },
                KeyColumn {
                    name: format!("{name}_id"),
                    ty: ColumnType::BigInt,
                },
            ]
        }
    }
}

//! Primary keys and the column types of plain (non-relation) fields.
//!
//! An entity's key is its `primary key (..)` line, else its `id`-typed field, else an
//! implicit `id`. A relation in a key contributes the target's key columns, so keys are
//! computed across entities with a guard against cycles.

use super::types::FieldType;
use super::{EntityField, Model};
use crate::ir::ColumnType;
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

/// The length of an enum's `value` column: the longest variant, at least 50.
pub fn enum_length(decl: &EnumDecl) -> u32 {
    let longest = decl.variants.iter().map(|v| v.name.chars().count()).max().unwrap_or(0);
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
                ColumnType::Enum {
                    name: enum_type_name(decl),
                    values: decl.variants.iter().map(|v| v.name.clone()).collect(),
                }
            } else {
                ColumnType::String { length: enum_length(decl) }
            })
        }
        FieldType::Array(inner) => column_type(model, field, inner).map(|c| ColumnType::Array(Box::new(c))),
        FieldType::Relation(_) | FieldType::Unknown => None,
    }
}

/// The columns of a single-target relation field `name -> Target`: `<name>_<pkcol>`
/// for each key column of the target.
pub fn relation_columns(name: &str, target_key: &[KeyColumn]) -> Vec<KeyColumn> {
    target_key
        .iter()
        .map(|k| KeyColumn { name: format!("{name}_{}", k.name), ty: k.ty.clone() })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Todo,
    InProgress,
    Done,
}

pub(super) fn compute_primary_keys(model: &mut Model) {
    let mut state = vec![State::Todo; model.entities.len()];
    let mut keys: Vec<Vec<KeyColumn>> = vec![Vec::new(); model.entities.len()];
    let mut cycles = vec![false; model.entities.len()];
    let mut implicit = vec![false; model.entities.len()];
    for i in 0..model.entities.len() {
        compute(model, i, &mut state, &mut keys, &mut cycles, &mut implicit);
    }
    for (i, key) in keys.into_iter().enumerate() {
        let entity = &mut model.entities[i];
        entity.primary_key = key;
        entity.primary_key_cycle = cycles[i];
        entity.implicit_id = implicit[i];
    }
}

fn compute(model: &Model, i: usize, state: &mut [State], keys: &mut [Vec<KeyColumn>], cycles: &mut [bool], implicit: &mut [bool]) {
    match state[i] {
        State::Done => return,
        State::InProgress => {
            cycles[i] = true;
            return;
        }
        State::Todo => state[i] = State::InProgress,
    }
    let entity = &model.entities[i];
    let declared = entity.members.iter().find_map(|m| match m.member {
        Member::PrimaryKey { columns, .. } => Some(columns),
        _ => None,
    });
    let mut key = Vec::new();
    match declared {
        Some(columns) => {
            for ident in columns {
                let Some(field) = entity.field(&ident.name) else { continue };
                match &field.ty {
                    FieldType::Relation(r) if r.targets.len() == 1 => {
                        let Some(t) = model.entity_id(&r.targets[0].name) else { continue };
                        compute(model, t, state, keys, cycles, implicit);
                        if cycles[t] && state[t] == State::InProgress {
                            cycles[i] = true;
                        }
                        key.extend(relation_columns(&ident.name, &keys[t]));
                    }
                    ty => {
                        if let Some(c) = column_type(model, field, ty) {
                            key.push(KeyColumn { name: ident.name.clone(), ty: c });
                        }
                    }
                }
            }
        }
        None => match entity.fields.iter().find(|f| f.ty == FieldType::Id) {
            Some(f) => key.push(KeyColumn { name: f.field.name.name.clone(), ty: ColumnType::BigInt }),
            None => key.push(KeyColumn { name: "id".into(), ty: ColumnType::BigInt }),
        },
    }
    implicit[i] = declared.is_none() && !entity.fields.iter().any(|f| f.ty == FieldType::Id);
    keys[i] = key;
    state[i] = State::Done;
}

/// The columns a field becomes, with their types: one for a plain field, the target's
/// key columns for a relation, `<name>_type` + `<name>_id` for a polymorphic relation,
/// one set of key columns per target with `@exclusive_arcs`. Empty when something did
/// not resolve.
pub fn field_columns(model: &Model, field: &EntityField) -> Vec<KeyColumn> {
    let name = &field.field.name.name;
    let FieldType::Relation(relation) = &field.ty else {
        return column_type(model, field, &field.ty)
            .map(|ty| vec![KeyColumn { name: name.clone(), ty }])
            .unwrap_or_default();
    };
    match relation.targets.as_slice() {
        [single] => model
            .entity(&single.name)
            .map(|t| relation_columns(name, &t.primary_key))
            .unwrap_or_default(),
        targets if has_attr(&field.field.attrs, "exclusive_arcs") => targets
            .iter()
            .filter_map(|t| model.entity(&t.name))
            .flat_map(|t| relation_columns(&format!("{name}_{}", naming::snake_case(t.name())), &t.primary_key))
            .collect(),
        targets => {
            let longest = targets.iter().map(|t| t.name.chars().count()).max().unwrap_or(0) as u32;
            vec![
                KeyColumn { name: format!("{name}_type"), ty: ColumnType::String { length: longest.max(50) } },
                KeyColumn { name: format!("{name}_id"), ty: ColumnType::BigInt },
            ]
        }
    }
}

//! Enums: a lookup table per enum (the default), and native enum types for `@native`.

use crate::ir::{Column, ColumnType, EnumType, PrimaryKey, Table, TableKind, TableScale, Value};
use crate::naming;
use crate::resolve::keys::{self, has_attr};
use crate::resolve::{FieldType, Model};

/// The lookup table of every enum that is not `@native`, in declaration order. The
/// primary key name is the plain `<table>_pkey`; the caller makes it unique.
pub fn lookup_tables(model: &Model) -> Vec<Table> {
    model
        .enums
        .iter()
        .filter(|e| !has_attr(&e.attrs, "native"))
        .map(|e| {
            let name = naming::table_name(&e.name.name);
            Table {
                primary_key: PrimaryKey {
                    name: naming::primary_key(&name),
                    columns: vec!["value".into()],
                },
                name,
                source: e.name.name.clone(),
                kind: TableKind::EnumLookup,
                comment: e.doc.as_ref().map(|d| d.text.clone()),
                columns: vec![Column {
                    name: "value".into(),
                    ty: ColumnType::String {
                        length: keys::enum_length(e),
                    },
                    nullable: false,
                    default: None,
                    identity: false,
                    on_update_now: false,
                    comment: None,
                    renamed_from: None,
                    deprecated: false,
                }],
                foreign_keys: Vec::new(),
                uniques: Vec::new(),
                checks: Vec::new(),
                indexes: Vec::new(),
                seed_rows: e
                    .variants
                    .iter()
                    .map(|v| vec![Value::String(v.name.clone())])
                    .collect(),
                scale: TableScale {
                    rows: e.variants.len() as f64,
                    growth_per_month: 0.0,
                    declared: false,
                },
                soft_delete: false,
                hierarchy: None,
                partitioning: None,
                append_only: false,
                verbatim: Vec::new(),
            }
        })
        .collect()
}

/// The native enum types: enums marked `@native`, and enums used by a field marked
/// `@native`, in declaration order.
pub fn native_types(model: &Model) -> Vec<EnumType> {
    let mut used = vec![false; model.enums.len()];
    for entity in &model.entities {
        for field in &entity.fields {
            let element = match &field.ty {
                FieldType::Array(inner) => inner.as_ref(),
                other => other,
            };
            if let FieldType::Enum(e) = element {
                used[*e] |= keys::is_native_enum(model, *e, field);
            }
        }
    }
    model
        .enums
        .iter()
        .zip(used)
        .filter(|(e, used)| *used || has_attr(&e.attrs, "native"))
        .map(|(e, _)| EnumType {
            name: keys::enum_type_name(e),
            values: e.variants.iter().map(|v| v.name.clone()).collect(),
            comment: e.doc.as_ref().map(|d| d.text.clone()),
        })
        .collect()
}

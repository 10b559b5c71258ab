//! The PostgreSQL type mapping (documented in `docs/type-mapping.md`).

use std::borrow::Cow;

use schemac_compiler::ir::ColumnType;

use crate::dialect::Dialect;
use crate::naming::Namer;

pub fn column_type(dialect: &dyn Dialect, ty: &ColumnType) -> Cow<'static, str> {
    render(dialect, ty, false)
}

/// The type as `format_type()` reports it (enum types by their bare name).
pub fn reported_type(dialect: &dyn Dialect, ty: &ColumnType) -> String {
    render(dialect, ty, true).into_owned()
}

/// PostgreSQL arrays are multi-dimensional by value, not by type: `int[][]` is `int[]`.
fn element(ty: &ColumnType) -> &ColumnType {
    match ty {
        ColumnType::Array(inner) => element(inner),
        other => other,
    }
}

fn render(dialect: &dyn Dialect, ty: &ColumnType, reported: bool) -> Cow<'static, str> {
    let text = match ty {
        ColumnType::Array(inner) => {
            return format!("{}[]", render(dialect, element(inner), reported)).into();
        }
        ColumnType::Enum(native) if reported => {
            return Namer::new(dialect).name(&native.name).into()
        }
        ColumnType::Enum(native) => return Namer::new(dialect).ident(&native.name).into(),
        ColumnType::Bool => "boolean",
        ColumnType::SmallInt => "smallint",
        ColumnType::Int => "integer",
        ColumnType::BigInt => "bigint",
        ColumnType::Decimal { precision, scale } => {
            return format!("numeric({precision},{scale})").into();
        }
        ColumnType::Float => "real",
        ColumnType::Double => "double precision",
        ColumnType::String { length } if reported => {
            return format!("character varying({length})").into();
        }
        ColumnType::String { length } => return format!("varchar({length})").into(),
        ColumnType::Text => "text",
        ColumnType::Bytes => "bytea",
        ColumnType::Date => "date",
        ColumnType::Time if reported => "time without time zone",
        ColumnType::Time => "time",
        ColumnType::Timestamp if reported => "timestamp without time zone",
        ColumnType::Timestamp => "timestamp",
        ColumnType::Timestamptz if reported => "timestamp with time zone",
        ColumnType::Timestamptz => "timestamptz",
        ColumnType::Uuid => "uuid",
        ColumnType::Json => "jsonb",
    };
    text.into()
}

/// A JSON literal: `'...'::jsonb` for JSON columns, an array literal for array columns
/// (`'{}'::text[]`, `ARRAY['a', 'b']::text[]`).
pub fn json_literal(dialect: &dyn Dialect, json: &str, ty: Option<&ColumnType>) -> String {
    let Some(array @ ColumnType::Array(_)) = ty else {
        return format!("{}::jsonb", dialect.string_literal(json));
    };
    let cast = column_type(dialect, array);
    let elements = match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Array(elements)) => elements,
        _ => return format!("{}::{cast}", dialect.string_literal(json)),
    };
    if elements.is_empty() {
        return format!("'{{}}'::{cast}");
    }
    let rendered: Vec<String> = elements
        .iter()
        .map(|element| match element {
            serde_json::Value::String(s) => dialect.string_literal(s),
            serde_json::Value::Bool(b) => dialect.bool_literal(*b).to_string(),
            serde_json::Value::Null => "NULL".to_string(),
            other => other.to_string(),
        })
        .collect();
    format!("ARRAY[{}]::{cast}", rendered.join(", "))
}

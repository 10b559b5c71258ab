//! The SQLite type mapping (documented in `docs/type-mapping.md`): storage classes plus
//! CHECK constraints that keep values inside the IR type.

use std::borrow::Cow;

use schemac_compiler::ir::ColumnType;

use crate::dialect::{Dialect, TypeCheck};

pub fn column_type(ty: &ColumnType) -> Cow<'static, str> {
    let text = match ty {
        ColumnType::Bool | ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt => "INTEGER",
        ColumnType::Decimal { precision, scale } => {
            return format!("NUMERIC({precision},{scale})").into();
        }
        ColumnType::Float | ColumnType::Double => "REAL",
        ColumnType::Bytes => "BLOB",
        ColumnType::String { .. }
        | ColumnType::Text
        | ColumnType::Date
        | ColumnType::Time
        | ColumnType::Timestamp
        | ColumnType::Timestamptz
        | ColumnType::Uuid
        | ColumnType::Json
        | ColumnType::Array(_)
        | ColumnType::Enum(_) => "TEXT",
    };
    text.into()
}

pub fn type_check(dialect: &dyn Dialect, column: &str, ty: &ColumnType) -> Option<TypeCheck> {
    let (kind, sql) = match ty {
        ColumnType::Bool => ("bool", format!("{column} IN (0, 1)")),
        ColumnType::String { length } => ("length", format!("length({column}) <= {length}")),
        ColumnType::Uuid => ("uuid", format!("length({column}) = 36")),
        ColumnType::Json => ("json", format!("json_valid({column})")),
        ColumnType::Array(_) => (
            "array",
            format!("json_valid({column}) AND json_type({column}) = 'array'"),
        ),
        ColumnType::Enum(native) => (
            "enum",
            format!(
                "{column} IN ({})",
                dialect.string_literals(&native.values).join(", ")
            ),
        ),
        _ => return None,
    };
    Some(TypeCheck { kind, sql })
}

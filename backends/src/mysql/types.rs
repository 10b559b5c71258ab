//! The MySQL 8 / MariaDB 10.11 type mapping (documented in `docs/type-mapping.md`).

use std::borrow::Cow;

use schemac_compiler::ir::ColumnType;

use super::MysqlFlavor;
use crate::dialect::{Dialect, TypeCheck};

pub fn column_type(
    flavor: MysqlFlavor,
    dialect: &dyn Dialect,
    ty: &ColumnType,
) -> Cow<'static, str> {
    match ty {
        ColumnType::Bool => "BOOLEAN".into(),
        ColumnType::SmallInt => "SMALLINT".into(),
        ColumnType::Int => "INT".into(),
        ColumnType::BigInt => "BIGINT".into(),
        ColumnType::Decimal { precision, scale } => format!("DECIMAL({precision},{scale})").into(),
        ColumnType::Float => "FLOAT".into(),
        ColumnType::Double => "DOUBLE".into(),
        ColumnType::String { length } => format!("VARCHAR({length})").into(),
        ColumnType::Text => "LONGTEXT".into(),
        ColumnType::Bytes => "LONGBLOB".into(),
        ColumnType::Date => "DATE".into(),
        ColumnType::Time => "TIME(6)".into(),
        ColumnType::Timestamp | ColumnType::Timestamptz => "DATETIME(6)".into(),
        ColumnType::Uuid => "CHAR(36)".into(),
        ColumnType::Json | ColumnType::Array(_) if flavor.has_native_json() => "JSON".into(),
        ColumnType::Json | ColumnType::Array(_) => "LONGTEXT".into(),
        ColumnType::Enum(native) => format!(
            "ENUM({})",
            dialect.string_literals(&native.values).join(",")
        )
        .into(),
    }
}

/// The type as `information_schema.COLUMNS.COLUMN_TYPE` reports it, normalized.
pub fn reported_type(flavor: MysqlFlavor, dialect: &dyn Dialect, ty: &ColumnType) -> String {
    match ty {
        ColumnType::Bool => "tinyint(1)".to_string(),
        other => normalize_reported_type(&column_type(flavor, dialect, other)),
    }
}

/// Lowercases and drops the display width of integer types (`int(11)` -> `int`), which
/// MariaDB reports and MySQL 8 does not; `tinyint(1)` (BOOLEAN) keeps it.
pub fn normalize_reported_type(raw: &str) -> String {
    let lower = raw.trim().to_ascii_lowercase();
    if lower == "tinyint(1)" {
        return lower;
    }
    for int in ["tinyint", "smallint", "mediumint", "int", "bigint"] {
        let Some(inner) = lower.strip_prefix(int).and_then(|r| r.strip_prefix('(')) else {
            continue;
        };
        let Some(end) = inner.find(')') else {
            continue;
        };
        let width = &inner[..end];
        if !width.is_empty() && width.chars().all(|c| c.is_ascii_digit()) {
            return format!("{int}{}", &inner[end + 1..]);
        }
    }
    lower
}

/// TEXT, BLOB and JSON columns: MySQL 8 only accepts expression defaults on them.
pub fn is_blob_like(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Text | ColumnType::Bytes | ColumnType::Json | ColumnType::Array(_)
    )
}

pub fn type_check(flavor: MysqlFlavor, column: &str, ty: &ColumnType) -> Option<TypeCheck> {
    match ty {
        ColumnType::Json if !flavor.has_native_json() => Some(TypeCheck {
            kind: "json",
            sql: format!("json_valid({column})"),
        }),
        ColumnType::Array(_) if flavor.has_native_json() => Some(TypeCheck {
            kind: "array",
            sql: format!("json_type({column}) = 'ARRAY'"),
        }),
        ColumnType::Array(_) => Some(TypeCheck {
            kind: "array",
            sql: format!("json_valid({column}) AND json_type({column}) = 'ARRAY'"),
        }),
        _ => None,
    }
}

/// The longest `CHAR(n)` a multi-valued index accepts: longer ones are BLOBs to MySQL
/// (`CONVERT_IF_BIGGER_TO_BLOB` in `sql/item_create.cc`), which it cannot index so.
const MAX_ARRAY_CHAR: usize = 512;

/// The type of a multi-valued key over an array of `element`s (`CAST(.. AS <type>
/// ARRAY)`): one that accepts every value of the element type, since the index rejects
/// on insert what it cannot cast. `CHAR(n)` keys are utf8mb4 with a binary collation,
/// so they compare as JSON strings do. `None` for the element types without one:
/// unbounded strings (`text`), booleans, floats (MySQL has no FLOAT or DOUBLE array),
/// bytes, times and timestamps (their text in a JSON array is the application's, and
/// forms such as a trailing `Z` may not cast), JSON documents and nested arrays.
pub fn array_cast_target(element: &ColumnType) -> Option<String> {
    let chars = |n: usize| {
        (1..=MAX_ARRAY_CHAR)
            .contains(&n)
            .then(|| format!("CHAR({n})"))
    };
    match element {
        ColumnType::String { length } => chars(*length as usize),
        ColumnType::Uuid => chars(36),
        // Every valid element is one of the names, so the longest one bounds them.
        ColumnType::Enum(native) => chars(native.values.iter().map(|v| v.chars().count()).max()?),
        ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt => Some("SIGNED".to_string()),
        // MySQL's DECIMAL limits: 65 digits, 30 after the point.
        ColumnType::Decimal { precision, scale }
            if (1..=65).contains(precision) && *scale <= 30 && scale <= precision =>
        {
            Some(format!("DECIMAL({precision},{scale})"))
        }
        ColumnType::Date => Some("DATE".to_string()),
        _ => None,
    }
}

//! Size and cost estimates from the declared scale, for `explain`. They are rough on
//! purpose and say how they are made: a row is a fixed header plus the typical width of
//! each column type; an index entry is a header plus its key widths, in pages filled to
//! 70%, a partial one holding the share of rows its predicate keeps (95% live, 5%
//! deleted, 10% `is null`, 90% `is not null`, one value of a low-cardinality column);
//! an equality on a foreign key matches `rows / parent rows` rows, on a unique
//! column one row, on a low-cardinality column `rows / values`; a range matches 5% of
//! the rows; a read costs the B-tree descent plus one page per row fetched.

use super::access::{keyed_indexes, Access, Fit};
use super::equality::Selectivity;
use super::shape::Shape;
use crate::ir::{ColumnType, Expr, Index, IndexMethod, Schema, Table, TableKind};

/// Bytes per page (PostgreSQL's 8 kB; InnoDB's 16 kB pages hold twice as much).
pub const PAGE_BYTES: f64 = 8192.0;
/// Per-row header and line pointer.
pub const ROW_HEADER_BYTES: f64 = 28.0;
/// Per-entry header and row pointer of a B-tree entry.
pub const INDEX_ENTRY_BYTES: f64 = 16.0;
/// How full B-tree pages are on average.
pub const INDEX_FILL: f64 = 0.7;
/// The fraction of rows a range predicate is assumed to match.
pub const RANGE_FRACTION: f64 = 0.05;
/// The fraction of rows an `is null` test is assumed to match (`is not null`: the rest).
pub const NULL_FRACTION: f64 = 0.1;
/// The fraction of a SoftDelete entity's rows that are live (`deleted_at IS NULL`).
pub const LIVE_FRACTION: f64 = 0.95;
/// Elements per document or array a GIN index stores entries for.
pub const GIN_ELEMENTS: f64 = 4.0;

/// The typical stored width of a value of `ty`, in bytes.
pub fn column_width(ty: &ColumnType) -> f64 {
    match ty {
        ColumnType::Bool => 1.0,
        ColumnType::SmallInt => 2.0,
        ColumnType::Int | ColumnType::Float | ColumnType::Date => 4.0,
        ColumnType::BigInt
        | ColumnType::Double
        | ColumnType::Time
        | ColumnType::Timestamp
        | ColumnType::Timestamptz => 8.0,
        ColumnType::Decimal { precision, .. } => 3.0 + f64::from(*precision) / 2.0,
        ColumnType::String { length } => 1.0 + (f64::from(*length) / 2.0).min(64.0),
        ColumnType::Text | ColumnType::Bytes | ColumnType::Json => 120.0,
        ColumnType::Array(inner) => 24.0 + GIN_ELEMENTS * column_width(inner),
        ColumnType::Uuid => 16.0,
        ColumnType::Enum(_) => 4.0,
    }
}

pub fn row_bytes(table: &Table) -> f64 {
    ROW_HEADER_BYTES
        + table
            .columns
            .iter()
            .map(|c| column_width(&c.ty))
            .sum::<f64>()
}

pub fn table_bytes(table: &Table) -> f64 {
    table.scale.rows * row_bytes(table)
}

pub fn table_pages(table: &Table) -> f64 {
    (table_bytes(table) / PAGE_BYTES).ceil().max(1.0)
}

fn key_width(table: &Table, columns: impl Iterator<Item = String>) -> f64 {
    columns
        .map(|c| table.column(&c).map(|c| column_width(&c.ty)).unwrap_or(8.0))
        .sum()
}

/// The fraction of the table's rows a partial predicate keeps.
pub fn predicate_fraction(schema: &Schema, table: &Table, predicate: Option<&Expr>) -> f64 {
    let Some(predicate) = predicate else {
        return 1.0;
    };
    let conjuncts = super::shape::conjuncts_of(predicate);
    conjuncts
        .iter()
        .map(|c| match c {
            e if super::soft_delete::is_live_rows(table, e) => LIVE_FRACTION,
            e if super::not_null::not_null_column(e)
                .is_some_and(|c| table.soft_delete && c == super::soft_delete::DELETED_AT) =>
            {
                1.0 - LIVE_FRACTION
            }
            Expr::IsNull { negated: true, .. } => 1.0 - NULL_FRACTION,
            Expr::IsNull { .. } => NULL_FRACTION,
            e => match super::shape::literal_column(e) {
                Some(column) => 1.0 / distinct_values(schema, table, column),
                None => 0.5,
            },
        })
        .product()
}

/// The distinct values of a low-cardinality column: 2 for a bool, the variants of an
/// enum, the rows of a lookup table; 10 otherwise.
pub fn distinct_values(schema: &Schema, table: &Table, column: &str) -> f64 {
    let Some(col) = table.column(column) else {
        return 10.0;
    };
    match &col.ty {
        ColumnType::Bool => return 2.0,
        ColumnType::Enum(native) => return native.values.len().max(1) as f64,
        _ => {}
    }
    table
        .foreign_keys
        .iter()
        .find(|fk| fk.columns.len() == 1 && fk.columns[0] == column)
        .and_then(|fk| schema.table(&fk.ref_table))
        .filter(|t| t.kind == TableKind::EnumLookup)
        .map(|t| t.seed_rows.len().max(1) as f64)
        .unwrap_or(10.0)
}

/// Estimated index size in bytes.
pub fn index_bytes(schema: &Schema, table: &Table, index: &Index) -> f64 {
    let rows = table.scale.rows * predicate_fraction(schema, table, index.predicate.as_ref());
    let keys = index.columns.iter().map(|k| k.column.clone());
    let per_entry = match index.method {
        IndexMethod::BTree => INDEX_ENTRY_BYTES + key_width(table, keys),
        // One entry per element, each a key and a share of a compressed posting list.
        IndexMethod::Gin => GIN_ELEMENTS * 12.0,
    };
    rows * per_entry / INDEX_FILL
}

/// Estimated size of the index behind a primary key or unique constraint.
pub fn constraint_index_bytes(table: &Table, columns: &[String]) -> f64 {
    table.scale.rows * (INDEX_ENTRY_BYTES + key_width(table, columns.iter().cloned())) / INDEX_FILL
}

/// The B-tree depth for `rows` entries of `entry` bytes: pages read to reach a leaf.
pub fn btree_depth(rows: f64, entry: f64) -> f64 {
    let fanout = (PAGE_BYTES * INDEX_FILL / entry).max(2.0);
    (rows.max(1.0).ln() / fanout.ln()).ceil().max(1.0) + 1.0
}

/// Rows an equality on `column` matches.
fn equality_fraction(schema: &Schema, table: &Table, shape: &Shape, column: &str) -> f64 {
    let rows = table.scale.rows.max(1.0);
    if shape.nulls.iter().any(|c| c == column) {
        return NULL_FRACTION;
    }
    match Selectivity::of(schema, table, column) {
        Selectivity::Unique => 1.0 / rows,
        Selectivity::HighCardinality => (10.0 / rows).min(1.0),
        Selectivity::ForeignKey(per_parent) => (per_parent / rows).min(1.0),
        Selectivity::LowCardinality | Selectivity::NullTest => {
            1.0 / distinct_values(schema, table, column)
        }
    }
}

/// The cost of one execution: pages read and rows examined.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReadCost {
    pub pages: f64,
    pub rows: f64,
    /// The result has to be sorted after it is read.
    pub sorts: bool,
}

/// The rows the whole filter matches (before any limit).
pub fn matching_rows(schema: &Schema, table: &Table, shape: &Shape) -> f64 {
    let mut fraction: f64 = shape
        .equality
        .iter()
        .map(|c| equality_fraction(schema, table, shape, c))
        .product();
    fraction *= predicate_fraction(
        schema,
        table,
        super::literal_partial::predicate(shape).as_ref(),
    );
    if shape.range.is_some() {
        fraction *= RANGE_FRACTION;
    }
    (table.scale.rows * fraction).max(1.0)
}

/// The cost of a shape through `access`, or of a full scan without one.
pub fn read_cost(
    schema: &Schema,
    table: &Table,
    shape: &Shape,
    access: Option<&Access>,
) -> ReadCost {
    let matching = matching_rows(schema, table, shape);
    let wants_order = !shape.effective_order().is_empty();
    let Some(access) = access else {
        return ReadCost {
            pages: table_pages(table),
            rows: table.scale.rows,
            sorts: wants_order,
        };
    };
    let index = keyed_indexes(table)
        .into_iter()
        .find(|i| i.name == access.index);
    let entry = index
        .as_ref()
        .map(|i| INDEX_ENTRY_BYTES + key_width(table, i.keys.iter().map(|k| k.column.clone())))
        .unwrap_or(24.0);
    let depth = btree_depth(table.scale.rows, entry);
    let (examined, sorts) = match access.fit {
        Fit::Full => {
            let limited = match shape.limit {
                Some(limit) if !shape.count => matching.min(limit as f64),
                _ => matching,
            };
            (limited, false)
        }
        Fit::Partial => {
            // Only the leading equalities narrow; the rest is filtered row by row.
            let leading: f64 = index
                .map(|i| {
                    i.keys
                        .iter()
                        .take(access.used_keys)
                        .filter(|k| shape.equality.contains(&k.column))
                        .map(|k| equality_fraction(schema, table, shape, &k.column))
                        .product()
                })
                .unwrap_or(1.0);
            ((table.scale.rows * leading).max(matching), wants_order)
        }
    };
    let pages = (depth + examined).min(table_pages(table) + depth);
    ReadCost {
        pages,
        rows: examined,
        sorts,
    }
}

/// `1.2k`, `40M`, `2B`: a count rounded to two significant digits.
pub fn round_count(n: f64) -> String {
    let (value, suffix) = if n >= 1e9 {
        (n / 1e9, "B")
    } else if n >= 1e6 {
        (n / 1e6, "M")
    } else if n >= 1e3 {
        (n / 1e3, "k")
    } else {
        (n, "")
    };
    if value >= 100.0 || suffix.is_empty() {
        format!("{}{suffix}", value.round())
    } else {
        let text = format!("{value:.1}");
        format!("{}{suffix}", text.trim_end_matches(".0"))
    }
}

/// `812 kB`, `1.4 GB`: bytes in binary units, two significant digits.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 100.0 || unit == 0 {
        format!("{} {}", value.round(), UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_bytes_read_well() {
        assert_eq!(round_count(133.3), "133");
        assert_eq!(round_count(1_200.0), "1.2k");
        assert_eq!(round_count(40_000_000.0), "40M");
        assert_eq!(human_bytes(512.0), "512 B");
        assert_eq!(human_bytes(1536.0), "1.5 kB");
        assert_eq!(human_bytes(3.0 * 1024.0 * 1024.0 * 1024.0), "3.0 GB");
    }

    #[test]
    fn a_deeper_tree_for_more_rows() {
        assert!(btree_depth(1e9, 24.0) > btree_depth(1e3, 24.0));
    }
}

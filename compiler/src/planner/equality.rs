//! Rule: equality columns lead the key, most selective first when the declared scale
//! says so: a column that is unique by itself (or the primary key) first, then other
//! high-cardinality columns, then foreign key columns (rows per parent = rows of this
//! table / rows of the parent), then low-cardinality columns (bool, enum) and null
//! tests (`is null` usually matches many rows). A B-tree
//! serves any order of equalities equally well for the query itself; the order matters
//! for the other queries that can share the index's leading columns, and the most
//! selective leading column makes the smallest range for a lookup on it alone.
//!
//! Example: `Task where project = ? and assignee is null` plans
//! `tasks (project_id, assignee_id)`: the foreign key narrows to one project's tasks,
//! the null test narrows less. Ties keep the query's order.

use super::shape::is_low_cardinality;
use crate::ir::{Schema, Table};

/// How selective an equality on `column` is expected to be: lower sorts first.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub enum Selectivity {
    Unique,
    HighCardinality,
    /// A foreign key: the number of rows per parent (smaller is more selective).
    ForeignKey(f64),
    LowCardinality,
    /// `is null`.
    NullTest,
}

impl Selectivity {
    pub fn of(schema: &Schema, table: &Table, column: &str) -> Selectivity {
        let alone = |cols: &[String]| cols.len() == 1 && cols[0] == column;
        if alone(&table.primary_key.columns) || table.uniques.iter().any(|u| alone(&u.columns)) {
            return Selectivity::Unique;
        }
        if is_low_cardinality(schema, table, column) {
            return Selectivity::LowCardinality;
        }
        let parent = table
            .foreign_keys
            .iter()
            .find(|fk| fk.columns.iter().any(|c| c == column))
            .and_then(|fk| schema.table(&fk.ref_table));
        match parent {
            Some(parent) => Selectivity::ForeignKey(table.scale.rows / parent.scale.rows.max(1.0)),
            None => Selectivity::HighCardinality,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Selectivity::Unique => "unique".to_string(),
            Selectivity::HighCardinality => "high-cardinality".to_string(),
            Selectivity::ForeignKey(per_parent) => {
                format!(
                    "foreign key, ~{} rows per parent",
                    super::estimate::round_count(per_parent)
                )
            }
            Selectivity::LowCardinality => "low-cardinality".to_string(),
            Selectivity::NullTest => "`is null`".to_string(),
        }
    }

    fn rank(self) -> (u8, f64) {
        match self {
            Selectivity::Unique => (0, 0.0),
            Selectivity::HighCardinality => (1, 0.0),
            Selectivity::ForeignKey(per_parent) => (2, per_parent),
            Selectivity::LowCardinality | Selectivity::NullTest => (3, 0.0),
        }
    }
}

/// The equality columns in key order, with the reason for the order.
/// `nulls` are the columns among them that the query tests with `is null`.
pub fn order(
    schema: &Schema,
    table: &Table,
    columns: &[String],
    nulls: &[String],
) -> (Vec<String>, String) {
    let mut ranked: Vec<(usize, Selectivity, &String)> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let selectivity = if nulls.contains(c) {
                Selectivity::NullTest
            } else {
                Selectivity::of(schema, table, c)
            };
            (i, selectivity, c)
        })
        .collect();
    ranked.sort_by(|a, b| {
        a.1.rank()
            .partial_cmp(&b.1.rank())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    let described: Vec<String> = ranked
        .iter()
        .map(|(_, s, c)| format!("`{c}` ({})", s.describe()))
        .collect();
    let reason = match described.len() {
        0 => String::new(),
        1 => format!("equality on {} leads the key", described[0]),
        _ => format!(
            "equalities lead the key, most selective first: {}",
            described.join(", ")
        ),
    };
    (
        ranked.into_iter().map(|(_, _, c)| c.clone()).collect(),
        reason,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_unique_before_foreign_keys_before_low_cardinality() {
        let order = [
            Selectivity::LowCardinality,
            Selectivity::ForeignKey(200.0),
            Selectivity::ForeignKey(3.0),
            Selectivity::HighCardinality,
            Selectivity::Unique,
        ];
        let mut ranks: Vec<_> = order.iter().map(|s| s.rank()).collect();
        ranks.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
        assert_eq!(ranks[0], Selectivity::Unique.rank());
        assert_eq!(ranks[2], Selectivity::ForeignKey(3.0).rank());
        assert_eq!(ranks[4], Selectivity::LowCardinality.rank());
    }
}

//! What the bench loads: the tables in dependency order (parents before children), the
//! number of rows per table (the declared scale times `--scale`), and the checks the
//! generator cannot read, which are dropped for the run.

use super::checks;
use schemac_compiler::ir::{Schema, Table, TableKind};

/// Small reference tables keep at least this many rows (or all their declared rows when
/// fewer), so that scaling a schema down does not leave 0.04 warehouses.
pub const MIN_ROWS: f64 = 50.0;

/// One table to fill.
#[derive(Clone, Debug, PartialEq)]
pub struct TablePlan {
    pub table: String,
    /// Rows to generate (for an enum lookup table, its seed rows, which the DDL inserts).
    pub target: u64,
    pub fill: Fill,
}

/// Who fills a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// The generator.
    Generated,
    /// The DDL's seed rows (an enum lookup table).
    Seeded,
    /// The database's triggers (a closure table, kept by its tree's insert trigger).
    Maintained,
}

/// The load plan of a schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub tables: Vec<TablePlan>,
    /// `(table, check name)` of the checks dropped for the run.
    pub dropped_checks: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

impl Plan {
    pub fn target(&self, table: &str) -> u64 {
        self.tables
            .iter()
            .find(|t| t.table == table)
            .map_or(0, |t| t.target)
    }
}

/// The rows to generate for `table` at `scale`.
pub fn target_rows(table: &Table, scale: f64) -> u64 {
    if table.kind == TableKind::EnumLookup {
        return table.seed_rows.len() as u64;
    }
    scaled_rows(table.scale.rows, scale)
}

/// `declared × scale`, rounded, but at least `min(declared, MIN_ROWS)` and at least 1.
pub fn scaled_rows(declared: f64, scale: f64) -> u64 {
    let declared = declared.max(0.0);
    let scaled = (declared * scale).round();
    scaled.max(declared.min(MIN_ROWS)).max(1.0) as u64
}

/// Plans the load of `schema` at `scale`.
pub fn plan(schema: &Schema, scale: f64) -> Plan {
    let mut plan = Plan::default();
    for table in order(schema, &mut plan.warnings) {
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        for check in &table.checks {
            if !checks::supported(&check.expr, &columns) {
                plan.dropped_checks
                    .push((table.name.clone(), check.name.clone()));
                plan.warnings.push(format!(
                    "check `{}` on `{}` is beyond the generator's interpreter: dropped for this run",
                    check.name, table.name
                ));
            }
        }
        let maintained = schema
            .tables
            .iter()
            .filter_map(|t| t.hierarchy.as_ref()?.closure_table.as_deref())
            .any(|closure| closure == table.name);
        let fill = if table.kind == TableKind::EnumLookup {
            Fill::Seeded
        } else if maintained {
            Fill::Maintained
        } else {
            Fill::Generated
        };
        plan.tables.push(TablePlan {
            table: table.name.clone(),
            target: target_rows(table, scale),
            fill,
        });
    }
    plan
}

/// The schema without the checks the plan drops: what the bench applies.
pub fn without_dropped_checks(schema: &Schema, plan: &Plan) -> Schema {
    let mut schema = schema.clone();
    for table in &mut schema.tables {
        table.checks.retain(|check| {
            !plan
                .dropped_checks
                .iter()
                .any(|(t, c)| *t == table.name && *c == check.name)
        });
    }
    schema
}

/// The tables with every parent before its children. A cycle is broken at a nullable
/// foreign key (whose rows then point at parents loaded earlier or stay NULL).
fn order<'s>(schema: &'s Schema, warnings: &mut Vec<String>) -> Vec<&'s Table> {
    let mut done: Vec<&str> = Vec::new();
    let mut ordered = Vec::new();
    let mut remaining: Vec<&Table> = schema.tables.iter().collect();
    while !remaining.is_empty() {
        let ready = |strict: bool, done: &[&str], table: &Table| {
            parents(schema, table, strict)
                .iter()
                .all(|p| *p == table.name || done.contains(p))
        };
        let position = remaining
            .iter()
            .position(|t| ready(true, &done, t))
            .or_else(|| remaining.iter().position(|t| ready(false, &done, t)));
        let position = match position {
            Some(p) => p,
            None => {
                warnings.push(format!(
                    "the foreign keys of `{}` form a cycle of required references: loaded in declaration order",
                    remaining[0].name
                ));
                0
            }
        };
        let table = remaining.remove(position);
        done.push(&table.name);
        ordered.push(table);
    }
    ordered
}

/// The tables `table` takes values from: its foreign keys' targets (only the required
/// ones unless `all`) and the targets of its polymorphic relations.
fn parents<'s>(schema: &'s Schema, table: &'s Table, all: bool) -> Vec<&'s str> {
    let mut parents: Vec<&str> = table
        .foreign_keys
        .iter()
        .filter(|fk| {
            all || fk
                .columns
                .iter()
                .all(|c| table.column(c).is_some_and(|c| !c.nullable))
        })
        .map(|fk| fk.ref_table.as_str())
        .collect();
    if all {
        parents.extend(
            super::relations::polymorphic(schema, table)
                .into_iter()
                .flat_map(|p| p.variants.into_iter().map(|(_, target)| target)),
        );
    }
    parents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_scale_with_a_floor_for_small_tables() {
        assert_eq!(scaled_rows(2_000_000.0, 0.001), 2000);
        assert_eq!(scaled_rows(40.0, 0.001), 40);
        assert_eq!(scaled_rows(900.0, 0.001), 50);
        assert_eq!(scaled_rows(0.0, 0.001), 1);
    }
}

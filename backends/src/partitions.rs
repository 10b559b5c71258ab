//! `timeseries` tables per dialect. The IR's primary key holds the partition column;
//! [`for_dialect`] adapts the schema to the engine before anything is rendered, so the
//! DDL, the ordering and `expected_live` agree:
//! - declarative partitions (PostgreSQL): the table as planned;
//! - in-table partitions (MySQL, MariaDB): InnoDB has no foreign keys on partitioned
//!   tables, so they are left out (warning W0111);
//! - no partitions (SQLite): a plain table keyed without the partition column, so that
//!   `id` stays the rowid alias (warning W0110).

use std::borrow::Cow;

use schemac_compiler::ir::{Schema, Table};

use crate::dialect::Dialect;
use crate::naming::Namer;
use crate::patterns::{PartitionSpec, PartitionSupport};

/// `schema` adapted to how `dialect` partitions; borrowed when nothing changes.
pub fn for_dialect<'s>(schema: &'s Schema, dialect: &dyn Dialect) -> Cow<'s, Schema> {
    if schema.tables.iter().all(|t| t.partitioning.is_none()) {
        return Cow::Borrowed(schema);
    }
    let mut adapted = schema.clone();
    for table in &mut adapted.tables {
        let Some(partitioning) = &table.partitioning else {
            continue;
        };
        match dialect.patterns().partition_support() {
            PartitionSupport::Declarative => {}
            PartitionSupport::InTable => table.foreign_keys.clear(),
            PartitionSupport::Unsupported => {
                let column = partitioning.column.clone();
                if table.primary_key.columns.len() > 1 {
                    table.primary_key.columns.retain(|c| *c != column);
                }
            }
        }
    }
    Cow::Owned(adapted)
}

/// The name of a table's maintenance routine: `schemac_roll_partitions_<table>`.
pub fn routine_name(namer: &Namer, table: &str) -> String {
    namer.derived(&["schemac_roll_partitions", table])
}

/// Renders `f` with the partition spec of `table`, when it is partitioned.
pub fn with_spec<T>(
    table: &Table,
    dialect: &dyn Dialect,
    f: impl FnOnce(&PartitionSpec) -> T,
) -> Option<T> {
    let partitioning = table.partitioning.as_ref()?;
    let namer = Namer::new(dialect);
    let quoted = namer.ident(&table.name);
    let name = namer.name(&table.name);
    let column = namer.ident(&partitioning.column);
    let routine = namer.quote_if_needed(routine_name(&namer, &table.name));
    Some(f(&PartitionSpec {
        table: &quoted,
        table_name: &name,
        column: &column,
        interval: partitioning.interval,
        retain: partitioning.retain,
        premake: partitioning.premake,
        routine: &routine,
    }))
}

/// The table options with the partition clause appended, for `CREATE TABLE`.
pub fn table_options(options: String, table: &Table, dialect: &dyn Dialect) -> String {
    let clause = with_spec(table, dialect, |spec| {
        dialect.patterns().partition_clause(spec)
    })
    .flatten();
    match clause {
        Some(clause) if options.is_empty() => clause,
        Some(clause) => format!("{options} {clause}"),
        None => options,
    }
}

/// The maintenance routines of the partitioned tables and their first calls.
pub fn maintenance(tables: &[&Table], dialect: &dyn Dialect) -> Vec<String> {
    tables
        .iter()
        .filter_map(|t| {
            with_spec(t, dialect, |spec| {
                dialect.patterns().partition_maintenance(spec)
            })
        })
        .flatten()
        .collect()
}

/// The partition column of `table` where the engine partitions it.
pub fn live_partition_key(table: &Table, dialect: &dyn Dialect) -> Option<String> {
    let partitioning = table.partitioning.as_ref()?;
    (dialect.patterns().partition_support() != PartitionSupport::Unsupported)
        .then(|| Namer::new(dialect).name(&partitioning.column))
}

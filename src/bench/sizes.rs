//! Table and index sizes on disk after the load, next to the estimates `explain` makes
//! from the declared scale (`schemac_compiler::planner::estimate`), taken at the rows
//! actually loaded.

use super::run::text_rows;
use crate::migrate::connection::Connection;
use crate::migrate::Failure;
use schemac_compiler::ir::{Schema, Table};
use schemac_compiler::planner::estimate;

/// Bytes on disk: the table's own, and all its indexes'.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Measured {
    pub table_bytes: u64,
    pub index_bytes: u64,
}

/// The estimated table and index bytes of `table` holding `rows` rows.
pub fn estimate(schema: &Schema, table: &Table, rows: u64) -> (u64, u64) {
    let rows = rows as f64;
    let declared = table.scale.rows.max(1.0);
    let table_bytes = estimate::row_bytes(table) * rows;
    let mut index_bytes =
        estimate::constraint_index_bytes(table, &table.primary_key.columns) / declared * rows;
    for unique in &table.uniques {
        index_bytes += estimate::constraint_index_bytes(table, &unique.columns) / declared * rows;
    }
    for index in &table.indexes {
        index_bytes += estimate::index_bytes(schema, table, index) / declared * rows;
    }
    (table_bytes as u64, index_bytes as u64)
}

/// The measured sizes of `table`; `None` when the engine cannot tell (SQLite without
/// the `dbstat` table).
pub fn measure(conn: &mut Connection, table: &str) -> Result<Option<Measured>, Failure> {
    let number = |rows: &[Vec<Option<String>>], i: usize| -> u64 {
        rows.first()
            .and_then(|r| r.get(i).cloned().flatten())
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0, |v| v as u64)
    };
    let quoted = table.replace('\'', "''");
    match conn {
        Connection::Postgres { schema, .. } => {
            // A partitioned table keeps its rows in its partitions: sum the whole tree
            // (which is empty for a plain table on some versions).
            let sql = format!(
                "SELECT coalesce(sum(pg_table_size(p.relid)), pg_table_size(c.oid)), \
                 coalesce(sum(pg_indexes_size(p.relid)), pg_indexes_size(c.oid)) FROM pg_class c \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 LEFT JOIN LATERAL pg_partition_tree(c.oid) p ON true \
                 WHERE c.relname = '{quoted}' AND n.nspname = '{}' GROUP BY c.oid",
                schema.replace('\'', "''")
            );
            let rows = text_rows(conn, &sql)?;
            Ok(Some(Measured {
                table_bytes: number(&rows, 0),
                index_bytes: number(&rows, 1),
            }))
        }
        Connection::Mysql { .. } => {
            let sql = format!(
                "SELECT data_length, index_length FROM information_schema.TABLES \
                 WHERE table_schema = DATABASE() AND table_name = '{quoted}'"
            );
            let rows = text_rows(conn, &sql)?;
            Ok(Some(Measured {
                table_bytes: number(&rows, 0),
                index_bytes: number(&rows, 1),
            }))
        }
        Connection::Sqlite(_) => {
            let sql = format!(
                "SELECT (SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = '{quoted}'), \
                 (SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN \
                 (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{quoted}'))"
            );
            match text_rows(conn, &sql) {
                Ok(rows) => Ok(Some(Measured {
                    table_bytes: number(&rows, 0),
                    index_bytes: number(&rows, 1),
                })),
                // Without the `dbstat` virtual table SQLite only knows the file's size.
                Err(_) => Ok(None),
            }
        }
    }
}

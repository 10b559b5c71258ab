//! Running the declared queries: parameter values sampled from the loaded rows, N timed
//! runs per query, and the engine's plan (`EXPLAIN`) read for full scans.

use super::generate::array_element;
use super::params::{self, Prepared, SlotKind};
use super::prng::Prng;
use crate::migrate::connection::Connection;
use crate::migrate::Failure;
use mysql::prelude::Queryable;
use schemac_backends::naming::Namer;
use schemac_backends::DialectKind;
use schemac_compiler::ir::{ColumnType, Query, Schema};
use serde::Serialize;
use std::time::Instant;

/// Values sampled per parameter.
const POOL: usize = 64;

/// How one table was read by a query's plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scan {
    pub table: String,
    /// The index that served the read, `None` for a full scan.
    pub index: Option<String>,
}

/// The measurements of one query.
#[derive(Clone, Debug, Default, Serialize)]
pub struct QueryResult {
    pub name: String,
    pub table: String,
    /// The SQL of the first run, with its sampled values.
    pub sql: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub rows_median: u64,
    pub scans: Vec<Scan>,
    /// Every table the plan read was read through an index.
    pub index_used: bool,
    /// Tables read by a full scan that hold at least [`super::LARGE_TABLE`] rows.
    pub full_scans_on_large_tables: Vec<String>,
    pub error: Option<String>,
}

/// Runs `query` `runs` times and reads its plan. `rows_of` gives a table's row count.
pub fn run_query(
    conn: &mut Connection,
    kind: DialectKind,
    schema: &Schema,
    query: &Query,
    runs: usize,
    seed: u64,
    rows_of: &dyn Fn(&str) -> u64,
) -> QueryResult {
    let mut result = QueryResult {
        name: query.name.clone(),
        table: query.table.clone(),
        ..QueryResult::default()
    };
    if let Err(error) = measure(conn, kind, schema, query, runs, seed, rows_of, &mut result) {
        result.error = Some(error.message().to_string());
    }
    result
}

#[allow(clippy::too_many_arguments)]
fn measure(
    conn: &mut Connection,
    kind: DialectKind,
    schema: &Schema,
    query: &Query,
    runs: usize,
    seed: u64,
    rows_of: &dyn Fn(&str) -> u64,
    result: &mut QueryResult,
) -> Result<(), Failure> {
    let prepared = params::prepare(schema, query, kind).map_err(Failure::Refused)?;
    let mut pools = Vec::new();
    for slot in &prepared.slots {
        pools.push(match (&slot.kind, &slot.source) {
            (SlotKind::Element, _) | (_, None) => Vec::new(),
            (_, Some((table, column))) => sample(conn, kind, table, column, slot.ty.as_ref())?,
        });
    }
    let mut prng = Prng::for_stream(seed, &query.name);
    let dialect = schemac_backends::dialect(kind);
    let mut literal_sets = Vec::new();
    for _ in 0..runs.max(1) {
        let mut literals = Vec::new();
        let mut pending_low: Option<(usize, String)> = None;
        for (n, slot) in prepared.slots.iter().enumerate() {
            let pool = &pools[n];
            let pick = |prng: &mut Prng| pool.get(prng.below(pool.len() as u64) as usize).cloned();
            let literal = match slot.kind {
                SlotKind::Value => pick(&mut prng)
                    .map_or("NULL".to_string(), |v| literal(kind, &v, slot.ty.as_ref())),
                SlotKind::List => {
                    let mut values: Vec<String> = (0..2).filter_map(|_| pick(&mut prng)).collect();
                    values.dedup();
                    if values.is_empty() {
                        "NULL".to_string()
                    } else {
                        values
                            .iter()
                            .map(|v| literal(kind, v, slot.ty.as_ref()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                }
                SlotKind::Low | SlotKind::High => {
                    let value = pick(&mut prng).unwrap_or_default();
                    if slot.kind == SlotKind::Low {
                        pending_low = Some((n, value.clone()));
                    } else if let Some((low_at, low)) = pending_low.take() {
                        // Order the two ends so that the range is not empty.
                        if before(&value, &low) {
                            literals[low_at] = literal(kind, &value, slot.ty.as_ref());
                            literals.push(literal(kind, &low, slot.ty.as_ref()));
                            continue;
                        }
                    }
                    literal(kind, &value, slot.ty.as_ref())
                }
                SlotKind::Prefix => {
                    let value = pick(&mut prng).unwrap_or_default();
                    dialect.string_literal(&value.chars().take(3).collect::<String>())
                }
                SlotKind::Element => element(kind, slot.ty.as_ref(), prng.skewed(5)),
            };
            literals.push(literal);
        }
        literal_sets.push(literals);
    }
    let first = params::bind(&prepared, kind, &literal_sets[0]);
    result.sql = first.clone();
    result.scans = explain(conn, kind, &first, &prepared)?;
    for scan in &mut result.scans {
        // A partition (`usage_events_p20240101`) counts as its partitioned table.
        if schema.table(&scan.table).is_none() {
            if let Some(parent) = schema.tables.iter().find(|t| {
                t.partitioning.is_some() && scan.table.starts_with(&format!("{}_p", t.name))
            }) {
                scan.table = parent.name.clone();
            }
        }
    }
    result.index_used = result.scans.iter().all(|s| s.index.is_some());
    result.full_scans_on_large_tables = result
        .scans
        .iter()
        .filter(|s| s.index.is_none() && rows_of(&s.table) >= super::LARGE_TABLE)
        .map(|s| s.table.clone())
        .collect();
    result.full_scans_on_large_tables.sort();
    result.full_scans_on_large_tables.dedup();
    // One warm-up run, then the timed runs.
    execute(conn, &first)?;
    let mut times = Vec::new();
    let mut rows = Vec::new();
    for literals in &literal_sets {
        let sql = params::bind(&prepared, kind, literals);
        let start = Instant::now();
        let count = execute(conn, &sql)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        rows.push(count);
    }
    times.sort_by(f64::total_cmp);
    rows.sort_unstable();
    result.runs = times.len();
    result.p50_ms = percentile(&times, 0.50);
    result.p95_ms = percentile(&times, 0.95);
    result.rows_median = rows[rows.len() / 2];
    Ok(())
}

/// The nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Whether `a` sorts before `b`: as numbers when both are, as text otherwise (the
/// sampled timestamps share one format, so their text order is their time order).
fn before(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x < y,
        _ => a < b,
    }
}

/// The SQL literal for a sampled value (read as text, or as hex digits for bytes).
fn literal(kind: DialectKind, value: &str, ty: Option<&ColumnType>) -> String {
    let dialect = schemac_backends::dialect(kind);
    match (kind, ty) {
        (DialectKind::Postgres, Some(ColumnType::Bytes)) => dialect.string_literal(value),
        (_, Some(ColumnType::Bytes)) => format!("X'{value}'"),
        _ => dialect.string_literal(value),
    }
}

/// The right side of `contains` for the generated element of rank `rank` (of the
/// array's element type, see [`array_element`]; text for a json document): a
/// one-element array or document where the engine compares containers, the bare
/// element where it compares elements (SQLite's `json_each`).
fn element(kind: DialectKind, ty: Option<&ColumnType>, rank: u64) -> String {
    let dialect = schemac_backends::dialect(kind);
    let element_type = match ty {
        Some(ColumnType::Array(element)) => element.as_ref(),
        _ => &ColumnType::Text,
    };
    let json = array_element(element_type, rank).json_element();
    match (kind, ty) {
        (DialectKind::Postgres, Some(ColumnType::Array(_))) => {
            dialect.string_literal(&format!("{{{json}}}"))
        }
        // A string as an SQL string; a number or boolean as itself.
        (DialectKind::Sqlite, _) => match serde_json::from_str(&json) {
            Ok(serde_json::Value::String(text)) => dialect.string_literal(&text),
            _ => json,
        },
        _ => dialect.string_literal(&json),
    }
}

/// Up to [`POOL`] random non-NULL values of a column, as text.
fn sample(
    conn: &mut Connection,
    kind: DialectKind,
    table: &str,
    column: &str,
    ty: Option<&ColumnType>,
) -> Result<Vec<String>, Failure> {
    let dialect = schemac_backends::dialect(kind);
    let namer = Namer::new(dialect.as_ref());
    let (t, c) = (namer.ident(table), namer.ident(column));
    let bytes = matches!(ty, Some(ColumnType::Bytes));
    let text = match conn {
        Connection::Postgres { .. } => format!("{c}::text"),
        Connection::Mysql { .. } if bytes => format!("HEX({c})"),
        Connection::Mysql { .. } => format!("CAST({c} AS CHAR)"),
        Connection::Sqlite(_) if bytes => format!("hex({c})"),
        Connection::Sqlite(_) => format!("CAST({c} AS TEXT)"),
    };
    let random = match conn {
        Connection::Mysql { .. } => "RAND()",
        _ => "random()",
    };
    let sql =
        format!("SELECT {text} FROM {t} WHERE {c} IS NOT NULL ORDER BY {random} LIMIT {POOL}");
    Ok(text_rows(conn, &sql)?
        .into_iter()
        .filter_map(|mut r| r.pop().flatten())
        .collect())
}

/// Runs `sql` and returns how many rows it gave.
fn execute(conn: &mut Connection, sql: &str) -> Result<u64, Failure> {
    match conn {
        Connection::Postgres { client, .. } => {
            let messages = client.simple_query(sql).map_err(pg)?;
            Ok(messages
                .iter()
                .filter(|m| matches!(m, postgres::SimpleQueryMessage::Row(_)))
                .count() as u64)
        }
        Connection::Mysql { conn, .. } => {
            let rows: Vec<mysql::Row> = conn.query(sql).map_err(my)?;
            Ok(rows.len() as u64)
        }
        Connection::Sqlite(conn) => {
            let mut statement = conn.prepare(sql).map_err(lite)?;
            let mut rows = statement.query([]).map_err(lite)?;
            let mut count = 0;
            while rows.next().map_err(lite)?.is_some() {
                count += 1;
            }
            Ok(count)
        }
    }
}

/// The rows of `sql` with every column as text.
pub fn text_rows(conn: &mut Connection, sql: &str) -> Result<Vec<Vec<Option<String>>>, Failure> {
    match conn {
        Connection::Postgres { client, .. } => Ok(client
            .simple_query(sql)
            .map_err(pg)?
            .iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_string))
                        .collect(),
                ),
                _ => None,
            })
            .collect()),
        Connection::Mysql { conn, .. } => {
            let rows: Vec<mysql::Row> = conn.query(sql).map_err(my)?;
            Ok(rows
                .into_iter()
                .map(|row| {
                    row.unwrap()
                        .into_iter()
                        .map(|value| match value {
                            mysql::Value::NULL => None,
                            mysql::Value::Bytes(bytes) => {
                                Some(String::from_utf8_lossy(&bytes).into_owned())
                            }
                            other => Some(other.as_sql(true).trim_matches('\'').to_string()),
                        })
                        .collect()
                })
                .collect())
        }
        Connection::Sqlite(conn) => {
            let mut statement = conn.prepare(sql).map_err(lite)?;
            let width = statement.column_count();
            let mut rows = statement.query([]).map_err(lite)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(lite)? {
                let mut values = Vec::with_capacity(width);
                for i in 0..width {
                    use rusqlite::types::ValueRef;
                    values.push(match row.get_ref(i).map_err(lite)? {
                        ValueRef::Null => None,
                        ValueRef::Integer(v) => Some(v.to_string()),
                        ValueRef::Real(v) => Some(v.to_string()),
                        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                        ValueRef::Blob(b) => Some(super::cell::Cell::hex(b)),
                    });
                }
                out.push(values);
            }
            Ok(out)
        }
    }
}

/// The tables the plan of `sql` reads and how.
fn explain(
    conn: &mut Connection,
    kind: DialectKind,
    sql: &str,
    prepared: &Prepared,
) -> Result<Vec<Scan>, Failure> {
    let table_of = |name: &str| {
        prepared
            .aliases
            .iter()
            .find(|(alias, _)| alias == name)
            .map(|(_, table)| table.clone())
    };
    let mut scans = Vec::new();
    match kind {
        DialectKind::Postgres => {
            let rows = text_rows(conn, &format!("EXPLAIN (FORMAT JSON) {sql}"))?;
            let text = rows
                .first()
                .and_then(|r| r.first().cloned().flatten())
                .unwrap_or_default();
            let plan: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                Failure::Database(format!("PostgreSQL: unreadable EXPLAIN output: {e}"))
            })?;
            postgres_scans(&plan, &mut scans);
        }
        DialectKind::Mysql | DialectKind::Mariadb => {
            let Connection::Mysql { conn, .. } = conn else {
                return Ok(scans);
            };
            let rows: Vec<mysql::Row> = conn.query(format!("EXPLAIN {sql}")).map_err(my)?;
            for row in rows {
                let text = |name: &str| -> Option<String> {
                    row.get_opt::<Option<String>, _>(name)?.ok().flatten()
                };
                let (Some(alias), Some(access)) = (text("table"), text("type")) else {
                    continue;
                };
                let Some(table) = table_of(&alias) else {
                    continue;
                };
                let index = match access.as_str() {
                    "ALL" => None,
                    _ => Some(text("key").unwrap_or(access)),
                };
                scans.push(Scan { table, index });
            }
        }
        DialectKind::Sqlite => {
            for row in text_rows(conn, &format!("EXPLAIN QUERY PLAN {sql}"))? {
                let detail = row.get(3).cloned().flatten().unwrap_or_default();
                if let Some(scan) = sqlite_scan(&detail, &table_of) {
                    scans.push(scan);
                }
            }
        }
    }
    Ok(scans)
}

/// Scans in a PostgreSQL JSON plan: `Seq Scan` is full; index, index-only and bitmap
/// scans are served by an index.
fn postgres_scans(node: &serde_json::Value, scans: &mut Vec<Scan>) {
    match node {
        serde_json::Value::Array(items) => items.iter().for_each(|i| postgres_scans(i, scans)),
        serde_json::Value::Object(map) => {
            if let Some(plan) = map.get("Plan") {
                postgres_scans(plan, scans);
            }
            let node_type = map
                .get("Node Type")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let relation = map.get("Relation Name").and_then(|v| v.as_str());
            if let Some(table) = relation {
                let index = match node_type {
                    "Seq Scan" => None,
                    "Bitmap Heap Scan" => {
                        Some(bitmap_index(map).unwrap_or_else(|| "bitmap".to_string()))
                    }
                    _ => Some(
                        map.get("Index Name")
                            .and_then(|v| v.as_str())
                            .unwrap_or(node_type)
                            .to_string(),
                    ),
                };
                scans.push(Scan {
                    table: table.to_string(),
                    index,
                });
            }
            if let Some(children) = map.get("Plans") {
                if node_type != "Bitmap Heap Scan" {
                    postgres_scans(children, scans);
                }
            }
        }
        _ => {}
    }
}

fn bitmap_index(map: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let children = map.get("Plans")?.as_array()?;
    let names: Vec<&str> = children
        .iter()
        .filter_map(|c| c.get("Index Name").and_then(|v| v.as_str()))
        .collect();
    (!names.is_empty()).then(|| names.join(" + "))
}

/// One line of SQLite's `EXPLAIN QUERY PLAN`: `SCAN t` is full, `SEARCH t USING INDEX
/// i (..)`, `SEARCH t USING INTEGER PRIMARY KEY` and `SCAN t USING INDEX i` use one.
fn sqlite_scan(detail: &str, table_of: &dyn Fn(&str) -> Option<String>) -> Option<Scan> {
    let mut words = detail.split_whitespace();
    let verb = words.next()?;
    if verb != "SCAN" && verb != "SEARCH" {
        return None;
    }
    let mut name = words.next()?;
    if name == "TABLE" {
        name = words.next()?;
    }
    let table = table_of(name)?;
    let rest: Vec<&str> = words.collect();
    let index = match rest.iter().position(|w| *w == "USING") {
        None => None,
        Some(at) => {
            let tail = &rest[at + 1..];
            match tail.iter().position(|w| *w == "INDEX") {
                Some(i) if tail.get(i + 1).is_some() => tail.get(i + 1).map(|s| s.to_string()),
                _ => Some(tail.join(" ")),
            }
        }
    };
    Some(Scan { table, index })
}

fn pg(error: postgres::Error) -> Failure {
    Failure::Database(format!("PostgreSQL: {}", super::load::describe_pg(&error)))
}

fn my(error: mysql::Error) -> Failure {
    Failure::Database(format!("MySQL: {error}"))
}

fn lite(error: rusqlite::Error) -> Failure {
    Failure::Database(format!("SQLite: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_plan_lines() {
        let table_of = |name: &str| (name == "orders" || name == "o").then(|| "orders".to_string());
        assert_eq!(
            sqlite_scan("SCAN orders", &table_of),
            Some(Scan {
                table: "orders".into(),
                index: None
            })
        );
        assert_eq!(
            sqlite_scan(
                "SEARCH o USING INDEX orders_customer_id_idx (customer_id=?)",
                &table_of
            ),
            Some(Scan {
                table: "orders".into(),
                index: Some("orders_customer_id_idx".into())
            })
        );
        assert_eq!(
            sqlite_scan(
                "SEARCH orders USING INTEGER PRIMARY KEY (rowid=?)",
                &table_of
            )
            .and_then(|s| s.index),
            Some("INTEGER PRIMARY KEY (rowid=?)".into())
        );
        assert_eq!(sqlite_scan("USE TEMP B-TREE FOR ORDER BY", &table_of), None);
    }

    #[test]
    fn postgres_plan_json() {
        let plan: serde_json::Value = serde_json::from_str(
            r#"[{"Plan": {"Node Type": "Nested Loop", "Plans": [
                {"Node Type": "Seq Scan", "Relation Name": "customers"},
                {"Node Type": "Bitmap Heap Scan", "Relation Name": "orders",
                 "Plans": [{"Node Type": "Bitmap Index Scan", "Index Name": "orders_customer_id_idx"}]}]}}]"#,
        )
        .unwrap();
        let mut scans = Vec::new();
        postgres_scans(&plan, &mut scans);
        assert_eq!(
            scans,
            vec![
                Scan {
                    table: "customers".into(),
                    index: None
                },
                Scan {
                    table: "orders".into(),
                    index: Some("orders_customer_id_idx".into())
                },
            ]
        );
    }

    #[test]
    fn percentiles_use_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), 50.0);
        assert_eq!(percentile(&values, 0.95), 95.0);
        assert_eq!(percentile(&[3.0], 0.95), 3.0);
    }
}

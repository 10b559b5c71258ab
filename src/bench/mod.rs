//! `schemac bench --url URL [PATH]`: proves a schema at realistic volumes on a real
//! database. It applies the DDL to an empty location (`target`), generates rows for
//! every table at its declared scale times `--scale` (`plan`, `generate`, with the
//! check interpreter in `checks` and the relations in `relations`), loads them with the
//! engine's fast path (`load`), runs every declared query with sampled parameters and
//! reads its plan (`params`, `run`), measures table and index sizes against the
//! estimates (`sizes`) and reports (`report`).

mod cell;
pub mod checks;
mod deferred;
pub mod generate;
mod integrity;
mod load;
mod params;
pub mod plan;
mod prng;
mod progress;
mod relations;
pub mod report;
mod run;
mod sizes;
mod target;

pub use cell::Cell;

use crate::load as project_load;
use crate::migrate::url::DbUrl;
use crate::migrate::Failure;
use crate::render;
use mysql::prelude::Queryable;
use report::{LoadSummary, Report, TableReport};
use schemac_compiler::ir::Schema;
use schemac_lang::Diagnostics;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

/// The default `--scale`: the declared row counts divided by 1,000, which loads a
/// schema declared in the millions in well under a minute.
pub const DEFAULT_SCALE: f64 = 0.001;
/// The default number of timed runs per query.
pub const DEFAULT_RUNS: usize = 50;
/// A table with at least this many rows is large: a full scan on it is flagged.
pub const LARGE_TABLE: u64 = 10_000;

/// The command line of `schemac bench`.
#[derive(Clone, Debug)]
pub struct Options {
    pub path: PathBuf,
    pub url: String,
    pub scale: f64,
    pub seed: u64,
    pub runs: usize,
    pub strict: bool,
    pub keep: bool,
    pub json: bool,
}

/// Runs the command and returns its exit code.
pub fn run(options: &Options) -> i32 {
    let mut diags = Diagnostics::new();
    let loaded = project_load::load(std::slice::from_ref(&options.path), &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let has_errors = diags.has_errors();
    let sorted = diags.into_sorted();
    if !sorted.is_empty() {
        let color = std::io::stderr().is_terminal();
        let _ = std::io::stderr()
            .write_all(render::to_text(&sorted, &loaded.sources, color).as_bytes());
    }
    let schema = match schema {
        Some(schema) if !has_errors => schema,
        _ => {
            return fail(
                &Failure::Refused("the schema has errors".to_string()),
                options.json,
            )
        }
    };
    if !(options.scale.is_finite() && options.scale > 0.0) {
        return fail(
            &Failure::Usage(format!(
                "--scale must be a positive number, not {}",
                options.scale
            )),
            options.json,
        );
    }
    let url = match DbUrl::parse(&options.url) {
        Ok(url) => url,
        Err(message) => return fail(&Failure::Usage(message), options.json),
    };
    match bench(&schema, &url, options) {
        Ok(report) => {
            if options.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("the report serializes")
                );
            } else {
                print!("{}", report::to_text(&report));
            }
            if report.queries.iter().any(|q| q.error.is_some()) {
                3
            } else if options.strict && report.flagged > 0 {
                1
            } else {
                0
            }
        }
        Err(failure) => fail(&failure, options.json),
    }
}

fn fail(failure: &Failure, json: bool) -> i32 {
    if json {
        println!(
            "{}",
            serde_json::json!({ "error": { "kind": failure.kind(), "message": failure.message() } })
        );
    } else {
        eprintln!("error: {failure}");
    }
    failure.exit_code()
}

/// Loads, runs and measures; the location is cleaned up whatever happens.
pub fn bench(schema: &Schema, url: &DbUrl, options: &Options) -> Result<Report, Failure> {
    let plan = plan::plan(schema, options.scale);
    let schema = plan::without_dropped_checks(schema, &plan);
    let mut target = target::open(url)?;
    let result = fill_and_measure(&schema, &plan, &mut target, options);
    let cleanup = target::clean_up(&mut target, options.keep);
    let mut report = result?;
    cleanup?;
    report.location = target.location.clone();
    Ok(report)
}

fn fill_and_measure(
    schema: &Schema,
    plan: &plan::Plan,
    target: &mut target::Target,
    options: &Options,
) -> Result<Report, Failure> {
    let kind = target.kind;
    target::apply(target, &schemac_backends::render_ddl(schema, kind))?;
    let dialect = schemac_backends::dialect(kind);
    let namer = schemac_backends::naming::Namer::new(dialect.as_ref());
    let generated: Vec<String> = plan
        .tables
        .iter()
        .filter(|t| t.fill == plan::Fill::Generated)
        .map(|t| namer.name(&t.table))
        .collect();
    let set_aside = load::prepare(&mut target.conn, &generated)?;
    let mut generator = generate::Generator::new(schema, options.seed);
    let mut progress = progress::Progress::on_stderr();
    let mut warnings = plan.warnings.clone();
    let mut tables = Vec::new();
    let mut summary = LoadSummary::default();
    for step in &plan.tables {
        let Some(table) = schema.table(&step.table) else {
            continue;
        };
        let start = Instant::now();
        let (rows, note) = match step.fill {
            plan::Fill::Seeded => (step.target, None),
            plan::Fill::Maintained => (
                count_rows(&mut target.conn, kind, &table.name)?,
                Some("filled by the tree's insert trigger".to_string()),
            ),
            plan::Fill::Generated => {
                let outcome = load::load_table(
                    &mut target.conn,
                    kind,
                    table,
                    step.target,
                    &mut generator,
                    &mut progress,
                )?;
                for (check, count) in &outcome.skipped {
                    warnings.push(format!(
                    "{count} row(s) of `{}` were left out: the generator could not satisfy {check}",
                    table.name
                ));
                }
                (outcome.rows, outcome.capped)
            }
        };
        let seconds = start.elapsed().as_secs_f64();
        if step.fill == plan::Fill::Generated {
            summary.rows += rows;
            summary.seconds += seconds;
        }
        let (estimated_table_bytes, estimated_index_bytes) = sizes::estimate(schema, table, rows);
        tables.push(TableReport {
            name: table.name.clone(),
            target_rows: step.target,
            rows,
            seconds,
            table_bytes: None,
            index_bytes: None,
            estimated_table_bytes,
            estimated_index_bytes,
            note,
        });
    }
    let start = Instant::now();
    load::finish(&mut target.conn, set_aside)?;
    summary.constraints_seconds = start.elapsed().as_secs_f64();
    summary.seconds += summary.constraints_seconds;
    summary.path = load::path(kind);
    summary.rows_per_second = if summary.seconds > 0.0 {
        summary.rows as f64 / summary.seconds
    } else {
        0.0
    };
    after_load(target, schema)?;
    for t in &mut tables {
        if let Some(measured) = sizes::measure(&mut target.conn, &t.name)? {
            t.table_bytes = Some(measured.table_bytes);
            t.index_bytes = Some(measured.index_bytes);
        }
    }
    let rows_of = |name: &str| tables.iter().find(|t| t.name == name).map_or(0, |t| t.rows);
    let mut queries = Vec::new();
    for query in &schema.queries {
        queries.push(run::run_query(
            &mut target.conn,
            kind,
            schema,
            query,
            options.runs,
            options.seed,
            &rows_of,
        ));
    }
    let flagged = queries
        .iter()
        .filter(|q| !q.full_scans_on_large_tables.is_empty())
        .count();
    Ok(Report {
        engine: kind.to_string(),
        location: target.location.clone(),
        scale: options.scale,
        seed: options.seed,
        runs: options.runs,
        load: summary,
        tables,
        queries,
        estimates: "schemac explain's estimates (planner::estimate: row header plus typical column widths; \
                    index entries at 70% page fill), taken at the rows loaded",
        warnings,
        flagged,
        large_table_rows: LARGE_TABLE,
    })
}

/// `SELECT count(*)` of a table.
fn count_rows(
    conn: &mut crate::migrate::connection::Connection,
    kind: schemac_backends::DialectKind,
    table: &str,
) -> Result<u64, Failure> {
    let dialect = schemac_backends::dialect(kind);
    let name = schemac_backends::naming::Namer::new(dialect.as_ref()).ident(table);
    let rows = run::text_rows(conn, &format!("SELECT count(*) FROM {name}"))?;
    Ok(rows
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Statistics for the planner, and identity sequences moved past the loaded ids.
fn after_load(target: &mut target::Target, schema: &Schema) -> Result<(), Failure> {
    let dialect = schemac_backends::dialect(target.kind);
    let namer = schemac_backends::naming::Namer::new(dialect.as_ref());
    match &mut target.conn {
        crate::migrate::connection::Connection::Postgres { client, .. } => {
            for table in &schema.tables {
                let name = namer.ident(&table.name);
                let mut sql = format!("ANALYZE {name};");
                for column in table.columns.iter().filter(|c| c.identity) {
                    sql.push_str(&format!(
                        "SELECT setval(pg_get_serial_sequence('{}', '{}'), GREATEST(max({}), 1)) FROM {name};",
                        name.replace('\'', "''"),
                        column.name.replace('\'', "''"),
                        namer.ident(&column.name)
                    ));
                }
                client.batch_execute(&sql).map_err(|e| {
                    Failure::Database(format!("PostgreSQL: {}", load::describe_pg(&e)))
                })?;
            }
        }
        crate::migrate::connection::Connection::Mysql { conn, .. } => {
            for table in &schema.tables {
                let _: Vec<mysql::Row> = conn
                    .query(format!("ANALYZE TABLE {}", namer.ident(&table.name)))
                    .map_err(|e| Failure::Database(format!("MySQL: {e}")))?;
            }
        }
        crate::migrate::connection::Connection::Sqlite(conn) => conn
            .execute_batch("ANALYZE;")
            .map_err(|e| Failure::Database(format!("SQLite: {e}")))?,
    }
    Ok(())
}

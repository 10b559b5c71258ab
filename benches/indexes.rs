//! The index planner's benchmark on PostgreSQL (not a test): every example is loaded
//! three times with the same synthetic rows (see `tests/planner_support`), with
//! (a) only primary keys, (b) the schema's unique constraints and user-written indexes
//! plus one single-column index per filtered column, (c) the planned indexes; then each
//! declared query on a large table runs repeatedly with sampled parameters. Prints the
//! mean latency per query and variant and the total index bytes (`pg_indexes_size`).
//!
//! Run: `cargo bench --bench indexes` (PostgreSQL at 127.0.0.1:5432, user `postgres`).
//! The figures are written up in docs/planner-benchmark.md.

#[path = "../tests/planner_support/mod.rs"]
mod planner_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use planner_support::{
    fill, literal, load_statements, param_sources, rows_for, sample_sql, Engine, LARGE,
};
use schemac_backends::{render_ddl, render_query_sql, DialectKind};
use schemac_compiler::ir::{Index, IndexKey, IndexMethod, IndexOrigin, Schema};
use schemac_compiler::planner::shape::shapes_of;
use schemac_lang::Diagnostics;

const VARIANTS: [&str; 3] = [
    "(a) primary keys only",
    "(b) one index per filtered column",
    "(c) planned",
];

fn compile(path: &PathBuf) -> Schema {
    let mut diags = Diagnostics::new();
    let loaded = schemac::load::load(&[path.clone()], &mut diags);
    let mut schema =
        schemac_compiler::compile(&loaded.project, &mut diags).expect("the example compiles");
    for table in &mut schema.tables {
        table.checks.clear();
    }
    schema
}

fn is_planned(index: &Index) -> bool {
    matches!(
        index.origin,
        IndexOrigin::Planned { .. } | IndexOrigin::ForeignKey
    )
}

/// The schema of one variant.
fn variant(schema: &Schema, which: usize) -> Schema {
    let mut out = schema.clone();
    match which {
        0 => {
            for table in &mut out.tables {
                table.indexes.clear();
                table.uniques.clear();
            }
        }
        1 => {
            let mut filtered: Vec<(String, String, bool)> = Vec::new();
            for query in &schema.queries {
                for shape in shapes_of(schema, query) {
                    let mut columns: Vec<(String, bool)> =
                        shape.equality.iter().map(|c| (c.clone(), false)).collect();
                    columns.extend(shape.in_columns.iter().map(|c| (c.clone(), false)));
                    columns.extend(shape.literal_columns().into_iter().map(|c| (c, false)));
                    columns.extend(shape.range.iter().map(|r| (r.column.clone(), false)));
                    columns.extend(shape.contains.iter().map(|c| (c.clone(), true)));
                    for (column, gin) in columns {
                        if !filtered
                            .iter()
                            .any(|(t, c, _)| *t == shape.table && *c == column)
                        {
                            filtered.push((shape.table.clone(), column, gin));
                        }
                    }
                }
            }
            for table in &mut out.tables {
                table.indexes.retain(|i| !is_planned(i));
                for (t, column, gin) in filtered.iter().filter(|(t, _, _)| *t == table.name) {
                    table.indexes.push(Index {
                        name: format!("{t}_{column}_single_idx"),
                        columns: vec![IndexKey {
                            column: column.clone(),
                            desc: false,
                            opclass: None,
                        }],
                        unique: false,
                        predicate: None,
                        method: if *gin {
                            IndexMethod::Gin
                        } else {
                            IndexMethod::BTree
                        },
                        origin: IndexOrigin::User,
                    });
                }
            }
        }
        _ => {}
    }
    out
}

fn main() {
    let mut examples: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("run from the workspace root")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    examples.sort();
    println!(
        "| example | query | {} | {} | {} |",
        VARIANTS[0], VARIANTS[1], VARIANTS[2]
    );
    println!("|---|---|---|---|---|");
    let mut sizes: Vec<(String, [i64; 3])> = Vec::new();
    for example in &examples {
        let schema = compile(example);
        let name = example
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let queries: Vec<_> = schema
            .queries
            .iter()
            .filter(|q| {
                q.traversal.is_none()
                    && schema
                        .table(&q.table)
                        .is_some_and(|t| t.scale.rows >= LARGE)
            })
            .collect();
        let mut latencies: Vec<[Duration; 3]> = vec![[Duration::ZERO; 3]; queries.len()];
        let mut bytes = [0i64; 3];
        for which in 0..3 {
            let schema = variant(&schema, which);
            let mut db = schemac_testkit::PgSchema::new();
            db.client
                .batch_execute(&render_ddl(&schema, DialectKind::Postgres))
                .expect("DDL applies");
            for statement in load_statements(&schema, Engine::Postgres) {
                db.client.batch_execute(&statement).expect("load");
            }
            db.client.batch_execute("VACUUM ANALYZE").expect("analyze");
            let row = db
                .client
                .query_one(
                    "SELECT coalesce(sum(pg_indexes_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')",
                    &[&db.name],
                )
                .expect("index size");
            bytes[which] = row.get(0);
            for (i, query) in queries.iter().enumerate() {
                let literals: Vec<String> = param_sources(query)
                    .iter()
                    .map(|source| {
                        let rows = schema.table(&source.table).map(rows_for).unwrap_or(1);
                        let sampled = db
                            .client
                            .query_one(&sample_sql(source, Engine::Postgres, rows), &[])
                            .map(|r| r.get::<_, String>(0))
                            .unwrap_or_default();
                        literal(source, &sampled, Engine::Postgres)
                    })
                    .collect();
                let sql = fill(
                    &render_query_sql(query, DialectKind::Postgres),
                    &literals,
                    Engine::Postgres,
                );
                // Warm up once, then run for up to half a second or 200 times.
                db.client.simple_query(&sql).expect("query runs");
                let start = Instant::now();
                let mut runs = 0u32;
                while runs < 200 && start.elapsed() < Duration::from_millis(500) {
                    db.client.simple_query(&sql).expect("query runs");
                    runs += 1;
                }
                latencies[i][which] = start.elapsed() / runs.max(1);
            }
        }
        for (query, l) in queries.iter().zip(&latencies) {
            println!(
                "| {name} | {} | {:.3} ms | {:.3} ms | {:.3} ms |",
                query.name,
                l[0].as_secs_f64() * 1e3,
                l[1].as_secs_f64() * 1e3,
                l[2].as_secs_f64() * 1e3
            );
        }
        sizes.push((name, bytes));
    }
    println!();
    println!(
        "| example | {} | {} | {} |",
        VARIANTS[0], VARIANTS[1], VARIANTS[2]
    );
    println!("|---|---|---|---|");
    for (name, b) in sizes {
        let mb = |v: i64| v as f64 / (1024.0 * 1024.0);
        println!(
            "| {name} index bytes | {:.1} MB | {:.1} MB | {:.1} MB |",
            mb(b[0]),
            mb(b[1]),
            mb(b[2])
        );
    }
}

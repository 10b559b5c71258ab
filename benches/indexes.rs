//! The index planner's benchmark on PostgreSQL (not a test): every example is loaded
//! four times side by side with the same synthetic rows (see `tests/planner_support`;
//! children spread over parents Zipf-like, so a few parents have thousands of children),
//! with (a) only primary keys, (b) the schema's unique constraints, user-written indexes
//! and the indexes its traits add without the planner (tree parents, audit history,
//! polymorphic `(type, id)` lookups) plus one single-column index per filtered column,
//! (b') (b) plus one index per foreign key, (c) the planned indexes. Each declared query
//! on a large table then runs with parameters from typical parents and from the heaviest
//! parent, the variants interleaved over many rounds. Prints the median and p95 latency
//! per query and variant and the total index bytes (`pg_indexes_size`).
//!
//! Also prints the bytes of every index of 100 kB or more (`pg_relation_size`) per
//! variant, largest first: where each variant's bytes go.
//!
//! Run: `cargo bench --bench indexes` (PostgreSQL at 127.0.0.1:5432, user `postgres`);
//! `SCHEMAC_BENCH_BYTES_ONLY=1 cargo bench --bench indexes` loads the variants and
//! prints the bytes without timing the queries. The figures are written up in
//! docs/planner-benchmark.md.

#[path = "../tests/planner_support/mod.rs"]
mod planner_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use planner_support::{
    fill, literal, load_statements_spread, param_sources, rows_for, sample_sql, unchecked, Engine,
    Pick, Spread, LARGE,
};
use schemac_backends::{render_ddl, render_query_sql, DialectKind};
use schemac_compiler::ir::{Index, IndexKey, IndexMethod, IndexOrigin, Query, Schema};
use schemac_compiler::planner::shape::{shapes_of, Shape};
use schemac_compiler::planner::soft_delete;
use schemac_lang::Diagnostics;

const VARIANTS: [&str; 4] = [
    "(a) primary keys only",
    "(b) one index per filtered column",
    "(b') (b) plus one index per foreign key",
    "(c) planned",
];

/// Measurement rounds per query; each round runs every variant once per parameter set,
/// variants interleaved.
const ROUNDS: usize = 25;
/// Parameter sets drawn from parents with a typical number of children.
const TYPICAL: usize = 5;

/// The example as compiled, without the CHECK constraints the synthetic rows need not
/// satisfy (see `planner_support::unchecked`), and the polymorphic `(type, id)` indexes
/// it has without the planner (a planned index that extends one replaces it in the
/// compiled schema), by table.
fn compile(path: &Path) -> (Schema, Vec<(String, Index)>) {
    let mut diags = Diagnostics::new();
    let loaded = schemac::load::load(&[path.to_path_buf()], &mut diags);
    let schema = unchecked(
        &schemac_compiler::compile(&loaded.project, &mut diags).expect("the example compiles"),
    );
    let model = schemac_compiler::resolve::Model::build(&loaded.project);
    let mut unplanned = schemac_compiler::lower::lower(&model);
    soft_delete::make_trait_indexes_live(&mut unplanned);
    let polymorphic = unplanned
        .tables
        .iter()
        .flat_map(|t| t.indexes.iter().map(move |i| (t.name.clone(), i.clone())))
        .filter(|(_, i)| i.origin == IndexOrigin::Polymorphic)
        .collect();
    (schema, polymorphic)
}

/// The columns of the shape's own table that its filter compares, other than in the
/// live-rows conjunct of a SoftDelete table: with the key columns, every column the
/// query filters on.
fn residual_columns(shape: &Shape) -> Vec<String> {
    let mut out = Vec::new();
    for conjunct in &shape.conjuncts {
        if shape.live_rows.as_ref() != Some(conjunct) {
            conjunct.for_each_column(&mut |c| {
                if !out.iter().any(|o| o == c) {
                    out.push(c.to_string());
                }
            });
        }
    }
    out
}

fn is_planned(index: &Index) -> bool {
    matches!(
        index.origin,
        IndexOrigin::Planned { .. } | IndexOrigin::ForeignKey
    )
}

/// The schema of one variant. (b) and (b') keep the polymorphic indexes of the schema
/// without the planner.
fn variant(schema: &Schema, polymorphic: &[(String, Index)], which: usize) -> Schema {
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
                    // The columns the planner leaves to a residual filter (a second range,
                    // `!=`, ...) are filtered on too.
                    columns.extend(residual_columns(&shape).into_iter().map(|c| (c, false)));
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
                for (_, index) in polymorphic.iter().filter(|(t, _)| *t == table.name) {
                    if table.indexes.iter().all(|i| i.name != index.name) {
                        table.indexes.push(index.clone());
                    }
                }
                for (t, column, gin) in filtered.iter().filter(|(t, _, _)| *t == table.name) {
                    // A column that already has a single-column index of its own (its
                    // primary key, unique constraint, or a tree's parent index) does not
                    // get a second, identical one.
                    let single = |columns: &[String]| columns.len() == 1 && columns[0] == *column;
                    let method = if *gin {
                        IndexMethod::Gin
                    } else {
                        IndexMethod::BTree
                    };
                    let indexed = (!*gin
                        && (single(&table.primary_key.columns)
                            || table.uniques.iter().any(|u| single(&u.columns))))
                        || table.indexes.iter().any(|i| {
                            i.predicate.is_none()
                                && i.method == method
                                && i.columns.len() == 1
                                && i.columns[0].column == *column
                        });
                    if indexed {
                        continue;
                    }
                    table.indexes.push(Index {
                        name: format!("{t}_{column}_single_idx"),
                        columns: vec![IndexKey::ascending(column)],
                        unique: false,
                        predicate: None,
                        method,
                        origin: IndexOrigin::User,
                    });
                }
            }
        }
        2 => {
            out = variant(schema, polymorphic, 1);
            for table in &mut out.tables {
                let fks: Vec<Vec<String>> = table
                    .foreign_keys
                    .iter()
                    .map(|f| f.columns.clone())
                    .collect();
                for columns in fks {
                    let leads = |keys: &[String]| keys.starts_with(&columns);
                    let covered = leads(&table.primary_key.columns)
                        || table.uniques.iter().any(|u| leads(&u.columns))
                        || table.indexes.iter().any(|i| {
                            i.predicate.is_none()
                                && i.method == IndexMethod::BTree
                                && leads(
                                    &i.columns
                                        .iter()
                                        .map(|k| k.column.clone())
                                        .collect::<Vec<_>>(),
                                )
                        });
                    if covered {
                        continue;
                    }
                    table.indexes.push(Index {
                        name: format!("{}_{}_fk_idx", table.name, columns.join("_")),
                        columns: columns.iter().map(IndexKey::ascending).collect(),
                        unique: false,
                        predicate: None,
                        method: IndexMethod::BTree,
                        origin: IndexOrigin::User,
                    });
                }
            }
        }
        _ => {}
    }
    out
}

/// The parameter sets of one query: `TYPICAL` sets from typical parents, then one from
/// the heaviest parent. An equality or `in` parameter takes, for the heavy set, its
/// column's most frequent value and, for the typical sets, values of median frequency;
/// range, prefix and containment parameters take the same sampled value in every set.
/// Also returns the rows the heaviest value has (none if no parameter is an equality).
fn parameter_sets(
    db: &mut schemac_testkit::PgSchema,
    schema: &Schema,
    query: &Query,
) -> (Vec<Vec<String>>, Option<i64>) {
    let mut sets = vec![Vec::new(); TYPICAL + 1];
    let mut heavy_rows = None;
    for source in param_sources(query) {
        let frequency = matches!(source.pick, Pick::Any) && !source.contains && !source.prefix;
        if !frequency {
            let rows = schema.table(&source.table).map(rows_for).unwrap_or(1);
            let sampled = db
                .client
                .query_one(&sample_sql(&source, Engine::Postgres, rows), &[])
                .map(|r| r.get::<_, String>(0))
                .unwrap_or_default();
            let lit = literal(&source, &sampled, Engine::Postgres);
            sets.iter_mut().for_each(|s| s.push(lit.clone()));
            continue;
        }
        let (table, column) = (
            Engine::Postgres.quote(&source.table),
            Engine::Postgres.quote(&source.column),
        );
        let groups = format!(
            "SELECT {column}::text AS v, count(*) AS c FROM {table} WHERE {column} IS NOT NULL GROUP BY {column}"
        );
        let distinct: i64 = db
            .client
            .query_one(&format!("SELECT count(*) FROM ({groups}) g"), &[])
            .map(|r| r.get(0))
            .unwrap_or(0);
        let at = |db: &mut schemac_testkit::PgSchema, order: &str, offset: i64| {
            db.client
                .query_one(
                    &format!(
                        "SELECT v, c FROM ({groups}) g ORDER BY {order} LIMIT 1 OFFSET {offset}"
                    ),
                    &[],
                )
                .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1)))
                .unwrap_or_default()
        };
        for (j, set) in sets.iter_mut().take(TYPICAL).enumerate() {
            let offset = (distinct / 2 + j as i64) % distinct.max(1);
            let (value, _) = at(db, "c, v", offset);
            set.push(literal(&source, &value, Engine::Postgres));
        }
        let (value, count) = at(db, "c DESC, v", 0);
        heavy_rows.get_or_insert(count);
        sets[TYPICAL].push(literal(&source, &value, Engine::Postgres));
    }
    (sets, heavy_rows)
}

/// The value at quantile `q` of `samples` (sorted in place).
fn quantile(samples: &mut [Duration], q: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
    samples.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn header(first: &str) {
    println!(
        "| {first} | {} | {} | {} | {} |",
        VARIANTS[0], VARIANTS[1], VARIANTS[2], VARIANTS[3]
    );
    println!("|---|---|---|---|---|");
}

fn main() {
    let mut examples: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("run from the workspace root")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    examples.sort();
    let mut typical_rows: Vec<String> = Vec::new();
    let mut heavy_rows: Vec<String> = Vec::new();
    let mut sizes: Vec<String> = Vec::new();
    let mut per_index: Vec<String> = Vec::new();
    let bytes_only = std::env::var_os("SCHEMAC_BENCH_BYTES_ONLY").is_some();
    for example in &examples {
        let (schema, polymorphic) = compile(example);
        let name = example
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let queries: Vec<&Query> = schema
            .queries
            .iter()
            .filter(|q| {
                q.traversal.is_none()
                    && schema
                        .table(&q.table)
                        .is_some_and(|t| t.scale.rows >= LARGE)
            })
            .collect();
        // The four variants side by side, loaded with identical rows.
        let mut dbs: Vec<schemac_testkit::PgSchema> = Vec::new();
        let mut bytes = Vec::new();
        // The rows come from the compiled schema, so that unique columns are distinct in
        // every variant, including (a) which has no unique constraints.
        let load = load_statements_spread(&schema, Engine::Postgres, Spread::Zipf);
        for (which, label) in VARIANTS.iter().enumerate() {
            let schema = variant(&schema, &polymorphic, which);
            let mut db = schemac_testkit::PgSchema::new();
            db.client
                .batch_execute(&render_ddl(&schema, DialectKind::Postgres))
                .expect("DDL applies");
            for statement in &load {
                db.client.batch_execute(statement).expect("load");
            }
            db.client.batch_execute("VACUUM ANALYZE").expect("analyze");
            let row = db
                .client
                .query_one(
                    "SELECT coalesce(sum(pg_indexes_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')",
                    &[&db.name],
                )
                .expect("index size");
            bytes.push(row.get::<_, i64>(0));
            for row in db
                .client
                .query(
                    "SELECT t.relname::text, i.relname::text, pg_relation_size(i.oid)::bigint FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND i.relkind = 'i' AND pg_relation_size(i.oid) >= 102400 ORDER BY 3 DESC, 2",
                    &[&db.name],
                )
                .expect("index sizes")
            {
                per_index.push(format!(
                    "| {name} | {label} | `{}` | `{}` | {:.2} MB |",
                    row.get::<_, String>(0),
                    row.get::<_, String>(1),
                    row.get::<_, i64>(2) as f64 / (1024.0 * 1024.0)
                ));
            }
            dbs.push(db);
        }
        for query in queries.iter().filter(|_| !bytes_only) {
            let (sets, heavy_count) = parameter_sets(&mut dbs[VARIANTS.len() - 1], &schema, query);
            let rendered = render_query_sql(query, DialectKind::Postgres);
            let sqls: Vec<String> = sets
                .iter()
                .map(|set| fill(&rendered, set, Engine::Postgres))
                .collect();
            // Warm up every variant with every parameter set once.
            for db in &mut dbs {
                for sql in &sqls {
                    db.client.simple_query(sql).expect("query runs");
                }
            }
            let mut typical = vec![Vec::new(); VARIANTS.len()];
            let mut heavy = vec![Vec::new(); VARIANTS.len()];
            for round in 0..ROUNDS {
                for (s, sql) in sqls.iter().enumerate() {
                    // Interleave the variants, rotating which one goes first.
                    for k in 0..VARIANTS.len() {
                        let which = (round + s + k) % VARIANTS.len();
                        let start = Instant::now();
                        dbs[which].client.simple_query(sql).expect("query runs");
                        let took = start.elapsed();
                        if s < TYPICAL {
                            typical[which].push(took);
                        } else {
                            heavy[which].push(took);
                        }
                    }
                }
            }
            let cells = |samples: &mut Vec<Vec<Duration>>| {
                samples
                    .iter_mut()
                    .map(|v| {
                        let p50 = quantile(v, 0.5);
                        format!("{p50:.3} / {:.3} ms", quantile(v, 0.95))
                    })
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            typical_rows.push(format!(
                "| {name} {} | {} |",
                query.name,
                cells(&mut typical)
            ));
            if let Some(count) = heavy_count {
                heavy_rows.push(format!(
                    "| {name} {} ({count} rows for the value) | {} |",
                    query.name,
                    cells(&mut heavy)
                ));
            }
        }
        let mb = |v: i64| format!("{:.2} MB", v as f64 / (1024.0 * 1024.0));
        sizes.push(format!(
            "| {name} index bytes | {} |",
            bytes.iter().map(|b| mb(*b)).collect::<Vec<_>>().join(" | ")
        ));
    }
    println!("Typical parameters, p50 / p95 over {ROUNDS} rounds x {TYPICAL} parameter sets:\n");
    header("query");
    typical_rows.iter().for_each(|r| println!("{r}"));
    println!("\nHeaviest parent, p50 / p95 over {ROUNDS} rounds:\n");
    header("query");
    heavy_rows.iter().for_each(|r| println!("{r}"));
    println!();
    header("example");
    sizes.iter().for_each(|r| println!("{r}"));
    println!("\nEvery index of 100 kB or more, largest first:\n");
    println!("| example | variant | table | index | bytes |");
    println!("|---|---|---|---|---|");
    per_index.iter().for_each(|r| println!("{r}"));
}

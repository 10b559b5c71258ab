//! The `explain` report model: the schema analysis in the guide's output format (pain
//! points, recommended schema, indexes, migration strategy, trade-offs, expected
//! impact), built from the planned IR alone. It is pure data: the command renders it
//! as markdown or JSON and fills in the dialect's DDL.

pub mod text;

use serde::Serialize;

use crate::checks::containment_without_index::mysql8_multi_valued;
use crate::ir::{Index, IndexMethod, IndexOrigin, Schema, Table, TableKind};
use crate::planner::access::{self, Fit};
use crate::planner::estimate::{self, ReadCost};
use crate::planner::foreign_keys;
use crate::planner::shape::{self, Shape, ShapeOrigin};
use crate::planner::SMALL_TABLE_ROWS;

/// What the chosen dialect can do, as `explain` needs it (the command asks the
/// backend's `Dialect`).
#[derive(Clone, Debug, Serialize)]
pub struct Capabilities {
    pub dialect: String,
    pub partial_indexes: bool,
    pub gin: bool,
    /// Without GIN, the dialect builds the inverted index of an array whose element
    /// type has a key type as a multi-valued index (MySQL 8; see
    /// [`mysql8_multi_valued`]), which serves `contains`.
    pub multi_valued: bool,
    /// A B-tree serves `starts_with` as the dialect renders it.
    pub prefix_btree: bool,
    /// How the dialect builds an index without blocking writes, or `None`.
    pub online_index_build: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub dialect: String,
    pub pain_points: Vec<String>,
    /// The dialect's DDL; the command fills it in.
    pub ddl: String,
    pub indexes: Vec<IndexReport>,
    pub queries: Vec<QueryReport>,
    /// The storage strategies the traits chose (tree, partitions), with why.
    pub strategies: Vec<StrategyReport>,
    pub migration: Vec<String>,
    pub trade_offs: Vec<TradeOff>,
    pub impact: Impact,
}

#[derive(Clone, Debug, Serialize)]
pub struct StrategyReport {
    pub table: String,
    /// `tree` or `timeseries`.
    pub pattern: String,
    /// `closure table`, `monthly range partitions, 13 kept`, ...
    pub choice: String,
    /// True when the schema names the strategy; false when the planner chose it.
    pub declared: bool,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct IndexReport {
    pub table: String,
    pub name: String,
    /// `planned`, `foreign_key`, `user`, `polymorphic`, `hierarchy`, `trait`.
    pub origin: String,
    pub user_written: bool,
    pub method: String,
    /// `placed_at desc`, `name text_pattern_ops`.
    pub keys: Vec<String>,
    pub predicate: Option<String>,
    pub queries: Vec<String>,
    pub reasons: Vec<String>,
    pub estimated_bytes: f64,
    /// What the dialect does with it when it lacks a feature the index uses.
    pub dialect_note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryReport {
    pub name: String,
    pub table: String,
    pub rate_per_sec: f64,
    pub accesses: Vec<AccessReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AccessReport {
    pub table: String,
    /// `query`, `branch 2`, `path customer`.
    pub part: String,
    /// `full`, `partial` (residual filter or sort), `scan`, `small_table`.
    pub fit: String,
    pub index: Option<String>,
    pub with_plan: Cost,
    pub without_plan: Cost,
    pub residual: Vec<String>,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Cost {
    pub pages: f64,
    pub rows: f64,
    pub sorts: bool,
}

impl From<ReadCost> for Cost {
    fn from(c: ReadCost) -> Self {
        Cost {
            pages: c.pages,
            rows: c.rows,
            sorts: c.sorts,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TradeOff {
    pub advantage: bool,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Impact {
    pub reads: Vec<String>,
    pub writes: Vec<String>,
    pub storage: Vec<String>,
    pub tables: Vec<TableImpact>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TableImpact {
    pub table: String,
    pub rows: f64,
    pub table_bytes: f64,
    /// Indexes (with the primary key and unique constraints) before and with the plan.
    pub index_bytes_before: f64,
    pub index_bytes_after: f64,
    /// Structures written per insert: the row plus each index.
    pub writes_per_insert_before: usize,
    pub writes_per_insert_after: usize,
}

/// True for the indexes the planner added.
pub fn is_planned(index: &Index) -> bool {
    matches!(
        index.origin,
        IndexOrigin::Planned { .. } | IndexOrigin::ForeignKey
    )
}

/// The table as it was before planning: without the planner's indexes.
fn unplanned(table: &Table) -> Table {
    let mut t = table.clone();
    t.indexes.retain(|i| !is_planned(i));
    t
}

/// Builds the report for `schema`; with `query`, only that query and the indexes it
/// uses.
pub fn build(schema: &Schema, caps: &Capabilities, query: Option<&str>) -> Report {
    let usable = usable_on(schema, caps);
    let queries: Vec<QueryReport> = usable
        .queries
        .iter()
        .filter(|q| query.is_none_or(|name| q.name == name))
        .map(|q| query_report(&usable, q))
        .collect();
    let used: Vec<&str> = queries
        .iter()
        .flat_map(|q| q.accesses.iter().filter_map(|a| a.index.as_deref()))
        .collect();
    let indexes: Vec<IndexReport> = schema
        .tables
        .iter()
        .flat_map(|t| t.indexes.iter().map(move |i| (t, i)))
        .filter(|(_, i)| query.is_none() || used.contains(&i.name.as_str()))
        .map(|(t, i)| index_report(schema, t, i, &queries, caps))
        .collect();
    let impact = impact(schema, &queries, query.is_some());
    Report {
        dialect: caps.dialect.clone(),
        pain_points: pain_points(schema, &queries, caps, query),
        ddl: String::new(),
        strategies: strategies(schema, query.is_some()),
        migration: migration(schema, &indexes, caps),
        trade_offs: trade_offs(&indexes, &queries, &impact, caps),
        indexes,
        queries,
        impact,
    }
}

/// The schema as the dialect builds it, for the access analysis: without the inverted
/// indexes it cannot create, and without the prefix operator class where its B-tree
/// does not serve `starts_with`.
fn usable_on(schema: &Schema, caps: &Capabilities) -> Schema {
    let mut out = schema.clone();
    for table in &mut out.tables {
        if !caps.gin {
            // Inverted indexes stay only where the dialect builds a multi-valued one.
            let indexes = std::mem::take(&mut table.indexes);
            table.indexes = indexes
                .into_iter()
                .filter(|i| i.method != IndexMethod::Gin || multi_valued(caps, table, i))
                .collect();
        }
        if !caps.prefix_btree {
            for key in table.indexes.iter_mut().flat_map(|i| i.columns.iter_mut()) {
                key.opclass = None;
            }
        }
    }
    out
}

fn part(shape: &Shape) -> String {
    match &shape.origin {
        ShapeOrigin::Query => "query".to_string(),
        ShapeOrigin::Branch(n) => format!("branch {n}"),
        ShapeOrigin::JoinTarget { alias } => format!("path {alias}"),
    }
}

fn query_report(schema: &Schema, query: &crate::ir::Query) -> QueryReport {
    let accesses = shape::shapes_of(schema, query)
        .into_iter()
        .filter_map(|shape| {
            let table = schema.table(&shape.table)?;
            let before = unplanned(table);
            let with = access::best(table, &shape);
            let without = access::best(&before, &shape);
            let small = table.scale.rows < SMALL_TABLE_ROWS && with.is_none();
            let fit = match (&with, small) {
                (_, true) => "small_table",
                (Some(a), _) if a.fit == Fit::Full => "full",
                (Some(_), _) => "partial",
                (None, _) => "scan",
            };
            Some(AccessReport {
                table: shape.table.clone(),
                part: part(&shape),
                fit: fit.to_string(),
                index: with.as_ref().map(|a| a.index.clone()),
                with_plan: estimate::read_cost(schema, table, &shape, with.as_ref()).into(),
                without_plan: estimate::read_cost(schema, &before, &shape, without.as_ref()).into(),
                residual: shape.residual.clone(),
            })
        })
        .collect();
    QueryReport {
        name: query.name.clone(),
        table: query.table.clone(),
        rate_per_sec: query.rate_per_sec,
        accesses,
    }
}

/// A key as text: `placed_at desc`, `name text_pattern_ops`.
pub fn key_text(key: &crate::ir::IndexKey) -> String {
    let mut text = key.column.clone();
    if key.opclass.is_some() {
        text.push_str(" text_pattern_ops");
    }
    if key.desc {
        text.push_str(" desc");
    }
    text
}

fn index_report(
    schema: &Schema,
    table: &Table,
    index: &Index,
    queries: &[QueryReport],
    caps: &Capabilities,
) -> IndexReport {
    let (origin, mut recorded, reasons) = match &index.origin {
        IndexOrigin::Planned { queries, reasons } => ("planned", queries.clone(), reasons.clone()),
        IndexOrigin::ForeignKey => (
            "foreign_key",
            Vec::new(),
            table
                .foreign_keys
                .iter()
                .filter(|fk| index.columns.iter().take(fk.columns.len()).all(|k| fk.columns.contains(&k.column)))
                .map(|fk| {
                    let partial = if index.predicate.is_some() {
                        "; rows without a parent stay out of it, since every lookup by the foreign key compares its columns"
                    } else {
                        ""
                    };
                    format!("covers the foreign key `{}` -> {}: deletes of a parent row find its children without a scan{partial}", fk.name, fk.ref_table)
                })
                .collect(),
        ),
        IndexOrigin::User => ("user", Vec::new(), vec!["written in the schema; kept exactly as declared".to_string()]),
        IndexOrigin::Polymorphic => ("polymorphic", Vec::new(), vec!["the (type, id) lookup of a polymorphic relation".to_string()]),
        IndexOrigin::Hierarchy => ("hierarchy", Vec::new(), vec!["the parent lookup of a tree (children, descendants)".to_string()]),
        IndexOrigin::Trait { name, reason } => ("trait", Vec::new(), vec![format!("{name}: {reason}")]),
    };
    for q in queries {
        if q.accesses
            .iter()
            .any(|a| a.index.as_deref() == Some(index.name.as_str()))
            && !recorded.contains(&q.name)
        {
            recorded.push(q.name.clone());
        }
    }
    let dialect_note = match index.method {
        IndexMethod::Gin if !caps.gin && multi_valued(caps, table, index) => Some(format!(
            "{} has no GIN: it builds the index as a multi-valued index over the elements of `{}` (`CAST(.. AS .. ARRAY)`), which `contains` uses; the index rejects an element it cannot cast",
            caps.dialect,
            inverted_column(index)
        )),
        IndexMethod::Gin if !caps.gin && multi_valued_on_mysql8(table, index) => Some(format!(
            "{} has no inverted index: the index is not created and containment queries on `{}` scan the table (MySQL 8 builds it as a multi-valued index)",
            caps.dialect,
            inverted_column(index)
        )),
        IndexMethod::Gin if !caps.gin => Some(format!(
            "{} has no inverted index: the index is not created and containment queries on `{}` scan the table",
            caps.dialect,
            inverted_column(index)
        )),
        _ if index.predicate.is_some() && !caps.partial_indexes => Some(format!(
            "{} has no partial indexes: the literal columns of the predicate lead the key instead, and the rest is filtered after the lookup",
            caps.dialect
        )),
        _ if index.columns.iter().any(|k| k.opclass.is_some()) && !caps.prefix_btree => Some(format!(
            "{}'s `starts_with` is case-insensitive `LIKE`, which this B-tree cannot serve: prefix searches scan",
            caps.dialect
        )),
        _ => None,
    };
    IndexReport {
        table: table.name.clone(),
        name: index.name.clone(),
        origin: origin.to_string(),
        user_written: index.origin == IndexOrigin::User,
        method: match index.method {
            IndexMethod::BTree => "btree",
            IndexMethod::Gin => "gin",
        }
        .to_string(),
        keys: index.columns.iter().map(key_text).collect(),
        predicate: index.predicate.as_ref().map(text::expr),
        queries: recorded,
        reasons,
        estimated_bytes: estimate::index_bytes(schema, table, index),
        dialect_note,
    }
}

/// The column of an inverted index.
fn inverted_column(index: &Index) -> &str {
    index
        .columns
        .first()
        .map(|k| k.column.as_str())
        .unwrap_or_default()
}

/// True when the dialect of `caps` builds the inverted index `index` as a
/// multi-valued index.
fn multi_valued(caps: &Capabilities, table: &Table, index: &Index) -> bool {
    caps.multi_valued && multi_valued_on_mysql8(table, index)
}

/// True when MySQL 8 builds the inverted index `index` as a multi-valued index over
/// its column's elements (see `W0112`'s [`mysql8_multi_valued`]).
fn multi_valued_on_mysql8(table: &Table, index: &Index) -> bool {
    match index.columns.as_slice() {
        [key] => table
            .column(&key.column)
            .is_some_and(|c| mysql8_multi_valued(&c.ty)),
        _ => false,
    }
}

fn pain_points(
    schema: &Schema,
    queries: &[QueryReport],
    caps: &Capabilities,
    only: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for q in queries {
        for a in &q.accesses {
            let Some(table) = schema.table(&a.table) else {
                continue;
            };
            if table.scale.rows < SMALL_TABLE_ROWS {
                continue;
            }
            let rows = estimate::round_count(table.scale.rows);
            let rate = rate_text(q.rate_per_sec);
            if a.fit == "scan" {
                out.push(format!(
                    "`{}` scans `{}` ({rows} rows) even with the plan{}: {}",
                    q.name,
                    a.table,
                    rate,
                    if a.residual.is_empty() {
                        format!("no index that {} builds serves it", caps.dialect)
                    } else {
                        a.residual.join("; ")
                    }
                ));
            } else if a.without_plan.pages > 10.0 * a.with_plan.pages {
                out.push(format!(
                    "`{}`{} would read ~{} pages of `{}` ({rows} rows){} without the planned index{}, ~{} with it",
                    q.name,
                    rate,
                    estimate::round_count(a.without_plan.pages),
                    a.table,
                    if a.part == "query" { String::new() } else { format!(" for its {}", a.part) },
                    if a.without_plan.sorts { " and sort them" } else { "" },
                    estimate::round_count(a.with_plan.pages)
                ));
            } else if a.without_plan.sorts && !a.with_plan.sorts {
                out.push(format!(
                    "`{}`{} would sort its rows without the planned index",
                    q.name, rate
                ));
            }
        }
    }
    if only.is_some() {
        return out;
    }
    for table in &schema.tables {
        if table.kind != TableKind::Entity || table.scale.rows < SMALL_TABLE_ROWS {
            continue;
        }
        let before = unplanned(table);
        let indexes = access::keyed_indexes(&before);
        for fk in &table.foreign_keys {
            let lookup = schema
                .table(&fk.ref_table)
                .is_some_and(|t| t.kind == TableKind::EnumLookup);
            // A partial index serves the foreign key's lookups when its predicate is
            // only `IS NOT NULL` of the foreign key's columns, which `fk = ?` implies.
            let covered = indexes.iter().any(|i| {
                let keys: Vec<&str> = i.keys.iter().map(|k| k.column.as_str()).collect();
                foreign_keys::covered_by(fk, &keys, i.predicate)
            });
            if !lookup && !covered {
                out.push(format!(
                    "foreign key `{}` ({}) has no index of its own in the schema: deleting a row of `{}` scans `{}` ({} rows)",
                    fk.name,
                    fk.columns.join(", "),
                    fk.ref_table,
                    table.name,
                    estimate::round_count(table.scale.rows)
                ));
            }
        }
        for index in &table.indexes {
            if index.origin == IndexOrigin::Polymorphic {
                let columns: Vec<&str> = index.columns.iter().map(|k| k.column.as_str()).collect();
                out.push(format!(
                    "`{}` ({}) is a polymorphic association: no foreign key can check it, so orphans are possible (`@exclusive_arcs` keeps integrity)",
                    table.name,
                    columns.join(", ")
                ));
            }
            if index.method == IndexMethod::Gin && !caps.gin && !multi_valued(caps, table, index) {
                let except = if multi_valued_on_mysql8(table, index) {
                    ", except on MySQL 8, which indexes the array's elements (a multi-valued index)"
                } else {
                    ""
                };
                out.push(format!(
                    "{} has no inverted index: containment on `{}.{}` scans the table{except}",
                    caps.dialect,
                    table.name,
                    inverted_column(index)
                ));
            }
        }
        if table.scale.rows > 1e6
            && table.scale.growth_per_month > 0.0
            && table.partitioning.is_none()
        {
            let months = table.scale.rows / table.scale.growth_per_month;
            out.push(format!(
                "`{}` is in the scale phase ({} rows, +{}/month, doubling in ~{} months): no partitioning plan: partition it by time (`timeseries on ...`) or archive old rows",
                table.name,
                estimate::round_count(table.scale.rows),
                estimate::round_count(table.scale.growth_per_month),
                months.round()
            ));
        }
    }
    out
}

fn rate_text(rate: f64) -> String {
    if rate <= 0.0 {
        String::new()
    } else if rate >= 1.0 {
        format!(" ({}/s)", estimate::round_count(rate))
    } else {
        format!(" ({}/min)", estimate::round_count(rate * 60.0))
    }
}

/// How the dialect builds an index of the report.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Build {
    /// As its other indexes: online where the dialect can.
    Online,
    /// A multi-valued index, which MySQL builds by copying the table.
    Copying,
    /// Not at all: an inverted index the dialect has no form of.
    Not,
}

fn migration(schema: &Schema, indexes: &[IndexReport], caps: &Capabilities) -> Vec<String> {
    let planned: Vec<&IndexReport> = indexes
        .iter()
        .filter(|i| i.origin == "planned" || i.origin == "foreign_key")
        .collect();
    let large = |table: &str| schema.table(table).is_some_and(|t| t.scale.rows >= 1e6);
    let mut steps = vec!["Create the tables, then load existing data, then build the indexes: building an index once is cheaper than maintaining it row by row during a bulk load.".to_string()];
    let fk: Vec<String> = planned
        .iter()
        .filter(|i| i.origin == "foreign_key")
        .map(|i| format!("`{}`", i.name))
        .collect();
    if !fk.is_empty() {
        steps.push(format!("Build the foreign key indexes first ({}): they protect parent deletes from table scans under lock.", fk.join(", ")));
    }
    let build = |i: &IndexReport| {
        let table = schema.table(&i.table);
        let index = table.and_then(|t| t.indexes.iter().find(|x| x.name == i.name));
        match (table, index) {
            (Some(table), Some(index)) if index.method == IndexMethod::Gin && !caps.gin => {
                if multi_valued(caps, table, index) {
                    Build::Copying
                } else {
                    Build::Not
                }
            }
            _ => Build::Online,
        }
    };
    let big = |how: Build| -> Vec<String> {
        planned
            .iter()
            .filter(|i| large(&i.table) && build(i) == how)
            .map(|i| format!("`{}`", i.name))
            .collect()
    };
    let online = big(Build::Online);
    if !online.is_empty() {
        steps.push(match &caps.online_index_build {
            Some(how) => format!("On tables of a million rows or more, build without blocking writes ({how}): {}.", online.join(", ")),
            None => format!("{} cannot build indexes without blocking writes: build {} in a maintenance window.", caps.dialect, online.join(", ")),
        });
    }
    let copying = big(Build::Copying);
    if !copying.is_empty() {
        steps.push(format!("{} builds multi-valued indexes by copying the table, which blocks writes: build {} in a maintenance window.", caps.dialect, copying.join(", ")));
    }
    steps.push("Build the query indexes in order of query rate, the busiest first; run `ANALYZE` after each large build.".to_string());
    steps.push("Check each declared query's plan with `EXPLAIN` (`schemac explain --query NAME` shows the index it should use); user-written indexes are kept, so nothing is dropped.".to_string());
    steps
}

fn trade_offs(
    indexes: &[IndexReport],
    queries: &[QueryReport],
    impact: &Impact,
    caps: &Capabilities,
) -> Vec<TradeOff> {
    let mut out = Vec::new();
    let served = queries
        .iter()
        .filter(|q| {
            q.accesses
                .iter()
                .all(|a| a.fit == "full" || a.fit == "small_table")
        })
        .count();
    out.push(TradeOff { advantage: true, text: format!("{served} of {} declared queries are served by an index without a residual scan or sort", queries.len()) });
    let partial = indexes
        .iter()
        .filter(|i| i.origin == "planned" && i.predicate.is_some())
        .count();
    if partial > 0 && caps.partial_indexes {
        out.push(TradeOff { advantage: true, text: format!("{partial} planned indexes are partial: they hold only the rows their queries can return") });
    }
    let added: usize = impact
        .tables
        .iter()
        .map(|t| t.writes_per_insert_after - t.writes_per_insert_before)
        .sum();
    if added > 0 {
        out.push(TradeOff { advantage: false, text: format!("{added} more indexes to maintain, summed over the tables that get planned ones: each insert into such a table writes them too") });
    }
    let bytes: f64 = impact
        .tables
        .iter()
        .map(|t| t.index_bytes_after - t.index_bytes_before)
        .sum();
    if bytes > 0.0 {
        out.push(TradeOff {
            advantage: false,
            text: format!(
                "~{} more index storage at the declared scale",
                estimate::human_bytes(bytes)
            ),
        });
    }
    if indexes.iter().any(|i| i.method == "gin") {
        out.push(TradeOff {
            advantage: false,
            text: "GIN indexes make updates of the indexed documents slower (pending-list merges)"
                .to_string(),
        });
    }
    if indexes.iter().any(|i| i.dialect_note.is_some()) {
        out.push(TradeOff {
            advantage: false,
            text: format!(
                "{} falls back for some indexes (see their notes)",
                caps.dialect
            ),
        });
    }
    out
}

fn impact(schema: &Schema, queries: &[QueryReport], narrowed: bool) -> Impact {
    let mut tables = Vec::new();
    for table in schema.tables.iter().filter(|t| t.kind == TableKind::Entity) {
        let constraint_bytes: f64 =
            estimate::constraint_index_bytes(table, &table.primary_key.columns)
                + table
                    .uniques
                    .iter()
                    .map(|u| estimate::constraint_index_bytes(table, &u.columns))
                    .sum::<f64>();
        let bytes = |planned: bool| -> f64 {
            table
                .indexes
                .iter()
                .filter(|i| planned || !is_planned(i))
                .map(|i| estimate::index_bytes(schema, table, i))
                .sum::<f64>()
                + constraint_bytes
        };
        let structures =
            1 + usize::from(!table.primary_key.columns.is_empty()) + table.uniques.len();
        let planned = table.indexes.iter().filter(|i| is_planned(i)).count();
        tables.push(TableImpact {
            table: table.name.clone(),
            rows: table.scale.rows,
            table_bytes: estimate::table_bytes(table),
            index_bytes_before: bytes(false),
            index_bytes_after: bytes(true),
            writes_per_insert_before: structures + table.indexes.len() - planned,
            writes_per_insert_after: structures + table.indexes.len(),
        });
    }
    let mut reads = Vec::new();
    for q in queries {
        let with: f64 = q.accesses.iter().map(|a| a.with_plan.pages).sum();
        let without: f64 = q.accesses.iter().map(|a| a.without_plan.pages).sum();
        let factor = if with > 0.0 { without / with } else { 1.0 };
        reads.push(format!(
            "`{}`: ~{} pages per run with the plan, ~{} without{}",
            q.name,
            estimate::round_count(with),
            estimate::round_count(without),
            if factor >= 1.5 {
                format!(" ({}x fewer)", estimate::round_count(factor))
            } else {
                String::new()
            }
        ));
    }
    let changed: Vec<&TableImpact> = tables
        .iter()
        .filter(|t| t.writes_per_insert_after != t.writes_per_insert_before)
        .collect();
    let writes = if narrowed {
        Vec::new()
    } else {
        changed
            .iter()
            .map(|t| {
                format!(
                    "`{}`: {} structures written per insert, {} before the plan ({}% more write work)",
                    t.table,
                    t.writes_per_insert_after,
                    t.writes_per_insert_before,
                    ((t.writes_per_insert_after as f64 / t.writes_per_insert_before as f64 - 1.0) * 100.0).round()
                )
            })
            .collect()
    };
    let table_total: f64 = tables.iter().map(|t| t.table_bytes).sum();
    let before: f64 = tables.iter().map(|t| t.index_bytes_before).sum();
    let after: f64 = tables.iter().map(|t| t.index_bytes_after).sum();
    let storage = if narrowed {
        Vec::new()
    } else {
        vec![format!(
            "tables ~{}; indexes ~{} with the plan, ~{} before (+{}, {}% of the table data)",
            estimate::human_bytes(table_total),
            estimate::human_bytes(after),
            estimate::human_bytes(before),
            estimate::human_bytes(after - before),
            if table_total > 0.0 {
                ((after - before) / table_total * 100.0).round()
            } else {
                0.0
            }
        )]
    };
    Impact {
        reads,
        writes,
        storage,
        tables,
    }
}

/// The tree and partitioning strategies of every table (none for a one-query report).
fn strategies(schema: &Schema, one_query: bool) -> Vec<StrategyReport> {
    if one_query {
        return Vec::new();
    }
    let mut out = Vec::new();
    for table in &schema.tables {
        if let Some(h) = &table.hierarchy {
            let choice = match h.strategy {
                crate::ir::TreeStrategy::Adjacency => "adjacency list",
                crate::ir::TreeStrategy::NestedSet => "nested sets",
                crate::ir::TreeStrategy::MaterializedPath => "materialized path",
                crate::ir::TreeStrategy::Closure => "closure table",
            };
            out.push(StrategyReport {
                table: table.name.clone(),
                pattern: "tree".to_string(),
                choice: choice.to_string(),
                declared: h.declared,
                reason: h.chosen_because.clone(),
            });
        }
        if let Some(p) = &table.partitioning {
            let kept = p
                .retain
                .map_or("all kept".to_string(), |n| format!("{n} kept"));
            out.push(StrategyReport {
                table: table.name.clone(),
                pattern: "timeseries".to_string(),
                choice: format!("{:?} range partitions on `{}`, {kept}", p.interval, p.column).to_lowercase(),
                declared: true,
                reason: "declared with `timeseries on`: old rows leave by dropping a partition, and queries on a time range read only its partitions".to_string(),
            });
        }
    }
    out
}

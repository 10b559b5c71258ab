//! Synthetic data for the planner's engine tests: rows generated inside the database
//! (one `INSERT ... SELECT` over a sequence per table), foreign keys pointing at
//! existing parent rows, unique columns distinct, one arc of each `@exclusive_arcs`
//! relation set per row; and the declared queries with their parameters replaced by
//! values sampled from the loaded rows.

#![allow(dead_code)]

use schemac_backends::order::order_tables;
use schemac_compiler::ir::{
    BinaryOp, Column, ColumnType, Expr, ForeignKey, Query, Schema, Table, TableKind, Value,
};

/// Tables declared at this many rows or more are "large": the test asserts that the
/// queries on them use an index.
pub const LARGE: f64 = 1_000_000.0;
/// Rows loaded into a large table.
pub const LARGE_ROWS: u64 = 200_000;
/// The most rows loaded into a smaller table.
pub const SMALL_ROWS: u64 = 20_000;

/// How an engine spells the pieces of the generator.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Engine {
    Postgres,
    Mariadb,
    Sqlite,
}

impl Engine {
    fn concat(self, a: &str, b: &str) -> String {
        match self {
            Engine::Mariadb => format!("CONCAT({a}, {b})"),
            _ => format!("({a} || {b})"),
        }
    }

    /// Integer division (MariaDB's `/` gives a decimal).
    fn div(self, a: &str, b: u64) -> String {
        match self {
            Engine::Mariadb => format!("({a} DIV {b})"),
            _ => format!("({a} / {b})"),
        }
    }

    fn text(self, n: &str) -> String {
        match self {
            Engine::Postgres => format!("{n}::text"),
            Engine::Mariadb => format!("CAST({n} AS CHAR)"),
            Engine::Sqlite => format!("CAST({n} AS TEXT)"),
        }
    }

    /// The current time minus `n` seconds (recent rows, inside the current partition).
    fn timestamp(self, n: &str) -> String {
        match self {
            Engine::Postgres => format!("(now() - {n} * interval '1 second')"),
            Engine::Mariadb => format!("(NOW(6) - INTERVAL {n} SECOND)"),
            Engine::Sqlite => {
                format!("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || {n} || ' seconds')")
            }
        }
    }

    fn date(self, n: &str) -> String {
        match self {
            Engine::Postgres => format!("(date '2020-01-01' + ({n} % 3000)::int)"),
            Engine::Mariadb => format!("DATE_ADD('2020-01-01', INTERVAL ({n} % 3000) DAY)"),
            Engine::Sqlite => format!("date('2020-01-01', '+' || ({n} % 3000) || ' days')"),
        }
    }

    fn time(self, n: &str) -> String {
        match self {
            Engine::Postgres => format!("(time '00:00' + ({n} % 86400) * interval '1 second')"),
            Engine::Mariadb => format!("SEC_TO_TIME({n} % 86400)"),
            Engine::Sqlite => format!("time({n} % 86400, 'unixepoch')"),
        }
    }

    fn json_array(self, element: &str) -> String {
        match self {
            Engine::Postgres => format!("jsonb_build_array({element})"),
            Engine::Mariadb => format!("JSON_ARRAY({element})"),
            Engine::Sqlite => format!("json_array({element})"),
        }
    }

    fn bytes(self, n: &str) -> String {
        match self {
            Engine::Postgres => format!("convert_to({n}::text, 'UTF8')"),
            Engine::Mariadb => format!("CAST({n} AS BINARY)"),
            Engine::Sqlite => format!("CAST(CAST({n} AS TEXT) AS BLOB)"),
        }
    }

    fn uuid(self, n: &str) -> String {
        match self {
            Engine::Postgres => format!("md5({n}::text)::uuid"),
            Engine::Mariadb => "UUID()".to_string(),
            Engine::Sqlite => format!("printf('%08x-0000-4000-8000-%012x', {n}, {n})"),
        }
    }

    /// `INSERT INTO table (columns) SELECT exprs FROM <1..rows as n>`.
    fn insert(self, table: &str, columns: &[String], exprs: &[String], rows: u64) -> String {
        let (cols, exprs) = (columns.join(", "), exprs.join(", "));
        match self {
            Engine::Postgres => format!("INSERT INTO {table} ({cols}) SELECT {exprs} FROM generate_series(1, {rows}) AS s(n)"),
            Engine::Mariadb => format!("INSERT INTO {table} ({cols}) SELECT {exprs} FROM (SELECT seq AS n FROM seq_1_to_{rows}) AS s"),
            Engine::Sqlite => format!(
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {rows}) INSERT INTO {table} ({cols}) SELECT {exprs} FROM s"
            ),
        }
    }

    pub fn quote(self, name: &str) -> String {
        match self {
            Engine::Mariadb => format!("`{name}`"),
            _ => format!("\"{name}\""),
        }
    }
}

/// The schema without the CHECK constraints that synthetic rows need not satisfy: all
/// but the exclusive arcs', which the generated rows keep (and which mark the arcs for
/// the generator).
pub fn unchecked(schema: &Schema) -> Schema {
    let mut out = schema.clone();
    for table in &mut out.tables {
        table.checks.retain(|c| exclusive_arc(&c.expr).is_some());
    }
    out
}

/// The arcs of an `@exclusive_arcs` CHECK (`CountNotNull(first column of each arc) = 1`,
/// or `<= 1` when the relation is optional), and whether one arc must be set.
fn exclusive_arc(check: &Expr) -> Option<(&[String], bool)> {
    let Expr::Binary { op, lhs, rhs } = check else {
        return None;
    };
    let (Expr::CountNotNull(columns), Expr::Value(Value::Number(one))) =
        (lhs.as_ref(), rhs.as_ref())
    else {
        return None;
    };
    let required = match op {
        BinaryOp::Eq => true,
        BinaryOp::Le => false,
        _ => return None,
    };
    (one == "1").then_some((columns.as_slice(), required))
}

/// Where `fk` is one arc of an exclusive-arc relation of `table`: its position, the
/// number of arcs, and whether one arc must be set.
fn arc_of(table: &Table, fk: &ForeignKey) -> Option<(usize, usize, bool)> {
    let first = fk.columns.first()?;
    table.checks.iter().find_map(|check| {
        let (columns, required) = exclusive_arc(&check.expr)?;
        let at = columns.iter().position(|c| c == first)?;
        Some((at, columns.len(), required))
    })
}

/// A self-reference outside a tree (a comment's reply-to): one row in three points at
/// an earlier row, which the same statement inserted before it (the key is an identity,
/// numbered in insertion order), so a third of the comments are replies. A tree's
/// parent columns, a required self-reference and one to another key stay NULL.
fn self_reference(table: &Table, column: &Column, fk: &ForeignKey) -> Option<String> {
    let n = "n";
    let tree = table
        .hierarchy
        .as_ref()
        .is_some_and(|h| h.parent.contains(&column.name));
    let identity_key = match fk.ref_columns.as_slice() {
        [key] => table.column(key).is_some_and(|c| c.identity),
        _ => false,
    };
    (!tree && column.nullable && identity_key)
        .then(|| format!("CASE WHEN {n} % 3 = 0 THEN 1 + ({n} * 7919) % ({n} - 1) END"))
}

/// The rows to load into `table`.
pub fn rows_for(table: &Table) -> u64 {
    if table.scale.rows >= LARGE {
        LARGE_ROWS
    } else {
        (table.scale.rows as u64).clamp(1, SMALL_ROWS)
    }
}

/// The tables the test loads: entities, not the tables a trait keeps itself (closure
/// tables filled by triggers, append-only event logs).
fn loadable(schema: &Schema, table: &Table) -> bool {
    let closure = schema.tables.iter().any(|t| {
        t.hierarchy
            .as_ref()
            .and_then(|h| h.closure_table.as_deref())
            == Some(table.name.as_str())
    });
    table.kind == TableKind::Entity && !table.append_only && !closure
}

/// How child rows pick their parents (foreign keys outside the primary key).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Spread {
    /// Round-robin: every parent has about the declared rows per parent.
    Even,
    /// Half the rows round-robin, half Zipf-like (parent `k` with probability about
    /// `1/k`), so that a few parents have thousands of children while a typical parent
    /// keeps a handful; the total is unchanged. Uses `power`, so PostgreSQL or MariaDB.
    Zipf,
}

/// One `INSERT ... SELECT` per loadable table, parents first, and the row counts.
pub fn load_statements(schema: &Schema, engine: Engine) -> Vec<String> {
    load_statements_spread(schema, engine, Spread::Even)
}

/// `load_statements` with the given spread of children over parents.
pub fn load_statements_spread(schema: &Schema, engine: Engine, spread: Spread) -> Vec<String> {
    let order = order_tables(schema, true);
    let mut loaded: Vec<(String, u64)> = Vec::new();
    let mut out = Vec::new();
    for &i in &order.tables {
        let table = &schema.tables[i];
        if !loadable(schema, table) {
            continue;
        }
        let rows = rows_for(table);
        let mut columns = Vec::new();
        let mut exprs = Vec::new();
        // Key columns that reference parents vary fastest-first so that pairs stay distinct.
        let mut divisor: u64 = 1;
        for column in &table.columns {
            if column.identity {
                continue;
            }
            let Some(expr) = value(schema, table, column, engine, &loaded, &mut divisor, spread)
            else {
                continue;
            };
            columns.push(engine.quote(&column.name));
            exprs.push(expr);
        }
        if columns.is_empty() {
            continue;
        }
        out.push(engine.insert(&engine.quote(&table.name), &columns, &exprs, rows));
        loaded.push((table.name.clone(), rows));
    }
    out
}

fn in_unique(table: &Table, column: &str) -> bool {
    table
        .uniques
        .iter()
        .any(|u| u.columns.iter().any(|c| c == column))
        || table
            .indexes
            .iter()
            .any(|i| i.unique && i.columns.iter().any(|k| k.column == column))
}

fn value(
    schema: &Schema,
    table: &Table,
    column: &Column,
    engine: Engine,
    loaded: &[(String, u64)],
    divisor: &mut u64,
    spread: Spread,
) -> Option<String> {
    let n = "n";
    let name = column.name.as_str();
    if let Some(fk) = table
        .foreign_keys
        .iter()
        .find(|f| f.columns.len() == 1 && f.columns[0] == name)
    {
        let parent = schema.table(&fk.ref_table)?;
        if parent.kind == TableKind::EnumLookup {
            let values: Vec<String> = parent
                .seed_rows
                .iter()
                .filter_map(|r| match r.first() {
                    Some(Value::String(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            let arms: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("WHEN {i} THEN '{v}'"))
                .collect();
            return Some(format!(
                "CASE {n} % {} {} END",
                values.len().max(1),
                arms.join(" ")
            ));
        }
        if fk.ref_table == table.name {
            return self_reference(table, column, fk);
        }
        let count = loaded
            .iter()
            .find(|(t, _)| *t == fk.ref_table)
            .map(|(_, c)| *c)?;
        let in_key = table.primary_key.columns.iter().any(|c| c == name);
        let expr = if in_key {
            let e = format!("(1 + ({n} / {}) % {count})", *divisor);
            *divisor *= count;
            e
        } else {
            // Keep the declared rows per parent: spread the rows over that many parents.
            let per_parent = (table.scale.rows / parent.scale.rows.max(1.0)).max(1.0);
            let parents = ((rows_for(table) as f64 / per_parent) as u64).clamp(1, count);
            match spread {
                Spread::Even => format!("(1 + {n} % {parents})"),
                Spread::Zipf => {
                    // A multiplicative hash of `n` in [0, 2^32): below 2^31 the row takes
                    // parent floor(parents^u) for u = hash / 2^31 (log-uniform, so about
                    // 1/k of those rows go to parent k), otherwise a round-robin parent.
                    // Every foreign key of a row uses the same u, so the heavy parents
                    // of two keys (a tenant and an assignee) share their rows.
                    let hash = format!("(({n} * 2654435761) % 4294967296)");
                    format!(
                        "(CASE WHEN {hash} < 2147483648 THEN floor(power({parents}, {hash} / 2147483648.0)) ELSE 1 + ({n} / 2) % {parents} END)"
                    )
                }
            }
        };
        // Evenly spread: one row in ten has a parent. Zipf-like: one in ten has none, as
        // with tasks that are mostly assigned.
        let nullable = match spread {
            Spread::Even => format!("{n} % 10 = 0"),
            Spread::Zipf => format!("{n} % 10 <> 0"),
        };
        // One arc of an exclusive-arc relation per row, the others NULL: row `n` takes
        // arc `(n / 10) % arcs`, in blocks of ten rows so that the choice does not
        // follow the parent's round-robin. An optional relation also has no arc on the
        // rows where an optional parent is NULL.
        let condition = match arc_of(table, fk) {
            Some((at, arcs, required)) => {
                let arc = format!("{} % {arcs} = {at}", engine.div(n, 10));
                Some(if required {
                    arc
                } else {
                    format!("{nullable} AND {arc}")
                })
            }
            None => column.nullable.then_some(nullable),
        };
        return Some(match condition {
            Some(condition) => format!("CASE WHEN {condition} THEN {expr} END"),
            None => expr,
        });
    }
    if matches!(column.ty, ColumnType::Enum(_)) && column.default.is_some() {
        return None;
    }
    let unique = in_unique(table, name);
    let expr = match &column.ty {
        ColumnType::Bool => match engine {
            Engine::Postgres => format!("({n} % 2 = 0)"),
            _ => format!("({n} % 2)"),
        },
        ColumnType::SmallInt => format!("(1 + {n} % 5)"),
        ColumnType::Int | ColumnType::Decimal { .. } | ColumnType::Float | ColumnType::Double => {
            if unique {
                n.to_string()
            } else {
                format!("(1 + {n} % 5000)")
            }
        }
        ColumnType::BigInt => n.to_string(),
        ColumnType::String { length } => {
            // Distinct values where a unique constraint needs them, 1,000 otherwise.
            let source = if unique {
                n.to_string()
            } else {
                format!("({n} % 1000)")
            };
            let text = engine.concat("'v'", &engine.text(&source));
            if unique || *length >= 8 {
                text
            } else {
                format!("substr({text}, 1, {length})")
            }
        }
        ColumnType::Text => engine.concat("'v'", &engine.text(n)),
        ColumnType::Bytes => engine.bytes(n),
        ColumnType::Date => engine.date(n),
        ColumnType::Time => engine.time(n),
        ColumnType::Timestamp | ColumnType::Timestamptz => engine.timestamp(n),
        ColumnType::Uuid => engine.uuid(n),
        ColumnType::Json | ColumnType::Array(_) => {
            let element = engine.concat("'t'", &engine.text(&format!("({n} % 50)")));
            match (&column.ty, engine) {
                (ColumnType::Array(_), Engine::Postgres) => format!("ARRAY[{element}]"),
                _ => engine.json_array(&element),
            }
        }
        ColumnType::Enum(_) => return None,
    };
    Some(if column.nullable {
        let every = if name == "deleted_at" { 100 } else { 10 };
        format!("CASE WHEN {n} % {every} = 0 THEN {expr} END")
    } else {
        expr
    })
}

/// Where a parameter's value comes from: a column, and which end of its values.
#[derive(Clone, Debug)]
pub struct ParamSource {
    pub table: String,
    pub column: String,
    pub pick: Pick,
    /// Containment: the value is wrapped as a one-element document or array.
    pub contains: bool,
    /// Prefix search: the value's first three characters.
    pub prefix: bool,
    /// `in ?`: a list parameter (an array on PostgreSQL, `= ANY($n)`).
    pub list: bool,
}

#[derive(Clone, Copy, Debug)]
pub enum Pick {
    /// A value from the middle of the table.
    Any,
    /// Near the low end (1% of rows below it).
    Low,
    /// Near the high end.
    High,
    /// A little above `Low`, for the upper bound of `between`.
    LowPlus,
}

/// The parameters of `query` in rendering order (left to right).
pub fn param_sources(query: &Query) -> Vec<ParamSource> {
    let mut out = Vec::new();
    if let Some(filter) = &query.filter {
        walk(query, filter, &mut out);
    }
    out
}

fn column_of(query: &Query, e: &Expr) -> Option<(String, String)> {
    match e {
        Expr::Column(c) => Some((query.table.clone(), c.clone())),
        Expr::JoinedColumn { join, column } => {
            let j = query.joins.iter().find(|j| j.alias == *join)?;
            Some((j.table.clone(), column.clone()))
        }
        _ => None,
    }
}

fn walk(query: &Query, e: &Expr, out: &mut Vec<ParamSource>) {
    match e {
        Expr::Binary { op, lhs, rhs } => {
            if let (Some((table, column)), Expr::Param) = (column_of(query, lhs), rhs.as_ref()) {
                walk(query, lhs, out);
                let pick = match op {
                    BinaryOp::Gt | BinaryOp::Ge => Pick::High,
                    BinaryOp::Lt | BinaryOp::Le => Pick::Low,
                    _ => Pick::Any,
                };
                out.push(ParamSource {
                    table,
                    column,
                    pick,
                    contains: *op == BinaryOp::Contains,
                    prefix: *op == BinaryOp::StartsWith,
                    list: *op == BinaryOp::In,
                });
                return;
            }
            walk(query, lhs, out);
            walk(query, rhs, out);
        }
        Expr::Between { expr, low, high } => {
            walk(query, expr, out);
            if let Some((table, column)) = column_of(query, expr) {
                for (side, pick) in [(low, Pick::Low), (high, Pick::LowPlus)] {
                    if matches!(side.as_ref(), Expr::Param) {
                        out.push(ParamSource {
                            table: table.clone(),
                            column: column.clone(),
                            pick,
                            contains: false,
                            prefix: false,
                            list: false,
                        });
                    }
                }
            }
        }
        Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => walk(query, expr, out),
        Expr::Call { args, .. } | Expr::List(args) => args.iter().for_each(|a| walk(query, a, out)),
        _ => {}
    }
}

/// The SQL that samples one parameter's value as text.
pub fn sample_sql(source: &ParamSource, engine: Engine, rows: u64) -> String {
    let (table, column) = (engine.quote(&source.table), engine.quote(&source.column));
    let as_text = match engine {
        Engine::Postgres => format!("{column}::text"),
        Engine::Mariadb => format!("CAST({column} AS CHAR)"),
        Engine::Sqlite => format!("CAST({column} AS TEXT)"),
    };
    let (direction, offset) = match source.pick {
        Pick::Any => ("ASC", rows / 200),
        Pick::Low => ("ASC", rows / 100),
        Pick::LowPlus => ("ASC", rows / 50),
        Pick::High => ("DESC", rows / 100),
    };
    if source.contains {
        // A stored document: its first element is what the query looks for.
        return format!("SELECT {as_text} FROM {table} WHERE {column} IS NOT NULL LIMIT 1");
    }
    format!("SELECT {as_text} FROM {table} WHERE {column} IS NOT NULL ORDER BY {column} {direction} LIMIT 1 OFFSET {offset}")
}

/// The literal that replaces a parameter.
pub fn literal(source: &ParamSource, sampled: &str, engine: Engine) -> String {
    let escaped = sampled.replace('\'', "''");
    if source.list && engine == Engine::Postgres {
        return format!("'{{{escaped}}}'");
    }
    if source.prefix {
        let prefix: String = escaped.chars().take(3).collect();
        return format!("'{prefix}'");
    }
    // A containment parameter is a stored document or array, which contains itself.
    format!("'{escaped}'")
}

/// Replaces the parameters of `sql` (`$n` or `?`, in order) by `literals`.
pub fn fill(sql: &str, literals: &[String], engine: Engine) -> String {
    match engine {
        Engine::Postgres => {
            let mut out = sql.to_string();
            for (i, lit) in literals.iter().enumerate().rev() {
                out = out.replace(&format!("${}", i + 1), lit);
            }
            out
        }
        _ => {
            let mut out = String::new();
            let mut rest = sql;
            let mut next = literals.iter();
            while let Some(at) = rest.find('?') {
                out.push_str(&rest[..at]);
                out.push_str(next.next().map(String::as_str).unwrap_or("NULL"));
                rest = &rest[at + 1..];
            }
            out.push_str(rest);
            out
        }
    }
}

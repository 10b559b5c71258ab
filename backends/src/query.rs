//! Declared queries as SQL text, for the planner's tests and `explain`: the filter with
//! its joins, order and limit. Parameters are numbered (`$1`) or positional (`?`) per
//! dialect. A traversal (`descendants of ?`) renders per tree strategy (see
//! [`crate::traversal`]), the node's parameter first.

use schemac_compiler::ir::{Hierarchy, Query, Traversal};

use crate::dialect::Dialect;
use crate::expr::{ColumnScope, ExprRenderer};
use crate::naming::Namer;
use crate::{dialect, traversal, DialectKind};

/// The SQL of a declared query for `kind`. Columns are qualified by their table when
/// the query joins.
pub fn render_query_sql(query: &Query, kind: DialectKind) -> String {
    let dialect = dialect(kind);
    let namer = Namer::new(dialect.as_ref());
    let table = namer.ident(&query.table);
    let scope = if query.joins.is_empty() {
        ColumnScope::Bare
    } else {
        ColumnScope::Qualified {
            table: table.clone(),
        }
    };
    if let Some((traversal, hierarchy)) = query
        .traversal
        .as_ref()
        .and_then(|t| Some((t, t.hierarchy.as_ref()?)))
    {
        return traversal_sql(query, traversal, hierarchy, &table, dialect.as_ref());
    }
    let exprs = ExprRenderer::for_query(dialect.as_ref(), scope);
    let projection = if query.count { "count(*)" } else { "*" };
    let mut sql = format!("SELECT {projection} FROM {table}");
    for join in &query.joins {
        let alias = namer.ident(&join.alias);
        let on: Vec<String> = join
            .from_columns
            .iter()
            .zip(&join.to_columns)
            .map(|(from, to)| {
                format!(
                    "{table}.{} = {alias}.{}",
                    namer.ident(from),
                    namer.ident(to)
                )
            })
            .collect();
        sql.push_str(&format!(
            " JOIN {} AS {alias} ON {}",
            namer.ident(&join.table),
            on.join(" AND ")
        ));
    }
    if let Some(filter) = &query.filter {
        sql.push_str(" WHERE ");
        sql.push_str(&exprs.render(filter));
    }
    if !query.order_by.is_empty() && !query.count {
        let keys: Vec<String> = query
            .order_by
            .iter()
            .map(|key| {
                let column = exprs.render(&schemac_compiler::ir::Expr::Column(key.column.clone()));
                if key.desc {
                    format!("{column} DESC")
                } else {
                    column
                }
            })
            .collect();
        sql.push_str(" ORDER BY ");
        sql.push_str(&keys.join(", "));
    }
    if let Some(limit) = query.limit.filter(|_| !query.count) {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    sql
}

/// A traversal query: the strategy's `SELECT`, then the filter, order and limit.
fn traversal_sql(
    query: &Query,
    traversal: &Traversal,
    hierarchy: &Hierarchy,
    table: &str,
    dialect: &dyn Dialect,
) -> String {
    let exprs = ExprRenderer::for_query(
        dialect,
        ColumnScope::Qualified {
            table: table.to_string(),
        },
    );
    let rendered = traversal::render(query, traversal, hierarchy, table, dialect, &exprs);
    let mut sql = rendered.select;
    if let Some(filter) = &query.filter {
        if rendered.has_where {
            sql.push_str(&format!(" AND ({})", exprs.render(filter)));
        } else {
            sql.push_str(&format!(" WHERE {}", exprs.render(filter)));
        }
    }
    if !query.count {
        let keys: Vec<String> = query
            .order_by
            .iter()
            .map(|key| {
                let column = exprs.render(&schemac_compiler::ir::Expr::Column(key.column.clone()));
                if key.desc {
                    format!("{column} DESC")
                } else {
                    column
                }
            })
            .chain(rendered.order_by)
            .collect();
        if !keys.is_empty() {
            sql.push_str(" ORDER BY ");
            sql.push_str(&keys.join(", "));
        }
        if let Some(limit) = query.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
    }
    sql
}

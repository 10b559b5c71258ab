//! Declared queries as SQL text, for the planner's tests and `explain`: the filter with
//! its joins, order and limit. Parameters are numbered (`$1`) or positional (`?`) per
//! dialect; a traversal (`descendants of ?`) is left to the planner.

use schemac_compiler::ir::Query;

use crate::expr::{ColumnScope, ExprRenderer};
use crate::naming::Namer;
use crate::{dialect, DialectKind};

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
    let exprs = ExprRenderer::new(dialect.as_ref(), scope);
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

//! Declared queries as runnable SQL: each `?` becomes a marker while the backend renders
//! the query, and each run replaces the markers with literals sampled from the loaded
//! data (an existing value of the compared column, two of them for `between`, a prefix
//! for `starts_with`, a generated tag for `contains`). Traversals (`descendants of ?`)
//! become recursive queries over the adjacency list's parent column.

use schemac_backends::naming::Namer;
use schemac_backends::{render_query_sql, DialectKind};
use schemac_compiler::ir::{BinaryOp, ColumnType, Expr, Query, Schema, TraversalKind, Value};

/// What a parameter stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum SlotKind {
    /// A value of the column (`=`, `<`, ...).
    Value,
    /// Two or more values of the column (`in ?`).
    List,
    /// The low or the high end of `between ? and ?`.
    Low,
    High,
    /// The start of a value (`starts_with ?`).
    Prefix,
    /// An element of a JSON document or an array (`contains ?`).
    Element,
}

/// One parameter of a query: the table and column its values come from.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub kind: SlotKind,
    /// `(table, column)`; `None` when the parameter is compared with no column.
    pub source: Option<(String, String)>,
    pub ty: Option<ColumnType>,
}

/// A query ready to run: SQL with markers and what each marker stands for.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub template: String,
    pub slots: Vec<Slot>,
    /// Aliases used in the SQL and the tables they name, for reading plans.
    pub aliases: Vec<(String, String)>,
}

/// The marker text of parameter `n`, as it appears (quoted) in the rendered SQL.
pub fn marker(n: usize) -> String {
    format!("__schemac_param_{n}__")
}

/// Prepares `query` for `kind`; `Err` says why it cannot run.
pub fn prepare(schema: &Schema, query: &Query, kind: DialectKind) -> Result<Prepared, String> {
    let mut slots = Vec::new();
    let mut aliases = vec![(query.table.clone(), query.table.clone())];
    for join in &query.joins {
        aliases.push((join.alias.clone(), join.table.clone()));
    }
    let mut marked = query.clone();
    if let Some(traversal) = &mut marked.traversal {
        let Some(hierarchy) = &traversal.hierarchy else {
            return traversal_sql(
                schema,
                query,
                traversal.kind,
                &traversal.node,
                kind,
                aliases,
            );
        };
        if traversal.node == Expr::Param {
            // Nodes that have children: values of the parent column.
            let parent = hierarchy.parent.first().cloned().unwrap_or_default();
            let ty = schema
                .table(&query.table)
                .and_then(|t| t.column(&parent))
                .map(|c| c.ty.clone());
            slots.push(Slot {
                kind: SlotKind::Value,
                source: Some((query.table.clone(), parent)),
                ty,
            });
            traversal.node = Expr::Value(Value::String(marker(0)));
        }
        for table in &schema.tables {
            aliases.push((table.name.clone(), table.name.clone()));
        }
    }
    marked.filter = query
        .filter
        .as_ref()
        .map(|f| mark(schema, query, f, &mut slots));
    Ok(Prepared {
        template: render_query_sql(&marked, kind),
        slots,
        aliases,
    })
}

/// A copy of `expr` whose parameters are markers, recording a slot for each.
fn mark(schema: &Schema, query: &Query, expr: &Expr, slots: &mut Vec<Slot>) -> Expr {
    let slot_for = |kind: SlotKind, subject: &Expr, slots: &mut Vec<Slot>| {
        let source = column_of(query, subject);
        let ty = source
            .as_ref()
            .and_then(|(t, c)| schema.table(t)?.column(c).map(|c| c.ty.clone()));
        slots.push(Slot { kind, source, ty });
        Expr::Value(Value::String(marker(slots.len() - 1)))
    };
    match expr {
        Expr::Binary { op, lhs, rhs } => {
            let kind = match op {
                BinaryOp::In | BinaryOp::NotIn => SlotKind::List,
                BinaryOp::StartsWith => SlotKind::Prefix,
                BinaryOp::Contains => SlotKind::Element,
                _ => SlotKind::Value,
            };
            let lhs_new = match lhs.as_ref() {
                Expr::Param => slot_for(kind.clone(), rhs, slots),
                other => mark(schema, query, other, slots),
            };
            let rhs_new = match rhs.as_ref() {
                Expr::Param => slot_for(kind, lhs, slots),
                other => mark(schema, query, other, slots),
            };
            Expr::Binary {
                op: *op,
                lhs: Box::new(lhs_new),
                rhs: Box::new(rhs_new),
            }
        }
        Expr::Between {
            expr: subject,
            low,
            high,
        } => {
            let low = match low.as_ref() {
                Expr::Param => slot_for(SlotKind::Low, subject, slots),
                other => mark(schema, query, other, slots),
            };
            let high = match high.as_ref() {
                Expr::Param => slot_for(SlotKind::High, subject, slots),
                other => mark(schema, query, other, slots),
            };
            Expr::Between {
                expr: Box::new(mark(schema, query, subject, slots)),
                low: Box::new(low),
                high: Box::new(high),
            }
        }
        Expr::Unary { op, expr } => Expr::Unary {
            op: *op,
            expr: Box::new(mark(schema, query, expr, slots)),
        },
        Expr::IsNull { expr, negated } => Expr::IsNull {
            expr: Box::new(mark(schema, query, expr, slots)),
            negated: *negated,
        },
        Expr::Call { func, args } => Expr::Call {
            func: func.clone(),
            args: args.iter().map(|a| mark(schema, query, a, slots)).collect(),
        },
        Expr::List(items) => Expr::List(
            items
                .iter()
                .map(|i| mark(schema, query, i, slots))
                .collect(),
        ),
        Expr::Param => slot_for(SlotKind::Value, &Expr::Param, slots),
        other => other.clone(),
    }
}

/// The first column an expression mentions, as `(table, column)`.
fn column_of(query: &Query, expr: &Expr) -> Option<(String, String)> {
    match expr {
        Expr::Column(c) => Some((query.table.clone(), c.clone())),
        Expr::JoinedColumn { join, column } => query
            .joins
            .iter()
            .find(|j| j.alias == *join)
            .map(|j| (j.table.clone(), column.clone())),
        Expr::Call { args, .. } => args.iter().find_map(|a| column_of(query, a)),
        Expr::Unary { expr, .. } => column_of(query, expr),
        Expr::Binary { lhs, rhs, .. } => column_of(query, lhs).or_else(|| column_of(query, rhs)),
        _ => None,
    }
}

/// A traversal over an adjacency list: the table's self-referencing foreign key.
fn traversal_sql(
    schema: &Schema,
    query: &Query,
    kind: TraversalKind,
    node: &Expr,
    dialect_kind: DialectKind,
    mut aliases: Vec<(String, String)>,
) -> Result<Prepared, String> {
    let table = schema
        .table(&query.table)
        .ok_or_else(|| format!("no table `{}`", query.table))?;
    let fk = table
        .foreign_keys
        .iter()
        .find(|fk| fk.ref_table == table.name && fk.columns.len() == 1)
        .ok_or_else(|| format!("`{}` has no parent column to traverse", table.name))?;
    let dialect = schemac_backends::dialect(dialect_kind);
    let namer = Namer::new(dialect.as_ref());
    let t = namer.ident(&table.name);
    let parent = namer.ident(&fk.columns[0]);
    let key = namer.ident(&fk.ref_columns[0]);
    let mut slots = Vec::new();
    let node_sql = match node {
        Expr::Value(value) => match value {
            Value::Number(n) => n.clone(),
            Value::String(s) => dialect.string_literal(s),
            _ => "NULL".to_string(),
        },
        _ => {
            let ty = table.column(&fk.columns[0]).map(|c| c.ty.clone());
            slots.push(Slot {
                kind: SlotKind::Value,
                source: Some((table.name.clone(), fk.columns[0].clone())),
                ty,
            });
            dialect.string_literal(&marker(0))
        }
    };
    let template = match kind {
        TraversalKind::Children => format!("SELECT * FROM {t} WHERE {parent} = {node_sql}"),
        TraversalKind::Descendants => {
            aliases.push(("tree_child".to_string(), table.name.clone()));
            format!(
                "WITH RECURSIVE tree_nodes AS (SELECT {t}.* FROM {t} WHERE {key} = {node_sql} \
                 UNION ALL SELECT tree_child.* FROM {t} AS tree_child JOIN tree_nodes \
                 ON tree_child.{parent} = tree_nodes.{key}) SELECT * FROM tree_nodes"
            )
        }
        TraversalKind::Ancestors => {
            aliases.push(("tree_parent".to_string(), table.name.clone()));
            format!(
                "WITH RECURSIVE tree_nodes AS (SELECT {t}.* FROM {t} WHERE {key} = {node_sql} \
                 UNION ALL SELECT tree_parent.* FROM {t} AS tree_parent JOIN tree_nodes \
                 ON tree_parent.{key} = tree_nodes.{parent}) SELECT * FROM tree_nodes"
            )
        }
    };
    Ok(Prepared {
        template,
        slots,
        aliases,
    })
}

/// The SQL of one run: each marker replaced by its literal.
pub fn bind(prepared: &Prepared, kind: DialectKind, literals: &[String]) -> String {
    let dialect = schemac_backends::dialect(kind);
    let mut sql = prepared.template.clone();
    for (n, literal) in literals.iter().enumerate() {
        sql = sql.replace(&dialect.string_literal(&marker(n)), literal);
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_replaced() {
        let prepared = Prepared {
            template:
                "SELECT * FROM t WHERE a = '__schemac_param_0__' AND b IN ('__schemac_param_1__')"
                    .into(),
            slots: vec![],
            aliases: vec![],
        };
        let sql = bind(
            &prepared,
            DialectKind::Postgres,
            &["'x'".into(), "1, 2".into()],
        );
        assert_eq!(sql, "SELECT * FROM t WHERE a = 'x' AND b IN (1, 2)");
    }
}

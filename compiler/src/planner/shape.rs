//! The shape of a table access: what a declared query asks of one table, sorted into
//! the kinds of predicate an index can serve. Every rule reads a [`Shape`]; the
//! access analysis ([`super::access`]) compares shapes with indexes.

use super::{disjunction, path, soft_delete};
use crate::ir::{
    BinaryOp, ColumnType, Expr, IndexKey, Query, Schema, Table, TableKind, TraversalKind, UnaryOp,
};

/// A range predicate on one column: the part of a B-tree key after the equalities.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    pub column: String,
    pub kind: RangeKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeKind {
    /// `< <= > >=`.
    Compare,
    Between,
    /// `starts_with`: a prefix search.
    Prefix,
    /// `is not null`.
    NotNull,
}

impl RangeKind {
    pub fn describe(self) -> &'static str {
        match self {
            RangeKind::Compare => "a range comparison",
            RangeKind::Between => "`between`",
            RangeKind::Prefix => "a prefix search (`starts_with`)",
            RangeKind::NotNull => "`is not null`",
        }
    }
}

/// What one query (or one branch of an `or`, or one side of a path) asks of one table.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub query: String,
    pub table: String,
    /// Columns compared for equality with a parameter or a high-cardinality literal,
    /// tested with `is null`, or joined on: every one must lead the key.
    pub equality: Vec<String>,
    /// The equality columns that are `is null` tests.
    pub nulls: Vec<String>,
    /// `column = literal` on a low-cardinality column (bool, enum), and `column is
    /// null` in a query with an `order by`: a partial index predicate where the dialect
    /// has them.
    pub literals: Vec<Expr>,
    /// `in` columns: equality without an `order by`, after the order columns with one.
    pub in_columns: Vec<String>,
    /// The first range predicate; further ones stay residual filters.
    pub range: Option<Range>,
    /// `contains` on a JSON document or an array.
    pub contains: Option<String>,
    pub order_by: Vec<IndexKey>,
    /// The live-rows conjunct of a SoftDelete table (`deleted_at IS NULL`).
    pub live_rows: Option<Expr>,
    /// Every conjunct of the filter: a partial index is usable when each conjunct of
    /// its predicate is one of these.
    pub conjuncts: Vec<Expr>,
    /// Conjuncts no index key serves (`!=`, a second range, ...), described.
    pub residual: Vec<String>,
    pub limit: Option<u64>,
    pub count: bool,
    pub rate_per_sec: f64,
    /// How the shape came about, when it is not the query's own table.
    pub origin: ShapeOrigin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeOrigin {
    /// The query's own table (or the only branch).
    Query,
    /// One branch of an `or` (1-based).
    Branch(usize),
    /// The target table of a path (`customer.email`): the lookup that starts the join.
    JoinTarget { alias: String },
}

impl Shape {
    /// True when no predicate, order or containment gives an index anything to do.
    pub fn is_unindexable(&self) -> bool {
        self.equality.is_empty()
            && self.literals.is_empty()
            && self.in_columns.is_empty()
            && self.range.is_none()
            && self.contains.is_none()
            && (self.order_by.is_empty() || self.count)
    }

    /// The columns of the low-cardinality literals.
    pub fn literal_columns(&self) -> Vec<String> {
        self.literals
            .iter()
            .filter_map(|e| literal_column(e).map(str::to_string))
            .collect()
    }

    /// The order columns, or none for a `count`.
    pub fn effective_order(&self) -> &[IndexKey] {
        if self.count {
            &[]
        } else {
            &self.order_by
        }
    }
}

/// The column of a `column = literal` (or, with an order, `column is null`) conjunct.
pub fn literal_column(e: &Expr) -> Option<&str> {
    match e {
        Expr::IsNull {
            expr,
            negated: false,
        } => match expr.as_ref() {
            Expr::Column(c) => Some(c),
            _ => None,
        },
        Expr::Binary {
            op: BinaryOp::Eq,
            lhs,
            ..
        } => match lhs.as_ref() {
            Expr::Column(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// The shapes of `query` on the tables of `schema`: one per branch of a top-level
/// `or`, plus one per path target. A traversal is an equality on the hierarchy's
/// parent columns (children, descendants) or on the primary key (ancestors).
pub fn shapes_of(schema: &Schema, query: &Query) -> Vec<Shape> {
    let Some(table) = schema.table(&query.table) else {
        return Vec::new();
    };
    let conjuncts = query.filter.as_ref().map(conjuncts_of).unwrap_or_default();
    let branches = disjunction::branches(&conjuncts);
    let mut shapes = Vec::new();
    let single = branches.len() == 1;
    for (i, branch) in branches.iter().enumerate() {
        let origin = if single {
            ShapeOrigin::Query
        } else {
            ShapeOrigin::Branch(i + 1)
        };
        let mut shape = classify(schema, table, query, branch, origin);
        if let Some(traversal) = &query.traversal {
            shape
                .equality
                .extend(traversal_columns(table, traversal.kind));
        }
        shapes.extend(path::target_shapes(schema, query, branch, &mut shape));
        shapes.push(shape);
    }
    // The query's own shapes first, then the path targets, each group in branch order.
    shapes.sort_by_key(|s| matches!(s.origin, ShapeOrigin::JoinTarget { .. }));
    shapes
}

fn traversal_columns(table: &Table, kind: TraversalKind) -> Vec<String> {
    match kind {
        TraversalKind::Ancestors => table.primary_key.columns.clone(),
        TraversalKind::Children | TraversalKind::Descendants => table
            .primary_key
            .columns
            .iter()
            .map(|c| format!("parent_{c}"))
            .filter(|c| table.column(c).is_some())
            .collect(),
    }
}

/// The top-level `and` conjuncts of a filter, with `not` pushed into comparisons.
pub fn conjuncts_of(filter: &Expr) -> Vec<Expr> {
    let mut out = Vec::new();
    collect_conjuncts(&normalize(filter), &mut out);
    out
}

fn collect_conjuncts(e: &Expr, out: &mut Vec<Expr>) {
    match e {
        Expr::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => {
            collect_conjuncts(lhs, out);
            collect_conjuncts(rhs, out);
        }
        other => out.push(other.clone()),
    }
}

/// Pushes `not` inward where it has an indexable meaning: `not (a < b)` is `a >= b`,
/// `not (x is null)` is `x is not null`, De Morgan over `and` / `or`.
pub fn normalize(e: &Expr) -> Expr {
    match e {
        Expr::Unary {
            op: UnaryOp::Not,
            expr,
        } => negate(expr),
        Expr::Binary {
            op: op @ (BinaryOp::And | BinaryOp::Or),
            lhs,
            rhs,
        } => Expr::Binary {
            op: *op,
            lhs: Box::new(normalize(lhs)),
            rhs: Box::new(normalize(rhs)),
        },
        other => other.clone(),
    }
}

fn negate(e: &Expr) -> Expr {
    let flipped = |op| match op {
        BinaryOp::Lt => Some(BinaryOp::Ge),
        BinaryOp::Le => Some(BinaryOp::Gt),
        BinaryOp::Gt => Some(BinaryOp::Le),
        BinaryOp::Ge => Some(BinaryOp::Lt),
        BinaryOp::Eq => Some(BinaryOp::Ne),
        BinaryOp::Ne => Some(BinaryOp::Eq),
        BinaryOp::In => Some(BinaryOp::NotIn),
        BinaryOp::NotIn => Some(BinaryOp::In),
        _ => None,
    };
    match e {
        Expr::Unary {
            op: UnaryOp::Not,
            expr,
        } => normalize(expr),
        Expr::IsNull { expr, negated } => Expr::IsNull {
            expr: expr.clone(),
            negated: !negated,
        },
        Expr::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => Expr::Binary {
            op: BinaryOp::Or,
            lhs: Box::new(negate(lhs)),
            rhs: Box::new(negate(rhs)),
        },
        Expr::Binary {
            op: BinaryOp::Or,
            lhs,
            rhs,
        } => Expr::Binary {
            op: BinaryOp::And,
            lhs: Box::new(negate(lhs)),
            rhs: Box::new(negate(rhs)),
        },
        Expr::Binary { op, lhs, rhs } => match flipped(*op) {
            Some(op) => Expr::Binary {
                op,
                lhs: lhs.clone(),
                rhs: rhs.clone(),
            },
            None => Expr::Unary {
                op: UnaryOp::Not,
                expr: Box::new(e.clone()),
            },
        },
        other => Expr::Unary {
            op: UnaryOp::Not,
            expr: Box::new(other.clone()),
        },
    }
}

/// True for a value the index can compare with: a parameter or a literal.
fn is_operand(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Param | Expr::Value(_) | Expr::Contained { .. } | Expr::Now | Expr::List(_)
    )
}

/// True when the column holds few distinct values: a bool, a native enum, or a
/// reference to an enum lookup table.
pub fn is_low_cardinality(schema: &Schema, table: &Table, column: &str) -> bool {
    let by_type = table
        .column(column)
        .is_some_and(|c| matches!(c.ty, ColumnType::Bool | ColumnType::Enum(_)));
    let by_lookup = table.foreign_keys.iter().any(|fk| {
        fk.columns.len() == 1
            && fk.columns[0] == column
            && schema
                .table(&fk.ref_table)
                .is_some_and(|t| t.kind == TableKind::EnumLookup)
    });
    by_type || by_lookup
}

fn classify(
    schema: &Schema,
    table: &Table,
    query: &Query,
    conjuncts: &[Expr],
    origin: ShapeOrigin,
) -> Shape {
    let mut shape = Shape {
        query: query.name.clone(),
        table: table.name.clone(),
        equality: Vec::new(),
        nulls: Vec::new(),
        literals: Vec::new(),
        in_columns: Vec::new(),
        range: None,
        contains: None,
        order_by: query.order_by.clone(),
        live_rows: None,
        conjuncts: conjuncts.to_vec(),
        residual: Vec::new(),
        limit: query.limit,
        count: query.count,
        rate_per_sec: query.rate_per_sec,
        origin,
    };
    for conjunct in conjuncts {
        if soft_delete::is_live_rows(table, conjunct) {
            shape.live_rows = Some(conjunct.clone());
            continue;
        }
        classify_conjunct(schema, table, conjunct, &mut shape);
    }
    if shape.effective_order().is_empty() {
        let ins = std::mem::take(&mut shape.in_columns);
        shape.equality.extend(ins);
    } else {
        // With an order, `is null` tests become partial predicates: PostgreSQL does not
        // take `IS NULL` as an equality that fixes the order of the next key column.
        for column in std::mem::take(&mut shape.nulls) {
            shape.equality.retain(|c| *c != column);
            shape.literals.push(Expr::IsNull {
                expr: Box::new(Expr::Column(column)),
                negated: false,
            });
        }
    }
    shape
}

fn push_unique(columns: &mut Vec<String>, column: &str) {
    if !columns.iter().any(|c| c == column) {
        columns.push(column.to_string());
    }
}

fn set_range(shape: &mut Shape, column: &str, kind: RangeKind) {
    match &shape.range {
        None => {
            shape.range = Some(Range {
                column: column.to_string(),
                kind,
            })
        }
        Some(r) if r.column == column => {}
        Some(_) => shape
            .residual
            .push(format!("{} on `{column}`", kind.describe())),
    }
}

fn classify_conjunct(schema: &Schema, table: &Table, conjunct: &Expr, shape: &mut Shape) {
    match conjunct {
        Expr::Binary { op, lhs, rhs } => {
            let (column, op, operand) = match (lhs.as_ref(), rhs.as_ref()) {
                (Expr::Column(c), r) if is_operand(r) => (c.as_str(), *op, r),
                (l, Expr::Column(c)) if is_operand(l) && mirrored(*op).is_some() => {
                    (c.as_str(), mirrored(*op).unwrap_or(*op), l)
                }
                // Joined columns are served on the target table (see `path`).
                (Expr::JoinedColumn { .. }, _) | (_, Expr::JoinedColumn { .. }) => return,
                _ => {
                    shape
                        .residual
                        .push("an expression no index key matches".to_string());
                    return;
                }
            };
            match op {
                BinaryOp::Eq => match operand {
                    Expr::Value(_) if is_low_cardinality(schema, table, column) => {
                        shape.literals.push(Expr::Binary {
                            op: BinaryOp::Eq,
                            lhs: Box::new(Expr::Column(column.to_string())),
                            rhs: Box::new(operand.clone()),
                        });
                    }
                    _ => push_unique(&mut shape.equality, column),
                },
                BinaryOp::In => push_unique(&mut shape.in_columns, column),
                BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                    set_range(shape, column, RangeKind::Compare)
                }
                BinaryOp::StartsWith => set_range(shape, column, RangeKind::Prefix),
                BinaryOp::Contains if shape.contains.is_none() => {
                    shape.contains = Some(column.to_string())
                }
                BinaryOp::Ne | BinaryOp::NotIn => shape.residual.push(format!(
                    "an inequality on `{column}` (no index narrows `!=` or `not in`)"
                )),
                _ => shape
                    .residual
                    .push(format!("a predicate on `{column}` no index key matches")),
            }
        }
        Expr::Between { expr, .. } => match expr.as_ref() {
            Expr::Column(c) => set_range(shape, c, RangeKind::Between),
            _ => shape
                .residual
                .push("a `between` on an expression".to_string()),
        },
        Expr::IsNull { expr, negated } => match expr.as_ref() {
            Expr::Column(c) if !negated => {
                push_unique(&mut shape.equality, c);
                push_unique(&mut shape.nulls, c);
            }
            Expr::Column(c) => set_range(shape, c, RangeKind::NotNull),
            Expr::JoinedColumn { .. } => {}
            _ => shape
                .residual
                .push("a null test on an expression".to_string()),
        },
        _ => shape
            .residual
            .push("an expression no index key matches".to_string()),
    }
}

/// The operator with its sides swapped (`? < x` is `x > ?`); `None` for operators
/// that are not symmetric that way (`starts_with`, `contains`, `in`).
fn mirrored(op: BinaryOp) -> Option<BinaryOp> {
    match op {
        BinaryOp::Lt => Some(BinaryOp::Gt),
        BinaryOp::Le => Some(BinaryOp::Ge),
        BinaryOp::Gt => Some(BinaryOp::Lt),
        BinaryOp::Ge => Some(BinaryOp::Le),
        BinaryOp::Eq | BinaryOp::Ne => Some(op),
        _ => None,
    }
}

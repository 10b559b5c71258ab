//! Expressions: AST to IR. Paths become column names (`user` -> `user_id`); in queries
//! a path through a relation becomes a joined column and records the join.

use crate::ir::{self, QueryJoin, Value};
use crate::resolve::keys;
use crate::resolve::path;
use crate::resolve::types::ValueClass;
use crate::resolve::{Entity, EntityField, Leaf, Model};
use schemac_lang::ast::{self, Expr, ExprKind, Literal};

/// Where an expression is lowered.
pub struct Scope<'m, 'a> {
    pub model: &'m Model<'a>,
    pub entity: &'m Entity<'a>,
    /// In a query: the joins its paths imply, collected while lowering. `None` outside
    /// queries, where paths through relations are not allowed.
    pub joins: Option<Vec<QueryJoin>>,
}

impl Scope<'_, '_> {
    pub fn lower(&mut self, e: &Expr) -> ir::Expr {
        match &e.kind {
            ExprKind::Literal(l) => ir::Expr::Value(value(l)),
            ExprKind::Param => ir::Expr::Param,
            ExprKind::Path(p) => self.path(p),
            ExprKind::Call { func, args } if func.name == "now" && args.is_empty() => ir::Expr::Now,
            ExprKind::Call { func, args } => ir::Expr::Call {
                func: func.name.clone(),
                args: args.iter().map(|a| self.lower(a)).collect(),
            },
            // A negative number literal is one value, not an operation.
            ExprKind::Unary {
                op: ast::UnaryOp::Neg,
                expr,
            } if matches!(expr.kind, ExprKind::Literal(Literal::Number(_))) => match &expr.kind {
                ExprKind::Literal(Literal::Number(n)) => {
                    ir::Expr::Value(Value::Number(number_text(-n.value)))
                }
                _ => self.lower(expr),
            },
            ExprKind::Unary { op, expr } => ir::Expr::Unary {
                op: match op {
                    ast::UnaryOp::Neg => ir::UnaryOp::Neg,
                    ast::UnaryOp::Not => ir::UnaryOp::Not,
                },
                expr: Box::new(self.lower(expr)),
            },
            ExprKind::Binary {
                op: ast::BinaryOp::Eq,
                lhs,
                rhs,
            } if matches!(rhs.kind, ExprKind::Param) && self.key_columns(lhs).len() > 1 => {
                // `subject = ?` on a polymorphic relation (or a relation to a composite
                // key) compares every key column, one parameter each.
                let mut columns =
                    self.key_columns(lhs)
                        .into_iter()
                        .map(|column| ir::Expr::Binary {
                            op: ir::BinaryOp::Eq,
                            lhs: Box::new(ir::Expr::Column(column)),
                            rhs: Box::new(ir::Expr::Param),
                        });
                let first = columns.next().unwrap_or(ir::Expr::Param);
                columns.fold(first, |acc, next| ir::Expr::Binary {
                    op: ir::BinaryOp::And,
                    lhs: Box::new(acc),
                    rhs: Box::new(next),
                })
            }
            ExprKind::Binary {
                op: ast::BinaryOp::Contains,
                lhs,
                rhs,
            } => {
                let document = self.lower(lhs);
                // A literal is marked with the type of the document it is looked for in;
                // a list literal is a JSON array of the elements that must all be there.
                let mut written = rhs.as_ref();
                while let ExprKind::Paren(inner) = &written.kind {
                    written = inner;
                }
                let rhs = match (self.document_type(lhs), &written.kind) {
                    (Some(document), ExprKind::List(_)) => ir::Expr::Contained {
                        value: Value::Json(json_text(written)),
                        document,
                    },
                    (Some(document), _) => match self.lower(rhs) {
                        ir::Expr::Value(value) => ir::Expr::Contained { value, document },
                        other => other,
                    },
                    (None, _) => self.lower(rhs),
                };
                ir::Expr::Binary {
                    op: ir::BinaryOp::Contains,
                    lhs: Box::new(document),
                    rhs: Box::new(rhs),
                }
            }
            ExprKind::Binary { op, lhs, rhs } => ir::Expr::Binary {
                op: binary(*op),
                lhs: Box::new(self.lower(lhs)),
                rhs: Box::new(self.lower(rhs)),
            },
            ExprKind::Between { expr, low, high } => ir::Expr::Between {
                expr: Box::new(self.lower(expr)),
                low: Box::new(self.lower(low)),
                high: Box::new(self.lower(high)),
            },
            ExprKind::IsNull { expr, negated } => ir::Expr::IsNull {
                expr: Box::new(self.lower(expr)),
                negated: *negated,
            },
            ExprKind::List(items) => ir::Expr::List(items.iter().map(|i| self.lower(i)).collect()),
            ExprKind::Object(_) => ir::Expr::Value(Value::Json(json_text(e))),
            ExprKind::Paren(inner) => self.lower(inner),
        }
    }

    /// The key columns of a path naming one of this entity's own relation fields
    /// (`subject_type`, `subject_id` for `subject -> Post | Photo`); empty otherwise.
    fn key_columns(&self, e: &Expr) -> Vec<String> {
        let ExprKind::Path(p) = &e.kind else {
            return Vec::new();
        };
        match path::resolve(self.model, self.entity, p, false) {
            Ok(target) if target.join.is_none() => match target.leaf {
                Leaf::Field(field) => keys::field_columns(self.model, field)
                    .into_iter()
                    .map(|c| c.name)
                    .collect(),
                Leaf::ImplicitId => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// The column type of the array or json field that `e` names, if it does.
    fn document_type(&self, e: &Expr) -> Option<ir::ColumnType> {
        let ExprKind::Path(p) = &e.kind else {
            return None;
        };
        let target = path::resolve(self.model, self.entity, p, self.joins.is_some()).ok()?;
        let Leaf::Field(field) = target.leaf else {
            return None;
        };
        let ty = keys::column_type(self.model, field, &field.ty)?;
        matches!(ty, ir::ColumnType::Array(_) | ir::ColumnType::Json).then_some(ty)
    }

    fn path(&mut self, p: &[ast::Ident]) -> ir::Expr {
        let name = || {
            p.iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join("_")
        };
        let Ok(target) = path::resolve(self.model, self.entity, p, self.joins.is_some()) else {
            // Checked before lowering; keep the written name rather than panic.
            return ir::Expr::Column(name());
        };
        let column = leaf_column(self.model, target.leaf).unwrap_or_else(name);
        let Some((relation, joined)) = target.join else {
            return ir::Expr::Column(column);
        };
        let alias = relation.field.name.name.clone();
        if let Some(joins) = &mut self.joins {
            if !joins.iter().any(|j| j.alias == alias) {
                joins.push(QueryJoin {
                    alias: alias.clone(),
                    from_columns: keys::field_columns(self.model, relation)
                        .into_iter()
                        .map(|c| c.name)
                        .collect(),
                    table: joined.table.clone(),
                    to_columns: joined.primary_key.iter().map(|k| k.name.clone()).collect(),
                });
            }
        }
        ir::Expr::JoinedColumn {
            join: alias,
            column,
        }
    }
}

/// The column a field is compared by: its own, or a relation's first key column.
pub fn leaf_column(model: &Model, leaf: Leaf) -> Option<String> {
    match leaf {
        Leaf::ImplicitId => Some("id".into()),
        Leaf::Field(f) => keys::field_columns(model, f)
            .into_iter()
            .next()
            .map(|c| c.name),
    }
}

/// A field default: like any expression, except that a bare name is an enum variant,
/// lists and objects on json fields are JSON documents, and a list on an array field
/// is carried as a JSON array (each backend writes it as its own array literal).
pub fn default(scope: &mut Scope, field: &EntityField, e: &Expr) -> ir::Expr {
    let class = ValueClass::of(&field.ty);
    match (&e.kind, class) {
        (ExprKind::Path(p), ValueClass::Enum(_)) if p.len() == 1 => {
            ir::Expr::Value(Value::String(p[0].name.clone()))
        }
        (ExprKind::List(_) | ExprKind::Object(_), ValueClass::Json)
        | (ExprKind::List(_), ValueClass::Array) => ir::Expr::Value(Value::Json(json_text(e))),
        _ => scope.lower(e),
    }
}

pub fn value(l: &Literal) -> Value {
    match l {
        Literal::Number(n) => Value::Number(number_text(n.value)),
        Literal::String(s) => Value::String(s.clone()),
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Null => Value::Null,
    }
}

/// A number in canonical decimal text: `2000000`, `0.5`.
fn number_text(v: f64) -> String {
    format!("{v}")
}

fn binary(op: ast::BinaryOp) -> ir::BinaryOp {
    use ast::BinaryOp as A;
    use ir::BinaryOp as I;
    match op {
        A::Or => I::Or,
        A::And => I::And,
        A::Eq => I::Eq,
        A::Ne => I::Ne,
        A::Lt => I::Lt,
        A::Le => I::Le,
        A::Gt => I::Gt,
        A::Ge => I::Ge,
        A::In => I::In,
        A::NotIn => I::NotIn,
        A::StartsWith => I::StartsWith,
        A::Contains => I::Contains,
        A::Add => I::Add,
        A::Sub => I::Sub,
        A::Mul => I::Mul,
        A::Div => I::Div,
        A::Mod => I::Mod,
    }
}

/// The canonical JSON text of a literal expression (object keys sorted, no spaces).
pub fn json_text(e: &Expr) -> String {
    json(e).to_string()
}

fn json(e: &Expr) -> serde_json::Value {
    use serde_json::Value as J;
    match &e.kind {
        ExprKind::Literal(Literal::Number(n)) => {
            if n.value.fract() == 0.0 && n.value.abs() < 9.0e15 {
                J::from(n.value as i64)
            } else {
                serde_json::Number::from_f64(n.value)
                    .map(J::Number)
                    .unwrap_or(J::Null)
            }
        }
        ExprKind::Literal(Literal::String(s)) => J::String(s.clone()),
        ExprKind::Literal(Literal::Bool(b)) => J::Bool(*b),
        ExprKind::Literal(Literal::Null) => J::Null,
        ExprKind::Unary {
            op: ast::UnaryOp::Neg,
            expr,
        } => match json(expr) {
            J::Number(n) => n
                .as_i64()
                .map(|i| J::from(-i))
                .or_else(|| {
                    n.as_f64()
                        .and_then(|f| serde_json::Number::from_f64(-f))
                        .map(J::Number)
                })
                .unwrap_or(J::Null),
            _ => J::Null,
        },
        ExprKind::List(items) => J::Array(items.iter().map(json).collect()),
        ExprKind::Object(entries) => {
            // Sorted keys whatever map type serde_json was built with; a repeated key
            // keeps its last value, as JSON parsers do.
            let sorted: std::collections::BTreeMap<String, J> =
                entries.iter().map(|(k, v)| (k.clone(), json(v))).collect();
            J::Object(sorted.into_iter().collect())
        }
        ExprKind::Paren(inner) => json(inner),
        _ => J::Null,
    }
}

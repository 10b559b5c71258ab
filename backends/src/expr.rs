//! IR expressions to SQL text for one dialect. Every nested operator is parenthesized,
//! so the text never depends on the engine's operator precedence.

use std::cell::Cell;

use schemac_compiler::ir::{BinaryOp, ColumnType, Expr, UnaryOp, Value};

use crate::dialect::{DefaultForm, Dialect};
use crate::naming::Namer;

/// How column references are written.
#[derive(Clone, Debug)]
pub enum ColumnScope {
    /// Bare column names (CHECK constraints, index predicates, defaults).
    Bare,
    /// Columns qualified by the table they belong to (queries with joins).
    Qualified { table: String },
}

/// Renders expressions for one dialect, numbering query parameters in order.
pub struct ExprRenderer<'d> {
    dialect: &'d dyn Dialect,
    namer: Namer<'d>,
    scope: ColumnScope,
    params: Cell<usize>,
    /// `contains` on a column tests the document the column's index keys on (see
    /// [`Dialect::contained_document`]): in queries, which the index serves. DDL
    /// (checks, predicates) tests the column itself, the form that every engine
    /// running the dialect's files parses (MariaDB runs MySQL 8's, and has no `->`).
    indexed_documents: bool,
}

impl<'d> ExprRenderer<'d> {
    pub fn new(dialect: &'d dyn Dialect, scope: ColumnScope) -> Self {
        ExprRenderer {
            dialect,
            namer: Namer::new(dialect),
            scope,
            params: Cell::new(0),
            indexed_documents: false,
        }
    }

    /// The renderer of a declared query's expressions, whose `contains` tests what
    /// the index keys on.
    pub fn for_query(dialect: &'d dyn Dialect, scope: ColumnScope) -> Self {
        ExprRenderer {
            indexed_documents: true,
            ..ExprRenderer::new(dialect, scope)
        }
    }

    /// The expression as SQL, without outer parentheses.
    pub fn render(&self, expr: &Expr) -> String {
        match expr {
            Expr::Column(name) => match &self.scope {
                ColumnScope::Bare => self.namer.ident(name),
                ColumnScope::Qualified { table } => {
                    format!("{table}.{}", self.namer.ident(name))
                }
            },
            Expr::JoinedColumn { join, column } => {
                format!("{}.{}", self.namer.ident(join), self.namer.ident(column))
            }
            Expr::Value(value) => self.value(value, None),
            Expr::Contained { value, document } => self.value(value, Some(document)),
            Expr::Param => {
                let next = self.params.get() + 1;
                self.params.set(next);
                self.dialect.param(next)
            }
            Expr::Now => self.dialect.now().to_string(),
            Expr::Call { func, args } => {
                let args: Vec<String> = args.iter().map(|a| self.render(a)).collect();
                self.dialect.function_call(func, &args)
            }
            Expr::Unary { op, expr } => match op {
                UnaryOp::Neg => format!("-{}", self.nested(expr)),
                UnaryOp::Not => format!("NOT {}", self.nested(expr)),
            },
            Expr::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs),
            Expr::Between { expr, low, high } => format!(
                "{} BETWEEN {} AND {}",
                self.nested(expr),
                self.nested(low),
                self.nested(high)
            ),
            Expr::IsNull { expr, negated } => {
                let not = if *negated { " NOT" } else { "" };
                format!("{} IS{not} NULL", self.nested(expr))
            }
            Expr::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.render(i)).collect();
                format!("({})", items.join(", "))
            }
            Expr::CountNotNull(columns) => {
                let terms: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        format!(
                            "(CASE WHEN {} IS NOT NULL THEN 1 ELSE 0 END)",
                            self.render(&Expr::Column(c.clone()))
                        )
                    })
                    .collect();
                if terms.is_empty() {
                    "0".to_string()
                } else {
                    format!("({})", terms.join(" + "))
                }
            }
        }
    }

    /// A literal; `ty` is the column type when the literal is a column default.
    pub fn value(&self, value: &Value, ty: Option<&ColumnType>) -> String {
        match value {
            Value::Number(n) => n.clone(),
            Value::String(s) => self.dialect.string_literal(s),
            Value::Bool(b) => self.dialect.bool_literal(*b).to_string(),
            Value::Null => "NULL".to_string(),
            Value::Json(json) => self.dialect.json_literal(json, ty),
        }
    }

    /// The value of a `DEFAULT` clause for a column of type `ty`.
    pub fn default_value(&self, expr: &Expr, ty: &ColumnType) -> String {
        let (sql, form) = match expr {
            Expr::Value(value) => (self.value(value, Some(ty)), DefaultForm::Literal),
            Expr::Now => (self.dialect.now().to_string(), DefaultForm::Now),
            other => (self.render(other), DefaultForm::Expression),
        };
        self.dialect.default_value(sql, form, ty)
    }

    /// A sub-expression: parenthesized when it is an operator.
    fn nested(&self, expr: &Expr) -> String {
        let sql = self.render(expr);
        match expr {
            Expr::Unary { .. }
            | Expr::Binary { .. }
            | Expr::Between { .. }
            | Expr::IsNull { .. } => format!("({sql})"),
            _ => sql,
        }
    }

    fn binary(&self, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> String {
        let left = self.nested(lhs);
        let symbol = match op {
            BinaryOp::Or => "OR",
            BinaryOp::And => "AND",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::In | BinaryOp::NotIn => {
                let negated = op == BinaryOp::NotIn;
                if matches!(rhs, Expr::Param) {
                    let param = self.render(rhs);
                    return self.dialect.in_param(&left, &param, negated);
                }
                let list = match rhs {
                    Expr::List(_) => self.render(rhs),
                    other => format!("({})", self.render(other)),
                };
                let not = if negated { "NOT " } else { "" };
                return format!("{left} {not}IN {list}");
            }
            BinaryOp::StartsWith => {
                let right = self.nested(rhs);
                return self.dialect.starts_with(&left, &right);
            }
            BinaryOp::Contains => {
                // In a query, a column's document as its index keys on it (see
                // `Dialect::contained_document` and `indexed_documents`).
                let document = match lhs {
                    Expr::Column(_) | Expr::JoinedColumn { .. } if self.indexed_documents => {
                        self.dialect.contained_document(&left)
                    }
                    _ => left,
                };
                if let Expr::Contained {
                    value,
                    document: document_type,
                } = rhs
                {
                    return self.dialect.contains_value(&document, value, document_type);
                }
                let right = self.nested(rhs);
                return self.dialect.contains(&document, &right);
            }
        };
        format!("{left} {symbol} {}", self.nested(rhs))
    }
}

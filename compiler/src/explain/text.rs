//! Expressions as dialect-neutral text for the report (`visibility = 'listed' and
//! deleted_at is null`), close to how they are written in `.schema` files.

use crate::ir::{BinaryOp, Expr, UnaryOp, Value};

pub fn expr(e: &Expr) -> String {
    match e {
        Expr::Column(c) => c.clone(),
        Expr::JoinedColumn { join, column } => format!("{join}.{column}"),
        Expr::Value(v) | Expr::Contained { value: v, .. } => value(v),
        Expr::Param => "?".to_string(),
        Expr::Now => "now()".to_string(),
        Expr::Call { func, args } => format!(
            "{func}({})",
            args.iter().map(expr).collect::<Vec<_>>().join(", ")
        ),
        Expr::Unary {
            op: UnaryOp::Neg,
            expr: inner,
        } => format!("-{}", operand(inner)),
        Expr::Unary {
            op: UnaryOp::Not,
            expr: inner,
        } => format!("not {}", operand(inner)),
        Expr::Binary { op, lhs, rhs } => {
            format!("{} {} {}", operand(lhs), op_text(*op), operand(rhs))
        }
        Expr::Between {
            expr: inner,
            low,
            high,
        } => {
            format!(
                "{} between {} and {}",
                operand(inner),
                operand(low),
                operand(high)
            )
        }
        Expr::IsNull {
            expr: inner,
            negated,
        } => {
            format!(
                "{} is {}null",
                operand(inner),
                if *negated { "not " } else { "" }
            )
        }
        Expr::List(items) => format!(
            "({})",
            items.iter().map(expr).collect::<Vec<_>>().join(", ")
        ),
        Expr::CountNotNull(columns) => format!("count_not_null({})", columns.join(", ")),
    }
}

fn operand(e: &Expr) -> String {
    match e {
        Expr::Binary { .. } | Expr::Between { .. } => format!("({})", expr(e)),
        _ => expr(e),
    }
}

fn value(v: &Value) -> String {
    match v {
        Value::Number(n) => n.clone(),
        Value::String(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        Value::Json(j) => j.clone(),
    }
}

fn op_text(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Or => "or",
        BinaryOp::And => "and",
        BinaryOp::Eq => "=",
        BinaryOp::Ne => "!=",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::In => "in",
        BinaryOp::NotIn => "not in",
        BinaryOp::StartsWith => "starts_with",
        BinaryOp::Contains => "contains",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Mod => "%",
    }
}

//! SQL expressions (defaults, checks, index predicates) to `.schema` expression text.
//! What the language's expression language cannot say gives `None`; the caller keeps
//! the SQL verbatim and warns.

use std::collections::BTreeMap;

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, FunctionArg, FunctionArgExpr, FunctionArguments,
    UnaryOperator, Value,
};

/// The `.schema` text of an expression, or `None` when the language cannot say it.
pub fn to_schema(expr: &Expr) -> Option<String> {
    render(expr, &BTreeMap::new())
}

/// Like [`to_schema`], for an expression on a table's columns: a column whose field has
/// another name (`@column`, a relation) is written as the field.
pub fn to_schema_on(expr: &Expr, fields: &BTreeMap<&str, String>) -> Option<String> {
    render(expr, fields)
}

fn render(expr: &Expr, fields: &BTreeMap<&str, String>) -> Option<String> {
    let to_schema = |e: &Expr| render(e, fields);
    Some(match expr {
        Expr::Identifier(i) => field(&i.value, fields)?,
        Expr::CompoundIdentifier(parts) => field(&parts.last()?.value, fields)?,
        Expr::Value(v) => literal(&v.value)?,
        Expr::Nested(inner) => format!("({})", to_schema(inner)?),
        Expr::IsNull(e) => format!("{} is null", to_schema(e)?),
        Expr::IsNotNull(e) => format!("{} is not null", to_schema(e)?),
        Expr::Between {
            expr,
            negated: false,
            low,
            high,
        } => {
            format!(
                "{} between {} and {}",
                to_schema(expr)?,
                to_schema(low)?,
                to_schema(high)?
            )
        }
        Expr::InList {
            expr,
            list,
            negated,
        } => {
            let items: Option<Vec<String>> = list.iter().map(&to_schema).collect();
            let op = if *negated { "not in" } else { "in" };
            format!("{} {op} ({})", to_schema(expr)?, items?.join(", "))
        }
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => format!("not {}", to_schema(expr)?),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => format!("-{}", to_schema(expr)?),
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => to_schema(expr)?,
        Expr::BinaryOp { left, op, right } => {
            let op = match op {
                BinaryOperator::Eq => "=",
                BinaryOperator::NotEq => "!=",
                BinaryOperator::Lt => "<",
                BinaryOperator::LtEq => "<=",
                BinaryOperator::Gt => ">",
                BinaryOperator::GtEq => ">=",
                BinaryOperator::And => "and",
                BinaryOperator::Or => "or",
                BinaryOperator::Plus => "+",
                BinaryOperator::Minus => "-",
                BinaryOperator::Multiply => "*",
                BinaryOperator::Divide => "/",
                BinaryOperator::Modulo => "%",
                _ => return None,
            };
            format!("{} {op} {}", to_schema(left)?, to_schema(right)?)
        }
        // Casts the engines add to literals (`'draft'::character varying`, `'{}'::jsonb`)
        // carry no meaning in the language, which types literals by their column.
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr,
            data_type,
            ..
        } => match (expr.as_ref(), data_type) {
            (Expr::Value(v), DataType::JSON | DataType::JSONB) => json_text(&v.value)?,
            (Expr::Value(v), DataType::Array(_)) => pg_array_text(&v.value)?,
            (Expr::Array(_), _) => to_schema(expr)?,
            (Expr::Value(_), _) => to_schema(expr)?,
            _ => return None,
        },
        Expr::Array(array) => {
            let items: Option<Vec<String>> = array.elem.iter().map(&to_schema).collect();
            format!("[{}]", items?.join(", "))
        }
        Expr::Function(f) => {
            let fname = f.name.to_string().to_lowercase();
            let args: Vec<&Expr> = match &f.args {
                FunctionArguments::None => Vec::new(),
                FunctionArguments::List(list) => list
                    .args
                    .iter()
                    .map(|a| match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?,
                FunctionArguments::Subquery(_) => return None,
            };
            if is_now(&fname, &args) {
                return Some("now()".to_string());
            }
            let known = ["lower", "upper", "length", "char_length", "abs"];
            if !known.contains(&fname.as_str()) {
                return None;
            }
            let fname = if fname == "char_length" {
                "length".to_string()
            } else {
                fname
            };
            let items: Option<Vec<String>> = args.into_iter().map(&to_schema).collect();
            format!("{fname}({})", items?.join(", "))
        }
        _ => return None,
    })
}

/// The spellings of "the current time": `now()`, `CURRENT_TIMESTAMP[(6)]`,
/// `LOCALTIMESTAMP`, SQLite's `strftime(.., 'now')` and `datetime('now')`.
fn is_now(fname: &str, args: &[&Expr]) -> bool {
    let last_is_now = args.last().is_some_and(
        |a| matches!(a, Expr::Value(v) if v.value == Value::SingleQuotedString("now".into())),
    );
    match fname {
        "now"
        | "current_timestamp"
        | "localtimestamp"
        | "transaction_timestamp"
        | "statement_timestamp" => true,
        "strftime" | "datetime" => last_is_now,
        _ => false,
    }
}

/// A column in an expression: its field's name when it has another, else the column
/// name when it is an identifier.
fn field(column: &str, fields: &BTreeMap<&str, String>) -> Option<String> {
    match fields.get(column) {
        Some(f) => Some(f.clone()),
        None => name(column),
    }
}

fn name(raw: &str) -> Option<String> {
    let ok = raw
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| raw.to_string())
}

fn literal(v: &Value) -> Option<String> {
    Some(match v {
        Value::Number(n, _) => n.to_string(),
        Value::SingleQuotedString(s)
        | Value::DoubleQuotedString(s)
        | Value::EscapedStringLiteral(s) => quote(s),
        Value::Boolean(b) => b.to_string(),
        Value::Null => "null".to_string(),
        _ => return None,
    })
}

/// An SQL string literal.
pub fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A `.schema` string literal.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A JSON literal (`'{}'::jsonb`) as a `.schema` JSON literal, when it is an empty or
/// flat document the language writes (`{}`, `[]`, `[1, 'a']`, `{"a": 1}`).
fn json_text(v: &Value) -> Option<String> {
    let Value::SingleQuotedString(text) = v else {
        return None;
    };
    let t = text.trim();
    match t {
        "{}" | "[]" => Some(t.to_string()),
        _ => None,
    }
}

/// A PostgreSQL array literal (`'{}'`, `'{a,b}'`) as `[..]`.
fn pg_array_text(v: &Value) -> Option<String> {
    let Value::SingleQuotedString(text) = v else {
        return None;
    };
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    if inner.trim().is_empty() {
        return Some("[]".to_string());
    }
    if inner.contains('"') || inner.contains('{') {
        return None;
    }
    let items: Vec<String> = inner.split(',').map(|s| quote(s.trim())).collect();
    Some(format!("[{}]", items.join(", ")))
}

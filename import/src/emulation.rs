//! schemac's own type emulation, read back: on MySQL and SQLite the backends write
//! some types as a wider column plus a CHECK (`TEXT` + `CHECK (length(x) <= 40)` for
//! `string(40)`, `INTEGER` + `CHECK (x IN (0, 1))` for `bool`, ...; see
//! docs/type-mapping.md). Such a check is turned back into the type it stands for and
//! dropped, so importing schemac's own DDL gives back the declared types.

use crate::exprs::to_schema;
use crate::model::{Schema, Type};
use crate::SqlDialect;
use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Value};

pub fn recognise(schema: &mut Schema, dialect: SqlDialect) {
    if dialect == SqlDialect::Postgres {
        return;
    }
    for table in &mut schema.tables {
        // SQLite keeps times as TEXT; one that defaults to the current time is one.
        for column in &mut table.columns {
            let now = column.default.as_ref().and_then(|d| match d {
                Expr::Nested(inner) => to_schema(inner),
                other => to_schema(other),
            });
            if column.ty == Type::Builtin("text".into()) && now.as_deref() == Some("now()") {
                column.ty = Type::Builtin("timestamptz".into());
            }
        }
        let mut kept = Vec::new();
        for check in std::mem::take(&mut table.checks) {
            let found = emulated(&check.expr).and_then(|(column, ty)| {
                let col = table.columns.iter_mut().find(|c| c.name == column)?;
                let base = matches!(&col.ty, Type::Builtin(b) if ["text", "bigint", "int", "smallint", "bool"].contains(&b.as_str()));
                base.then(|| col.ty = ty)
            });
            if found.is_none() {
                kept.push(check);
            }
        }
        table.checks = kept;
    }
}

/// The column and the type an emulating check stands for.
fn emulated(expr: &Expr) -> Option<(String, Type)> {
    let builtin = |s: &str| Type::Builtin(s.to_string());
    match expr {
        Expr::Nested(inner) => emulated(inner),
        // `x IN (0, 1)`: bool; `x IN ('a', 'b')`: a native enum.
        Expr::InList {
            expr,
            list,
            negated: false,
        } => {
            let column = ident(expr)?;
            let numbers: Vec<&str> = list.iter().filter_map(|e| number(e)).collect();
            if numbers.len() == 2 && numbers.contains(&"0") && numbers.contains(&"1") {
                return Some((column, builtin("bool")));
            }
            let strings: Vec<String> = list.iter().map(string).collect::<Option<_>>()?;
            // Values that are not names stay a check: an enum cannot hold them.
            strings
                .iter()
                .all(|v| crate::types::is_name(v))
                .then_some((column, Type::InlineEnum(strings)))
        }
        // `length(x) <= n`: string(n); `length(x) = 36`: uuid.
        Expr::BinaryOp { left, op, right } => {
            let (name, args) = call(left)?;
            let n = number(right)?;
            let column = ident(args.first()?)?;
            if !["length", "char_length"].contains(&name.as_str()) {
                return None;
            }
            match op {
                sqlparser::ast::BinaryOperator::LtEq => {
                    Some((column, builtin(&format!("string({n})"))))
                }
                sqlparser::ast::BinaryOperator::Eq if n == "36" => Some((column, builtin("uuid"))),
                _ => None,
            }
        }
        // `json_valid(x)`: json (an array check, `json_valid(x) AND json_type(x) = ..`,
        // is read as json too: the element type is not in the catalog).
        Expr::Function(_) => {
            let (name, args) = call(expr)?;
            (name == "json_valid").then_some(())?;
            Some((ident(args.first()?)?, builtin("json")))
        }
        _ => None,
    }
    .or_else(|| match expr {
        Expr::BinaryOp {
            left,
            op: sqlparser::ast::BinaryOperator::And,
            ..
        } => {
            let (column, ty) = emulated(left)?;
            (ty == builtin("json")).then_some((column, ty))
        }
        _ => None,
    })
}

fn ident(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.clone()),
        Expr::Nested(inner) => ident(inner),
        _ => None,
    }
}

fn number(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Some(n.as_str()),
            _ => None,
        },
        _ => None,
    }
}

fn string(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn call(e: &Expr) -> Option<(String, Vec<&Expr>)> {
    let Expr::Function(f) = e else {
        return None;
    };
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    let args = list
        .args
        .iter()
        .map(|a| match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((f.name.to_string().to_lowercase(), args))
}

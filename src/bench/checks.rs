//! CHECK constraints for the generator: the bounds that simple forms put on one column
//! (`col > n`, `col >= n`, `col between a and b`, `col <= n`, `length(col) > 0`), and an
//! interpreter that tells whether a generated row satisfies a check. A check the
//! interpreter cannot read is dropped for the run, with a warning in the report.

use super::cell::Cell;
use schemac_compiler::ir::{BinaryOp, Expr, UnaryOp, Value};

/// What the checks of a table allow for one column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bounds {
    /// The smallest value and whether it is excluded (`>` rather than `>=`).
    pub low: Option<(f64, bool)>,
    pub high: Option<(f64, bool)>,
    /// Length limits on text (`length(col) > 0`, `length(col) <= 10000`).
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
}

impl Bounds {
    /// The inclusive integer range these bounds allow, around `default` when open.
    pub fn int_range(&self, default: (i64, i64)) -> (i64, i64) {
        let span = default.1 - default.0;
        let low = self.low.map(|(v, strict)| {
            if strict {
                v.floor() as i64 + 1
            } else {
                v.ceil() as i64
            }
        });
        let high = self.high.map(|(v, strict)| {
            if strict {
                v.ceil() as i64 - 1
            } else {
                v.floor() as i64
            }
        });
        match (low, high) {
            (Some(l), Some(h)) => (l, h.max(l)),
            (Some(l), None) => (l, l.saturating_add(span)),
            (None, Some(h)) => (h.saturating_sub(span).min(h), h),
            (None, None) => default,
        }
    }
}

/// The bounds that the checks `exprs` put on `column`.
pub fn bounds_for(column: &str, exprs: &[&Expr]) -> Bounds {
    let mut bounds = Bounds::default();
    for expr in exprs {
        for conjunct in conjuncts(expr) {
            apply(column, conjunct, &mut bounds);
        }
    }
    bounds
}

fn conjuncts(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => {
            let mut all = conjuncts(lhs);
            all.extend(conjuncts(rhs));
            all
        }
        other => vec![other],
    }
}

/// What a side of a comparison is about.
enum Subject {
    Value,
    Length,
}

fn subject(column: &str, expr: &Expr) -> Option<Subject> {
    match expr {
        Expr::Column(c) if c == column => Some(Subject::Value),
        Expr::Call { func, args } if func.eq_ignore_ascii_case("length") => match args.as_slice() {
            [Expr::Column(c)] if c == column => Some(Subject::Length),
            _ => None,
        },
        _ => None,
    }
}

fn apply(column: &str, conjunct: &Expr, bounds: &mut Bounds) {
    match conjunct {
        Expr::Binary { op, lhs, rhs } => {
            let (target, value, op) = match (
                subject(column, lhs),
                constant(rhs),
                subject(column, rhs),
                constant(lhs),
            ) {
                (Some(target), Some(value), _, _) => (target, value, *op),
                (_, _, Some(target), Some(value)) => (target, value, flip(*op)),
                _ => return,
            };
            let (low, high) = match op {
                BinaryOp::Gt => (Some((value, true)), None),
                BinaryOp::Ge => (Some((value, false)), None),
                BinaryOp::Lt => (None, Some((value, true))),
                BinaryOp::Le => (None, Some((value, false))),
                BinaryOp::Eq => (Some((value, false)), Some((value, false))),
                _ => return,
            };
            narrow(target, low, high, bounds);
        }
        Expr::Between { expr, low, high } => {
            if let (Some(target), Some(l), Some(h)) =
                (subject(column, expr), constant(low), constant(high))
            {
                narrow(target, Some((l, false)), Some((h, false)), bounds);
            }
        }
        _ => {}
    }
}

fn narrow(
    target: Subject,
    low: Option<(f64, bool)>,
    high: Option<(f64, bool)>,
    bounds: &mut Bounds,
) {
    match target {
        Subject::Value => {
            if let Some(l) = low {
                bounds.low = Some(match bounds.low {
                    Some(old) if old.0 > l.0 => old,
                    _ => l,
                });
            }
            if let Some(h) = high {
                bounds.high = Some(match bounds.high {
                    Some(old) if old.0 < h.0 => old,
                    _ => h,
                });
            }
        }
        Subject::Length => {
            if let Some((v, strict)) = low {
                let min = if strict { v.floor() + 1.0 } else { v.ceil() };
                bounds.min_len = Some(bounds.min_len.unwrap_or(0).max(min.max(0.0) as usize));
            }
            if let Some((v, strict)) = high {
                let max = if strict { v.ceil() - 1.0 } else { v.floor() };
                let max = max.max(0.0) as usize;
                bounds.max_len = Some(bounds.max_len.map_or(max, |old| old.min(max)));
            }
        }
    }
}

fn flip(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        other => other,
    }
}

/// The value of a constant numeric expression (`6 * 3600`, `-(1000)`).
pub fn constant(expr: &Expr) -> Option<f64> {
    match expr {
        Expr::Value(Value::Number(n)) => n.parse().ok(),
        Expr::Unary {
            op: UnaryOp::Neg,
            expr,
        } => constant(expr).map(|v| -v),
        Expr::Binary { op, lhs, rhs } => arithmetic(*op, constant(lhs)?, constant(rhs)?),
        _ => None,
    }
}

fn arithmetic(op: BinaryOp, a: f64, b: f64) -> Option<f64> {
    match op {
        BinaryOp::Add => Some(a + b),
        BinaryOp::Sub => Some(a - b),
        BinaryOp::Mul => Some(a * b),
        BinaryOp::Div if b != 0.0 => Some(a / b),
        BinaryOp::Mod if b != 0.0 => Some(a % b),
        _ => None,
    }
}

/// Whether the interpreter can evaluate `expr` on rows of a table with `columns`.
pub fn supported(expr: &Expr, columns: &[&str]) -> bool {
    match expr {
        Expr::Column(c) => columns.contains(&c.as_str()),
        Expr::Value(_) => true,
        Expr::Unary { expr, .. } => supported(expr, columns),
        Expr::Binary { op, lhs, rhs } => {
            !matches!(op, BinaryOp::StartsWith | BinaryOp::Contains)
                && supported(lhs, columns)
                && supported(rhs, columns)
        }
        Expr::Between { expr, low, high } => {
            supported(expr, columns) && supported(low, columns) && supported(high, columns)
        }
        Expr::IsNull { expr, .. } => supported(expr, columns),
        Expr::List(items) => items.iter().all(|i| supported(i, columns)),
        Expr::CountNotNull(names) => names.iter().all(|n| columns.contains(&n.as_str())),
        Expr::Call { func, args } => {
            matches!(
                func.to_ascii_lowercase().as_str(),
                "length" | "lower" | "upper" | "abs"
            ) && args.len() == 1
                && supported(&args[0], columns)
        }
        Expr::JoinedColumn { .. } | Expr::Contained { .. } | Expr::Param | Expr::Now => false,
    }
}

/// A value inside the interpreter.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Null,
    Num(f64),
    Text(String),
    Bool(bool),
}

/// Whether the row satisfies the check: true unless it evaluates to FALSE (SQL passes a
/// check that is NULL). `value` looks a column's cell up by name. An expression the
/// interpreter cannot evaluate on these values counts as not satisfied.
pub fn satisfied<'a>(expr: &Expr, value: &dyn Fn(&str) -> Option<&'a Cell>) -> bool {
    match eval(expr, value) {
        Some(Val::Bool(b)) => b,
        Some(Val::Null) => true,
        _ => false,
    }
}

fn eval<'a>(expr: &Expr, value: &dyn Fn(&str) -> Option<&'a Cell>) -> Option<Val> {
    Some(match expr {
        Expr::Column(name) => match value(name)? {
            Cell::Null => Val::Null,
            Cell::Bool(b) => Val::Bool(*b),
            Cell::Text(t) | Cell::Json(t) => Val::Text(t.clone()),
            Cell::Uuid(u) => Val::Text(Cell::uuid_text(*u)),
            other => Val::Num(other.as_number()?),
        },
        Expr::Value(v) => match v {
            Value::Number(n) => Val::Num(n.parse().ok()?),
            Value::String(s) | Value::Json(s) => Val::Text(s.clone()),
            Value::Bool(b) => Val::Bool(*b),
            Value::Null => Val::Null,
        },
        Expr::Unary { op, expr } => match (op, eval(expr, value)?) {
            (_, Val::Null) => Val::Null,
            (UnaryOp::Neg, Val::Num(n)) => Val::Num(-n),
            (UnaryOp::Not, Val::Bool(b)) => Val::Bool(!b),
            _ => return None,
        },
        Expr::Binary { op, lhs, rhs } => binary(*op, eval(lhs, value)?, rhs, value)?,
        Expr::Between { expr, low, high } => {
            let v = eval(expr, value)?;
            let l = eval(low, value)?;
            let h = eval(high, value)?;
            match (compare(&v, &l), compare(&v, &h)) {
                (Some(a), Some(b)) => Val::Bool(a.is_ge() && b.is_le()),
                _ if [&v, &l, &h].contains(&&Val::Null) => Val::Null,
                _ => return None,
            }
        }
        Expr::IsNull { expr, negated } => {
            let is_null = eval(expr, value)? == Val::Null;
            Val::Bool(is_null != *negated)
        }
        Expr::CountNotNull(names) => {
            let mut count = 0.0;
            for name in names {
                if value(name)? != &Cell::Null {
                    count += 1.0;
                }
            }
            Val::Num(count)
        }
        Expr::Call { func, args } => {
            let arg = eval(args.first()?, value)?;
            match (func.to_ascii_lowercase().as_str(), arg) {
                (_, Val::Null) => Val::Null,
                ("length", Val::Text(t)) => Val::Num(t.chars().count() as f64),
                ("lower", Val::Text(t)) => Val::Text(t.to_lowercase()),
                ("upper", Val::Text(t)) => Val::Text(t.to_uppercase()),
                ("abs", Val::Num(n)) => Val::Num(n.abs()),
                _ => return None,
            }
        }
        Expr::List(_)
        | Expr::JoinedColumn { .. }
        | Expr::Contained { .. }
        | Expr::Param
        | Expr::Now => return None,
    })
}

fn binary<'a>(
    op: BinaryOp,
    left: Val,
    rhs: &Expr,
    value: &dyn Fn(&str) -> Option<&'a Cell>,
) -> Option<Val> {
    if let BinaryOp::In | BinaryOp::NotIn = op {
        let Expr::List(items) = rhs else { return None };
        if left == Val::Null {
            return Some(Val::Null);
        }
        let mut found = false;
        for item in items {
            let item = eval(item, value)?;
            found |= compare(&left, &item) == Some(std::cmp::Ordering::Equal);
        }
        return Some(Val::Bool(found == (op == BinaryOp::In)));
    }
    let right = eval(rhs, value)?;
    match op {
        BinaryOp::And | BinaryOp::Or => {
            let as_bool = |v: &Val| match v {
                Val::Bool(b) => Some(Some(*b)),
                Val::Null => Some(None),
                _ => None,
            };
            let (a, b) = (as_bool(&left)?, as_bool(&right)?);
            Some(match (op, a, b) {
                (BinaryOp::And, Some(false), _) | (BinaryOp::And, _, Some(false)) => {
                    Val::Bool(false)
                }
                (BinaryOp::And, Some(true), Some(true)) => Val::Bool(true),
                (BinaryOp::Or, Some(true), _) | (BinaryOp::Or, _, Some(true)) => Val::Bool(true),
                (BinaryOp::Or, Some(false), Some(false)) => Val::Bool(false),
                _ => Val::Null,
            })
        }
        _ if left == Val::Null || right == Val::Null => Some(Val::Null),
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            let ordering = compare(&left, &right)?;
            Some(Val::Bool(match op {
                BinaryOp::Eq => ordering.is_eq(),
                BinaryOp::Ne => ordering.is_ne(),
                BinaryOp::Lt => ordering.is_lt(),
                BinaryOp::Le => ordering.is_le(),
                BinaryOp::Gt => ordering.is_gt(),
                _ => ordering.is_ge(),
            }))
        }
        _ => match (left, right) {
            (Val::Num(a), Val::Num(b)) => arithmetic(op, a, b).map(Val::Num),
            _ => None,
        },
    }
}

fn compare(a: &Val, b: &Val) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Text(x), Val::Text(y)) => Some(x.cmp(y)),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str) -> Box<Expr> {
        Box::new(Expr::Column(name.to_string()))
    }

    fn num(n: &str) -> Box<Expr> {
        Box::new(Expr::Value(Value::Number(n.to_string())))
    }

    fn bin(op: BinaryOp, lhs: Box<Expr>, rhs: Box<Expr>) -> Expr {
        Expr::Binary { op, lhs, rhs }
    }

    #[test]
    fn simple_forms_give_bounds() {
        let gt = bin(BinaryOp::Gt, col("q"), num("0"));
        assert_eq!(bounds_for("q", &[&gt]).int_range((0, 100)), (1, 101));
        let ge = bin(BinaryOp::Ge, col("price"), num("0"));
        assert_eq!(bounds_for("price", &[&ge]).low, Some((0.0, false)));
        let between = Expr::Between {
            expr: col("p"),
            low: num("1"),
            high: num("5"),
        };
        assert_eq!(bounds_for("p", &[&between]).int_range((0, 100)), (1, 5));
        let le = bin(BinaryOp::Le, col("n"), num("9"));
        assert_eq!(bounds_for("n", &[&le]).int_range((0, 100)), (-91, 9));
        let both = bin(
            BinaryOp::And,
            Box::new(bin(BinaryOp::Gt, col("s"), num("0"))),
            Box::new(bin(
                BinaryOp::Lt,
                col("s"),
                Box::new(bin(BinaryOp::Mul, num("6"), num("3600"))),
            )),
        );
        assert_eq!(bounds_for("s", &[&both]).int_range((0, 100)), (1, 21_599));
        let negative = bin(
            BinaryOp::Ge,
            col("score"),
            Box::new(Expr::Unary {
                op: UnaryOp::Neg,
                expr: num("1000"),
            }),
        );
        assert_eq!(
            bounds_for("score", &[&negative]).low,
            Some((-1000.0, false))
        );
        let length = bin(
            BinaryOp::Gt,
            Box::new(Expr::Call {
                func: "length".into(),
                args: vec![Expr::Column("t".into())],
            }),
            num("0"),
        );
        assert_eq!(bounds_for("t", &[&length]).min_len, Some(1));
        assert_eq!(bounds_for("other", &[&length]), Bounds::default());
    }

    #[test]
    fn interpreter_follows_sql_semantics() {
        let check = bin(
            BinaryOp::Or,
            Box::new(Expr::IsNull {
                expr: col("shipped"),
                negated: false,
            }),
            Box::new(bin(BinaryOp::Ge, col("shipped"), col("placed"))),
        );
        let (null, early, late) = (Cell::Null, Cell::Timestamp(5), Cell::Timestamp(9));
        let row = |shipped: &Cell, placed: &Cell| {
            let (shipped, placed) = (shipped.clone(), placed.clone());
            satisfied(&check, &|name: &str| match name {
                "shipped" => Some(&shipped),
                "placed" => Some(&placed),
                _ => None,
            })
        };
        assert!(row(&null, &early));
        assert!(row(&late, &early));
        assert!(!row(&early, &late));
        let lower = bin(
            BinaryOp::Eq,
            col("slug"),
            Box::new(Expr::Call {
                func: "lower".into(),
                args: vec![Expr::Column("slug".into())],
            }),
        );
        let good = Cell::Text("abc".into());
        let bad = Cell::Text("Abc".into());
        assert!(satisfied(&lower, &|_| Some(&good)));
        assert!(!satisfied(&lower, &|_| Some(&bad)));
        let arcs = bin(
            BinaryOp::Eq,
            Box::new(Expr::CountNotNull(vec!["a".into(), "b".into()])),
            num("1"),
        );
        let one = Cell::Int(1);
        assert!(satisfied(&arcs, &|n| Some(if n == "a" {
            &one
        } else {
            &Cell::Null
        })));
        assert!(!satisfied(&arcs, &|_| Some(&one)));
        assert!(supported(&arcs, &["a", "b"]));
        assert!(!supported(
            &Expr::Call {
                func: "json_valid".into(),
                args: vec![]
            },
            &[]
        ));
    }
}

//! Expressions and literals: numbers with suffixes, strings, rates and durations.

use super::{Builder, Rule};
use crate::ast::{BinaryOp, Duration, Expr, ExprKind, Literal, Number, Rate, UnaryOp};
use pest::iterators::Pair;

impl Builder<'_, '_> {
    /// Builds any expression-level pair (`expr` down to a primary).
    pub(super) fn expr(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::expr
            | Rule::filter
            | Rule::and_expr
            | Rule::filter_and
            | Rule::sum
            | Rule::product => {
                return self.binary_chain(pair);
            }
            Rule::not_expr | Rule::unary => {
                let mut parts = pair.into_inner();
                let first = parts.next().expect("grammar: a unary level has an operand");
                let op = match first.as_rule() {
                    Rule::kw_not => UnaryOp::Not,
                    Rule::neg_op => UnaryOp::Neg,
                    _ => return self.expr(first),
                };
                let operand = parts
                    .next()
                    .expect("grammar: a unary operator has an operand");
                ExprKind::Unary {
                    op,
                    expr: Box::new(self.expr(operand)),
                }
            }
            Rule::cmp_expr => return self.comparison(pair),
            Rule::number => ExprKind::Literal(Literal::Number(self.number(pair))),
            Rule::string => ExprKind::Literal(Literal::String(string_value(pair))),
            Rule::kw_true => ExprKind::Literal(Literal::Bool(true)),
            Rule::kw_false => ExprKind::Literal(Literal::Bool(false)),
            Rule::kw_null => ExprKind::Literal(Literal::Null),
            Rule::param => ExprKind::Param,
            Rule::path => ExprKind::Path(pair.into_inner().map(|p| self.ident(p)).collect()),
            Rule::call => {
                let mut parts = pair.into_inner();
                let func = self.ident(parts.next().expect("grammar: a call starts with its name"));
                let args = parts
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|p| self.expr(p))
                    .collect();
                ExprKind::Call { func, args }
            }
            Rule::paren => {
                let mut trailing_comma = false;
                let mut items = Vec::new();
                for part in pair.into_inner() {
                    match part.as_rule() {
                        Rule::expr => items.push(self.expr(part)),
                        Rule::trailing_comma => trailing_comma = true,
                        _ => {}
                    }
                }
                if items.len() == 1 && !trailing_comma {
                    ExprKind::Paren(Box::new(items.remove(0)))
                } else {
                    ExprKind::List(items)
                }
            }
            Rule::array => ExprKind::List(pair.into_inner().map(|p| self.expr(p)).collect()),
            Rule::object => {
                let mut entries = Vec::new();
                for entry in pair.into_inner() {
                    let mut parts = entry.into_inner();
                    let key =
                        string_value(parts.next().expect("grammar: an object entry has a key"));
                    let value =
                        self.expr(parts.next().expect("grammar: an object entry has a value"));
                    entries.push((key, value));
                }
                ExprKind::Object(entries)
            }
            _ => {
                // Every other expression-level rule has exactly one operand child.
                let inner = pair
                    .into_inner()
                    .next()
                    .expect("grammar: a wrapper rule has one child");
                return self.expr(inner);
            }
        };
        Expr { kind, span }
    }

    /// A left-associative chain `a op b op c` (`or`, `and`, `+ -`, `* / %`).
    fn binary_chain(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let mut parts = pair.into_inner();
        let first = parts.next().expect("grammar: a chain has a first operand");
        let mut lhs = self.expr(first);
        while let Some(op_pair) = parts.next() {
            let op = match (op_pair.as_rule(), op_pair.as_str()) {
                (Rule::kw_or, _) => BinaryOp::Or,
                (Rule::kw_and, _) => BinaryOp::And,
                (_, "+") => BinaryOp::Add,
                (_, "-") => BinaryOp::Sub,
                (_, "*") => BinaryOp::Mul,
                (_, "/") => BinaryOp::Div,
                _ => BinaryOp::Mod,
            };
            let Some(rhs) = parts.next() else { break };
            let rhs = self.expr(rhs);
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        lhs
    }

    /// `a = b`, `a in b`, `a not in b`, `a between x and y`, `a is [not] null`, ...
    fn comparison(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let mut parts = pair.into_inner();
        let lhs = self.expr(parts.next().expect("grammar: a comparison has a left side"));
        let Some(op_pair) = parts.next() else {
            return lhs;
        };
        let op = match op_pair.as_rule() {
            Rule::kw_between => {
                let low = self.expr(parts.next().expect("grammar: `between` has a low bound"));
                let high = parts
                    .find(|p| p.as_rule() == Rule::sum)
                    .expect("grammar: `between` has a high bound");
                let high = self.expr(high);
                let kind = ExprKind::Between {
                    expr: Box::new(lhs),
                    low: Box::new(low),
                    high: Box::new(high),
                };
                return Expr { kind, span };
            }
            Rule::kw_is => {
                let negated = parts.any(|p| p.as_rule() == Rule::kw_not);
                return Expr {
                    kind: ExprKind::IsNull {
                        expr: Box::new(lhs),
                        negated,
                    },
                    span,
                };
            }
            Rule::not_in => BinaryOp::NotIn,
            Rule::kw_in => BinaryOp::In,
            Rule::kw_starts_with => BinaryOp::StartsWith,
            Rule::kw_contains => BinaryOp::Contains,
            _ => match op_pair.as_str() {
                "=" => BinaryOp::Eq,
                "<" => BinaryOp::Lt,
                "<=" => BinaryOp::Le,
                ">" => BinaryOp::Gt,
                ">=" => BinaryOp::Ge,
                _ => BinaryOp::Ne,
            },
        };
        let rhs = self.expr(
            parts
                .next()
                .expect("grammar: a comparison has a right side"),
        );
        Expr {
            kind: ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            span,
        }
    }

    /// A `number` or `int_lit` pair, with its suffix applied.
    pub(super) fn number(&self, pair: Pair<'_, Rule>) -> Number {
        let raw = pair.as_str();
        Number {
            raw: raw.to_string(),
            value: number_value(raw),
            span: self.span(&pair),
        }
    }

    /// `5000/s`
    pub(super) fn rate(&self, pair: Pair<'_, Rule>) -> Rate {
        let span = self.span(&pair);
        let mut parts = pair.into_inner();
        let count = self.number(parts.next().expect("grammar: a rate starts with a number"));
        let per = self.ident(parts.next().expect("grammar: a rate has a unit"));
        Rate { count, per, span }
    }

    /// `90 days`
    pub(super) fn duration(&self, pair: Pair<'_, Rule>) -> Duration {
        let span = self.span(&pair);
        let mut parts = pair.into_inner();
        let count = self.number(
            parts
                .next()
                .expect("grammar: a duration starts with a number"),
        );
        let unit = self.ident(parts.next().expect("grammar: a duration has a unit"));
        Duration { count, unit, span }
    }
}

/// The value of a `string` pair: quotes removed, escapes resolved (`''` in single
/// quotes; `\"` and `\\` in double quotes, other backslashes kept as written).
pub(super) fn string_value(pair: Pair<'_, Rule>) -> String {
    let Some(text) = pair.into_inner().next() else {
        return String::new();
    };
    match text.as_rule() {
        Rule::sq_text => text.as_str().replace("''", "'"),
        _ => {
            let mut out = String::with_capacity(text.as_str().len());
            let mut chars = text.as_str().chars();
            while let Some(c) = chars.next() {
                match (c, chars.clone().next()) {
                    ('\\', Some(next @ ('"' | '\\'))) => {
                        out.push(next);
                        chars.next();
                    }
                    _ => out.push(c),
                }
            }
            out
        }
    }
}

/// The value of a number the grammar accepted (digits, an optional fraction, an
/// optional `k`/`M`/`B` suffix), with its suffix applied.
pub(super) fn number_value(raw: &str) -> f64 {
    let (digits, scale) = match raw.as_bytes().last() {
        Some(b'k') => (&raw[..raw.len() - 1], 1e3),
        Some(b'M') => (&raw[..raw.len() - 1], 1e6),
        Some(b'B') => (&raw[..raw.len() - 1], 1e9),
        _ => (raw, 1.0),
    };
    let value = digits
        .parse::<f64>()
        .expect("grammar: a number is decimal digits with an optional fraction");
    value * scale
}

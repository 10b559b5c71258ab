//! Printing of the one-line pieces of the language: members other than fields,
//! expressions, types, attributes, rates and durations. Everything here prints on one
//! line; the layout of lines is decided in `items` and `lines`.

use crate::ast::{
    Attribute, BinaryOp, Direction, Duration, Expr, ExprKind, Ident, Literal, Member, Rate,
    RefAction, Relation, TypeKind, TypeRef, UnaryOp,
};

/// Where a list literal stands, which decides its brackets: `(a, b)` as the right side
/// of `in` / `not in` (`(a,)` for one item), `[a, b]` everywhere else.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ListContext {
    InRhs,
    Other,
}

/// A member other than a field: `with A, B`, `scale rows 2M growth 50k/month`,
/// `primary key (a, b)`, `unique (a, b)`, `index (a, b desc) where ..`, `check (..)`,
/// `audit`, `tree [strategy]`, `timeseries on c [every w] [retain d]`, `distribute by c`.
/// A field prints nothing here: `items` lays its columns out.
pub(super) fn member(out: &mut String, member: &Member) {
    match member {
        Member::Field(_) => {}
        Member::With { mixins, .. } => {
            out.push_str("with ");
            idents(out, mixins);
        }
        Member::Scale(s) => {
            out.push_str("scale rows ");
            out.push_str(&s.rows.raw);
            if let Some(growth) = &s.growth {
                out.push_str(" growth ");
                rate(out, growth);
            }
        }
        Member::PrimaryKey { columns, .. } => column_list(out, "primary key", columns),
        Member::Unique { columns, .. } => column_list(out, "unique", columns),
        Member::Index(index) => {
            out.push_str("index (");
            for (i, column) in index.columns.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&column.name.name);
                direction(out, column.direction);
            }
            out.push(')');
            if let Some(predicate) = &index.predicate {
                out.push_str(" where ");
                expr(out, predicate);
            }
        }
        Member::Check { expr, .. } => check(out, expr),
        Member::Audit { .. } => out.push_str("audit"),
        Member::Tree { strategy, .. } => {
            out.push_str("tree");
            if let Some(strategy) = strategy {
                out.push(' ');
                out.push_str(&strategy.name);
            }
        }
        Member::Timeseries(t) => {
            out.push_str("timeseries on ");
            out.push_str(&t.column.name);
            if let Some(every) = &t.every {
                out.push_str(" every ");
                out.push_str(&every.name);
            }
            if let Some(retain) = &t.retain {
                out.push_str(" retain ");
                duration(out, retain);
            }
        }
        Member::DistributeBy { column, .. } => {
            out.push_str("distribute by ");
            out.push_str(&column.name);
        }
    }
}

/// `primary key (a, b)` / `unique (a, b)`
fn column_list(out: &mut String, keyword: &str, columns: &[Ident]) {
    out.push_str(keyword);
    out.push_str(" (");
    idents(out, columns);
    out.push(')');
}

/// Appends `expr` to `out` in canonical spelling: single spaces around binary operators,
/// strings in single quotes, numbers as written, parentheses only where the user wrote
/// them (the tree keeps them as `Paren`).
pub(super) fn expr(out: &mut String, e: &Expr) {
    expr_in(out, e, ListContext::Other);
}

fn expr_in(out: &mut String, e: &Expr, ctx: ListContext) {
    match &e.kind {
        ExprKind::Literal(lit) => literal(out, lit),
        ExprKind::Param => out.push('?'),
        ExprKind::Path(parts) => path(out, parts),
        ExprKind::Call { func, args } => {
            out.push_str(&func.name);
            out.push('(');
            comma_separated(out, args);
            out.push(')');
        }
        ExprKind::Unary { op, expr: inner } => {
            out.push_str(match op {
                UnaryOp::Neg => "-",
                UnaryOp::Not => "not ",
            });
            expr(out, inner);
        }
        ExprKind::Binary { op, lhs, rhs } => {
            expr(out, lhs);
            out.push(' ');
            out.push_str(binary_op(*op));
            out.push(' ');
            let rhs_ctx = match op {
                BinaryOp::In | BinaryOp::NotIn => ListContext::InRhs,
                _ => ListContext::Other,
            };
            expr_in(out, rhs, rhs_ctx);
        }
        ExprKind::Between {
            expr: inner,
            low,
            high,
        } => {
            expr(out, inner);
            out.push_str(" between ");
            expr(out, low);
            out.push_str(" and ");
            expr(out, high);
        }
        ExprKind::IsNull {
            expr: inner,
            negated,
        } => {
            expr(out, inner);
            out.push_str(if *negated { " is not null" } else { " is null" });
        }
        ExprKind::List(items) => {
            // `()` does not parse, and `(a)` is a parenthesized `a`: an empty list keeps
            // its brackets and a one-item list gets a trailing comma.
            let in_parens = ctx == ListContext::InRhs && !items.is_empty();
            out.push(if in_parens { '(' } else { '[' });
            comma_separated(out, items);
            if in_parens && items.len() == 1 {
                out.push(',');
            }
            out.push(if in_parens { ')' } else { ']' });
        }
        ExprKind::Object(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                double_quoted(out, key);
                out.push_str(": ");
                expr(out, value);
            }
            out.push('}');
        }
        ExprKind::Paren(inner) => {
            out.push('(');
            expr(out, inner);
            out.push(')');
        }
    }
}

fn comma_separated(out: &mut String, items: &[Expr]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(out, item);
    }
}

fn literal(out: &mut String, lit: &Literal) {
    match lit {
        Literal::Number(n) => out.push_str(&n.raw),
        Literal::String(s) => single_quoted(out, s),
        Literal::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Literal::Null => out.push_str("null"),
    }
}

fn binary_op(op: BinaryOp) -> &'static str {
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

/// `check (expr)`: the parentheses belong to the `check` syntax, so a `Paren` inside
/// them (the user wrote `check ((x))`) prints its own pair as well.
pub(super) fn check(out: &mut String, e: &Expr) {
    out.push_str("check (");
    expr(out, e);
    out.push(')');
}

/// `a.b.c`
pub(super) fn path(out: &mut String, parts: &[Ident]) {
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&part.name);
    }
}

/// `a, b, c`
pub(super) fn idents(out: &mut String, names: &[Ident]) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&name.name);
    }
}

/// A string literal inside an expression: `'it''s'`.
fn single_quoted(out: &mut String, s: &str) {
    out.push('\'');
    for ch in s.chars() {
        if ch == '\'' {
            out.push('\'');
        }
        out.push(ch);
    }
    out.push('\'');
}

/// A string in double quotes (a `use` path, a string attribute argument, an object key):
/// `"say \"hi\" \\ bye"`.
pub(super) fn double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
}

/// `@name` or `@name(arg, ...)`; an argument that is a plain string is double-quoted.
pub(super) fn attribute(out: &mut String, attr: &Attribute) {
    out.push('@');
    out.push_str(&attr.name.name);
    if attr.args.is_empty() {
        return;
    }
    out.push('(');
    for (i, arg) in attr.args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match &arg.kind {
            ExprKind::Literal(Literal::String(s)) => double_quoted(out, s),
            _ => expr(out, arg),
        }
    }
    out.push(')');
}

/// Attributes separated by single spaces, each preceded by one space.
pub(super) fn attributes(out: &mut String, attrs: &[Attribute]) {
    for attr in attrs {
        out.push(' ');
        attribute(out, attr);
    }
}

/// `text`, `string(255)`, `decimal(12,2)`, `E[]`, `text?`, `-> User? on delete cascade`.
pub(super) fn type_ref(out: &mut String, ty: &TypeRef) {
    match &ty.kind {
        TypeKind::Named { name, args } => {
            out.push_str(&name.name);
            if !args.is_empty() {
                out.push('(');
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&arg.raw);
                }
                out.push(')');
            }
            nullable(out, ty.nullable);
        }
        TypeKind::Array(element) => {
            type_ref(out, element);
            out.push_str("[]");
            nullable(out, ty.nullable);
        }
        TypeKind::Relation(rel) => relation(out, rel, ty.nullable),
    }
}

fn nullable(out: &mut String, is_nullable: bool) {
    if is_nullable {
        out.push('?');
    }
}

fn relation(out: &mut String, rel: &Relation, is_nullable: bool) {
    out.push_str("-> ");
    for (i, target) in rel.targets.iter().enumerate() {
        if i > 0 {
            out.push_str(" | ");
        }
        out.push_str(&target.name);
    }
    nullable(out, is_nullable);
    if let Some((action, _)) = rel.on_delete {
        out.push_str(" on delete ");
        out.push_str(ref_action(action));
    }
    if let Some((action, _)) = rel.on_update {
        out.push_str(" on update ");
        out.push_str(ref_action(action));
    }
}

fn ref_action(action: RefAction) -> &'static str {
    match action {
        RefAction::Cascade => "cascade",
        RefAction::Restrict => "restrict",
        RefAction::SetNull => "set null",
        RefAction::SetDefault => "set default",
        RefAction::NoAction => "no action",
    }
}

/// ` asc` / ` desc` when a direction was written.
pub(super) fn direction(out: &mut String, dir: Option<Direction>) {
    match dir {
        Some(Direction::Asc) => out.push_str(" asc"),
        Some(Direction::Desc) => out.push_str(" desc"),
        None => {}
    }
}

/// `5000/s`
pub(super) fn rate(out: &mut String, r: &Rate) {
    out.push_str(&r.count.raw);
    out.push('/');
    out.push_str(&r.per.name);
}

/// `13 months`
pub(super) fn duration(out: &mut String, d: &Duration) {
    out.push_str(&d.count.raw);
    out.push(' ');
    out.push_str(&d.unit.name);
}

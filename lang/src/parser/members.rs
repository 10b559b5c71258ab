//! Lines of entity and mixin bodies: fields with their types and modifiers, and the
//! keyword members (`with`, `scale`, `index`, `tree`, ...).

use super::recovery::codes;
use super::{Builder, Rule};
use crate::ast::{
    Direction, Field, IndexColumn, IndexDecl, Member, RefAction, Relation, ScaleDecl,
    TimeseriesDecl, TypeKind, TypeRef,
};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use pest::iterators::Pair;

impl Builder<'_, '_> {
    pub(super) fn member(&mut self, pair: Pair<'_, Rule>) -> Member {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::with_decl => Member::With {
                mixins: self.idents(pair),
                span,
            },
            Rule::primary_key => Member::PrimaryKey {
                columns: self.idents(pair),
                span,
            },
            Rule::unique_decl => Member::Unique {
                columns: self.idents(pair),
                span,
            },
            Rule::scale_decl => {
                let mut rows = None;
                let mut growth = None;
                for part in pair.into_inner() {
                    match part.as_rule() {
                        Rule::number => rows = Some(self.number(part)),
                        Rule::rate => growth = Some(self.rate(part)),
                        _ => {}
                    }
                }
                Member::Scale(ScaleDecl {
                    rows: rows.expect("grammar: `scale rows` has a number"),
                    growth,
                    span,
                })
            }
            Rule::index_decl => {
                let mut columns = Vec::new();
                let mut predicate = None;
                for part in pair.into_inner() {
                    match part.as_rule() {
                        Rule::index_column => columns.push(self.index_column(part)),
                        Rule::expr => predicate = Some(self.expr(part)),
                        _ => {}
                    }
                }
                Member::Index(IndexDecl {
                    columns,
                    predicate,
                    span,
                })
            }
            Rule::check_decl => {
                let expr = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::expr)
                    .expect("grammar: `check` has an expression");
                Member::Check {
                    expr: self.expr(expr),
                    span,
                }
            }
            Rule::audit_decl => Member::Audit { span },
            Rule::tree_decl => {
                let strategy = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::ident)
                    .map(|p| self.ident(p));
                Member::Tree { strategy, span }
            }
            Rule::timeseries_decl => {
                let mut idents = pair
                    .clone()
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::ident)
                    .map(|p| self.ident(p));
                let column = idents
                    .next()
                    .expect("grammar: `timeseries on` has a column");
                let every = idents.next();
                let retain = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::duration)
                    .map(|p| self.duration(p));
                Member::Timeseries(TimeseriesDecl {
                    column,
                    every,
                    retain,
                    span,
                })
            }
            Rule::distribute_decl => {
                let column = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::ident)
                    .expect("grammar: `distribute by` has a column");
                Member::DistributeBy {
                    column: self.ident(column),
                    span,
                }
            }
            _ => Member::Field(self.field(pair)),
        }
    }

    /// The identifiers directly inside `pair` (mixin names, key columns).
    fn idents(&self, pair: Pair<'_, Rule>) -> Vec<crate::ast::Ident> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.ident(p))
            .collect()
    }

    fn index_column(&self, pair: Pair<'_, Rule>) -> IndexColumn {
        let span = self.span(&pair);
        let mut name = None;
        let mut direction = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => name = Some(self.ident(part)),
                Rule::direction => direction = Some(direction_of(part)),
                _ => {}
            }
        }
        IndexColumn {
            name: name.expect("grammar: an index column has a name"),
            direction,
            span,
        }
    }

    fn field(&mut self, pair: Pair<'_, Rule>) -> Field {
        let end = self.end(&pair);
        let mut doc = None;
        let mut name = None;
        let mut ty = None;
        let mut default = None;
        let mut unique: Option<Span> = None;
        let mut checks = Vec::new();
        let mut attrs = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::doc => doc = Some(self.doc(part)),
                Rule::ident => name = Some(self.ident(part)),
                Rule::type_ref => ty = Some(self.type_ref(part)),
                Rule::default_mod => {
                    let span = self.span(&part);
                    let expr = part
                        .into_inner()
                        .next()
                        .expect("grammar: `=` is followed by an expression");
                    let expr = self.expr(expr);
                    if default.is_some() {
                        self.duplicate(
                            span,
                            "this field already has a default",
                            "keep one `= default`",
                        );
                    } else {
                        default = Some(expr);
                    }
                }
                Rule::unique_mod => {
                    let span = self.span(&part);
                    if unique.is_some() {
                        self.duplicate(
                            span,
                            "`unique` is already given for this field",
                            "remove one `unique`",
                        );
                    } else {
                        unique = Some(span);
                    }
                }
                Rule::check_mod => {
                    let expr = part
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::expr)
                        .expect("grammar: `check` has an expression");
                    checks.push(self.expr(expr));
                }
                Rule::attribute => attrs.push(self.attribute(part)),
                _ => {}
            }
        }
        let name = name.expect("grammar: a field has a name");
        let span = self.span_of(name.span.start as usize, end);
        Field {
            doc: doc.map(Box::new),
            name,
            ty: ty.expect("grammar: a field has a type"),
            default: default.map(Box::new),
            unique,
            checks,
            attrs,
            span,
        }
    }

    fn duplicate(&mut self, span: Span, message: &str, hint: &str) {
        self.diags.push(
            Diagnostic::error(codes::DUPLICATE, message, span, "given again here").with_hint(hint),
        );
    }

    fn type_ref(&mut self, pair: Pair<'_, Rule>) -> TypeRef {
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: a type is named or a relation");
        if inner.as_rule() == Rule::relation_type {
            return self.relation(inner);
        }
        let mut parts = inner.into_inner();
        let name = self.ident(
            parts
                .next()
                .expect("grammar: a named type starts with its name"),
        );
        let mut ty = TypeRef::named(name);
        for part in parts {
            let span = self.span(&part);
            match part.as_rule() {
                Rule::type_args => {
                    let args = part
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::int_lit)
                        .map(|p| self.number(p));
                    if let TypeKind::Named { args: slot, .. } = &mut ty.kind {
                        *slot = args.collect();
                    }
                    ty.span = ty.span.to(span);
                }
                Rule::array_suffix => {
                    let outer = ty.span.to(span);
                    ty = TypeRef {
                        kind: TypeKind::Array(Box::new(ty)),
                        nullable: false,
                        span: outer,
                    };
                }
                Rule::nullable => {
                    ty.nullable = true;
                    ty.span = ty.span.to(span);
                }
                _ => {}
            }
        }
        ty
    }

    fn relation(&mut self, pair: Pair<'_, Rule>) -> TypeRef {
        let span = self.span(&pair);
        let mut targets = Vec::new();
        let mut nullable = false;
        let mut on_delete = None;
        let mut on_update = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => targets.push(self.ident(part)),
                Rule::nullable => nullable = true,
                Rule::on_delete | Rule::on_update => {
                    let rule = part.as_rule();
                    let action = self.ref_action(part);
                    let slot = if rule == Rule::on_delete {
                        &mut on_delete
                    } else {
                        &mut on_update
                    };
                    if slot.is_some() {
                        let what = if rule == Rule::on_delete {
                            "on delete"
                        } else {
                            "on update"
                        };
                        self.duplicate(
                            action.1,
                            &format!("`{what}` is already given for this relation"),
                            "keep one",
                        );
                    } else {
                        *slot = Some(action);
                    }
                }
                _ => {}
            }
        }
        TypeRef {
            kind: TypeKind::Relation(Relation {
                targets,
                on_delete,
                on_update,
            }),
            nullable,
            span,
        }
    }

    fn ref_action(&self, pair: Pair<'_, Rule>) -> (RefAction, Span) {
        let action = pair
            .into_inner()
            .find(|p| {
                matches!(
                    p.as_rule(),
                    Rule::act_cascade
                        | Rule::act_restrict
                        | Rule::act_set_null
                        | Rule::act_set_default
                        | Rule::act_no_action
                )
            })
            .expect("grammar: `on delete` and `on update` name an action");
        let kind = match action.as_rule() {
            Rule::act_cascade => RefAction::Cascade,
            Rule::act_restrict => RefAction::Restrict,
            Rule::act_set_null => RefAction::SetNull,
            Rule::act_set_default => RefAction::SetDefault,
            _ => RefAction::NoAction,
        };
        (kind, self.span(&action))
    }
}

/// `asc` or `desc` from a `direction` pair.
pub(super) fn direction_of(pair: Pair<'_, Rule>) -> Direction {
    if pair.as_str() == "desc" {
        Direction::Desc
    } else {
        Direction::Asc
    }
}

//! `query` declarations, in block form and one-line form.

use super::members::direction_of;
use super::recovery::codes;
use super::{Builder, Rule};
use crate::ast::{Ident, OrderItem, QueryDecl, QueryForm, Traversal, TraversalKind};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use pest::iterators::Pair;

/// The clauses of one query while they are collected.
#[derive(Default)]
struct Clauses {
    from: Option<Ident>,
    filter: Option<crate::ast::Expr>,
    traversal: Option<Traversal>,
    order_by: Vec<OrderItem>,
    limit: Option<crate::ast::Number>,
    count: Option<Span>,
    including_deleted: Option<Span>,
    rate: Option<crate::ast::Rate>,
}

impl Builder<'_, '_> {
    /// A query, or `None` (with a diagnostic) when it does not say which entity it reads.
    pub(super) fn query_decl(&mut self, pair: Pair<'_, Rule>) -> Option<QueryDecl> {
        let mut start = self.start(&pair);
        let mut end = self.end(&pair);
        let mut doc = None;
        let mut name = None;
        let mut form = QueryForm::Line;
        let mut clauses = Clauses::default();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::doc => doc = Some(self.doc(part)),
                Rule::kw_query => start = self.start(&part),
                Rule::ident => name = Some(self.ident(part)),
                Rule::query_line => {
                    for clause in part.into_inner() {
                        if clause.as_rule() == Rule::ident {
                            clauses.from = Some(self.ident(clause));
                        } else {
                            self.clause(clause, &mut clauses);
                        }
                    }
                }
                Rule::query_block => {
                    form = QueryForm::Block;
                    let mut open = None;
                    let mut parts = part.into_inner().peekable();
                    while let Some(clause) = parts.next() {
                        match clause.as_rule() {
                            Rule::block_open => open = Some(self.span(&clause)),
                            Rule::block_close => {
                                end = self.block_close(clause, open, "query", name.as_ref())
                            }
                            Rule::line_error => {
                                let next_is_error = parts
                                    .peek()
                                    .is_some_and(|p| p.as_rule() == Rule::line_error);
                                self.clause_line_error(&clause, next_is_error);
                            }
                            _ => self.clause(clause, &mut clauses),
                        }
                    }
                }
                _ => {}
            }
        }
        let name = name.expect("grammar: a query has a name");
        let span = self.span_of(start, end);
        let Some(from) = clauses.from else {
            self.diags.push(
                Diagnostic::error(
                    codes::QUERY_WITHOUT_FROM,
                    format!("query `{}` does not say which entity it reads", name.name),
                    name.span,
                    "this query has no `from` line",
                )
                .with_hint("start the block with `from Entity`, or write `query name: Entity where ...` on one line"),
            );
            return None;
        };
        Some(QueryDecl {
            doc,
            name,
            form,
            from,
            filter: clauses.filter,
            traversal: clauses.traversal,
            order_by: clauses.order_by,
            limit: clauses.limit,
            count: clauses.count,
            including_deleted: clauses.including_deleted,
            rate: clauses.rate,
            span,
        })
    }

    fn clause(&mut self, pair: Pair<'_, Rule>, clauses: &mut Clauses) {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let duplicate = match rule {
            Rule::from_clause => {
                let entity = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::ident)
                    .expect("grammar: `from` names an entity");
                replace(&mut clauses.from, self.ident(entity))
            }
            Rule::where_clause => {
                let filter = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::filter)
                    .expect("grammar: `where` has a filter");
                let filter = self.expr(filter);
                replace(&mut clauses.filter, filter)
            }
            Rule::traversal => {
                let mut kind = TraversalKind::Children;
                let mut of = None;
                for part in pair.into_inner() {
                    match part.as_rule() {
                        Rule::kw_descendants => kind = TraversalKind::Descendants,
                        Rule::kw_ancestors => kind = TraversalKind::Ancestors,
                        Rule::expr => of = Some(self.expr(part)),
                        _ => {}
                    }
                }
                let of = of.expect("grammar: a traversal names its node");
                replace(&mut clauses.traversal, Traversal { kind, of, span })
            }
            Rule::order_by => {
                let items: Vec<OrderItem> = pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::order_item)
                    .map(|p| self.order_item(p))
                    .collect();
                let had = !clauses.order_by.is_empty();
                clauses.order_by.extend(items);
                had
            }
            Rule::limit_clause => {
                let n = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::number)
                    .expect("grammar: `limit` has a number");
                replace(&mut clauses.limit, self.number(n))
            }
            Rule::count_clause => replace(&mut clauses.count, span),
            Rule::including_deleted => replace(&mut clauses.including_deleted, span),
            Rule::rate_clause => {
                let rate = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::rate)
                    .expect("grammar: `rate` has a rate");
                replace(&mut clauses.rate, self.rate(rate))
            }
            _ => false,
        };
        if duplicate {
            let word = clause_word(rule);
            self.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE,
                    format!("this query already has `{word}`"),
                    span,
                    "given again here",
                )
                .with_hint(format!("a query takes one `{word}` clause; merge the two")),
            );
        }
    }

    fn order_item(&self, pair: Pair<'_, Rule>) -> OrderItem {
        let span = self.span(&pair);
        let mut path = Vec::new();
        let mut direction = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::order_path => path = part.into_inner().map(|p| self.ident(p)).collect(),
                Rule::direction => direction = Some(direction_of(part)),
                _ => {}
            }
        }
        OrderItem {
            path,
            direction,
            span,
        }
    }
}

/// Stores `value` unless the slot is taken; returns whether it was (a duplicate).
fn replace<T>(slot: &mut Option<T>, value: T) -> bool {
    if slot.is_some() {
        return true;
    }
    *slot = Some(value);
    false
}

/// How a clause is written, for messages.
fn clause_word(rule: Rule) -> &'static str {
    match rule {
        Rule::from_clause => "from",
        Rule::where_clause => "where",
        Rule::traversal => "descendants/ancestors/children of",
        Rule::order_by => "order by",
        Rule::limit_clause => "limit",
        Rule::count_clause => "count",
        Rule::including_deleted => "including deleted",
        _ => "rate",
    }
}

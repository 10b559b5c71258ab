//! Every place an expression over an entity's fields appears: field and table
//! `check (..)`, index predicates and query filters. Checks that look at expressions
//! walk these sites instead of each finding them again.

use super::{Entity, Model};
use schemac_lang::ast::{Expr, Member, QueryDecl};

#[derive(Clone, Copy)]
pub enum SiteKind<'a> {
    /// A `check (..)`, on a field or the table.
    Check,
    /// The `where` of an `index (..)`.
    IndexPredicate,
    /// The `where` of a query.
    QueryFilter(&'a QueryDecl),
}

impl SiteKind<'_> {
    /// Queries may follow relations (`user.email`) and take parameters (`?`).
    pub fn is_query(self) -> bool {
        matches!(self, SiteKind::QueryFilter(_))
    }
}

pub struct Site<'m, 'a> {
    pub entity: &'m Entity<'a>,
    pub kind: SiteKind<'a>,
    pub expr: &'a Expr,
}

/// A site as the model stores it: by entity position, so that it is collected once.
pub(super) struct StoredSite<'a> {
    entity: usize,
    kind: SiteKind<'a>,
    expr: &'a Expr,
}

/// Expression sites, and the `(entity, field)` positions of the fields that have a
/// default.
pub(super) type Sites<'a> = (Vec<StoredSite<'a>>, Vec<(usize, usize)>);

/// The [`Sites`] of entity `e` alone. Entities are flattened in parallel, each with its
/// sites; [`collect`] puts them together and adds the queries' sites after them.
pub(super) fn of_entity<'a>(e: usize, entity: &Entity<'a>) -> Sites<'a> {
    let mut sites = Vec::new();
    let mut defaults = Vec::new();
    for (i, field) in entity.fields.iter().enumerate() {
        let field = field.field;
        if field.default.is_some() {
            defaults.push((e, i));
        }
        for expr in &field.checks {
            sites.push(StoredSite {
                entity: e,
                kind: SiteKind::Check,
                expr,
            });
        }
    }
    for member in &entity.members {
        match member.member {
            Member::Check { expr, .. } => sites.push(StoredSite {
                entity: e,
                kind: SiteKind::Check,
                expr,
            }),
            Member::Index(index) => {
                if let Some(expr) = &index.predicate {
                    sites.push(StoredSite {
                        entity: e,
                        kind: SiteKind::IndexPredicate,
                        expr,
                    });
                }
            }
            _ => {}
        }
    }
    (sites, defaults)
}

/// Every expression site of the model, entity by entity (`per_entity`, from
/// [`of_entity`]) and then the queries', with the fields that have a default.
pub(super) fn collect<'a>(model: &Model<'a>, per_entity: Vec<Sites<'a>>) -> Sites<'a> {
    let mut sites = Vec::with_capacity(
        per_entity.iter().map(|(s, _)| s.len()).sum::<usize>() + model.queries.len(),
    );
    let mut defaults = Vec::with_capacity(per_entity.iter().map(|(_, d)| d.len()).sum());
    for (entity_sites, entity_defaults) in per_entity {
        sites.extend(entity_sites);
        defaults.extend(entity_defaults);
    }
    for query in &model.queries {
        let (Some(entity), Some(expr)) = (model.entity_id(&query.from.name), &query.filter) else {
            continue;
        };
        sites.push(StoredSite {
            entity,
            kind: SiteKind::QueryFilter(query),
            expr,
        });
    }
    (sites, defaults)
}

pub fn for_each<'m, 'a>(model: &'m Model<'a>, mut f: impl FnMut(Site<'m, 'a>)) {
    for site in &model.sites {
        f(Site {
            entity: &model.entities[site.entity],
            kind: site.kind,
            expr: site.expr,
        });
    }
}

/// Calls `f` on `expr` and every expression inside it, outermost first.
pub fn walk<'a>(expr: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    use schemac_lang::ast::ExprKind;
    f(expr);
    match &expr.kind {
        ExprKind::Literal(_) | ExprKind::Param | ExprKind::Path(_) => {}
        ExprKind::Call { args, .. } | ExprKind::List(args) => args.iter().for_each(|a| walk(a, f)),
        ExprKind::Unary { expr, .. } | ExprKind::IsNull { expr, .. } | ExprKind::Paren(expr) => {
            walk(expr, f)
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            walk(lhs, f);
            walk(rhs, f);
        }
        ExprKind::Between { expr, low, high } => {
            walk(expr, f);
            walk(low, f);
            walk(high, f);
        }
        ExprKind::Object(entries) => entries.iter().for_each(|(_, e)| walk(e, f)),
    }
}

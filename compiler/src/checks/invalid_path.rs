//! `E0210` invalid path: a dotted path (`user.email`) that cannot be followed.
//!
//! Why: a path becomes a join along a foreign key. It needs a plain relation as its
//! first step; a polymorphic relation has no single table to join, and `check` and
//! index predicates only see the row's own columns. Paths follow one relation.
//!
//! ```text
//! query q: Order where total.amount = ? rate 1/s     // `total` is a decimal
//! ```
//! Fix: start the path with a relation field (`user.email`), or compare the field
//! itself.

use crate::resolve::path::{self, PathError};
use crate::resolve::sites;
use crate::resolve::Model;
use schemac_lang::ast::{ExprKind, Ident};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "E0210";

pub fn check(model: &Model, diags: &mut Diagnostics) {
    sites::for_each(model, |site| {
        sites::walk(site.expr, &mut |e| {
            let ExprKind::Path(p) = &e.kind else { return };
            if let Err(err) = path::resolve(model, site.entity, p, site.kind.is_query()) {
                report(err, diags);
            }
        });
    });
    for query in &model.queries {
        let Some(entity) = model.entity(&query.from.name) else {
            continue;
        };
        for item in &query.order_by {
            if let Err(err) = path::resolve(model, entity, &item.path, true) {
                report(err, diags);
            }
        }
    }
}

fn report(err: PathError, diags: &mut Diagnostics) {
    let (ident, message, hint): (&Ident, String, &str) = match err {
        PathError::NotARelation { ident } => (
            ident,
            format!(
                "`{}` is not a relation, so the path cannot continue after it",
                ident.name
            ),
            "only a relation field (`user -> User`) can be followed with `.field`",
        ),
        PathError::Polymorphic { ident } => (
            ident,
            format!(
                "`{}` is a polymorphic relation and cannot be followed",
                ident.name
            ),
            "a polymorphic relation points at several tables; query the target entity instead",
        ),
        PathError::TooDeep { ident } => (
            ident,
            "paths follow at most one relation".to_string(),
            "query the intermediate entity, or add a direct relation",
        ),
        PathError::JoinNotAllowed { ident } => (
            ident,
            format!(
                "`{}.…` reaches into another table, which is only allowed in queries",
                ident.name
            ),
            "checks and index predicates can only use the entity's own fields",
        ),
        PathError::UnknownField { .. } | PathError::Unresolved => return,
    };
    diags.push(Diagnostic::error(CODE, message, ident.span, "invalid path").with_hint(hint));
}

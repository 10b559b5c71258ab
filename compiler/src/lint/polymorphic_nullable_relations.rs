//! `L0010` polymorphic nullable relations: several nullable relations to different
//! entities of which at most one is meant to be set: a polymorphic association built
//! by hand.
//!
//! Heuristic (names only; the schema cannot say "at most one"): two or more nullable
//! single-target relations whose names share a prefix and end with their target's
//! name (`subject_post -> Post?`, `subject_photo -> Photo?`), or are named exactly
//! after their targets (`post -> Post?`, `photo -> Photo?`) while a table `check (..)`
//! mentions them together. Relations lowered from `-> A | B @exclusive_arcs` are
//! the language's own form and are not reported.
//!
//! Why it is bad: nothing keeps two of them from being set at once (or none), and every
//! reader must know the convention; adding a target means a new column and new code.
//!
//! ```text
//! entity Comment { on_post -> Post?  on_photo -> Photo? }
//! ```
//! Fix: `on -> Post | Photo @exclusive_arcs` (one nullable foreign key per target plus
//! a CHECK that exactly one is set), or `-> Post | Photo` (type + id columns).

use super::{locate, Context};
use crate::hashing::FxHashMap as HashMap;
use crate::naming;
use crate::resolve::{Entity, EntityField, FieldType};
use schemac_lang::ast::{ExprKind, Member};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0010";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (_, entity) in ctx.entity_tables() {
        let nullable: Vec<(&EntityField, String)> = entity
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                FieldType::Relation(r) if r.targets.len() == 1 && f.field.ty.nullable => {
                    Some((f, naming::snake_case(&r.targets[0].name)))
                }
                _ => None,
            })
            .collect();
        let mut groups: HashMap<&str, Vec<&EntityField>> = HashMap::default();
        let mut order = Vec::new();
        for (f, target) in &nullable {
            let name = f.field.name.name.as_str();
            let prefix = if name == target {
                Some("")
            } else {
                name.strip_suffix(target.as_str())
                    .and_then(|p| p.strip_suffix('_'))
                    .filter(|p| !p.is_empty())
            };
            if let Some(prefix) = prefix {
                if !groups.contains_key(prefix) {
                    order.push(prefix);
                }
                groups.entry(prefix).or_default().push(f);
            }
        }
        for prefix in order {
            let fields = &groups[prefix];
            if fields.len() < 2 || (prefix.is_empty() && !checked_together(entity, fields)) {
                continue;
            }
            let names: Vec<&str> = fields.iter().map(|f| f.field.name.name.as_str()).collect();
            let targets: Vec<String> = fields
                .iter()
                .filter_map(|f| match &f.ty {
                    FieldType::Relation(r) => r.targets.first().map(|t| t.name.clone()),
                    _ => None,
                })
                .collect();
            let arc = if prefix.is_empty() { "target" } else { prefix };
            let mut d = Diagnostic::lint(
                CODE,
                format!(
                    "`{}` has nullable relations {} that look like one polymorphic association",
                    entity.name(),
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                locate::field_span(fields[0]),
                "one of several nullable relations",
            );
            for f in &fields[1..] {
                d = d.with_secondary(locate::field_span(f), "another one");
            }
            diags.push(d.with_hint(format!(
                "write it as one polymorphic relation: `{arc} -> {} @exclusive_arcs`",
                targets.join(" | ")
            )));
        }
    }
}

/// Whether a table-level `check (..)` of the entity names all of these fields.
fn checked_together(entity: &Entity, fields: &[&EntityField]) -> bool {
    entity.members.iter().any(|m| {
        let Member::Check { expr, .. } = m.member else {
            return false;
        };
        let mut names = Vec::new();
        paths(expr, &mut names);
        fields
            .iter()
            .all(|f| names.contains(&f.field.name.name.as_str()))
    })
}

fn paths<'e>(expr: &'e schemac_lang::ast::Expr, out: &mut Vec<&'e str>) {
    match &expr.kind {
        ExprKind::Path(p) => out.extend(p.first().map(|i| i.name.as_str())),
        ExprKind::Call { args, .. } | ExprKind::List(args) => {
            args.iter().for_each(|a| paths(a, out))
        }
        ExprKind::Unary { expr, .. } | ExprKind::Paren(expr) | ExprKind::IsNull { expr, .. } => {
            paths(expr, out)
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            paths(lhs, out);
            paths(rhs, out);
        }
        ExprKind::Between { expr, low, high } => {
            paths(expr, out);
            paths(low, out);
            paths(high, out);
        }
        ExprKind::Literal(_) | ExprKind::Param | ExprKind::Object(_) => {}
    }
}

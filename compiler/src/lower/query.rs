//! Declared queries: resolved against their table for the planner and `explain`.

use super::expr::{self, Scope};
use crate::ir::{IndexKey, Query, Table, Traversal, TraversalKind};
use crate::resolve::keys;
use crate::resolve::Model;
use crate::units;
use schemac_lang::ast::{self, QueryDecl};

/// `None` when the query's entity does not exist (reported by a check).
pub fn lower(model: &Model, tables: &[Table], q: &QueryDecl) -> Option<Query> {
    let entity = model.entity(&q.from.name)?;
    let entity_hierarchy = tables
        .iter()
        .find(|t| t.name == entity.table)
        .and_then(|t| t.hierarchy.clone());
    let mut scope = Scope {
        model,
        entity,
        joins: Some(Vec::new()),
    };
    // The traversal's node comes first in the rendered SQL, so it is lowered first.
    let node = q.traversal.as_ref().map(|t| scope.lower(&t.of));
    let filter = q.filter.as_ref().map(|f| scope.lower(f));
    let joins = scope.joins.take().unwrap_or_default();
    let order_by = q
        .order_by
        .iter()
        .flat_map(|item| {
            let desc = item.direction == Some(ast::Direction::Desc);
            let columns = match (
                item.path.as_slice(),
                item.path.first().and_then(|i| entity.lookup(&i.name)),
            ) {
                ([_], Some(leaf)) => match leaf.declared() {
                    Some(f) => keys::field_columns(model, f)
                        .into_iter()
                        .map(|c| c.name)
                        .collect(),
                    None => expr::leaf_column(model, leaf).into_iter().collect(),
                },
                _ => Vec::new(),
            };
            columns.into_iter().map(move |column| IndexKey {
                column,
                desc,
                opclass: None,
            })
        })
        .collect();
    Some(Query {
        name: q.name.name.clone(),
        table: entity.table.clone(),
        filter,
        joins,
        traversal: q.traversal.as_ref().zip(node).map(|(t, node)| Traversal {
            kind: match t.kind {
                ast::TraversalKind::Descendants => TraversalKind::Descendants,
                ast::TraversalKind::Ancestors => TraversalKind::Ancestors,
                ast::TraversalKind::Children => TraversalKind::Children,
            },
            node,
            hierarchy: entity_hierarchy,
        }),
        order_by,
        limit: q.limit.as_ref().map(|n| n.value as u64),
        count: q.count.is_some(),
        including_deleted: q.including_deleted.is_some(),
        rate_per_sec: q
            .rate
            .as_ref()
            .and_then(|r| units::rate_unit_seconds(&r.per.name).map(|secs| r.count.value / secs))
            .unwrap_or(0.0),
    })
}

//! Lowering: the resolved and checked model to the planned IR.
//!
//! Runs only when the checks found no error, so it does not report anything; where
//! something still does not resolve it is left out rather than guessed.

mod audit;
mod entity;
mod enums;
mod expr;
mod query;
mod soft_delete;
mod timeseries;
mod tree;
mod verbatim;

use crate::ir;
use crate::naming::{NameAllocator, NameLog};
use crate::resolve::Model;
use schemac_lang::ast::Member;

pub fn lower(model: &Model) -> ir::Schema {
    // The tables, and the names of their trait tables.
    let mut names = NameAllocator::with_capacity(2 * (model.entities.len() + model.enums.len()));
    let lookups = enums::lookup_tables(model);
    for table in lookups
        .iter()
        .map(|t| &t.name)
        .chain(model.entities.iter().map(|e| &e.table))
    {
        names.reserve(table);
    }
    // The tables the traits add are named after their entity's table.
    for entity in &model.entities {
        if entity
            .members
            .iter()
            .any(|m| matches!(m.member, Member::Audit { .. }))
        {
            names.reserve(&audit::events_name(&entity.table));
        }
        if entity.tree().is_some() {
            names.reserve(&tree::closure_name(&entity.table));
        }
    }
    let mut schema = ir::Schema {
        tables: Vec::with_capacity(lookups.len() + model.entities.len()),
        enums: enums::native_types(model),
        queries: Vec::new(),
        views: Vec::new(),
        lookup: Default::default(),
    };
    for mut table in lookups {
        table.primary_key.name = names.claim(table.primary_key.name);
        schema.tables.push(table);
    }
    // Entities are lowered independently (in parallel on a large project), each
    // logging the constraint names it asks for; the names are then claimed in entity
    // order, as a sequential lowering would have claimed them.
    let mut lowered = crate::parallel::map(&model.entities, |entity| {
        let mut log = NameLog::default();
        let mut table = entity::lower(model, entity, &mut log);
        timeseries::lower(entity, &mut table);
        soft_delete::live_uniques(&mut table);
        // The trait tables are boxed: most entities have none, and the results are
        // moved between threads and lists, so each moves in a few words.
        let closure = tree::closure_table(&table, &mut log).map(Box::new);
        let audit = audit::lower(entity, &table, &mut log).map(Box::new);
        (table, closure, audit, log)
    });
    let mut logs: Vec<NameLog> = lowered
        .iter_mut()
        .map(|(_, _, _, log)| std::mem::take(log))
        .collect();
    // Settling the names and moving the tables into the schema are both one pass on
    // one core, and independent until a name has to change (rarely): on a large
    // project they run side by side, and the renames are applied afterwards.
    let settle = move || NameLog::settle_all(&mut logs, names);
    let place = |schema: &mut ir::Schema| {
        lowered
            .into_iter()
            .map(|(table, closure, audit, _)| {
                let first = schema.tables.len();
                schema.tables.push(table);
                schema.tables.extend(closure.map(|closure| *closure));
                if let Some(audit) = audit {
                    let (events, view) = *audit;
                    schema.tables.push(events);
                    schema.views.push(view);
                }
                first..schema.tables.len()
            })
            .collect::<Vec<_>>()
    };
    let large = model.entities.len() >= crate::parallel::MIN_PARALLEL_ITEMS;
    let (renames, placed) = crate::parallel::beside(large, settle, || place(&mut schema));
    for (renames, tables) in renames.into_iter().zip(placed) {
        if !renames.is_empty() {
            for table in &mut schema.tables[tables] {
                rename_constraints(table, &renames);
            }
        }
    }
    schema.queries = model
        .queries
        .iter()
        .filter_map(|q| query::lower(model, &schema.tables, q))
        .collect();
    schema
}

/// Gives the constraints and indexes of `table` their settled names: `renames` maps
/// provisional names (unique within one entity's tables) to final ones.
fn rename_constraints(table: &mut ir::Table, renames: &[(String, String)]) {
    let rename = |name: &mut String| {
        if let Some((_, settled)) = renames.iter().find(|(provisional, _)| provisional == name) {
            name.clone_from(settled);
        }
    };
    rename(&mut table.primary_key.name);
    table
        .foreign_keys
        .iter_mut()
        .for_each(|c| rename(&mut c.name));
    table.uniques.iter_mut().for_each(|c| rename(&mut c.name));
    table.checks.iter_mut().for_each(|c| rename(&mut c.name));
    table.indexes.iter_mut().for_each(|c| rename(&mut c.name));
}

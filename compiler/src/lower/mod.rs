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
use crate::naming::NameAllocator;
use crate::resolve::Model;

pub fn lower(model: &Model) -> ir::Schema {
    // Tables, keys and a few constraints per table.
    let mut names = NameAllocator::with_capacity(8 * (model.entities.len() + model.enums.len()));
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
        names.reserve(&audit::events_name(&entity.table));
        names.reserve(&tree::closure_name(&entity.table));
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
    for entity in &model.entities {
        let mut table = entity::lower(model, entity, &mut names);
        timeseries::lower(entity, &mut table);
        soft_delete::live_uniques(&mut table);
        let closure = tree::closure_table(&table, &mut names);
        let audit = audit::lower(entity, &table, &mut names);
        schema.tables.push(table);
        schema.tables.extend(closure);
        if let Some((events, view)) = audit {
            schema.tables.push(events);
            schema.views.push(view);
        }
    }
    schema.queries = model
        .queries
        .iter()
        .filter_map(|q| query::lower(model, &schema.tables, q))
        .collect();
    schema
}

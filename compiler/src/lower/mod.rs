//! Lowering: the resolved and checked model to the planned IR.
//!
//! Runs only when the checks found no error, so it does not report anything; where
//! something still does not resolve it is left out rather than guessed.

mod entity;
mod enums;
mod expr;
mod query;

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
    let mut schema = ir::Schema {
        tables: Vec::with_capacity(lookups.len() + model.entities.len()),
        enums: enums::native_types(model),
        queries: Vec::new(),
    };
    for mut table in lookups {
        table.primary_key.name = names.claim(table.primary_key.name);
        schema.tables.push(table);
    }
    for entity in &model.entities {
        schema.tables.push(entity::lower(model, entity, &mut names));
    }
    schema.queries = model
        .queries
        .iter()
        .filter_map(|q| query::lower(model, q))
        .collect();
    schema
}

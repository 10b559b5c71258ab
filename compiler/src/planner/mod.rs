//! The index planner: derives the indexes that serve the declared queries, merges them
//! with the ones the schema already has, and records why each exists.
//!
//! Each rule is a module with its doc comment and an example: [`equality`] (key order
//! of equalities), [`range`] (order by, ranges, `in`), [`prefix`] (`starts_with`),
//! [`containment`] (`contains`: GIN), [`literal_partial`] (literals on low-cardinality
//! columns), [`path`] (`customer.email`: both sides of the join), [`disjunction`]
//! (`or`: an index per branch), [`soft_delete`] (partial on live rows),
//! [`not_null`] (rows with NULL in a compared key column left out), [`foreign_keys`]
//! (every foreign key covered) and [`consolidate`] (reuse, prefixes, rates, small
//! tables, names). [`shape`] sorts a query's predicates into what an
//! index can serve; [`access`] finds the index that serves a shape; [`estimate`] sizes
//! tables, indexes and reads from the declared scale for `explain`.
//!
//! The planner is dialect-neutral: a GIN index or a partial predicate is planned once,
//! and each backend renders it or its documented fallback.

pub mod access;
pub mod candidate;
pub mod consolidate;
pub mod containment;
pub mod disjunction;
pub mod equality;
pub mod estimate;
pub mod foreign_keys;
pub mod literal_partial;
pub mod not_null;
pub mod path;
pub mod prefix;
pub mod range;
pub mod shape;
pub mod soft_delete;

use crate::ir::Schema;
use schemac_lang::ast::QueryDecl;
use schemac_lang::{Diagnostic, Diagnostics};

/// Tables expected under this many rows get no secondary index (the guide: "don't
/// index when the table is small").
pub const SMALL_TABLE_ROWS: f64 = 1000.0;

/// Queries that run less often than this (once a minute) reuse an index that serves
/// their leading equalities rather than getting their own.
pub const RARE_QUERY_PER_SEC: f64 = 1.0 / 60.0;

/// `W0101`: a declared query on a table of at least [`SMALL_TABLE_ROWS`] rows that no
/// index can serve, so it scans the table.
pub const UNSERVED_CODE: &str = "W0101";

/// A query that no index serves, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Unserved {
    pub query: String,
    pub table: String,
    pub reason: String,
}

/// Plans the indexes of `schema` in place: makes the live-rows filter of SoftDelete
/// queries explicit, adds the planned indexes with their provenance, and returns the
/// queries that still scan.
pub fn plan(schema: &mut Schema) -> Vec<Unserved> {
    soft_delete::make_live_rows_explicit(schema);
    soft_delete::make_trait_indexes_live(schema);
    let mut shapes: Vec<shape::Shape> = schema
        .queries
        .iter()
        .flat_map(|q| shape::shapes_of(schema, q))
        .collect();
    let (mut candidates, unserved) = consolidate::consolidate(schema, &mut shapes);
    foreign_keys::choose_covers(schema, &mut candidates);
    not_null::apply(schema, &shapes, &mut candidates);
    foreign_keys::cover_the_rest(schema, &mut candidates);
    consolidate::install(schema, candidates);
    unserved
}

/// Reports each unserved query as a [`UNSERVED_CODE`] warning at its name.
/// `queries` are the model's declared queries.
pub fn report(queries: &[&QueryDecl], unserved: &[Unserved], diags: &mut Diagnostics) {
    for u in unserved {
        let Some(decl) = queries.iter().find(|q| q.name.name == u.query) else {
            continue;
        };
        diags.push(
            Diagnostic::warning(
                UNSERVED_CODE,
                format!("query `{}` scans `{}`: no index can serve it", u.query, u.table),
                decl.name.span,
                u.reason.clone(),
            )
            .with_hint("compare a column with `=`, a range, `starts_with` or `contains`, or accept the scan (`schemac explain` shows its cost)"),
        );
    }
}

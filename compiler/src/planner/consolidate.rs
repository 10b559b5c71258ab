//! Consolidation: from one candidate per shape to the set of indexes to build.
//!
//! - Shapes are planned in order of rate (the busiest query first), so that the index
//!   a frequent query needs is the one the others reuse.
//! - A shape that an index already serves fully (the primary key, a unique constraint,
//!   a user-written index, or an index planned for an earlier shape) gets no index of
//!   its own; a planned index records it as one more query it serves.
//! - A query under one execution per minute whose leading equalities an index already
//!   serves reuses it with a residual filter instead of getting its own index; the
//!   index's provenance says so.
//! - No secondary index on a table expected under 1,000 rows: a scan of a few pages is
//!   as fast as a lookup and costs no writes.
//! - A candidate whose key extends a planned index's key (same directions, method and
//!   predicate) replaces it, and the shorter index's queries move to the longer one.
//! - Last, a planned index whose every query another index serves fully is dropped, and
//!   its queries move there (a query planned early may have got a short index that a
//!   later, longer one makes redundant).
//! - Names are `<table>_<cols>_idx`, unique in the schema; indexes are added to their
//!   table after the existing ones, in the order they were planned.

use super::access::{best_among, keyed_indexes, Fit, IndexKind, KeyedIndex};
use super::candidate::{self, Candidate};
use super::shape::Shape;
use super::{Unserved, RARE_QUERY_PER_SEC, SMALL_TABLE_ROWS};
use crate::hashing::FxHashMap;
use crate::ir::{Index, IndexOrigin, Schema};
use crate::naming::{self, NameAllocator};

/// The candidates to build for `shapes`, and the queries no index can serve.
pub fn consolidate(schema: &Schema, shapes: &mut [Shape]) -> (Vec<Candidate>, Vec<Unserved>) {
    shapes.sort_by(|a, b| {
        b.rate_per_sec
            .partial_cmp(&a.rate_per_sec)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.query.cmp(&b.query))
    });
    let mut planned: Vec<Candidate> = Vec::new();
    let mut unserved = Vec::new();
    for shape in shapes.iter() {
        let Some(table) = schema.table(&shape.table) else {
            continue;
        };
        if table.scale.rows < SMALL_TABLE_ROWS {
            continue;
        }
        if shape.is_unindexable() {
            unserved.push(Unserved {
                query: shape.query.clone(),
                table: shape.table.clone(),
                reason: candidate::derive(schema, table, shape)
                    .err()
                    .unwrap_or_default(),
            });
            continue;
        }
        let mut indexes = keyed_indexes(table);
        let temporary: Vec<String> = (0..planned.len()).map(|i| format!("#{i}")).collect();
        for (i, c) in planned
            .iter()
            .enumerate()
            .filter(|(_, c)| c.table == table.name)
        {
            indexes.push(KeyedIndex {
                name: &temporary[i],
                keys: c.keys.clone(),
                method: c.method,
                predicate: c.predicate.as_ref(),
                kind: IndexKind::Index(IndexOrigin::Planned {
                    queries: Vec::new(),
                    reasons: Vec::new(),
                }),
            });
        }
        let best = best_among(&indexes, shape);
        let planned_at = |name: &str| name.strip_prefix('#').and_then(|n| n.parse::<usize>().ok());
        match &best {
            Some(access) if access.fit == Fit::Full => {
                if let Some(i) = planned_at(&access.index) {
                    record(&mut planned[i], shape, "served by the same key".to_string());
                }
                continue;
            }
            Some(access) if shape.rate_per_sec < RARE_QUERY_PER_SEC => {
                if let Some(i) = planned_at(&access.index) {
                    record(
                        &mut planned[i],
                        shape,
                        "reuses the leading columns with a residual filter: it runs under once a minute, too rarely to pay for an index of its own".to_string(),
                    );
                }
                continue;
            }
            _ => {}
        }
        match candidate::derive(schema, table, shape) {
            Ok(candidate) => add(&mut planned, candidate),
            Err(reason) => unserved.push(Unserved {
                query: shape.query.clone(),
                table: shape.table.clone(),
                reason,
            }),
        }
    }
    drop_redundant(schema, shapes, &mut planned);
    (planned, unserved)
}

/// Drops planned indexes whose queries are all served fully by another index, shortest
/// key first, and records the queries on the index that serves them.
fn drop_redundant(schema: &Schema, shapes: &[Shape], planned: &mut Vec<Candidate>) {
    let mut order: Vec<usize> = (0..planned.len()).collect();
    order.sort_by_key(|&i| planned[i].keys.len());
    let mut dropped: Vec<usize> = Vec::new();
    for i in order {
        let Some(table) = schema.table(&planned[i].table) else {
            continue;
        };
        let names: Vec<String> = (0..planned.len()).map(|k| format!("#{k}")).collect();
        let mut others = keyed_indexes(table);
        for (k, c) in planned.iter().enumerate() {
            if k != i && !dropped.contains(&k) && c.table == table.name {
                others.push(KeyedIndex {
                    name: &names[k],
                    keys: c.keys.clone(),
                    method: c.method,
                    predicate: c.predicate.as_ref(),
                    kind: IndexKind::Index(IndexOrigin::Planned {
                        queries: Vec::new(),
                        reasons: Vec::new(),
                    }),
                });
            }
        }
        let own = KeyedIndex {
            name: "",
            keys: planned[i].keys.clone(),
            method: planned[i].method,
            predicate: planned[i].predicate.as_ref(),
            kind: IndexKind::Index(IndexOrigin::Planned {
                queries: Vec::new(),
                reasons: Vec::new(),
            }),
        };
        let mine: Vec<&Shape> = shapes
            .iter()
            .filter(|s| s.table == table.name && planned[i].queries.contains(&s.query))
            .filter(|s| super::access::fit(&own, s).is_some_and(|(f, _)| f == Fit::Full))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let served: Option<Vec<(String, &Shape)>> = mine
            .iter()
            .map(|s| {
                best_among(&others, s)
                    .filter(|a| a.fit == Fit::Full)
                    .map(|a| (a.index, *s))
            })
            .collect();
        let Some(served) = served else { continue };
        dropped.push(i);
        for (index, shape) in served {
            if let Some(k) = index
                .strip_prefix('#')
                .and_then(|n| n.parse::<usize>().ok())
            {
                record(
                    &mut planned[k],
                    shape,
                    "served by this index, which made a shorter one redundant".to_string(),
                );
            }
        }
    }
    let mut i = 0;
    planned.retain(|_| {
        i += 1;
        !dropped.contains(&(i - 1))
    });
}

fn record(candidate: &mut Candidate, shape: &Shape, why: String) {
    if !candidate.queries.contains(&shape.query) {
        candidate.queries.push(shape.query.clone());
    }
    candidate.reasons.push(format!("{}: {why}", shape.query));
}

/// Adds `candidate`, replacing a planned index whose key is a prefix of its key: the
/// shorter index's queries and reasons move to the longer one, which keeps its place.
fn add(planned: &mut Vec<Candidate>, candidate: Candidate) {
    let extends = |p: &Candidate| {
        p.table == candidate.table
            && p.method == candidate.method
            && p.predicate == candidate.predicate
            && p.keys.len() < candidate.keys.len()
            && candidate.keys.starts_with(&p.keys)
    };
    let Some(at) = planned.iter().position(extends) else {
        planned.push(candidate);
        return;
    };
    let shorter = &mut planned[at];
    shorter.keys = candidate.keys;
    for query in candidate.queries {
        if !shorter.queries.contains(&query) {
            shorter.queries.push(query);
        }
    }
    shorter.reasons.extend(candidate.reasons);
}

/// Names the candidates and adds them to their tables: query-planned ones with their
/// provenance, foreign key ones marked as such.
pub fn install(schema: &mut Schema, candidates: Vec<Candidate>) {
    // A planned index is named `<table>_<cols>_idx`, or that with `_<n>` when taken, so
    // only the names of that form already in the schema can be in its way; reserving
    // just those gives the names reserving every name would give. Keys and constraints
    // are named `.._pkey`, `.._key`, `.._fkey` and `.._check..` (with `_<n>` when
    // taken), so only a table (which `@table` names) or an index can hold such a name.
    let mut positions: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(schema.tables.len(), Default::default());
    for (i, table) in schema.tables.iter().enumerate() {
        debug_assert!(std::iter::once(&table.primary_key.name)
            .chain(table.foreign_keys.iter().map(|f| &f.name))
            .chain(table.uniques.iter().map(|u| &u.name))
            .chain(table.checks.iter().map(|c| &c.name))
            .all(|name| !naming::is_index_name(name)));
        positions.entry(&table.name).or_insert(i);
    }
    let taken = schema
        .tables
        .iter()
        .flat_map(|t| std::iter::once(&t.name).chain(t.indexes.iter().map(|i| &i.name)))
        .map(String::as_str)
        .filter(|name| naming::is_index_name(name));
    // Each candidate's table and base name, on both cores: a large schema has a
    // candidate for nearly every foreign key.
    let placed = crate::parallel::map(&candidates, |c| {
        let position = *positions.get(c.table.as_str())?;
        Some((position, naming::index_of_keys(&c.table, &c.keys)))
    });
    // Each candidate's table (none when it is not in the schema), and the base names of
    // those that have one; the candidates themselves are not copied.
    let mut tables: Vec<Option<usize>> = Vec::with_capacity(placed.len());
    let mut bases = Vec::with_capacity(placed.len());
    for placed in placed {
        tables.push(placed.as_ref().map(|&(position, _)| position));
        bases.extend(placed.map(|(_, base)| base));
    }
    let names = NameAllocator::claim_after(taken, bases);
    let placed = candidates
        .into_iter()
        .zip(tables)
        .filter_map(|(candidate, table)| Some((table?, candidate)));
    let mut got_planned = vec![false; schema.tables.len()];
    for ((i, candidate), name) in placed.zip(names) {
        let origin = if candidate.queries.is_empty() {
            IndexOrigin::ForeignKey
        } else {
            got_planned[i] = true;
            IndexOrigin::Planned {
                queries: candidate.queries,
                reasons: candidate.reasons,
            }
        };
        schema.tables[i].indexes.push(Index {
            name,
            columns: candidate.keys,
            unique: false,
            predicate: candidate.predicate,
            method: candidate.method,
            origin,
        });
    }
    for (table, planned) in schema.tables.iter_mut().zip(got_planned) {
        if planned {
            drop_superseded_polymorphic(table);
        }
    }
}

/// Drops a polymorphic `(type, id)` index when a planned index on the same rows
/// starts with the same keys: the longer one serves every lookup the shorter did.
fn drop_superseded_polymorphic(table: &mut crate::ir::Table) {
    let planned: Vec<Index> = table
        .indexes
        .iter()
        .filter(|i| matches!(i.origin, IndexOrigin::Planned { .. }))
        .cloned()
        .collect();
    table.indexes.retain(|index| {
        index.origin != IndexOrigin::Polymorphic
            || !planned.iter().any(|p| {
                p.predicate == index.predicate
                    && p.method == index.method
                    && p.columns.len() > index.columns.len()
                    && p.columns[..index.columns.len()] == index.columns[..]
            })
    });
}

//! Statement order: tables in dependency order over their foreign keys (Kahn's
//! algorithm, ties broken by declaration order), with the foreign keys that close a
//! cycle deferred to `ALTER TABLE ... ADD CONSTRAINT` where the dialect can do that.
//! Linear in tables plus foreign keys, up to the heap's logarithm.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use schemac_compiler::ir::Schema;

use schemac_compiler::hashing::FxHashMap;

/// The creation order of a schema's tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableOrder {
    /// Indexes into `schema.tables`, in creation order.
    pub tables: Vec<usize>,
    /// `deferred[t][f]`: foreign key `f` of table `t` is added after all tables
    /// because it references a table created later.
    pub deferred: Vec<Vec<bool>>,
}

impl TableOrder {
    /// The deferred foreign keys as `(table, foreign key)` indexes, in creation order.
    pub fn deferred_foreign_keys(&self) -> Vec<(usize, usize)> {
        self.tables
            .iter()
            .flat_map(|&t| {
                self.deferred[t]
                    .iter()
                    .enumerate()
                    .filter(|(_, &deferred)| deferred)
                    .map(move |(f, _)| (t, f))
            })
            .collect()
    }
}

/// Orders `schema`'s tables. When `can_defer` is false (SQLite) every foreign key stays
/// inline and cycles are left to the engine's lazy checking.
pub fn order_tables(schema: &Schema, can_defer: bool) -> TableOrder {
    let count = schema.tables.len();
    let by_name: FxHashMap<&str, usize> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();

    // `targets[t][f]`: the table that foreign key `f` of table `t` references.
    let targets: Vec<Vec<Option<usize>>> = schema
        .tables
        .iter()
        .map(|table| {
            table
                .foreign_keys
                .iter()
                .map(|fk| by_name.get(fk.ref_table.as_str()).copied())
                .collect()
        })
        .collect();

    let mut pending = vec![0usize; count];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, table_targets) in targets.iter().enumerate() {
        let mut seen: Vec<usize> = Vec::new();
        for &target in table_targets.iter().flatten() {
            if target != i && !seen.contains(&target) {
                seen.push(target);
                pending[i] += 1;
                dependents[target].push(i);
            }
        }
    }

    let mut ready: BinaryHeap<Reverse<usize>> = (0..count)
        .filter(|&i| pending[i] == 0)
        .map(Reverse)
        .collect();
    let mut placed = vec![false; count];
    let mut position = vec![0usize; count];
    let mut tables = Vec::with_capacity(count);
    let mut cycle_cursor = 0usize;
    while tables.len() < count {
        let next = loop {
            match ready.pop() {
                Some(Reverse(i)) if !placed[i] => break i,
                Some(_) => continue,
                None => {
                    // Every remaining table waits on another: a cycle. Break it at the
                    // first remaining table in declaration order.
                    while placed[cycle_cursor] {
                        cycle_cursor += 1;
                    }
                    break cycle_cursor;
                }
            }
        };
        placed[next] = true;
        position[next] = tables.len();
        tables.push(next);
        for &dependent in &dependents[next] {
            pending[dependent] = pending[dependent].saturating_sub(1);
            if pending[dependent] == 0 && !placed[dependent] {
                ready.push(Reverse(dependent));
            }
        }
    }

    let deferred = targets
        .iter()
        .enumerate()
        .map(|(i, table_targets)| {
            table_targets
                .iter()
                .map(|target| {
                    can_defer && target.is_some_and(|target| position[target] > position[i])
                })
                .collect()
        })
        .collect();
    TableOrder { tables, deferred }
}

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
    /// Whether each foreign key of each table, table after table, is added after all
    /// tables because it references a table created later.
    deferred: Vec<bool>,
    /// Where each table's foreign keys start in `deferred`, and where the last ends.
    first_key: Vec<usize>,
}

impl TableOrder {
    /// `deferred(t)[f]`: foreign key `f` of table `t` is added after all tables.
    pub fn deferred(&self, table: usize) -> &[bool] {
        &self.deferred[self.first_key[table]..self.first_key[table + 1]]
    }

    /// The deferred foreign keys as `(table, foreign key)` indexes, in creation order.
    pub fn deferred_foreign_keys(&self) -> Vec<(usize, usize)> {
        self.tables
            .iter()
            .flat_map(|&t| {
                self.deferred(t)
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
///
/// The foreign keys' targets and the tables' dependents are kept in flat lists with
/// offsets: at 10,000 tables, a vector per table was most of the work.
pub fn order_tables(schema: &Schema, can_defer: bool) -> TableOrder {
    let count = schema.tables.len();
    let by_name: FxHashMap<&str, usize> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();

    // `targets[first_key[t] + f]`: the table that foreign key `f` of table `t`
    // references.
    let mut first_key = Vec::with_capacity(count + 1);
    let mut targets: Vec<Option<usize>> = Vec::new();
    for table in &schema.tables {
        first_key.push(targets.len());
        targets.extend(
            table
                .foreign_keys
                .iter()
                .map(|fk| by_name.get(fk.ref_table.as_str()).copied()),
        );
    }
    first_key.push(targets.len());
    let targets_of = |t: usize| &targets[first_key[t]..first_key[t + 1]];

    // Each table waits on its distinct other targets; `dependents` lists, per target,
    // the tables waiting on it (a counting sort of the edges by target).
    let mut pending = vec![0usize; count];
    let mut edges: Vec<(usize, usize)> = Vec::with_capacity(targets.len());
    for (i, waits) in pending.iter_mut().enumerate() {
        let table_targets = targets_of(i);
        for (f, &target) in table_targets.iter().enumerate() {
            let Some(target) = target else { continue };
            if target != i && !table_targets[..f].contains(&Some(target)) {
                *waits += 1;
                edges.push((target, i));
            }
        }
    }
    let mut first_dependent = vec![0usize; count + 1];
    for &(target, _) in &edges {
        first_dependent[target + 1] += 1;
    }
    for t in 0..count {
        first_dependent[t + 1] += first_dependent[t];
    }
    let mut dependents = vec![0usize; edges.len()];
    let mut filled = first_dependent.clone();
    for &(target, dependent) in &edges {
        dependents[filled[target]] = dependent;
        filled[target] += 1;
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
        for &dependent in &dependents[first_dependent[next]..first_dependent[next + 1]] {
            pending[dependent] = pending[dependent].saturating_sub(1);
            if pending[dependent] == 0 && !placed[dependent] {
                ready.push(Reverse(dependent));
            }
        }
    }

    let position = &position;
    let deferred = (0..count)
        .flat_map(|i| {
            targets_of(i).iter().map(move |target| {
                can_defer && target.is_some_and(|target| position[target] > position[i])
            })
        })
        .collect();
    TableOrder {
        tables,
        deferred,
        first_key,
    }
}

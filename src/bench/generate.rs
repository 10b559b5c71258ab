//! Synthetic rows for one table at a time, deterministic for a seed: keys from the row
//! number, foreign keys that pick existing parents with a skew (a few parents get many
//! children; children per parent average `child rows / parent rows`), polymorphic pairs
//! and exclusive arcs consistent with their CHECK, values inside the bounds of the
//! simple checks, and every row tested against every check before it is emitted.

use super::cell::Cell;
use super::checks::{self, Bounds};
use super::prng::{mix, Prng};
use super::relations;
use schemac_compiler::ir::{
    Column, ColumnType, Expr, PartitionInterval, Partitioning, Schema, Table, TableKind, Value,
};
use std::collections::HashMap;

/// 2023-01-01 as days since the Unix epoch: the start of the generated time window.
const WINDOW_START_DAY: i64 = 19_358;
/// The generated time window: two years.
const WINDOW_DAYS: i64 = 730;
const MICROS_PER_DAY: i64 = 86_400_000_000;
/// How often a row is regenerated before it is given up because a check fails.
const ATTEMPTS: usize = 30;
/// The share of NULLs in a nullable column (and in a nullable foreign key).
const NULL_SHARE: f64 = 0.2;
/// The share of soft-deleted rows.
const DELETED_SHARE: f64 = 0.05;

const WORDS: [&str; 48] = [
    "amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "harbor", "iris", "juniper",
    "kestrel", "lumen", "maple", "nova", "onyx", "pearl", "quartz", "raven", "sierra", "tundra",
    "umber", "velvet", "willow", "xenon", "yarrow", "zephyr", "atlas", "beacon", "comet", "dune",
    "echo", "falcon", "glacier", "horizon", "island", "jade", "karma", "lagoon", "meadow",
    "nectar", "orbit", "prairie", "quill", "ridge", "summit", "timber", "vertex", "wander",
];

/// What a table's generation did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub rows: u64,
    /// Rows given up because a check kept failing, by check name.
    pub skipped: Vec<(String, u64)>,
    /// Why fewer rows than the target were generated, when they were.
    pub capped: Option<String>,
}

/// Generates the tables of one schema, in dependency order, remembering the values of
/// the columns that other tables reference.
pub struct Generator<'s> {
    schema: &'s Schema,
    seed: u64,
    referenced: HashMap<&'s str, Vec<&'s str>>,
    /// The generated values of the referenced columns, per table and column.
    stores: HashMap<String, HashMap<String, Vec<Cell>>>,
}

/// A foreign key of the table being generated.
struct FkGroup<'s> {
    columns: Vec<usize>,
    parent: &'s str,
    ref_columns: Vec<&'s str>,
    nullable: bool,
    self_ref: bool,
    /// Part of an exclusive arc: set only when the arc chooses it.
    in_arc: bool,
    /// The key of a one-to-one relation: parent `i` for row `i`.
    sequential: bool,
}

/// A unique key made of two or more foreign keys (`primary key (order, product)`): the
/// last one varies per combination of the others so that no pair repeats.
struct Combo {
    fixed: Vec<usize>,
    varying: usize,
    used: HashMap<Vec<u64>, u64>,
}

struct Poly<'s> {
    type_column: usize,
    id_column: usize,
    variants: Vec<(&'s str, &'s str, &'s str)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Source {
    Identity,
    RowUnique,
    Keyed,
    Free,
}

impl<'s> Generator<'s> {
    pub fn new(schema: &'s Schema, seed: u64) -> Generator<'s> {
        let mut referenced: HashMap<&str, Vec<&str>> = HashMap::new();
        for table in &schema.tables {
            for fk in &table.foreign_keys {
                let entry = referenced.entry(fk.ref_table.as_str()).or_default();
                for column in &fk.ref_columns {
                    if !entry.contains(&column.as_str()) {
                        entry.push(column);
                    }
                }
            }
            for poly in relations::polymorphic(schema, table) {
                for (_, target) in poly.variants {
                    if let Some(parent) = schema.table(target) {
                        if let [pk] = parent.primary_key.columns.as_slice() {
                            let entry = referenced.entry(target).or_default();
                            if !entry.contains(&pk.as_str()) {
                                entry.push(pk);
                            }
                        }
                    }
                }
            }
        }
        let mut generator = Generator {
            schema,
            seed,
            referenced,
            stores: HashMap::new(),
        };
        for table in schema
            .tables
            .iter()
            .filter(|t| t.kind == TableKind::EnumLookup)
        {
            for row in &table.seed_rows {
                let cells: Vec<Cell> = row.iter().map(seed_cell).collect();
                generator.remember(table, &cells);
            }
        }
        generator
    }

    /// Generates up to `target` rows of `table`, handing each to `sink`.
    pub fn generate<E>(
        &mut self,
        table: &'s Table,
        target: u64,
        sink: &mut dyn FnMut(&[Cell]) -> Result<(), E>,
    ) -> Result<Outcome, E> {
        let mut prng = Prng::for_stream(self.seed, &table.name);
        let index_of = |name: &str| table.columns.iter().position(|c| c.name == name);
        let mut sources = vec![Source::Free; table.columns.len()];
        let mut groups = Vec::new();
        let arcs = relations::exclusive_arcs(table);
        for fk in &table.foreign_keys {
            let columns: Vec<usize> = fk.columns.iter().filter_map(|c| index_of(c)).collect();
            if columns.len() != fk.columns.len() {
                continue;
            }
            for &c in &columns {
                sources[c] = Source::Keyed;
            }
            let unique_alone = unique_sets(table).contains(&fk.columns);
            groups.push(FkGroup {
                nullable: columns.iter().any(|&c| table.columns[c].nullable),
                columns,
                parent: &fk.ref_table,
                ref_columns: fk.ref_columns.iter().map(String::as_str).collect(),
                self_ref: fk.ref_table == table.name,
                in_arc: arcs
                    .iter()
                    .any(|arc| fk.columns.iter().all(|c| arc.contains(c))),
                sequential: unique_alone,
            });
        }
        let polys: Vec<Poly> = relations::polymorphic(self.schema, table)
            .into_iter()
            .filter_map(|p| {
                let variants = p
                    .variants
                    .iter()
                    .filter_map(|(value, target)| {
                        let pk = self.schema.table(target)?.primary_key.columns.first()?;
                        Some((*value, *target, pk.as_str()))
                    })
                    .collect();
                Some(Poly {
                    type_column: index_of(p.type_column)?,
                    id_column: index_of(&p.id_column)?,
                    variants,
                })
            })
            .collect();
        for poly in &polys {
            sources[poly.type_column] = Source::Keyed;
            sources[poly.id_column] = Source::Keyed;
        }
        for (i, column) in table.columns.iter().enumerate() {
            if column.identity {
                sources[i] = Source::Identity;
            }
        }
        let mut combo = None;
        for set in unique_sets(table) {
            let set = &set;
            let free: Vec<usize> = set
                .iter()
                .filter_map(|c| index_of(c))
                .filter(|&i| sources[i] == Source::Free || sources[i] == Source::RowUnique)
                .collect();
            if set
                .iter()
                .any(|c| index_of(c).is_some_and(|i| sources[i] == Source::Identity))
            {
                continue;
            }
            if let Some(&last) = free.last() {
                sources[last] = Source::RowUnique;
                continue;
            }
            let members: Vec<usize> = (0..groups.len())
                .filter(|&g| {
                    groups[g]
                        .columns
                        .iter()
                        .all(|&c| set.contains(&table.columns[c].name))
                })
                .collect();
            if members.len() >= 2 && combo.is_none() {
                let (varying, fixed) = members.split_last().expect("two or more members");
                combo = Some(Combo {
                    fixed: fixed.to_vec(),
                    varying: *varying,
                    used: HashMap::new(),
                });
            }
        }

        let mut outcome = Outcome::default();
        let mut target = target;
        let parent_rows = |store: &HashMap<String, HashMap<String, Vec<Cell>>>, group: &FkGroup| {
            store
                .get(group.parent)
                .and_then(|s| s.get(group.ref_columns.first().copied().unwrap_or_default()))
                .map_or(0, |v| v.len() as u64)
        };
        if let Some(combo) = &combo {
            let capacity = combo
                .fixed
                .iter()
                .chain(std::iter::once(&combo.varying))
                .map(|&g| parent_rows(&self.stores, &groups[g]))
                .fold(1u64, u64::saturating_mul);
            if capacity < target {
                outcome.capped = Some(format!(
                    "only {capacity} distinct combinations of the parents of its key exist"
                ));
                target = capacity;
            }
        }
        for group in groups
            .iter()
            .filter(|g| g.sequential && !g.self_ref && !g.nullable)
        {
            let capacity = parent_rows(&self.stores, group);
            if capacity < target {
                outcome.capped = Some(format!(
                    "one row per `{}` row at most (a unique reference)",
                    group.parent
                ));
                target = capacity;
            }
        }

        let bounds: Vec<Bounds> = table
            .columns
            .iter()
            .map(|c| {
                let exprs: Vec<&Expr> = table.checks.iter().map(|k| &k.expr).collect();
                checks::bounds_for(&c.name, &exprs)
            })
            .collect();
        let window = table
            .partitioning
            .as_ref()
            .and_then(|p| Some((index_of(&p.column)?, partition_window(p))));
        let mut row = vec![Cell::Null; table.columns.len()];
        let mut skipped: HashMap<&str, u64> = HashMap::new();
        for i in 0..target {
            let emitted = outcome.rows;
            // Keys: identity, row-derived unique values, foreign keys and polymorphic pairs.
            for (c, column) in table.columns.iter().enumerate() {
                row[c] = match sources[c] {
                    Source::Identity => Cell::Int(emitted as i64 + 1),
                    Source::RowUnique => unique_value(column, &bounds[c], i, self.seed, &mut prng),
                    _ => Cell::Null,
                };
            }
            let arc_choice = pick_arc(&groups, &self.stores, &mut prng, parent_rows);
            let mut combo_failed = false;
            for (g, group) in groups.iter().enumerate() {
                if combo.as_ref().is_some_and(|c| c.varying == g) {
                    continue;
                }
                let pick = if group.in_arc {
                    (arc_choice == Some(g)).then(|| prng.skewed(parent_rows(&self.stores, group)))
                } else if group.self_ref {
                    if emitted == 0 || (group.nullable && prng.chance(NULL_SHARE)) {
                        None
                    } else {
                        Some(prng.below(emitted))
                    }
                } else if group.nullable && prng.chance(NULL_SHARE) {
                    None
                } else if group.sequential {
                    Some(i)
                } else {
                    let n = parent_rows(&self.stores, group);
                    (n > 0).then(|| prng.skewed(n))
                };
                self.fill_group(table, group, pick, &mut row);
            }
            if let Some(combo) = &mut combo {
                let mut placed = false;
                for _ in 0..ATTEMPTS {
                    let key: Vec<u64> = combo
                        .fixed
                        .iter()
                        .map(|&g| picked_index(&groups[g], &row, &self.stores))
                        .collect();
                    let n = parent_rows(&self.stores, &groups[combo.varying]);
                    let used = combo.used.entry(key.clone()).or_insert(0);
                    if *used < n {
                        let start = mix(key.iter().fold(self.seed, |h, k| mix(h ^ k))) % n.max(1);
                        let pick = (start + *used) % n;
                        *used += 1;
                        self.fill_group(table, &groups[combo.varying], Some(pick), &mut row);
                        placed = true;
                        break;
                    }
                    for &g in &combo.fixed {
                        let n = parent_rows(&self.stores, &groups[g]);
                        self.fill_group(table, &groups[g], Some(prng.below(n)), &mut row);
                    }
                }
                combo_failed = !placed;
            }
            if combo_failed {
                *skipped.entry("the key's combinations").or_default() += 1;
                continue;
            }
            for poly in &polys {
                let weights: Vec<u64> = poly
                    .variants
                    .iter()
                    .map(|(_, target, pk)| self.store_len(target, pk))
                    .collect();
                let total: u64 = weights.iter().sum();
                if total == 0 {
                    continue;
                }
                let mut point = prng.below(total);
                let chosen = weights
                    .iter()
                    .position(|&w| {
                        let inside = point < w;
                        point = point.saturating_sub(w);
                        inside
                    })
                    .unwrap_or(0);
                let (value, target, pk) = poly.variants[chosen];
                let n = weights[chosen];
                row[poly.type_column] = Cell::Text(value.to_string());
                row[poly.id_column] = self
                    .stores
                    .get(target)
                    .and_then(|s| s.get(pk))
                    .and_then(|v| v.get(prng.skewed(n) as usize))
                    .cloned()
                    .unwrap_or(Cell::Null);
            }
            // Free columns, regenerated until every check holds.
            let mut failing = None;
            for _ in 0..ATTEMPTS {
                for (c, column) in table.columns.iter().enumerate() {
                    if sources[c] == Source::Free {
                        row[c] = match window {
                            Some((at, (start, days))) if at == c => {
                                let seconds = prng.below((days * 86_400) as u64) as i64;
                                Cell::Timestamp(start * MICROS_PER_DAY + seconds * 1_000_000)
                            }
                            _ => free_value(column, &bounds[c], table.soft_delete, &mut prng),
                        };
                    }
                }
                failing = table.checks.iter().find(|check| {
                    !checks::satisfied(&check.expr, &|name: &str| index_of(name).map(|i| &row[i]))
                });
                if failing.is_none() {
                    break;
                }
            }
            if let Some(check) = failing {
                *skipped.entry(check.name.as_str()).or_default() += 1;
                continue;
            }
            self.remember(table, &row);
            outcome.rows += 1;
            sink(&row)?;
        }
        let mut skipped: Vec<(String, u64)> = skipped
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        skipped.sort();
        outcome.skipped = skipped;
        Ok(outcome)
    }

    fn store_len(&self, table: &str, column: &str) -> u64 {
        self.stores
            .get(table)
            .and_then(|s| s.get(column))
            .map_or(0, |v| v.len() as u64)
    }

    /// Sets the columns of `group` to the referenced values of parent row `pick`.
    fn fill_group(&self, table: &Table, group: &FkGroup, pick: Option<u64>, row: &mut [Cell]) {
        for (&c, ref_column) in group.columns.iter().zip(&group.ref_columns) {
            let value = pick.and_then(|p| {
                self.stores
                    .get(group.parent)
                    .and_then(|s| s.get(*ref_column))
                    .and_then(|v| v.get(p as usize))
                    .cloned()
            });
            row[c] = match value {
                Some(v) => v,
                // A required self-reference of the first row points at the row itself.
                None if group.self_ref && !table.columns[c].nullable => row
                    .get(
                        table
                            .columns
                            .iter()
                            .position(|col| col.name == *ref_column)
                            .unwrap_or(c),
                    )
                    .cloned()
                    .unwrap_or(Cell::Null),
                None => Cell::Null,
            };
        }
    }

    fn remember(&mut self, table: &Table, row: &[Cell]) {
        let Some(columns) = self.referenced.get(table.name.as_str()) else {
            return;
        };
        // Looked up before inserting, so that a row allocates no key.
        if !self.stores.contains_key(&table.name) {
            self.stores.insert(table.name.clone(), HashMap::new());
        }
        let store = self
            .stores
            .get_mut(&table.name)
            .expect("the table's store was inserted above");
        for column in columns {
            if let Some(i) = table.columns.iter().position(|c| c.name == *column) {
                match store.get_mut(*column) {
                    Some(values) => values.push(row[i].clone()),
                    None => {
                        store.insert(column.to_string(), vec![row[i].clone()]);
                    }
                }
            }
        }
    }
}

/// The days `(first day, count)` a partitioned table's time column is generated in: the
/// retention window ending today, so that every row lands in a partition the DDL made.
/// (The rest of the data uses a fixed window, so only this column depends on the date.)
fn partition_window(partitioning: &Partitioning) -> (i64, i64) {
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(WINDOW_START_DAY + WINDOW_DAYS, |d| {
            (d.as_secs() / 86_400) as i64
        });
    let period = match partitioning.interval {
        PartitionInterval::Day => 1,
        PartitionInterval::Week => 7,
        PartitionInterval::Month => 28,
        PartitionInterval::Quarter => 89,
        PartitionInterval::Year => 365,
    };
    let days = (i64::from(partitioning.retain.unwrap_or(1).saturating_sub(1)) * period).max(1);
    (today - days + 1, days)
}

/// The column sets whose values must not repeat: the primary key, the unique
/// constraints and the unique indexes (partial ones included).
fn unique_sets(table: &Table) -> Vec<Vec<String>> {
    std::iter::once(table.primary_key.columns.clone())
        .chain(table.uniques.iter().map(|u| u.columns.clone()))
        .chain(
            table
                .indexes
                .iter()
                .filter(|i| i.unique)
                .map(|i| i.columns.iter().map(|k| k.column.clone()).collect()),
        )
        .collect()
}

/// The parent row index a group's first column holds (its position in the parent's
/// store), for the combination bookkeeping.
fn picked_index(
    group: &FkGroup,
    row: &[Cell],
    stores: &HashMap<String, HashMap<String, Vec<Cell>>>,
) -> u64 {
    let Some(&first) = group.columns.first() else {
        return 0;
    };
    let cell = &row[first];
    let Some(values) = stores
        .get(group.parent)
        .and_then(|s| s.get(group.ref_columns[0]))
    else {
        return 0;
    };
    // Identity parents hold 1..=n in order; anything else is looked up.
    if let Cell::Int(v) = cell {
        let at = (*v - 1).max(0) as usize;
        if values.get(at) == Some(cell) {
            return at as u64;
        }
    }
    values.iter().position(|c| c == cell).unwrap_or(0) as u64
}

/// Which group of an exclusive arc this row sets, weighted by the parents' sizes.
fn pick_arc(
    groups: &[FkGroup],
    stores: &HashMap<String, HashMap<String, Vec<Cell>>>,
    prng: &mut Prng,
    parent_rows: impl Fn(&HashMap<String, HashMap<String, Vec<Cell>>>, &FkGroup) -> u64,
) -> Option<usize> {
    let arc: Vec<(usize, u64)> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.in_arc)
        .map(|(i, g)| (i, parent_rows(stores, g)))
        .collect();
    let total: u64 = arc.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let mut point = prng.below(total);
    for (i, n) in arc {
        if point < n {
            return Some(i);
        }
        point -= n;
    }
    None
}

/// A value distinct for every row number `i`.
fn unique_value(column: &Column, bounds: &Bounds, i: u64, seed: u64, prng: &mut Prng) -> Cell {
    let n = i as i64;
    match &column.ty {
        ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt => {
            let (low, _) = bounds.int_range((1, 1));
            Cell::Int(low.saturating_add(n))
        }
        ColumnType::Decimal { scale, .. } => Cell::Decimal {
            units: n + 1,
            scale: *scale,
        },
        ColumnType::Float | ColumnType::Double => Cell::Float(n as f64 + 1.0),
        ColumnType::String { length } => Cell::Text(unique_text(&column.name, i, *length as usize)),
        ColumnType::Text => Cell::Text(unique_text(&column.name, i, usize::MAX)),
        ColumnType::Uuid => Cell::Uuid((u128::from(mix(seed ^ i)) << 64) | u128::from(i)),
        ColumnType::Bytes => {
            let mut bytes = i.to_be_bytes().to_vec();
            bytes.extend(prng.next_u64().to_be_bytes());
            Cell::Bytes(bytes)
        }
        ColumnType::Date => Cell::Date(WINDOW_START_DAY + n),
        ColumnType::Time => Cell::Time(n % (MICROS_PER_DAY / 1_000_000) * 1_000_000),
        ColumnType::Timestamp | ColumnType::Timestamptz => {
            Cell::Timestamp(WINDOW_START_DAY * MICROS_PER_DAY + n * 1_000_000)
        }
        ColumnType::Json => Cell::Json(format!("{{\"n\":{n}}}")),
        ColumnType::Bool | ColumnType::Array(_) | ColumnType::Enum(_) => {
            free_value(column, bounds, false, prng)
        }
    }
}

/// `sku-1k3`, `user-1k3@example.com`: the column name and the row number in base 36,
/// or the bare number when the name does not fit.
fn unique_text(column: &str, i: u64, max: usize) -> String {
    let number = base36(i);
    let candidates = if column.contains("email") {
        vec![
            format!("user-{number}@example.com"),
            format!("{number}@x.io"),
        ]
    } else {
        vec![
            format!("{}-{number}", column.replace('_', "-")),
            number.clone(),
        ]
    };
    candidates
        .into_iter()
        .find(|c| c.len() <= max)
        .unwrap_or(number)
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("base-36 digits are ASCII")
}

/// A random value of the column's type, inside its bounds; NULL now and then when the
/// column is nullable.
fn free_value(column: &Column, bounds: &Bounds, soft_delete: bool, prng: &mut Prng) -> Cell {
    if column.nullable {
        let deleted = soft_delete && column.name.starts_with("deleted_");
        let null_share = if deleted {
            1.0 - DELETED_SHARE
        } else {
            NULL_SHARE
        };
        if prng.chance(null_share) {
            return Cell::Null;
        }
    }
    match &column.ty {
        ColumnType::Bool => Cell::Bool(prng.chance(0.5)),
        ColumnType::SmallInt => Cell::Int(prng.in_range(bounds.int_range((0, 100)))),
        ColumnType::Int => Cell::Int(prng.in_range(bounds.int_range((0, 10_000)))),
        ColumnType::BigInt => Cell::Int(prng.in_range(bounds.int_range((0, 1_000_000)))),
        ColumnType::Decimal { precision, scale } => {
            let factor = 10f64.powi(*scale as i32);
            let max_whole = 10f64.powi(precision.saturating_sub(*scale) as i32) - 1.0;
            let (low, high) = float_range(bounds, (0.0, max_whole.min(1000.0)));
            let low = (low * factor).ceil().max(-max_whole * factor) as i64;
            let high = (high * factor).floor().min(max_whole * factor) as i64;
            Cell::Decimal {
                units: prng.between(low, high.max(low)),
                scale: *scale,
            }
        }
        ColumnType::Float | ColumnType::Double => {
            let (low, high) = float_range(bounds, (0.0, 1000.0));
            Cell::Float(((low + prng.unit() * (high - low)) * 100.0).round() / 100.0)
        }
        ColumnType::String { length } => {
            let max = (*length as usize).min(bounds.max_len.unwrap_or(usize::MAX));
            Cell::Text(words(prng, 1, 3, max, bounds.min_len.unwrap_or(1)))
        }
        ColumnType::Text => {
            let max = bounds.max_len.unwrap_or(2000);
            Cell::Text(words(prng, 5, 30, max, bounds.min_len.unwrap_or(1)))
        }
        ColumnType::Bytes => Cell::Bytes((0..16).map(|_| prng.below(256) as u8).collect()),
        ColumnType::Date => Cell::Date(WINDOW_START_DAY + prng.below(WINDOW_DAYS as u64) as i64),
        ColumnType::Time => {
            Cell::Time(prng.below(MICROS_PER_DAY as u64 / 1_000_000) as i64 * 1_000_000)
        }
        ColumnType::Timestamp | ColumnType::Timestamptz => {
            let seconds = prng.below((WINDOW_DAYS * 86_400) as u64) as i64;
            Cell::Timestamp(WINDOW_START_DAY * MICROS_PER_DAY + seconds * 1_000_000)
        }
        ColumnType::Uuid => {
            Cell::Uuid((u128::from(prng.next_u64()) << 64) | u128::from(prng.next_u64()))
        }
        ColumnType::Json => {
            let is_array = matches!(column.default.as_deref(), Some(Expr::Value(Value::Json(j))) if j.starts_with('['));
            if is_array {
                Cell::Json(Cell::json_array(&tags(prng, &ColumnType::Text)))
            } else {
                Cell::Json(format!("{{\"k\":{}}}", prng.below(1000)))
            }
        }
        ColumnType::Array(element) => Cell::Array(tags(prng, element)),
        ColumnType::Enum(native) => Cell::Text(
            native
                .values
                .get(prng.skewed(native.values.len() as u64) as usize)
                .cloned()
                .unwrap_or_default(),
        ),
    }
}

fn float_range(bounds: &Bounds, default: (f64, f64)) -> (f64, f64) {
    let span = default.1 - default.0;
    let low = bounds
        .low
        .map(|(v, strict)| if strict { v + 0.01 } else { v });
    let high = bounds
        .high
        .map(|(v, strict)| if strict { v - 0.01 } else { v });
    match (low, high) {
        (Some(l), Some(h)) => (l, h.max(l)),
        (Some(l), None) => (l, l + span),
        (None, Some(h)) => (h - span, h),
        (None, None) => default,
    }
}

/// Up to three elements of an array of `element`s (text for a `tags` document), with
/// a skew: a few values are in many rows.
fn tags(prng: &mut Prng, element: &ColumnType) -> Vec<Cell> {
    (0..prng.below(4))
        .map(|_| array_element(element, prng.skewed(50)))
        .collect()
}

/// The array element of rank `rank` (0 the commonest) for elements of type `element`:
/// a value of that type, since PostgreSQL's arrays and MySQL 8's multi-valued keys
/// reject elements of another type; a `string(n)` element fits in `n` characters. The
/// text `tag<rank>` for elements of no more precise type (text, json, bytes).
pub fn array_element(element: &ColumnType, rank: u64) -> Cell {
    let n = rank as i64 + 1;
    let tag = format!("tag{rank}");
    match element {
        ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt => Cell::Int(n),
        ColumnType::Decimal { precision, scale } => {
            // Whole numbers where two digits fit before the point; else the smallest
            // steps, up to the largest value the precision holds.
            let whole = (precision.saturating_sub(*scale) >= 2)
                .then(|| 10i64.checked_pow(*scale)?.checked_mul(n))
                .flatten();
            let most = 10i64.checked_pow(*precision).map_or(i64::MAX, |p| p - 1);
            Cell::Decimal {
                units: whole.unwrap_or((n - 1) % most.max(1) + 1),
                scale: *scale,
            }
        }
        ColumnType::Date => Cell::Date(WINDOW_START_DAY + n),
        ColumnType::Time => Cell::Time(n * 60_000_000),
        ColumnType::Timestamp | ColumnType::Timestamptz => {
            Cell::Timestamp(WINDOW_START_DAY * MICROS_PER_DAY + n * 3_600_000_000)
        }
        ColumnType::Uuid => Cell::Uuid((u128::from(mix(rank)) << 64) | u128::from(rank)),
        ColumnType::Bool => Cell::Bool(rank.is_multiple_of(2)),
        ColumnType::Float | ColumnType::Double => Cell::Float(n as f64 + 0.5),
        ColumnType::String { length } => {
            let max = *length as usize;
            let text = if tag.len() <= max { tag } else { base36(rank) };
            Cell::Text(text.chars().take(max).collect())
        }
        ColumnType::Enum(native) if !native.values.is_empty() => {
            Cell::Text(native.values[rank as usize % native.values.len()].clone())
        }
        _ => Cell::Text(tag),
    }
}

/// Between `least` and `most` lowercase words (skewed, so prefixes repeat), at most
/// `max` characters and at least `min`.
fn words(prng: &mut Prng, least: u64, most: u64, max: usize, min: usize) -> String {
    let count = least + prng.below(most - least + 1);
    let mut text = String::new();
    for k in 0..count {
        if k > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[prng.skewed(WORDS.len() as u64) as usize]);
    }
    while text.len() < min {
        text.push('x');
    }
    text.truncate(max);
    text.truncate(text.trim_end().len());
    if text.len() < min.min(max) {
        text = "x".repeat(min.min(max));
    }
    text
}

/// A cell for a value of an enum lookup table's seed row.
fn seed_cell(value: &Value) -> Cell {
    match value {
        Value::Number(n) => n
            .parse()
            .map(Cell::Int)
            .unwrap_or_else(|_| Cell::Text(n.clone())),
        Value::String(s) => Cell::Text(s.clone()),
        Value::Bool(b) => Cell::Bool(*b),
        Value::Null => Cell::Null,
        Value::Json(j) => Cell::Json(j.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::plan;
    use std::path::PathBuf;

    fn shop() -> Schema {
        let mut diags = schemac_lang::Diagnostics::new();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/shop");
        let loaded = crate::load::load(&[root], &mut diags);
        schemac_compiler::compile(&loaded.project, &mut diags).expect("the shop example compiles")
    }

    fn rows(schema: &Schema, seed: u64) -> Vec<Vec<Cell>> {
        let plan = plan::plan(schema, 0.0005);
        let mut generator = Generator::new(schema, seed);
        let mut all = Vec::new();
        for step in plan
            .tables
            .iter()
            .filter(|t| t.fill == plan::Fill::Generated)
        {
            let table = schema.table(&step.table).expect("planned tables exist");
            generator
                .generate(table, step.target, &mut |row: &[Cell]| -> Result<(), ()> {
                    all.push(row.to_vec());
                    Ok(())
                })
                .expect("the sink never fails");
        }
        all
    }

    #[test]
    fn same_seed_same_rows() {
        let schema = shop();
        let first = rows(&schema, 42);
        assert!(first.len() > 1000);
        assert_eq!(first, rows(&schema, 42));
        assert_ne!(first, rows(&schema, 43));
    }

    #[test]
    fn rows_respect_checks_keys_and_bounds() {
        let schema = shop();
        let plan = plan::plan(&schema, 0.0005);
        let mut generator = Generator::new(&schema, 7);
        for step in plan
            .tables
            .iter()
            .filter(|t| t.fill == plan::Fill::Generated)
        {
            let table = schema.table(&step.table).expect("planned tables exist");
            let mut keys = std::collections::HashSet::new();
            let key_at: Vec<usize> = table
                .primary_key
                .columns
                .iter()
                .map(|c| {
                    table
                        .columns
                        .iter()
                        .position(|col| col.name == *c)
                        .expect("key column")
                })
                .collect();
            let outcome = generator
                .generate(table, step.target, &mut |row: &[Cell]| -> Result<(), ()> {
                    let key: Vec<String> =
                        key_at.iter().map(|&i| format!("{:?}", row[i])).collect();
                    assert!(keys.insert(key), "duplicate key in {}", table.name);
                    for check in &table.checks {
                        let value = |name: &str| {
                            table
                                .columns
                                .iter()
                                .position(|c| c.name == name)
                                .map(|i| &row[i])
                        };
                        assert!(
                            checks::satisfied(&check.expr, &value),
                            "{} violates {}",
                            table.name,
                            check.name
                        );
                    }
                    for (cell, column) in row.iter().zip(&table.columns) {
                        if !column.nullable {
                            assert_ne!(*cell, Cell::Null, "{}.{} is NULL", table.name, column.name);
                        }
                        if let (Cell::Text(text), ColumnType::String { length }) =
                            (cell, &column.ty)
                        {
                            assert!(
                                text.len() <= *length as usize,
                                "{}.{} too long",
                                table.name,
                                column.name
                            );
                        }
                    }
                    Ok(())
                })
                .expect("the sink never fails");
            assert_eq!(outcome.rows, step.target, "{}: {:?}", table.name, outcome);
        }
    }

    #[test]
    fn array_elements_have_the_element_type() {
        let short = ColumnType::String { length: 3 };
        let narrow = ColumnType::Decimal {
            precision: 2,
            scale: 1,
        };
        for rank in 0..60 {
            assert_eq!(
                array_element(&ColumnType::BigInt, rank),
                Cell::Int(rank as i64 + 1)
            );
            match array_element(&short, rank) {
                Cell::Text(text) => assert!((1..=3).contains(&text.chars().count()), "{text}"),
                other => panic!("{other:?}"),
            }
            match array_element(&narrow, rank) {
                Cell::Decimal { units, scale: 1 } => assert!((1..=99).contains(&units)),
                other => panic!("{other:?}"),
            }
            assert!(matches!(
                array_element(&ColumnType::Date, rank),
                Cell::Date(_)
            ));
            assert!(matches!(
                array_element(&ColumnType::Uuid, rank),
                Cell::Uuid(_)
            ));
        }
        let decimal = ColumnType::Decimal {
            precision: 10,
            scale: 2,
        };
        assert_eq!(
            array_element(&decimal, 4),
            Cell::Decimal {
                units: 500,
                scale: 2
            }
        );
        let label = ColumnType::String { length: 40 };
        assert_eq!(array_element(&label, 7), Cell::Text("tag7".to_string()));
        assert_eq!(array_element(&short, 37), Cell::Text("11".to_string()));
        assert_eq!(
            array_element(&ColumnType::Text, 3),
            Cell::Text("tag3".to_string())
        );
    }

    #[test]
    fn unique_text_fits_and_differs() {
        assert_eq!(unique_text("sku", 0, 40), "sku-0");
        assert_eq!(unique_text("code", 1295, 8), "code-zz");
        assert_eq!(unique_text("code", 1_000_000, 4), "lfls");
        assert_eq!(unique_text("email", 35, 255), "user-z@example.com");
    }
}

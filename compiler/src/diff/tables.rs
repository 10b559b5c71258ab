//! The structural comparison of two schemas: every table, column, key, constraint,
//! index, seed row, comment and native enum, sorted into phases so that each change
//! applies after what it needs (constraints are dropped before the columns and tables
//! they use, and added after the columns they name).

use super::change::{Change, ChangeKind, Safety};
use super::types::{self, TypeChange};
use crate::ir::{Column, Expr, Schema, Table, Value};

/// The changes of one migration, by phase.
#[derive(Default)]
pub struct Phases {
    pub enums: Vec<Change>,
    pub drop_constraints: Vec<Change>,
    pub create_tables: Vec<Change>,
    pub rows: Vec<Change>,
    pub columns: Vec<Change>,
    pub data: Vec<Change>,
    pub add_constraints: Vec<Change>,
    pub comments: Vec<Change>,
    pub drops: Vec<Change>,
}

impl Phases {
    pub fn into_changes(self) -> Vec<Change> {
        [
            self.enums,
            self.drop_constraints,
            self.create_tables,
            self.rows,
            self.columns,
            self.data,
            self.add_constraints,
            self.comments,
            self.drops,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

pub fn change(kind: ChangeKind, safety: Safety, reason: impl Into<String>) -> Change {
    Change {
        kind,
        safety,
        reason: reason.into(),
        planned: false,
    }
}

/// Compares `old` (what the database holds) with `new` (what it must hold after).
pub fn compare(old: &Schema, new: &Schema, out: &mut Phases) {
    enums(old, new, out);
    for table in &new.tables {
        match old.table(&table.name) {
            Some(before) => compare_table(before, table, out),
            None => out.create_tables.push(change(
                ChangeKind::CreateTable(table.clone()),
                Safety::Safe,
                "a new table holds no rows yet",
            )),
        }
    }
    for table in &old.tables {
        if new.table(&table.name).is_none() {
            // Its foreign keys go first, so that dropping tables in any order works.
            for fk in &table.foreign_keys {
                out.drop_constraints.push(change(
                    ChangeKind::DropForeignKey {
                        table: table.name.clone(),
                        foreign_key: fk.clone(),
                    },
                    Safety::Risky,
                    "the table is dropped",
                ));
            }
            out.drops.push(change(
                ChangeKind::DropTable(table.clone()),
                Safety::Destructive,
                "dropping a table deletes its rows",
            ));
        }
    }
}

fn enums(old: &Schema, new: &Schema, out: &mut Phases) {
    for e in &new.enums {
        match old.enums.iter().find(|o| o.name == e.name) {
            None => out.enums.push(change(
                ChangeKind::CreateEnumType(e.clone()),
                Safety::Safe,
                "a new type",
            )),
            Some(o) if e.values.starts_with(&o.values) && e.values.len() > o.values.len() => {
                out.enums.push(change(
                    ChangeKind::AddEnumValues {
                        name: e.name.clone(),
                        values: e.values[o.values.len()..].to_vec(),
                    },
                    Safety::Safe,
                    "values appended to an enum type change no row",
                ))
            }
            Some(o) if o.values != e.values => {
                // Removing or reordering values needs the type recreated and every
                // column converted: refused as destructive.
                out.drops.push(change(
                    ChangeKind::DropEnumType(o.clone()),
                    Safety::Destructive,
                    "removing or reordering enum values needs the type recreated",
                ));
                out.drops.push(change(
                    ChangeKind::CreateEnumType(e.clone()),
                    Safety::Destructive,
                    "the type is recreated with the new values",
                ));
            }
            Some(_) => {}
        }
    }
    for o in &old.enums {
        if !new.enums.iter().any(|e| e.name == o.name) {
            out.drops.push(change(
                ChangeKind::DropEnumType(o.clone()),
                Safety::Risky,
                "no column uses the type any more",
            ));
        }
    }
}

fn is_constant(expr: &Expr) -> bool {
    match expr {
        Expr::Value(_) | Expr::Now => true,
        Expr::Unary { expr, .. } => is_constant(expr),
        _ => false,
    }
}

fn compare_table(old: &Table, new: &Table, out: &mut Phases) {
    let name = &new.name;
    let touched = |column: &str| old.column(column).is_none() || new.column(column).is_none();

    // Constraints and indexes: by name; a changed definition is a drop and an add.
    for fk in &old.foreign_keys {
        if new.foreign_keys.iter().all(|n| n != fk) {
            out.drop_constraints.push(change(
                ChangeKind::DropForeignKey {
                    table: name.clone(),
                    foreign_key: fk.clone(),
                },
                Safety::Risky,
                "rows may then reference missing rows",
            ));
        }
    }
    for index in &old.indexes {
        if new.indexes.iter().all(|n| !same_index(n, index)) {
            out.drop_constraints.push(change(
                ChangeKind::DropIndex {
                    table: name.clone(),
                    index: index.clone(),
                },
                Safety::Risky,
                "queries that used the index may slow down",
            ));
        }
    }
    for unique in &old.uniques {
        if new.uniques.iter().all(|n| n != unique) {
            out.drop_constraints.push(change(
                ChangeKind::DropUnique {
                    table: name.clone(),
                    unique: unique.clone(),
                },
                Safety::Risky,
                "duplicates become possible; re-adding it later may fail",
            ));
        }
    }
    for check in &old.checks {
        if new.checks.iter().all(|n| n != check) {
            out.drop_constraints.push(change(
                ChangeKind::DropCheck {
                    table: name.clone(),
                    check: check.clone(),
                },
                Safety::Risky,
                "rows the check refused become possible",
            ));
        }
    }
    if old.primary_key.columns != new.primary_key.columns {
        out.add_constraints.push(change(
            ChangeKind::ChangePrimaryKey {
                table: name.clone(),
                old: old.primary_key.clone(),
                key: new.primary_key.clone(),
            },
            Safety::Risky,
            "rebuilds the key's index under a lock and fails on duplicates",
        ));
    }

    // Columns.
    for column in &new.columns {
        match old.column(&column.name) {
            None => {
                let (safety, reason) = add_column_safety(column);
                out.columns.push(change(
                    ChangeKind::AddColumn {
                        table: name.clone(),
                        column: column.clone(),
                    },
                    safety,
                    reason,
                ));
            }
            Some(before) => compare_column(name, before, column, out),
        }
    }
    for column in &old.columns {
        if new.column(&column.name).is_none() {
            out.drops.push(change(
                ChangeKind::DropColumn {
                    table: name.clone(),
                    column: column.clone(),
                },
                Safety::Destructive,
                "dropping a column deletes its values",
            ));
        }
    }
    let on_update = |t: &Table| -> Vec<String> {
        t.columns
            .iter()
            .filter(|c| c.on_update_now)
            .map(|c| c.name.clone())
            .collect()
    };
    if on_update(old) != on_update(new) {
        out.add_constraints.push(change(
            ChangeKind::ReplaceOnUpdateTrigger {
                table: new.clone(),
                had_trigger: !on_update(old).is_empty(),
            },
            Safety::Safe,
            "only future updates are affected",
        ));
    }

    // Seed rows of lookup tables, by their first value.
    let key = |row: &Vec<Value>| row.first().cloned();
    let added: Vec<Vec<Value>> = new
        .seed_rows
        .iter()
        .filter(|row| old.seed_rows.iter().all(|o| key(o) != key(row)))
        .cloned()
        .collect();
    if !added.is_empty() {
        out.rows.push(change(
            ChangeKind::InsertRows {
                table: name.clone(),
                columns: new.columns.clone(),
                rows: added,
            },
            Safety::Safe,
            "new enum values",
        ));
    }
    let removed: Vec<Value> = old
        .seed_rows
        .iter()
        .filter(|row| new.seed_rows.iter().all(|n| key(n) != key(row)))
        .filter_map(key)
        .collect();
    if let (false, Some(first)) = (removed.is_empty(), new.columns.first()) {
        out.drops.push(change(
            ChangeKind::DeleteRows {
                table: name.clone(),
                key: first.name.clone(),
                rows: removed,
            },
            Safety::Destructive,
            "rows that use a removed enum value block the delete or lose it",
        ));
    }

    for unique in &new.uniques {
        if old.uniques.iter().all(|o| o != unique) {
            out.add_constraints.push(change(
                ChangeKind::AddUnique {
                    table: name.clone(),
                    unique: unique.clone(),
                },
                if unique.columns.iter().all(|c| touched(c)) {
                    Safety::Safe
                } else {
                    Safety::Risky
                },
                "fails if existing rows hold duplicates",
            ));
        }
    }
    for check in &new.checks {
        if old.checks.iter().all(|o| o != check) {
            out.add_constraints.push(change(
                ChangeKind::AddCheck {
                    table: name.clone(),
                    check: check.clone(),
                },
                Safety::Risky,
                "fails if existing rows break it (validated without blocking writes where the engine can)",
            ));
        }
    }
    for index in &new.indexes {
        if old.indexes.iter().all(|o| !same_index(o, index)) {
            // A unique index on columns added by this migration has no old values to
            // collide.
            let may_collide = index.unique && !index.columns.iter().all(|k| touched(&k.column));
            out.add_constraints.push(change(
                ChangeKind::AddIndex {
                    table: name.clone(),
                    index: index.clone(),
                },
                if may_collide {
                    Safety::Risky
                } else {
                    Safety::Safe
                },
                if may_collide {
                    "fails if existing rows hold duplicates"
                } else {
                    "built without blocking writes where the engine can"
                },
            ));
        }
    }
    for fk in &new.foreign_keys {
        if old.foreign_keys.iter().all(|o| o != fk) {
            out.add_constraints.push(change(
                ChangeKind::AddForeignKey {
                    table: name.clone(),
                    foreign_key: fk.clone(),
                },
                Safety::Risky,
                "fails if existing rows reference missing rows (validated without blocking writes where the engine can)",
            ));
        }
    }
    if old.comment != new.comment {
        out.comments.push(change(
            ChangeKind::SetTableComment {
                table: name.clone(),
                comment: new.comment.clone(),
            },
            Safety::Safe,
            "metadata only",
        ));
    }
}

fn add_column_safety(column: &Column) -> (Safety, &'static str) {
    match &column.default {
        _ if column.nullable => (Safety::Safe, "a nullable column needs no rewrite"),
        _ if column.identity => (Safety::Risky, "fills an identity for every existing row"),
        Some(default) if is_constant(default) => (
            Safety::Safe,
            "a constant default fills existing rows without a rewrite",
        ),
        Some(_) => (
            Safety::Risky,
            "a computed default rewrites the table under a lock",
        ),
        None => (
            Safety::Risky,
            "NOT NULL without a default fails when the table has rows",
        ),
    }
}

fn compare_column(table: &str, old: &Column, new: &Column, out: &mut Phases) {
    let t = table.to_string();
    if old.ty != new.ty {
        let (safety, reason) = match types::classify(&old.ty, &new.ty) {
            TypeChange::Widen => (Safety::Safe, "a wider type: every value fits, no rewrite"),
            TypeChange::Rewrite => (
                Safety::Risky,
                "every value fits but the table is rewritten under a lock",
            ),
            TypeChange::Narrow => (
                Safety::Destructive,
                "a narrower or unrelated type: values may not fit",
            ),
        };
        out.columns.push(change(
            ChangeKind::AlterType {
                table: t.clone(),
                old: old.clone(),
                column: new.clone(),
            },
            safety,
            reason,
        ));
    }
    if old.default != new.default {
        out.columns.push(change(
            ChangeKind::SetDefault {
                table: t.clone(),
                column: new.clone(),
            },
            Safety::Safe,
            "only future inserts are affected",
        ));
    }
    if old.nullable && !new.nullable {
        out.add_constraints.push(change(
            ChangeKind::SetNotNull {
                table: t.clone(),
                column: new.clone(),
            },
            Safety::Risky,
            "fails if existing rows hold NULL (validated without blocking writes where the engine can)",
        ));
    } else if !old.nullable && new.nullable {
        out.columns.push(change(
            ChangeKind::DropNotNull {
                table: t.clone(),
                column: new.clone(),
            },
            Safety::Safe,
            "every row still fits",
        ));
    }
    if old.on_update_now != new.on_update_now {
        out.columns.push(change(
            ChangeKind::SetOnUpdate {
                table: t.clone(),
                column: new.clone(),
            },
            Safety::Safe,
            "only future updates are affected",
        ));
    }
    if old.comment != new.comment {
        out.comments.push(change(
            ChangeKind::SetColumnComment {
                table: t,
                column: new.clone(),
            },
            Safety::Safe,
            "metadata only",
        ));
    }
}

/// Two indexes are the same database object when everything but their provenance is
/// equal: a planned index whose queries or reasons changed needs no migration.
fn same_index(a: &crate::ir::Index, b: &crate::ir::Index) -> bool {
    a.name == b.name
        && a.columns == b.columns
        && a.unique == b.unique
        && a.predicate == b.predicate
        && a.method == b.method
}

//! The differ: compares the schema a database holds (the last snapshot) with the schema
//! the project declares, and returns the ordered [`Change`]s between them, each
//! classified [`Safety::Safe`], [`Safety::Risky`] or [`Safety::Destructive`] with a
//! reason. Pure: no IO.
//!
//! Renames come only from `@was(old)`; without it a renamed column is a drop and an
//! add. A rename, and a type change that rewrites the table (`int` -> `bigint`), are
//! carried out in two migrations (the guide's 3-step deploy):
//! - expand: the new column is added (nullable, no default), triggers keep the old and
//!   the new column equal on every write, and existing rows are backfilled;
//! - contract, in a later build: the triggers and the old column are dropped (a type
//!   change then renames the new column to the old name), and the new column gets its
//!   NOT NULL, default and constraints. A rename is contracted once `@was(old)` is
//!   removed from the schema; any pending step is contracted by `build --contract`.
//!
//! Between the two, the snapshot records the expand as a [`Pending`] step, and its
//! schema ([`Diff::state`]) is the schema the database really holds: the declared one
//! plus the columns kept for pending steps and for removed `@deprecated` fields, which
//! are never dropped (they are made nullable instead).

pub mod change;
mod tables;
pub mod types;

use serde::{Deserialize, Serialize};

pub use change::{Change, ChangeKind, Safety};

use crate::ir::{Column, Schema, Table};
use tables::{change, Phases};
use types::TypeChange;

/// The suffix of the new column of a type change during expand: `count` is copied into
/// `count__new`, which the contract renames back to `count`.
pub const SHADOW_SUFFIX: &str = "__new";

/// An expand step waiting for its contract, as recorded in the snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub table: String,
    pub kind: PendingKind,
    /// The column that goes away: the old name of a rename, or the column whose type
    /// changes.
    pub old: String,
    /// The column that stays: the new name of a rename, or the `__new` column of a
    /// type change.
    pub new: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingKind {
    Rename,
    Retype,
}

/// What the differ needs besides the two schemas.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// The pending expand steps recorded with the old schema.
    pub pending: &'a [Pending],
    /// Contract every pending step now (`build --contract`).
    pub contract: bool,
}

/// The result of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    /// In the order the migration applies them.
    pub changes: Vec<Change>,
    /// The schema the database holds after the changes: the next snapshot.
    pub state: Schema,
    /// The expand steps still waiting for their contract after the changes.
    pub pending: Vec<Pending>,
}

impl Diff {
    /// The changes that `build` refuses without `--allow-destructive`.
    pub fn refused(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| c.safety == Safety::Destructive && !c.planned)
    }
}

/// Compares `old` (the snapshot: what the database holds) with `new` (the declared
/// schema).
pub fn diff(old: &Schema, new: &Schema, options: &Options) -> Diff {
    let mut state = new.clone();
    let mut old_view = old.clone();
    let mut pending = Vec::new();
    let mut contract_steps = Vec::new();
    let mut expand_steps = Vec::new();
    let mut contracted_renames: Vec<(String, String)> = Vec::new();

    for p in options.pending {
        let (Some(old_table), Some(table)) = (
            old.table(&p.table),
            state.tables.iter_mut().find(|t| t.name == p.table),
        ) else {
            continue;
        };
        let annotation_gone = table
            .column(&p.new)
            .is_none_or(|c| c.renamed_from.as_deref() != Some(p.old.as_str()));
        let contract = options.contract || (p.kind == PendingKind::Rename && annotation_gone);
        if contract {
            contract_steps.push(planned(
                ChangeKind::DropSyncTrigger {
                    table: p.table.clone(),
                    old: p.old.clone(),
                    new: p.new.clone(),
                },
                "contract: the expand of an earlier build is complete",
            ));
            match p.kind {
                PendingKind::Rename => contracted_renames.push((p.table.clone(), p.old.clone())),
                PendingKind::Retype => {
                    if let Some(column) = old_table.column(&p.old) {
                        contract_steps.push(planned(
                            ChangeKind::DropColumn {
                                table: p.table.clone(),
                                column: column.clone(),
                            },
                            "contract: the old column of a type change",
                        ));
                    }
                    contract_steps.push(planned(
                        ChangeKind::RenameColumn {
                            table: p.table.clone(),
                            from: p.new.clone(),
                            to: p.old.clone(),
                        },
                        "contract: the new column takes the old name",
                    ));
                    if let Some(view) = old_view.tables.iter_mut().find(|t| t.name == p.table) {
                        swap_in_shadow(view, &p.old, &p.new);
                    }
                }
            }
        } else {
            keep_pending(old_table, table, p);
            pending.push(p.clone());
        }
    }

    for table in &mut state.tables {
        let Some(old_table) = old_view.table(&table.name) else {
            continue;
        };
        let busy: Vec<String> = pending
            .iter()
            .filter(|p| p.table == table.name)
            .flat_map(|p| [p.old.clone(), p.new.clone()])
            .collect();
        expand_renames(old_table, table, &busy, &mut expand_steps, &mut pending);
        expand_retypes(
            old,
            old_table,
            table,
            &busy,
            &mut expand_steps,
            &mut pending,
        );
        keep_deprecated(old_table, table, &busy);
    }

    let mut phases = Phases::default();
    tables::compare(&old_view, &state, &mut phases);
    for c in &mut phases.drops {
        if let ChangeKind::DropColumn { table, column } = &c.kind {
            if contracted_renames
                .iter()
                .any(|(t, old)| t == table && *old == column.name)
            {
                c.planned = true;
                c.reason = "contract: the old column of a rename (`@was` removed)".into();
            }
        }
    }
    phases.data.splice(0..0, expand_steps);
    let mut changes = Vec::new();
    changes.append(&mut phases.enums);
    changes.append(&mut phases.drop_constraints);
    changes.extend(contract_steps);
    changes.extend(phases.into_changes());
    Diff {
        changes,
        state,
        pending,
    }
}

fn planned(kind: ChangeKind, reason: &str) -> Change {
    Change {
        kind,
        safety: Safety::Destructive,
        reason: reason.to_string(),
        planned: true,
    }
}

/// The columns of a pending step stay as the expand left them.
fn keep_pending(old_table: &Table, table: &mut Table, p: &Pending) {
    for name in [&p.old, &p.new] {
        let Some(column) = old_table.column(name) else {
            continue;
        };
        match table.columns.iter_mut().find(|c| &c.name == name) {
            Some(slot) => *slot = column.clone(),
            None => table.columns.push(column.clone()),
        }
    }
}

/// Before a contract of a type change: the database as it is once the old column is
/// dropped (with every index and constraint that used it) and the new column renamed.
fn swap_in_shadow(table: &mut Table, column: &str, shadow: &str) {
    table.columns.retain(|c| c.name != column);
    for c in &mut table.columns {
        if c.name == shadow {
            c.name = column.to_string();
        }
    }
    table
        .indexes
        .retain(|i| i.columns.iter().all(|k| k.column != column));
    table
        .uniques
        .retain(|u| u.columns.iter().all(|c| c != column));
    table
        .foreign_keys
        .retain(|f| f.columns.iter().all(|c| c != column));
    table.checks.retain(|c| !c.expr.mentions(column));
}

/// The new column of an expand: nullable and without default until the contract, so
/// that a row written by old code (which leaves it NULL) is filled by the trigger.
fn expand_column(column: &Column) -> Column {
    let mut c = column.clone();
    c.nullable = true;
    c.default = None;
    c
}

fn sync_steps(table: &Table, old: &str, new: &str, why: &str, out: &mut Vec<Change>) {
    out.push(change(
        ChangeKind::AddSyncTrigger {
            table: table.name.clone(),
            old: old.to_string(),
            new: new.to_string(),
        },
        Safety::Safe,
        format!("expand of {why}: old and new code both write"),
    ));
    out.push(change(
        ChangeKind::Backfill {
            table: table.name.clone(),
            old: old.to_string(),
            new: new.to_string(),
            key: table.primary_key.columns.clone(),
        },
        Safety::Safe,
        format!("expand of {why}: batched copy of existing rows"),
    ));
}

fn expand_renames(
    old_table: &Table,
    table: &mut Table,
    busy: &[String],
    steps: &mut Vec<Change>,
    pending: &mut Vec<Pending>,
) {
    for i in 0..table.columns.len() {
        let column = &table.columns[i];
        let Some(from) = column.renamed_from.clone() else {
            continue;
        };
        let Some(old_column) = old_table.column(&from) else {
            continue;
        };
        if old_table.column(&column.name).is_some()
            || table.column(&from).is_some()
            || busy.iter().any(|b| *b == from || *b == column.name)
        {
            continue;
        }
        let name = column.name.clone();
        table.columns[i] = expand_column(column);
        let mut kept = old_column.clone();
        kept.nullable = true;
        table.columns.push(kept);
        sync_steps(
            table,
            &from,
            &name,
            &format!("the rename of {}.{from} to {name}", table.name),
            steps,
        );
        pending.push(Pending {
            table: table.name.clone(),
            kind: PendingKind::Rename,
            old: from,
            new: name,
        });
    }
}

/// True when a key or foreign key uses the column: its type then changes in place.
fn is_key_column(schema: &Schema, table: &Table, column: &str) -> bool {
    table.primary_key.columns.iter().any(|c| c == column)
        || table
            .foreign_keys
            .iter()
            .any(|f| f.columns.iter().any(|c| c == column))
        || schema.tables.iter().any(|t| {
            t.foreign_keys
                .iter()
                .any(|f| f.ref_table == table.name && f.ref_columns.iter().any(|c| c == column))
        })
}

fn expand_retypes(
    old: &Schema,
    old_table: &Table,
    table: &mut Table,
    busy: &[String],
    steps: &mut Vec<Change>,
    pending: &mut Vec<Pending>,
) {
    for i in 0..table.columns.len() {
        let column = &table.columns[i];
        let Some(before) = old_table.column(&column.name) else {
            continue;
        };
        if before.ty == column.ty
            || types::classify(&before.ty, &column.ty) != TypeChange::Rewrite
            || busy.contains(&column.name)
            || is_key_column(old, old_table, &column.name)
            || is_key_column(old, table, &column.name)
        {
            continue;
        }
        let name = column.name.clone();
        let shadow_name = format!("{name}{SHADOW_SUFFIX}");
        if old_table.column(&shadow_name).is_some() || table.column(&shadow_name).is_some() {
            continue;
        }
        let mut shadow = expand_column(column);
        shadow.name = shadow_name.clone();
        shadow.comment = None;
        shadow.on_update_now = false;
        shadow.renamed_from = None;
        shadow.deprecated = false;
        table.columns[i] = before.clone();
        table.columns.push(shadow);
        sync_steps(
            table,
            &name,
            &shadow_name,
            &format!("the type change of {}.{name}", table.name),
            steps,
        );
        pending.push(Pending {
            table: table.name.clone(),
            kind: PendingKind::Retype,
            old: name,
            new: shadow_name,
        });
    }
}

/// A removed `@deprecated` field keeps its column, made nullable so that new rows can
/// leave it out.
fn keep_deprecated(old_table: &Table, table: &mut Table, busy: &[String]) {
    for column in &old_table.columns {
        if column.deprecated && table.column(&column.name).is_none() && !busy.contains(&column.name)
        {
            let mut kept = column.clone();
            kept.nullable = true;
            table.columns.push(kept);
        }
    }
}

//! Migrations: the differ's [`Change`]s turned into ordered [`MigrationStep`]s and
//! rendered per dialect into migration files.
//!
//! Every object a migration creates (a table, an index, a constraint, a column) is
//! rendered by the same code as the full DDL ([`crate::render_ddl`]), so that a
//! database migrated step by step holds the same objects as one created fresh. Where
//! engines differ the code asks the [`Dialect`]: PostgreSQL builds indexes
//! concurrently in a file of their own and validates new constraints after adding
//! them `NOT VALID`; MySQL adds columns instantly and indexes in place; SQLite rebuilds
//! a table when `ALTER TABLE` cannot make the change.

mod rebuild;
mod render;

use schemac_compiler::diff::{Change, ChangeKind, Pending};
use schemac_compiler::ir::{Schema, Table};

use crate::dialect::Dialect;
use crate::{dialect, DialectKind};

/// When a statement runs: the files of one build are applied in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// In one transaction where the engine has transactional DDL.
    Main,
    /// Outside any transaction (`CREATE INDEX CONCURRENTLY`).
    Concurrent,
    /// In a transaction after the concurrent file: validations of constraints added
    /// `NOT VALID`, and constraints that need the concurrently built index.
    Validate,
}

/// One step of a migration, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum MigrationStep {
    /// A change the engine makes directly.
    Change(Change),
    /// The tables created by this migration, rendered together like the full DDL.
    CreateTables(Vec<Table>),
    /// A table rebuilt (create the new table, copy the rows, drop the old one, rename,
    /// recreate its indexes and triggers) because the engine cannot alter it in place.
    /// `changes` are the changes it carries out; `renames` map new column names to the
    /// old ones they copy from.
    RebuildTable {
        old: Table,
        new: Table,
        renames: Vec<(String, String)>,
        changes: Vec<Change>,
    },
}

/// One migration file of a build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationFile {
    /// Appended to the migration name: `None` for the main file, `concurrently` and
    /// `validate` for PostgreSQL's extra files.
    pub suffix: Option<&'static str>,
    /// The file runs outside a transaction (`-- schemac:txmode none`).
    pub txmode_none: bool,
    pub sql: String,
}

/// The steps for `changes` between `old` (what the database holds) and `new` (what
/// it holds after) on `dialect`.
pub fn plan(
    changes: &[Change],
    old: &Schema,
    new: &Schema,
    dialect: &dyn Dialect,
) -> Vec<MigrationStep> {
    let rebuilt: Vec<&str> = changes
        .iter()
        .filter(|c| dialect.needs_table_rebuild_for(&c.kind))
        .filter_map(|c| c.kind.table())
        .fold(Vec::new(), |mut tables, t| {
            if !tables.contains(&t) {
                tables.push(t);
            }
            tables
        });
    let mut steps: Vec<MigrationStep> = Vec::new();
    let mut created: Vec<Table> = Vec::new();
    let mut created_at: Option<usize> = None;
    for change in changes {
        if let ChangeKind::CreateTable(table) = &change.kind {
            created.push(table.clone());
            created_at.get_or_insert(steps.len());
            continue;
        }
        let table = change.kind.table().filter(|t| rebuilt.contains(t));
        match table {
            Some(name) if rebuild::absorbs(&change.kind) => {
                let existing = steps.iter_mut().find_map(|s| match s {
                    MigrationStep::RebuildTable {
                        new,
                        changes,
                        renames,
                        ..
                    } if new.name == name => Some((changes, renames)),
                    _ => None,
                });
                match existing {
                    Some((absorbed, renames)) => {
                        if let ChangeKind::RenameColumn { from, to, .. } = &change.kind {
                            renames.push((to.clone(), from.clone()));
                        }
                        absorbed.push(change.clone());
                    }
                    None => {
                        let (Some(old_table), Some(new_table)) = (old.table(name), new.table(name))
                        else {
                            steps.push(MigrationStep::Change(change.clone()));
                            continue;
                        };
                        let mut renames = Vec::new();
                        if let ChangeKind::RenameColumn { from, to, .. } = &change.kind {
                            renames.push((to.clone(), from.clone()));
                        }
                        steps.push(MigrationStep::RebuildTable {
                            old: old_table.clone(),
                            new: new_table.clone(),
                            renames,
                            changes: vec![change.clone()],
                        });
                    }
                }
            }
            _ => steps.push(MigrationStep::Change(change.clone())),
        }
    }
    if let Some(at) = created_at {
        steps.insert(at.min(steps.len()), MigrationStep::CreateTables(created));
    }
    steps
}

/// The migration files for `changes` on `kind`: the main file, then (PostgreSQL) the
/// concurrent index file and the validation file, each only when it has statements.
/// `pending` are the expand steps still waiting for their contract after the
/// migration: a table rebuilt while one is pending gets its sync triggers back.
pub fn render_migration(
    changes: &[Change],
    old: &Schema,
    new: &Schema,
    pending: &[Pending],
    kind: DialectKind,
) -> Vec<MigrationFile> {
    let dialect = dialect(kind);
    let steps = plan(changes, old, new, dialect.as_ref());
    // The triggers of an expand made by this migration are created after any rebuild;
    // only those of earlier expands exist before it.
    let earlier: Vec<Pending> = pending
        .iter()
        .filter(|p| {
            !changes.iter().any(|c| {
                matches!(&c.kind, ChangeKind::AddSyncTrigger { table, old, .. }
                    if *table == p.table && *old == p.old)
            })
        })
        .cloned()
        .collect();
    render::files(&steps, old, new, &earlier, dialect.as_ref())
}

//! The table rebuild for engines whose `ALTER TABLE` cannot make a change (SQLite's
//! documented 12-step procedure, steps 4 to 9, inside the migration's transaction):
//! create the new table under a temporary name, copy the rows, drop the old table,
//! rename the new one, recreate its indexes and triggers. Foreign keys are not checked
//! while it runs: the runner turns `PRAGMA foreign_keys` off around the file, as
//! `schemac apply` does, and the file defers them in case it did not.

use schemac_compiler::diff::ChangeKind;
use schemac_compiler::ir::Table;

use crate::ddl::Assembler;

/// The suffix of the temporary name of a rebuilt table.
const REBUILD_SUFFIX: &str = "__schemac_new";

/// True when a rebuild of the change's table carries the change out (everything about
/// the table's own columns, keys, constraints and indexes).
pub fn absorbs(kind: &ChangeKind) -> bool {
    use ChangeKind::*;
    matches!(
        kind,
        AddColumn { .. }
            | DropColumn { .. }
            | AlterType { .. }
            | SetNotNull { .. }
            | DropNotNull { .. }
            | SetDefault { .. }
            | SetOnUpdate { .. }
            | ReplaceOnUpdateTrigger { .. }
            | RenameColumn { .. }
            | ChangePrimaryKey { .. }
            | AddForeignKey { .. }
            | DropForeignKey { .. }
            | AddUnique { .. }
            | DropUnique { .. }
            | AddCheck { .. }
            | DropCheck { .. }
            | AddIndex { .. }
            | DropIndex { .. }
    )
}

/// The statements of a rebuild of `old` into `new`; `renames` maps a new column to
/// the old column it copies from.
pub fn statements(
    assembler: &Assembler,
    old: &Table,
    new: &Table,
    renames: &[(String, String)],
) -> Vec<String> {
    let namer = &assembler.namer;
    let temporary_name = format!("{}{REBUILD_SUFFIX}", new.name);
    // Rendered under the real name, so that derived constraint names are the ones of
    // the full DDL; only the created table's name is the temporary one.
    let create = assembler.create_table(new).replacen(
        &format!("CREATE TABLE {} (", namer.ident(&new.name)),
        &format!("CREATE TABLE {} (", namer.ident(&temporary_name)),
        1,
    );
    let mut out = vec![create];

    let mut targets = Vec::new();
    let mut sources = Vec::new();
    for column in &new.columns {
        let source = renames
            .iter()
            .find(|(to, _)| *to == column.name)
            .map(|(_, from)| from.as_str())
            .unwrap_or(&column.name);
        if old.column(source).is_some() {
            targets.push(namer.ident(&column.name));
            sources.push(namer.ident(source));
        }
    }
    let table = namer.ident(&new.name);
    let temporary = namer.ident(&temporary_name);
    if !targets.is_empty() {
        out.push(format!(
            "INSERT INTO {temporary} ({})\nSELECT {} FROM {table};",
            targets.join(", "),
            sources.join(", ")
        ));
    }
    out.push(format!("DROP TABLE {table};"));
    out.push(format!("ALTER TABLE {temporary} RENAME TO {table};"));
    for index in &new.indexes {
        out.push(assembler.create_index(new, index));
    }
    out.extend(assembler.on_update_trigger(new));
    out
}

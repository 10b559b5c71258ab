//! What the differ produces: one [`Change`] per difference, with its classification
//! and the reason for it.

use serde::{Deserialize, Serialize};

use crate::ir::{
    CheckConstraint, Column, EnumType, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint,
    Value,
};

/// How dangerous a change is for a database that already holds rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Safety {
    /// Applies online and cannot fail on existing rows.
    Safe,
    /// Keeps every row but may fail on existing data, take a long lock or slow queries.
    Risky,
    /// Loses data: `build` refuses it unless planned (expand/contract) or allowed.
    Destructive,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Risky => "risky",
            Safety::Destructive => "destructive",
        }
    }
}

/// One difference between two schemas, in the order the migration applies it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    pub safety: Safety,
    /// Why the change has its classification, in words.
    pub reason: String,
    /// A destructive step planned by an earlier expand (the contract of an
    /// expand/contract pair): allowed without `--allow-destructive`.
    pub planned: bool,
}

/// The changes, each naming its table. Columns and constraints carry their full
/// definition as the schema after the migration holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeKind {
    CreateEnumType(EnumType),
    /// Values appended to a native enum type (`values` are the new ones, in order).
    AddEnumValues {
        name: String,
        values: Vec<String>,
    },
    DropEnumType(EnumType),
    CreateTable(Table),
    DropTable(Table),
    AddColumn {
        table: String,
        column: Column,
    },
    DropColumn {
        table: String,
        column: Column,
    },
    /// The column's type changes in place (`old` is the column before).
    AlterType {
        table: String,
        old: Column,
        column: Column,
    },
    SetNotNull {
        table: String,
        column: Column,
    },
    DropNotNull {
        table: String,
        column: Column,
    },
    /// The default changes (`column.default` is the new one, `None` to drop it).
    SetDefault {
        table: String,
        column: Column,
    },
    SetColumnComment {
        table: String,
        column: Column,
    },
    /// `@on_update` turned on or off for the column.
    SetOnUpdate {
        table: String,
        column: Column,
    },
    /// The set of `@on_update` columns of the table changed: dialects that keep them
    /// current with a row trigger replace it (`table` is the table after).
    ReplaceOnUpdateTrigger {
        table: Table,
        had_trigger: bool,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    SetTableComment {
        table: String,
        comment: Option<String>,
    },
    ChangePrimaryKey {
        table: String,
        old: PrimaryKey,
        key: PrimaryKey,
    },
    AddForeignKey {
        table: String,
        foreign_key: ForeignKey,
    },
    DropForeignKey {
        table: String,
        foreign_key: ForeignKey,
    },
    AddUnique {
        table: String,
        unique: UniqueConstraint,
    },
    DropUnique {
        table: String,
        unique: UniqueConstraint,
    },
    AddCheck {
        table: String,
        check: CheckConstraint,
    },
    DropCheck {
        table: String,
        check: CheckConstraint,
    },
    AddIndex {
        table: String,
        index: Index,
    },
    DropIndex {
        table: String,
        index: Index,
    },
    /// Rows added to an enum lookup table (new variants).
    InsertRows {
        table: String,
        columns: Vec<Column>,
        rows: Vec<Vec<Value>>,
    },
    /// Rows removed from an enum lookup table, by the value of `key`.
    DeleteRows {
        table: String,
        key: String,
        rows: Vec<Value>,
    },
    /// Expand: triggers that keep `old` and `new` equal on every insert and update.
    AddSyncTrigger {
        table: String,
        old: String,
        new: String,
    },
    /// Expand: copies `old` into `new` where `new` is still NULL, in batches.
    Backfill {
        table: String,
        old: String,
        new: String,
        /// The primary key columns, which the batches walk.
        key: Vec<String>,
    },
    /// Contract: removes the triggers of [`ChangeKind::AddSyncTrigger`].
    DropSyncTrigger {
        table: String,
        old: String,
        new: String,
    },
}

impl ChangeKind {
    /// The table the change applies to (`None` for enum types).
    pub fn table(&self) -> Option<&str> {
        use ChangeKind::*;
        match self {
            CreateEnumType(_) | AddEnumValues { .. } | DropEnumType(_) => None,
            CreateTable(t) | DropTable(t) => Some(&t.name),
            ReplaceOnUpdateTrigger { table, .. } => Some(&table.name),
            AddColumn { table, .. }
            | DropColumn { table, .. }
            | AlterType { table, .. }
            | SetNotNull { table, .. }
            | DropNotNull { table, .. }
            | SetDefault { table, .. }
            | SetColumnComment { table, .. }
            | SetOnUpdate { table, .. }
            | RenameColumn { table, .. }
            | SetTableComment { table, .. }
            | ChangePrimaryKey { table, .. }
            | AddForeignKey { table, .. }
            | DropForeignKey { table, .. }
            | AddUnique { table, .. }
            | DropUnique { table, .. }
            | AddCheck { table, .. }
            | DropCheck { table, .. }
            | AddIndex { table, .. }
            | DropIndex { table, .. }
            | InsertRows { table, .. }
            | DeleteRows { table, .. }
            | AddSyncTrigger { table, .. }
            | Backfill { table, .. }
            | DropSyncTrigger { table, .. } => Some(table),
        }
    }

    /// A short description for migration headers and `diff` output.
    pub fn describe(&self) -> String {
        use ChangeKind::*;
        match self {
            CreateEnumType(e) => format!("create enum type {}", e.name),
            AddEnumValues { name, values } => {
                format!("add values {} to enum {name}", values.join(", "))
            }
            DropEnumType(e) => format!("drop enum type {}", e.name),
            CreateTable(t) => format!("create table {}", t.name),
            DropTable(t) => format!("drop table {}", t.name),
            AddColumn { table, column } => format!("add column {table}.{}", column.name),
            DropColumn { table, column } => format!("drop column {table}.{}", column.name),
            AlterType { table, column, .. } => {
                format!("change the type of {table}.{}", column.name)
            }
            SetNotNull { table, column } => format!("set {table}.{} NOT NULL", column.name),
            DropNotNull { table, column } => format!("make {table}.{} nullable", column.name),
            SetDefault { table, column } => {
                format!("change the default of {table}.{}", column.name)
            }
            SetColumnComment { table, column } => {
                format!("change the comment of {table}.{}", column.name)
            }
            SetOnUpdate { table, column } => {
                format!("change @on_update of {table}.{}", column.name)
            }
            ReplaceOnUpdateTrigger { table, .. } => {
                format!("replace the @on_update trigger of {}", table.name)
            }
            RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
            SetTableComment { table, .. } => format!("change the comment of table {table}"),
            ChangePrimaryKey { table, .. } => format!("change the primary key of {table}"),
            AddForeignKey { table, foreign_key } => {
                format!("add foreign key {} on {table}", foreign_key.name)
            }
            DropForeignKey { table, foreign_key } => {
                format!("drop foreign key {} on {table}", foreign_key.name)
            }
            AddUnique { table, unique } => format!("add unique {} on {table}", unique.name),
            DropUnique { table, unique } => format!("drop unique {} on {table}", unique.name),
            AddCheck { table, check } => format!("add check {} on {table}", check.name),
            DropCheck { table, check } => format!("drop check {} on {table}", check.name),
            AddIndex { table, index } => format!("add index {} on {table}", index.name),
            DropIndex { table, index } => format!("drop index {} on {table}", index.name),
            InsertRows { table, rows, .. } => format!("insert {} row(s) into {table}", rows.len()),
            DeleteRows { table, rows, .. } => format!("delete {} row(s) from {table}", rows.len()),
            AddSyncTrigger { table, old, new } => {
                format!("expand: keep {table}.{old} and {table}.{new} in sync")
            }
            Backfill {
                table, old, new, ..
            } => format!("expand: backfill {table}.{new} from {old}"),
            DropSyncTrigger { table, old, new } => {
                format!("contract: stop syncing {table}.{old} and {table}.{new}")
            }
        }
    }
}

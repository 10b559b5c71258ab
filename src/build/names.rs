//! Migration names: `--name` when given, else a summary of the changes (`init`,
//! `add_orders_note`, `add_3_changes`).

use schemac_compiler::diff::{Change, ChangeKind};
use schemac_compiler::ir::Schema;

/// True for snake_case ASCII names.
pub fn is_valid(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A name for `changes` from `old`.
pub fn summary(changes: &[Change], old: &Schema) -> String {
    if old.tables.is_empty() && old.enums.is_empty() {
        return "init".into();
    }
    match changes {
        [one] => single(&one.kind),
        _ => {
            let additive = changes.iter().all(|c| {
                matches!(
                    c.kind,
                    ChangeKind::CreateTable(_)
                        | ChangeKind::AddColumn { .. }
                        | ChangeKind::AddIndex { .. }
                        | ChangeKind::AddUnique { .. }
                        | ChangeKind::AddCheck { .. }
                        | ChangeKind::AddForeignKey { .. }
                        | ChangeKind::InsertRows { .. }
                        | ChangeKind::AddEnumValues { .. }
                        | ChangeKind::CreateEnumType(_)
                )
            });
            let contract = changes.iter().any(|c| c.planned);
            let expand = changes
                .iter()
                .any(|c| matches!(c.kind, ChangeKind::AddSyncTrigger { .. }));
            let verb = if contract {
                "contract"
            } else if expand {
                "expand"
            } else if additive {
                "add"
            } else {
                "change"
            };
            format!("{verb}_{}_changes", changes.len())
        }
    }
}

fn single(kind: &ChangeKind) -> String {
    use ChangeKind::*;
    let text = match kind {
        CreateTable(t) => format!("create_{}", t.name),
        DropTable(t) => format!("drop_{}", t.name),
        AddColumn { table, column } => format!("add_{table}_{}", column.name),
        DropColumn { table, column } => format!("drop_{table}_{}", column.name),
        AddIndex { index, .. } => format!("add_{}", index.name),
        DropIndex { index, .. } => format!("drop_{}", index.name),
        other => other.describe(),
    };
    snake(&text)
}

fn snake(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    let mut cut = trimmed.chars().take(60).collect::<String>();
    while cut.ends_with('_') {
        cut.pop();
    }
    if cut.is_empty() {
        "migration".into()
    } else {
        cut
    }
}

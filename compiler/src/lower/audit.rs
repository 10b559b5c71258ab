//! `audit`: an append-only `<table>_events` table and a `current_<table>` view.
//!
//! The events table has no foreign key to the audited table: an audit log outlives the
//! rows it describes, and a foreign key would either block deleting an audited row or
//! (with a cascade) delete its history. The entity's key is copied into
//! `<entity>_<key>` and indexed with `created_at` for "history of one row".

use crate::ir::{
    Column, ColumnType, Expr, Index, IndexKey, IndexMethod, IndexOrigin, PrimaryKey, Table,
    TableKind, TableScale, View, ViewDefinition,
};
use crate::naming::{self, NameLog};
use crate::resolve::Entity;
use schemac_lang::ast::Member;

/// The events table and the current-state view of an `audit` entity whose table is
/// `table`; `None` without `audit`.
pub fn lower(entity: &Entity, table: &Table, names: &mut NameLog) -> Option<(Table, View)> {
    entity
        .members
        .iter()
        .find(|m| matches!(m.member, Member::Audit { .. }))?;
    let name = events_name(&table.name);
    let prefix = naming::snake_case(entity.name());
    let key_columns: Vec<String> = table
        .primary_key
        .columns
        .iter()
        .map(|k| format!("{prefix}_{k}"))
        .collect();
    let mut columns = vec![column("id", ColumnType::BigInt, false, None, true)];
    for (k, c) in table.primary_key.columns.iter().zip(&key_columns) {
        let ty = table
            .column(k)
            .map_or(ColumnType::BigInt, |column| column.ty.clone());
        columns.push(column(c, ty, false, None, false));
    }
    columns.extend([
        column(
            "event_type",
            ColumnType::String { length: 50 },
            false,
            None,
            false,
        ),
        column("event_data", ColumnType::Json, false, None, false),
        column(
            "created_at",
            ColumnType::Timestamptz,
            false,
            Some(Expr::Now),
            false,
        ),
        column("created_by", ColumnType::BigInt, true, None, false),
    ]);
    let mut events = Table {
        primary_key: PrimaryKey {
            name: names.claim(naming::primary_key(&name)),
            columns: vec!["id".into()],
        },
        source: table.source.clone(),
        kind: TableKind::Entity,
        comment: Some(format!(
            "Append-only history of {}: one row per change (audit).",
            table.name
        )),
        columns,
        foreign_keys: Vec::new(),
        uniques: Vec::new(),
        checks: Vec::new(),
        indexes: Vec::new(),
        seed_rows: Vec::new(),
        scale: TableScale {
            // Every row changes a few times over its life.
            rows: table.scale.rows * 5.0,
            growth_per_month: table.scale.growth_per_month * 5.0,
            declared: false,
        },
        soft_delete: false,
        hierarchy: None,
        partitioning: None,
        append_only: true,
        verbatim: Vec::new(),
        name: name.clone(),
    };
    let mut history: Vec<IndexKey> = key_columns.iter().map(|c| key(c, false)).collect();
    history.push(key("created_at", true));
    push_index(
        &mut events,
        names,
        history,
        "the history of one row, newest first, and the current state per row",
    );
    push_index(
        &mut events,
        names,
        vec![key("created_at", false)],
        "the changes in a time window",
    );
    let fields = table
        .columns
        .iter()
        .map(|c| c.name.clone())
        .filter(|c| !table.primary_key.columns.contains(c))
        .filter(|c| {
            !key_columns.contains(c)
                && !["event_type", "event_data", "last_updated"].contains(&c.as_str())
        })
        .collect();
    let view = View {
        name: format!("current_{}", table.name),
        comment: Some(format!(
            "The latest event per row of {}, with the row's fields read from event_data.",
            table.name
        )),
        definition: ViewDefinition::CurrentState {
            events_table: name,
            key_columns,
            fields,
        },
    };
    Some((events, view))
}

/// `<table>_events`.
pub fn events_name(table: &str) -> String {
    format!("{table}_events")
}

fn column(
    name: &str,
    ty: ColumnType,
    nullable: bool,
    default: Option<Expr>,
    identity: bool,
) -> Column {
    Column {
        name: name.to_string(),
        ty,
        nullable,
        default: default.map(Box::new),
        identity,
        on_update_now: false,
        comment: None,
        renamed_from: None,
        deprecated: false,
    }
}

fn key(column: &str, desc: bool) -> IndexKey {
    IndexKey {
        column: column.to_string(),
        desc,
        opclass: None,
    }
}

fn push_index(table: &mut Table, names: &mut NameLog, keys: Vec<IndexKey>, reason: &str) {
    let columns: Vec<String> = keys.iter().map(|k| k.column.clone()).collect();
    table.indexes.push(Index {
        name: names.claim(naming::index(&table.name, &columns)),
        columns: keys,
        unique: false,
        predicate: None,
        method: IndexMethod::BTree,
        origin: IndexOrigin::Trait {
            name: "audit".into(),
            reason: reason.into(),
        },
    });
}

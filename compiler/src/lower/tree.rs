//! `tree` / `tree <strategy>`: hierarchy storage, and the planner's choice of strategy
//! when none is written.
//!
//! Every strategy keeps a nullable `parent_<key>` reference (cascading deletes, with an
//! index): it is the source of truth for moves and serves `children of`. The others add
//! what makes subtree and path queries cheap:
//! - `nested_set`: `lft` and `rgt` bounds with an index on both (kept by the application);
//! - `materialized_path`: `path`, the ids of the node's ancestors (`/1/5/` for a node
//!   under 5 under 1; `/` for a root), set by an insert trigger, with a prefix index;
//! - `closure`: a `<table>_closure(ancestor, descendant, depth)` table filled by an
//!   insert trigger (see [`closure_table`]).

use crate::ir::{
    Column, ColumnType, Expr, ForeignKey, Hierarchy, Index, IndexKey, IndexMethod, IndexOrigin,
    OpClass, PrimaryKey, RefAction, Table, TableKind, TableScale, TreeStrategy, Value,
};
use crate::naming::{self, NameLog};
use crate::resolve::{Entity, Model};
use crate::units;
use schemac_lang::ast::{self, Member};

/// The length of the materialized path column: room for about 20 levels of 12-digit ids.
pub const PATH_LENGTH: u32 = 255;

/// Adds the hierarchy's columns, foreign key and indexes to `table` and records the
/// strategy in `table.hierarchy`. Does nothing for an entity without `tree`.
pub fn lower(model: &Model, entity: &Entity, table: &mut Table, names: &mut NameLog) {
    let Some(Member::Tree { strategy, .. }) = entity.tree() else {
        return;
    };
    let key = &entity.primary_key;
    let (strategy, declared, chosen_because) =
        match strategy.as_ref().and_then(|s| parse_strategy(&s.name)) {
            Some(s) => (s, true, format!("declared `tree {}`", s.as_str())),
            None if key.len() != 1 => (
                TreeStrategy::Adjacency,
                false,
                "the key has several columns; only the adjacency list stores such a tree".into(),
            ),
            None => {
                let (s, why) = choose(model, entity, table);
                (s, false, why)
            }
        };
    let parent: Vec<String> = key.iter().map(|k| format!("parent_{}", k.name)).collect();
    for (k, name) in key.iter().zip(&parent) {
        table
            .columns
            .push(column(name.clone(), k.ty.clone(), true, None));
    }
    let fk = names.claim(naming::foreign_key(&table.name, &parent));
    table.foreign_keys.push(ForeignKey {
        name: fk,
        columns: parent.clone(),
        ref_table: table.name.clone(),
        ref_columns: key.iter().map(|k| k.name.clone()).collect(),
        on_delete: RefAction::Cascade,
        on_update: RefAction::NoAction,
    });
    push_index(table, names, &parent, None, IndexOrigin::Hierarchy);
    match strategy {
        TreeStrategy::Adjacency | TreeStrategy::Closure => {}
        TreeStrategy::NestedSet => {
            for bound in ["lft", "rgt"] {
                table
                    .columns
                    .push(column(bound.into(), ColumnType::Int, false, None));
            }
            push_index(
                table,
                names,
                &["lft".into(), "rgt".into()],
                None,
                tree_origin("subtrees and paths are ranges of `lft`/`rgt`"),
            );
        }
        TreeStrategy::MaterializedPath => {
            table.columns.push(column(
                "path".into(),
                ColumnType::String {
                    length: PATH_LENGTH,
                },
                false,
                Some(Expr::Value(Value::String("/".into()))),
            ));
            push_index(
                table,
                names,
                &["path".into()],
                Some(OpClass::TextPattern),
                tree_origin("subtrees are a prefix search on `path`"),
            );
        }
    }
    table.hierarchy = Some(Hierarchy {
        strategy,
        key: key.iter().map(|k| k.name.clone()).collect(),
        parent,
        closure_table: (strategy == TreeStrategy::Closure).then(|| closure_name(&table.name)),
        declared,
        chosen_because,
    });
}

/// The closure table of a `tree closure` table: `(ancestor_<key>, descendant_<key>,
/// depth)` with the pair as primary key, an index on the descendant for paths to the
/// root, and foreign keys that cascade deletes of either node.
pub fn closure_table(table: &Table, names: &mut NameLog) -> Option<Table> {
    let hierarchy = table.hierarchy.as_ref()?;
    let name = hierarchy.closure_table.clone()?;
    let [key] = hierarchy.key.as_slice() else {
        return None;
    };
    let ty = table.column(key)?.ty.clone();
    let ancestor = format!("ancestor_{key}");
    let descendant = format!("descendant_{key}");
    let mut closure = Table {
        primary_key: PrimaryKey {
            name: names.claim(naming::primary_key(&name)),
            columns: vec![ancestor.clone(), descendant.clone()],
        },
        source: table.source.clone(),
        kind: TableKind::Entity,
        comment: Some(format!(
            "Closure table of {}: one row per ancestor and descendant (a node is its own ancestor at depth 0), filled by a trigger on insert.",
            table.name
        )),
        columns: vec![
            column(ancestor.clone(), ty.clone(), false, None),
            column(descendant.clone(), ty, false, None),
            column("depth".into(), ColumnType::Int, false, None),
        ],
        foreign_keys: Vec::new(),
        uniques: Vec::new(),
        checks: Vec::new(),
        indexes: Vec::new(),
        seed_rows: Vec::new(),
        scale: TableScale {
            // About one row per node and level: a few times the node count.
            rows: table.scale.rows * 4.0,
            growth_per_month: table.scale.growth_per_month * 4.0,
            declared: false,
        },
        soft_delete: false,
        hierarchy: None,
        partitioning: None,
        append_only: false,
        verbatim: Vec::new(),
        name: name.clone(),
    };
    for column in [&ancestor, &descendant] {
        let columns = vec![column.clone()];
        closure.foreign_keys.push(ForeignKey {
            name: names.claim(naming::foreign_key(&name, &columns)),
            columns,
            ref_table: table.name.clone(),
            ref_columns: vec![key.clone()],
            on_delete: RefAction::Cascade,
            on_update: RefAction::NoAction,
        });
    }
    push_index(
        &mut closure,
        names,
        &[descendant],
        None,
        tree_origin("ancestors of a node: `descendant = ?`"),
    );
    Some(closure)
}

/// `<table>_closure`.
pub fn closure_name(table: &str) -> String {
    format!("{table}_closure")
}

pub fn parse_strategy(name: &str) -> Option<TreeStrategy> {
    Some(match name {
        "adjacency" => TreeStrategy::Adjacency,
        "nested_set" => TreeStrategy::NestedSet,
        "materialized_path" => TreeStrategy::MaterializedPath,
        "closure" => TreeStrategy::Closure,
        _ => return None,
    })
}

/// Writes per second that count as frequent for a hierarchy: inserts and moves renumber
/// nested sets and rewrite paths and closure rows.
const FREQUENT_WRITES_PER_SEC: f64 = 10.0;

/// Subtree and path reads per write above which a tree is read-mostly.
const READ_MOSTLY_RATIO: f64 = 100.0;

/// The planner's choice for `tree` without a strategy, from the declared traversal
/// queries on the entity and its write rate (its declared growth), with the reason.
fn choose(model: &Model, entity: &Entity, table: &Table) -> (TreeStrategy, String) {
    let mut subtree_reads = 0.0;
    let mut path_reads = 0.0;
    for q in model
        .queries
        .iter()
        .filter(|q| q.from.name == entity.name())
    {
        let Some(traversal) = &q.traversal else {
            continue;
        };
        let rate = q
            .rate
            .as_ref()
            .and_then(|r| units::rate_unit_seconds(&r.per.name).map(|secs| r.count.value / secs))
            .unwrap_or(0.0);
        match traversal.kind {
            ast::TraversalKind::Descendants => subtree_reads += rate,
            ast::TraversalKind::Ancestors => path_reads += rate,
            ast::TraversalKind::Children => {}
        }
    }
    let writes = table.scale.growth_per_month / units::SECONDS_PER_MONTH;
    let deep_reads = subtree_reads + path_reads;
    if deep_reads == 0.0 {
        return (
            TreeStrategy::Adjacency,
            "no `descendants of` or `ancestors of` query: the parent index serves `children of`, and writes stay cheap".into(),
        );
    }
    if writes >= FREQUENT_WRITES_PER_SEC {
        return (
            TreeStrategy::Adjacency,
            format!("frequent writes ({writes:.1}/s): moves and inserts touch one row, subtrees use a recursive query"),
        );
    }
    if writes == 0.0 || deep_reads / writes >= READ_MOSTLY_RATIO {
        return (
            TreeStrategy::Closure,
            format!("read-mostly ({deep_reads:.1} subtree/path reads/s, {writes:.2} writes/s): a closure table answers both with one indexed join, and a trigger keeps it on insert"),
        );
    }
    (
        TreeStrategy::MaterializedPath,
        format!("mixed ({deep_reads:.1} subtree/path reads/s, {writes:.2} writes/s): a path prefix search reads subtrees cheaply and an insert writes one row"),
    )
}

fn column(name: String, ty: ColumnType, nullable: bool, default: Option<Expr>) -> Column {
    Column {
        name,
        ty,
        nullable,
        default: default.map(Box::new),
        identity: false,
        on_update_now: false,
        comment: None,
        renamed_from: None,
        deprecated: false,
    }
}

fn push_index(
    table: &mut Table,
    names: &mut NameLog,
    columns: &[String],
    opclass: Option<OpClass>,
    origin: IndexOrigin,
) {
    let name = names.claim(naming::index(&table.name, columns));
    table.indexes.push(Index {
        name,
        columns: columns
            .iter()
            .map(|c| IndexKey {
                column: c.clone(),
                desc: false,
                opclass,
            })
            .collect(),
        unique: false,
        predicate: None,
        method: IndexMethod::BTree,
        origin,
    });
}

fn tree_origin(reason: &str) -> IndexOrigin {
    IndexOrigin::Trait {
        name: "tree".into(),
        reason: reason.into(),
    }
}

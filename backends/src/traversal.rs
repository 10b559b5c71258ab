//! The SQL of hierarchy traversals (`descendants of ?`, `ancestors of ?`, `children of
//! ?`) per tree strategy. The node itself is never in the result. Rows are returned
//! from the table itself (unaliased), so a filter on the query (e.g. SoftDelete's
//! `deleted_at IS NULL`) applies with its columns qualified by the table; the node's
//! parameter comes first.
//!
//! | strategy | descendants | ancestors (root first) |
//! | --- | --- | --- |
//! | adjacency | recursive CTE down `parent_id` | recursive CTE up `parent_id` |
//! | nested_set | `lft` between the node's bounds | bounds around the node's |
//! | materialized_path | `path` starts with the node's path and id | the node's path starts with theirs |
//! | closure | closure rows with the node as ancestor | closure rows with the node as descendant |

use schemac_compiler::ir::{Hierarchy, Query, Traversal, TraversalKind, TreeStrategy};

use crate::dialect::Dialect;
use crate::expr::ExprRenderer;
use crate::naming::Namer;

/// The traversal's `SELECT` without the query's filter, order or limit.
pub struct TraversalSql {
    pub select: String,
    /// True when `select` already has a `WHERE`, so the filter joins it with `AND`.
    pub has_where: bool,
    /// The order that lists ancestors from the root, for `ancestors of`.
    pub order_by: Option<String>,
}

/// The SQL of a traversal on `table` (quoted), its node rendered by `exprs` (so that
/// it takes the first parameter).
pub fn render(
    query: &Query,
    traversal: &Traversal,
    hierarchy: &Hierarchy,
    table: &str,
    dialect: &dyn Dialect,
    exprs: &ExprRenderer,
) -> TraversalSql {
    let namer = Namer::new(dialect);
    let projection = if query.count { "count(*)" } else { "{t}.*" }.replace("{t}", table);
    let node = exprs.render(&traversal.node);
    let keys: Vec<String> = hierarchy.key.iter().map(|k| namer.ident(k)).collect();
    let parents: Vec<String> = hierarchy.parent.iter().map(|k| namer.ident(k)).collect();
    let anchor = namer.ident("anchor");
    let node_match = |alias: &str| -> String {
        // A composite key compares its first column with the node (the adjacency list
        // is the only strategy for such keys, and its node is one value per column).
        format!("{alias}.{} = {node}", keys[0])
    };
    if traversal.kind == TraversalKind::Children {
        return TraversalSql {
            select: format!(
                "SELECT {projection} FROM {table} WHERE {table}.{} = {node}",
                parents[0]
            ),
            has_where: true,
            order_by: None,
        };
    }
    let key = &keys[0];
    match (hierarchy.strategy, traversal.kind) {
        (TreeStrategy::Closure, kind) => {
            let closure = namer.ident(hierarchy.closure_table.as_deref().unwrap_or_default());
            let c = namer.ident("c");
            let ancestor = namer.ident(&format!("ancestor_{}", hierarchy.key[0]));
            let descendant = namer.ident(&format!("descendant_{}", hierarchy.key[0]));
            let depth = namer.ident("depth");
            let (joined, given) = if kind == TraversalKind::Descendants {
                (&descendant, &ancestor)
            } else {
                (&ancestor, &descendant)
            };
            TraversalSql {
                select: format!(
                    "SELECT {projection} FROM {table} JOIN {closure} {c} ON {c}.{joined} = {table}.{key} WHERE {c}.{given} = {node} AND {c}.{depth} > 0"
                ),
                has_where: true,
                order_by: (kind == TraversalKind::Ancestors).then(|| format!("{c}.{depth} DESC")),
            }
        }
        (TreeStrategy::NestedSet, kind) => {
            let (lft, rgt) = (namer.ident("lft"), namer.ident("rgt"));
            let bounds = if kind == TraversalKind::Descendants {
                format!("{table}.{lft} > {anchor}.{lft} AND {table}.{rgt} < {anchor}.{rgt}")
            } else {
                format!("{table}.{lft} < {anchor}.{lft} AND {table}.{rgt} > {anchor}.{rgt}")
            };
            TraversalSql {
                select: format!(
                    "SELECT {projection} FROM {table} JOIN {table} {anchor} ON {bounds} WHERE {}",
                    node_match(&anchor)
                ),
                has_where: true,
                order_by: (kind == TraversalKind::Ancestors).then(|| format!("{table}.{lft}")),
            }
        }
        (TreeStrategy::MaterializedPath, kind) => {
            let path = namer.ident("path");
            let slash = dialect.string_literal("/");
            let patterns = dialect.patterns();
            let condition = if kind == TraversalKind::Descendants {
                let prefix = patterns.concat(&[
                    format!("{anchor}.{path}"),
                    format!("{anchor}.{key}"),
                    slash,
                ]);
                dialect.starts_with(&format!("{table}.{path}"), &prefix)
            } else {
                let prefix =
                    patterns.concat(&[format!("{table}.{path}"), format!("{table}.{key}"), slash]);
                dialect.starts_with(&format!("{anchor}.{path}"), &prefix)
            };
            TraversalSql {
                select: format!(
                    "SELECT {projection} FROM {table} JOIN {table} {anchor} ON {condition} WHERE {}",
                    node_match(&anchor)
                ),
                has_where: true,
                order_by: (kind == TraversalKind::Ancestors)
                    .then(|| dialect.function_call("length", &[format!("{table}.{path}")])),
            }
        }
        (TreeStrategy::Adjacency, kind) => {
            let tree = namer.ident("tree");
            let level = namer.ident("level");
            let parent = &parents[0];
            let (seed, step) = if kind == TraversalKind::Descendants {
                (
                    format!("SELECT {key}, 1 FROM {table} WHERE {parent} = {node}"),
                    format!("SELECT {anchor}.{key}, {tree}.{level} + 1 FROM {table} {anchor} JOIN {tree} ON {anchor}.{parent} = {tree}.{key}"),
                )
            } else {
                (
                    format!("SELECT {parent}, 1 FROM {table} WHERE {key} = {node}"),
                    format!("SELECT {anchor}.{parent}, {tree}.{level} + 1 FROM {table} {anchor} JOIN {tree} ON {anchor}.{key} = {tree}.{key}"),
                )
            };
            TraversalSql {
                select: format!(
                    "WITH RECURSIVE {tree} ({key}, {level}) AS ({seed} UNION ALL {step}) SELECT {projection} FROM {table} JOIN {tree} ON {tree}.{key} = {table}.{key}"
                ),
                has_where: false,
                order_by: (kind == TraversalKind::Ancestors).then(|| format!("{tree}.{level} DESC")),
            }
        }
    }
}

//! The triggers the traits need, assembled from the dialect's [`PatternSql`]
//! renderings:
//! - append-only tables (`audit` events) reject UPDATE and DELETE;
//! - `tree closure` tables get their closure rows on insert: the new node is its own
//!   ancestor at depth 0, and every ancestor of its parent is one level further;
//! - `tree materialized_path` tables get the path of a new node from its parent.
//!
//! [`PatternSql`]: crate::patterns::PatternSql

use schemac_compiler::ir::{Table, TreeStrategy};

use crate::dialect::Dialect;
use crate::naming::Namer;

/// The triggers of one table: the statements that create them and the names the
/// engine reports for the table.
pub struct TableTriggers {
    pub statements: Vec<String>,
    pub names: Vec<String>,
}

/// The pattern triggers of every table in `tables` (in creation order).
pub fn pattern_triggers(tables: &[&Table], dialect: &dyn Dialect) -> Vec<TableTriggers> {
    let mut setup = true;
    tables
        .iter()
        .filter_map(|t| {
            let triggers = table_triggers(t, dialect, setup);
            if t.append_only {
                setup = false;
            }
            triggers
        })
        .collect()
}

/// The pattern triggers of `table`; `setup` asks for the shared objects too.
pub fn table_triggers(table: &Table, dialect: &dyn Dialect, setup: bool) -> Option<TableTriggers> {
    if !table.append_only && table.hierarchy.is_none() {
        return None;
    }
    let namer = Namer::new(dialect);
    let quoted = namer.ident(&table.name);
    let name = namer.name(&table.name);
    let patterns = dialect.patterns();
    let mut out = TableTriggers {
        statements: Vec::new(),
        names: Vec::new(),
    };
    if table.append_only {
        let (statements, names) = patterns.append_only_triggers(&quoted, &name, setup);
        out.statements.extend(statements);
        out.names.extend(names);
    }
    if let Some(h) = &table.hierarchy {
        if let ([key], [parent]) = (h.key.as_slice(), h.parent.as_slice()) {
            let key = namer.ident(key);
            let parent = namer.ident(parent);
            match (h.strategy, &h.closure_table) {
                (TreeStrategy::Closure, Some(closure)) => {
                    let trigger = namer.derived(&[&table.name, "closure_insert"]);
                    let closure = namer.ident(closure);
                    let ancestor = namer.ident(&format!("ancestor_{}", h.key[0]));
                    let descendant = namer.ident(&format!("descendant_{}", h.key[0]));
                    let depth = namer.ident("depth");
                    let statement = format!(
                        "INSERT INTO {closure} ({ancestor}, {descendant}, {depth})\n  SELECT {ancestor}, NEW.{key}, {depth} + 1 FROM {closure} WHERE {descendant} = NEW.{parent}\n  UNION ALL SELECT NEW.{key}, NEW.{key}, 0"
                    );
                    out.statements
                        .extend(patterns.after_insert_trigger(&trigger, &quoted, &statement));
                    out.names.push(trigger);
                }
                (TreeStrategy::MaterializedPath, _) => {
                    let trigger = namer.derived(&[&table.name, "path_insert"]);
                    let path = namer.ident("path");
                    let parent_path = patterns.concat(&[
                        format!("p.{path}"),
                        format!("p.{key}"),
                        dialect.string_literal("/"),
                    ]);
                    let value = format!(
                        "COALESCE((SELECT {parent_path} FROM {quoted} p WHERE p.{key} = NEW.{parent}), {})",
                        dialect.string_literal("/")
                    );
                    out.statements.extend(
                        patterns.set_on_insert_trigger(&trigger, &quoted, &path, &value, &key),
                    );
                    out.names.push(trigger);
                }
                _ => {}
            }
        }
    }
    (!out.names.is_empty()).then_some(out)
}

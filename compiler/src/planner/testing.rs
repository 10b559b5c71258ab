//! Test support for the planner's rule tests: compiles one `.schema` source (with the
//! stdlib) and lists a table's planned indexes as `name (keys) where predicate
//! [queries]` lines (`[fk]` for a foreign key's index).

use crate::ir::{IndexOrigin, Schema};
use crate::{FileOrigin, Project, ProjectFile, Settings};
use schemac_lang::{Diagnostics, FileId};

/// The planned schema of `source`; panics on errors.
pub fn compile(source: &str) -> Schema {
    let mut diags = Diagnostics::new();
    let stdlib = schemac_stdlib::MODULES.iter().map(|(module, text)| {
        (
            *text,
            FileOrigin::Stdlib {
                module: module.to_string(),
            },
        )
    });
    let files = std::iter::once((source, FileOrigin::User))
        .chain(stdlib)
        .enumerate()
        .map(|(i, (text, origin))| {
            let id = FileId(i as u32);
            ProjectFile {
                id,
                name: format!("file{i}.schema"),
                ast: schemac_lang::parse(id, text, &mut diags),
                origin,
                uses: Vec::new(),
            }
        })
        .collect();
    let project = Project {
        files,
        settings: Settings::default(),
    };
    let schema = crate::compile(&project, &mut diags);
    assert!(!diags.has_errors(), "the test schema compiles");
    schema.expect("the test schema compiles")
}

/// The planned and foreign key indexes of `table`.
pub fn planned(schema: &Schema, table: &str) -> Vec<String> {
    let table = schema.table(table).expect("the table exists");
    table
        .indexes
        .iter()
        .filter_map(|index| {
            let origin = match &index.origin {
                IndexOrigin::Planned { queries, .. } => queries.join(","),
                IndexOrigin::ForeignKey => "fk".to_string(),
                _ => return None,
            };
            let keys: Vec<String> = index.columns.iter().map(crate::explain::key_text).collect();
            let predicate = index
                .predicate
                .as_ref()
                .map(|p| format!(" where {}", crate::explain::text::expr(p)))
                .unwrap_or_default();
            Some(format!(
                "{} ({}){predicate} [{origin}]",
                index.name,
                keys.join(", ")
            ))
        })
        .collect()
}

/// The `why` lines `explain` gives for the planned index `name` of `table`.
pub fn reasons(schema: &Schema, table: &str, name: &str) -> Vec<String> {
    let table = schema.table(table).expect("the table exists");
    match table
        .indexes
        .iter()
        .find(|i| i.name == name)
        .map(|i| &i.origin)
    {
        Some(IndexOrigin::Planned { reasons, .. }) => reasons.clone(),
        _ => panic!("no planned index {name}"),
    }
}

//! The views the traits derive, rendered per dialect from their structured
//! definition: `current_<table>` of an `audit` entity is the latest event per row, by
//! `DISTINCT ON` where the engine has it and by a `ROW_NUMBER()` window otherwise.

use schemac_compiler::ir::{View, ViewDefinition};

use crate::dialect::Dialect;
use crate::naming::Namer;

/// The `CREATE VIEW` statement of `view`.
pub fn create_view(view: &View, dialect: &dyn Dialect) -> String {
    let namer = Namer::new(dialect);
    let name = namer.ident(&view.name);
    match &view.definition {
        ViewDefinition::CurrentState {
            events_table,
            key_columns,
            fields,
        } => {
            let events = namer.ident(events_table);
            let keys: Vec<String> = key_columns.iter().map(|k| namer.ident(k)).collect();
            let data = namer.ident("event_data");
            let mut columns: Vec<String> = keys.clone();
            columns.push(namer.ident("event_type"));
            columns.push(data.clone());
            columns.push(format!(
                "{} AS {}",
                namer.ident("created_at"),
                namer.ident("last_updated")
            ));
            for field in fields {
                columns.push(format!(
                    "{} AS {}",
                    dialect.patterns().json_text(&data, field),
                    namer.ident(field)
                ));
            }
            let newest = format!(
                "{} DESC, {} DESC",
                namer.ident("created_at"),
                namer.ident("id")
            );
            if dialect.patterns().supports_distinct_on() {
                format!(
                    "CREATE VIEW {name} AS\nSELECT DISTINCT ON ({keys}) {columns}\nFROM {events}\nORDER BY {keys}, {newest};",
                    keys = keys.join(", "),
                    columns = columns.join(", "),
                )
            } else {
                let mut outer: Vec<String> = keys.clone();
                outer.extend(
                    ["event_type", "event_data", "last_updated"]
                        .iter()
                        .chain(fields.iter().map(String::as_str).collect::<Vec<_>>().iter())
                        .map(|c| namer.ident(c)),
                );
                let rank = namer.ident("schemac_rank");
                format!(
                    "CREATE VIEW {name} AS\nSELECT {outer}\nFROM (\n  SELECT {columns},\n    ROW_NUMBER() OVER (PARTITION BY {keys} ORDER BY {newest}) AS {rank}\n  FROM {events}\n) latest\nWHERE {rank} = 1;",
                    outer = outer.join(", "),
                    columns = columns.join(", "),
                    keys = keys.join(", "),
                )
            }
        }
    }
}

/// The names the engine stores for the schema's views.
pub fn view_names(views: &[View], dialect: &dyn Dialect) -> Vec<String> {
    let namer = Namer::new(dialect);
    views.iter().map(|v| namer.name(&v.name)).collect()
}

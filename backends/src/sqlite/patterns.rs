//! SQLite's side of the patterns: `ROW_NUMBER()` (3.25+), `json_extract`, no
//! partitions (a plain table), and triggers with `RAISE(ABORT, ..)`. A BEFORE trigger
//! cannot change the new row, so values computed on insert are written by an update
//! just after it.

use crate::dialect::Dialect;
use crate::naming::Namer;
use crate::patterns::{PartitionSpec, PartitionSupport, PatternSql};

use super::Sqlite;

impl PatternSql for Sqlite {
    fn supports_distinct_on(&self) -> bool {
        false
    }

    fn partition_support(&self) -> PartitionSupport {
        PartitionSupport::Unsupported
    }

    fn json_text(&self, column: &str, key: &str) -> String {
        format!(
            "json_extract({column}, {})",
            self.string_literal(&format!("$.{key}"))
        )
    }

    fn partition_clause(&self, _spec: &PartitionSpec) -> Option<String> {
        None
    }

    fn partition_maintenance(&self, _spec: &PartitionSpec) -> Vec<String> {
        Vec::new()
    }

    fn append_only_triggers(
        &self,
        table: &str,
        name: &str,
        _setup: bool,
    ) -> (Vec<String>, Vec<String>) {
        crate::patterns::reject_change_triggers(self, table, name, |message| {
            format!("BEGIN\n  SELECT RAISE(ABORT, {message});\nEND;")
        })
    }

    fn after_insert_trigger(&self, name: &str, table: &str, statement: &str) -> Vec<String> {
        let name = Namer::new(self).quote_if_needed(name.to_string());
        vec![format!(
            "CREATE TRIGGER {name} AFTER INSERT ON {table}\nBEGIN\n  {statement};\nEND;"
        )]
    }

    fn set_on_insert_trigger(
        &self,
        name: &str,
        table: &str,
        column: &str,
        value: &str,
        key: &str,
    ) -> Vec<String> {
        let name = Namer::new(self).quote_if_needed(name.to_string());
        vec![format!(
            "CREATE TRIGGER {name} AFTER INSERT ON {table}\nBEGIN\n  UPDATE {table} SET {column} = {value} WHERE {key} = NEW.{key};\nEND;"
        )]
    }
}

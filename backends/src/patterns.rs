//! The schema-design patterns the traits ask for (`audit`, `tree`, `timeseries`), as
//! the per-dialect questions and renderings in [`PatternSql`] and the shared assembly
//! in [`crate::views`], [`crate::triggers`], [`crate::partitions`] and
//! [`crate::traversal`]. Each dialect implements [`PatternSql`] in its own
//! `patterns.rs`; shared code only asks.

use schemac_compiler::ir::{PartitionInterval, Schema, Table};

use crate::dialect::{CommentPlacement, Dialect};
use crate::naming::Namer;

/// How an engine partitions a table by a time range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartitionSupport {
    /// `PARTITION BY RANGE (col)` with partitions as tables of their own (PostgreSQL):
    /// foreign keys are kept.
    Declarative,
    /// `PARTITION BY RANGE (TO_DAYS(col))` inside the table (MySQL, MariaDB): no foreign
    /// keys on the partitioned table.
    InTable,
    /// No partitioning (SQLite): a plain table.
    Unsupported,
}

/// A partitioned table as the dialect renders its clause and maintenance: everything
/// already named and quoted.
pub struct PartitionSpec<'a> {
    /// The table, quoted.
    pub table: &'a str,
    /// The table's stored (unquoted) name, for catalog lookups and partition names.
    pub table_name: &'a str,
    /// The partition column, quoted.
    pub column: &'a str,
    pub interval: PartitionInterval,
    pub retain: Option<u32>,
    pub premake: u32,
    /// The maintenance routine, quoted.
    pub routine: &'a str,
}

/// The per-dialect pieces of the patterns.
pub trait PatternSql {
    /// `SELECT DISTINCT ON (..)` (PostgreSQL); the others use `ROW_NUMBER()`.
    fn supports_distinct_on(&self) -> bool;

    /// How the engine partitions by range.
    fn partition_support(&self) -> PartitionSupport;

    /// True when the engine partitions tables declaratively (PostgreSQL).
    fn supports_declarative_partitioning(&self) -> bool {
        self.partition_support() == PartitionSupport::Declarative
    }

    /// The text of the JSON member `key` of `column` (both rendered), or SQL NULL.
    fn json_text(&self, column: &str, key: &str) -> String;

    /// String concatenation of rendered operands (numbers are converted to text).
    fn concat(&self, parts: &[String]) -> String {
        parts.join(" || ")
    }

    /// The clause after `CREATE TABLE (...)` and its options that partitions the table.
    fn partition_clause(&self, spec: &PartitionSpec) -> Option<String>;

    /// The statements after the tables that create the maintenance routine and call it
    /// once, so that the partitions of the retention window exist when the DDL has run.
    fn partition_maintenance(&self, spec: &PartitionSpec) -> Vec<String>;

    /// The statements that make `table` (quoted; `name` is its stored name) reject
    /// UPDATE and DELETE, and the names of the triggers they create. `setup` is true
    /// for the first append-only table of the schema (shared objects go there).
    fn append_only_triggers(
        &self,
        table: &str,
        name: &str,
        setup: bool,
    ) -> (Vec<String>, Vec<String>);

    /// A row trigger named `name` (unquoted) that runs `statement` (which refers to the
    /// new row as `NEW`) after each insert into `table`.
    fn after_insert_trigger(&self, name: &str, table: &str, statement: &str) -> Vec<String>;

    /// A row trigger named `name` that sets `column` (quoted) of each inserted row to
    /// `value` (an expression over `NEW`), before the insert where the engine allows it
    /// and by an update just after it otherwise; `key` (quoted) identifies the row.
    fn set_on_insert_trigger(
        &self,
        name: &str,
        table: &str,
        column: &str,
        value: &str,
        key: &str,
    ) -> Vec<String>;
}

/// The DDL sections of the patterns, after everything else: partition maintenance
/// (which creates the first partitions), the views, then the triggers. `ordered` is the
/// schema's tables in creation order.
pub(crate) fn ddl_sections(
    schema: &Schema,
    ordered: &[&Table],
    dialect: &dyn Dialect,
) -> Vec<String> {
    let mut sections = Vec::new();
    let maintenance = crate::partitions::maintenance(ordered, dialect);
    if !maintenance.is_empty() {
        sections.push(maintenance.join("\n\n"));
    }
    if !schema.views.is_empty() {
        let namer = Namer::new(dialect);
        let mut views: Vec<String> = schema
            .views
            .iter()
            .map(|v| crate::views::create_view(v, dialect))
            .collect();
        if dialect.comment_placement() == CommentPlacement::Statements {
            views.extend(schema.views.iter().filter_map(|v| {
                let comment = v.comment.as_deref()?;
                Some(format!(
                    "COMMENT ON VIEW {} IS {};",
                    namer.ident(&v.name),
                    dialect.string_literal(comment)
                ))
            }));
        }
        sections.push(views.join("\n\n"));
    }
    let triggers: Vec<String> = crate::triggers::pattern_triggers(ordered, dialect)
        .into_iter()
        .flat_map(|t| t.statements)
        .collect();
    if !triggers.is_empty() {
        sections.push(triggers.join("\n\n"));
    }
    sections
}

/// The two triggers that make an events table append-only on dialects whose triggers
/// reject a change in their own body: one BEFORE UPDATE and one BEFORE DELETE on
/// `table` (quoted; `name` is its stored name). `raise(message)` is the dialect's
/// trigger body that aborts with the quoted message. Returns the statements and the
/// trigger names.
pub fn reject_change_triggers(
    dialect: &dyn Dialect,
    table: &str,
    name: &str,
    raise: impl Fn(&str) -> String,
) -> (Vec<String>, Vec<String>) {
    let namer = Namer::new(dialect);
    let message = dialect.string_literal(&format!(
        "{name} is append-only: UPDATE and DELETE are not allowed"
    ));
    let body = raise(&message);
    let mut statements = Vec::new();
    let mut names = Vec::new();
    for (event, suffix) in [("UPDATE", "no_update"), ("DELETE", "no_delete")] {
        let trigger = namer.derived(&[name, suffix]);
        statements.push(format!(
            "CREATE TRIGGER {} BEFORE {event} ON {table}\n{body}",
            namer.quote_if_needed(trigger.clone())
        ));
        names.push(trigger);
    }
    (statements, names)
}

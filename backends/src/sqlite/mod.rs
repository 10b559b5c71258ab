//! SQLite 3.35+: dynamic types narrowed by CHECK constraints, `INTEGER PRIMARY KEY`
//! rowid identities, inline foreign keys only (checked lazily, so cycles are fine),
//! partial and descending indexes, no comments, and an AFTER UPDATE trigger per table
//! for `@on_update`.

pub mod introspect;
mod patterns;
mod reserved;
mod types;

use std::borrow::Cow;

use schemac_compiler::diff::ChangeKind;
use schemac_compiler::ir::{ColumnType, Expr, Value};

use crate::dialect::{
    CommentPlacement, DefaultForm, Dialect, OnUpdateSupport, ReservedSet, SyncTemplates, TypeCheck,
};

/// The SQLite dialect.
pub struct Sqlite;

impl Dialect for Sqlite {
    fn patterns(&self) -> &dyn crate::patterns::PatternSql {
        self
    }

    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn max_identifier_len(&self) -> Option<usize> {
        None
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::RESERVED
    }

    fn is_reserved(&self, word: &str) -> bool {
        static SET: ReservedSet = ReservedSet::new(reserved::RESERVED);
        SET.contains(word)
    }

    fn quote_ident(&self, name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    fn column_type(&self, ty: &ColumnType) -> Cow<'static, str> {
        types::column_type(ty)
    }

    fn reported_type(&self, ty: &ColumnType) -> String {
        types::column_type(ty).into_owned()
    }

    fn normalize_reported_type(&self, raw: &str) -> String {
        raw.trim().to_ascii_uppercase()
    }

    fn type_check(&self, column: &str, ty: &ColumnType) -> Option<TypeCheck> {
        types::type_check(self, column, ty)
    }

    fn identity_clause(&self) -> Option<&'static str> {
        // `INTEGER` plus the single-column primary key makes the column the rowid.
        None
    }

    fn supports_partial_indexes(&self) -> bool {
        true
    }

    fn prefix_search_uses_btree(&self) -> bool {
        false
    }

    fn supports_descending_indexes(&self) -> bool {
        true
    }

    fn supports_native_enums(&self) -> bool {
        false
    }

    fn native_enum_is_named_type(&self) -> bool {
        false
    }

    fn comment_placement(&self) -> CommentPlacement {
        CommentPlacement::Unsupported
    }

    fn supports_alter_add_foreign_key(&self) -> bool {
        false
    }

    fn supports_check_constraints(&self) -> bool {
        true
    }

    fn supports_transactional_ddl(&self) -> bool {
        true
    }

    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }

    fn json_literal(&self, json: &str, _ty: Option<&ColumnType>) -> String {
        self.string_literal(json)
    }

    fn now(&self) -> &'static str {
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    }

    fn default_value(&self, sql: String, form: DefaultForm, _ty: &ColumnType) -> String {
        match form {
            DefaultForm::Literal => sql,
            DefaultForm::Now | DefaultForm::Expression => format!("({sql})"),
        }
    }

    fn on_update(&self) -> OnUpdateSupport {
        OnUpdateSupport::RowTrigger {
            setup: None,
            trigger: "sqlite_on_update_trigger.sql.j2",
        }
    }

    fn contains(&self, lhs: &str, rhs: &str) -> String {
        format!("EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = {rhs})")
    }

    /// An element as the SQL value `json_each` gives for it (`'x'`, `5`, `1` for true);
    /// a document of several elements when none of them is missing.
    fn contains_value(&self, document: &str, value: &Value, _: &ColumnType) -> String {
        match value {
            Value::String(text) => self.contains(document, &self.string_literal(text)),
            Value::Number(number) => self.contains(document, number),
            Value::Bool(flag) => self.contains(document, self.bool_literal(*flag)),
            Value::Null => format!(
                "EXISTS (SELECT 1 FROM json_each({document}) WHERE json_each.type = 'null')"
            ),
            Value::Json(json) => format!(
                "NOT EXISTS (SELECT 1 FROM json_each({}) AS wanted WHERE NOT EXISTS \
                 (SELECT 1 FROM json_each({document}) AS held WHERE held.value = wanted.value))",
                self.string_literal(json)
            ),
        }
    }

    fn catalog_keeps_constraint_names(&self) -> bool {
        false
    }

    fn implicit_identity(&self, ty: &ColumnType) -> bool {
        types::column_type(ty) == "INTEGER"
    }

    fn creates_foreign_key_indexes(&self) -> bool {
        false
    }

    fn unique_constraints_are_indexes(&self) -> bool {
        false
    }

    fn needs_table_rebuild_for(&self, change: &ChangeKind) -> bool {
        match change {
            // `ADD COLUMN` takes no CHECK of ours, no expression default, and NOT NULL
            // only with a non-NULL literal default.
            ChangeKind::AddColumn { column, .. } => {
                let literal =
                    matches!(column.default.as_deref(), Some(Expr::Value(v)) if *v != Value::Null);
                types::type_check(self, "x", &column.ty).is_some()
                    || column.identity
                    || match &column.default {
                        None => !column.nullable,
                        Some(_) => !literal,
                    }
            }
            ChangeKind::DropColumn { .. }
            | ChangeKind::AlterType { .. }
            | ChangeKind::SetNotNull { .. }
            | ChangeKind::DropNotNull { .. }
            | ChangeKind::SetDefault { .. }
            | ChangeKind::ChangePrimaryKey { .. }
            | ChangeKind::AddForeignKey { .. }
            | ChangeKind::DropForeignKey { .. }
            | ChangeKind::AddUnique { .. }
            | ChangeKind::DropUnique { .. }
            | ChangeKind::AddCheck { .. }
            | ChangeKind::DropCheck { .. } => true,
            _ => false,
        }
    }

    fn sync_templates(&self) -> SyncTemplates {
        SyncTemplates {
            trigger: "sqlite_sync_trigger.sql.j2",
            backfill: "sqlite_backfill.sql.j2",
        }
    }

    fn drop_sync_trigger(&self, name: &str, _table: &str) -> Vec<String> {
        crate::mysql::sync_trigger_pair(self, name)
    }
}

//! MySQL 8 and MariaDB 10.11: inline `ENUM(...)`, inline comments, `ON UPDATE
//! CURRENT_TIMESTAMP(6)`, InnoDB foreign keys (no `SET DEFAULT`, implicit indexes), no
//! partial indexes, no GIN (MySQL 8 indexes arrays with multi-valued keys instead) and
//! no transactional DDL. The differences between the two engines are answered by
//! [`MysqlFlavor`].

pub mod introspect;
mod patterns;
mod reserved;
mod types;

use std::borrow::Cow;

use schemac_compiler::ir::{ColumnType, RefAction, Value};

use crate::dialect::{
    CommentPlacement, ConstraintKind, DefaultForm, Dialect, OnUpdateSupport, OnlineOp, ReservedSet,
    SyncTemplates, TypeCheck,
};

/// Which engine of the MySQL family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MysqlFlavor {
    /// MySQL 8.0.16+: a native `JSON` type; literal defaults on TEXT/BLOB/JSON columns
    /// need the expression form `DEFAULT ('...')`.
    Mysql8,
    /// MariaDB 10.11: `JSON` is `LONGTEXT` plus a `json_valid` CHECK; literal defaults
    /// are accepted on every type.
    Mariadb,
}

impl MysqlFlavor {
    /// True when the engine has a native JSON type.
    pub fn has_native_json(self) -> bool {
        self == MysqlFlavor::Mysql8
    }

    /// True when the engine indexes the elements of a JSON array (`CAST(.. AS ..
    /// ARRAY)` key parts, MySQL 8.0.17+).
    pub fn has_multi_valued_indexes(self) -> bool {
        self == MysqlFlavor::Mysql8
    }

    /// True when literal defaults on TEXT, BLOB and JSON columns must be parenthesized.
    pub fn blob_defaults_need_parens(self) -> bool {
        self == MysqlFlavor::Mysql8
    }
}

/// The MySQL-family dialect.
pub struct Mysql {
    pub flavor: MysqlFlavor,
}

impl Dialect for Mysql {
    fn patterns(&self) -> &dyn crate::patterns::PatternSql {
        self
    }

    fn name(&self) -> &'static str {
        match self.flavor {
            MysqlFlavor::Mysql8 => "mysql",
            MysqlFlavor::Mariadb => "mariadb",
        }
    }

    fn max_identifier_len(&self) -> Option<usize> {
        Some(64)
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::RESERVED
    }

    fn is_reserved(&self, word: &str) -> bool {
        static SET: ReservedSet = ReservedSet::new(reserved::RESERVED);
        SET.contains(word)
    }

    fn quote_ident(&self, name: &str) -> String {
        format!("`{}`", name.replace('`', "``"))
    }

    fn column_type(&self, ty: &ColumnType) -> Cow<'static, str> {
        types::column_type(self.flavor, self, ty)
    }

    fn reported_type(&self, ty: &ColumnType) -> String {
        types::reported_type(self.flavor, self, ty)
    }

    fn normalize_reported_type(&self, raw: &str) -> String {
        types::normalize_reported_type(raw)
    }

    fn type_check(&self, column: &str, ty: &ColumnType) -> Option<TypeCheck> {
        types::type_check(self.flavor, column, ty)
    }

    fn identity_clause(&self) -> Option<&'static str> {
        Some("AUTO_INCREMENT")
    }

    fn supports_partial_indexes(&self) -> bool {
        false
    }

    fn supports_multi_valued_indexes(&self) -> bool {
        // MySQL 8.0.17+ only: MariaDB has no multi-valued index.
        self.flavor.has_multi_valued_indexes()
    }

    fn multi_valued_key(&self, column: &str, ty: &ColumnType) -> Option<String> {
        if !self.supports_multi_valued_indexes() {
            return None;
        }
        let ColumnType::Array(element) = ty else {
            return None;
        };
        let target = types::array_cast_target(element)?;
        Some(format!(
            "CAST({} AS {target} ARRAY)",
            self.contained_document(column)
        ))
    }

    fn multi_valued_statement(&self, statement: &str) -> String {
        // `migrations/mysql` serves MariaDB too, which cannot parse a `CAST(.. ARRAY)`
        // key part: the statement is a string that only a server other than MariaDB
        // prepares and runs (not a stored procedure: MySQL rejects `CAST(.. ARRAY)` in
        // routines). `DO 0` does nothing.
        let statement = statement.trim_end().trim_end_matches(';');
        format!(
            "-- MySQL 8 only: MariaDB has no multi-valued index.\nSET @schemac_sql = IF(VERSION() LIKE '%MariaDB%', 'DO 0', {});\n{}",
            self.string_literal(statement),
            patterns::RUN_SCHEMAC_SQL
        )
    }

    fn contained_document(&self, column: &str) -> String {
        // `col->'$'` is the form of MySQL's own tests of `JSON_CONTAINS` on an index
        // (`mysql-test/suite/json/r/array_index.result`); MariaDB has no `->`.
        if self.flavor.has_multi_valued_indexes() {
            format!("{column}->'$'")
        } else {
            column.to_string()
        }
    }

    fn online_index_build(&self) -> Option<&'static str> {
        Some("`ALTER TABLE ... ADD INDEX ..., ALGORITHM=INPLACE, LOCK=NONE`")
    }

    fn supports_descending_indexes(&self) -> bool {
        // MySQL 8.0 and MariaDB 10.8+ store descending keys.
        true
    }

    fn supports_native_enums(&self) -> bool {
        true
    }

    fn native_enum_is_named_type(&self) -> bool {
        false
    }

    fn comment_placement(&self) -> CommentPlacement {
        CommentPlacement::Inline
    }

    fn supports_alter_add_foreign_key(&self) -> bool {
        true
    }

    fn supports_check_constraints(&self) -> bool {
        true
    }

    fn supports_transactional_ddl(&self) -> bool {
        false
    }

    fn ref_action(&self, action: RefAction) -> &'static str {
        // InnoDB rejects SET DEFAULT; RESTRICT is the closest safe behaviour (it refuses
        // the change instead of leaving a dangling reference).
        match action {
            RefAction::NoAction => "NO ACTION",
            RefAction::Restrict | RefAction::SetDefault => "RESTRICT",
            RefAction::Cascade => "CASCADE",
            RefAction::SetNull => "SET NULL",
        }
    }

    fn string_literal(&self, value: &str) -> String {
        format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
    }

    fn json_literal(&self, json: &str, _ty: Option<&ColumnType>) -> String {
        self.string_literal(json)
    }

    fn now(&self) -> &'static str {
        "CURRENT_TIMESTAMP(6)"
    }

    fn default_value(&self, sql: String, form: DefaultForm, ty: &ColumnType) -> String {
        match form {
            DefaultForm::Literal
                if self.flavor.blob_defaults_need_parens() && types::is_blob_like(ty) =>
            {
                format!("({sql})")
            }
            DefaultForm::Literal | DefaultForm::Now => sql,
            DefaultForm::Expression => format!("({sql})"),
        }
    }

    fn on_update(&self) -> OnUpdateSupport {
        OnUpdateSupport::ColumnClause("ON UPDATE CURRENT_TIMESTAMP(6)")
    }

    fn function_call(&self, func: &str, args: &[String]) -> String {
        let name = match func.to_ascii_lowercase().as_str() {
            // LENGTH counts bytes on MySQL; the `.schema` function counts characters.
            "length" => "CHAR_LENGTH".to_string(),
            other => other.to_string(),
        };
        format!("{name}({})", args.join(", "))
    }

    fn starts_with(&self, lhs: &str, rhs: &str) -> String {
        format!("{lhs} LIKE CONCAT({rhs}, '%')")
    }

    fn contains(&self, lhs: &str, rhs: &str) -> String {
        format!("JSON_CONTAINS({lhs}, {rhs})")
    }

    /// Arrays are JSON arrays here: both kinds of document take the value as JSON text
    /// (`JSON_CONTAINS(tags, '"x"')`).
    fn contains_value(&self, document: &str, value: &Value, _: &ColumnType) -> String {
        self.contains(document, &self.string_literal(&value.to_json()))
    }

    fn creates_foreign_key_indexes(&self) -> bool {
        true
    }

    fn unique_constraints_are_indexes(&self) -> bool {
        true
    }

    fn online_ddl_clause(&self, op: OnlineOp) -> Option<&'static str> {
        // MySQL 8.0.12+ and MariaDB 10.3+ add a column at the end of the row instantly;
        // both build and drop secondary indexes in place while writes go on.
        match op {
            OnlineOp::AddColumn => Some("ALGORITHM=INSTANT"),
            OnlineOp::CreateIndex => Some("ALGORITHM=INPLACE LOCK=NONE"),
            // The manual lists no online build for multi-valued indexes: MySQL copies
            // the table, and an `INPLACE` clause could only make the statement fail.
            OnlineOp::CreateMultiValuedIndex => None,
            // Dropping a secondary index only changes metadata in InnoDB; MariaDB takes
            // no algorithm clause on `DROP INDEX`.
            OnlineOp::DropIndex => None,
        }
    }

    fn alters_column_by_redefinition(&self) -> bool {
        true
    }

    fn drop_constraint(&self, kind: ConstraintKind, name: &str) -> String {
        match kind {
            ConstraintKind::PrimaryKey => "DROP PRIMARY KEY".to_string(),
            ConstraintKind::ForeignKey => format!("DROP FOREIGN KEY {name}"),
            ConstraintKind::Unique => format!("DROP INDEX {name}"),
            ConstraintKind::Check => format!("DROP CONSTRAINT {name}"),
        }
    }

    fn drop_index(&self, name: &str, table: &str) -> String {
        format!("DROP INDEX {name} ON {table}")
    }

    fn sync_templates(&self) -> SyncTemplates {
        SyncTemplates {
            trigger: "mysql_sync_trigger.sql.j2",
            backfill: "mysql_backfill.sql.j2",
        }
    }

    fn drop_sync_trigger(&self, name: &str, _table: &str) -> Vec<String> {
        sync_trigger_pair(self, name)
    }

    fn table_options(&self, comment: Option<&str>) -> String {
        let mut options = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4".to_string();
        if let Some(comment) = comment {
            options.push_str(" COMMENT=");
            options.push_str(&self.string_literal(comment));
        }
        options
    }
}

/// The two triggers (insert, update) of an expand on MySQL and SQLite, `<name>_ins`
/// and `<name>_upd` (`name` unquoted), dropped one by one.
pub(crate) fn sync_trigger_pair(dialect: &dyn Dialect, name: &str) -> Vec<String> {
    let namer = crate::naming::Namer::new(dialect);
    ["ins", "upd"]
        .iter()
        .map(|suffix| {
            format!(
                "DROP TRIGGER IF EXISTS {}",
                namer.quote_if_needed(format!("{name}_{suffix}"))
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use schemac_compiler::checks::containment_without_index::mysql8_multi_valued;
    use schemac_compiler::ir::{ColumnType, NativeEnum};

    use super::{Mysql, MysqlFlavor};
    use crate::dialect::Dialect;

    const MYSQL8: Mysql = Mysql {
        flavor: MysqlFlavor::Mysql8,
    };
    const MARIADB: Mysql = Mysql {
        flavor: MysqlFlavor::Mariadb,
    };

    fn array(element: ColumnType) -> ColumnType {
        ColumnType::Array(Box::new(element))
    }

    fn enumeration(values: &[&str]) -> ColumnType {
        ColumnType::Enum(Box::new(NativeEnum {
            name: "e".to_string(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }))
    }

    /// Every element type, with the key MySQL 8 gets for an array of it.
    fn element_keys() -> Vec<(ColumnType, Option<&'static str>)> {
        vec![
            (ColumnType::String { length: 40 }, Some("CHAR(40)")),
            (ColumnType::String { length: 512 }, Some("CHAR(512)")),
            (ColumnType::String { length: 513 }, None),
            (ColumnType::String { length: 0 }, None),
            (ColumnType::Text, None),
            (ColumnType::Uuid, Some("CHAR(36)")),
            (enumeration(&["low", "medium", "héhé"]), Some("CHAR(6)")),
            (enumeration(&[]), None),
            (ColumnType::SmallInt, Some("SIGNED")),
            (ColumnType::Int, Some("SIGNED")),
            (ColumnType::BigInt, Some("SIGNED")),
            (
                ColumnType::Decimal {
                    precision: 10,
                    scale: 2,
                },
                Some("DECIMAL(10,2)"),
            ),
            (
                ColumnType::Decimal {
                    precision: 66,
                    scale: 2,
                },
                None,
            ),
            (
                ColumnType::Decimal {
                    precision: 40,
                    scale: 31,
                },
                None,
            ),
            (ColumnType::Date, Some("DATE")),
            (ColumnType::Time, None),
            (ColumnType::Timestamp, None),
            (ColumnType::Timestamptz, None),
            (ColumnType::Bool, None),
            (ColumnType::Float, None),
            (ColumnType::Double, None),
            (ColumnType::Bytes, None),
            (ColumnType::Json, None),
            (array(ColumnType::Int), None),
        ]
    }

    #[test]
    fn mysql8_keys_arrays_whose_elements_cast_without_rejecting_valid_values() {
        for (element, target) in element_keys() {
            let key = MYSQL8.multi_valued_key("`tags`", &array(element.clone()));
            let expected = target.map(|t| format!("CAST(`tags`->'$' AS {t} ARRAY)"));
            assert_eq!(key, expected, "{element:?}");
        }
        // A json document holds objects, booleans and nulls: no key type accepts them.
        assert_eq!(MYSQL8.multi_valued_key("tags", &ColumnType::Json), None);
    }

    #[test]
    fn mariadb_has_no_multi_valued_key_and_keeps_the_bare_column() {
        for (element, _) in element_keys() {
            assert_eq!(MARIADB.multi_valued_key("tags", &array(element)), None);
        }
        assert_eq!(MARIADB.contained_document("t.tags"), "t.tags");
        assert_eq!(MYSQL8.contained_document("t.tags"), "t.tags->'$'");
    }

    #[test]
    fn multi_valued_statements_are_skipped_on_mariadb() {
        let create = "CREATE INDEX i ON t ((CAST(c->'$' AS CHAR(4) ARRAY)));\n";
        assert_eq!(
            MYSQL8.multi_valued_statement(create),
            "-- MySQL 8 only: MariaDB has no multi-valued index.\n\
             SET @schemac_sql = IF(VERSION() LIKE '%MariaDB%', 'DO 0', \
             'CREATE INDEX i ON t ((CAST(c->''$'' AS CHAR(4) ARRAY)))');\n\
             PREPARE stmt FROM @schemac_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;"
        );
        assert!(MYSQL8.supports_multi_valued_indexes());
        assert!(!MARIADB.supports_multi_valued_indexes());
    }

    /// `W0112` (in the compiler) stays quiet on MySQL exactly where this dialect
    /// builds the index.
    #[test]
    fn the_containment_check_agrees_with_the_keys() {
        let mut types: Vec<ColumnType> =
            element_keys().into_iter().map(|(e, _)| array(e)).collect();
        types.extend([ColumnType::Json, ColumnType::Text, ColumnType::Int]);
        for ty in types {
            assert_eq!(
                MYSQL8.multi_valued_key("c", &ty).is_some(),
                mysql8_multi_valued(&ty),
                "{ty:?}"
            );
        }
    }
}

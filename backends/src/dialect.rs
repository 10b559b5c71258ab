//! The [`Dialect`] trait: the capability questions and small renderings that the shared
//! code (naming, ordering, expressions, the DDL assembler, `expected_live`) asks of an
//! engine. Shared code never matches on the engine; it asks one of these methods.

use std::borrow::Cow;
use std::sync::OnceLock;

use schemac_compiler::diff::ChangeKind;
use schemac_compiler::ir::{ColumnType, OpClass, RefAction, Value};

/// A reserved word list grouped by length on first use, for the dialects' cheap
/// [`Dialect::is_reserved`]. A lookup tests one bit of a sketch of the words of its own
/// length and compares the word with those words (a handful), by binary search, only
/// when the bit is set; it never allocates: the DDL asks this for every identifier it
/// writes.
pub struct ReservedSet {
    words: &'static [&'static str],
    by_len: OnceLock<Vec<Words>>,
}

/// The reserved words of one length, sorted, and the [`sketch`] of each as a bit of
/// a 256-bit set, so that most identifiers are told apart by one test.
#[derive(Clone, Default)]
struct Words {
    sorted: Vec<&'static str>,
    sketches: [u64; 4],
}

impl Words {
    fn may_hold(&self, sketch: u8) -> bool {
        self.sketches[usize::from(sketch >> 6)] & 1 << (sketch & 63) != 0
    }
}

/// An 8-bit hash of a word with ASCII case folded: every byte is hashed with its `0x20`
/// bit set, which makes `A` and `a` one byte (and may make other bytes alike, which
/// only sends a word to the comparison).
fn sketch(word: &[u8]) -> u8 {
    let hash = word.iter().fold(0u32, |hash, &b| {
        hash.wrapping_mul(31).wrapping_add(u32::from(b | 0x20))
    });
    (hash ^ hash >> 8 ^ hash >> 16) as u8
}

impl ReservedSet {
    pub const fn new(words: &'static [&'static str]) -> Self {
        ReservedSet {
            words,
            by_len: OnceLock::new(),
        }
    }

    /// True when `word` is in the list, ignoring ASCII case.
    pub fn contains(&self, word: &str) -> bool {
        let by_len = self.by_len.get_or_init(|| {
            let longest = self.words.iter().map(|w| w.len()).max().unwrap_or(0);
            let mut by_len = vec![Words::default(); longest + 1];
            for word in self.words {
                let words = &mut by_len[word.len()];
                words.sorted.push(*word);
                let sketch = sketch(word.as_bytes());
                words.sketches[usize::from(sketch >> 6)] |= 1 << (sketch & 63);
            }
            for words in &mut by_len {
                words.sorted.sort_unstable();
            }
            by_len
        });
        let word = word.as_bytes();
        let Some(candidates) = by_len.get(word.len()) else {
            return false;
        };
        if !candidates.may_hold(sketch(word)) {
            return false;
        }
        candidates
            .sorted
            .binary_search_by(|candidate| compare_lowered(candidate.as_bytes(), word))
            .is_ok()
    }
}

/// `candidate` (lowercase) against `word` lowered, byte by byte; both have one length.
fn compare_lowered(candidate: &[u8], word: &[u8]) -> std::cmp::Ordering {
    for (&c, &w) in candidate.iter().zip(word) {
        let w = w.to_ascii_lowercase();
        if c != w {
            return c.cmp(&w);
        }
    }
    std::cmp::Ordering::Equal
}

/// Where a dialect puts table and column comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentPlacement {
    /// Separate `COMMENT ON TABLE/COLUMN` statements after the tables (PostgreSQL).
    Statements,
    /// Inline `COMMENT '...'` clauses on columns and a table option (MySQL).
    Inline,
    /// The engine stores no comments (SQLite): they are dropped.
    Unsupported,
}

/// How a dialect keeps `@on_update` columns current.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnUpdateSupport {
    /// A column clause such as `ON UPDATE CURRENT_TIMESTAMP(6)`.
    ColumnClause(&'static str),
    /// A row trigger per table. `setup` is a template rendered once before the
    /// triggers (a shared trigger function); `trigger` is rendered once per table.
    RowTrigger {
        setup: Option<&'static str>,
        trigger: &'static str,
    },
}

/// The syntactic form of a column default, which decides whether the dialect needs the
/// parenthesized expression form `DEFAULT (expr)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultForm {
    /// A literal: number, string, boolean, JSON document, `NULL`.
    Literal,
    /// The current timestamp.
    Now,
    /// Any other expression.
    Expression,
}

/// A CHECK that emulates a type the engine does not have natively (SQLite's bounded
/// strings, booleans and JSON; MariaDB's JSON). `kind` becomes part of the constraint
/// name: `<table>_<column>_<kind>_check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeCheck {
    pub kind: &'static str,
    pub sql: String,
}

/// A schema change that some engines can do online with a clause (MySQL's
/// `ALGORITHM=... LOCK=...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnlineOp {
    /// `ALTER TABLE ... ADD COLUMN` of a column with a literal default or none.
    AddColumn,
    CreateIndex,
    /// `CREATE INDEX` of a [`Dialect::multi_valued_key`] index.
    CreateMultiValuedIndex,
    DropIndex,
}

/// A named table constraint, for [`Dialect::drop_constraint`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey,
    ForeignKey,
    Unique,
    Check,
}

/// The templates that keep two columns equal during an expand (see
/// `crate::migrate`): `trigger` creates the triggers, `backfill` copies old values in
/// batches. Both get `table`, `old`, `new` (quoted) and `name` (the trigger name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncTemplates {
    pub trigger: &'static str,
    pub backfill: &'static str,
}

/// An engine: identifier rules, type mapping, capabilities and literal renderings.
pub trait Dialect: Send + Sync {
    /// The dialect's name as used on the command line (`postgres`, `mysql`, ...).
    fn name(&self) -> &'static str;

    /// The longest identifier the engine accepts, in bytes; `None` when unlimited.
    fn max_identifier_len(&self) -> Option<usize>;

    /// The engine's reserved words, lowercase and sorted (checked by a unit test).
    fn reserved_words(&self) -> &'static [&'static str];

    /// True when `word` must be quoted because the engine reserves it (ignoring ASCII
    /// case); the dialects answer from a [`ReservedSet`] over `reserved_words()`.
    fn is_reserved(&self, word: &str) -> bool;

    /// Quotes an identifier unconditionally, escaping the quote character.
    fn quote_ident(&self, name: &str) -> String;

    /// The column type in DDL.
    fn column_type(&self, ty: &ColumnType) -> Cow<'static, str>;

    /// The column type as the engine's catalog reports it after
    /// [`Dialect::normalize_reported_type`].
    fn reported_type(&self, ty: &ColumnType) -> String;

    /// Normalizes a type string read from the engine's catalog (case, display widths).
    fn normalize_reported_type(&self, raw: &str) -> String;

    /// The CHECK that emulates `ty` on a column rendered as `column` (already quoted),
    /// when the engine's type is wider than the IR type.
    fn type_check(&self, column: &str, ty: &ColumnType) -> Option<TypeCheck>;

    /// The clause after the type of an identity column (`GENERATED BY DEFAULT AS
    /// IDENTITY`, `AUTO_INCREMENT`); `None` when the type alone makes it an identity
    /// (SQLite's `INTEGER PRIMARY KEY`).
    fn identity_clause(&self) -> Option<&'static str>;

    /// Partial indexes (`CREATE INDEX ... WHERE predicate`).
    fn supports_partial_indexes(&self) -> bool;

    /// An inverted index for containment on JSON documents and arrays (GIN). Without
    /// one, the planner's inverted indexes are not created and containment scans,
    /// unless [`Dialect::multi_valued_key`] indexes the column element by element.
    fn supports_gin(&self) -> bool {
        false
    }

    /// Indexes over the elements of an array column (MySQL 8's multi-valued indexes),
    /// which stand in for GIN on the arrays [`Dialect::multi_valued_key`] keys.
    fn supports_multi_valued_indexes(&self) -> bool {
        false
    }

    /// The key part, without its outer parentheses, of an index over the elements of
    /// an array column `column` (already quoted) of type `ty`, which stands in for the
    /// planner's inverted index where the engine has no GIN: MySQL 8's multi-valued
    /// key `CAST(tags->'$' AS CHAR(40) ARRAY)`. `None` when the engine has no such
    /// index, or when every key type it has could reject a value the column's type
    /// allows (the index would turn valid inserts into errors).
    fn multi_valued_key(&self, _column: &str, _ty: &ColumnType) -> Option<String> {
        None
    }

    /// `statement`, one `;`-terminated statement that creates or drops a
    /// [`Dialect::multi_valued_key`] index, as the dialect's files run it: unchanged,
    /// or run only on the servers that have such indexes when the files also serve an
    /// engine without them (MySQL 8's files are MariaDB's too).
    fn multi_valued_statement(&self, statement: &str) -> String {
        statement.to_string()
    }

    /// The JSON document that `contains` on a column tests, for the column as a query
    /// renders it (quoted, maybe qualified): the column itself, or the expression that
    /// [`Dialect::multi_valued_key`] keys on, which the optimizer must see unchanged in
    /// the query to use the index.
    fn contained_document(&self, column: &str) -> String {
        column.to_string()
    }

    /// The operator class an index key needs for `class`, or `None` when a plain key
    /// already behaves that way (or the engine has no operator classes).
    fn index_opclass(&self, _class: OpClass) -> Option<&'static str> {
        None
    }

    /// A B-tree serves `starts_with` as [`Dialect::starts_with`] renders it. SQLite's
    /// `LIKE` is case-insensitive, which a B-tree over a BINARY column cannot serve.
    fn prefix_search_uses_btree(&self) -> bool {
        true
    }

    /// How to build an index without blocking writes, for `explain`'s migration
    /// strategy; `None` when the engine cannot.
    fn online_index_build(&self) -> Option<&'static str> {
        None
    }

    /// Descending index keys that the engine really stores descending.
    fn supports_descending_indexes(&self) -> bool;

    /// A native enum type of some kind (a named type or an inline `ENUM(...)`).
    fn supports_native_enums(&self) -> bool;

    /// Native enums are named types created before the tables (`CREATE TYPE`).
    fn native_enum_is_named_type(&self) -> bool;

    /// Where comments go.
    fn comment_placement(&self) -> CommentPlacement;

    /// True when the engine stores comments at all.
    fn supports_comments(&self) -> bool {
        self.comment_placement() != CommentPlacement::Unsupported
    }

    /// `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY`. Without it every foreign key is
    /// inline, which is only sound on engines that check foreign keys lazily (SQLite).
    fn supports_alter_add_foreign_key(&self) -> bool;

    /// Enforced CHECK constraints.
    fn supports_check_constraints(&self) -> bool;

    /// DDL inside a transaction rolls back with it.
    fn supports_transactional_ddl(&self) -> bool;

    /// The referential action as the engine accepts it; engines without `SET DEFAULT`
    /// map it to the closest safe action.
    fn ref_action(&self, action: RefAction) -> &'static str {
        match action {
            RefAction::NoAction => "NO ACTION",
            RefAction::Restrict => "RESTRICT",
            RefAction::Cascade => "CASCADE",
            RefAction::SetNull => "SET NULL",
            RefAction::SetDefault => "SET DEFAULT",
        }
    }

    /// A boolean literal.
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "TRUE"
        } else {
            "FALSE"
        }
    }

    /// A string literal with the engine's escaping.
    fn string_literal(&self, value: &str) -> String {
        format!("'{}'", value.replace('\'', "''"))
    }

    /// [`Dialect::string_literal`] of each value (an enum's, say).
    fn string_literals(&self, values: &[String]) -> Vec<String> {
        values.iter().map(|v| self.string_literal(v)).collect()
    }

    /// A JSON document literal for a column of type `ty` (JSON or an array).
    fn json_literal(&self, json: &str, ty: Option<&ColumnType>) -> String;

    /// The current timestamp.
    fn now(&self) -> &'static str;

    /// The `DEFAULT` clause's value for an already rendered expression.
    fn default_value(&self, sql: String, form: DefaultForm, _ty: &ColumnType) -> String {
        match form {
            DefaultForm::Literal | DefaultForm::Now => sql,
            DefaultForm::Expression => format!("({sql})"),
        }
    }

    /// How `@on_update` columns are kept current.
    fn on_update(&self) -> OnUpdateSupport;

    /// A function call with rendered arguments, by its `.schema` name.
    fn function_call(&self, func: &str, args: &[String]) -> String {
        format!("{}({})", func.to_ascii_lowercase(), args.join(", "))
    }

    /// `lhs starts_with rhs` with both sides rendered.
    fn starts_with(&self, lhs: &str, rhs: &str) -> String {
        format!("{lhs} LIKE ({rhs} || '%')")
    }

    /// `lhs contains rhs` (JSON or array containment) with both sides rendered.
    fn contains(&self, lhs: &str, rhs: &str) -> String;

    /// `document contains <literal>`: `document` rendered, of type `document_type` (an
    /// array or json), and `value` what it must hold: an element (or a JSON value), or a
    /// JSON document of several that it must all hold.
    fn contains_value(&self, document: &str, value: &Value, document_type: &ColumnType) -> String;

    /// The `index`-th (1-based) query parameter.
    fn param(&self, _index: usize) -> String {
        "?".to_string()
    }

    /// `lhs IN ?` with a list parameter.
    fn in_param(&self, lhs: &str, param: &str, negated: bool) -> String {
        if negated {
            format!("{lhs} NOT IN ({param})")
        } else {
            format!("{lhs} IN ({param})")
        }
    }

    /// The engine creates an index for a foreign key that no other index covers, named
    /// after the constraint (InnoDB).
    fn creates_foreign_key_indexes(&self) -> bool;

    /// The catalog cannot tell a UNIQUE constraint from a unique index (MySQL): both are
    /// reported as unique indexes.
    fn unique_constraints_are_indexes(&self) -> bool;

    /// A virtual generated column `name` of type `ty` computing `expr`: used for the
    /// partial unique index fallback on engines without partial indexes.
    fn generated_column(&self, name: &str, ty: &str, expr: &str) -> String {
        format!("{name} {ty} GENERATED ALWAYS AS ({expr}) VIRTUAL")
    }

    /// Table options after the closing parenthesis of `CREATE TABLE` (engine, charset,
    /// inline table comment); empty when none.
    fn table_options(&self, _comment: Option<&str>) -> String {
        String::new()
    }

    /// The catalog keeps the names of FOREIGN KEY and UNIQUE constraints (SQLite's
    /// does not).
    fn catalog_keeps_constraint_names(&self) -> bool {
        true
    }

    /// The catalog keeps the name of the PRIMARY KEY constraint (MySQL calls every
    /// primary key `PRIMARY`; SQLite keeps none).
    fn catalog_keeps_primary_key_name(&self) -> bool {
        false
    }

    /// Statements at the top of every migration file (PostgreSQL's lock and statement
    /// timeouts, so a migration waiting on a busy table fails instead of blocking it).
    fn migration_preamble(&self) -> &'static [&'static str] {
        &[]
    }

    /// `CREATE INDEX CONCURRENTLY` / `DROP INDEX CONCURRENTLY` (outside a transaction).
    fn supports_concurrent_index(&self) -> bool {
        false
    }

    /// `ADD CONSTRAINT ... NOT VALID` then `VALIDATE CONSTRAINT`, which checks existing
    /// rows without blocking writes.
    fn supports_add_constraint_not_valid(&self) -> bool {
        false
    }

    /// The clause that makes `op` online, when the engine has one.
    fn online_ddl_clause(&self, _op: OnlineOp) -> Option<&'static str> {
        None
    }

    /// True when the engine cannot do `change` with `ALTER TABLE` and the table is
    /// rebuilt instead (SQLite's 12-step procedure).
    fn needs_table_rebuild_for(&self, _change: &ChangeKind) -> bool {
        false
    }

    /// Column changes are written as the whole new column definition (`MODIFY
    /// COLUMN`) rather than one `ALTER COLUMN` per aspect.
    fn alters_column_by_redefinition(&self) -> bool {
        false
    }

    /// The `ALTER TABLE` action that drops a named constraint (`name` already quoted).
    fn drop_constraint(&self, _kind: ConstraintKind, name: &str) -> String {
        format!("DROP CONSTRAINT {name}")
    }

    /// The statement that drops an index (both names already quoted), without `;`.
    fn drop_index(&self, name: &str, _table: &str) -> String {
        format!("DROP INDEX {name}")
    }

    /// The statement that drops a trigger `name` of `table` (both quoted), without `;`.
    fn drop_trigger(&self, name: &str, _table: &str) -> String {
        format!("DROP TRIGGER IF EXISTS {name}")
    }

    /// The templates of the expand triggers and backfill.
    fn sync_templates(&self) -> SyncTemplates;

    /// The statements that drop the expand triggers named `name` (unquoted) on `table`
    /// (quoted), without `;`.
    fn drop_sync_trigger(&self, name: &str, table: &str) -> Vec<String>;

    /// A single-column primary key of type `ty` is an identity by itself (SQLite's
    /// `INTEGER PRIMARY KEY` is an alias of the rowid).
    fn implicit_identity(&self, _ty: &ColumnType) -> bool {
        false
    }

    /// The engine's side of the schema-design patterns (views, partitions, triggers).
    fn patterns(&self) -> &dyn crate::patterns::PatternSql;
}

#[cfg(test)]
mod tests {
    use super::ReservedSet;

    #[test]
    fn reserved_words_are_found_in_any_case_and_only_they() {
        static SET: ReservedSet = ReservedSet::new(&["all", "and", "as", "order", "user"]);
        for word in [
            "all", "AND", "As", "order", "ORDER", "user", "uSeR", "Order",
        ] {
            assert!(SET.contains(word), "{word}");
        }
        for word in [
            "", "a", "al", "alls", "orders", "users", "use", "z", "ordeR_",
        ] {
            assert!(!SET.contains(word), "{word}");
        }
    }
}

//! The neutral description of an existing schema that both importers produce (from
//! DDL text and from a live database) and that [`crate::emit`] turns into `.schema`.
//! Expressions stay sqlparser expressions; types are already in the language's terms.

use sqlparser::ast::{Expr, ReferentialAction};

#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Named enum types (PostgreSQL `CREATE TYPE .. AS ENUM`), in source order.
    pub enums: Vec<EnumType>,
    /// Tables in source order.
    pub tables: Vec<Table>,
}

impl Schema {
    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.tables.iter_mut().find(|t| t.name == name)
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }
}

#[derive(Clone, Debug)]
pub struct EnumType {
    pub name: String,
    pub values: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub name: String,
    pub comment: Option<String>,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
    pub uniques: Vec<Vec<String>>,
    pub checks: Vec<Check>,
    pub indexes: Vec<Index>,
    /// The column of `PARTITION BY RANGE (col)`.
    pub partition_by: Option<String>,
    /// Statements the language cannot express, kept verbatim (`@sql(..)`).
    pub verbatim: Vec<String>,
    /// Rows of `INSERT INTO t (value) VALUES ..` (to recognise enum lookup tables).
    pub seed_values: Vec<String>,
}

impl Table {
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    pub ty: Type,
    /// The type as written in the source, for warnings and verbatim fallbacks.
    pub sql_type: String,
    pub nullable: bool,
    pub default: Option<Expr>,
    pub identity: bool,
    pub on_update_now: bool,
    pub comment: Option<String>,
}

/// A column type in the language's terms.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// A builtin, as written in `.schema`: `bigint`, `string(255)`, `decimal(10,2)`.
    Builtin(String),
    /// A named enum type (PostgreSQL), by its SQL name.
    Enum(String),
    /// An inline MySQL `ENUM('a', 'b')`.
    InlineEnum(Vec<String>),
    Array(Box<Type>),
}

#[derive(Clone, Debug)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete: Option<ReferentialAction>,
    pub on_update: Option<ReferentialAction>,
}

#[derive(Clone, Debug)]
pub struct Check {
    /// The constraint name, when it had one.
    pub name: Option<String>,
    pub expr: Expr,
}

#[derive(Clone, Debug)]
pub struct Index {
    pub name: Option<String>,
    pub columns: Vec<IndexKey>,
    pub unique: bool,
    pub predicate: Option<Expr>,
    /// The statement itself, for indexes the language cannot express (expressions,
    /// methods other than B-tree).
    pub sql: String,
    /// Why the index cannot be written as an `index (..)` line, if it cannot.
    pub inexpressible: Option<String>,
}

#[derive(Clone, Debug)]
pub struct IndexKey {
    pub column: String,
    pub desc: bool,
}

//! The planned IR: what the backends consume. It holds tables with resolved column
//! names and types, keys, constraints and indexes with their final logical names, and
//! the declared queries in resolved form for the planner and `explain`.
//!
//! Architecture invariant: backends see only this IR, never the AST. Names here are
//! logical (PostgreSQL-style `<table>_<cols>_idx`); a backend shortens them to its own
//! identifier limit and quotes them.
//!
//! The IR is serializable: `build` stores it as the snapshot that the next build diffs
//! against, so its serialized form is deterministic (vectors, no hash maps).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Tables in declaration order (enum lookup tables first). Backends order them by
    /// their foreign keys when they emit DDL.
    pub tables: Vec<Table>,
    /// Native enum types (`@native`), for the dialects that have them.
    pub enums: Vec<EnumType>,
    pub queries: Vec<Query>,
    /// Views the traits derive (`current_<table>` of an `audit` entity), created after
    /// the tables and indexes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// A cache behind [`Schema::table`]; never serialized, never compared.
    #[serde(skip)]
    pub lookup: TableLookup,
}

impl Schema {
    /// The table named `name`. Passes look tables up by name once per foreign key and
    /// per query, so this is a hash lookup, not a scan: on a 10,000-table schema a scan
    /// made planning quadratic.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(self.table_position(name)?)
    }

    /// The position in `tables` of the table named `name`.
    pub fn table_position(&self, name: &str) -> Option<usize> {
        self.lookup.position(&self.tables, name)
    }
}

/// Table positions by name, rebuilt whenever it disagrees with `tables` (tables are
/// added while lowering and planning). Every answer is checked against `tables`, so a
/// stale cache costs a rebuild, never a wrong table.
#[derive(Debug, Default)]
pub struct TableLookup(std::sync::Mutex<crate::hashing::FxHashMap<String, usize>>);

impl TableLookup {
    fn position(&self, tables: &[Table], name: &str) -> Option<usize> {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(&i) = map.get(name) {
            if tables.get(i).is_some_and(|t| t.name == name) {
                return Some(i);
            }
        }
        if map.len() == tables.len() && !map.contains_key(name) {
            // The map is as large as the table list and does not know the name: either
            // the name is absent or a table was replaced; a scan tells which.
            let found = tables.iter().position(|t| t.name == name)?;
            rebuild(&mut map, tables);
            return Some(found);
        }
        rebuild(&mut map, tables);
        map.get(name).copied()
    }
}

fn rebuild(map: &mut crate::hashing::FxHashMap<String, usize>, tables: &[Table]) {
    map.clear();
    for (i, table) in tables.iter().enumerate() {
        map.entry(table.name.clone()).or_insert(i);
    }
}

impl Clone for TableLookup {
    fn clone(&self) -> TableLookup {
        TableLookup::default()
    }
}

impl PartialEq for TableLookup {
    fn eq(&self, _: &TableLookup) -> bool {
        true
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    /// The entity or enum this table comes from (`OrderItem`, `OrderStatus`).
    pub source: String,
    pub kind: TableKind,
    pub comment: Option<String>,
    pub columns: Vec<Column>,
    pub primary_key: PrimaryKey,
    pub foreign_keys: Vec<ForeignKey>,
    pub uniques: Vec<UniqueConstraint>,
    pub checks: Vec<CheckConstraint>,
    pub indexes: Vec<Index>,
    /// Rows inserted with the table (the values of an enum lookup table).
    pub seed_rows: Vec<Vec<Value>>,
    pub scale: TableScale,
    /// The entity uses the stdlib `SoftDelete` mixin: its queries see live rows
    /// (`deleted_at IS NULL`) unless they say `including deleted`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub soft_delete: bool,
    /// A `tree` entity: its storage strategy and why it was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hierarchy: Option<Hierarchy>,
    /// A `timeseries` entity: range partitions by time where the dialect has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitioning: Option<Partitioning>,
    /// Rows may be inserted but never updated or deleted (the `<table>_events` table of
    /// an `audit` entity): backends add triggers that reject UPDATE and DELETE.
    #[serde(default, skip_serializing_if = "is_false")]
    pub append_only: bool,
    /// Statements written with `@sql("<dialect>", "statement", ...)` on the entity: the
    /// escape hatch for what the language cannot express. Backends emit those of their
    /// dialect verbatim after every table and index, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verbatim: Vec<VerbatimSql>,
}

/// One statement of an `@sql(..)` attribute, for one dialect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerbatimSql {
    /// `postgres`, `mysql` (MySQL and MariaDB) or `sqlite`.
    pub dialect: String,
    /// The statement as written, without a trailing `;`.
    pub sql: String,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Entity,
    /// An enum emitted as a lookup table (`value` primary key, one row per variant).
    EnumLookup,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableScale {
    /// Expected rows: the entity's `scale rows`, or the project default.
    pub rows: f64,
    /// Expected growth in rows per month (0 when undeclared).
    pub growth_per_month: f64,
    /// True when the entity declared `scale`, false when the default was used.
    pub declared: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub ty: ColumnType,
    pub nullable: bool,
    /// Boxed: most columns have none, and an expression is several times the size of a
    /// pointer.
    pub default: Option<Box<Expr>>,
    /// A generated identity (`id id`): `GENERATED BY DEFAULT AS IDENTITY`,
    /// `AUTO_INCREMENT`, or SQLite's `INTEGER PRIMARY KEY`.
    pub identity: bool,
    /// `@on_update`: set to the current time on every update where the dialect can.
    pub on_update_now: bool,
    pub comment: Option<String>,
    /// `@was(old)`: the column's previous name, which the differ turns into a rename
    /// (expand, then contract once the annotation is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// `@deprecated`: the differ never drops this column, even once the field is gone.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Bool,
    SmallInt,
    Int,
    BigInt,
    Decimal {
        precision: u32,
        scale: u32,
    },
    Float,
    Double,
    String {
        length: u32,
    },
    Text,
    Bytes,
    Date,
    Time,
    Timestamp,
    Timestamptz,
    Uuid,
    Json,
    Array(Box<ColumnType>),
    /// A native enum (`@native`). Boxed: it is the one large type, and every column
    /// (hundreds of thousands in a large schema) is as large as the largest.
    Enum(Box<NativeEnum>),
}

/// A native enum type: `name` is the type name for dialects with named enums.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NativeEnum {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: String,
    pub values: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete: RefAction,
    pub on_update: RefAction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    pub name: String,
    pub columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckConstraint {
    pub name: String,
    pub expr: Expr,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub columns: Vec<IndexKey>,
    pub unique: bool,
    /// A partial index: `WHERE predicate`.
    pub predicate: Option<Expr>,
    pub method: IndexMethod,
    pub origin: IndexOrigin,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexKey {
    pub column: String,
    pub desc: bool,
    /// A non-default operator class for this key, where the dialect has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<OpClass>,
}

impl IndexKey {
    /// An ascending key on `column`, with the default operator class.
    pub fn ascending(column: impl Into<String>) -> IndexKey {
        IndexKey {
            column: column.into(),
            desc: false,
            opclass: None,
        }
    }
}

/// An operator class the planner asks for on an index key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpClass {
    /// Byte-wise comparison so that a B-tree serves `LIKE 'prefix%'` whatever the
    /// collation (PostgreSQL `text_pattern_ops`); dialects without it use a plain key.
    TextPattern,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexMethod {
    BTree,
    /// An inverted index for containment on JSON documents and arrays (PostgreSQL
    /// GIN). MySQL 8 builds it as a multi-valued index when the column is an array
    /// whose elements it can key on (see `Dialect::multi_valued_key`); other dialects
    /// skip the index (see `Dialect::supports_gin`).
    Gin,
}

/// Why an index exists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexOrigin {
    /// An `index (...)` line the user wrote; kept as written.
    User,
    /// The `(<name>_type, <name>_id)` index of a polymorphic relation `-> A | B`.
    Polymorphic,
    /// The `parent_id` index of a `tree` (adjacency list) entity.
    Hierarchy,
    /// Derived by the index planner from the declared queries: the queries it serves
    /// and, for each, the rule and the reason for its key order.
    Planned {
        queries: Vec<String>,
        reasons: Vec<String>,
    },
    /// Added by the planner so that a foreign key that no other index covers has one
    /// (deletes of the parent row look up the children through it).
    ForeignKey,
    /// Part of a trait's storage: the trait (`audit`, `soft_delete`, `tree`) and why the
    /// index exists.
    Trait { name: String, reason: String },
}

/// A resolved expression. Columns are column names (a relation field `user` is already
/// `user_id`). Backends render it per dialect; they parenthesize every nested operator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// A column of the table the expression belongs to.
    Column(String),
    /// A column reached through a query path (`user.email`): `join` is the alias of a
    /// [`QueryJoin`] of the same query.
    JoinedColumn {
        join: String,
        column: String,
    },
    Value(Value),
    /// `?` in a declared query.
    Param,
    /// `now()`: the current timestamp.
    Now,
    /// Another function call, by its `.schema` name (`lower`, `length`, ...).
    Call {
        func: String,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
    },
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    List(Vec<Expr>),
    /// How many of the named columns are not NULL, as an integer. Backends render it as
    /// a sum of `CASE WHEN c IS NOT NULL THEN 1 ELSE 0 END` (or the dialect's shorter
    /// form, e.g. `num_nonnulls(..)` in PostgreSQL). `@exclusive_arcs` compares it `= 1`.
    CountNotNull(Vec<String>),
    /// The literal of `document contains <literal>`, with the type of the document it
    /// is looked for in: an array column (the literal is one element, or a list of
    /// them) or a json column (a JSON value). Each backend writes it in the form its
    /// containment test compares: `ARRAY['x']::text[]` or `'"x"'::jsonb` on
    /// PostgreSQL, `'"x"'` on MySQL, `'x'` on SQLite.
    Contained {
        value: Value,
        document: ColumnType,
    },
}

impl Expr {
    /// Whether the expression reads `column` of its own table (not a joined one).
    pub fn mentions(&self, column: &str) -> bool {
        let mut found = false;
        self.for_each_column(&mut |c| found |= c == column);
        found
    }

    /// Calls `f` with every column of its own table the expression reads, in order,
    /// repeats included.
    pub fn for_each_column(&self, f: &mut impl FnMut(&str)) {
        match self {
            Expr::Column(c) => f(c),
            Expr::CountNotNull(columns) => columns.iter().for_each(|c| f(c)),
            Expr::Call { args, .. } | Expr::List(args) => {
                args.iter().for_each(|a| a.for_each_column(f))
            }
            Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => expr.for_each_column(f),
            Expr::Binary { lhs, rhs, .. } => {
                lhs.for_each_column(f);
                rhs.for_each_column(f);
            }
            Expr::Between { expr, low, high } => {
                expr.for_each_column(f);
                low.for_each_column(f);
                high.for_each_column(f);
            }
            Expr::JoinedColumn { .. }
            | Expr::Value(_)
            | Expr::Contained { .. }
            | Expr::Param
            | Expr::Now => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// A number in its canonical decimal text (`2000000`, `0.5`).
    Number(String),
    String(String),
    Bool(bool),
    Null,
    /// A JSON document in canonical text (`{}`, `{"a":1}`, `[1,2]`).
    Json(String),
}

impl Value {
    /// The value as JSON text: `"x"`, `5`, `true`, `null`, or the document itself.
    pub fn to_json(&self) -> String {
        match self {
            Value::Number(n) => n.clone(),
            Value::String(s) => serde_json::Value::from(s.as_str()).to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_string(),
            Value::Json(json) => json.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    StartsWith,
    Contains,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

/// A declared query, resolved against its table: input to the planner and `explain`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub name: String,
    pub table: String,
    /// The filter with paths resolved: a field of the table is an [`Expr::Column`]; a
    /// path through a relation (`user.email`) is an [`Expr::JoinedColumn`] naming one of
    /// `joins`.
    pub filter: Option<Expr>,
    pub joins: Vec<QueryJoin>,
    pub traversal: Option<Traversal>,
    pub order_by: Vec<IndexKey>,
    pub limit: Option<u64>,
    pub count: bool,
    pub including_deleted: bool,
    /// Executions per second (0 when undeclared).
    pub rate_per_sec: f64,
}

/// A join a query path implies: `orders.user_id = users.id` for `user.email`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryJoin {
    /// The alias used in the filter's column names (`user`).
    pub alias: String,
    pub from_columns: Vec<String>,
    pub table: String,
    pub to_columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Traversal {
    pub kind: TraversalKind,
    /// The node the traversal starts from: [`Expr::Param`] for `?`, or a literal.
    #[serde(default = "param")]
    pub node: Expr,
    /// The table's hierarchy, copied here so that the query renders on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hierarchy: Option<Hierarchy>,
}

fn param() -> Expr {
    Expr::Param
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraversalKind {
    Descendants,
    Ancestors,
    Children,
}

/// How a `tree` entity stores its hierarchy. Every strategy keeps the `parent_<key>`
/// column (the adjacency list is the source of truth for moves and `children of`); the
/// others add what makes subtree and path queries cheap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hierarchy {
    pub strategy: TreeStrategy,
    /// The table's key columns that the hierarchy columns refer to (one column for
    /// every strategy but the adjacency list).
    pub key: Vec<String>,
    /// The `parent_<key>` columns, one per key column.
    pub parent: Vec<String>,
    /// The closure table (`<table>_closure`) of the closure strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_table: Option<String>,
    /// True when the user wrote the strategy; false when the planner chose it.
    pub declared: bool,
    /// Why this strategy: the declaration, or the planner's reason for `explain`.
    pub chosen_because: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TreeStrategy {
    /// `parent_id` only; subtrees by recursive CTE.
    Adjacency,
    /// `lft`/`rgt` bounds; subtrees and paths by range comparison.
    NestedSet,
    /// `path` like `/1/5/12/`; subtrees by prefix search.
    MaterializedPath,
    /// A `<table>_closure(ancestor, descendant, depth)` table kept by an insert trigger.
    Closure,
}

impl TreeStrategy {
    /// The name as written after `tree`.
    pub fn as_str(self) -> &'static str {
        match self {
            TreeStrategy::Adjacency => "adjacency",
            TreeStrategy::NestedSet => "nested_set",
            TreeStrategy::MaterializedPath => "materialized_path",
            TreeStrategy::Closure => "closure",
        }
    }
}

/// Range partitioning by time of a `timeseries` entity. The primary key already holds
/// `column`; backends without partitions emit a plain table keyed without it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partitioning {
    pub column: String,
    pub interval: PartitionInterval,
    /// How many intervals to keep (`retain 13 months` with `every month` is 13); `None`
    /// keeps every partition.
    pub retain: Option<u32>,
    /// Partitions created ahead of the current one, so that inserts never miss.
    pub premake: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionInterval {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl PartitionInterval {
    pub fn as_str(self) -> &'static str {
        match self {
            PartitionInterval::Day => "day",
            PartitionInterval::Week => "week",
            PartitionInterval::Month => "month",
            PartitionInterval::Quarter => "quarter",
            PartitionInterval::Year => "year",
        }
    }
}

/// A view a trait derives. The definition is structured; backends render it per
/// dialect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub name: String,
    pub comment: Option<String>,
    pub definition: ViewDefinition,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewDefinition {
    /// The latest event per entity of an `audit` events table: the entity key columns,
    /// `event_type`, `event_data`, `created_at AS last_updated`, and the entity's
    /// `fields` read from `event_data` as text.
    CurrentState {
        events_table: String,
        key_columns: Vec<String>,
        fields: Vec<String>,
    },
}

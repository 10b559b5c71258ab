//! DDL text to the neutral [`model`](crate::model): one statement at a time, so a
//! statement sqlparser cannot read is reported (and kept verbatim when it names a
//! table) instead of failing the import.

use crate::model::{Check, Column, EnumType, ForeignKey, Index, IndexKey, Schema, Table, Type};
use crate::split::{self, Statement as Text};
use crate::types;
use crate::{SqlDialect, Warning};
use sqlparser::ast::{
    AlterTableOperation, ColumnDef, ColumnOption, CommentDef, CommentObject, CreateIndex,
    CreateTable, CreateTableOptions, DataType, Expr, GeneratedAs, ObjectName, SetExpr, SqlOption,
    Statement, TableConstraint, TableObject, UserDefinedTypeRepresentation, Value,
};
use sqlparser::parser::Parser;

/// Reads a DDL script. Everything it cannot import is a warning.
pub fn read(sql: &str, dialect: SqlDialect, warnings: &mut Vec<Warning>) -> Schema {
    let mut reader = Reader {
        dialect,
        schema: Schema::default(),
        warnings,
    };
    for statement in split::statements(sql) {
        reader.statement(&statement);
    }
    reader.schema
}

struct Reader<'w> {
    dialect: SqlDialect,
    schema: Schema,
    warnings: &'w mut Vec<Warning>,
}

impl Reader<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            line: Some(line),
            message: message.into(),
        });
    }

    fn statement(&mut self, text: &Text) {
        let clean = split::strip_comments(text.text);
        let clean = clean.trim();
        let upper = clean.to_uppercase();
        if is_session_statement(&upper) {
            return;
        }
        if upper.starts_with("COMMENT ON TYPE") {
            self.comment_on_type(clean, text.line);
            return;
        }
        if upper.starts_with("CREATE TRIGGER") || upper.starts_with("CREATE OR REPLACE TRIGGER") {
            self.trigger(clean, text.line);
            return;
        }
        if (upper.starts_with("CREATE FUNCTION") || upper.starts_with("CREATE OR REPLACE FUNCTION"))
            && upper.contains("SCHEMAC_SET_UPDATED_AT")
        {
            // schemac's own `@on_update` helper: the triggers that call it are read as
            // `@on_update` on their columns.
            return;
        }
        if upper.starts_with("CREATE TABLE") && upper.contains(" PARTITION OF ") {
            self.warn(text.line, "a partition of a partitioned table is not imported: `timeseries` creates its partitions");
            return;
        }
        let (parsable, partition) = cut_partition(clean);
        let line = text.line;
        let parsable = if self.dialect == SqlDialect::Mysql {
            let (text, found) = cut_binary_attribute(&parsable);
            if found {
                self.warn(line, "the MySQL column attribute `BINARY` (a binary collation) is not imported: comparisons follow the table's collation");
            }
            text
        } else {
            parsable
        };
        match Parser::parse_sql(self.dialect.parser().as_ref(), &parsable) {
            Ok(statements) => {
                for statement in statements {
                    self.parsed(statement, clean, text.line, partition.clone());
                }
            }
            Err(error) => {
                let table = table_named_in(&upper, clean);
                self.keep(
                    table,
                    clean,
                    text.line,
                    &format!("cannot read this statement ({error})"),
                );
            }
        }
    }

    /// Keeps a statement verbatim on the table it names, or reports that it is skipped.
    fn keep(&mut self, table: Option<String>, sql: &str, line: usize, why: &str) {
        match table.and_then(|t| self.schema.table_mut(&t)) {
            Some(t) => {
                t.verbatim.push(sql.to_string());
                let name = t.name.clone();
                self.warn(
                    line,
                    format!("{why}: kept verbatim with `@sql` on the entity of `{name}`"),
                );
            }
            None => self.warn(line, format!("{why}: not imported")),
        }
    }

    fn parsed(&mut self, statement: Statement, sql: &str, line: usize, partition: Option<String>) {
        match statement {
            Statement::CreateTable(create) => self.create_table(create, line, partition),
            Statement::CreateIndex(index) => self.create_index(index, sql, line),
            Statement::CreateType {
                name,
                representation: UserDefinedTypeRepresentation::Enum { labels },
            } => {
                self.schema.enums.push(EnumType {
                    name: last(&name),
                    values: labels.into_iter().map(|l| l.value).collect(),
                    comment: None,
                });
            }
            Statement::AlterTable {
                name, operations, ..
            } => {
                let table = last(&name);
                for op in operations {
                    match op {
                        AlterTableOperation::AddConstraint { constraint, .. } => {
                            let Some(t) = self.schema.table_mut(&table) else {
                                self.warn(line, format!("`ALTER TABLE {table}`: no such table"));
                                continue;
                            };
                            if let Some(problem) = constraint_into(t, constraint) {
                                self.keep(Some(table.clone()), sql, line, &problem);
                            }
                        }
                        _ => self.keep(
                            Some(table.clone()),
                            sql,
                            line,
                            "this ALTER TABLE has no `.schema` form",
                        ),
                    }
                }
            }
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => {
                let parts: Vec<String> = object_name
                    .0
                    .iter()
                    .map(|p| p.to_string().trim_matches('"').to_string())
                    .collect();
                match (object_type, parts.as_slice()) {
                    (CommentObject::Table, [.., table]) => {
                        if let Some(t) = self.schema.table_mut(table) {
                            t.comment = comment;
                        }
                    }
                    (CommentObject::Column, [.., table, column]) => {
                        if let Some(c) = self
                            .schema
                            .table_mut(table)
                            .and_then(|t| t.column_mut(column))
                        {
                            c.comment = comment;
                        }
                    }
                    _ => self.warn(
                        line,
                        "only comments on tables, columns and types are imported",
                    ),
                }
            }
            Statement::Insert(insert) => self.insert(insert, sql, line),
            Statement::CreateView { name, .. } => {
                self.warn(
                    line,
                    format!("view `{name}` is not imported (the language has no views)"),
                );
            }
            other => {
                let upper = sql.to_uppercase();
                let table = table_named_in(&upper, sql);
                let kind = other
                    .to_string()
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ");
                self.keep(table, sql, line, &format!("`{kind}` has no `.schema` form"));
            }
        }
    }

    fn create_table(&mut self, create: CreateTable, line: usize, partition: Option<String>) {
        let name = last(&create.name);
        let mut table = Table {
            name: name.clone(),
            partition_by: partition,
            ..Table::default()
        };
        table.comment = table_comment(&create);
        let mut generated = Vec::new();
        for column in create.columns {
            generated.extend(self.column(&mut table, column, line));
        }
        for constraint in create.constraints {
            if let Some(problem) = constraint_into(&mut table, constraint.clone()) {
                let sql = format!("ALTER TABLE {name} ADD {constraint}");
                table.verbatim.push(sql);
                self.warn(line, format!("{problem}: kept verbatim with `@sql`"));
            }
        }
        table.verbatim.extend(generated);
        // SQLite: an INTEGER single-column primary key is the rowid, i.e. an identity.
        if self.dialect == SqlDialect::Sqlite {
            if let [key] = table.primary_key.as_slice() {
                if let Some(c) = table.columns.iter_mut().find(|c| &c.name == key) {
                    if c.sql_type.eq_ignore_ascii_case("integer") {
                        c.identity = true;
                    }
                }
            }
        }
        self.schema.tables.push(table);
    }

    /// Adds a column to `table`. A generated (computed) column is not added: its
    /// `ALTER TABLE .. ADD COLUMN` is returned, to be kept verbatim.
    fn column(&mut self, table: &mut Table, def: ColumnDef, line: usize) -> Option<String> {
        let name = def.name.value.clone();
        let enum_name = match &def.data_type {
            DataType::Custom(n, _) => self
                .schema
                .enums
                .iter()
                .find(|e| e.name == last(n))
                .map(|e| e.name.clone()),
            _ => None,
        };
        let mut mapped = types::map(&def.data_type, self.dialect);
        if enum_name.is_some() {
            // A named enum type: the emitter writes it (or keeps it verbatim).
            mapped.foreign = false;
            mapped.note = None;
        }
        let mut column = Column {
            name: name.clone(),
            ty: enum_name.map_or(mapped.ty.clone(), Type::Enum),
            sql_type: def.data_type.to_string(),
            nullable: true,
            default: None,
            identity: mapped.serial,
            on_update_now: false,
            comment: None,
        };
        if mapped.foreign {
            if let Some(note) = &mapped.note {
                self.warn(line, format!("`{}.{name}`: {note}", table.name));
            }
            let alter = match self.dialect {
                SqlDialect::Postgres => Some(format!(
                    "ALTER TABLE {} ALTER COLUMN {name} TYPE {} USING {name}::{}",
                    table.name, def.data_type, def.data_type
                )),
                SqlDialect::Mysql => {
                    Some(format!("ALTER TABLE {} MODIFY COLUMN {def}", table.name))
                }
                SqlDialect::Sqlite => None,
            };
            table.verbatim.extend(alter);
        } else if let Some(note) = &mapped.note {
            self.warn(line, format!("`{}.{name}`: {note}", table.name));
        }
        for option in def.options.iter().map(|o| &o.option) {
            match option {
                ColumnOption::Null => column.nullable = true,
                ColumnOption::NotNull => column.nullable = false,
                ColumnOption::Default(e) => column.default = Some(e.clone()),
                ColumnOption::Unique {
                    is_primary: true, ..
                } => {
                    table.primary_key = vec![name.clone()];
                    column.nullable = false;
                }
                ColumnOption::Unique {
                    is_primary: false, ..
                } => table.uniques.push(vec![name.clone()]),
                ColumnOption::ForeignKey {
                    foreign_table,
                    referred_columns,
                    on_delete,
                    on_update,
                    ..
                } => table.foreign_keys.push(ForeignKey {
                    columns: vec![name.clone()],
                    ref_table: last(foreign_table),
                    ref_columns: referred_columns.iter().map(|c| c.value.clone()).collect(),
                    on_delete: *on_delete,
                    on_update: *on_update,
                }),
                ColumnOption::Check(e) => table.checks.push(Check {
                    name: None,
                    expr: e.clone(),
                }),
                ColumnOption::Comment(c) => column.comment = Some(c.clone()),
                ColumnOption::OnUpdate(_) => column.on_update_now = true,
                ColumnOption::Generated {
                    generation_expr: Some(_),
                    ..
                }
                | ColumnOption::Materialized(_)
                | ColumnOption::Alias(_) => {
                    self.warn(
                        line,
                        format!(
                            "`{}.{name}` is a generated column: kept verbatim with `@sql`",
                            table.name
                        ),
                    );
                    return Some(format!("ALTER TABLE {} ADD COLUMN {def}", table.name));
                }
                ColumnOption::Generated {
                    generated_as: GeneratedAs::Always | GeneratedAs::ByDefault,
                    ..
                } => column.identity = true,
                ColumnOption::Identity(_) => column.identity = true,
                ColumnOption::DialectSpecific(tokens) => {
                    let words = tokens
                        .iter()
                        .map(|t| t.to_string().to_uppercase())
                        .collect::<Vec<_>>()
                        .join(" ");
                    if words.contains("AUTO_INCREMENT") || words.contains("AUTOINCREMENT") {
                        column.identity = true;
                    }
                }
                ColumnOption::CharacterSet(_) | ColumnOption::Collation(_) => {}
                other => self.warn(
                    line,
                    format!("`{}.{name}`: `{other}` is not imported", table.name),
                ),
            }
        }
        table.columns.push(column);
        None
    }

    fn create_index(&mut self, index: CreateIndex, sql: &str, line: usize) {
        let table = last(&index.table_name);
        let mut columns = Vec::new();
        let mut inexpressible = None;
        for key in &index.columns {
            match &key.column.expr {
                Expr::Identifier(i) => columns.push(IndexKey {
                    column: i.value.clone(),
                    desc: key.column.options.asc == Some(false),
                }),
                other => inexpressible = Some(format!("an index on the expression `{other}`")),
            }
            if key.operator_class.is_some() {
                inexpressible = Some("an index with an operator class".to_string());
            }
        }
        if let Some(using) = &index.using {
            let method = using.to_string().to_lowercase();
            if method != "btree" {
                inexpressible = Some(format!("a `{method}` index"));
            }
        }
        if !index.include.is_empty() {
            inexpressible = Some("an index with INCLUDE columns".to_string());
        }
        let model = Index {
            name: index.name.as_ref().map(last),
            columns,
            unique: index.unique,
            predicate: index.predicate.clone(),
            sql: sql.to_string(),
            inexpressible,
        };
        match self.schema.table_mut(&table) {
            Some(t) => t.indexes.push(model),
            None => self.warn(
                line,
                format!("index on unknown table `{table}` is not imported"),
            ),
        }
    }

    /// `INSERT INTO t (value) VALUES ('a'), ('b')`: the rows of an enum lookup table.
    fn insert(&mut self, insert: sqlparser::ast::Insert, sql: &str, line: usize) {
        let TableObject::TableName(name) = &insert.table else {
            self.warn(line, "INSERT is not imported");
            return;
        };
        let table = last(name);
        let values = insert.source.as_ref().and_then(|q| match q.body.as_ref() {
            SetExpr::Values(v) => v
                .rows
                .iter()
                .map(|row| match row.as_slice() {
                    [Expr::Value(v)] => match &v.value {
                        Value::SingleQuotedString(s) => Some(s.clone()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect::<Option<Vec<_>>>(),
            _ => None,
        });
        match (values, self.schema.table_mut(&table)) {
            (Some(values), Some(t)) if insert.columns.len() <= 1 => t.seed_values.extend(values),
            (_, t) => {
                let name = t.map(|t| t.name.clone());
                self.keep(
                    name,
                    sql,
                    line,
                    "rows other than enum values are data, not schema",
                );
            }
        }
    }

    /// `COMMENT ON TYPE name IS '...'` (sqlparser does not read it).
    fn comment_on_type(&mut self, sql: &str, line: usize) {
        let rest = sql["COMMENT ON TYPE".len()..].trim();
        let Some((name, text)) = rest.split_once(char::is_whitespace) else {
            self.warn(line, "cannot read this COMMENT ON TYPE");
            return;
        };
        let name = name
            .rsplit('.')
            .next()
            .unwrap_or(name)
            .trim_matches('"')
            .to_string();
        let text = text.trim();
        let body = text
            .get(2..)
            .filter(|_| text[..2].eq_ignore_ascii_case("is"))
            .map(str::trim)
            .and_then(|t| t.strip_prefix('\'')?.strip_suffix('\''))
            .map(|t| t.replace("''", "'"));
        match (body, self.schema.enums.iter_mut().find(|e| e.name == name)) {
            (Some(body), Some(e)) => e.comment = Some(body),
            _ => self.warn(line, format!("comment on type `{name}` is not imported")),
        }
    }

    /// Triggers: schemac's own `@on_update` triggers become `@on_update`; others are
    /// kept verbatim on their table.
    fn trigger(&mut self, sql: &str, line: usize) {
        let upper = sql.to_uppercase();
        let table = upper.find(" ON ").and_then(|at| {
            let rest = &sql[at + 4..];
            rest.split_whitespace().next().map(|t| {
                t.rsplit('.')
                    .next()
                    .unwrap_or(t)
                    .trim_matches('"')
                    .to_string()
            })
        });
        let on_update_columns: Vec<String> = if let Some(at) = upper.find("SCHEMAC_SET_UPDATED_AT(")
        {
            let args = &sql[at + "schemac_set_updated_at(".len()..];
            let args = &args[..args.find(')').unwrap_or(args.len())];
            args.split(',')
                .map(|a| a.trim().trim_matches('\'').to_string())
                .filter(|a| !a.is_empty())
                .collect()
        } else if upper.contains("_ON_UPDATE") && upper.contains("AFTER UPDATE") {
            // SQLite: `UPDATE t SET c = strftime(..) WHERE rowid = NEW.rowid`.
            upper
                .find(" SET ")
                .map(|at| {
                    sql[at + 5..]
                        .split('=')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_matches('"')
                        .to_string()
                })
                .into_iter()
                .collect()
        } else {
            Vec::new()
        };
        if let (Some(t), false) = (&table, on_update_columns.is_empty()) {
            if let Some(t) = self.schema.table_mut(t) {
                for c in on_update_columns {
                    if let Some(c) = t.column_mut(&c) {
                        c.on_update_now = true;
                    }
                }
                return;
            }
        }
        self.keep(table, sql, line, "a trigger has no `.schema` form");
    }
}

/// Statements that set up a session or a transaction and describe no schema.
fn is_session_statement(upper: &str) -> bool {
    [
        "SET ",
        "BEGIN",
        "COMMIT",
        "START TRANSACTION",
        "PRAGMA",
        "SELECT PG_CATALOG.SET_CONFIG",
        "USE ",
        "LOCK TABLES",
        "UNLOCK TABLES",
    ]
    .iter()
    .any(|p| upper.starts_with(p))
        || upper == "BEGIN TRANSACTION"
}

/// `CREATE TABLE .. (..) PARTITION BY RANGE (col) [..]`: the statement without the
/// partition clause (sqlparser does not read PostgreSQL's), and the column.
fn cut_partition(sql: &str) -> (String, Option<String>) {
    let upper = sql.to_uppercase();
    let Some(at) = upper.find("PARTITION BY RANGE") else {
        return (sql.to_string(), None);
    };
    let rest = &sql[at + "PARTITION BY RANGE".len()..];
    let column = rest
        .trim_start()
        .strip_prefix('(')
        .and_then(|r| r.split(')').next())
        .map(|c| c.trim().trim_matches('"').trim_matches('`').to_string())
        .filter(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'));
    (sql[..at].to_string(), column)
}

/// MySQL's deprecated `VARCHAR(n) BINARY` column attribute (a binary collation), which
/// sqlparser does not read: the statement without it, and whether it was there.
fn cut_binary_attribute(sql: &str) -> (String, bool) {
    let mut out = String::with_capacity(sql.len());
    let mut found = false;
    let mut rest = sql;
    while let Some(at) = rest.find(')') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let trimmed = rest.trim_start();
        let word = trimmed
            .get(..6)
            .filter(|w| w.eq_ignore_ascii_case("binary"));
        let ends = trimmed[word.map_or(0, str::len)..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '('));
        if word.is_some() && ends {
            found = true;
            rest = &trimmed[6..];
            out.push(' ');
        }
    }
    out.push_str(rest);
    (out, found)
}

/// The table a statement we could not read is about: after `ON` (triggers, indexes) or
/// `TABLE` (`ALTER TABLE x`).
fn table_named_in(upper: &str, sql: &str) -> Option<String> {
    let at = upper
        .find(" ON ")
        .map(|a| a + 4)
        .or_else(|| upper.find("TABLE ").map(|a| a + 6))?;
    let word = sql
        .get(at..)?
        .split(|c: char| c.is_whitespace() || c == '(')
        .find(|w| !w.is_empty())?;
    let word = word.rsplit('.').next().unwrap_or(word);
    Some(word.trim_matches(|c| c == '"' || c == '`').to_string())
}

/// Adds a table constraint; returns why not when the language cannot express it.
fn constraint_into(table: &mut Table, constraint: TableConstraint) -> Option<String> {
    let names = |cols: &[sqlparser::ast::IndexColumn]| -> Option<Vec<String>> {
        cols.iter()
            .map(|c| match &c.column.expr {
                Expr::Identifier(i) => Some(i.value.clone()),
                _ => None,
            })
            .collect()
    };
    match constraint {
        TableConstraint::PrimaryKey { columns, .. } => {
            let columns = names(&columns)?;
            for c in &columns {
                if let Some(col) = table.column_mut(c) {
                    col.nullable = false;
                }
            }
            table.primary_key = columns;
            None
        }
        TableConstraint::Unique { columns, .. } => match names(&columns) {
            Some(columns) => {
                table.uniques.push(columns);
                None
            }
            None => Some("a unique constraint on expressions".to_string()),
        },
        TableConstraint::ForeignKey {
            columns,
            foreign_table,
            referred_columns,
            on_delete,
            on_update,
            ..
        } => {
            table.foreign_keys.push(ForeignKey {
                columns: columns.into_iter().map(|c| c.value).collect(),
                ref_table: last(&foreign_table),
                ref_columns: referred_columns.into_iter().map(|c| c.value).collect(),
                on_delete,
                on_update,
            });
            None
        }
        TableConstraint::Check { name, expr, .. } => {
            table.checks.push(Check {
                name: name.map(|n| n.value),
                expr: *expr,
            });
            None
        }
        TableConstraint::Index { name, columns, .. } => {
            let sql = format!(
                "CREATE INDEX {} ON {} ({})",
                name.as_ref().map_or("idx".to_string(), |n| n.value.clone()),
                table.name,
                columns
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let keys = columns
                .iter()
                .map(|c| match &c.column.expr {
                    Expr::Identifier(i) => Some(IndexKey {
                        column: i.value.clone(),
                        desc: c.column.options.asc == Some(false),
                    }),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>();
            let inexpressible = keys
                .is_none()
                .then(|| "an index on an expression".to_string());
            table.indexes.push(Index {
                name: name.map(|n| n.value),
                columns: keys.unwrap_or_default(),
                unique: false,
                predicate: None,
                sql,
                inexpressible,
            });
            None
        }
        other => Some(format!("the constraint `{other}` has no `.schema` form")),
    }
}

fn table_comment(create: &CreateTable) -> Option<String> {
    let from_def = |c: &CommentDef| match c {
        CommentDef::WithEq(s) | CommentDef::WithoutEq(s) => s.clone(),
    };
    if let Some(c) = &create.comment {
        return Some(from_def(c));
    }
    let options: &[SqlOption] = match &create.table_options {
        CreateTableOptions::With(o)
        | CreateTableOptions::Options(o)
        | CreateTableOptions::Plain(o)
        | CreateTableOptions::TableProperties(o) => o,
        CreateTableOptions::None => &[],
    };
    options.iter().find_map(|o| match o {
        SqlOption::Comment(c) => Some(from_def(c)),
        _ => None,
    })
}

/// The last part of a possibly schema-qualified name, unquoted.
pub fn last(name: &ObjectName) -> String {
    name.0
        .last()
        .map(|p| {
            p.as_ident()
                .map_or_else(|| p.to_string(), |i| i.value.clone())
        })
        .unwrap_or_default()
}

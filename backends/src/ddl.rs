//! The DDL assembler: walks the IR in [`crate::order`]'s order, asks the dialect its
//! questions, and hands ready strings to the templates. Statement order: named enum
//! types, tables, seed rows, indexes, `@on_update` triggers, deferred foreign keys,
//! comments, the traits' objects, then the `@sql(..)` statements of the dialect. The
//! long lists (tables, seed rows, indexes) are rendered by [`crate::parallel`].

use std::collections::HashSet;

use schemac_compiler::ir::{
    BinaryOp, Column, ColumnType, Expr, ForeignKey, Index, IndexMethod, Schema, Table,
};
use schemac_compiler::planner::soft_delete::DELETED_AT;
use serde::Serialize;

use crate::dialect::{CommentPlacement, Dialect, OnUpdateSupport};
use crate::expr::{ColumnScope, ExprRenderer};
use crate::layout::{Learned, Slots};
use crate::naming::Namer;
use crate::order::order_tables;
use crate::parallel::{render_list, ByTemplate, Statement};
use crate::templates;

/// The shared PostgreSQL trigger function that keeps `@on_update` columns current.
pub const ON_UPDATE_FUNCTION: &str = "schemac_set_updated_at";

/// The name of the CHECK that emulates a column's type: `<table>_<column>_<kind>_check`.
pub fn type_check_name(namer: &Namer, table: &str, column: &str, kind: &str) -> String {
    namer.derived(&[table, column, kind, "check"])
}

/// The name of the per-table `@on_update` trigger.
pub fn on_update_trigger_name(namer: &Namer, table: &str) -> String {
    namer.derived(&[table, "on_update"])
}

/// True when a partial unique index needs the generated-column fallback: on engines
/// without partial indexes a virtual column is 1 where the predicate holds and NULL
/// elsewhere, and the unique index covers it, so only rows matching the predicate can
/// collide (unique indexes admit any number of NULLs).
pub fn needs_partial_unique_fallback(dialect: &dyn Dialect, index: &Index) -> bool {
    !dialect.supports_partial_indexes() && index.unique && index.predicate.is_some()
}

/// The logical name of the fallback column of a partial unique index.
pub fn partial_marker_column(namer: &Namer, index: &Index) -> String {
    namer.derived(&[&index.name, "pred"])
}

/// True when the engine builds `index` of `table`: an inverted (GIN) index exists only
/// where the dialect has GIN or indexes the column's elements (see
/// [`multi_valued_key`]); elsewhere it is left out and containment scans.
pub fn builds_index(dialect: &dyn Dialect, namer: &Namer, table: &Table, index: &Index) -> bool {
    index.method != IndexMethod::Gin
        || dialect.supports_gin()
        || multi_valued_key(dialect, namer, table, index).is_some()
}

/// The key part that stands in for an inverted index on an engine without GIN:
/// [`Dialect::multi_valued_key`] of the index's one column, when the dialect has one
/// for the column's type.
pub fn multi_valued_key(
    dialect: &dyn Dialect,
    namer: &Namer,
    table: &Table,
    index: &Index,
) -> Option<String> {
    if index.method != IndexMethod::Gin || dialect.supports_gin() {
        return None;
    }
    let [key] = index.columns.as_slice() else {
        return None;
    };
    let column = table.column(&key.column)?;
    dialect.multi_valued_key(&namer.ident(&column.name), &column.ty)
}

/// The partial-index fallback on engines without partial indexes: the columns that a
/// non-unique index's predicate compares with a literal (`visibility = 'listed'`) or
/// tests with `IS NULL` (except the live-rows filter `deleted_at IS NULL`) lead its key
/// instead, so that the lookup still narrows to the matching rows. The rest of
/// the predicate is dropped and filtered after the lookup.
pub fn predicate_key_columns(dialect: &dyn Dialect, index: &Index) -> Vec<String> {
    let Some(predicate) = index
        .predicate
        .as_ref()
        .filter(|_| !dialect.supports_partial_indexes() && !index.unique)
    else {
        return Vec::new();
    };
    let mut columns = Vec::new();
    let mut stack = vec![predicate];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Binary {
                op: BinaryOp::And,
                lhs,
                rhs,
            } => {
                stack.push(rhs);
                stack.push(lhs);
            }
            Expr::Binary {
                op: BinaryOp::Eq,
                lhs,
                rhs,
            } => {
                if let (Expr::Column(c), Expr::Value(_)) = (lhs.as_ref(), rhs.as_ref()) {
                    if !columns.contains(c) && index.columns.iter().all(|k| &k.column != c) {
                        columns.push(c.clone());
                    }
                }
            }
            Expr::IsNull {
                expr,
                negated: false,
            } => {
                if let Expr::Column(c) = expr.as_ref() {
                    if c != DELETED_AT
                        && !columns.contains(c)
                        && index.columns.iter().all(|k| &k.column != c)
                    {
                        columns.push(c.clone());
                    }
                }
            }
            _ => {}
        }
    }
    columns
}

/// The type of the fallback column.
pub const PARTIAL_MARKER_TYPE: ColumnType = ColumnType::SmallInt;

/// A named enum type to create: its name, values and comment.
pub struct NamedEnum<'s> {
    pub name: &'s str,
    pub values: &'s [String],
    pub comment: Option<&'s str>,
}

/// The named enum types (for dialects whose native enums are named types): the
/// schema's enums, then any enum a column uses that the schema does not list.
pub fn named_enums<'s>(schema: &'s Schema, dialect: &dyn Dialect) -> Vec<NamedEnum<'s>> {
    if !(dialect.supports_native_enums() && dialect.native_enum_is_named_type()) {
        return Vec::new();
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut enums = Vec::new();
    for e in &schema.enums {
        if seen.insert(e.name.as_str()) {
            enums.push(NamedEnum {
                name: &e.name,
                values: &e.values,
                comment: e.comment.as_deref(),
            });
        }
    }
    for table in &schema.tables {
        for column in &table.columns {
            if let Some((name, values)) = enum_of(&column.ty) {
                if seen.insert(name) {
                    enums.push(NamedEnum {
                        name,
                        values,
                        comment: None,
                    });
                }
            }
        }
    }
    enums
}

fn enum_of(ty: &ColumnType) -> Option<(&str, &[String])> {
    match ty {
        ColumnType::Enum(native) => Some((&native.name, &native.values)),
        ColumnType::Array(inner) => enum_of(inner),
        _ => None,
    }
}

#[derive(Serialize)]
struct EnumCtx {
    name: String,
    values: Vec<String>,
}

/// One `CREATE TABLE`. The column and constraint lines come joined (see [`TableBody`]),
/// so that the template's context is three strings per table.
#[derive(Serialize)]
struct TableCtx {
    name: String,
    body: String,
    options: String,
}

impl Statement for TableCtx {
    type Runs = Learned<Self>;
}

impl Slots for TableCtx {
    const SLOTS: usize = 3;

    fn text(&self, slot: usize) -> Option<&str> {
        Some(match slot {
            0 => &self.name,
            1 => &self.body,
            _ => &self.options,
        })
    }

    fn flags(&self) -> u32 {
        0
    }

    fn stand_in(texts: &[Option<&'static str>], _: u32) -> Self {
        let text = |slot: usize| texts[slot].unwrap_or_default().to_string();
        TableCtx {
            name: text(0),
            body: text(1),
            options: text(2),
        }
    }
}

/// The lines of a `CREATE TABLE` body, joined as they are written: `,`, a new line and
/// two spaces between lines. Writing them straight into one string spares a string per
/// line and the template a `join` per table, the bulk of the DDL of a large schema.
struct TableBody {
    text: String,
}

impl TableBody {
    /// An empty body with room for about `lines` lines, so that it seldom grows.
    fn with_lines(lines: usize) -> Self {
        TableBody {
            text: String::with_capacity(lines * 64),
        }
    }

    /// Starts a new line and returns the text to append it to.
    fn line(&mut self) -> &mut String {
        if !self.text.is_empty() {
            self.text.push_str(",\n  ");
        }
        &mut self.text
    }
}

#[derive(Serialize)]
struct InsertCtx {
    table: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Statement for InsertCtx {
    type Runs = ByTemplate;
}

#[derive(Serialize)]
struct IndexCtx {
    unique: bool,
    name: String,
    table: String,
    /// `gin` for an inverted index where the engine has GIN; `None` for the default
    /// B-tree (a multi-valued index is a B-tree over its key expression).
    method: Option<&'static str>,
    /// The key parts (columns, or a parenthesized expression), joined with `, `.
    keys: String,
    predicate: Option<String>,
    /// The statement, already written, when the engine runs it only on some servers
    /// (see [`Dialect::multi_valued_statement`]): the template writes it instead of
    /// laying out the fields above.
    guarded: Option<String>,
}

impl Statement for IndexCtx {
    type Runs = Learned<Self>;
}

impl Slots for IndexCtx {
    const SLOTS: usize = 6;

    fn text(&self, slot: usize) -> Option<&str> {
        match slot {
            0 => Some(&self.name),
            1 => Some(&self.table),
            2 => self.method,
            3 => Some(&self.keys),
            4 => self.predicate.as_deref(),
            _ => self.guarded.as_deref(),
        }
    }

    fn flags(&self) -> u32 {
        u32::from(self.unique)
    }

    fn stand_in(texts: &[Option<&'static str>], flags: u32) -> Self {
        let text = |slot: usize| texts[slot].unwrap_or_default().to_string();
        IndexCtx {
            unique: flags & 1 == 1,
            name: text(0),
            table: text(1),
            method: texts[2],
            keys: text(3),
            predicate: texts[4].map(str::to_string),
            guarded: texts[5].map(str::to_string),
        }
    }
}

#[derive(Serialize)]
struct ForeignKeyCtx {
    table: String,
    definition: String,
}

#[derive(Serialize)]
struct CommentCtx {
    target: String,
    text: String,
}

#[derive(Serialize)]
struct TriggerCtx {
    name: String,
    table: String,
    columns: Vec<String>,
    column_literals: Vec<String>,
}

/// Renders the full DDL of `schema` for `dialect`.
pub fn render_ddl(schema: &Schema, dialect: &dyn Dialect) -> String {
    Assembler::new(dialect).render(schema, true)
}

/// The full DDL of `schema` for `dialect`, as its sections.
pub fn ddl_sections(schema: &Schema, dialect: &dyn Dialect) -> Ddl {
    Assembler::new(dialect).sections(schema, true)
}

/// A DDL text as its sections (lists of statements), which are written out separated
/// by blank lines and followed by a line break: the text of [`render_ddl`], written
/// without first copying the megabytes of a large schema into one string.
pub struct Ddl {
    sections: Vec<String>,
}

impl Ddl {
    /// Writes the text to `out`.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        self.for_each_piece(|piece| out.write_all(piece.as_bytes()))
    }

    /// The text as one string.
    pub fn into_string(self) -> String {
        let mut text = String::with_capacity(self.sections.iter().map(|s| s.len() + 2).sum());
        self.for_each_piece(|piece| {
            text.push_str(piece);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
        text
    }

    /// Calls `f` with each piece of the text in order: the sections, the blank lines
    /// between them, and the final line break of a text that is not empty.
    fn for_each_piece<E>(&self, mut f: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        for (i, section) in self.sections.iter().enumerate() {
            if i > 0 {
                f("\n\n")?;
            }
            f(section)?;
        }
        let empty = self.sections.len() < 2 && self.sections.iter().all(|s| s.is_empty());
        if !empty {
            f("\n")?;
        }
        Ok(())
    }
}

/// Renders the pieces of the DDL: whole statements (`render`) and the parts the
/// migration steps reuse, so that an object a migration creates is the same object as
/// in the full DDL.
pub(crate) struct Assembler<'d> {
    pub(crate) dialect: &'d dyn Dialect,
    pub(crate) namer: Namer<'d>,
    pub(crate) exprs: ExprRenderer<'d>,
}

impl<'d> Assembler<'d> {
    pub(crate) fn new(dialect: &'d dyn Dialect) -> Self {
        Assembler {
            dialect,
            namer: Namer::new(dialect),
            exprs: ExprRenderer::new(dialect, ColumnScope::Bare),
        }
    }
}

impl Assembler<'_> {
    /// The DDL of `schema`'s tables; with `with_enums`, its named enum types first.
    pub(crate) fn render(&self, schema: &Schema, with_enums: bool) -> String {
        self.sections(schema, with_enums).into_string()
    }

    /// [`Assembler::render`] as its sections.
    pub(crate) fn sections(&self, schema: &Schema, with_enums: bool) -> Ddl {
        let adapted = crate::partitions::for_dialect(schema, self.dialect);
        let schema: &Schema = &adapted;
        let large = schema.tables.len() >= crate::parallel::MIN_ITEMS_PER_THREAD;
        // Both read every table on one core: the enum scan reads every column.
        let (named, order) = schemac_compiler::parallel::beside(
            large,
            || named_enums(schema, self.dialect),
            || order_tables(schema, self.dialect.supports_alter_add_foreign_key()),
        );
        let ordered: Vec<&Table> = order.tables.iter().map(|&i| &schema.tables[i]).collect();
        let mut sections: Vec<String> = Vec::new();

        let enums: Vec<EnumCtx> = named
            .iter()
            .map(|e| EnumCtx {
                name: self.namer.ident(e.name),
                values: self.dialect.string_literals(e.values),
            })
            .collect();
        if with_enums && !enums.is_empty() {
            sections.push(templates::render(
                "create_enum_types.sql.j2",
                minijinja::context! { enums },
            ));
        }

        // The trigger and comment passes read every column of every table, on one
        // core: on a large schema they run beside the long lists, which share the
        // other cores.
        let passes = || {
            let assembler = Assembler::new(self.dialect);
            let triggers: Vec<TriggerCtx> = match self.dialect.on_update() {
                OnUpdateSupport::RowTrigger { .. } => ordered
                    .iter()
                    .filter_map(|t| assembler.trigger(t))
                    .collect(),
                _ => Vec::new(),
            };
            let comments = match self.dialect.comment_placement() {
                CommentPlacement::Statements => assembler.comment_statements(&named, &ordered),
                _ => Vec::new(),
            };
            (triggers, comments)
        };
        let lists = |sections: &mut Vec<String>| {
            sections.extend(render_list(
                self.dialect,
                "create_tables.sql.j2",
                "tables",
                &order.tables,
                |a, &i, tables| tables.push(a.table(&schema.tables[i], order.deferred(i))),
            ));
            sections.extend(render_list(
                self.dialect,
                "insert_seed_rows.sql.j2",
                "inserts",
                &ordered,
                |a, t, inserts| inserts.extend(a.seed_rows(t)),
            ));
            sections.extend(render_list(
                self.dialect,
                "create_indexes.sql.j2",
                "indexes",
                &ordered,
                |a, t, indexes| {
                    let built = t
                        .indexes
                        .iter()
                        .filter(|i| builds_index(a.dialect, &a.namer, t, i));
                    indexes.extend(built.map(|i| a.index(t, i)));
                },
            ));
        };
        let ((triggers, comments), ()) =
            schemac_compiler::parallel::beside(large, passes, || lists(&mut sections));

        if let OnUpdateSupport::RowTrigger { setup, trigger } = self.dialect.on_update() {
            if !triggers.is_empty() {
                let function = self.namer.ident(ON_UPDATE_FUNCTION);
                let now = self.dialect.now();
                if let Some(setup) = setup {
                    sections.push(templates::render(
                        setup,
                        minijinja::context! { function, now },
                    ));
                }
                sections.push(templates::render(
                    trigger,
                    minijinja::context! { triggers, function, now },
                ));
            }
        }

        let foreign_keys: Vec<ForeignKeyCtx> = order
            .deferred_foreign_keys()
            .into_iter()
            .map(|(t, f)| {
                let table = &schema.tables[t];
                ForeignKeyCtx {
                    table: self.namer.ident(&table.name),
                    definition: self.foreign_key(&table.foreign_keys[f]),
                }
            })
            .collect();
        if !foreign_keys.is_empty() {
            sections.push(templates::render(
                "add_foreign_keys.sql.j2",
                minijinja::context! { foreign_keys },
            ));
        }

        if !comments.is_empty() {
            sections.push(templates::render(
                "comment_statements.sql.j2",
                minijinja::context! { comments },
            ));
        }

        sections.extend(crate::patterns::ddl_sections(
            schema,
            &ordered,
            self.dialect,
        ));
        sections.extend(crate::verbatim::ddl_section(schema, self.dialect));

        Ddl { sections }
    }

    fn table(&self, table: &Table, deferred: &[bool]) -> TableCtx {
        let lines = table.columns.len() + table.uniques.len() + table.foreign_keys.len() + 1;
        let mut body = TableBody::with_lines(lines);
        for column in &table.columns {
            self.push_column(body.line(), column);
        }
        for index in &table.indexes {
            if let (true, Some(predicate)) = (
                needs_partial_unique_fallback(self.dialect, index),
                &index.predicate,
            ) {
                let name = self.namer.ident(&partial_marker_column(&self.namer, index));
                let ty = self.dialect.column_type(&PARTIAL_MARKER_TYPE);
                let expr = format!("CASE WHEN {} THEN 1 END", self.exprs.render(predicate));
                body.line()
                    .push_str(&self.dialect.generated_column(&name, &ty, &expr));
            }
        }
        if !table.primary_key.columns.is_empty() {
            let line = body.line();
            line.push_str("CONSTRAINT ");
            self.namer.push_ident(line, &table.primary_key.name);
            line.push_str(" PRIMARY KEY (");
            self.namer.push_idents(line, &table.primary_key.columns);
            line.push(')');
        }
        for unique in &table.uniques {
            let line = body.line();
            line.push_str("CONSTRAINT ");
            self.namer.push_ident(line, &unique.name);
            line.push_str(" UNIQUE (");
            self.namer.push_idents(line, &unique.columns);
            line.push(')');
        }
        for (fk, &is_deferred) in table.foreign_keys.iter().zip(deferred) {
            if !is_deferred {
                self.push_foreign_key(body.line(), fk);
            }
        }
        if self.dialect.supports_check_constraints() {
            for column in &table.columns {
                let ident = self.namer.ident_cow(&column.name);
                if let Some(check) = self.dialect.type_check(&ident, &column.ty) {
                    let name = type_check_name(&self.namer, &table.name, &column.name, check.kind);
                    push_check(body.line(), &self.namer.quote_if_needed(name), &check.sql);
                }
            }
            for check in &table.checks {
                push_check(
                    body.line(),
                    &self.namer.ident_cow(&check.name),
                    &self.exprs.render(&check.expr),
                );
            }
        }
        let comment = match self.dialect.comment_placement() {
            CommentPlacement::Inline => table.comment.as_deref(),
            CommentPlacement::Statements | CommentPlacement::Unsupported => None,
        };
        TableCtx {
            name: self.namer.ident(&table.name),
            body: body.text,
            options: crate::partitions::table_options(
                self.dialect.table_options(comment),
                table,
                self.dialect,
            ),
        }
    }

    pub(crate) fn column(&self, column: &Column) -> String {
        let mut sql = String::new();
        self.push_column(&mut sql, column);
        sql
    }

    /// Appends a column definition: name, type, then its clauses, separated by spaces.
    fn push_column(&self, out: &mut String, column: &Column) {
        self.namer.push_ident(out, &column.name);
        out.push(' ');
        out.push_str(&self.dialect.column_type(&column.ty));
        if !column.nullable {
            out.push_str(" NOT NULL");
        }
        if column.identity {
            if let Some(clause) = self.dialect.identity_clause() {
                out.push(' ');
                out.push_str(clause);
            }
        } else if let Some(default) = &column.default {
            out.push_str(" DEFAULT ");
            out.push_str(&self.exprs.default_value(default, &column.ty));
        }
        if let (true, OnUpdateSupport::ColumnClause(clause)) =
            (column.on_update_now, self.dialect.on_update())
        {
            out.push(' ');
            out.push_str(clause);
        }
        if let (CommentPlacement::Inline, Some(comment)) =
            (self.dialect.comment_placement(), &column.comment)
        {
            out.push_str(" COMMENT ");
            out.push_str(&self.dialect.string_literal(comment));
        }
    }

    pub(crate) fn foreign_key(&self, fk: &ForeignKey) -> String {
        let mut sql = String::new();
        self.push_foreign_key(&mut sql, fk);
        sql
    }

    fn push_foreign_key(&self, out: &mut String, fk: &ForeignKey) {
        out.push_str("CONSTRAINT ");
        self.namer.push_ident(out, &fk.name);
        out.push_str(" FOREIGN KEY (");
        self.namer.push_idents(out, &fk.columns);
        out.push_str(") REFERENCES ");
        self.namer.push_ident(out, &fk.ref_table);
        out.push_str(" (");
        self.namer.push_idents(out, &fk.ref_columns);
        out.push_str(") ON DELETE ");
        out.push_str(self.dialect.ref_action(fk.on_delete));
        out.push_str(" ON UPDATE ");
        out.push_str(self.dialect.ref_action(fk.on_update));
    }

    fn seed_rows(&self, table: &Table) -> Option<InsertCtx> {
        let width = table.seed_rows.iter().map(Vec::len).max()?;
        let columns: Vec<&Column> = table.columns.iter().take(width).collect();
        if columns.is_empty() {
            return None;
        }
        let rows = table
            .seed_rows
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .enumerate()
                    .map(|(i, column)| match row.get(i) {
                        Some(value) => self
                            .exprs
                            .default_value(&Expr::Value(value.clone()), &column.ty),
                        None => "DEFAULT".to_string(),
                    })
                    .collect()
            })
            .collect();
        Some(InsertCtx {
            table: self.namer.ident(&table.name),
            columns: columns.iter().map(|c| self.namer.ident(&c.name)).collect(),
            rows,
        })
    }

    /// One index as the full DDL creates it: a multi-valued index in the statement
    /// [`Dialect::multi_valued_statement`] wraps it in.
    fn index(&self, table: &Table, index: &Index) -> IndexCtx {
        let multi_valued = multi_valued_key(self.dialect, &self.namer, table, index);
        let mut ctx = self.bare_index(table, index, multi_valued.as_deref());
        if multi_valued.is_some() {
            let statement = render_index(&ctx);
            ctx.guarded = Some(self.dialect.multi_valued_statement(&statement));
        }
        ctx
    }

    /// One index as a plain `CREATE INDEX` lays it out; `multi_valued` is its
    /// [`multi_valued_key`], which stands for its one key column.
    fn bare_index(&self, table: &Table, index: &Index, multi_valued: Option<&str>) -> IndexCtx {
        let mut keys = String::new();
        for column in predicate_key_columns(self.dialect, index) {
            push_list_separator(&mut keys);
            self.namer.push_ident(&mut keys, &column);
        }
        for column in &index.columns {
            push_list_separator(&mut keys);
            if let Some(key) = multi_valued {
                // A functional key part, in its own parentheses; it takes no order.
                keys.push('(');
                keys.push_str(key);
                keys.push(')');
                continue;
            }
            self.namer.push_ident(&mut keys, &column.column);
            if let Some(opclass) = column.opclass.and_then(|c| self.dialect.index_opclass(c)) {
                keys.push(' ');
                keys.push_str(opclass);
            }
            if column.desc && self.dialect.supports_descending_indexes() {
                keys.push_str(" DESC");
            }
        }
        let predicate = match &index.predicate {
            Some(predicate) if self.dialect.supports_partial_indexes() => {
                Some(self.exprs.render(predicate))
            }
            _ => None,
        };
        if needs_partial_unique_fallback(self.dialect, index) {
            push_list_separator(&mut keys);
            self.namer
                .push_ident(&mut keys, &partial_marker_column(&self.namer, index));
        }
        IndexCtx {
            unique: index.unique,
            name: self.namer.ident(&index.name),
            table: self.namer.ident(&table.name),
            method: (index.method == IndexMethod::Gin && self.dialect.supports_gin())
                .then_some("gin"),
            keys,
            predicate,
            guarded: None,
        }
    }

    fn trigger(&self, table: &Table) -> Option<TriggerCtx> {
        let columns: Vec<&Column> = table.columns.iter().filter(|c| c.on_update_now).collect();
        if columns.is_empty() {
            return None;
        }
        Some(TriggerCtx {
            name: self
                .namer
                .quote_if_needed(on_update_trigger_name(&self.namer, &table.name)),
            table: self.namer.ident(&table.name),
            columns: columns.iter().map(|c| self.namer.ident(&c.name)).collect(),
            column_literals: columns
                .iter()
                .map(|c| self.dialect.string_literal(&self.namer.name(&c.name)))
                .collect(),
        })
    }

    fn comment_statements(&self, enums: &[NamedEnum], ordered: &[&Table]) -> Vec<CommentCtx> {
        let mut comments = Vec::new();
        for e in enums {
            if let Some(comment) = e.comment {
                comments.push(CommentCtx {
                    target: format!("TYPE {}", self.namer.ident(e.name)),
                    text: self.dialect.string_literal(comment),
                });
            }
        }
        for table in ordered {
            let name = self.namer.ident_cow(&table.name);
            if let Some(comment) = &table.comment {
                comments.push(CommentCtx {
                    target: format!("TABLE {name}"),
                    text: self.dialect.string_literal(comment),
                });
            }
            for column in &table.columns {
                if let Some(comment) = &column.comment {
                    comments.push(CommentCtx {
                        target: format!("COLUMN {name}.{}", self.namer.ident_cow(&column.name)),
                        text: self.dialect.string_literal(comment),
                    });
                }
            }
        }
        comments
    }

    /// One `CREATE TABLE` statement with every foreign key inline.
    pub(crate) fn create_table(&self, table: &Table) -> String {
        let tables = [self.table(table, &vec![false; table.foreign_keys.len()])];
        templates::render("create_tables.sql.j2", minijinja::context! { tables })
    }

    /// One `CREATE [UNIQUE] INDEX` statement, as in the full DDL; a comment when the
    /// engine cannot build the index (see [`builds_index`]).
    pub(crate) fn create_index(&self, table: &Table, index: &Index) -> String {
        if !builds_index(self.dialect, &self.namer, table, index) {
            return format!(
                "-- {} is not created: {} has no inverted index.\n",
                index.name,
                self.dialect.name()
            );
        }
        render_index(&self.index(table, index))
    }

    /// The plain `CREATE [UNIQUE] INDEX` statement of an index the engine builds: for a
    /// multi-valued index, the statement before [`Dialect::multi_valued_statement`]
    /// wraps it (a migration adds its online clause first).
    pub(crate) fn bare_create_index(&self, table: &Table, index: &Index) -> String {
        let multi_valued = multi_valued_key(self.dialect, &self.namer, table, index);
        render_index(&self.bare_index(table, index, multi_valued.as_deref()))
    }

    /// The `INSERT` of `rows` into a lookup table, as the full DDL seeds it.
    pub(crate) fn insert_rows(&self, table: &Table) -> Option<String> {
        let inserts = [self.seed_rows(table)?];
        Some(templates::render(
            "insert_seed_rows.sql.j2",
            minijinja::context! { inserts },
        ))
    }

    /// The setup and the `@on_update` trigger of one table, for dialects that use a row
    /// trigger; `None` when the table has no such column or the dialect needs none.
    pub(crate) fn on_update_trigger(&self, table: &Table) -> Option<String> {
        let OnUpdateSupport::RowTrigger { setup, trigger } = self.dialect.on_update() else {
            return None;
        };
        let triggers = [self.trigger(table)?];
        let function = self.namer.ident(ON_UPDATE_FUNCTION);
        let now = self.dialect.now();
        let mut sections = Vec::new();
        if let Some(setup) = setup {
            sections.push(templates::render(
                setup,
                minijinja::context! { function, now },
            ));
        }
        sections.push(templates::render(
            trigger,
            minijinja::context! { triggers, function, now },
        ));
        Some(sections.join("\n\n"))
    }

    /// The `CONSTRAINT ... CHECK` lines that emulate a column's type, as in the full DDL.
    pub(crate) fn type_check(&self, table: &str, column: &Column) -> Option<String> {
        let ident = self.namer.ident_cow(&column.name);
        let check = self.dialect.type_check(&ident, &column.ty)?;
        let name = type_check_name(&self.namer, table, &column.name, check.kind);
        let mut sql = String::new();
        push_check(&mut sql, &self.namer.quote_if_needed(name), &check.sql);
        Some(sql)
    }

    pub(crate) fn idents(&self, names: &[String]) -> String {
        let mut sql = String::new();
        self.namer.push_idents(&mut sql, names);
        sql
    }
}

/// The statement of one index, laid out by the template of the full DDL's list.
fn render_index(index: &IndexCtx) -> String {
    let indexes = [index];
    templates::render("create_indexes.sql.j2", minijinja::context! { indexes })
}

/// Appends `, ` to a list that already has an item.
fn push_list_separator(list: &mut String) {
    if !list.is_empty() {
        list.push_str(", ");
    }
}

/// Appends `CONSTRAINT <name> CHECK (<sql>)`, `name` already quoted.
fn push_check(out: &mut String, name: &str, sql: &str) {
    out.push_str("CONSTRAINT ");
    out.push_str(name);
    out.push_str(" CHECK (");
    out.push_str(sql);
    out.push(')');
}

#[cfg(test)]
mod tests {
    use super::{Ddl, IndexCtx, Learned, TableCtx};
    use crate::templates;

    /// The table and index templates lay out every shape of their contexts the way
    /// [`crate::layout`] can learn, so the long lists of a large schema are never
    /// rendered statement by statement (the snapshots prove the text the same).
    #[test]
    fn table_and_index_statements_are_learned() {
        let template = templates::template("create_tables.sql.j2");
        let mut tables = Learned::new();
        let table = |options: &str| TableCtx {
            name: "t".into(),
            body: "id int".into(),
            options: options.into(),
        };
        let text = tables.render(&template, "tables", &[table(""), table("STRICT")], 0);
        assert!(tables.all_learned(), "{text}");

        let template = templates::template("create_indexes.sql.j2");
        let mut indexes = Learned::new();
        let mut list = Vec::new();
        for shape in 0..32u32 {
            let bit = |n: u32| shape & 1 << n != 0;
            list.push(IndexCtx {
                unique: bit(0),
                name: "i".into(),
                table: "t".into(),
                method: bit(1).then_some("gin"),
                keys: "a, b".into(),
                predicate: bit(2).then(|| "a > 0".into()),
                guarded: bit(3).then(|| "DO 0;".into()),
            });
            if bit(4) {
                list.last_mut().unwrap().predicate = Some(String::new());
            }
        }
        let text = indexes.render(&template, "indexes", &list, 0);
        assert!(indexes.all_learned(), "{text}");
    }

    /// The text written out is the sections joined by blank lines, with a final line
    /// break unless that is empty, and the same as the text in one string.
    #[test]
    fn written_text_is_the_joined_text() {
        let cases: [&[&str]; 6] = [
            &[],
            &[""],
            &["a;"],
            &["", ""],
            &["a;", "b;"],
            &["a;", "", "c;"],
        ];
        for sections in cases {
            let joined = sections.join("\n\n");
            let expected = if joined.is_empty() {
                joined
            } else {
                joined + "\n"
            };
            let ddl = || Ddl {
                sections: sections.iter().map(|s| s.to_string()).collect(),
            };
            let mut written = Vec::new();
            ddl().write_to(&mut written).expect("writes to memory");
            assert_eq!(
                String::from_utf8(written).unwrap(),
                expected,
                "{sections:?}"
            );
            assert_eq!(ddl().into_string(), expected, "{sections:?}");
        }
    }
}

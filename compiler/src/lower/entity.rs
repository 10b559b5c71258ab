//! One entity to one table: columns, keys, foreign keys, constraints, indexes, scale.

use super::expr::{self, Scope};
use crate::ir::{
    BinaryOp, CheckConstraint, Column, ColumnType, Expr, ForeignKey, Index, IndexKey, IndexMethod,
    IndexOrigin, PrimaryKey, RefAction, Table, TableKind, TableScale, UniqueConstraint, Value,
};
use crate::naming::{self, NameLog};
use crate::resolve::keys::{self, has_attr};
use crate::resolve::{Entity, EntityField, FieldType, Model};
use crate::units;
use schemac_lang::ast::{self, Ident, Member};

/// Builds a table, claiming constraint names from `names` in a fixed order: primary
/// key, then per field (foreign keys, uniques, checks, indexes), then the hierarchy,
/// then table-level lines in source order.
pub fn lower(model: &Model, entity: &Entity, names: &mut NameLog) -> Table {
    let name = entity.table.clone();
    let room = Room::of(model, entity);
    // Lowering names the key, each foreign key, unique and check, and each declared
    // index; the index room holds the declared ones plus one per foreign key.
    let claims = 1 + room.uniques + room.checks + room.indexes;
    names.reserve(claims, claims * (name.len() + 16));
    let mut table = Table {
        primary_key: PrimaryKey {
            name: names.claim(naming::primary_key(&name)),
            columns: entity.primary_key.iter().map(|k| k.name.clone()).collect(),
        },
        source: entity.name().to_string(),
        kind: TableKind::Entity,
        comment: entity.decl.doc.as_ref().map(|d| d.text.clone()),
        columns: Vec::with_capacity(entity.fields.len() + 1),
        foreign_keys: Vec::with_capacity(room.foreign_keys),
        uniques: Vec::with_capacity(room.uniques),
        checks: Vec::with_capacity(room.checks),
        indexes: Vec::with_capacity(room.indexes),
        seed_rows: Vec::new(),
        scale: scale(model, entity),
        soft_delete: entity.is_soft_delete(),
        hierarchy: None,
        partitioning: None,
        append_only: false,
        verbatim: super::verbatim::statements(&entity.decl.attrs),
        name,
    };
    let mut lowering = Lowering {
        model,
        entity,
        table: &mut table,
        names,
        table_checks: 0,
    };
    if entity.implicit_id {
        lowering
            .table
            .columns
            .push(column("id".into(), ColumnType::BigInt, false, true));
    }
    for field in &entity.fields {
        lowering.field(field);
    }
    super::tree::lower(model, entity, lowering.table, lowering.names);
    for member in &entity.members {
        lowering.member(member.member);
    }
    table
}

/// How many foreign keys, uniques, checks and indexes an entity's own lines make, the
/// indexes the planner may add for its foreign keys included: each list gets its room
/// once, instead of growing by doubling (a list's first push makes room for four, and
/// a large schema has tens of thousands of lists). Traits (a tree, an audit log) may
/// add to them; a count that is off only costs a move.
struct Room {
    foreign_keys: usize,
    uniques: usize,
    checks: usize,
    indexes: usize,
}

impl Room {
    fn of(model: &Model, entity: &Entity) -> Room {
        let mut room = Room {
            foreign_keys: 0,
            uniques: 0,
            checks: 0,
            indexes: 0,
        };
        for field in &entity.fields {
            let f = field.field;
            match &field.ty {
                FieldType::Relation(r) if r.targets.len() == 1 => room.foreign_keys += 1,
                FieldType::Relation(r) if has_attr(&f.attrs, "exclusive_arcs") => {
                    room.foreign_keys += r.targets.len();
                    room.checks += 1;
                }
                FieldType::Relation(_) => {
                    room.checks += 1;
                    room.indexes += 1;
                }
                FieldType::Enum(e) if !keys::is_native_enum(model, *e, field) => {
                    room.foreign_keys += 1
                }
                _ => {}
            }
            room.uniques += usize::from(f.unique.is_some());
            room.checks += f.checks.len();
        }
        for member in &entity.members {
            match member.member {
                Member::Unique { .. } => room.uniques += 1,
                Member::Index(_) => room.indexes += 1,
                Member::Check { .. } => room.checks += 1,
                _ => {}
            }
        }
        room.indexes += room.foreign_keys;
        room
    }
}

struct Lowering<'l, 'm, 'a> {
    model: &'m Model<'a>,
    entity: &'m Entity<'a>,
    table: &'l mut Table,
    names: &'l mut NameLog,
    table_checks: usize,
}

fn column(name: String, ty: ColumnType, nullable: bool, identity: bool) -> Column {
    Column {
        name,
        ty,
        nullable,
        default: None,
        identity,
        on_update_now: false,
        comment: None,
        renamed_from: None,
        deprecated: false,
    }
}

/// The old name of a field from `@was(old)` (a name or a string), if written.
fn previous_name(attrs: &[ast::Attribute]) -> Option<String> {
    let attr = attrs.iter().find(|a| a.name.name == "was")?;
    match &attr.args.first()?.kind {
        ast::ExprKind::Path(path) if path.len() == 1 => Some(path[0].name.clone()),
        ast::ExprKind::Literal(ast::Literal::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn ref_action(action: Option<(ast::RefAction, schemac_lang::Span)>) -> RefAction {
    match action.map(|(a, _)| a) {
        None | Some(ast::RefAction::NoAction) => RefAction::NoAction,
        Some(ast::RefAction::Cascade) => RefAction::Cascade,
        Some(ast::RefAction::Restrict) => RefAction::Restrict,
        Some(ast::RefAction::SetNull) => RefAction::SetNull,
        Some(ast::RefAction::SetDefault) => RefAction::SetDefault,
    }
}

impl Lowering<'_, '_, '_> {
    fn scope(&self) -> Scope<'_, '_> {
        Scope {
            model: self.model,
            entity: self.entity,
            joins: None,
        }
    }

    fn field(&mut self, field: &EntityField) {
        let f = field.field;
        let nullable = f.ty.nullable;
        let comment = f.doc.as_ref().map(|d| d.text.clone());
        let start = self.table.columns.len();
        let identity = field.ty == FieldType::Id;
        let mut push = |name: String, ty: ColumnType| {
            let mut c = column(name, ty, nullable, identity);
            c.comment = comment.clone();
            self.table.columns.push(c);
        };
        if let FieldType::Relation(_) = field.ty {
            for key in keys::field_columns(self.model, field) {
                push(key.name, key.ty);
            }
        } else if let Some(ty) = keys::column_type(self.model, field, &field.ty) {
            push(keys::column_attr(f).unwrap_or(&f.name.name).to_string(), ty);
        }
        if let (Some(first), Some(default)) = (self.table.columns.get_mut(start), &f.default) {
            first.default = Some(Box::new(expr::default(
                &mut Scope {
                    model: self.model,
                    entity: self.entity,
                    joins: None,
                },
                field,
                default,
            )));
        }
        let deprecated = has_attr(&f.attrs, "deprecated");
        let was = previous_name(&f.attrs);
        for c in &mut self.table.columns[start..] {
            c.deprecated = deprecated;
            // A relation's columns carry the field name as a prefix (`user_id`): the old
            // column names take the old field name in its place.
            c.renamed_from =
                was.as_ref()
                    .map(|old| match c.name.strip_prefix(f.name.name.as_str()) {
                        Some(rest) => format!("{old}{rest}"),
                        None => old.clone(),
                    });
        }
        if has_attr(&f.attrs, "on_update") {
            if let Some(first) = self.table.columns.get_mut(start) {
                first.on_update_now = true;
            }
        }
        match &field.ty {
            FieldType::Relation(r) => match r.targets.as_slice() {
                [_] => {
                    if let Some(target) = self.model.target(field) {
                        let names = self.column_names(start);
                        self.foreign_key(names, target, r.on_delete, r.on_update);
                    }
                }
                targets if has_attr(&f.attrs, "exclusive_arcs") => {
                    self.exclusive_arcs(field, targets, r)
                }
                targets => self.polymorphic(&self.column_names(start), targets),
            },
            FieldType::Enum(e) if !keys::is_native_enum(self.model, *e, field) => {
                let lookup = naming::table_name(&self.model.enums[*e].name.name);
                let names = self.column_names(start);
                let fk = naming::foreign_key(&self.table.name, &names);
                self.table.foreign_keys.push(ForeignKey {
                    name: self.names.claim(fk),
                    columns: names,
                    ref_table: lookup,
                    ref_columns: vec!["value".into()],
                    on_delete: RefAction::Restrict,
                    on_update: RefAction::NoAction,
                });
            }
            _ => {}
        }
        if f.unique.is_some() && self.table.columns.len() > start {
            let names = self.column_names(start);
            let name = self.names.claim(naming::unique(&self.table.name, &names));
            self.table.uniques.push(UniqueConstraint {
                name,
                columns: names,
            });
        }
        for check in &f.checks {
            let first = self
                .table
                .columns
                .get(start)
                .map_or(f.name.name.as_str(), |c| c.name.as_str());
            let base = naming::column_check(&self.table.name, first);
            let expr = self.scope().lower(check);
            self.table.checks.push(CheckConstraint {
                name: self.names.claim(base),
                expr,
            });
        }
    }

    /// The names of the columns pushed since position `start`.
    fn column_names(&self, start: usize) -> Vec<String> {
        self.table.columns[start..]
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    fn foreign_key(
        &mut self,
        columns: Vec<String>,
        t: &Entity,
        on_delete: Option<(ast::RefAction, schemac_lang::Span)>,
        on_update: Option<(ast::RefAction, schemac_lang::Span)>,
    ) {
        let name = self
            .names
            .claim(naming::foreign_key(&self.table.name, &columns));
        self.table.foreign_keys.push(ForeignKey {
            name,
            columns,
            ref_table: t.table.clone(),
            ref_columns: t.primary_key.iter().map(|k| k.name.clone()).collect(),
            on_delete: ref_action(on_delete),
            on_update: ref_action(on_update),
        });
    }

    /// `-> A | B` with `@exclusive_arcs`: one nullable foreign key per target and a
    /// CHECK that exactly one is set (at most one when the relation is nullable).
    fn exclusive_arcs(&mut self, field: &EntityField, targets: &[Ident], r: &ast::Relation) {
        let name = &field.field.name.name;
        let mut all = Vec::new();
        for target in targets {
            let Some(t) = self.model.entity(&target.name) else {
                continue;
            };
            let prefix = format!("{name}_{}", naming::snake_case(t.name()));
            let columns: Vec<String> = keys::relation_columns(&prefix, &t.primary_key)
                .into_iter()
                .map(|c| c.name)
                .collect();
            // Each arc is nullable on its own; the CHECK enforces the relation's nullability.
            for c in self
                .table
                .columns
                .iter_mut()
                .filter(|c| columns.contains(&c.name))
            {
                c.nullable = true;
            }
            self.foreign_key(columns.clone(), t, r.on_delete, r.on_update);
            all.extend(columns.into_iter().take(1));
        }
        let op = if field.field.ty.nullable {
            BinaryOp::Le
        } else {
            BinaryOp::Eq
        };
        let expr = Expr::Binary {
            op,
            lhs: Box::new(Expr::CountNotNull(all)),
            rhs: Box::new(Expr::Value(Value::Number("1".into()))),
        };
        let check = self
            .names
            .claim(naming::column_check(&self.table.name, name));
        self.table
            .checks
            .push(CheckConstraint { name: check, expr });
    }

    /// `-> A | B` by default: `<name>_type` + `<name>_id`, a CHECK on the type and an
    /// index on both.
    fn polymorphic(&mut self, columns: &[String], targets: &[Ident]) {
        let [type_column, _] = columns else { return };
        let allowed = targets
            .iter()
            .map(|t| Expr::Value(Value::String(t.name.clone())))
            .collect();
        let expr = Expr::Binary {
            op: BinaryOp::In,
            lhs: Box::new(Expr::Column(type_column.clone())),
            rhs: Box::new(Expr::List(allowed)),
        };
        let check = self
            .names
            .claim(naming::column_check(&self.table.name, type_column));
        self.table
            .checks
            .push(CheckConstraint { name: check, expr });
        let index = self.names.claim(naming::index(&self.table.name, columns));
        self.table.indexes.push(Index {
            name: index,
            columns: columns.iter().map(IndexKey::ascending).collect(),
            unique: false,
            predicate: None,
            method: IndexMethod::BTree,
            origin: IndexOrigin::Polymorphic,
        });
    }

    /// The columns of a field named in a key, unique or index line.
    fn columns_of(&self, name: &str) -> Vec<String> {
        match self.entity.lookup(name) {
            Some(leaf) => match leaf.declared() {
                Some(f) => keys::field_columns(self.model, f)
                    .into_iter()
                    .map(|c| c.name)
                    .collect(),
                None => vec!["id".into()],
            },
            None => Vec::new(),
        }
    }

    fn member(&mut self, member: &Member) {
        match member {
            Member::Unique { columns, .. } => {
                let columns: Vec<String> = columns
                    .iter()
                    .flat_map(|c| self.columns_of(&c.name))
                    .collect();
                let name = self.names.claim(naming::unique(&self.table.name, &columns));
                self.table.uniques.push(UniqueConstraint { name, columns });
            }
            Member::Index(index) => {
                let keys: Vec<IndexKey> = index
                    .columns
                    .iter()
                    .flat_map(|c| {
                        let desc = c.direction == Some(ast::Direction::Desc);
                        self.columns_of(&c.name.name)
                            .into_iter()
                            .map(move |column| IndexKey {
                                column,
                                desc,
                                opclass: None,
                            })
                    })
                    .collect();
                let name = self
                    .names
                    .claim(naming::index_of_keys(&self.table.name, &keys));
                let predicate = index.predicate.as_ref().map(|p| self.scope().lower(p));
                self.table.indexes.push(Index {
                    name,
                    columns: keys,
                    unique: false,
                    predicate,
                    method: IndexMethod::BTree,
                    origin: IndexOrigin::User,
                });
            }
            Member::Check { expr, .. } => {
                self.table_checks += 1;
                let name = self
                    .names
                    .claim(naming::table_check(&self.table.name, self.table_checks));
                let expr = self.scope().lower(expr);
                self.table.checks.push(CheckConstraint { name, expr });
            }
            // The key is computed during resolution; scale is read by `scale`; the traits
            // are lowered by their own modules (`tree`, `audit`, `timeseries`).
            Member::PrimaryKey { .. }
            | Member::Scale(_)
            | Member::Audit { .. }
            | Member::Tree { .. }
            | Member::Timeseries(_)
            | Member::DistributeBy { .. }
            | Member::Field(_)
            | Member::With { .. } => {}
        }
    }
}

/// The table's expected size: its first `scale` line, else the project default.
fn scale(model: &Model, entity: &Entity) -> TableScale {
    let declared = entity.members.iter().find_map(|m| match m.member {
        Member::Scale(s) => Some(s),
        _ => None,
    });
    match declared {
        Some(s) => TableScale {
            rows: s.rows.value,
            growth_per_month: s
                .growth
                .as_ref()
                .and_then(|g| {
                    units::rate_unit_seconds(&g.per.name)
                        .map(|secs| g.count.value * units::SECONDS_PER_MONTH / secs)
                })
                .unwrap_or(0.0),
            declared: true,
        },
        None => TableScale {
            rows: model.project.settings.default_rows,
            growth_per_month: 0.0,
            declared: false,
        },
    }
}

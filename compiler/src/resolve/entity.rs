//! An entity with its mixins flattened: fields, constraints and traits of every `with`
//! mixin copied in at the position of the `with` line, in `with` order.

use super::keys::KeyColumn;
use super::types::{self, FieldType, TypeProblem};
use super::Model;
use crate::hashing::FxHasher;
use crate::naming;
use schemac_lang::ast::{EntityDecl, Expr, ExprKind, Field, Ident, Literal, Member};
use schemac_lang::Span;
use std::hash::Hasher;

pub struct Entity<'a> {
    pub decl: &'a EntityDecl,
    /// The table name: `@table("x")`, else derived from the entity name.
    pub table: String,
    /// Every field, own and copied from mixins, in column order. Duplicates are kept so
    /// that a check can report them; lookups by name find the first.
    pub fields: Vec<EntityField<'a>>,
    /// `(hash of the name, position)` of every field, sorted: a lookup is a binary
    /// search over integers that touches a name only to confirm a hit (names live in
    /// the syntax tree, and following them is what costs on large schemas).
    field_index: Vec<(u64, usize)>,
    /// Every other member (keys, indexes, checks, traits, scale), own and copied.
    pub members: Vec<EntityMember<'a>>,
    /// Every mixin expanded into the entity, nested ones included, in `with` order.
    pub mixins: Vec<&'a str>,
    /// The primary key columns (see [`super::keys`]).
    pub primary_key: Vec<KeyColumn>,
    /// True when the entity declares neither an `id` field nor `primary key (..)`, so
    /// it gets an implicit `id id` column.
    pub implicit_id: bool,
    /// True when the primary key goes through relations in a cycle and could not be
    /// computed.
    pub primary_key_cycle: bool,
}

pub struct EntityField<'a> {
    pub field: &'a Field,
    /// The resolved type; [`FieldType::Unknown`] when `problem` is set.
    pub ty: FieldType<'a>,
    /// Why the type did not resolve, for the type checks (boxed: it is rare, and the
    /// checks walk every field many times, so fields are kept small).
    pub problem: Option<Box<(Span, TypeProblem)>>,
    /// For a single-target relation, the target's index in [`Model::entities`] (when
    /// it exists).
    pub target: Option<usize>,
    /// The `with` mixin name this field was copied through, if any.
    pub mixin: Option<&'a Ident>,
}

pub struct EntityMember<'a> {
    pub member: &'a Member,
    /// The `with` mixin name this member was copied through, if any.
    pub mixin: Option<&'a Ident>,
}

impl<'a> Entity<'a> {
    pub fn name(&self) -> &'a str {
        &self.decl.name.name
    }

    pub fn field(&self, name: &str) -> Option<&EntityField<'a>> {
        let hash = name_hash(name);
        let at = self.field_index.partition_point(|&(h, _)| h < hash);
        self.field_index[at..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| &self.fields[i])
            .find(|f| f.field.name.name == name)
    }

    /// `(earlier, repeated)` positions of fields that repeat an earlier field's name.
    pub fn repeated_fields(&self) -> Vec<(usize, usize)> {
        let mut repeated = Vec::new();
        let mut run = 0;
        while run < self.field_index.len() {
            let hash = self.field_index[run].0;
            let len = self.field_index[run..]
                .iter()
                .take_while(|&&(h, _)| h == hash)
                .count();
            // Usually a run of one; a longer run holds repeats (or, rarely, a collision).
            let positions = &self.field_index[run..run + len];
            for (k, &(_, later)) in positions.iter().enumerate() {
                let name = &self.fields[later].field.name.name;
                if let Some(&(_, earlier)) = positions[..k]
                    .iter()
                    .find(|&&(_, e)| &self.fields[e].field.name.name == name)
                {
                    repeated.push((earlier, later));
                }
            }
            run += len;
        }
        repeated
    }

    /// The table name: `@table("x")`, else derived from the entity name.
    fn table_name(decl: &EntityDecl) -> String {
        let explicit = decl
            .attrs
            .iter()
            .find(|a| a.name.name == "table")
            .and_then(|a| match a.args.as_slice() {
                [Expr {
                    kind: ExprKind::Literal(Literal::String(s)),
                    ..
                }] if !s.trim().is_empty() => Some(s.clone()),
                _ => None,
            });
        explicit.unwrap_or_else(|| naming::table_name(&decl.name.name))
    }

    /// A field by name, including the implicit `id`.
    pub fn lookup(&self, name: &str) -> Option<Leaf<'_, 'a>> {
        match self.field(name) {
            Some(f) => Some(Leaf::Field(f)),
            None if self.implicit_id && name == "id" => Some(Leaf::ImplicitId),
            None => None,
        }
    }

    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.field.name.name.as_str())
    }

    /// True when the entity has the stdlib `SoftDelete` mixin (directly or nested).
    pub fn is_soft_delete(&self) -> bool {
        self.mixins.contains(&"SoftDelete")
    }

    /// Whether the entity has a `tree` line.
    pub fn tree(&self) -> Option<&'a Member> {
        self.members
            .iter()
            .map(|m| m.member)
            .find(|m| matches!(m, Member::Tree { .. }))
    }
}

/// The hash a field name is indexed by.
fn name_hash(name: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(name.as_bytes());
    hasher.finish()
}

/// A field a name resolves to: a declared one or the implicit `id`.
#[derive(Clone, Copy)]
pub enum Leaf<'m, 'a> {
    Field(&'m EntityField<'a>),
    ImplicitId,
}

impl<'m, 'a> Leaf<'m, 'a> {
    pub fn ty(&self) -> &'m FieldType<'a> {
        match self {
            Leaf::Field(f) => &f.ty,
            Leaf::ImplicitId => &FieldType::Id,
        }
    }

    pub fn name(&self) -> &'m str {
        match self {
            Leaf::Field(f) => &f.field.name.name,
            Leaf::ImplicitId => "id",
        }
    }

    /// The declared field, `None` for the implicit `id`.
    pub fn declared(&self) -> Option<&'m EntityField<'a>> {
        match self {
            Leaf::Field(f) => Some(f),
            Leaf::ImplicitId => None,
        }
    }
}

pub(super) fn flatten<'a>(model: &Model<'a>, decl: &'a EntityDecl) -> Entity<'a> {
    let mut entity = Entity {
        decl,
        table: Entity::table_name(decl),
        fields: Vec::with_capacity(decl.members.len()),
        field_index: Vec::new(),
        members: Vec::new(),
        mixins: Vec::new(),
        primary_key: Vec::new(),
        implicit_id: false,
        primary_key_cycle: false,
    };
    let mut stack = Vec::new();
    copy_members(model, &mut entity, &decl.members, None, &mut stack);
    let mut index: Vec<(u64, usize)> = entity
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| (name_hash(&f.field.name.name), i))
        .collect();
    index.sort_unstable();
    entity.field_index = index;
    entity
}

/// Copies `members` into `entity`. `via` is the outermost `with` name they come
/// through; `stack` holds the mixins being expanded, so a mixin cycle stops (the
/// `cyclic_mixin` check reports it).
fn copy_members<'a>(
    model: &Model<'a>,
    entity: &mut Entity<'a>,
    members: &'a [Member],
    via: Option<&'a Ident>,
    stack: &mut Vec<&'a str>,
) {
    for member in members {
        match member {
            Member::Field(field) => {
                let (ty, problem) = match types::resolve(model, &field.ty) {
                    Ok(ty) => (ty, None),
                    Err(problem) => (FieldType::Unknown, Some(Box::new(problem))),
                };
                let target = match &ty {
                    FieldType::Relation(r) if r.targets.len() == 1 => {
                        model.entity_id(&r.targets[0].name)
                    }
                    _ => None,
                };
                entity.fields.push(EntityField {
                    field,
                    ty,
                    problem,
                    target,
                    mixin: via,
                });
            }
            Member::With { mixins, .. } => {
                for name in mixins {
                    let Some(mixin) = model.mixin(&name.name) else {
                        continue;
                    };
                    if stack.contains(&name.name.as_str()) {
                        continue;
                    }
                    stack.push(&name.name);
                    entity.mixins.push(&name.name);
                    copy_members(model, entity, &mixin.members, via.or(Some(name)), stack);
                    stack.pop();
                }
            }
            other => entity.members.push(EntityMember {
                member: other,
                mixin: via,
            }),
        }
    }
}

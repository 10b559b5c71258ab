//! Field paths: `email` (a field of the entity) and `user.email` (a field reached
//! through a relation, which a query turns into a join).

use super::entity::Leaf;
use super::{Entity, EntityField, FieldType, Model};
use schemac_lang::ast::Ident;

/// What a path names: a field, possibly through one relation.
pub struct PathTarget<'m, 'a> {
    /// `Some` for `relation.field`: the relation and its target entity.
    pub join: Option<(&'m EntityField<'a>, &'m Entity<'a>)>,
    pub leaf: Leaf<'m, 'a>,
}

/// Why a path does not resolve.
pub enum PathError<'m, 'a> {
    /// `ident` is not a field of `entity`.
    UnknownField {
        ident: &'m Ident,
        entity: &'m Entity<'a>,
    },
    /// `ident` is followed by `.field` but is not a relation.
    NotARelation { ident: &'m Ident },
    /// `ident` is a polymorphic relation, which has no single table to join.
    Polymorphic { ident: &'m Ident },
    /// The path goes through more than one relation (`a.b.c`); `ident` is the third.
    TooDeep { ident: &'m Ident },
    /// A path through a relation where only plain fields are allowed (`check`, `index`).
    JoinNotAllowed { ident: &'m Ident },
    /// Something on the path did not resolve and was reported elsewhere.
    Unresolved,
}

/// Resolves `path` against `entity`. `allow_join` is true in queries, false in checks,
/// defaults and index predicates, which only see the entity's own columns.
pub fn resolve<'m, 'a>(
    model: &'m Model<'a>,
    entity: &'m Entity<'a>,
    path: &'m [Ident],
    allow_join: bool,
) -> Result<PathTarget<'m, 'a>, PathError<'m, 'a>> {
    let Some(first) = path.first() else {
        return Err(PathError::Unresolved);
    };
    let Some(leaf) = entity.lookup(&first.name) else {
        return Err(PathError::UnknownField {
            ident: first,
            entity,
        });
    };
    let Some(second) = path.get(1) else {
        return Ok(PathTarget { join: None, leaf });
    };
    if !allow_join {
        return Err(PathError::JoinNotAllowed { ident: first });
    }
    let relation = match leaf {
        Leaf::Field(f) => match &f.ty {
            FieldType::Relation(r) => (f, r),
            FieldType::Unknown => return Err(PathError::Unresolved),
            _ => return Err(PathError::NotARelation { ident: first }),
        },
        Leaf::ImplicitId => return Err(PathError::NotARelation { ident: first }),
    };
    if relation.1.targets.len() != 1 {
        return Err(PathError::Polymorphic { ident: first });
    }
    let Some(target) = model.target(relation.0) else {
        return Err(PathError::Unresolved);
    };
    if let Some(third) = path.get(2) {
        return Err(PathError::TooDeep { ident: third });
    }
    match target.lookup(&second.name) {
        Some(leaf) => Ok(PathTarget {
            join: Some((relation.0, target)),
            leaf,
        }),
        None => Err(PathError::UnknownField {
            ident: second,
            entity: target,
        }),
    }
}

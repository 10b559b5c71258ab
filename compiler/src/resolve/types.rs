//! Field types: builtin scalars, `id`, enums, arrays and relations.

use super::Model;
use crate::ir::ColumnType;
use schemac_lang::ast::{Number, Relation, TypeKind, TypeRef};
use schemac_lang::Span;

/// Every builtin type name, for suggestions.
pub const BUILTIN_NAMES: &[&str] = &[
    "bool",
    "smallint",
    "int",
    "bigint",
    "id",
    "decimal",
    "float",
    "double",
    "string",
    "text",
    "bytes",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "uuid",
    "json",
];

/// The resolved type of a field.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldType<'a> {
    /// `id`: a bigint identity primary key.
    Id,
    Scalar(ColumnType),
    /// An enum, by its index in [`Model::enums`].
    Enum(usize),
    Array(Box<FieldType<'a>>),
    Relation(&'a Relation),
    /// A type that did not resolve; a check reports it.
    Unknown,
}

/// Why a type did not resolve.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeProblem {
    /// No builtin, enum or entity has this name.
    UnknownName,
    /// The name is an entity: a relation is written `-> Entity`.
    EntityName,
    /// Wrong type arguments: the message and a hint.
    BadArguments { message: String, hint: String },
    /// An array of something that cannot be an array element (`id[]`, `(-> User)[]`).
    BadArrayElement,
}

pub fn resolve<'a>(
    model: &Model<'a>,
    ty: &'a TypeRef,
) -> Result<FieldType<'a>, (Span, TypeProblem)> {
    match &ty.kind {
        TypeKind::Relation(r) => Ok(FieldType::Relation(r)),
        TypeKind::Array(inner) => match resolve(model, inner)? {
            FieldType::Id | FieldType::Relation(_) | FieldType::Array(_) => {
                Err((inner.span, TypeProblem::BadArrayElement))
            }
            element => Ok(FieldType::Array(Box::new(element))),
        },
        TypeKind::Named { name, args } => {
            if let Some(scalar) = builtin(&name.name, args) {
                return scalar.map_err(|p| (ty.span, p));
            }
            if let Some(e) = model.enum_id(&name.name) {
                if args.is_empty() {
                    return Ok(FieldType::Enum(e));
                }
                let problem = TypeProblem::BadArguments {
                    message: format!("enum `{}` takes no arguments", name.name),
                    hint: format!("write `{}`", name.name),
                };
                return Err((ty.span, problem));
            }
            if model.entity_id(&name.name).is_some() {
                return Err((name.span, TypeProblem::EntityName));
            }
            Err((name.span, TypeProblem::UnknownName))
        }
    }
}

/// A builtin type, or `None` when `name` is not a builtin.
fn builtin<'a>(name: &str, args: &[Number]) -> Option<Result<FieldType<'a>, TypeProblem>> {
    let plain = |t: FieldType<'a>| {
        if args.is_empty() {
            Ok(t)
        } else {
            Err(TypeProblem::BadArguments {
                message: format!("type `{name}` takes no arguments"),
                hint: format!("write `{name}`"),
            })
        }
    };
    let scalar = |c: ColumnType| plain(FieldType::Scalar(c));
    Some(match name {
        "id" => plain(FieldType::Id),
        "bool" => scalar(ColumnType::Bool),
        "smallint" => scalar(ColumnType::SmallInt),
        "int" => scalar(ColumnType::Int),
        "bigint" => scalar(ColumnType::BigInt),
        "float" => scalar(ColumnType::Float),
        "double" => scalar(ColumnType::Double),
        "text" => scalar(ColumnType::Text),
        "bytes" => scalar(ColumnType::Bytes),
        "date" => scalar(ColumnType::Date),
        "time" => scalar(ColumnType::Time),
        "timestamp" => scalar(ColumnType::Timestamp),
        "timestamptz" => scalar(ColumnType::Timestamptz),
        "uuid" => scalar(ColumnType::Uuid),
        "json" => scalar(ColumnType::Json),
        "string" => match args {
            [n] => match whole(n) {
                Some(length) if length > 0 => Ok(FieldType::Scalar(ColumnType::String { length })),
                _ => Err(TypeProblem::BadArguments {
                    message: format!("string length `{}` is not a positive whole number", n.raw),
                    hint: "write a length in characters, e.g. `string(255)`".into(),
                }),
            },
            _ => Err(TypeProblem::BadArguments {
                message: "`string` takes exactly one argument, its maximum length".into(),
                hint: "write `string(255)`, or `text` for unbounded text".into(),
            }),
        },
        "decimal" => {
            let bad = |message: String| {
                TypeProblem::BadArguments {
                message,
                hint: "write `decimal(precision, scale)` with 1 <= precision <= 1000 and scale <= precision, e.g. `decimal(12,2)`".into(),
            }
            };
            match args {
                [p] | [p, _] => {
                    let scale = match args.get(1) {
                        Some(s) => whole(s),
                        None => Some(0),
                    };
                    match (whole(p), scale) {
                        (Some(precision), Some(scale))
                            if (1..=1000).contains(&precision) && scale <= precision =>
                        {
                            Ok(FieldType::Scalar(ColumnType::Decimal { precision, scale }))
                        }
                        _ => Err(bad(format!(
                            "invalid decimal precision or scale in `decimal({})`",
                            raw_list(args)
                        ))),
                    }
                }
                _ => Err(bad(
                    "`decimal` takes a precision and an optional scale".into()
                )),
            }
        }
        _ => return None,
    })
}

fn raw_list(args: &[Number]) -> String {
    args.iter()
        .map(|a| a.raw.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value of a number literal when it is a whole number that fits in `u32`.
pub fn whole(n: &Number) -> Option<u32> {
    (n.value.fract() == 0.0 && n.value >= 0.0 && n.value <= u32::MAX as f64)
        .then_some(n.value as u32)
}

/// What kind of values a field holds, for checking literals and operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueClass {
    Bool,
    Integer,
    Number,
    Text,
    Time,
    Uuid,
    Bytes,
    Json,
    Array,
    Enum(usize),
    /// A relation: compared by its key.
    Reference,
    Unknown,
}

impl ValueClass {
    pub fn of(ty: &FieldType) -> ValueClass {
        match ty {
            FieldType::Id => ValueClass::Integer,
            FieldType::Enum(e) => ValueClass::Enum(*e),
            FieldType::Array(_) => ValueClass::Array,
            FieldType::Relation(_) => ValueClass::Reference,
            FieldType::Unknown => ValueClass::Unknown,
            FieldType::Scalar(c) => ValueClass::of_column(c),
        }
    }

    pub fn of_column(c: &ColumnType) -> ValueClass {
        match c {
            ColumnType::Bool => ValueClass::Bool,
            ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt => ValueClass::Integer,
            ColumnType::Decimal { .. } | ColumnType::Float | ColumnType::Double => {
                ValueClass::Number
            }
            ColumnType::String { .. } | ColumnType::Text => ValueClass::Text,
            ColumnType::Date
            | ColumnType::Time
            | ColumnType::Timestamp
            | ColumnType::Timestamptz => ValueClass::Time,
            ColumnType::Uuid => ValueClass::Uuid,
            ColumnType::Bytes => ValueClass::Bytes,
            ColumnType::Json => ValueClass::Json,
            ColumnType::Array(_) => ValueClass::Array,
            ColumnType::Enum(_) => ValueClass::Text,
        }
    }

    /// How the class is named in messages.
    pub fn describe(self, model: &Model) -> String {
        match self {
            ValueClass::Bool => "a bool".into(),
            ValueClass::Integer => "an integer".into(),
            ValueClass::Number => "a number".into(),
            ValueClass::Text => "text".into(),
            ValueClass::Time => "a date/time".into(),
            ValueClass::Uuid => "a uuid".into(),
            ValueClass::Bytes => "bytes".into(),
            ValueClass::Json => "json".into(),
            ValueClass::Array => "an array".into(),
            ValueClass::Enum(e) => format!("the enum `{}`", model.enums[e].name.name),
            ValueClass::Reference => "a relation".into(),
            ValueClass::Unknown => "an unknown type".into(),
        }
    }
}

/// The type of a time field: date, timestamp or timestamptz (what `timeseries on` and
/// `@on_update` accept).
pub fn is_point_in_time(ty: &FieldType) -> bool {
    matches!(
        ty,
        FieldType::Scalar(ColumnType::Date | ColumnType::Timestamp | ColumnType::Timestamptz)
    )
}

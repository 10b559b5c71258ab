//! SQL column types of PostgreSQL, MySQL/MariaDB and SQLite to the language's types.
//! Where the language is narrower the type is widened (an unsigned `INT` becomes
//! `bigint`) and where it has nothing close the column becomes `text` and the caller
//! keeps the original type in a verbatim statement; both cases carry a warning.

use crate::model::Type;
use crate::SqlDialect;
use sqlparser::ast::{
    ArrayElemTypeDef, CharacterLength, DataType, EnumMember, ExactNumberInfo, TimezoneInfo,
};

/// A mapped type, and a note when the mapping is not exact.
pub struct Mapped {
    pub ty: Type,
    /// `serial`/`bigserial`: the column is generated.
    pub serial: bool,
    /// Why the type is not the same (widened or replaced), for a warning.
    pub note: Option<String>,
    /// The language cannot express the type at all: the column is `text` and the
    /// original type must be kept verbatim.
    pub foreign: bool,
}

fn exact(name: &str) -> Mapped {
    Mapped {
        ty: Type::Builtin(name.to_string()),
        serial: false,
        note: None,
        foreign: false,
    }
}

fn widened(name: &str, from: &DataType, why: &str) -> Mapped {
    Mapped {
        note: Some(format!("`{from}` is imported as `{name}` ({why})")),
        ..exact(name)
    }
}

fn foreign(from: &DataType) -> Mapped {
    Mapped {
        note: Some(format!("the language has no type like `{from}`: imported as `text`, the original type kept verbatim")),
        foreign: true,
        ..exact("text")
    }
}

pub fn map(ty: &DataType, dialect: SqlDialect) -> Mapped {
    use DataType as D;
    let string = |len: &Option<CharacterLength>| match len {
        Some(CharacterLength::IntegerLength { length, .. }) => exact(&format!("string({length})")),
        _ => exact("text"),
    };
    match ty {
        D::Boolean | D::Bool => exact("bool"),
        D::TinyInt(Some(1)) if dialect == SqlDialect::Mysql => exact("bool"),
        D::Bit(None | Some(1)) if dialect == SqlDialect::Mysql => exact("bool"),
        D::TinyInt(_) | D::UTinyInt | D::TinyIntUnsigned(_) => {
            widened("smallint", ty, "the language's smallest integer")
        }
        D::SmallInt(_) | D::Int2(_) => exact("smallint"),
        D::SmallIntUnsigned(_) | D::Int2Unsigned(_) | D::USmallInt => {
            widened("int", ty, "unsigned")
        }
        D::MediumInt(_) | D::MediumIntUnsigned(_) => widened("int", ty, "no 24-bit integer"),
        D::Int(_) | D::Integer(_) | D::Int4(_) if dialect == SqlDialect::Sqlite => exact("bigint"),
        D::Int(_) | D::Integer(_) | D::Int4(_) => exact("int"),
        D::IntUnsigned(_) | D::IntegerUnsigned(_) | D::Int4Unsigned(_) => {
            widened("bigint", ty, "unsigned")
        }
        D::BigInt(_) | D::Int8(_) | D::Int64 => exact("bigint"),
        D::BigIntUnsigned(_) | D::Int8Unsigned(_) | D::UBigInt => {
            widened("bigint", ty, "unsigned: values above 2^63 do not fit")
        }
        D::Numeric(info)
        | D::Decimal(info)
        | D::Dec(info)
        | D::DecimalUnsigned(info)
        | D::DecUnsigned(info) => match info {
            ExactNumberInfo::PrecisionAndScale(p, s) => exact(&format!("decimal({p},{s})")),
            ExactNumberInfo::Precision(p) => exact(&format!("decimal({p},0)")),
            ExactNumberInfo::None => widened("decimal(38,10)", ty, "no precision given"),
        },
        D::Real | D::Float4 | D::RealUnsigned if dialect == SqlDialect::Sqlite => exact("double"),
        D::Real | D::Float4 | D::RealUnsigned => exact("float"),
        D::Float(ExactNumberInfo::Precision(p)) if *p > 24 => exact("double"),
        D::Float(_) | D::FloatUnsigned(_) => exact("float"),
        D::Double(_)
        | D::DoublePrecision
        | D::Float8
        | D::Float64
        | D::DoubleUnsigned(_)
        | D::DoublePrecisionUnsigned => exact("double"),
        D::Varchar(len) | D::CharacterVarying(len) | D::CharVarying(len) | D::Nvarchar(len) => {
            string(len)
        }
        D::Char(len) | D::Character(len) => match len {
            Some(CharacterLength::IntegerLength { length: 36, .. })
                if dialect == SqlDialect::Mysql =>
            {
                exact("string(36)")
            }
            None => exact("string(1)"),
            _ => string(len),
        },
        D::Text | D::TinyText | D::MediumText | D::LongText | D::Clob(_) | D::String(None) => {
            exact("text")
        }
        D::Bytea
        | D::Blob(_)
        | D::TinyBlob
        | D::MediumBlob
        | D::LongBlob
        | D::Binary(_)
        | D::Varbinary(_)
        | D::Bytes(_) => exact("bytes"),
        D::Date => exact("date"),
        D::Time(_, _) => exact("time"),
        D::Timestamp(_, TimezoneInfo::WithTimeZone | TimezoneInfo::Tz) => exact("timestamptz"),
        // MySQL `DATETIME` is how schemac writes both timestamp types; the zone-aware
        // one is the common intent, and a naive `timestamp` stays a `timestamp`.
        D::Datetime(_) => exact("timestamptz"),
        D::Timestamp(_, _) if dialect == SqlDialect::Mysql => {
            widened("timestamptz", ty, "MySQL TIMESTAMP is stored in UTC")
        }
        D::Timestamp(_, _) => exact("timestamp"),
        D::Uuid => exact("uuid"),
        D::JSON | D::JSONB => exact("json"),
        D::Enum(members, _) => {
            let values: Vec<String> = members
                .iter()
                .map(|m| match m {
                    EnumMember::Name(n) | EnumMember::NamedValue(n, _) => n.clone(),
                })
                .collect();
            // An enum whose values are not names (`'PG-13'`) has no `.schema` form: the
            // column keeps its type verbatim.
            if !values.iter().all(|v| is_name(v)) {
                return foreign(ty);
            }
            Mapped {
                ty: Type::InlineEnum(values),
                serial: false,
                note: None,
                foreign: false,
            }
        }
        D::Array(
            ArrayElemTypeDef::SquareBracket(inner, _) | ArrayElemTypeDef::AngleBracket(inner),
        ) => {
            let element = map(inner, dialect);
            if element.foreign || element.serial {
                return foreign(ty);
            }
            Mapped {
                ty: Type::Array(Box::new(element.ty)),
                ..element
            }
        }
        D::Custom(name, args) => custom(&name.to_string().to_lowercase(), args, ty, dialect),
        _ => foreign(ty),
    }
}

/// Type names sqlparser leaves as custom: PostgreSQL's aliases and serials, SQLite's
/// free-form names, enum type names.
fn custom(name: &str, args: &[String], ty: &DataType, dialect: SqlDialect) -> Mapped {
    let serial = |base: &str| Mapped {
        serial: true,
        ..exact(base)
    };
    match name {
        "serial" | "serial4" => serial("int"),
        "bigserial" | "serial8" => serial("bigint"),
        "smallserial" | "serial2" => serial("smallint"),
        "timestamptz" => exact("timestamptz"),
        "timetz" => widened("time", ty, "the zone of a time of day is dropped"),
        "citext" => widened("text", ty, "case-insensitive comparison is lost"),
        "int2" => exact("smallint"),
        "int4" => exact("int"),
        "int8" => exact("bigint"),
        "float4" => exact("float"),
        "float8" => exact("double"),
        "bool" => exact("bool"),
        "year" => widened("smallint", ty, "a year is a number"),
        "nchar" | "nvarchar" | "varying character" | "native character" => match args.first() {
            Some(n) => exact(&format!("string({n})")),
            None => exact("text"),
        },
        "clob" | "string" => exact("text"),
        "datetime" if dialect == SqlDialect::Sqlite => exact("timestamptz"),
        _ => foreign(ty),
    }
}

/// Whether an enum value can be a variant name.
pub fn is_name(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

//! How a column type change is carried out: in place when every old value fits and the
//! engines change it without rewriting rows, through expand/contract when every old
//! value fits but the change rewrites the table, and as a destructive change otherwise.

use crate::ir::ColumnType;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeChange {
    /// Every value fits and the change needs no rewrite (a longer `string(n)`, more
    /// digits before the point, enum values appended).
    Widen,
    /// Every value fits, but the engines rewrite the table (`int` -> `bigint`).
    Rewrite,
    /// Some values may not fit, or the types are unrelated.
    Narrow,
}

/// Classifies the change from `old` to `new` (which differ).
pub fn classify(old: &ColumnType, new: &ColumnType) -> TypeChange {
    use ColumnType::*;
    match (old, new) {
        (String { length: a }, String { length: b }) if b >= a => TypeChange::Widen,
        (
            Decimal {
                precision: p1,
                scale: s1,
            },
            Decimal {
                precision: p2,
                scale: s2,
            },
        ) if s1 == s2 && p2 >= p1 => TypeChange::Widen,
        (Enum(a), Enum(b)) if a.name == b.name && b.values.starts_with(&a.values) => {
            TypeChange::Widen
        }
        (SmallInt, Int | BigInt) | (Int, BigInt) | (Float, Double) => TypeChange::Rewrite,
        (String { .. }, Text) | (Timestamp, Timestamptz) => TypeChange::Rewrite,
        (SmallInt | Int | BigInt, Decimal { precision, scale })
            if precision.saturating_sub(*scale) >= 20 =>
        {
            TypeChange::Rewrite
        }
        _ => TypeChange::Narrow,
    }
}

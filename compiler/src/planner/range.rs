//! Rule: after the equalities, either the `order by` columns with their directions (so
//! that `where customer = ? order by placed_at desc limit 20` reads the first 20 index
//! entries and needs no sort), or one range column (`< <= > >= between`, a prefix
//! search, `is not null`). `in` columns are equalities when there is no `order by`;
//! with one they follow the order columns (an `in` before them would split the index
//! into several sorted runs and bring the sort back), where they still filter inside
//! the index.
//!
//! Example: `Order where customer = ? and status in ? order by placed_at desc limit 20`
//! plans `orders (customer_id, placed_at DESC, status)`.

use super::prefix;
use super::shape::{RangeKind, Shape};
use crate::ir::{IndexKey, OpClass};

/// The keys after the equalities, with the reasons for them.
pub fn tail(shape: &Shape, taken: &[String]) -> (Vec<IndexKey>, Vec<String>) {
    let mut keys: Vec<IndexKey> = Vec::new();
    let mut reasons = Vec::new();
    let order = shape.effective_order();
    let push = |keys: &mut Vec<IndexKey>, column: &str, desc: bool, opclass: Option<OpClass>| {
        if !taken.iter().any(|c| c == column) && !keys.iter().any(|k| k.column == column) {
            keys.push(IndexKey {
                column: column.to_string(),
                desc,
                opclass,
            });
        }
    };
    if !order.is_empty() {
        for key in order {
            push(&mut keys, &key.column, key.desc, None);
        }
        let columns: Vec<String> = order
            .iter()
            .map(|k| format!("`{}`{}", k.column, if k.desc { " desc" } else { "" }))
            .collect();
        reasons.push(format!(
            "then the `order by` columns {} in their directions, so rows come out sorted{}",
            columns.join(", "),
            if shape.limit.is_some() {
                " and the limit stops the scan early"
            } else {
                ""
            }
        ));
        if let Some(range) = &shape.range {
            if order.first().is_some_and(|k| k.column == range.column) {
                reasons.push(format!(
                    "{} on `{}` is a range on the first order column",
                    range.kind.describe(),
                    range.column
                ));
            }
        }
        for column in &shape.in_columns {
            push(&mut keys, column, false, None);
        }
        if !shape.in_columns.is_empty() {
            reasons.push(format!(
                "`in` on {} follows the order columns so the sort is still avoided; it filters inside the index",
                shape.in_columns.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
            ));
        }
    } else if let Some(range) = &shape.range {
        let opclass = (range.kind == RangeKind::Prefix).then_some(OpClass::TextPattern);
        push(&mut keys, &range.column, false, opclass);
        reasons.push(format!(
            "then {} on `{}`: one range column ends the key",
            range.kind.describe(),
            range.column
        ));
        if range.kind == RangeKind::Prefix {
            reasons.push(prefix::REASON.to_string());
        }
    }
    (keys, reasons)
}

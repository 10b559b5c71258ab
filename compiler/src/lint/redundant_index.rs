//! `L0008` redundant index: an index with the same columns as another (a duplicate), or
//! whose columns are a leading prefix of another index, of the primary key or of a
//! unique constraint with the same `where`.
//!
//! Why it is bad: the longer index already serves every lookup the shorter one does,
//! so the shorter one only costs writes and space (the guide: find duplicate indexes).
//! A unique index is never reported, since it also enforces uniqueness.
//!
//! ```text
//! entity OrderItem { index (product)  index (product, quantity desc) }
//! ```
//! Fix: remove the shorter index. (A partial index is compared only with indexes that
//! have the same `where`.)

use super::{locate, Context};
use crate::ir::{Index, IndexKey, IndexMethod, IndexOrigin};
use schemac_lang::{Diagnostic, Diagnostics};

pub const CODE: &str = "L0008";

pub fn check(ctx: &Context, diags: &mut Diagnostics) {
    for (table, entity) in ctx.entity_tables() {
        // The keys every index can be compared with: the primary key, the uniques and
        // the indexes, with a label for the message.
        let key = |columns: &[String]| -> Vec<IndexKey> {
            columns.iter().map(IndexKey::ascending).collect()
        };
        let mut others: Vec<(String, Vec<IndexKey>, Option<&Index>)> = vec![(
            "the primary key".to_string(),
            key(&table.primary_key.columns),
            None,
        )];
        for u in &table.uniques {
            others.push((
                format!("unique ({})", u.columns.join(", ")),
                key(&u.columns),
                None,
            ));
        }
        for i in &table.indexes {
            others.push((
                format!("index ({})", locate::columns(&i.columns)),
                i.columns.clone(),
                Some(i),
            ));
        }
        for (n, index) in table.indexes.iter().enumerate() {
            if index.unique || index.method != IndexMethod::BTree {
                continue;
            }
            let covering = others.iter().enumerate().find(|(m, (_, keys, other))| {
                // Skip the index itself (its entry is after the pk and the uniques).
                if *m == n + 1 + table.uniques.len() {
                    return false;
                }
                let same_predicate = match other {
                    Some(o) => o.predicate == index.predicate && o.method == IndexMethod::BTree,
                    None => index.predicate.is_none(),
                };
                let prefix = keys.len() >= index.columns.len()
                    && keys.iter().zip(&index.columns).all(|(a, b)| {
                        a.column == b.column && (a.desc == b.desc || index.columns.len() == 1)
                    });
                // Of two identical indexes, the later one is reported.
                let identical_earlier = keys.len() == index.columns.len()
                    && other.is_some()
                    && *m > n + 1 + table.uniques.len();
                same_predicate && prefix && !identical_earlier
            });
            let Some((_, (label, keys, _))) = covering else {
                continue;
            };
            let what = if keys.len() == index.columns.len() {
                "duplicates"
            } else {
                "is a prefix of"
            };
            let mut d = Diagnostic::lint(
                CODE,
                format!(
                    "index ({}) on `{}` {what} {label}",
                    locate::columns(&index.columns),
                    table.name
                ),
                locate::index(entity, index),
                "redundant index",
            );
            if index.origin != IndexOrigin::User {
                d = d.with_hint(
                    "the compiler added this index; remove the `index` line it duplicates",
                );
            }
            diags.push(d.with_hint(format!(
                "{label} already serves every lookup this index does: remove it"
            )));
        }
    }
}

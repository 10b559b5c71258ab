//! Rule: `contains` on a JSON document or an array. A B-tree cannot serve containment;
//! an inverted index can: GIN on PostgreSQL (`jsonb @>`, array `@>`). MySQL 8 and
//! MariaDB have no GIN, and SQLite has no inverted index: there the index is skipped
//! (see `Dialect::supports_gin`) and `explain` says that the query scans.
//!
//! Example: `Product where tags contains ?` plans `products USING gin (tags)`.

use super::shape::Shape;
use crate::ir::IndexKey;

/// The key of the inverted index, with its reason, when the shape has a containment.
pub fn key(shape: &Shape) -> Option<(IndexKey, String)> {
    let column = shape.contains.as_ref()?;
    Some((
        IndexKey::ascending(column),
        format!("`contains` on `{column}` needs an inverted (GIN) index; a B-tree cannot serve containment"),
    ))
}

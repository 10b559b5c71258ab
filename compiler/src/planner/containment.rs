//! Rule: `contains` on a JSON document or an array. A B-tree cannot serve containment;
//! an inverted index can: GIN on PostgreSQL (`jsonb @>`, array `@>`). MySQL 8 has no
//! GIN but builds the index as a multi-valued index over an array whose element type
//! it can key on (`string(n)`, uuid, enum, integer, decimal and date elements; see
//! `Dialect::multi_valued_key` in the backends and `W0112`). Elsewhere (MariaDB,
//! SQLite, MySQL 8 for other arrays and json documents) the index is skipped and
//! `explain` says that the query scans.
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

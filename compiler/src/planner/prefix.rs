//! Rule: `starts_with`. A B-tree serves a prefix search as a range scan, provided it
//! compares strings byte-wise: PostgreSQL needs the `text_pattern_ops` operator class
//! under a non-C collation ([`crate::ir::OpClass::TextPattern`]); MySQL and MariaDB use
//! a plain B-tree for `LIKE 'prefix%'`. SQLite's `LIKE` is case-insensitive, so its
//! B-tree serves it only on a `COLLATE NOCASE` column or with `case_sensitive_like`:
//! schemac keeps the plain index there and documents that the prefix search scans.
//!
//! Example: `Product where name starts_with ? and visibility = 'listed'` plans
//! `products (name text_pattern_ops) WHERE visibility = 'listed'` on PostgreSQL.

/// The reason recorded on a prefix key.
pub const REASON: &str =
    "the prefix key compares byte-wise (`text_pattern_ops` on PostgreSQL) so `starts_with` is a range scan";

//! Identifier shortening and quoting. Names longer than the dialect's limit keep a
//! prefix and end in `_` plus 8 hex digits of the FNV-1a hash of the full name, so the
//! result is deterministic and two long names that share a prefix stay distinct.
//! Identifiers are quoted only when needed: reserved words and anything outside
//! `[a-z_][a-z0-9_]*`.

use std::borrow::Cow;

use crate::dialect::Dialect;

/// The 32-bit FNV-1a hash of `bytes`.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in bytes {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// `name` shortened to at most `max` bytes (unchanged when it fits or `max` is `None`).
pub fn shorten(name: &str, max: Option<usize>) -> String {
    let Some(max) = max else {
        return name.to_string();
    };
    if name.len() <= max {
        return name.to_string();
    }
    let suffix = format!("_{:08x}", fnv1a32(name.as_bytes()));
    let mut cut = max.saturating_sub(suffix.len());
    while cut > 0 && !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = name[..cut].trim_end_matches('_');
    format!("{prefix}{suffix}")
}

/// True when `name` needs no quotes on any engine, reserved words aside. Every byte is
/// looked up in a table, without stopping early: the DDL asks this for every
/// identifier it writes.
fn is_plain(name: &str) -> bool {
    let bytes = name.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    !first.is_ascii_digit()
        && bytes
            .iter()
            .fold(true, |all, &b| all & PLAIN[usize::from(b)])
}

/// The bytes of a plain name: lowercase ASCII letters, digits and `_`.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_';
        b += 1;
    }
    table
};

/// Names for one dialect: shortening and quoting together.
pub struct Namer<'d> {
    dialect: &'d dyn Dialect,
    max_len: Option<usize>,
}

impl<'d> Namer<'d> {
    pub fn new(dialect: &'d dyn Dialect) -> Self {
        Namer {
            dialect,
            max_len: dialect.max_identifier_len(),
        }
    }

    /// The name the engine stores: shortened, unquoted.
    pub fn name(&self, logical: &str) -> String {
        shorten(logical, self.max_len)
    }

    /// The name as written in SQL: shortened, quoted when needed.
    pub fn ident(&self, logical: &str) -> String {
        self.ident_cow(logical).into_owned()
    }

    /// [`Namer::ident`], borrowing `logical` in the common case of a name that fits and
    /// needs no quotes, so that writing it allocates nothing.
    pub fn ident_cow<'a>(&self, logical: &'a str) -> Cow<'a, str> {
        if self.max_len.is_some_and(|max| logical.len() > max) {
            Cow::Owned(self.quote_if_needed(self.name(logical)))
        } else if self.is_bare(logical) {
            Cow::Borrowed(logical)
        } else {
            Cow::Owned(self.dialect.quote_ident(logical))
        }
    }

    /// Appends [`Namer::ident`] of `logical` to `out`.
    pub fn push_ident(&self, out: &mut String, logical: &str) {
        out.push_str(&self.ident_cow(logical));
    }

    /// Appends the identifiers of `names`, separated by `, `, to `out`.
    pub fn push_idents(&self, out: &mut String, names: &[String]) {
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.push_ident(out, name);
        }
    }

    /// Quotes an already shortened name when it is reserved or not plain.
    pub fn quote_if_needed(&self, name: String) -> String {
        if self.is_bare(&name) {
            name
        } else {
            self.dialect.quote_ident(&name)
        }
    }

    /// True when the (shortened) `name` can be written without quotes.
    fn is_bare(&self, name: &str) -> bool {
        is_plain(name) && !self.dialect.is_reserved(name)
    }

    /// A derived name such as `<table>_<column>_length_check`, shortened.
    pub fn derived(&self, parts: &[&str]) -> String {
        self.name(&parts.join("_"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_reference_vectors() {
        assert_eq!(fnv1a32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn short_names_are_kept() {
        assert_eq!(shorten("users", Some(63)), "users");
        assert_eq!(shorten(&"x".repeat(100), None), "x".repeat(100));
    }

    #[test]
    fn long_names_keep_a_prefix_and_a_hash() {
        let long = format!("{}_table", "a_very_long".repeat(6));
        let short = shorten(&long, Some(63));
        assert_eq!(short.len(), 63);
        assert!(short.starts_with("a_very_long"));
        assert_eq!(short, shorten(&long, Some(63)));
        let other = format!("{}_tablf", "a_very_long".repeat(6));
        assert_ne!(short, shorten(&other, Some(63)));
    }

    #[test]
    fn plain_names() {
        assert!(is_plain("order_items"));
        assert!(is_plain("_x1"));
        assert!(!is_plain("Order"));
        assert!(!is_plain("1x"));
        assert!(!is_plain("a-b"));
        assert!(!is_plain(""));
    }
}

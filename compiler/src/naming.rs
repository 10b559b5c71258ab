//! Derived names: table names from entity and enum names, and the logical names of
//! keys, constraints and indexes.
//!
//! Names follow PostgreSQL's conventions at full length (`<table>_pkey`,
//! `<table>_<cols>_key`, `<table>_<cols>_fkey`, `<table>_<cols>_idx`,
//! `<table>_<col>_check`, `<table>_check<n>`); backends shorten them to their identifier
//! limits. [`NameAllocator`] keeps them unique within one schema.

use crate::hashing::{FxHashMap, FxHashSet, FxHasher};
use std::hash::Hasher;

/// `OrderItem` -> `order_item`, `HTTPRequest` -> `http_request`, `already_snake` stays.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut chars = name.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if c.is_uppercase() {
            let boundary = match prev {
                None | Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                // The last capital of an acronym starts a new word: `HTTPRequest`.
                Some(p) if p.is_uppercase() => chars.peek().is_some_and(|n| n.is_lowercase()),
                Some(_) => false,
            };
            if boundary {
                out.push('_');
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// The English plural of one lowercase word: `category` -> `categories`, `box` ->
/// `boxes`, `match` -> `matches`, `item` -> `items`.
pub fn pluralize(word: &str) -> String {
    let mut plural = word.to_string();
    make_plural(&mut plural, 0);
    plural
}

/// Turns the word that starts at byte `start` of `text` (and ends it) into its plural.
fn make_plural(text: &mut String, start: usize) {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let word = &text[start..];
    if let Some(stem) = word.strip_suffix('y') {
        if stem
            .chars()
            .last()
            .is_some_and(|c| c.is_alphabetic() && !is_vowel(c))
        {
            text.pop();
            text.push_str("ies");
            return;
        }
    }
    let sibilant = ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|s| word.ends_with(s));
    text.push_str(if sibilant { "es" } else { "s" });
}

/// The table of an entity or enum: snake_case with the last word pluralized
/// (`OrderItem` -> `order_items`, `Category` -> `categories`).
pub fn table_name(type_name: &str) -> String {
    let mut name = snake_case(type_name);
    let last_word = name.rfind('_').map_or(0, |i| i + 1);
    make_plural(&mut name, last_word);
    name
}

/// `<table>_pkey`
pub fn primary_key(table: &str) -> String {
    format!("{table}_pkey")
}

/// `<table>_<cols>_<suffix>`, built in one allocation.
fn joined<'c>(table: &str, columns: impl Iterator<Item = &'c str> + Clone, suffix: &str) -> String {
    let len = table.len() + columns.clone().map(|c| c.len() + 1).sum::<usize>() + suffix.len() + 1;
    let mut name = String::with_capacity(len);
    name.push_str(table);
    for column in columns {
        name.push('_');
        name.push_str(column);
    }
    name.push('_');
    name.push_str(suffix);
    name
}

/// `<table>_<cols>_key`
pub fn unique(table: &str, columns: &[String]) -> String {
    joined(table, columns.iter().map(String::as_str), "key")
}

/// `<table>_<cols>_fkey`
pub fn foreign_key(table: &str, columns: &[String]) -> String {
    joined(table, columns.iter().map(String::as_str), "fkey")
}

/// `<table>_<cols>_idx`
pub fn index(table: &str, columns: &[String]) -> String {
    joined(table, columns.iter().map(String::as_str), "idx")
}

/// [`index`] of an index's key columns.
pub fn index_of_keys(table: &str, keys: &[crate::ir::IndexKey]) -> String {
    joined(table, keys.iter().map(|k| k.column.as_str()), "idx")
}

/// True for a name [`index`] gives, or that name with `_<n>` from
/// [`NameAllocator::claim`]: `<anything>_idx` or `<anything>_idx_<digits>`.
pub fn is_index_name(name: &str) -> bool {
    let base = match name.rsplit_once('_') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => name,
    };
    base.ends_with("_idx")
}

/// `<table>_<col>_check`: a check that belongs to one column.
pub fn column_check(table: &str, column: &str) -> String {
    format!("{table}_{column}_check")
}

/// `<table>_check<n>`: the n-th table-level check (from 1).
pub fn table_check(table: &str, n: usize) -> String {
    format!("{table}_check{n}")
}

/// Hands out names that are unique within one schema: a name already taken gets `_1`,
/// `_2`, ... appended. Deterministic: the same requests in the same order give the same
/// names.
///
/// A large schema has tens of thousands of names, so they are kept without one
/// allocation each: all taken names are appended to one buffer, and a hash table maps
/// a name's hash to its entries (chained when hashes collide; lookups compare the text,
/// so the set is exact).
#[derive(Debug, Default)]
pub struct NameAllocator {
    /// Every taken name, one after another.
    text: String,
    /// The hash of a name to its most recent entry with that hash.
    heads: FxHashMap<u64, usize>,
    /// `(start, end)` of a name in `text`, and the previous entry with the same hash.
    entries: Vec<(usize, usize, Option<usize>)>,
}

impl NameAllocator {
    pub fn new() -> NameAllocator {
        NameAllocator::default()
    }

    /// An allocator with room for about `names` names.
    pub fn with_capacity(names: usize) -> NameAllocator {
        NameAllocator {
            text: String::with_capacity(names * 24),
            heads: FxHashMap::with_capacity_and_hasher(names, Default::default()),
            entries: Vec::with_capacity(names),
        }
    }

    fn hash(name: &str) -> u64 {
        let mut hasher = FxHasher::default();
        hasher.write(name.as_bytes());
        hasher.finish()
    }

    fn contains(&self, name: &str, hash: u64) -> bool {
        let mut entry = self.heads.get(&hash).copied();
        while let Some(i) = entry {
            let (start, end, previous) = self.entries[i];
            if &self.text[start..end] == name {
                return true;
            }
            entry = previous;
        }
        false
    }

    /// Takes `name`; false when it was already taken.
    fn insert(&mut self, name: &str) -> bool {
        self.insert_hashed(name, NameAllocator::hash(name))
    }

    /// [`NameAllocator::insert`] with the name's hash already computed.
    fn insert_hashed(&mut self, name: &str, hash: u64) -> bool {
        if self.contains(name, hash) {
            return false;
        }
        let start = self.text.len();
        self.text.push_str(name);
        let previous = self.heads.insert(hash, self.entries.len());
        self.entries.push((start, self.text.len(), previous));
        true
    }

    /// Marks a name as taken without renaming it (table names, which are checked for
    /// collisions separately).
    pub fn reserve(&mut self, name: &str) {
        self.insert(name);
    }

    /// Returns `base`, or `base_<n>` with the smallest `n` that is still free.
    pub fn claim(&mut self, base: String) -> String {
        let hash = NameAllocator::hash(&base);
        self.claim_hashed(base, hash)
    }

    /// [`NameAllocator::claim`] with the hash of `base` already computed.
    fn claim_hashed(&mut self, base: String, hash: u64) -> String {
        if self.insert_hashed(&base, hash) {
            return base;
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}_{n}");
            if self.insert(&candidate) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Claims `bases` in order, as [`NameAllocator::claim`] one after another would,
    /// for an allocator that claims nothing afterwards. Names rarely collide: when no
    /// two bases and no taken name share a hash, each base is its own name, and the
    /// names are not claimed one by one.
    pub fn claim_all(mut self, bases: Vec<String>) -> Vec<String> {
        let hashes: Vec<u64> = bases.iter().map(|b| NameAllocator::hash(b)).collect();
        if self.all_new_and_distinct(hashes.iter().copied(), hashes.len()) {
            return bases;
        }
        bases
            .into_iter()
            .zip(hashes)
            .map(|(base, hash)| self.claim_hashed(base, hash))
            .collect()
    }

    /// Claims `bases` in order from an allocator that holds just the names `taken`
    /// yields, as reserving those and then [`NameAllocator::claim_all`] would. When no
    /// base shares its hash with another base or with a taken name, each base is its own
    /// name, and the taken names are only hashed, not stored.
    pub fn claim_after<'t>(
        taken: impl Iterator<Item = &'t str> + Clone,
        bases: Vec<String>,
    ) -> Vec<String> {
        let mut hashes: FxHashSet<u64> =
            FxHashSet::with_capacity_and_hasher(bases.len(), Default::default());
        let distinct = bases.iter().all(|b| hashes.insert(NameAllocator::hash(b)));
        if distinct
            && !taken
                .clone()
                .any(|name| hashes.contains(&NameAllocator::hash(name)))
        {
            return bases;
        }
        let mut names = NameAllocator::new();
        for name in taken {
            names.reserve(name);
        }
        names.claim_all(bases)
    }

    /// True when the names of the `count` hashes are certainly free and distinct: no
    /// two of the hashes are equal, and none is the hash of a taken name.
    fn all_new_and_distinct(&self, mut hashes: impl Iterator<Item = u64>, count: usize) -> bool {
        let mut seen: FxHashSet<u64> =
            FxHashSet::with_capacity_and_hasher(self.heads.len() + count, Default::default());
        seen.extend(self.heads.keys().copied());
        hashes.all(|hash| seen.insert(hash))
    }
}

/// The constraint names one entity's lowering asks for, in order. Entities are lowered
/// in parallel, each with its own log, and their names are settled afterwards in entity
/// order, exactly as if every name had been claimed from one [`NameAllocator`] in turn.
///
/// [`NameLog::claim`] hands out a provisional name, unique within the log: the base, or
/// `base_<n>` when this entity already asked for that base. [`NameLog::settle`] claims
/// the bases from the allocator in the logged order and returns the provisional names
/// that came out differently, with their final names (none, unless names collide).
#[derive(Debug, Default)]
pub struct NameLog {
    /// `(where its base ends in text, its hash, the provisional name when it is not
    /// the base)` of every claim, in order. The hashes are computed here, on the
    /// lowering's threads, so that settling, which runs on one, only looks names up.
    claims: Vec<(usize, u64, Option<String>)>,
    /// The bases, one after another: one string per entity rather than one per name.
    text: String,
}

impl NameLog {
    /// Makes room for `claims` more names of about `bytes` bytes in all.
    pub fn reserve(&mut self, claims: usize, bytes: usize) {
        self.claims.reserve(claims);
        self.text.reserve(bytes);
    }

    /// The claims as `(base, its hash, the provisional name when it is not the base)`.
    fn entries(&self) -> impl Iterator<Item = (&str, u64, Option<&str>)> {
        let starts = std::iter::once(0).chain(self.claims.iter().map(|&(end, _, _)| end));
        starts
            .zip(&self.claims)
            .map(|(start, (end, hash, provisional))| {
                (&self.text[start..*end], *hash, provisional.as_deref())
            })
    }

    /// A provisional name for `base`, unique within this log.
    pub fn claim(&mut self, base: String) -> String {
        let taken = |log: &NameLog, name: &str| {
            log.entries()
                .any(|(base, _, provisional)| provisional.unwrap_or(base) == name)
        };
        let hash = NameAllocator::hash(&base);
        let provisional = if taken(self, &base) {
            let mut n = 1;
            Some(loop {
                let candidate = format!("{base}_{n}");
                if !taken(self, &candidate) {
                    break candidate;
                }
                n += 1;
            })
        } else {
            None
        };
        self.text.push_str(&base);
        self.claims
            .push((self.text.len(), hash, provisional.clone()));
        provisional.unwrap_or(base)
    }

    /// Settles every log in order, as [`NameLog::settle`] one after another would, for
    /// an allocator that claims nothing afterwards; returns each log's renames. When no
    /// two logged bases and no taken name share a hash, nothing is renamed, and the
    /// names are not claimed one by one.
    pub fn settle_all(
        logs: &mut [NameLog],
        mut names: NameAllocator,
    ) -> Vec<Vec<(String, String)>> {
        let claims = logs.iter().map(|log| log.claims.len()).sum();
        let hashes = logs
            .iter()
            .flat_map(|log| log.claims.iter().map(|(_, hash, _)| *hash));
        if names.all_new_and_distinct(hashes, claims) {
            return vec![Vec::new(); logs.len()];
        }
        logs.iter_mut()
            .map(|log| std::mem::take(log).settle(&mut names))
            .collect()
    }

    /// Claims the logged bases from `names` in order; returns `(provisional, final)`
    /// for every name that differs.
    pub fn settle(self, names: &mut NameAllocator) -> Vec<(String, String)> {
        self.entries()
            .filter_map(|(base, hash, provisional)| {
                let name = names.claim_hashed(base.to_string(), hash);
                match provisional {
                    Some(provisional) => {
                        (name != provisional).then(|| (provisional.to_string(), name))
                    }
                    // The base was handed out; the allocator gives it back, or it with a
                    // suffix when taken.
                    None => (name.len() != base.len()).then(|| (base.to_string(), name)),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        assert_eq!(snake_case("OrderItem"), "order_item");
        assert_eq!(snake_case("User"), "user");
        assert_eq!(snake_case("HTTPRequest"), "http_request");
        assert_eq!(snake_case("Oauth2Token"), "oauth2_token");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(snake_case("EntBanBan"), "ent_ban_ban");
        assert_eq!(snake_case("ÄpfelÖlBaum"), "äpfel_öl_baum");
        assert_eq!(snake_case("ÉTATLigne"), "état_ligne");
    }

    #[test]
    fn pluralize_follows_the_english_rules() {
        assert_eq!(pluralize("category"), "categories");
        assert_eq!(pluralize("day"), "days");
        assert_eq!(pluralize("status"), "statuses");
        assert_eq!(pluralize("box"), "boxes");
        assert_eq!(pluralize("quiz"), "quizes");
        assert_eq!(pluralize("match"), "matches");
        assert_eq!(pluralize("wish"), "wishes");
        assert_eq!(pluralize("item"), "items");
    }

    #[test]
    fn table_names_pluralize_the_last_word() {
        assert_eq!(table_name("OrderItem"), "order_items");
        assert_eq!(table_name("Category"), "categories");
        assert_eq!(table_name("OrderStatus"), "order_statuses");
        assert_eq!(table_name("User"), "users");
        assert_eq!(table_name("HTTPProxy"), "http_proxies");
        assert_eq!(table_name("Day"), "days");
        assert_eq!(table_name("Trailing_"), "trailing_s");
    }

    #[test]
    fn constraint_names_are_postgres_style() {
        let cols = vec!["tenant_id".to_string(), "slug".to_string()];
        assert_eq!(primary_key("users"), "users_pkey");
        assert_eq!(unique("users", &cols), "users_tenant_id_slug_key");
        assert_eq!(foreign_key("users", &cols[..1]), "users_tenant_id_fkey");
        assert_eq!(index("users", &cols), "users_tenant_id_slug_idx");
        assert_eq!(column_check("users", "age"), "users_age_check");
        assert_eq!(table_check("users", 2), "users_check2");
    }

    #[test]
    fn index_names_are_told_from_other_names() {
        for name in ["users_email_idx", "users_email_idx_2", "a_idx_idx_10"] {
            assert!(is_index_name(name), "{name}");
        }
        for name in [
            "users_idx_pkey",
            "users_email_key",
            "users_idx_x",
            "idx",
            "users_idx_",
        ] {
            assert!(!is_index_name(name), "{name}");
        }
    }

    #[test]
    fn allocator_appends_a_counter_on_collision() {
        let mut names = NameAllocator::new();
        names.reserve("users");
        assert_eq!(names.claim("users".into()), "users_1");
        assert_eq!(names.claim("users_age_check".into()), "users_age_check");
        assert_eq!(names.claim("users_age_check".into()), "users_age_check_1");
        assert_eq!(names.claim("users_age_check".into()), "users_age_check_2");
    }

    #[test]
    fn a_settled_log_gives_the_names_of_claiming_in_turn() {
        let bases = ["a_idx", "b_idx", "a_idx", "a_idx_1", "users"];
        let mut direct = NameAllocator::new();
        direct.reserve("users");
        direct.reserve("a_idx");
        let expected: Vec<String> = bases.iter().map(|b| direct.claim(b.to_string())).collect();

        let mut log = NameLog::default();
        let provisional: Vec<String> = bases.iter().map(|b| log.claim(b.to_string())).collect();
        let mut names = NameAllocator::new();
        names.reserve("users");
        names.reserve("a_idx");
        let renames = log.settle(&mut names);
        let settled: Vec<String> = provisional
            .iter()
            .map(|p| {
                renames
                    .iter()
                    .find(|(from, _)| from == p)
                    .map_or(p.clone(), |(_, to)| to.clone())
            })
            .collect();
        assert_eq!(settled, expected);
    }

    /// The names of claiming `bases` one by one from an allocator holding `taken`.
    fn claimed_in_turn(taken: &[&str], bases: &[&str]) -> Vec<String> {
        let mut names = NameAllocator::new();
        taken.iter().for_each(|t| names.reserve(t));
        bases.iter().map(|b| names.claim(b.to_string())).collect()
    }

    #[test]
    fn claiming_all_at_once_gives_the_names_of_claiming_in_turn() {
        let taken = ["users", "a_idx"];
        for bases in [
            &["b_idx", "c_idx", "d_idx"][..],
            &["a_idx", "b_idx"],
            &["b_idx", "b_idx", "b_idx_1"],
            &[],
        ] {
            let mut names = NameAllocator::new();
            taken.iter().for_each(|t| names.reserve(t));
            let all = names.claim_all(bases.iter().map(|b| b.to_string()).collect());
            assert_eq!(all, claimed_in_turn(&taken, bases), "{bases:?}");
            let after = NameAllocator::claim_after(
                taken.iter().copied(),
                bases.iter().map(|b| b.to_string()).collect(),
            );
            assert_eq!(after, claimed_in_turn(&taken, bases), "{bases:?}");
        }
    }

    #[test]
    fn settling_all_logs_gives_the_names_of_claiming_in_turn() {
        let taken = ["users"];
        for entities in [
            &[&["a_pkey", "a_x_key"][..], &["b_pkey"]][..],
            &[&["a_pkey", "a_pkey"], &["b_pkey"]],
            &[&["a_pkey"], &["a_pkey", "users"]],
        ] {
            let mut logs: Vec<NameLog> = Vec::new();
            let mut provisional: Vec<Vec<String>> = Vec::new();
            for bases in entities {
                let mut log = NameLog::default();
                provisional.push(bases.iter().map(|b| log.claim(b.to_string())).collect());
                logs.push(log);
            }
            let mut names = NameAllocator::new();
            taken.iter().for_each(|t| names.reserve(t));
            let renames = NameLog::settle_all(&mut logs, names);
            let settled: Vec<String> = provisional
                .iter()
                .zip(&renames)
                .flat_map(|(names, renames)| {
                    names.iter().map(|p| {
                        renames
                            .iter()
                            .find(|(from, _)| from == p)
                            .map_or(p.clone(), |(_, to)| to.clone())
                    })
                })
                .collect();
            let bases: Vec<&str> = entities.iter().flat_map(|e| e.iter().copied()).collect();
            assert_eq!(settled, claimed_in_turn(&taken, &bases), "{entities:?}");
        }
    }
}

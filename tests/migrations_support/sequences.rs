//! The hand-written evolution sequences, by name: replayed on the engines by
//! `migrations_evolution.rs`, linted with squawk by `migrations_squawk.rs`, and built
//! twice by `migrations_determinism.rs`.

use super::{v, Expect, Version};

pub const BASE: &str =
    "entity Customer {\n  email string(100) unique\n  name text?\n  visits int = 0\n}\n";

/// `BASE` with more fields in `Customer` and more items after it.
pub fn with(extra_fields: &str, extra_items: &str) -> String {
    format!("entity Customer {{\n  email string(100) unique\n  name text?\n  visits int = 0\n{extra_fields}}}\n{extra_items}")
}

const ORDER: &str = "entity Order {\n  total decimal(10,2)\n}\n";
const LINKED_ORDER: &str = "entity Order {\n  total decimal(10,2)\n  customer -> Customer?\n}\n";

/// Every sequence, by name.
pub fn all() -> Vec<(&'static str, Vec<Version>)> {
    let wide = BASE.replace("visits int = 0", "visits bigint = 0");
    let renamed = BASE.replace("name text?", "full_name text? @was(name)");
    let renamed_done = BASE.replace("name text?", "full_name text?");
    let dropped = BASE.replace("  name text?\n", "");
    let tiers = format!(
        "enum Tier {{ basic gold }}\n{}",
        with("  tier Tier = 'basic'\n", "")
    );
    let enum_base = format!("enum Tier {{ basic gold }}\n{BASE}");
    let commented = BASE.replace("entity Customer", "/// People who buy.\nentity Customer");
    let two = with(
        "",
        "entity Order {\n  total decimal(10,2)\n  customer -> Customer\n}\n",
    );
    let coded = with("  code string(10) = 'x'\n", "");
    let accounts = "entity Account {\n  name text\n  with SoftDelete\n}\n";
    let item = "entity Item {\n  label string(40)\n  qty int = 1\n}\n";
    let item_renamed = "entity Item {\n  title string(40) @was(label)\n  qty int = 1\n}\n";
    vec![
        ("add_table", vec![v(BASE), v(&with("", ORDER))]),
        (
            "add_nullable_column",
            vec![v(BASE), v(&with("  note text?\n", ""))],
        ),
        (
            "add_column_with_default",
            vec![v(BASE), v(&with("  score int? = 5\n", ""))],
        ),
        (
            "add_not_null_column_with_default",
            vec![v(BASE), v(&with("  tier string(20) = 'basic'\n", ""))],
        ),
        (
            "add_index",
            vec![v(BASE), v(&with("  index (visits)\n", ""))],
        ),
        (
            "drop_index",
            vec![v(&with("  index (visits)\n", "")), v(BASE)],
        ),
        (
            "add_composite_unique",
            vec![
                v(&with("  city string(50)?\n", "")),
                v(&with("  city string(50)?\n  unique (city, visits)\n", "")),
            ],
        ),
        (
            "add_foreign_key_to_existing_table",
            vec![v(&with("", ORDER)), v(&with("", LINKED_ORDER))],
        ),
        (
            "add_check",
            vec![
                v(BASE),
                v(&BASE.replace("visits int = 0", "visits int = 0 check (visits >= 0)")),
            ],
        ),
        (
            "widen_varchar",
            vec![v(BASE), v(&BASE.replace("string(100)", "string(200)"))],
        ),
        (
            "int_to_bigint_expand_then_contract",
            vec![
                v(BASE),
                v(&wide),
                v(&wide).expect(Expect::Unchanged),
                v(&wide).contract(),
            ],
        ),
        (
            "rename_through_was_expand_then_contract",
            vec![
                v(BASE),
                v(&renamed),
                v(&renamed).expect(Expect::Unchanged),
                v(&renamed_done),
            ],
        ),
        (
            "rename_of_a_required_column",
            vec![
                v("entity Item {\n  label string(40)\n}\n"),
                v("entity Item {\n  title string(40) @was(label)\n}\n"),
                v("entity Item {\n  title string(40)\n}\n"),
            ],
        ),
        (
            // While a rename waits for its contract, a change that SQLite can only make
            // by rebuilding the table: the rebuilt table keeps the sync triggers.
            "table_rebuilt_while_rename_pending",
            vec![
                v(item),
                v(item_renamed),
                v(&item_renamed.replace("qty int = 1", "qty int = 1 check (qty >= 0)")),
                v(&item
                    .replace("label string(40)", "title string(40)")
                    .replace("qty int = 1", "qty int = 1 check (qty >= 0)")),
            ],
        ),
        (
            // SQLite rebuilds `customers`, which `orders` references: `schemac apply`
            // runs the file with foreign keys off, then checks them.
            "rebuild_of_a_referenced_table",
            vec![
                v(&two),
                v(&two.replace("visits int = 0", "visits int = 0 check (visits >= 0)")),
            ],
        ),
        (
            "drop_column_refused_then_allowed",
            vec![
                v(BASE),
                v(&dropped).expect(Expect::Refused),
                v(&dropped).allow_destructive(),
            ],
        ),
        (
            "deprecated_field_is_kept",
            vec![
                v(BASE),
                v(&BASE.replace("name text?", "name text? @deprecated")).expect(Expect::Unchanged),
                v(&dropped).expect(Expect::Unchanged),
            ],
        ),
        (
            "deprecated_required_field_becomes_nullable",
            vec![
                v(&coded),
                v(&coded.replace("code string(10) = 'x'", "code string(10) = 'x' @deprecated"))
                    .expect(Expect::Unchanged),
                v(BASE),
            ],
        ),
        (
            "new_enum_variant_adds_lookup_rows",
            vec![
                v(&tiers),
                v(&tiers.replace("{ basic gold }", "{ basic gold platinum }")),
            ],
        ),
        (
            "enum_variant_removed_is_destructive",
            vec![
                v(&enum_base),
                v(&enum_base.replace("{ basic gold }", "{ basic }")).expect(Expect::Refused),
                v(&enum_base.replace("{ basic gold }", "{ basic }")).allow_destructive(),
            ],
        ),
        (
            "comment_change",
            vec![
                v(BASE),
                v(&commented),
                v(&commented.replace("  name text?", "  /// What they are called.\n  name text?")),
            ],
        ),
        (
            "self_referencing_foreign_key_added",
            vec![v(BASE), v(&with("  referrer -> Customer?\n", ""))],
        ),
        (
            "nullable_to_not_null",
            vec![v(BASE), v(&BASE.replace("name text?", "name text"))],
        ),
        (
            "default_change",
            vec![
                v(BASE),
                v(&BASE.replace("visits int = 0", "visits int = 7")),
            ],
        ),
        (
            "drop_table_refused_then_allowed",
            vec![
                v(&two),
                v(BASE).expect(Expect::Refused),
                v(BASE).allow_destructive(),
            ],
        ),
        (
            "unchanged_schema_writes_nothing",
            vec![v(BASE), v(BASE).expect(Expect::Unchanged)],
        ),
        (
            "on_update_column_added",
            vec![
                v(BASE),
                v(&with("  touched_at timestamptz = now() @on_update\n", "")),
            ],
        ),
        (
            // A unique field added to a soft-deleted entity is a partial unique index;
            // MySQL has none and needs the generated marker column the full DDL has.
            "partial_unique_added_to_existing_table",
            vec![
                v(accounts),
                v(&accounts.replace(
                    "  name text\n",
                    "  name text\n  handle string(40)? unique\n",
                )),
            ],
        ),
    ]
}

/// The sequence called `name`.
pub fn get(name: &str) -> Vec<Version> {
    all()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, versions)| versions)
        .unwrap_or_else(|| panic!("no sequence `{name}`"))
}

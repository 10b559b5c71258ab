//! Hand-written evolutions (`migrations_support::sequences`), each built with `schemac
//! build` and applied with the real `schemac apply` on PostgreSQL, MariaDB and SQLite:
//! the migration files of V1..Vn applied in order give the schema of a fresh database
//! created from the full DDL, and no row is lost on the way.

mod migrations_support;

use migrations_support::{replay, sequences};

/// One test per sequence, each replaying it.
macro_rules! sequences {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                replay(&sequences::get(stringify!($name)));
            }
        )*

        #[test]
        fn every_sequence_has_a_test() {
            let tested = [
                $(stringify!($name),)*
                "deprecated_field_is_kept",
                "new_enum_variant_adds_lookup_rows",
            ];
            for (name, _) in sequences::all() {
                assert!(tested.contains(&name), "sequence `{name}` has no test");
            }
        }
    };
}

sequences!(
    add_table,
    add_nullable_column,
    add_column_with_default,
    add_not_null_column_with_default,
    add_index,
    drop_index,
    add_composite_unique,
    add_foreign_key_to_existing_table,
    add_check,
    widen_varchar,
    int_to_bigint_expand_then_contract,
    rename_through_was_expand_then_contract,
    rename_of_a_required_column,
    table_rebuilt_while_rename_pending,
    rebuild_of_a_referenced_table,
    drop_column_refused_then_allowed,
    deprecated_required_field_becomes_nullable,
    enum_variant_removed_is_destructive,
    comment_change,
    self_referencing_foreign_key_added,
    nullable_to_not_null,
    default_change,
    drop_table_refused_then_allowed,
    unchanged_schema_writes_nothing,
    on_update_column_added,
    partial_unique_added_to_existing_table,
);

#[test]
fn deprecated_field_is_kept() {
    let project = replay(&sequences::get("deprecated_field_is_kept"));
    let snapshot = project.snapshot();
    let customers = snapshot.schema.table("customers").expect("customers");
    assert!(
        customers.column("name").is_some(),
        "the deprecated column is kept"
    );
}

#[test]
fn new_enum_variant_adds_lookup_rows() {
    let project = replay(&sequences::get("new_enum_variant_adds_lookup_rows"));
    let tiers = project
        .snapshot()
        .schema
        .table("tiers")
        .expect("tiers")
        .seed_rows
        .len();
    assert_eq!(tiers, 3);
}

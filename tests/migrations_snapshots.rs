//! The migration SQL `schemac build` writes for a few sequences, per dialect, as
//! reviewed snapshots: the files after the first (`init`) build of each sequence.

mod migrations_support;

use migrations_support::{sequences, Expect, Project, DIALECTS};

/// The files every build after the first wrote for `dialect`, each under its name.
fn later_files(name: &str, dialect: &str) -> String {
    let versions = sequences::get(name);
    let project = Project::new();
    assert_eq!(project.build(&versions[0]), 0, "{name}: the first build");
    let first = project.files(dialect).len();
    for (step, version) in versions.iter().enumerate().skip(1) {
        let expected = if version.expect == Expect::Refused {
            1
        } else {
            0
        };
        assert_eq!(project.build(version), expected, "{name}: step {step}");
    }
    project.files(dialect)[first..]
        .iter()
        .map(|path| {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let text = std::fs::read_to_string(path).expect("reading a migration");
            format!("==> {file}\n{text}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One test per sequence: a snapshot of its later files on every dialect.
macro_rules! snapshots {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                for dialect in DIALECTS {
                    insta::assert_snapshot!(
                        format!("{}__{dialect}", stringify!($name)),
                        later_files(stringify!($name), dialect)
                    );
                }
            }
        )*
    };
}

snapshots!(
    // ADD COLUMN: instant on MySQL, in place on PostgreSQL and SQLite.
    add_nullable_column,
    add_not_null_column_with_default,
    // PostgreSQL builds the index in a `-- schemac:txmode none` file, CONCURRENTLY.
    add_index,
    // PostgreSQL adds the foreign key NOT VALID, then validates it in a later file;
    // SQLite rebuilds the table.
    add_foreign_key_to_existing_table,
    // SET NOT NULL through a validated check on PostgreSQL; a rebuild on SQLite.
    nullable_to_not_null,
    // A rename through `@was`: expand (new column, sync triggers, backfill), then the
    // contract once `@was` is removed.
    rename_through_was_expand_then_contract,
    // `int` -> `bigint`: expand into `visits__new`, contract with `build --contract`.
    int_to_bigint_expand_then_contract,
    // The SQLite table rebuild (an added check), with the sync triggers of a pending
    // rename recreated on the rebuilt table.
    table_rebuilt_while_rename_pending,
    // MySQL's generated marker column for a partial unique index.
    partial_unique_added_to_existing_table,
);

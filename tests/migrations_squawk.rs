//! The PostgreSQL migrations `schemac build` writes for every hand-written sequence
//! pass squawk (`squawk-cli`) under `.squawk-migrations.toml`, which keeps the rules
//! about changing busy tables on: concurrent indexes, NOT VALID constraints, lock and
//! statement timeouts. squawk must be installed (`scripts/test.sh` installs it); this
//! test fails rather than skips without it.

mod migrations_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use migrations_support::{build_all, sequences};
use schemac_testkit::unique_name;

/// A temporary folder, removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn postgres_migrations_pass_squawk() {
    let out = TempDir(std::env::temp_dir().join(format!("schemac_squawk_{}", unique_name())));
    std::fs::create_dir_all(&out.0).expect("creating the output folder");
    let mut files = Vec::new();
    for (name, versions) in sequences::all() {
        let project = build_all(&versions);
        // The first file of each sequence creates its tables from nothing: it is the
        // full DDL, which `scripts/squawk.sh` lints under `.squawk.toml`.
        for path in project.files("postgres").iter().skip(1) {
            let file_name = path.file_name().expect("a file name").to_string_lossy();
            let target = out.0.join(format!("{name}__{file_name}"));
            std::fs::copy(path, &target).expect("copying a migration");
            files.push(target);
        }
    }
    assert!(files.len() > 20, "too few migration files: {}", files.len());
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join(".squawk-migrations.toml");
    // `schemac apply` runs every file in a transaction except the `txmode none` ones.
    let (outside, inside): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|f| {
        std::fs::read_to_string(f)
            .expect("reading a migration")
            .starts_with("-- schemac:txmode none")
    });
    assert!(!outside.is_empty(), "no concurrent index file was written");
    let mut problems = String::new();
    for (set, in_transaction) in [(&inside, true), (&outside, false)] {
        let mut command = Command::new("squawk");
        command.arg("--reporter=gcc").arg("--config").arg(&config);
        if in_transaction {
            command.arg("--assume-in-transaction");
        }
        let result = command.args(set).output().unwrap_or_else(|e| {
            panic!(
                "cannot run squawk ({e}): install it with `python3 -m pip install squawk-cli` \
                 (scripts/test.sh does)"
            )
        });
        if !result.status.success() {
            problems.push_str(&String::from_utf8_lossy(&result.stdout));
            problems.push_str(&String::from_utf8_lossy(&result.stderr));
        }
    }
    assert!(problems.is_empty(), "squawk found problems:\n{problems}");
}

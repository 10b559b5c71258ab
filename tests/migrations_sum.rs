//! `schemac build` never builds on top of migrations changed by hand: when a dialect's
//! `schemac.sum` does not match its files (one edited, removed or added), it refuses
//! (exit 1) and writes nothing, not even the snapshot.

mod migrations_support;

use std::path::PathBuf;
use std::process::{Command, Output};

use migrations_support::{sequences::with, sequences::BASE, v, Project, DIALECTS};

/// A project built twice (`init`, then one added column).
fn built() -> Project {
    let project = Project::new();
    assert_eq!(project.build(&v(BASE)), 0);
    assert_eq!(project.build(&v(&with("  note text?\n", ""))), 0);
    project
}

/// The next version, built with the binary.
fn build_next(project: &Project) -> Output {
    std::fs::write(
        project.root.join("schema/app.schema"),
        with("  note text?\n  score int?\n", ""),
    )
    .expect("writing the schema");
    Command::new(env!("CARGO_BIN_EXE_schemac"))
        .arg("build")
        .arg(&project.root)
        .output()
        .expect("the schemac binary runs")
}

/// Every file of the migrations folder with its bytes.
fn contents(project: &Project) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = project.root.join("migrations");
    let mut out = vec![(
        dir.join("schemac.snapshot.json"),
        std::fs::read(dir.join("schemac.snapshot.json")).expect("the snapshot"),
    )];
    for dialect in DIALECTS {
        let folder = dir.join(dialect);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("the dialect folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        for path in names {
            let bytes = std::fs::read(&path).expect("a migration file");
            out.push((path, bytes));
        }
    }
    out
}

/// Changes the files with `tamper`, then checks that the next build refuses and
/// writes nothing, naming the dialect's sum.
fn refused_after(tamper: impl Fn(&Project), dialect: &str) {
    let project = built();
    tamper(&project);
    let before = contents(&project);
    let out = build_next(&project);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{dialect}/schemac.sum")) && stderr.contains("does not match"),
        "{stderr}"
    );
    assert_eq!(contents(&project), before, "a refused build wrote files");
}

#[test]
fn edited_migration_is_refused() {
    refused_after(
        |p| {
            let file = p.files("postgres")[1].clone();
            let mut text = std::fs::read_to_string(&file).expect("the file");
            text.push_str("-- edited by hand\n");
            std::fs::write(file, text).expect("editing");
        },
        "postgres",
    );
}

#[test]
fn removed_migration_is_refused() {
    refused_after(
        |p| std::fs::remove_file(&p.files("mysql")[1]).expect("removing"),
        "mysql",
    );
}

#[test]
fn added_migration_is_refused() {
    refused_after(
        |p| {
            std::fs::write(
                p.root.join("migrations/sqlite/V3__by_hand.sql"),
                "CREATE TABLE extra (id integer);\n",
            )
            .expect("adding")
        },
        "sqlite",
    );
}

#[test]
fn restored_migration_builds_again() {
    let project = built();
    let file = project.files("postgres")[1].clone();
    let original = std::fs::read(&file).expect("the file");
    std::fs::write(&file, b"-- replaced\n").expect("editing");
    assert_eq!(build_next(&project).status.code(), Some(1));
    std::fs::write(&file, original).expect("restoring");
    let out = build_next(&project);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for dialect in DIALECTS {
        assert_eq!(project.files(dialect).len(), 3, "{dialect}: V3 written");
    }
}

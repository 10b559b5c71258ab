//! `schemac build` is deterministic: the same schema versions built into two project
//! folders (one in this process, one with the binary) give byte-identical migration
//! files, `schemac.sum` files and snapshots.

mod migrations_support;

use std::collections::BTreeMap;
use std::path::Path;

use std::process::Command;

use migrations_support::{build_all, sequences, Expect, Project, Version};

/// Builds every version with the `schemac build` binary (a separate process per build,
/// so nothing such as hash-map order can carry over from the other build).
fn build_with_binary(versions: &[Version]) -> Project {
    let project = Project::new();
    for (step, version) in versions.iter().enumerate() {
        std::fs::write(project.root.join("schema/app.schema"), &version.schema)
            .expect("writing the schema");
        let mut command = Command::new(env!("CARGO_BIN_EXE_schemac"));
        command.arg("build").arg(&project.root);
        if version.allow_destructive {
            command.arg("--allow-destructive");
        }
        if version.contract {
            command.arg("--contract");
        }
        let out = command.output().expect("the schemac binary runs");
        let expected = if version.expect == Expect::Refused {
            1
        } else {
            0
        };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "step {step}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    project
}

/// Every file under `dir`, by path relative to it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .expect("under the folder")
                    .display()
                    .to_string();
                out.insert(relative, std::fs::read(&path).expect("reading a file"));
            }
        }
    }
    out
}

#[test]
fn the_same_inputs_give_byte_identical_migrations() {
    for (name, versions) in sequences::all() {
        let a = build_all(&versions);
        let b = build_with_binary(&versions);
        let (a, b) = (
            tree(&a.root.join("migrations")),
            tree(&b.root.join("migrations")),
        );
        assert!(
            a.contains_key("schemac.snapshot.json"),
            "{name}: no snapshot written"
        );
        for dialect in ["postgres", "mysql", "sqlite"] {
            assert!(
                a.contains_key(&format!("{dialect}/schemac.sum")),
                "{name}: no {dialect} sum written"
            );
        }
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{name}: the same files"
        );
        for (path, bytes) in &a {
            assert!(
                b.get(path) == Some(bytes),
                "{name}: `{path}` differs between two builds"
            );
        }
    }
}

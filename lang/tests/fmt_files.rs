//! The checked-in `.schema` files are canonically formatted: every stdlib file and every
//! example formats to itself.

mod fmt_support;

use std::path::{Path, PathBuf};

/// Every `*.schema` file under `dir`, recursively, in a stable order; none when `dir`
/// does not exist.
fn schema_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.expect("the folder is readable").path();
        if path.is_dir() {
            found.extend(schema_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "schema") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Checks that every file formats to itself; on failure names each file that does not,
/// with its first line that differs from the formatter's output.
fn assert_formatted(files: &[PathBuf]) {
    let mut unformatted = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(path).expect("the schema file is readable");
        let name = path.display().to_string();
        let formatted = fmt_support::format_checked(&name, &source);
        if formatted != source {
            let (line, (was, now)) = source
                .lines()
                .chain(std::iter::repeat(""))
                .zip(formatted.lines().chain(std::iter::repeat("")))
                .enumerate()
                .find(|(_, (was, now))| was != now)
                .expect("two different texts differ on some line");
            unformatted.push(format!(
                "{name}:{}:\n  is: {was:?}\n  canonical: {now:?}",
                line + 1
            ));
        }
    }
    assert!(
        unformatted.is_empty(),
        "files that are not canonically formatted (run `schemac fmt` on them):\n{}",
        unformatted.join("\n")
    );
}

#[test]
fn stdlib_files_format_to_themselves() {
    let files = schema_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../stdlib/schema"));
    assert!(!files.is_empty(), "the stdlib has schema files");
    assert_formatted(&files);
}

#[test]
fn example_files_format_to_themselves() {
    assert_formatted(&schema_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"),
    ));
}

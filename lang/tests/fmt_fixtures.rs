//! Snapshot tests of the formatter: every `fixtures/fmt/NAME.input.schema` formats to
//! the snapshot `fixtures/fmt/NAME.snap`, and the output keeps the tree and the comments
//! and formats to itself.

mod fmt_support;

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fmt");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("the fmt fixture folder exists")
        .map(|entry| entry.expect("the fixture folder is readable").path())
        .filter_map(|path| {
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".input.schema")?
                .to_string();
            Some((name, path))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn fixtures_format_to_their_snapshots() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 12,
        "expected at least 12 fixtures, found {}",
        fixtures.len()
    );
    for (name, path) in fixtures {
        let source = std::fs::read_to_string(&path).expect("the fixture is readable");
        let formatted = fmt_support::format_checked(&name, &source);
        insta::with_settings!({
            snapshot_path => "fixtures/fmt",
            prepend_module_to_snapshot => false,
            input_file => &path,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.as_str(), formatted);
        });
    }
}

#[test]
fn an_empty_file_stays_empty() {
    assert_eq!(fmt_support::format_checked("empty", ""), "");
    assert_eq!(fmt_support::format_checked("blank", "\n\n  \n"), "");
}

#[test]
fn a_file_of_comments_keeps_them() {
    let formatted = fmt_support::format_checked("comments only", "\n// one\n\n\n// two\n");
    assert_eq!(formatted, "// one\n\n// two\n");
}

#[test]
fn the_output_ends_with_one_newline() {
    let formatted = fmt_support::format_checked("no newline", "entity A {\n  id id\n}");
    assert_eq!(formatted, "entity A {\n  id id\n}\n");
    let formatted = fmt_support::format_checked("many newlines", "entity A {\n  id id\n}\n\n\n");
    assert_eq!(formatted, "entity A {\n  id id\n}\n");
}

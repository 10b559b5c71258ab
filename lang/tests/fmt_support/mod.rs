//! Shared checks of the formatter tests: parse without errors, compare trees without
//! spans, compare comment sequences, and the three properties every formatted file has.

use schemac_lang::ast::SourceFile;
use schemac_lang::fmt::format;
use schemac_lang::{parse, Diagnostics, FileId};
use serde_json::Value;

/// Parses `source`, failing the test with the diagnostics if it has errors.
pub fn parse_ok(name: &str, source: &str) -> SourceFile {
    let mut diags = Diagnostics::new();
    let file = parse(FileId(0), source, &mut diags);
    assert!(
        !diags.has_errors(),
        "{name}: syntax errors: {:#?}",
        diags.iter().collect::<Vec<_>>()
    );
    file
}

/// The items as JSON with every `span` key and every span-valued field removed (a span
/// value, such as the keyword span of `unique`, becomes the string `"span"` so that its
/// presence still counts).
pub fn tree_without_spans(file: &SourceFile) -> Value {
    let mut value = serde_json::to_value(&file.items).expect("the tree serializes to JSON");
    strip_spans(&mut value);
    value
}

fn strip_spans(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("span");
            for field in map.values_mut() {
                if is_span(field) {
                    *field = Value::String("span".to_string());
                } else {
                    strip_spans(field);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                if is_span(item) {
                    *item = Value::String("span".to_string());
                } else {
                    strip_spans(item);
                }
            }
        }
        _ => {}
    }
}

fn is_span(value: &Value) -> bool {
    matches!(value, Value::Object(map)
        if map.len() == 3 && map.contains_key("file") && map.contains_key("start") && map.contains_key("end"))
}

/// The path of the first place where two JSON values differ, with both values there.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
            x.iter().find_map(|(key, value)| match y.get(key) {
                Some(other) => first_difference(value, other, &format!("{at}.{key}")),
                None => Some(format!("{at}.{key}: missing after formatting")),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{at}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} became {b}")),
    }
}

/// The comment texts in source order.
pub fn comment_texts(file: &SourceFile) -> Vec<String> {
    let mut comments: Vec<_> = file.comments.iter().collect();
    comments.sort_by_key(|c| c.span.start);
    comments.into_iter().map(|c| c.text.clone()).collect()
}

/// Formats `source` and checks the formatter's properties: the output parses to the same
/// tree (spans aside) with the same comments in the same order, formatting it again
/// changes nothing, and it ends with exactly one newline. Returns the output.
pub fn format_checked(name: &str, source: &str) -> String {
    let file = parse_ok(name, source);
    let formatted = format(&file, source);
    let reparsed = parse_ok(&format!("{name} (formatted)"), &formatted);
    if let Some(at) = first_difference(
        &tree_without_spans(&file),
        &tree_without_spans(&reparsed),
        "items",
    ) {
        panic!("{name}: formatting changed the tree at {at}; output:\n{formatted}");
    }
    assert_eq!(
        comment_texts(&file),
        comment_texts(&reparsed),
        "{name}: formatting changed the comments"
    );
    let again = format(&reparsed, &formatted);
    assert_eq!(formatted, again, "{name}: formatting is not idempotent");
    if !formatted.is_empty() {
        assert!(
            formatted.ends_with('\n') && !formatted.ends_with("\n\n"),
            "{name}: must end with one newline"
        );
    }
    formatted
}

//! The minijinja templates that lay out DDL text. They receive ready strings (quoted
//! names, rendered types and expressions) and only arrange them; every decision is made
//! in Rust. A list template follows each of its statements, `;`-terminated, with a
//! blank line; [`render`] trims the text, so the statements come separated by blank
//! lines.

use std::sync::OnceLock;

use minijinja::{Environment, Template, UndefinedBehavior};
use serde::Serialize;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "create_enum_types.sql.j2",
        include_str!("../templates/create_enum_types.sql.j2"),
    ),
    (
        "create_tables.sql.j2",
        include_str!("../templates/create_tables.sql.j2"),
    ),
    (
        "insert_seed_rows.sql.j2",
        include_str!("../templates/insert_seed_rows.sql.j2"),
    ),
    (
        "create_indexes.sql.j2",
        include_str!("../templates/create_indexes.sql.j2"),
    ),
    (
        "add_foreign_keys.sql.j2",
        include_str!("../templates/add_foreign_keys.sql.j2"),
    ),
    (
        "comment_statements.sql.j2",
        include_str!("../templates/comment_statements.sql.j2"),
    ),
    (
        "postgres_on_update_function.sql.j2",
        include_str!("../templates/postgres_on_update_function.sql.j2"),
    ),
    (
        "postgres_on_update_trigger.sql.j2",
        include_str!("../templates/postgres_on_update_trigger.sql.j2"),
    ),
    (
        "sqlite_on_update_trigger.sql.j2",
        include_str!("../templates/sqlite_on_update_trigger.sql.j2"),
    ),
    (
        "postgres_sync_trigger.sql.j2",
        include_str!("../templates/postgres_sync_trigger.sql.j2"),
    ),
    (
        "postgres_backfill.sql.j2",
        include_str!("../templates/postgres_backfill.sql.j2"),
    ),
    (
        "mysql_sync_trigger.sql.j2",
        include_str!("../templates/mysql_sync_trigger.sql.j2"),
    ),
    (
        "mysql_backfill.sql.j2",
        include_str!("../templates/mysql_backfill.sql.j2"),
    ),
    (
        "sqlite_sync_trigger.sql.j2",
        include_str!("../templates/sqlite_sync_trigger.sql.j2"),
    ),
    (
        "sqlite_backfill.sql.j2",
        include_str!("../templates/sqlite_backfill.sql.j2"),
    ),
];

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .expect("the built-in templates parse");
        }
        env
    })
}

/// Renders the built-in template `name` with `context`, trimmed of surrounding
/// whitespace. The templates and their contexts are fixed by this crate, so a failure is
/// a bug in the crate, never a consequence of user input.
pub fn render<S: Serialize>(name: &str, context: S) -> String {
    render_sized(name, context, 0)
}

/// [`render`] into a string with room for `capacity` bytes: the text of a list template
/// runs to hundreds of kilobytes, and growing it from empty copies it over and over.
pub fn render_sized<S: Serialize>(name: &str, context: S, capacity: usize) -> String {
    render_trimmed(&template(name), context, capacity)
}

/// The text `template` renders for `context`, trimmed, in a string with room for
/// `capacity` bytes.
pub(crate) fn render_trimmed<S: Serialize>(
    template: &Template,
    context: S,
    capacity: usize,
) -> String {
    let mut text = render_raw(template, context, capacity);
    trim(&mut text);
    text
}

/// The context of a list template: `list` as `key`.
pub(crate) fn list_context<'a, C: Serialize>(key: &'a str, list: &'a [C]) -> impl Serialize + 'a {
    std::collections::BTreeMap::from([(key, list)])
}

/// The built-in template `name`.
pub(crate) fn template(name: &str) -> Template<'static, 'static> {
    environment()
        .get_template(name)
        .expect("the template is built in")
}

/// The text `template` renders for `context`, untrimmed, in a string with room for
/// `capacity` bytes.
pub(crate) fn render_raw<S: Serialize>(template: &Template, context: S, capacity: usize) -> String {
    let mut bytes = Vec::with_capacity(capacity);
    template
        .render_captured_to(context, &mut bytes)
        .expect("the built-in templates render with their contexts");
    String::from_utf8(bytes).expect("templates write text")
}

/// Trims a rendered text of surrounding whitespace, in place: the text of a large
/// schema's tables runs to megabytes.
pub(crate) fn trim(text: &mut String) {
    text.truncate(text.trim_end().len());
    text.drain(..text.len() - text.trim_start().len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        for (name, _) in TEMPLATES {
            assert!(environment().get_template(name).is_ok(), "{name}");
        }
    }
}

//! Drift: how a live database differs from what the snapshot says it should hold, in
//! words. Both sides are compared by their [`LiveSchema::shape`]; columns are compared
//! by name, not position (a column added by `ALTER TABLE` lands at the end), and the
//! `schema_migrations` table is not part of the user's schema.

use schemac_backends::live::{LiveColumn, LiveTable};
use schemac_backends::LiveSchema;

/// The bookkeeping table `apply` creates.
const BOOKKEEPING_TABLE: &str = "schema_migrations";

/// Every difference between `live` and `expected`, one sentence each; empty when they
/// match.
pub fn differences(live: &LiveSchema, expected: &LiveSchema) -> Vec<String> {
    let live = live.shape();
    let expected = expected.shape();
    let mut out = Vec::new();
    let live_tables: Vec<&LiveTable> = live
        .tables
        .iter()
        .filter(|t| t.name != BOOKKEEPING_TABLE)
        .collect();
    for table in &expected.tables {
        match live_tables.iter().find(|t| t.name == table.name) {
            Some(live_table) => table_differences(live_table, table, &mut out),
            None => out.push(format!(
                "table `{}` is missing from the database",
                table.name
            )),
        }
    }
    for table in &live_tables {
        if expected.table(&table.name).is_none() {
            out.push(format!(
                "table `{}` is in the database but not in the snapshot",
                table.name
            ));
        }
    }
    compare_lists(
        "enum type",
        &live.enums,
        &expected.enums,
        |e| e.name.clone(),
        |e| format!("({})", e.values.join(", ")),
        "",
        &mut out,
    );
    out
}

fn table_differences(live: &LiveTable, expected: &LiveTable, out: &mut Vec<String>) {
    let t = &expected.name;
    if live.comment != expected.comment {
        out.push(format!(
            "the comment of table `{t}` differs from the snapshot"
        ));
    }
    for column in &expected.columns {
        match live.columns.iter().find(|c| c.name == column.name) {
            Some(live_column) => {
                let changes = column_changes(live_column, column);
                if !changes.is_empty() {
                    out.push(format!(
                        "column `{t}.{}` differs: {}",
                        column.name,
                        changes.join("; ")
                    ));
                }
            }
            None => out.push(format!(
                "column `{t}.{}` is missing from the database",
                column.name
            )),
        }
    }
    for column in &live.columns {
        if !expected.columns.iter().any(|c| c.name == column.name) {
            out.push(format!(
                "column `{t}.{}` ({}) is in the database but not in the snapshot",
                column.name, column.ty
            ));
        }
    }
    if live.primary_key != expected.primary_key {
        let describe = |pk: &Option<schemac_backends::live::LivePrimaryKey>| {
            pk.as_ref().map_or("none".to_string(), |pk| {
                format!("({})", pk.columns.join(", "))
            })
        };
        out.push(format!(
            "the primary key of `{t}` differs: the database has {}, the snapshot has {}",
            describe(&live.primary_key),
            describe(&expected.primary_key)
        ));
    }
    let on = format!(" on `{t}`");
    compare_lists(
        "foreign key",
        &live.foreign_keys,
        &expected.foreign_keys,
        |fk| {
            fk.name
                .clone()
                .unwrap_or_else(|| format!("({})", fk.columns.join(", ")))
        },
        |fk| {
            format!(
                "({}) -> {}({}) ON DELETE {} ON UPDATE {}",
                fk.columns.join(", "),
                fk.ref_table,
                fk.ref_columns.join(", "),
                fk.on_delete,
                fk.on_update
            )
        },
        &on,
        out,
    );
    compare_lists(
        "unique constraint",
        &live.uniques,
        &expected.uniques,
        |u| {
            u.name
                .clone()
                .unwrap_or_else(|| format!("({})", u.columns.join(", ")))
        },
        |u| format!("({})", u.columns.join(", ")),
        &on,
        out,
    );
    compare_lists(
        "check constraint",
        &live.checks,
        &expected.checks,
        |c| c.name.clone().unwrap_or_default(),
        |_| String::new(),
        &on,
        out,
    );
    compare_lists(
        "index",
        &live.indexes,
        &expected.indexes,
        |i| i.name.clone(),
        |i| {
            let columns: Vec<String> = i
                .columns
                .iter()
                .map(|c| {
                    if c.desc {
                        format!("{} DESC", c.name)
                    } else {
                        c.name.clone()
                    }
                })
                .collect();
            let unique = if i.unique { "unique " } else { "" };
            let partial = if i.predicate.is_some() {
                " partial"
            } else {
                ""
            };
            format!("{unique}({}){partial}", columns.join(", "))
        },
        &on,
        out,
    );
    compare_lists(
        "trigger",
        &live.triggers,
        &expected.triggers,
        |name| name.clone(),
        |_| String::new(),
        &on,
        out,
    );
}

/// What differs between two columns of the same name, one phrase per property.
fn column_changes(live: &LiveColumn, expected: &LiveColumn) -> Vec<String> {
    let mut changes = Vec::new();
    if live.ty != expected.ty {
        changes.push(format!(
            "type is `{}`, the snapshot has `{}`",
            live.ty, expected.ty
        ));
    }
    if live.nullable != expected.nullable {
        let word = |nullable: bool| if nullable { "nullable" } else { "NOT NULL" };
        changes.push(format!(
            "it is {}, the snapshot has it {}",
            word(live.nullable),
            word(expected.nullable)
        ));
    }
    if live.default != expected.default {
        let shown = |d: &Option<String>| {
            d.as_ref()
                .map_or("no default".to_string(), |d| format!("default `{d}`"))
        };
        changes.push(format!(
            "{} in the database, {} in the snapshot",
            shown(&live.default),
            shown(&expected.default)
        ));
    }
    let flags = [
        ("identity", live.identity, expected.identity),
        (
            "ON UPDATE CURRENT_TIMESTAMP",
            live.on_update_now,
            expected.on_update_now,
        ),
        ("generated", live.generated, expected.generated),
    ];
    for (what, live_flag, expected_flag) in flags {
        if live_flag != expected_flag {
            let is = if live_flag { "is" } else { "is not" };
            changes.push(format!(
                "it {is} {what} in the database, unlike the snapshot"
            ));
        }
    }
    if live.comment != expected.comment {
        changes.push("its comment differs".to_string());
    }
    changes
}

/// Compares two lists of named things: missing, extra, and same name but different.
fn compare_lists<T: PartialEq>(
    what: &str,
    live: &[T],
    expected: &[T],
    key: impl Fn(&T) -> String,
    describe: impl Fn(&T) -> String,
    on: &str,
    out: &mut Vec<String>,
) {
    let shown = |item: &T| {
        let text = describe(item);
        if text.is_empty() {
            text
        } else {
            format!(" {text}")
        }
    };
    for item in expected {
        match live.iter().find(|l| key(l) == key(item)) {
            Some(live_item) if live_item != item => out.push(format!(
                "{what} `{}`{on} differs: the database has{}, the snapshot has{}",
                key(item),
                shown(live_item),
                shown(item)
            )),
            Some(_) => {}
            None => out.push(format!(
                "{what} `{}`{}{on} is missing from the database",
                key(item),
                shown(item)
            )),
        }
    }
    for item in live {
        if !expected.iter().any(|e| key(e) == key(item)) {
            out.push(format!(
                "{what} `{}`{}{on} is in the database but not in the snapshot",
                key(item),
                shown(item)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemac_backends::live::LiveIndex;

    fn column(name: &str, ty: &str) -> LiveColumn {
        LiveColumn {
            name: name.into(),
            ty: ty.into(),
            nullable: false,
            default: None,
            identity: false,
            on_update_now: false,
            generated: false,
            comment: None,
        }
    }

    fn schema(tables: Vec<LiveTable>) -> LiveSchema {
        LiveSchema {
            tables,
            enums: Vec::new(),
            views: Vec::new(),
        }
    }

    #[test]
    fn column_order_and_bookkeeping_table_are_ignored() {
        let a = LiveTable {
            name: "a".into(),
            columns: vec![column("x", "int"), column("y", "text")],
            ..Default::default()
        };
        let b = LiveTable {
            name: "a".into(),
            columns: vec![column("y", "text"), column("x", "int")],
            ..Default::default()
        };
        let bookkeeping = LiveTable {
            name: "schema_migrations".into(),
            ..Default::default()
        };
        assert!(differences(&schema(vec![b, bookkeeping]), &schema(vec![a])).is_empty());
    }

    #[test]
    fn differences_are_named() {
        let expected = LiveTable {
            name: "a".into(),
            columns: vec![column("x", "int")],
            ..Default::default()
        };
        let mut changed = column("x", "bigint");
        changed.nullable = true;
        let live = LiveTable {
            name: "a".into(),
            columns: vec![changed, column("note", "text")],
            indexes: vec![LiveIndex {
                name: "a_x_idx".into(),
                columns: Vec::new(),
                unique: false,
                predicate: None,
            }],
            ..Default::default()
        };
        let found = differences(
            &schema(vec![live]),
            &schema(vec![
                expected,
                LiveTable {
                    name: "b".into(),
                    ..Default::default()
                },
            ]),
        );
        assert_eq!(
            found,
            [
                "column `a.x` differs: type is `bigint`, the snapshot has `int`; it is nullable, the snapshot has it NOT NULL",
                "column `a.note` (text) is in the database but not in the snapshot",
                "index `a_x_idx` () on `a` is in the database but not in the snapshot",
                "table `b` is missing from the database",
            ]
        );
    }
}

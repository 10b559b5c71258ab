//! The differ on small schema pairs: the classification (safe, risky, destructive) of
//! each kind of change, renames through `@was`, `@deprecated` fields kept, and the
//! pending expand/contract state carried from one build to the next.

mod common;

use common::compile_ok;
use schemac_compiler::diff::{diff, Diff, Options, Pending, PendingKind};

/// The diff between two sources with no pending step.
fn between(old: &str, new: &str) -> Diff {
    diff(&compile_ok(old), &compile_ok(new), &Options::default())
}

/// Each change as `<class>: <description>`, in order (`planned` for a planned
/// destructive step, as the migration headers say).
fn classes(d: &Diff) -> Vec<String> {
    d.changes
        .iter()
        .map(|c| {
            let class = if c.planned {
                "destructive, planned"
            } else {
                c.safety.as_str()
            };
            format!("{class}: {}", c.kind.describe())
        })
        .collect()
}

fn assert_classes(d: &Diff, expected: &[&str]) {
    assert_eq!(classes(d), expected, "{:#?}", d.changes);
}

const BASE: &str =
    "entity Customer {\n  email string(100) unique\n  name text?\n  visits int = 0\n}\n";

fn with_field(field: &str) -> String {
    BASE.replace(
        "  visits int = 0\n",
        &format!("  visits int = 0\n  {field}\n"),
    )
}

#[test]
fn identical_schemas_have_no_changes() {
    let d = between(BASE, BASE);
    assert!(d.changes.is_empty(), "{:#?}", d.changes);
    assert!(d.pending.is_empty());
    assert_eq!(d.state, compile_ok(BASE));
}

#[test]
fn create_table_is_safe_and_drop_table_destructive() {
    let two = format!("{BASE}entity Order {{\n  total decimal(10,2)\n}}\n");
    assert_classes(&between(BASE, &two), &["safe: create table orders"]);
    let d = between(&two, BASE);
    assert_classes(&d, &["destructive: drop table orders"]);
    assert_eq!(d.refused().count(), 1);
}

#[test]
fn add_nullable_column_is_safe() {
    let d = between(BASE, &with_field("note text?"));
    assert_classes(&d, &["safe: add column customers.note"]);
    assert_eq!(d.refused().count(), 0);
}

#[test]
fn add_column_with_constant_default_is_safe() {
    assert_classes(
        &between(BASE, &with_field("tier string(20) = 'basic'")),
        &["safe: add column customers.tier"],
    );
    assert_classes(
        &between(BASE, &with_field("seen_at timestamptz = now()")),
        &["safe: add column customers.seen_at"],
    );
}

#[test]
fn add_required_column_without_default_is_risky() {
    let d = between(BASE, &with_field("code string(10)"));
    assert_classes(&d, &["risky: add column customers.code"]);
    assert!(d.changes[0].reason.contains("NOT NULL without a default"));
}

#[test]
fn drop_column_is_destructive_and_refused() {
    let d = between(BASE, &BASE.replace("  name text?\n", ""));
    assert_classes(&d, &["destructive: drop column customers.name"]);
    assert_eq!(d.refused().count(), 1);
}

#[test]
fn widen_string_is_safe_and_narrow_destructive() {
    let wide = BASE.replace("string(100)", "string(200)");
    assert_classes(
        &between(BASE, &wide),
        &["safe: change the type of customers.email"],
    );
    let d = between(&wide, BASE);
    assert_classes(&d, &["destructive: change the type of customers.email"]);
    assert_eq!(d.refused().count(), 1);
}

#[test]
fn unrelated_type_change_is_destructive() {
    let d = between(BASE, &BASE.replace("visits int = 0", "visits text = '0'"));
    assert!(classes(&d).contains(&"destructive: change the type of customers.visits".into()));
    assert_eq!(d.refused().count(), 1);
}

#[test]
fn set_not_null_is_risky_and_drop_not_null_safe() {
    let required = BASE.replace("name text?", "name text");
    assert_classes(
        &between(BASE, &required),
        &["risky: set customers.name NOT NULL"],
    );
    assert_classes(
        &between(&required, BASE),
        &["safe: make customers.name nullable"],
    );
}

#[test]
fn default_and_comment_changes_are_safe() {
    assert_classes(
        &between(BASE, &BASE.replace("visits int = 0", "visits int = 7")),
        &["safe: change the default of customers.visits"],
    );
    let commented = BASE.replace("entity Customer", "/// People who buy.\nentity Customer");
    assert_classes(
        &between(BASE, &commented),
        &["safe: change the comment of table customers"],
    );
}

#[test]
fn add_index_is_safe_and_drop_index_risky() {
    let indexed = with_field("index (visits)");
    let d = between(BASE, &indexed);
    assert_eq!(d.changes.len(), 1, "{:#?}", d.changes);
    assert!(
        classes(&d)[0].starts_with("safe: add index "),
        "{:?}",
        classes(&d)
    );
    let d = between(&indexed, BASE);
    assert_eq!(d.changes.len(), 1, "{:#?}", d.changes);
    assert!(
        classes(&d)[0].starts_with("risky: drop index "),
        "{:?}",
        classes(&d)
    );
    assert_eq!(d.refused().count(), 0);
}

#[test]
fn unique_on_a_new_column_is_safe_on_an_existing_column_risky() {
    let d = between(BASE, &with_field("code string(10)? unique"));
    let c = classes(&d);
    assert_eq!(c[0], "safe: add column customers.code");
    assert!(c[1].starts_with("safe: add unique "), "{c:?}");

    let d = between(
        BASE,
        &BASE.replace("visits int = 0", "visits int = 0 unique"),
    );
    let c = classes(&d);
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(c[0].starts_with("risky: add unique "), "{c:?}");
}

#[test]
fn partial_unique_index_on_a_new_column_is_safe_on_an_existing_column_risky() {
    let base = "entity Account {\n  name text\n  code string(20)\n  with SoftDelete\n}\n";
    let d = between(
        base,
        &base.replace(
            "  name text\n",
            "  name text\n  handle string(40)? unique\n",
        ),
    );
    let c = classes(&d);
    assert_eq!(c[0], "safe: add column accounts.handle", "{c:?}");
    assert!(c[1].starts_with("safe: add index "), "{c:?}");

    let d = between(
        base,
        &base.replace("code string(20)", "code string(20) unique"),
    );
    let c = classes(&d);
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(c[0].starts_with("risky: add index "), "{c:?}");
}

#[test]
fn drop_unique_is_risky_not_destructive() {
    let d = between(BASE, &BASE.replace("string(100) unique", "string(100)"));
    let c = classes(&d);
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(c[0].starts_with("risky: drop unique "), "{c:?}");
    assert_eq!(d.refused().count(), 0);
}

#[test]
fn checks_are_risky_both_ways() {
    let checked = BASE.replace("visits int = 0", "visits int = 0 check (visits >= 0)");
    let c = classes(&between(BASE, &checked));
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(c[0].starts_with("risky: add check "), "{c:?}");
    let c = classes(&between(&checked, BASE));
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(c[0].starts_with("risky: drop check "), "{c:?}");
}

#[test]
fn foreign_keys_are_risky_both_ways() {
    let order = format!("{BASE}entity Order {{\n  total decimal(10,2)\n}}\n");
    let linked =
        format!("{BASE}entity Order {{\n  total decimal(10,2)\n  customer -> Customer?\n}}\n");
    let c = classes(&between(&order, &linked));
    assert_eq!(c[0], "safe: add column orders.customer_id");
    assert!(
        c.iter().any(|l| l.starts_with("risky: add foreign key ")),
        "{c:?}"
    );
    let d = between(&linked, &order);
    let c = classes(&d);
    assert!(
        c.iter().any(|l| l.starts_with("risky: drop foreign key ")),
        "{c:?}"
    );
    assert!(
        c.contains(&"destructive: drop column orders.customer_id".into()),
        "{c:?}"
    );
}

#[test]
fn new_enum_value_is_safe_and_removed_value_destructive() {
    let base = format!(
        "enum Tier {{ basic gold }}\n{}",
        with_field("tier Tier = 'basic'")
    );
    let more = base.replace("{ basic gold }", "{ basic gold platinum }");
    let d = between(&base, &more);
    assert_classes(&d, &["safe: insert 1 row(s) into tiers"]);
    let d = between(&more, &base);
    assert_classes(&d, &["destructive: delete 1 row(s) from tiers"]);
    assert_eq!(d.refused().count(), 1);
}

#[test]
fn int_to_bigint_is_an_expand_of_safe_steps() {
    let wide = BASE.replace("visits int = 0", "visits bigint = 0");
    let d = between(BASE, &wide);
    assert_classes(
        &d,
        &[
            "safe: add column customers.visits__new",
            "safe: expand: keep customers.visits and customers.visits__new in sync",
            "safe: expand: backfill customers.visits__new from visits",
        ],
    );
    assert_eq!(
        d.pending,
        [Pending {
            table: "customers".into(),
            kind: PendingKind::Retype,
            old: "visits".into(),
            new: "visits__new".into(),
        }]
    );
    // The database keeps the old column until the contract; the new one is nullable
    // and has no default so that rows written by old code are filled by the trigger.
    let customers = d.state.table("customers").expect("customers");
    let old = customers.column("visits").expect("visits");
    assert_eq!(old.ty, schemac_compiler::ir::ColumnType::Int);
    let new = customers.column("visits__new").expect("visits__new");
    assert!(new.nullable && new.default.is_none());
}

#[test]
fn key_column_type_change_is_in_place_and_risky() {
    let base = "entity Tag {\n  code int\n  label text\n  primary key (code)\n}\n";
    let wide = base.replace("code int", "code bigint");
    let d = between(base, &wide);
    assert_classes(&d, &["risky: change the type of tags.code"]);
    assert!(d.pending.is_empty());
}

#[test]
fn pending_retype_waits_then_contracts_on_request() {
    let wide = BASE.replace("visits int = 0", "visits bigint = 0");
    let expanded = between(BASE, &wide);
    let new = compile_ok(&wide);

    // The same schema again: nothing to do, the step stays pending.
    let again = diff(
        &expanded.state,
        &new,
        &Options {
            pending: &expanded.pending,
            contract: false,
        },
    );
    assert!(again.changes.is_empty(), "{:#?}", again.changes);
    assert_eq!(again.pending, expanded.pending);
    assert_eq!(again.state, expanded.state);

    // `build --contract`: planned steps, none refused, nothing pending after.
    let contracted = diff(
        &expanded.state,
        &new,
        &Options {
            pending: &expanded.pending,
            contract: true,
        },
    );
    let c = classes(&contracted);
    assert_eq!(
        &c[..3],
        [
            "destructive, planned: contract: stop syncing customers.visits and customers.visits__new",
            "destructive, planned: drop column customers.visits",
            "destructive, planned: rename column customers.visits__new to visits",
        ],
        "{c:?}"
    );
    assert!(
        c.contains(&"risky: set customers.visits NOT NULL".into()),
        "{c:?}"
    );
    assert!(
        c.contains(&"safe: change the default of customers.visits".into()),
        "{c:?}"
    );
    assert_eq!(contracted.refused().count(), 0);
    assert!(contracted.pending.is_empty());
    assert_eq!(contracted.state, new);
}

#[test]
fn rename_through_was_expands_then_contracts_when_was_is_removed() {
    let renamed = BASE.replace("name text?", "full_name text? @was(name)");
    let done = BASE.replace("name text?", "full_name text?");
    let expanded = between(BASE, &renamed);
    assert_classes(
        &expanded,
        &[
            "safe: add column customers.full_name",
            "safe: expand: keep customers.name and customers.full_name in sync",
            "safe: expand: backfill customers.full_name from name",
        ],
    );
    assert_eq!(expanded.refused().count(), 0);
    assert_eq!(
        expanded.pending,
        [Pending {
            table: "customers".into(),
            kind: PendingKind::Rename,
            old: "name".into(),
            new: "full_name".into(),
        }]
    );
    let customers = expanded.state.table("customers").expect("customers");
    assert!(customers.column("name").is_some(), "the old column is kept");

    // `@was` still there: the step stays pending.
    let kept = diff(
        &expanded.state,
        &compile_ok(&renamed),
        &Options {
            pending: &expanded.pending,
            contract: false,
        },
    );
    assert!(kept.changes.is_empty(), "{:#?}", kept.changes);
    assert_eq!(kept.pending, expanded.pending);

    // `@was` removed: the contract, planned, so not refused.
    let contracted = diff(
        &expanded.state,
        &compile_ok(&done),
        &Options {
            pending: &expanded.pending,
            contract: false,
        },
    );
    assert_classes(
        &contracted,
        &[
            "destructive, planned: contract: stop syncing customers.name and customers.full_name",
            "destructive, planned: drop column customers.name",
        ],
    );
    assert_eq!(contracted.refused().count(), 0);
    assert!(contracted.pending.is_empty());
    assert_eq!(contracted.state, compile_ok(&done));
}

#[test]
fn rename_of_a_required_column_makes_the_old_one_nullable() {
    let base = "entity Item {\n  label string(40)\n}\n";
    let renamed = "entity Item {\n  title string(40) @was(label)\n}\n";
    let d = between(base, renamed);
    let c = classes(&d);
    assert!(
        c.contains(&"safe: make items.label nullable".into()),
        "{c:?}"
    );
    assert!(c.contains(&"safe: add column items.title".into()), "{c:?}");
    let items = d.state.table("items").expect("items");
    assert!(items.column("label").expect("label").nullable);
    assert!(items.column("title").expect("title").nullable);
}

#[test]
fn rename_without_was_is_a_drop_and_an_add() {
    let d = between(BASE, &BASE.replace("name text?", "full_name text?"));
    assert_classes(
        &d,
        &[
            "safe: add column customers.full_name",
            "destructive: drop column customers.name",
        ],
    );
    assert_eq!(d.refused().count(), 1);
}

#[test]
fn removed_deprecated_field_is_kept() {
    let deprecated = BASE.replace("name text?", "name text? @deprecated");
    let marked = between(BASE, &deprecated);
    assert!(marked.changes.is_empty(), "{:#?}", marked.changes);

    let removed = between(&deprecated, &BASE.replace("  name text?\n", ""));
    assert!(removed.changes.is_empty(), "{:#?}", removed.changes);
    let customers = removed.state.table("customers").expect("customers");
    assert!(customers.column("name").is_some(), "the column stays");
}

#[test]
fn removed_required_deprecated_field_becomes_nullable() {
    let deprecated = with_field("code string(10) = 'x' @deprecated");
    let d = between(&deprecated, BASE);
    assert_classes(&d, &["safe: make customers.code nullable"]);
    assert_eq!(d.refused().count(), 0);
    let code = d
        .state
        .table("customers")
        .and_then(|t| t.column("code"))
        .expect("the column stays");
    assert!(code.nullable);
}

/// A planned index whose provenance changed (another query now uses it, or a query was
/// renamed) is the same database object: no migration step.
#[test]
fn index_provenance_alone_is_no_change() {
    let schema = "entity Customer {\n  email string(100)\n  scale rows 1M\n}\n";
    let one = format!("{schema}query by_email: Customer where email = ? rate 10/s\n");
    let renamed = format!("{schema}query find_by_email: Customer where email = ? rate 10/s\n");
    let old = compile_ok(&one);
    let new = compile_ok(&renamed);
    let old_index = &old.tables[0].indexes;
    let new_index = &new.tables[0].indexes;
    assert_eq!(old_index.len(), 1, "{old_index:#?}");
    assert_ne!(
        old_index[0].origin, new_index[0].origin,
        "the provenance differs"
    );
    let d = diff(&old, &new, &Options::default());
    assert!(d.changes.is_empty(), "{:#?}", d.changes);
}

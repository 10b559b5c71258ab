//! `with SoftDelete` on every engine: a unique holds among live rows only (a
//! soft-deleted row frees its value, a live duplicate is still rejected), and declared
//! queries see live rows unless they say `including deleted`.

mod patterns_support;

use patterns_support::{compile, Db};

const SCHEMA: &str = "
entity Customer {
  id    id
  email string(255) unique
  with SoftDelete
}
query by_email: Customer where id >= ? rate 10/s
query every_customer: Customer where id >= ? including deleted rate 1/s
";

#[test]
fn a_soft_deleted_row_frees_its_unique_value() {
    let schema = compile(SCHEMA);
    let customers = schema.table("customers").expect("customers");
    assert!(
        customers.uniques.is_empty(),
        "the unique became a partial index"
    );
    for mut db in Db::all(&schema) {
        let kind = db.kind();
        db.exec("INSERT INTO customers (id, email) VALUES (1, 'a@example.com')");
        db.rejects("INSERT INTO customers (id, email) VALUES (2, 'a@example.com')");
        db.exec("UPDATE customers SET deleted_at = '2024-01-01 00:00:00' WHERE id = 1");
        db.exec("INSERT INTO customers (id, email) VALUES (3, 'a@example.com')");
        db.rejects("INSERT INTO customers (id, email) VALUES (4, 'a@example.com')");
        // A second deleted row with the same value is fine too.
        db.exec("UPDATE customers SET deleted_at = '2024-02-01 00:00:00' WHERE id = 3");
        db.exec("INSERT INTO customers (id, email) VALUES (5, 'a@example.com')");
        assert_eq!(db.query_ids(&schema, "by_email", 0, false), [5], "{kind}");
        assert_eq!(
            db.query_ids(&schema, "every_customer", 0, false),
            [1, 3, 5],
            "{kind}"
        );
    }
}

//! `audit` on every engine: events go into the append-only `<table>_events` table, the
//! `current_<table>` view shows the latest event per row (with the row's fields read
//! from `event_data`), and UPDATE and DELETE on the events table are rejected.

mod patterns_support;

use patterns_support::{compile, Db};

const SCHEMA: &str = "
entity Payment {
  id       id
  amount   decimal(12,2)
  provider string(30)
  audit
}
";

#[test]
fn current_view_shows_the_latest_event_and_events_are_append_only() {
    let schema = compile(SCHEMA);
    let events = schema.table("payments_events").expect("the events table");
    assert!(events.append_only);
    assert!(
        events.foreign_keys.is_empty(),
        "the log outlives the rows it describes"
    );
    for mut db in Db::all(&schema) {
        let kind = db.kind();
        db.exec("INSERT INTO payments (id, amount, provider) VALUES (1, 10, 'stripe'), (2, 5, 'paypal')");
        db.exec(
            "INSERT INTO payments_events (payment_id, event_type, event_data) VALUES \
             (1, 'created', '{\"amount\": \"10.00\", \"provider\": \"stripe\"}'), \
             (2, 'created', '{\"amount\": \"5.00\", \"provider\": \"paypal\"}'), \
             (1, 'amount_changed', '{\"amount\": \"12.50\", \"provider\": \"stripe\"}')",
        );
        // The payment row itself can go; its history stays.
        db.exec("DELETE FROM payments WHERE id = 2");
        assert_eq!(
            db.ints(
                "SELECT payment_id FROM current_payments ORDER BY payment_id",
                &[]
            ),
            [1, 2],
            "{kind}"
        );
        let latest = db.texts("SELECT event_type FROM current_payments ORDER BY payment_id");
        assert_eq!(
            latest,
            [Some("amount_changed".into()), Some("created".into())],
            "{kind}"
        );
        let amounts = db.texts("SELECT amount FROM current_payments ORDER BY payment_id");
        assert_eq!(
            amounts,
            [Some("12.50".into()), Some("5.00".into())],
            "{kind}"
        );
        assert_eq!(
            db.texts("SELECT provider FROM current_payments WHERE payment_id = 2"),
            [Some("paypal".into())],
            "{kind}"
        );
        assert_eq!(
            db.ints(
                "SELECT count(*) FROM current_payments WHERE last_updated IS NOT NULL",
                &[]
            ),
            [2],
            "{kind}"
        );

        db.rejects("UPDATE payments_events SET event_type = 'forged' WHERE payment_id = 1");
        db.rejects("DELETE FROM payments_events WHERE payment_id = 1");
        assert_eq!(
            db.ints("SELECT count(*) FROM payments_events", &[]),
            [3],
            "{kind}"
        );
    }
}

//! `timeseries` on every engine: PostgreSQL declarative partitions and MariaDB range
//! partitions exist for the retention window once the DDL has run (created by the
//! emitted maintenance routine), a row lands in the partition of its period, and the
//! routine can run again; SQLite gets a plain table.

mod patterns_support;

use patterns_support::{compile, Db};
use schemac_backends::DialectKind;

const SCHEMA: &str = "
entity Sensor {
  id   id
  name string(40)
}
entity Reading {
  id          id
  sensor      -> Sensor
  value       int
  recorded_at timestamptz = now()
  timeseries on recorded_at every month retain 3 months
}
";

#[test]
fn rows_land_in_the_partition_of_their_period() {
    let schema = compile(SCHEMA);
    let readings = schema.table("readings").expect("readings");
    assert_eq!(readings.primary_key.columns, ["id", "recorded_at"]);
    let current = "CURRENT_TIMESTAMP";
    for mut db in Db::all(&schema) {
        let kind = db.kind();
        db.exec("INSERT INTO sensors (id, name) VALUES (1, 'probe')");
        db.exec(&format!(
            "INSERT INTO readings (sensor_id, value, recorded_at) VALUES (1, 7, {current})"
        ));
        match kind {
            DialectKind::Postgres => {
                // Two past months, the current one and three ahead.
                let parts = db.ints(
                    "SELECT count(*) FROM pg_inherits WHERE inhparent = 'readings'::regclass",
                    &[],
                );
                assert_eq!(parts, [6]);
                let landed = db.texts("SELECT tableoid::regclass::text FROM readings");
                let expected = db.texts(
                    "SELECT 'readings_p' || to_char(date_trunc('month', now()), 'YYYYMMDD')",
                );
                assert_eq!(landed, expected);
                db.exec("INSERT INTO readings (sensor_id, value, recorded_at) VALUES (1, 8, now() - interval '1 month')");
                let older =
                    db.texts("SELECT tableoid::regclass::text FROM readings WHERE value = 8");
                let expected = db.texts("SELECT 'readings_p' || to_char(date_trunc('month', now() - interval '1 month'), 'YYYYMMDD')");
                assert_eq!(older, expected);
                // Before the retention window there is no partition.
                db.rejects("INSERT INTO readings (sensor_id, value, recorded_at) VALUES (1, 9, now() - interval '1 year')");
                db.exec("SELECT schemac_roll_partitions_readings()");
                assert_eq!(
                    db.ints(
                        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'readings'::regclass",
                        &[]
                    ),
                    [6]
                );
                // Foreign keys stay on PostgreSQL.
                db.rejects("INSERT INTO readings (sensor_id, value) VALUES (99, 1)");
            }
            DialectKind::Mysql | DialectKind::Mariadb => {
                let parts = db.ints(
                    "SELECT count(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'readings'",
                    &[],
                );
                // Six periods plus the catch-all `p_future`.
                assert_eq!(parts, [7]);
                let name = db.texts("SELECT CONCAT('p', DATE_FORMAT(CURDATE() - INTERVAL (DAYOFMONTH(CURDATE()) - 1) DAY, '%Y%m%d'))");
                let name = name[0].clone().expect("a partition name");
                assert_eq!(
                    db.ints(
                        &format!("SELECT count(*) FROM readings PARTITION ({name})"),
                        &[]
                    ),
                    [1]
                );
                db.exec("CALL schemac_roll_partitions_readings()");
                assert_eq!(
                    db.ints(
                        &format!("SELECT count(*) FROM readings PARTITION ({name})"),
                        &[]
                    ),
                    [1]
                );
                // No foreign key on a partitioned InnoDB table (warning W0111).
                db.exec("INSERT INTO readings (sensor_id, value) VALUES (99, 1)");
            }
            DialectKind::Sqlite => {
                assert_eq!(db.ints("SELECT count(*) FROM readings", &[]), [1]);
                db.rejects("INSERT INTO readings (sensor_id, value) VALUES (99, 1)");
            }
        }
    }
}

#[test]
fn a_unique_without_the_partition_column_is_an_error() {
    let source = "
entity Reading {
  id          id
  code        string(20) unique
  recorded_at timestamptz
  timeseries on recorded_at
}
";
    let dir = std::env::temp_dir().join(schemac_testkit::unique_name());
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("app.schema");
    std::fs::write(&file, source).expect("writing");
    let mut diags = schemac_lang::Diagnostics::new();
    let loaded = schemac::load::load(&[file], &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(schema.is_none());
    assert!(diags.iter().any(|d| d.code == "E0331"));
}

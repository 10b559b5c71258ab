//! MySQL's and MariaDB's side of the patterns: `ROW_NUMBER()` for the current-state
//! view, `PARTITION BY RANGE (TO_DAYS(col))` kept by a stored procedure, and triggers
//! that `SIGNAL` (one statement per trigger, no delimiter games).

use schemac_compiler::ir::PartitionInterval;

use crate::dialect::Dialect;
use crate::naming::Namer;
use crate::patterns::{PartitionSpec, PartitionSupport, PatternSql};

use super::Mysql;

/// The catch-all partition that new periods are split off.
pub const FUTURE_PARTITION: &str = "p_future";

/// Runs the statement whose text is in `@schemac_sql`: SQL built at run time (a
/// partition's name, or a statement only some servers accept) runs as a prepared
/// statement.
pub(super) const RUN_SCHEMAC_SQL: &str =
    "PREPARE stmt FROM @schemac_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;";

impl PatternSql for Mysql {
    fn supports_distinct_on(&self) -> bool {
        false
    }

    fn partition_support(&self) -> PartitionSupport {
        PartitionSupport::InTable
    }

    fn json_text(&self, column: &str, key: &str) -> String {
        format!(
            "JSON_UNQUOTE(JSON_EXTRACT({column}, {}))",
            self.string_literal(&format!("$.{key}"))
        )
    }

    fn concat(&self, parts: &[String]) -> String {
        format!("CONCAT({})", parts.join(", "))
    }

    fn partition_clause(&self, spec: &PartitionSpec) -> Option<String> {
        Some(format!(
            "PARTITION BY RANGE (TO_DAYS({})) (PARTITION {FUTURE_PARTITION} VALUES LESS THAN MAXVALUE)",
            spec.column
        ))
    }

    fn partition_maintenance(&self, spec: &PartitionSpec) -> Vec<String> {
        let (start, unit) = match spec.interval {
            PartitionInterval::Day => ("CURDATE()", "DAY"),
            PartitionInterval::Week => ("CURDATE() - INTERVAL WEEKDAY(CURDATE()) DAY", "WEEK"),
            PartitionInterval::Month => (
                "CURDATE() - INTERVAL (DAYOFMONTH(CURDATE()) - 1) DAY",
                "MONTH",
            ),
            PartitionInterval::Quarter => (
                "MAKEDATE(YEAR(CURDATE()), 1) + INTERVAL (QUARTER(CURDATE()) - 1) QUARTER",
                "QUARTER",
            ),
            PartitionInterval::Year => ("MAKEDATE(YEAR(CURDATE()), 1)", "YEAR"),
        };
        let past = spec.retain.map_or(0, |r| r.saturating_sub(1));
        let name = self.string_literal(spec.table_name);
        let drop = match spec.retain {
            Some(_) => format!(
                "
  -- Drop the partitions that end before the retention window starts.
  drop_loop: LOOP
    SET expired = NULL;
    SELECT MIN(PARTITION_NAME) INTO expired FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {name}
        AND PARTITION_NAME REGEXP '^p[0-9]{{8}}$'
        AND STR_TO_DATE(SUBSTRING(PARTITION_NAME, 2), '%Y%m%d') < oldest;
    IF expired IS NULL THEN LEAVE drop_loop; END IF;
    SET @schemac_sql = CONCAT('ALTER TABLE {table} DROP PARTITION ', expired);
    {RUN_SCHEMAC_SQL}
  END LOOP;",
                table = spec.table.replace('\'', "''"),
            ),
            None => String::new(),
        };
        let procedure = format!(
            "CREATE PROCEDURE {routine}()
BEGIN
  -- Splits the partitions of {plain} from the start of the retention window to {premake}
  -- periods ahead of the current one off `{FUTURE_PARTITION}`, and drops the expired ones.
  -- Run it from a scheduler (an EVENT, cron) at least once per period.
  DECLARE current_start DATE DEFAULT {start};
  DECLARE oldest DATE DEFAULT current_start - INTERVAL {past} {unit};
  DECLARE period_start DATE;
  DECLARE part VARCHAR(64);
  DECLARE expired VARCHAR(64);
  DECLARE n INT DEFAULT -{past};
  WHILE n <= {premake} DO
    SET period_start = current_start + INTERVAL n {unit};
    SET part = CONCAT('p', DATE_FORMAT(period_start, '%Y%m%d'));
    IF NOT EXISTS (SELECT 1 FROM information_schema.PARTITIONS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {name} AND PARTITION_NAME = part)
      AND NOT EXISTS (SELECT 1 FROM information_schema.PARTITIONS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {name}
          AND PARTITION_NAME REGEXP '^p[0-9]{{8}}$'
          AND STR_TO_DATE(SUBSTRING(PARTITION_NAME, 2), '%Y%m%d') > period_start) THEN
      SET @schemac_sql = CONCAT('ALTER TABLE {table} REORGANIZE PARTITION {FUTURE_PARTITION} INTO (PARTITION ', part,
        ' VALUES LESS THAN (', TO_DAYS(period_start + INTERVAL 1 {unit}), '), PARTITION {FUTURE_PARTITION} VALUES LESS THAN MAXVALUE)');
      {RUN_SCHEMAC_SQL}
    END IF;
    SET n = n + 1;
  END WHILE;{drop}
END;",
            routine = spec.routine,
            plain = spec.table_name,
            premake = spec.premake,
            table = spec.table.replace('\'', "''"),
        );
        vec![procedure, format!("CALL {}();", spec.routine)]
    }

    fn append_only_triggers(
        &self,
        table: &str,
        name: &str,
        _setup: bool,
    ) -> (Vec<String>, Vec<String>) {
        crate::patterns::reject_change_triggers(self, table, name, |message| {
            format!("FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {message};")
        })
    }

    fn after_insert_trigger(&self, name: &str, table: &str, statement: &str) -> Vec<String> {
        let name = Namer::new(self).quote_if_needed(name.to_string());
        vec![format!(
            "CREATE TRIGGER {name} AFTER INSERT ON {table}\nFOR EACH ROW {statement};"
        )]
    }

    fn set_on_insert_trigger(
        &self,
        name: &str,
        table: &str,
        column: &str,
        value: &str,
        _key: &str,
    ) -> Vec<String> {
        let name = Namer::new(self).quote_if_needed(name.to_string());
        vec![format!(
            "CREATE TRIGGER {name} BEFORE INSERT ON {table}\nFOR EACH ROW SET NEW.{column} = {value};"
        )]
    }
}

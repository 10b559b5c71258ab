//! PostgreSQL's side of the patterns: `DISTINCT ON`, declarative range partitions kept
//! by a plpgsql function, and triggers through trigger functions.

use schemac_compiler::ir::PartitionInterval;

use crate::dialect::Dialect;
use crate::naming::Namer;
use crate::patterns::{PartitionSpec, PartitionSupport, PatternSql};

use super::Postgres;

/// The shared trigger function that rejects changes to append-only tables.
const REJECT_CHANGE: &str = "schemac_reject_change";

impl PatternSql for Postgres {
    fn supports_distinct_on(&self) -> bool {
        true
    }

    fn partition_support(&self) -> PartitionSupport {
        PartitionSupport::Declarative
    }

    fn json_text(&self, column: &str, key: &str) -> String {
        format!("{column} ->> {}", self.string_literal(key))
    }

    fn partition_clause(&self, spec: &PartitionSpec) -> Option<String> {
        Some(format!("PARTITION BY RANGE ({})", spec.column))
    }

    fn partition_maintenance(&self, spec: &PartitionSpec) -> Vec<String> {
        let (unit, step) = match spec.interval {
            PartitionInterval::Day => ("day", "1 day"),
            PartitionInterval::Week => ("week", "7 days"),
            PartitionInterval::Month => ("month", "1 month"),
            PartitionInterval::Quarter => ("quarter", "3 months"),
            PartitionInterval::Year => ("year", "1 year"),
        };
        let past = spec.retain.map_or(0, |r| r.saturating_sub(1));
        let drop = match spec.retain {
            Some(_) => format!(
                "
  -- Drop the partitions that end before the retention window starts.
  FOR part IN
    SELECT c.relname::text AS name
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = {table_literal}::regclass AND c.relname ~ '_p[0-9]{{8}}$'
  LOOP
    IF to_date(right(part.name, 8), 'YYYYMMDD') < oldest THEN
      EXECUTE format('DROP TABLE %I', part.name);
    END IF;
  END LOOP;",
                table_literal = self.string_literal(spec.table)
            ),
            None => String::new(),
        };
        let function = format!(
            "CREATE OR REPLACE FUNCTION {routine}() RETURNS void LANGUAGE plpgsql AS $$
-- Creates the partitions of {name} from the start of the retention window to {premake}
-- periods ahead of the current one, and drops the expired ones. Run it from a
-- scheduler (pg_cron, cron) at least once per period.
DECLARE
  current_start date := date_trunc('{unit}', now())::date;
  oldest date := (current_start - {past} * interval '{step}')::date;
  period_start date;
  part record;
BEGIN
  FOR n IN -{past}..{premake} LOOP
    period_start := (current_start + n * interval '{step}')::date;
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %I PARTITION OF {table_ident} FOR VALUES FROM (%L) TO (%L)',
      {name_literal} || '_p' || to_char(period_start, 'YYYYMMDD'),
      period_start,
      (period_start + interval '{step}')::date);
  END LOOP;{drop}
END;
$$;",
            routine = spec.routine,
            name = spec.table_name,
            premake = spec.premake,
            table_ident = spec.table.replace('\'', "''"),
            name_literal = self.string_literal(spec.table_name),
        );
        vec![function, format!("SELECT {}();", spec.routine)]
    }

    fn append_only_triggers(
        &self,
        table: &str,
        name: &str,
        setup: bool,
    ) -> (Vec<String>, Vec<String>) {
        let namer = Namer::new(self);
        let function = namer.ident(REJECT_CHANGE);
        let mut statements = Vec::new();
        if setup {
            statements.push(format!(
                "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;"
            ));
        }
        let rows = namer.derived(&[name, "append_only"]);
        let truncate = namer.derived(&[name, "no_truncate"]);
        statements.push(format!(
            "CREATE TRIGGER {} BEFORE UPDATE OR DELETE ON {table}\nFOR EACH ROW EXECUTE FUNCTION {function}();",
            namer.quote_if_needed(rows.clone())
        ));
        statements.push(format!(
            "CREATE TRIGGER {} BEFORE TRUNCATE ON {table}\nFOR EACH STATEMENT EXECUTE FUNCTION {function}();",
            namer.quote_if_needed(truncate.clone())
        ));
        (statements, vec![rows, truncate])
    }

    fn after_insert_trigger(&self, name: &str, table: &str, statement: &str) -> Vec<String> {
        let name = Namer::new(self).quote_if_needed(name.to_string());
        vec![
            format!(
                "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {statement};
  RETURN NULL;
END;
$$;"
            ),
            format!(
                "CREATE TRIGGER {name} AFTER INSERT ON {table}\nFOR EACH ROW EXECUTE FUNCTION {name}();"
            ),
        ]
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
        vec![
            format!(
                "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.{column} := {value};
  RETURN NEW;
END;
$$;"
            ),
            format!(
                "CREATE TRIGGER {name} BEFORE INSERT ON {table}\nFOR EACH ROW EXECUTE FUNCTION {name}();"
            ),
        ]
    }
}

//! PostgreSQL introspection from `pg_catalog`: tables, columns (types by
//! `format_type`, enums by name), constraints, indexes that back no constraint,
//! user triggers and enum types of one schema.

use std::collections::BTreeMap;

use ::postgres::Client;

use crate::dialect::Dialect;
use crate::error::Error;
use crate::live::{
    normalize_default, partition_column, LiveCheck, LiveColumn, LiveEnum, LiveForeignKey,
    LiveIndex, LiveIndexColumn, LivePrimaryKey, LiveSchema, LiveTable, LiveUnique,
};

use super::Postgres;

const TABLES: &str = "
SELECT c.relname::text, obj_description(c.oid, 'pg_class'),
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition";

const VIEWS: &str = "
SELECT c.relname::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')";

const COLUMNS: &str = "
SELECT c.relname::text, a.attname::text,
       CASE WHEN t.typtype = 'e' THEN t.typname::text
            WHEN et.typtype = 'e' THEN et.typname::text || '[]'
            ELSE format_type(a.atttypid, a.atttypmod) END,
       NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
       a.attidentity IN ('a', 'd'), a.attgenerated = 's',
       col_description(c.oid, a.attnum)
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typelem <> 0
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum";

const CONSTRAINTS: &str = "
SELECT c.relname::text, con.conname::text, con.contype::text,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.ord),
       rc.relname::text,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
             ORDER BY k.ord),
       con.confdeltype::text, con.confupdtype::text, pg_get_constraintdef(con.oid)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f', 'c')";

const INDEXES: &str = "
SELECT t.relname::text, i.relname::text, ix.indisunique,
       pg_get_expr(ix.indpred, ix.indrelid),
       ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(num, ord)
             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num
             ORDER BY k.ord),
       ARRAY(SELECT (o.opt & 1) = 1 FROM unnest(ix.indoption::int2[]) WITH ORDINALITY o(opt, ord)
             ORDER BY o.ord)
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND NOT EXISTS (
  SELECT 1 FROM pg_constraint con
  WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))";

const TRIGGERS: &str = "
SELECT c.relname::text, tg.tgname::text
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND NOT tg.tgisinternal";

const ENUMS: &str = "
SELECT t.typname::text, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
FROM pg_type t
JOIN pg_enum e ON e.enumtypid = t.oid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = $1
GROUP BY t.typname";

pub fn introspect(client: &mut Client, schema_name: &str) -> Result<LiveSchema, Error> {
    let dialect = Postgres;
    let mut tables: BTreeMap<String, LiveTable> = BTreeMap::new();
    for row in client.query(TABLES, &[&schema_name])? {
        let name: String = row.try_get(0)?;
        let partition: Option<String> = row.try_get(2)?;
        tables.insert(
            name.clone(),
            LiveTable {
                name,
                comment: row.try_get(1)?,
                partition_key: partition.as_deref().and_then(partition_column),
                ..LiveTable::default()
            },
        );
    }

    for row in client.query(COLUMNS, &[&schema_name])? {
        let table: String = row.try_get(0)?;
        let raw_type: String = row.try_get(2)?;
        let default: Option<String> = row.try_get(4)?;
        if let Some(t) = tables.get_mut(&table) {
            t.columns.push(LiveColumn {
                name: row.try_get(1)?,
                ty: dialect.normalize_reported_type(&raw_type),
                nullable: row.try_get(3)?,
                default: default.as_deref().and_then(normalize_default),
                identity: row.try_get(5)?,
                on_update_now: false,
                generated: row.try_get(6)?,
                comment: row.try_get(7)?,
            });
        }
    }

    for row in client.query(CONSTRAINTS, &[&schema_name])? {
        let table: String = row.try_get(0)?;
        let Some(t) = tables.get_mut(&table) else {
            continue;
        };
        let name: String = row.try_get(1)?;
        let kind: String = row.try_get(2)?;
        let columns: Vec<String> = row.try_get(3)?;
        match kind.as_str() {
            "p" => {
                t.primary_key = Some(LivePrimaryKey {
                    name: Some(name),
                    columns,
                })
            }
            "u" => t.uniques.push(LiveUnique {
                name: Some(name),
                columns,
            }),
            "f" => {
                let on_delete: String = row.try_get(6)?;
                let on_update: String = row.try_get(7)?;
                t.foreign_keys.push(LiveForeignKey {
                    name: Some(name),
                    columns,
                    ref_table: row.try_get::<_, Option<String>>(4)?.unwrap_or_default(),
                    ref_columns: row.try_get(5)?,
                    on_delete: action(&on_delete).to_string(),
                    on_update: action(&on_update).to_string(),
                });
            }
            _ => t.checks.push(LiveCheck {
                name: Some(name),
                expression: row.try_get(8)?,
            }),
        }
    }

    for row in client.query(INDEXES, &[&schema_name])? {
        let table: String = row.try_get(0)?;
        let Some(t) = tables.get_mut(&table) else {
            continue;
        };
        let names: Vec<String> = row.try_get(4)?;
        let desc: Vec<bool> = row.try_get(5)?;
        t.indexes.push(LiveIndex {
            name: row.try_get(1)?,
            unique: row.try_get(2)?,
            predicate: row.try_get(3)?,
            columns: names
                .into_iter()
                .zip(desc.into_iter().chain(std::iter::repeat(false)))
                .map(|(name, desc)| LiveIndexColumn { name, desc })
                .collect(),
        });
    }

    for row in client.query(TRIGGERS, &[&schema_name])? {
        let table: String = row.try_get(0)?;
        if let Some(t) = tables.get_mut(&table) {
            t.triggers.push(row.try_get(1)?);
        }
    }

    let mut enums = Vec::new();
    for row in client.query(ENUMS, &[&schema_name])? {
        enums.push(LiveEnum {
            name: row.try_get(0)?,
            values: row.try_get(1)?,
        });
    }

    let mut views = Vec::new();
    for row in client.query(VIEWS, &[&schema_name])? {
        views.push(row.try_get(0)?);
    }

    let mut live = LiveSchema {
        tables: tables.into_values().collect(),
        enums,
        views,
    };
    live.sort();
    Ok(live)
}

/// `pg_constraint.confdeltype` / `confupdtype` codes.
fn action(code: &str) -> &'static str {
    match code {
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "NO ACTION",
    }
}

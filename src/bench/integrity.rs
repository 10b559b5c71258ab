//! The MySQL / MariaDB load runs with `foreign_key_checks` and `unique_checks` off, so
//! the engine does not look up a parent or probe a unique index per row. Integrity is
//! then proven here, with one query per constraint over the loaded tables: no row
//! references a missing parent and no unique key repeats. The constraints are read from
//! the catalog, so what is verified is exactly what the DDL created.

use crate::migrate::Failure;
use mysql::prelude::Queryable;

/// Counts orphans and duplicates in the `loaded` tables of `database`; any is an error.
pub fn verify_mysql(
    conn: &mut mysql::Conn,
    database: &str,
    loaded: &[String],
) -> Result<(), Failure> {
    let live = schemac_backends::introspect_mysql(conn, database)
        .map_err(|e| Failure::Database(format!("MySQL: {e}")))?;
    let mut problems = Vec::new();
    for table in live.tables.iter().filter(|t| loaded.contains(&t.name)) {
        for fk in &table.foreign_keys {
            let sql = orphans_sql(&table.name, &fk.columns, &fk.ref_table, &fk.ref_columns);
            let orphans = count(conn, &sql)?;
            if orphans > 0 {
                problems.push(format!(
                    "{orphans} row(s) of `{}` reference no `{}` row ({})",
                    table.name,
                    fk.ref_table,
                    fk.columns.join(", ")
                ));
            }
        }
        let unique_sets = table.uniques.iter().map(|u| u.columns.clone()).chain(
            table
                .indexes
                .iter()
                .filter(|i| i.unique && i.predicate.is_none())
                .map(|i| i.columns.iter().map(|c| c.name.clone()).collect()),
        );
        for columns in unique_sets.filter(|c: &Vec<String>| !c.is_empty()) {
            let duplicates = count(conn, &duplicates_sql(&table.name, &columns))?;
            if duplicates > 0 {
                problems.push(format!(
                    "{duplicates} value(s) of `{}` ({}) repeat",
                    table.name,
                    columns.join(", ")
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Database(format!(
            "MySQL: the loaded rows break the schema's keys: {}",
            problems.join("; ")
        )))
    }
}

/// Rows whose reference is fully set but matches no parent (MATCH SIMPLE, as the
/// engine checks it).
fn orphans_sql(table: &str, columns: &[String], parent: &str, refs: &[String]) -> String {
    let set: Vec<String> = columns
        .iter()
        .map(|c| format!("c.{} IS NOT NULL", quote(c)))
        .collect();
    let matches: Vec<String> = columns
        .iter()
        .zip(refs)
        .map(|(c, r)| format!("p.{} = c.{}", quote(r), quote(c)))
        .collect();
    format!(
        "SELECT COUNT(*) FROM {} c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
        quote(table),
        set.join(" AND "),
        quote(parent),
        matches.join(" AND ")
    )
}

/// Values of a unique key (all columns set) held by more than one row.
fn duplicates_sql(table: &str, columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let set: Vec<String> = quoted.iter().map(|c| format!("{c} IS NOT NULL")).collect();
    format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM {} WHERE {} GROUP BY {} HAVING COUNT(*) > 1) d",
        quote(table),
        set.join(" AND "),
        quoted.join(", ")
    )
}

fn count(conn: &mut mysql::Conn, sql: &str) -> Result<u64, Failure> {
    conn.query_first::<u64, _>(sql)
        .map(|n| n.unwrap_or(0))
        .map_err(|e| Failure::Database(format!("MySQL: {e}")))
}

fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_quote_and_match_every_column() {
        let columns = ["order_id".to_string(), "product_id".to_string()];
        assert_eq!(
            orphans_sql("order_items", &columns[..1], "orders", &["id".to_string()]),
            "SELECT COUNT(*) FROM `order_items` c WHERE c.`order_id` IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM `orders` p WHERE p.`id` = c.`order_id`)"
        );
        assert_eq!(
            duplicates_sql("odd`name", &columns),
            "SELECT COUNT(*) FROM (SELECT 1 FROM `odd``name` WHERE `order_id` IS NOT NULL AND \
             `product_id` IS NOT NULL GROUP BY `order_id`, `product_id` HAVING COUNT(*) > 1) d"
        );
    }
}

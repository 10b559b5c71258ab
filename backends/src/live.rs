//! [`LiveSchema`]: a dialect-neutral description of what a database holds, produced by
//! the introspectors and, for the IR, by [`crate::expected_live`] with the same
//! normalization, so that the two compare with `==`.

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LiveSchema {
    /// Tables sorted by name.
    pub tables: Vec<LiveTable>,
    /// Named enum types sorted by name (PostgreSQL).
    pub enums: Vec<LiveEnum>,
    /// View names, sorted.
    pub views: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveEnum {
    pub name: String,
    /// Values in declaration order.
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LiveTable {
    pub name: String,
    pub comment: Option<String>,
    /// Columns in their ordinal order.
    pub columns: Vec<LiveColumn>,
    pub primary_key: Option<LivePrimaryKey>,
    /// Sorted by name, then columns.
    pub foreign_keys: Vec<LiveForeignKey>,
    /// Sorted by name, then columns.
    pub uniques: Vec<LiveUnique>,
    /// Sorted by name.
    pub checks: Vec<LiveCheck>,
    /// Sorted by name, then columns. Indexes that back a PRIMARY KEY or UNIQUE
    /// constraint are not listed here.
    pub indexes: Vec<LiveIndex>,
    /// Trigger names, sorted.
    pub triggers: Vec<String>,
    /// The column a range-partitioned table is partitioned by.
    pub partition_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveColumn {
    pub name: String,
    /// The type as the engine reports it, normalized by the dialect.
    pub ty: String,
    pub nullable: bool,
    /// The default in normalized form (see [`normalize_default`]); `None` when absent.
    pub default: Option<String>,
    /// An identity / auto-increment / rowid-alias column.
    pub identity: bool,
    /// An `ON UPDATE CURRENT_TIMESTAMP` column clause (MySQL).
    pub on_update_now: bool,
    /// A generated (computed) column.
    pub generated: bool,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LivePrimaryKey {
    /// The constraint name where the engine keeps it (PostgreSQL).
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveForeignKey {
    /// The constraint name where the engine keeps it (not SQLite).
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// `NO ACTION`, `RESTRICT`, `CASCADE`, `SET NULL`, `SET DEFAULT`.
    pub on_delete: String,
    pub on_update: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveUnique {
    /// The constraint name where the engine keeps it (not SQLite).
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveCheck {
    pub name: Option<String>,
    /// The check's text as the engine reports it. Engines rewrite check text in
    /// different ways, so [`LiveSchema::shape`] clears it before comparisons and
    /// `expected_live` leaves it empty.
    pub expression: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveIndex {
    pub name: String,
    pub columns: Vec<LiveIndexColumn>,
    pub unique: bool,
    /// The predicate of a partial index as the engine reports it; [`LiveSchema::shape`]
    /// keeps only its presence.
    pub predicate: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveIndexColumn {
    pub name: String,
    pub desc: bool,
}

impl LiveSchema {
    /// Sorts every list into the documented order.
    pub fn sort(&mut self) {
        self.tables.sort_by(|a, b| a.name.cmp(&b.name));
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.views.sort();
        for table in &mut self.tables {
            table
                .foreign_keys
                .sort_by(|a, b| (&a.name, &a.columns).cmp(&(&b.name, &b.columns)));
            table
                .uniques
                .sort_by(|a, b| (&a.name, &a.columns).cmp(&(&b.name, &b.columns)));
            table.checks.sort_by(|a, b| a.name.cmp(&b.name));
            table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            table.triggers.sort();
        }
    }

    /// A copy for comparisons: sorted, check texts cleared, predicates reduced to their
    /// presence.
    pub fn shape(&self) -> LiveSchema {
        let mut shape = self.clone();
        for table in &mut shape.tables {
            for check in &mut table.checks {
                check.expression.clear();
            }
            for index in &mut table.indexes {
                if let Some(predicate) = &mut index.predicate {
                    predicate.clear();
                }
            }
        }
        shape.sort();
        shape
    }

    pub fn table(&self, name: &str) -> Option<&LiveTable> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// The column of a partition expression as a catalog reports it (`RANGE (recorded_at)`,
/// ``to_days(`recorded_at`)``): the identifier inside the innermost parentheses.
pub fn partition_column(expression: &str) -> Option<String> {
    let inner = expression.rsplit('(').next()?;
    let column = inner
        .split(')')
        .next()?
        .trim()
        .trim_matches(|c| c == '`' || c == '"');
    (!column.is_empty()).then(|| column.to_string())
}

/// Normalizes a column default so that what an engine reports and what `expected_live`
/// renders compare equal: outer parentheses and PostgreSQL `::type` casts are removed,
/// text outside string literals is lowercased, `true`/`false` become `1`/`0`, quoted
/// numbers are unquoted and trailing fractional zeros dropped. A `NULL` default is no
/// default.
pub fn normalize_default(raw: &str) -> Option<String> {
    let mut text = strip_casts(raw.trim());
    loop {
        let trimmed = text.trim();
        if trimmed.starts_with('(') && trimmed.ends_with(')') && encloses(trimmed) {
            text = strip_casts(&trimmed[1..trimmed.len() - 1]);
        } else {
            text = trimmed.to_string();
            break;
        }
    }
    let text = lowercase_outside_quotes(&text);
    match text.as_str() {
        "null" => return None,
        "true" => return Some("1".to_string()),
        "false" => return Some("0".to_string()),
        _ => {}
    }
    let unquoted = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .filter(|t| is_number(t))
        .unwrap_or(&text);
    if is_number(unquoted) {
        return Some(trim_fraction(unquoted));
    }
    Some(text)
}

/// True when the opening parenthesis at the start closes at the very end.
fn encloses(text: &str) -> bool {
    let mut depth = 0usize;
    let mut in_quote = false;
    for (i, c) in text.char_indices() {
        match c {
            '\'' => in_quote = !in_quote,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + 1 < text.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// Removes `::type` casts outside string literals (`'{}'::jsonb` -> `'{}'`).
fn strip_casts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_quote = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            in_quote = !in_quote;
            out.push(c);
        } else if !in_quote && c == ':' && chars.peek() == Some(&':') {
            chars.next();
            while let Some(&next) = chars.peek() {
                if next.is_ascii_alphanumeric() || matches!(next, '_' | ' ' | '"' | '[' | ']') {
                    chars.next();
                } else {
                    break;
                }
            }
            while out.ends_with(' ') {
                out.pop();
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

fn lowercase_outside_quotes(text: &str) -> String {
    let mut in_quote = false;
    text.chars()
        .map(|c| {
            if c == '\'' {
                in_quote = !in_quote;
            }
            if in_quote {
                c
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

fn trim_fraction(number: &str) -> String {
    if number.contains('.') {
        number
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_default;

    fn norm(raw: &str) -> Option<String> {
        normalize_default(raw)
    }

    #[test]
    fn engine_reports_meet_rendered_defaults() {
        assert_eq!(norm("'{}'::jsonb"), norm("'{}'"));
        assert_eq!(norm("('{}')"), norm("'{}'"));
        assert_eq!(norm("'-1'::integer"), norm("-1"));
        assert_eq!(norm("1.50"), norm("1.5"));
        assert_eq!(norm("true"), norm("1"));
        assert_eq!(norm("TRUE"), Some("1".to_string()));
        assert_eq!(norm("'pending'::character varying"), norm("'pending'"));
        assert_eq!(norm("'pending'::\"order status\""), norm("'pending'"));
        assert_eq!(norm("current_timestamp(6)"), norm("CURRENT_TIMESTAMP(6)"));
        assert_eq!(
            norm("(strftime('%Y-%m-%dT%H:%M:%fZ','now'))"),
            Some("strftime('%Y-%m-%dT%H:%M:%fZ','now')".to_string())
        );
        assert_eq!(norm("NULL"), None);
        assert_eq!(norm("'ABC'"), Some("'ABC'".to_string()));
        assert_eq!(norm("(a) + (b)"), Some("(a) + (b)".to_string()));
    }

    #[test]
    fn partition_expressions_name_their_column() {
        use super::partition_column;
        assert_eq!(
            partition_column("RANGE (recorded_at)").as_deref(),
            Some("recorded_at")
        );
        assert_eq!(
            partition_column("to_days(`recorded_at`)").as_deref(),
            Some("recorded_at")
        );
        assert_eq!(partition_column("RANGE ()"), None);
    }
}

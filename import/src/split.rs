//! Splitting a DDL script into statements, so that one statement sqlparser cannot read
//! is reported and kept instead of failing the whole file. Quotes (`'..'`, `".."`,
//! `` `..` ``), PostgreSQL dollar quotes (`$tag$..$tag$`) and comments (`-- ..`,
//! `/* .. */`) are skipped when looking for `;`.

/// One statement's text (without its `;`) and the 1-based line it starts on.
pub struct Statement<'a> {
    pub text: &'a str,
    pub line: usize,
}

pub fn statements(sql: &str) -> Vec<Statement<'_>> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' | b'`' => i = skip_quoted(bytes, i),
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = find(bytes, i, b"\n").map_or(bytes.len(), |e| e + 1)
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2)
            }
            b'$' => i = skip_dollar(sql, i),
            b';' => {
                push(sql, start, i, &mut out);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    push(sql, start, bytes.len(), &mut out);
    out
}

fn push<'a>(sql: &'a str, start: usize, end: usize, out: &mut Vec<Statement<'a>>) {
    let text = &sql[start..end];
    if strip_comments(text).trim().is_empty() {
        return;
    }
    let lead = text.len() - text.trim_start().len();
    let line = sql[..start + lead].bytes().filter(|&b| b == b'\n').count() + 1;
    out.push(Statement {
        text: text.trim(),
        line,
    });
}

/// The text without `--` line comments and `/* */` comments (outside quotes).
pub fn strip_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let next = match bytes[i] {
            b'\'' | b'"' | b'`' => skip_quoted(bytes, i),
            b'$' => skip_dollar(text, i),
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = find(bytes, i, b"\n").unwrap_or(bytes.len());
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
                out.push(' ');
                continue;
            }
            _ => i + 1,
        };
        let next = next.max(i + 1).min(bytes.len());
        // Quotes and dollar quotes end on ASCII bytes, so `next` is a char boundary.
        out.push_str(&text[i..next]);
        i = next;
    }
    out
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The offset just past the quoted text starting at `i` (a doubled quote or a
/// backslash escape stays inside).
fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        if bytes[j] == b'\\' && quote != b'"' {
            j += 2;
            continue;
        }
        if bytes[j] == quote {
            if bytes.get(j + 1) == Some(&quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    bytes.len()
}

/// The offset just past a `$tag$ .. $tag$` string starting at `i`, or `i + 1` when
/// the `$` does not open one (a parameter like `$1`).
fn skip_dollar(sql: &str, i: usize) -> usize {
    let bytes = sql.as_bytes();
    let mut j = i + 1;
    while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
        j += 1;
    }
    if bytes.get(j) != Some(&b'$') || bytes[i + 1..j].first().is_some_and(|b| b.is_ascii_digit()) {
        return i + 1;
    }
    let tag = &sql[i..=j];
    match sql[j + 1..].find(tag) {
        Some(end) => j + 1 + end + tag.len(),
        None => bytes.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_outside_quotes_and_dollar_bodies() {
        let sql = "CREATE TABLE a (x text DEFAULT ';');\n-- c;\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n/* ; */";
        let parts: Vec<_> = statements(sql)
            .into_iter()
            .map(|s| (s.line, s.text))
            .collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], (1, "CREATE TABLE a (x text DEFAULT ';')"));
        assert!(parts[1].1.ends_with("LANGUAGE sql"));
        assert_eq!(parts[1].0, 2);
    }
}

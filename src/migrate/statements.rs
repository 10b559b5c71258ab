//! Splitting a migration file into statements, so that `apply` can run them one at a
//! time inside the file's transaction and name the statement that failed.
//!
//! A statement ends at a `;` outside string literals, quoted identifiers, comments,
//! dollar-quoted bodies (`$$ ... $$`, `$tag$ ... $tag$`) and `BEGIN ... END` /
//! `CASE ... END` blocks (trigger bodies hold `;` of their own). `BEGIN` opens a block
//! only in a `CREATE ...` statement, so a stray transaction `BEGIN;` stays one statement.

/// One statement of a migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement from its first non-comment character through its `;`.
    pub text: String,
    /// The 1-based line in the file where it starts.
    pub line: usize,
}

/// The statements of `sql`, in order; comment-only stretches are dropped.
pub fn split(sql: &str) -> Vec<Statement> {
    let chars: Vec<(usize, char)> = sql.char_indices().collect();
    let mut statements = Vec::new();
    let mut start: Option<usize> = None;
    let mut first_word: Option<String> = None;
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        match c {
            '-' if next == Some('-') => {
                i = skip_until(&chars, i, |c| c == '\n');
                continue;
            }
            '/' if next == Some('*') => {
                i = skip_block_comment(&chars, i + 2);
                continue;
            }
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        start.get_or_insert(offset);
        match c {
            '\'' | '"' | '`' => i = skip_quoted(&chars, i + 1, c),
            '$' if !follows_identifier(&chars, i) => match dollar_tag(&chars, i) {
                Some(tag) => i = skip_dollar_body(&chars, i + tag.len(), &tag),
                None => i += 1,
            },
            ';' if depth == 0 => {
                let begin = start.take().unwrap_or(offset);
                statements.push(Statement {
                    text: sql[begin..=offset].to_string(),
                    line: line_of(sql, begin),
                });
                first_word = None;
                i += 1;
            }
            c if (c.is_alphabetic() || c == '_') && !follows_identifier(&chars, i) => {
                let end = word_end(&chars, i);
                let word: String = chars[i..end]
                    .iter()
                    .map(|&(_, c)| c.to_ascii_uppercase())
                    .collect();
                let is_create = first_word.get_or_insert_with(|| word.clone()) == "CREATE";
                i = end;
                match word.as_str() {
                    "CASE" => depth += 1,
                    "BEGIN" if is_create => depth += 1,
                    "END" => {
                        // `END IF` / `END LOOP` / ... close blocks that were never counted;
                        // `END CASE` closes the `CASE` counted above.
                        let after = next_word(&chars, i);
                        match after.as_deref() {
                            Some("IF" | "LOOP" | "WHILE" | "REPEAT") => {}
                            Some("CASE") => {
                                depth = depth.saturating_sub(1);
                                i = word_end(&chars, skip_whitespace(&chars, i));
                            }
                            _ => depth = depth.saturating_sub(1),
                        }
                    }
                    _ => {}
                }
            }
            _ => i += 1,
        }
    }
    if let Some(begin) = start {
        statements.push(Statement {
            text: sql[begin..].trim_end().to_string(),
            line: line_of(sql, begin),
        });
    }
    statements
}

fn line_of(sql: &str, offset: usize) -> usize {
    sql[..offset].matches('\n').count() + 1
}

fn follows_identifier(chars: &[(usize, char)], i: usize) -> bool {
    i > 0 && is_identifier_char(chars[i - 1].1)
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn word_end(chars: &[(usize, char)], mut i: usize) -> usize {
    while i < chars.len() && is_identifier_char(chars[i].1) && chars[i].1 != '$' {
        i += 1;
    }
    i
}

fn skip_whitespace(chars: &[(usize, char)], mut i: usize) -> usize {
    while i < chars.len() && chars[i].1.is_whitespace() {
        i += 1;
    }
    i
}

fn next_word(chars: &[(usize, char)], i: usize) -> Option<String> {
    let start = skip_whitespace(chars, i);
    let end = word_end(chars, start);
    (end > start).then(|| {
        chars[start..end]
            .iter()
            .map(|&(_, c)| c.to_ascii_uppercase())
            .collect()
    })
}

/// The index after the first char matching `stop` (or the end).
fn skip_until(chars: &[(usize, char)], mut i: usize, stop: impl Fn(char) -> bool) -> usize {
    while i < chars.len() {
        i += 1;
        if stop(chars[i - 1].1) {
            break;
        }
    }
    i
}

fn skip_block_comment(chars: &[(usize, char)], mut i: usize) -> usize {
    while i < chars.len() {
        if chars[i].1 == '*' && chars.get(i + 1).map(|&(_, c)| c) == Some('/') {
            return i + 2;
        }
        i += 1;
    }
    i
}

/// The index after the closing `quote`; a doubled quote is an escaped one.
fn skip_quoted(chars: &[(usize, char)], mut i: usize, quote: char) -> usize {
    while i < chars.len() {
        if chars[i].1 == quote {
            if chars.get(i + 1).map(|&(_, c)| c) == Some(quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    i
}

/// The tag (`$$` or `$name$`) starting at `i`, if one does.
fn dollar_tag(chars: &[(usize, char)], i: usize) -> Option<Vec<char>> {
    let mut tag = vec!['$'];
    let mut j = i + 1;
    while j < chars.len() {
        let c = chars[j].1;
        if c == '$' {
            tag.push('$');
            return Some(tag);
        }
        let allowed = c.is_alphabetic() || c == '_' || (j > i + 1 && c.is_ascii_digit());
        if !allowed {
            return None;
        }
        tag.push(c);
        j += 1;
    }
    None
}

fn skip_dollar_body(chars: &[(usize, char)], mut i: usize, tag: &[char]) -> usize {
    while i < chars.len() {
        if chars[i..]
            .iter()
            .map(|&(_, c)| c)
            .take(tag.len())
            .eq(tag.iter().copied())
        {
            return i + tag.len();
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<String> {
        split(sql).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn plain_statements_with_comments() {
        let sql = "-- header; with a semicolon\nCREATE TABLE a (x int);\n\n/* c; */ INSERT INTO a VALUES (1);\n-- trailing\n";
        let statements = split(sql);
        assert_eq!(statements.len(), 2);
        assert_eq!(
            statements[0],
            Statement {
                text: "CREATE TABLE a (x int);".into(),
                line: 2
            }
        );
        assert_eq!(
            statements[1],
            Statement {
                text: "INSERT INTO a VALUES (1);".into(),
                line: 4
            }
        );
    }

    #[test]
    fn quotes_and_dollar_bodies_keep_their_semicolons() {
        let sql = "INSERT INTO a VALUES ('x;y', \"q;\", `b;`);\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN NEW;\nEND;\n$$;\nSELECT $1, $tag$ ; $tag$;";
        assert_eq!(texts(sql).len(), 3);
        assert!(texts(sql)[1].ends_with("$$;"));
    }

    #[test]
    fn trigger_and_case_blocks_keep_their_semicolons() {
        let sql = "CREATE TRIGGER t AFTER UPDATE ON a FOR EACH ROW\nBEGIN\n  UPDATE a SET x = CASE WHEN 1 THEN 2 END WHERE rowid = NEW.rowid;\nEND;\nBEGIN;\nSELECT 1;";
        let texts = texts(sql);
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].ends_with("END;"));
        assert_eq!(texts[1], "BEGIN;");
    }

    #[test]
    fn a_last_statement_without_semicolon_is_kept() {
        assert_eq!(texts("SELECT 1;\nSELECT 2\n"), ["SELECT 1;", "SELECT 2"]);
        assert!(texts("-- only a comment\n").is_empty());
    }
}

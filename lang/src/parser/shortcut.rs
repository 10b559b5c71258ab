//! A direct reader for the plainest declarations, which fill most real files.
//!
//! pest spends its time per grammar operation, and a field line costs it dozens of them.
//! This module reads one `entity` or `mixin` declaration written only with the commonest
//! forms (fields with named or relation types, `?`, `unique`, a default that is a lone
//! literal, call or path; `index (..)` without `where`, `unique (..)`, `primary key (..)`
//! and `with ..` members; `//` comments) and builds the very tree the pest builder
//! builds, spans included. On anything else (a doc comment, an attribute, a `check`, an
//! expression, a `\r`, any syntax error) it gives up and the declaration goes to pest:
//! the grammar stays the definition of the language, and this is only a shortcut
//! through it. The tests below compare both on every fixture and on thousands of
//! mutated files; a difference is a bug here.
//!
//! Each reader names the rule it mirrors and mirrors pest's whitespace handling: inside
//! compound-atomic rules (`${}`) only the explicit `sp`; inside normal rules an implicit
//! skip between the elements of a sequence, which is kept even when an optional element
//! after it is absent (so an `index (..)` member's span runs to the end of a trailing
//! comment), and which a repetition gives back when its element fails.

use super::exprs::number_value;
use crate::ast::{
    Direction, EntityDecl, Expr, ExprKind, Field, Ident, IndexColumn, IndexDecl, Item, Literal,
    Member, MixinDecl, Number, RefAction, Relation, TypeKind, TypeRef,
};
use crate::span::{FileId, Span};

/// The declaration that `text[start..end]` holds, if it is one `entity` or `mixin` in
/// the subset this module reads, followed by nothing but blank and comment lines.
pub(super) fn read_block(file: FileId, text: &str, start: usize, end: usize) -> Option<Item> {
    if text.as_bytes()[start..end].contains(&b'\r') {
        return None;
    }
    let mut r = Reader {
        file,
        text,
        bytes: text.as_bytes(),
        at: start,
        end,
    };
    let is_entity = if r.word("entity").is_some() {
        true
    } else if r.word("mixin").is_some() {
        false
    } else {
        return None;
    };
    r.sp()?;
    let name = r.ident()?;
    r.sp()?;
    r.eat(b'{')?;
    // One member per line, between the line of the `{` and that of the last `}`: room
    // for that many, so that the (large) members are neither moved nor given room they
    // do not use (a thousand entities hold megabytes of members).
    let body = &r.bytes[r.at..end];
    let inner = &body[..body.iter().rposition(|&b| b == b'}').unwrap_or(body.len())];
    let lines = inner.iter().filter(|&&b| b == b'\n').count();
    let mut members = Vec::with_capacity(lines.saturating_sub(1));
    loop {
        r.sp()?;
        match r.peek()? {
            b'\n' => r.at += 1,
            b'}' => break,
            _ => {
                members.push(r.member()?);
                r.sp()?;
                if r.peek()? != b'\n' {
                    return None;
                }
            }
        }
    }
    let span = r.span(start, r.at + 1);
    r.at += 1;
    // Only blank lines and comments may follow, up to the next declaration.
    loop {
        r.sp()?;
        match r.peek() {
            None => break,
            Some(b'\n') => r.at += 1,
            Some(_) => return None,
        }
    }
    Some(if is_entity {
        Item::Entity(EntityDecl {
            doc: None,
            name,
            attrs: Vec::new(),
            members,
            span,
        })
    } else {
        Item::Mixin(MixinDecl {
            doc: None,
            name,
            members,
            span,
        })
    })
}

/// A cursor over `text[..end]`; every reader returns `None` to give up, leaving the
/// cursor anywhere.
struct Reader<'s> {
    file: FileId,
    text: &'s str,
    bytes: &'s [u8],
    at: usize,
    end: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        (self.at < self.end).then(|| self.bytes[self.at])
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        (self.at + ahead < self.end).then(|| self.bytes[self.at + ahead])
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// `sp`, and pest's implicit skip: spaces and tabs, then a `//` comment up to the
    /// line break. A `///` is not a comment to pest; what it is, pest decides.
    fn sp(&mut self) -> Option<()> {
        let bytes = &self.bytes[..self.end];
        while matches!(bytes.get(self.at), Some(b' ' | b'\t')) {
            self.at += 1;
        }
        if self.peek() == Some(b'/') && self.peek_at(1) == Some(b'/') {
            if self.peek_at(2) == Some(b'/') {
                return None;
            }
            while !matches!(self.peek(), None | Some(b'\n')) {
                self.at += 1;
            }
        }
        Some(())
    }

    /// Where the identifier that starts here ends, if one does.
    fn ident_end(&self) -> Option<usize> {
        let bytes = &self.bytes[..self.end];
        let first = *bytes.get(self.at)?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let rest = bytes[self.at + 1..]
            .iter()
            .position(|&b| !is_ident_char(b))
            .unwrap_or(bytes.len() - self.at - 1);
        Some(self.at + 1 + rest)
    }

    /// `ident`.
    fn ident(&mut self) -> Option<Ident> {
        let start = self.at;
        self.at = self.ident_end()?;
        Some(Ident {
            name: self.text[start..self.at].to_string(),
            span: self.span(start, self.at),
        })
    }

    /// Whether the keyword `word` (not the prefix of a longer identifier) is next.
    fn at_word(&self, word: &str) -> bool {
        self.bytes[self.at..self.end].starts_with(word.as_bytes())
            && !self
                .bytes
                .get(self.at + word.len())
                .is_some_and(|&b| self.at + word.len() < self.end && is_ident_char(b))
    }

    /// A `kw_*` rule: the keyword `word`, and its span.
    fn word(&mut self, word: &str) -> Option<Span> {
        self.at_word(word).then(|| {
            self.at += word.len();
            self.span(self.at - word.len(), self.at)
        })
    }

    /// `member`: a field or one of the keyword members read here.
    fn member(&mut self) -> Option<Member> {
        match &self.text[self.at..self.ident_end()?] {
            "index" => self.index_decl(),
            "unique" => {
                let (columns, span) = self.keyed_columns(&["unique"])?;
                Some(Member::Unique { columns, span })
            }
            "primary" => {
                let (columns, span) = self.keyed_columns(&["primary", "key"])?;
                Some(Member::PrimaryKey { columns, span })
            }
            "with" => self.with_decl(),
            "scale" | "check" | "audit" | "tree" | "timeseries" | "distribute" => None,
            _ => self.field().map(Member::Field),
        }
    }

    /// `with_decl = { kw_with ~ ident ~ ("," ~ ident)* }`. pest skips before the
    /// repetition and gives that skip back only with a repetition that failed after
    /// matching once, so a lone mixin's span runs over the spaces and comment after it.
    fn with_decl(&mut self) -> Option<Member> {
        let start = self.word("with")?.start as usize;
        self.sp()?;
        let mixins = self.separated(b',', Self::ident)?;
        if mixins.len() == 1 {
            self.sp()?;
        }
        Some(Member::With {
            mixins,
            span: self.span(start, self.at),
        })
    }

    /// `item ~ (sep ~ item)*`, with the skips around `sep`: a repetition that fails is
    /// given back, skip included, as pest does.
    fn separated<T>(&mut self, sep: u8, item: fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut items = vec![item(self)?];
        loop {
            let save = self.at;
            self.sp()?;
            if self.eat(sep).is_some() {
                self.sp()?;
                if let Some(next) = item(self) {
                    items.push(next);
                    continue;
                }
            }
            self.at = save;
            return Some(items);
        }
    }

    /// `unique_decl` and `primary_key`: the keywords, then
    /// `column_list = _{ lparen ~ ident ~ ("," ~ ident)* ~ ","? ~ rparen }`.
    fn keyed_columns(&mut self, keywords: &[&str]) -> Option<(Vec<Ident>, Span)> {
        let start = self.at;
        for (i, keyword) in keywords.iter().enumerate() {
            if i > 0 {
                self.sp()?;
            }
            self.word(keyword)?;
        }
        self.sp()?;
        let columns = self.parenthesized(Self::ident)?;
        Some((columns, self.span(start, self.at)))
    }

    /// `lparen ~ item ~ ("," ~ item)* ~ ","? ~ rparen`, the list of `unique (..)`,
    /// `primary key (..)` and `index (..)`.
    fn parenthesized<T>(&mut self, item: fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.eat(b'(')?;
        self.sp()?;
        let items = self.separated(b',', item)?;
        self.sp()?;
        if self.eat(b',').is_some() {
            self.sp()?;
        }
        self.eat(b')')?;
        Some(items)
    }

    /// `index_decl = { kw_index ~ lparen ~ index_column ~ ("," ~ index_column)* ~ ","?
    /// ~ rparen ~ (kw_where ~ expr)? }`, without the `where` part.
    fn index_decl(&mut self) -> Option<Member> {
        let start = self.word("index")?.start as usize;
        self.sp()?;
        let columns = self.parenthesized(Self::index_column)?;
        // The skip before the absent `where` stays in the span.
        self.sp()?;
        if self.at_word("where") {
            return None;
        }
        Some(Member::Index(IndexDecl {
            columns,
            predicate: None,
            span: self.span(start, self.at),
        }))
    }

    /// `index_column = { ident ~ direction? }`: the skip after the name stays in the
    /// span when no direction follows.
    fn index_column(&mut self) -> Option<IndexColumn> {
        let name = self.ident()?;
        self.sp()?;
        let direction = if self.word("asc").is_some() {
            Some(Direction::Asc)
        } else if self.word("desc").is_some() {
            Some(Direction::Desc)
        } else {
            None
        };
        Some(IndexColumn {
            span: self.span(name.span.start as usize, self.at),
            name,
            direction,
        })
    }

    /// `field = ${ ident ~ sp ~ type_ref ~ sp ~ (modifier ~ (sp ~ modifier)*)? }` with
    /// the `=` and `unique` modifiers only.
    fn field(&mut self) -> Option<Field> {
        let name = self.ident()?;
        self.sp()?;
        let ty = self.type_ref()?;
        self.sp()?;
        let mut end = self.at;
        let mut default = None;
        let mut unique = None;
        while matches!(self.peek(), Some(b'=' | b'u')) {
            if self.peek() == Some(b'=') {
                if default.is_some() {
                    return None;
                }
                default = Some(self.default_mod()?);
            } else {
                if unique.is_some() {
                    return None;
                }
                unique = Some(self.word("unique")?);
            }
            end = self.at;
            self.sp()?;
        }
        self.at = end;
        Some(Field {
            doc: None,
            span: self.span(name.span.start as usize, end),
            name,
            ty,
            default: default.map(Box::new),
            unique,
            checks: Vec::new(),
            attrs: Vec::new(),
        })
    }

    /// `type_ref = { relation_type | named_type }`
    fn type_ref(&mut self) -> Option<TypeRef> {
        if self.bytes[self.at..self.end].starts_with(b"->") {
            return self.relation_type();
        }
        self.named_type()
    }

    /// `named_type = ${ ident ~ sp ~ (type_args ~ sp)? ~ (array_suffix ~ sp)* ~ nullable? }`
    fn named_type(&mut self) -> Option<TypeRef> {
        let name = self.ident()?;
        let mut ty = TypeRef::named(name);
        self.sp()?;
        if self.peek() == Some(b'(') {
            let (args, span) = self.type_args()?;
            if let TypeKind::Named { args: slot, .. } = &mut ty.kind {
                *slot = args;
            }
            ty.span = ty.span.to(span);
            self.sp()?;
        }
        while self.peek() == Some(b'[') {
            let start = self.at;
            self.at += 1;
            self.sp()?;
            self.eat(b']')?;
            let span = ty.span.to(self.span(start, self.at));
            ty = TypeRef {
                kind: TypeKind::Array(Box::new(ty)),
                nullable: false,
                span,
            };
            self.sp()?;
        }
        if self.eat(b'?').is_some() {
            ty.nullable = true;
            ty.span = ty.span.to(self.span(self.at - 1, self.at));
        }
        Some(ty)
    }

    /// `type_args = ${ lparen ~ sp ~ int_lit ~ (sp ~ "," ~ sp ~ int_lit)* ~ sp ~ rparen }`
    fn type_args(&mut self) -> Option<(Vec<Number>, Span)> {
        let start = self.at;
        self.eat(b'(')?;
        self.sp()?;
        let args = self.separated(b',', Self::int_lit)?;
        self.sp()?;
        self.eat(b')')?;
        Some((args, self.span(start, self.at)))
    }

    /// `int_lit = @{ ASCII_DIGIT+ ~ !ident_char }`
    fn int_lit(&mut self) -> Option<Number> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        if self.at == start || self.peek().is_some_and(is_ident_char) {
            return None;
        }
        Some(self.number_from(start))
    }

    /// `number = @{ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? ~ ("k" | "M" | "B")? ~ !ident_char }`
    fn number(&mut self) -> Option<Number> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.at += 1;
            }
            r.at > from
        };
        if !digits(self) {
            return None;
        }
        if self.peek() == Some(b'.') && self.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
            digits(self);
        }
        if matches!(self.peek(), Some(b'k' | b'M' | b'B')) {
            self.at += 1;
        }
        if self.peek().is_some_and(is_ident_char) {
            return None;
        }
        Some(self.number_from(start))
    }

    fn number_from(&self, start: usize) -> Number {
        let raw = &self.text[start..self.at];
        Number {
            raw: raw.to_string(),
            value: number_value(raw),
            span: self.span(start, self.at),
        }
    }

    /// `relation_type = ${ "->" ~ sp ~ ident ~ (sp ~ "|" ~ sp ~ ident)* ~ sp ~ nullable?
    /// ~ sp ~ ((on_delete | on_update) ~ (sp ~ (on_delete | on_update))*)? }`
    fn relation_type(&mut self) -> Option<TypeRef> {
        let start = self.at;
        self.at += 2;
        self.sp()?;
        let targets = self.separated(b'|', Self::ident)?;
        self.sp()?;
        let nullable = self.eat(b'?').is_some();
        self.sp()?;
        let mut end = self.at;
        let mut on_delete = None;
        let mut on_update = None;
        while self.at_word("on") {
            let (is_delete, action) = self.on_clause()?;
            let slot = if is_delete {
                &mut on_delete
            } else {
                &mut on_update
            };
            if slot.is_some() {
                return None;
            }
            *slot = Some(action);
            end = self.at;
            self.sp()?;
        }
        self.at = end;
        Some(TypeRef {
            kind: TypeKind::Relation(Relation {
                targets,
                on_delete,
                on_update,
            }),
            nullable,
            span: self.span(start, end),
        })
    }

    /// `on_delete = !{ kw_on ~ kw_delete ~ ref_action }` and `on_update`: whether it
    /// is `delete`, and the action with the span of its words.
    fn on_clause(&mut self) -> Option<(bool, (RefAction, Span))> {
        self.word("on")?;
        self.sp()?;
        let is_delete = if self.word("delete").is_some() {
            true
        } else {
            self.word("update")?;
            false
        };
        self.sp()?;
        let start = self.at;
        let action = if self.word("cascade").is_some() {
            RefAction::Cascade
        } else if self.word("restrict").is_some() {
            RefAction::Restrict
        } else if self.word("set").is_some() {
            self.sp()?;
            if self.word("null").is_some() {
                RefAction::SetNull
            } else {
                self.word("default")?;
                RefAction::SetDefault
            }
        } else {
            self.word("no")?;
            self.sp()?;
            self.word("action")?;
            RefAction::NoAction
        };
        Some((is_delete, (action, self.span(start, self.at))))
    }

    /// `default_mod = ${ "=" ~ sp ~ (simple_primary ~ &(sp ~ default_end) | expr) }`,
    /// the first branch only.
    fn default_mod(&mut self) -> Option<Expr> {
        self.eat(b'=')?;
        self.sp()?;
        let expr = self.simple_primary()?;
        let after = self.at;
        self.sp()?;
        let ends = match self.peek() {
            Some(b'\n' | b'}' | b'@') => true,
            _ => self.at_word("unique") || self.at_word("check"),
        };
        self.at = after;
        ends.then_some(expr)
    }

    /// `simple_primary`: a number, a string without escapes, `true`/`false`/`null`, a
    /// call without arguments, or a path.
    fn simple_primary(&mut self) -> Option<Expr> {
        let start = self.at;
        let kind = match self.peek()? {
            b'0'..=b'9' => ExprKind::Literal(Literal::Number(self.number()?)),
            quote @ (b'\'' | b'"') => {
                self.at += 1;
                let body = self.at;
                while self.peek()? != quote {
                    if matches!(self.peek()?, b'\n' | b'\\') {
                        return None;
                    }
                    self.at += 1;
                }
                self.at += 1;
                // `''` inside a single-quoted string is an escaped quote.
                if quote == b'\'' && self.peek() == Some(b'\'') {
                    return None;
                }
                ExprKind::Literal(Literal::String(self.text[body..self.at - 1].to_string()))
            }
            _ => {
                let first = self.ident()?;
                match first.name.as_str() {
                    "true" => ExprKind::Literal(Literal::Bool(true)),
                    "false" => ExprKind::Literal(Literal::Bool(false)),
                    "null" => ExprKind::Literal(Literal::Null),
                    "and" | "or" | "not" | "in" | "is" | "between" | "starts_with" | "contains" => {
                        return None
                    }
                    _ => self.call_or_path(first)?,
                }
            }
        };
        Some(Expr {
            kind,
            span: self.span(start, self.at),
        })
    }

    /// `call` without arguments (`now()`), else `path = ${ ident ~ ("." ~ ident)* }`.
    fn call_or_path(&mut self, first: Ident) -> Option<ExprKind> {
        let save = self.at;
        self.sp()?;
        if self.eat(b'(').is_some() {
            self.sp()?;
            self.eat(b')')?;
            return Some(ExprKind::Call {
                func: first,
                args: Vec::new(),
            });
        }
        self.at = save;
        let mut path = vec![first];
        while self.peek() == Some(b'.') {
            self.at += 1;
            match self.ident() {
                Some(ident) => path.push(ident),
                None => {
                    self.at -= 1;
                    break;
                }
            }
        }
        Some(ExprKind::Path(path))
    }
}

fn is_ident_char(b: u8) -> bool {
    IDENT_CHARS[usize::from(b)]
}

/// The bytes an identifier continues with: ASCII letters, digits and `_`, looked up
/// in one load (a reader tests every byte of every name).
const IDENT_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || byte == b'_';
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::super::chunks::{parse_chunks, Reading};
    use super::read_block;
    use crate::diagnostics::{Diagnostic, Diagnostics};
    use crate::span::FileId;
    use proptest::prelude::*;

    /// The tree and diagnostics of `text` with the shortcut and with pest alone.
    fn both(text: &str) -> [(Vec<crate::ast::Item>, Vec<Diagnostic>); 2] {
        [Reading::Shortcut, Reading::PestOnly].map(|reading| {
            let mut diags = Diagnostics::new();
            let (items, _) = parse_chunks(FileId(1), text, &[0], reading, &mut diags);
            (items, diags.iter().cloned().collect())
        })
    }

    fn assert_agrees(text: &str) {
        let [shortcut, pest] = both(text);
        assert_eq!(shortcut, pest, "the shortcut and pest differ on:\n{text}");
    }

    /// Every form the shortcut reads, with the spacing and comments that move spans.
    const COMMON: &str = "entity Order {
  id          id
  code        string(32) unique // the public code
  total       decimal( 12 , 2 )   = 0.50
  qty         int = 0  unique
  big         bigint = 2k
  ok          bool=true
  gone        bool = false
  nothing     text? = null
  note        text = 'it is'
  label       string(20) = \"x\"
  at          timestamptz = now ( )
  status      Status = Status.pending
  kind        Kind = draft
  tags        string[ ] ?
  grid        int[][]
  owner       -> Customer on delete cascade
  ref         -> Customer? on delete set null   // trailing comment
  plain       -> Customer
  spaced      -> Customer  ?   // after
  either      -> Post | Photo|Video? on update no action on delete restrict
  dflt        -> Customer on delete set default unique
  with Timestamps, SoftDelete
  unique (code, qty,)
  primary key ( id )
  index (owner, at desc)   // why
  index (code , qty asc ,)
  index (code)

}  // end

// between declarations
";

    #[test]
    fn reads_the_common_forms_as_pest_does() {
        let item = read_block(FileId(1), COMMON, 0, COMMON.len());
        assert!(item.is_some(), "the shortcut reads every common form");
        assert_agrees(COMMON);
        let mixin = "mixin Stamps {\n  at timestamptz = now()\n}\n";
        assert!(read_block(FileId(1), mixin, 0, mixin.len()).is_some());
        assert_agrees(mixin);
    }

    #[test]
    fn leaves_everything_else_to_pest() {
        for line in [
            "/// doc\n  id id",
            "id id @was(old)",
            "qty int check (qty > 0)",
            "qty int = -1",
            "qty int = 1 + 2",
            "name text = 'it''s'",
            "index (a) where a > 0",
            "scale rows 2M",
            "audit",
            "tree",
            "name text unique unique",
            "a -> B on delete cascade on delete restrict",
            "at timestamptz = now(1)",
            "x int }",
            "bad line here",
        ] {
            let text = format!("entity A {{\n  {line}\n}}\n");
            assert!(
                read_block(FileId(1), &text, 0, text.len()).is_none(),
                "the shortcut should give up on `{line}`"
            );
            assert_agrees(&text);
        }
        for text in [
            "entity A @table(\"a\") {\n  id id\n}\n",
            "entity A {\n  id id\n}\nquery q: A where id = ?\n",
            "entity A {\r\n  id id\r\n}\r\n",
            "entity A {\n  id id\n",
        ] {
            assert!(read_block(FileId(1), text, 0, text.len()).is_none());
            assert_agrees(text);
        }
    }

    /// pest keeps the skip before `("," ~ ident)*` when the repetition matches nothing.
    #[test]
    fn a_lone_mixin_keeps_the_skip_after_it() {
        for with in [
            "with T//imestamps, SoftDelete",
            "with Timestamps   ",
            "with A, B  // c",
        ] {
            let text = COMMON.replace("with Timestamps, SoftDelete", with);
            assert!(read_block(FileId(1), &text, 0, text.len()).is_some());
            assert_agrees(&text);
        }
    }

    #[test]
    fn agrees_with_pest_on_every_fixture() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut read = 0;
        for sub in ["parser/valid", "fmt"] {
            for entry in std::fs::read_dir(format!("{dir}/{sub}"))
                .into_iter()
                .flatten()
            {
                let text = std::fs::read_to_string(entry.expect("a fixture").path())
                    .expect("a fixture is text");
                assert_agrees(&text);
                read += 1;
            }
        }
        assert!(read > 0);
    }

    /// Pieces whose insertion moves spans or turns a common line into an uncommon one.
    const PIECES: &[&str] = &[
        " ",
        "\t",
        "\n",
        "//",
        "///",
        "?",
        "(",
        ")",
        ",",
        "=",
        " unique",
        " on delete ",
        "cascade",
        "set null",
        "->",
        "|",
        "[]",
        "0",
        "1.5k",
        "'",
        "\"",
        "@x",
        " desc",
        "}",
        "{",
        "\nentity B {\n",
        "\nmixin M {\n",
        "index (",
        "with ",
        "now()",
        ".",
        "-",
        "\r",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn agrees_with_pest_on_mutated_files(
            edits in prop::collection::vec((0usize..10_000, 0usize..PIECES.len(), 0u8..3), 1..6)
        ) {
            let mut text = COMMON.to_string();
            for (at, piece, kind) in edits {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match kind {
                    0 => text.insert_str(at, PIECES[piece]),
                    1 => {
                        let end = (at + 1 + piece % 4).min(text.len());
                        if text.is_char_boundary(end) {
                            text.replace_range(at..end, "");
                        }
                    }
                    _ => text.replace_range(at..at, &PIECES[piece].repeat(2)),
                }
            }
            let [shortcut, pest] = both(&text);
            prop_assert_eq!(shortcut, pest, "the shortcut and pest differ on:\n{}", text);
        }
    }
}

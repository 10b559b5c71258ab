//! Explaining what the recovery rules caught: one diagnostic per bad line (or per run
//! of bad top-level lines), each with the offending token, what was expected and a hint.
//!
//! A bad line is re-parsed alone with the rule it should have matched
//! (`member_check`, `clause_check`, `item_check`); pest's failure position and the rules
//! it tried there say what went wrong. A small lexer ([`super::tokens`]) names the token
//! at that position and catches what the grammar explains badly (unterminated strings,
//! malformed numbers, unbalanced parentheses).

use super::tokens::{self, Token, TokenKind};
use super::{Builder, Grammar, Rule};
use crate::ast::Ident;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser;

/// The stable codes of syntax errors.
pub(super) mod codes {
    /// An unexpected token (the general case).
    pub const UNEXPECTED: &str = "E0001";
    /// A field without a type.
    pub const MISSING_TYPE: &str = "E0002";
    /// A word after a field's type that is not a modifier.
    pub const UNKNOWN_MODIFIER: &str = "E0003";
    /// A `(` or `[` that is never closed.
    pub const UNCLOSED_DELIMITER: &str = "E0004";
    /// A block without its `{` or its `}`.
    pub const MISSING_BRACE: &str = "E0005";
    /// A string literal that does not end on its line.
    pub const UNTERMINATED_STRING: &str = "E0006";
    /// A malformed number, such as a wrong suffix (`2X`).
    pub const BAD_NUMBER: &str = "E0007";
    /// A query without `from`.
    pub const QUERY_WITHOUT_FROM: &str = "E0008";
    /// A clause or modifier given twice.
    pub const DUPLICATE: &str = "E0009";
    /// A malformed `order by`.
    pub const BAD_ORDER_BY: &str = "E0010";
    /// Something after a complete member or declaration.
    pub const TRAILING: &str = "E0011";
    /// A `///` doc comment with nothing to document below it.
    pub const DANGLING_DOC: &str = "E0012";
    /// Input nested beyond what the parser handles.
    pub const TOO_COMPLEX: &str = "E0013";
}

const FIELD_HINT: &str =
    "a field is `name type [modifiers]`, for example `email string(255) unique`";
const ITEM_HINT: &str = "a file holds `use`, `enum`, `mixin`, `entity` and `query` declarations";
const CLAUSE_HINT: &str =
    "query clauses are `from`, `where`, `descendants of`, `ancestors of`, `children of`, \
                           `order by`, `limit`, `count`, `including deleted` and `rate`";
const ORDER_BY_HINT: &str =
    "write `order by field [asc|desc], ...`, for example `order by placed_at desc`";

/// Where a bad line sits, which decides the rule it should have matched.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Member,
    Clause,
    Item,
}

/// Where pest gave up on a line, and the rules it tried there.
struct Failure {
    /// Absolute byte offset.
    pos: usize,
    expected: Vec<Rule>,
}

impl Failure {
    fn expects(&self, rules: &[Rule]) -> bool {
        self.expected.iter().any(|r| rules.contains(r))
    }
}

const TYPE_RULES: &[Rule] = &[Rule::type_ref, Rule::named_type, Rule::relation_type];
const MODIFIER_RULES: &[Rule] = &[
    Rule::default_mod,
    Rule::unique_mod,
    Rule::check_mod,
    Rule::attribute,
];
const ACTION_RULES: &[Rule] = &[
    Rule::act_cascade,
    Rule::act_restrict,
    Rule::act_set_null,
    Rule::act_set_default,
    Rule::act_no_action,
    Rule::kw_cascade,
    Rule::kw_restrict,
    Rule::kw_set,
    Rule::kw_no,
];
/// The end of a member: `member_end`, which the check rules see as the end of input.
const END_RULES: &[Rule] = &[Rule::member_end, Rule::EOI];
const MEMBER_KEYWORDS: &[&str] = &[
    "with",
    "scale",
    "primary",
    "unique",
    "index",
    "check",
    "audit",
    "tree",
    "timeseries",
    "distribute",
];

impl Builder<'_, '_> {
    /// A body line that is not a member. A doc comment directly followed by another bad
    /// line is part of that mistake and not reported on its own.
    pub(super) fn member_line_error(&mut self, pair: &Pair<'_, Rule>, next_is_error: bool) {
        self.line_error(pair, next_is_error, LineKind::Member);
    }

    /// A query block line that is not a clause.
    pub(super) fn clause_line_error(&mut self, pair: &Pair<'_, Rule>, next_is_error: bool) {
        self.line_error(pair, next_is_error, LineKind::Clause);
    }

    fn line_error(&mut self, pair: &Pair<'_, Rule>, next_is_error: bool, kind: LineKind) {
        let start = self.start(pair);
        let text = pair.as_str();
        let tokens = tokens::lex(text, start);
        if let Some(first) = tokens.first().filter(|t| t.kind == TokenKind::Doc) {
            if !next_is_error {
                self.diags
                    .push(dangling_doc(self.span_of(first.start, first.end)));
            }
            return;
        }
        let diagnostic = self.explain(kind, start, text, &tokens);
        self.diags.push(diagnostic);
    }

    /// A run of top-level lines that are not declarations, from `start` to `end`.
    /// `last_item_end` is where the previous declaration ended.
    pub(super) fn top_level_error(
        &mut self,
        start: usize,
        end: usize,
        last_item_end: Option<usize>,
    ) {
        let text = &self.source[start..end];
        let first_line = &text[..text.find(['\n', '\r']).unwrap_or(text.len())];
        let tokens = tokens::lex(first_line, start);
        let Some(first) = tokens.first().copied() else {
            return;
        };
        let span = self.span_of(first.start, first.end);
        let after_item =
            last_item_end.is_some_and(|e| !self.source[e..start].contains(['\n', '\r']));
        let line_start = self.source[..start]
            .rfind(['\n', '\r'])
            .map_or(0, |p| p + 1);
        let whole_line = &self.source[line_start..start + first_line.len()];
        let line_tokens = tokens::lex(whole_line, line_start);
        let diagnostic = if after_item && line_tokens.first().is_some_and(|t| t.text == "query") {
            // A one-line query stops at the first word that is not a clause: explain the
            // whole line as a query.
            self.explain(LineKind::Item, line_start, whole_line, &line_tokens)
        } else if after_item {
            Diagnostic::error(
                codes::TRAILING,
                format!(
                    "unexpected `{}` after the end of the declaration",
                    first.text
                ),
                span,
                "expected the end of the line",
            )
            .with_hint("start the next declaration on a new line")
        } else if first.kind == TokenKind::Doc {
            dangling_doc(span)
        } else if first.text == "}" {
            Diagnostic::error(
                codes::UNEXPECTED,
                "unexpected `}`",
                span,
                "no block is open here",
            )
            .with_hint("remove it, or check the braces of the declaration above")
        } else if !matches!(first.text, "use" | "enum" | "mixin" | "entity" | "query") {
            let d = Diagnostic::error(
                codes::UNEXPECTED,
                format!("expected a declaration, found `{}`", first.text),
                span,
                "not a declaration",
            );
            match closest(first.text, &["use", "enum", "mixin", "entity", "query"]) {
                Some(word) => d.with_hint(format!("did you mean `{word}`?")),
                None => d.with_hint(ITEM_HINT),
            }
        } else {
            self.explain(LineKind::Item, start, first_line, &tokens)
        };
        self.diags.push(diagnostic);
    }

    /// Bad tokens inside an enum body (one diagnostic per line).
    pub(super) fn enum_junk_error(&mut self, start: usize, end: usize, name: Option<&Ident>) {
        let text = &self.source[start..end];
        let in_enum = name.map_or(String::new(), |n| format!(" in enum `{}`", n.name));
        self.diags.push(
            Diagnostic::error(
                codes::UNEXPECTED,
                format!("unexpected `{text}`{in_enum}"),
                self.span_of(start, end),
                "not a variant name",
            )
            .with_hint(
                "variants are names separated by spaces or newlines: `enum OrderStatus { pending paid shipped }`",
            ),
        );
    }

    /// The end of a block: the end of its `}`, or, when the `}` is missing, the end of
    /// its last line (after reporting it).
    pub(super) fn block_close(
        &mut self,
        pair: Pair<'_, Rule>,
        open: Option<Span>,
        keyword: &str,
        name: Option<&Ident>,
    ) -> usize {
        let at = self.start(&pair);
        if pair.into_inner().next().is_none() {
            return at + 1;
        }
        let content_end = self.source[..at].trim_end().len();
        let line_start = self.source[..content_end]
            .rfind(['\n', '\r'])
            .map_or(0, |p| p + 1);
        let last_line_start = content_end - self.source[line_start..content_end].trim_start().len();
        let what = match name {
            Some(n) => format!("{keyword} `{}`", n.name),
            None => keyword.to_string(),
        };
        let label = if at >= self.source.len() {
            "the file ends here"
        } else {
            "expected `}` after this line"
        };
        let mut d = Diagnostic::error(
            codes::MISSING_BRACE,
            format!("missing `}}` to close {what}"),
            self.span_of(last_line_start, content_end),
            label,
        );
        if let Some(open) = open {
            d = d.with_secondary(open, "this `{` is never closed");
        }
        if at < self.source.len() {
            let next_end = self.source[at..]
                .find(['\n', '\r'])
                .map_or(self.source.len(), |p| at + p);
            d = d.with_secondary(
                self.span_of(at, next_end),
                "the next declaration starts here",
            );
        }
        self.diags
            .push(d.with_hint(format!("add `}}` on its own line at the end of {what}")));
        content_end
    }

    /// Explains one bad line that starts at `start`.
    fn explain(
        &self,
        kind: LineKind,
        start: usize,
        text: &str,
        tokens: &[Token<'_>],
    ) -> Diagnostic {
        if let Some(d) = self.lexical_problem(tokens) {
            return d;
        }
        let rule = match kind {
            LineKind::Member => Rule::member_check,
            LineKind::Clause => Rule::clause_check,
            LineKind::Item => Rule::item_check,
        };
        let Some(failure) = failure(rule, text, start) else {
            let span = self.span_of(start, start + text.trim_end().len());
            return Diagnostic::error(
                codes::UNEXPECTED,
                "this line could not be parsed here",
                span,
                "not valid here",
            )
            .with_hint(ITEM_HINT);
        };
        let at = tokens.iter().find(|t| t.start >= failure.pos).copied();
        let before = tokens.iter().rev().find(|t| t.end <= failure.pos).copied();
        match kind {
            LineKind::Member => self.member_problem(tokens, &failure, at, before),
            LineKind::Clause => self.clause_problem(tokens, &failure, at, before, CLAUSE_HINT),
            LineKind::Item => self.item_problem(tokens, &failure, at, before),
        }
    }

    /// Unterminated strings, malformed numbers and unbalanced parentheses.
    fn lexical_problem(&self, tokens: &[Token<'_>]) -> Option<Diagnostic> {
        for t in tokens {
            if t.kind == (TokenKind::Str { closed: false }) {
                let quote = &t.text[..1];
                return Some(
                    Diagnostic::error(
                        codes::UNTERMINATED_STRING,
                        "unterminated string literal",
                        self.span_of(t.start, t.end),
                        "this string is never closed",
                    )
                    .with_hint(format!(
                        "close it with {quote} on the same line; strings cannot span lines"
                    )),
                );
            }
        }
        for t in tokens {
            if t.kind == TokenKind::Number && !tokens::is_valid_number(t.text) {
                return Some(
                    Diagnostic::error(
                        codes::BAD_NUMBER,
                        format!("invalid number `{}`", t.text),
                        self.span_of(t.start, t.end),
                        "not a number",
                    )
                    .with_hint(
                        "a number is digits with an optional fraction and an optional suffix `k` (thousand), \
                         `M` (million) or `B` (billion), for example `50k`, `2M`, `0.5`",
                    ),
                );
            }
        }
        let mut open: Vec<&Token<'_>> = Vec::new();
        for t in tokens.iter().filter(|t| t.kind == TokenKind::Punct) {
            match t.text {
                "(" | "[" => open.push(t),
                ")" | "]" => {
                    let opener = if t.text == ")" { "(" } else { "[" };
                    if open.last().is_some_and(|o| o.text == opener) {
                        open.pop();
                    } else {
                        return Some(
                            Diagnostic::error(
                                codes::UNEXPECTED,
                                format!("unexpected `{}`", t.text),
                                self.span_of(t.start, t.end),
                                format!("there is no `{opener}` for this to close"),
                            )
                            .with_hint(format!("remove it, or add the missing `{opener}`")),
                        );
                    }
                }
                _ => {}
            }
        }
        open.first().map(|o| {
            let closer = if o.text == "(" { ")" } else { "]" };
            let last = tokens.last().unwrap_or(o);
            let mut d = Diagnostic::error(
                codes::UNCLOSED_DELIMITER,
                format!("unclosed `{}`", o.text),
                self.span_of(o.start, o.end),
                format!("this `{}` is never closed", o.text),
            );
            if last.start != o.start {
                d = d.with_secondary(
                    self.span_of(last.start, last.end),
                    format!("expected `{closer}` after this"),
                );
            }
            d.with_hint(format!("add the missing `{closer}`"))
        })
    }

    fn member_problem(
        &self,
        tokens: &[Token<'_>],
        failure: &Failure,
        at: Option<Token<'_>>,
        before: Option<Token<'_>>,
    ) -> Diagnostic {
        let first = tokens.first().map_or("", |t| t.text);
        let after_name = tokens.first().is_some_and(|t| {
            t.kind == TokenKind::Ident && before.is_some_and(|b| b.start == t.start)
        });
        if failure.expects(TYPE_RULES) || (after_name && failure.expects(&[Rule::ident])) {
            let name = before.map_or(first, |t| t.text);
            return match at {
                Some(t) => Diagnostic::error(
                    codes::MISSING_TYPE,
                    format!(
                        "expected a type after the field name `{name}`, found `{}`",
                        t.text
                    ),
                    self.span_of(t.start, t.end),
                    "expected a type here",
                ),
                None => {
                    let anchor = before.or(tokens.first().copied());
                    let span = anchor.map_or(self.span_of(failure.pos, failure.pos), |t| {
                        self.span_of(t.start, t.end)
                    });
                    Diagnostic::error(
                        codes::MISSING_TYPE,
                        format!("expected a type after the field name `{name}`"),
                        span,
                        "this field has no type",
                    )
                }
            }
            .with_hint(FIELD_HINT);
        }
        if failure.expects(ACTION_RULES) {
            return self.unexpected(failure, at, before, "a referential action").with_hint(
                "`on delete` and `on update` take `cascade`, `restrict`, `set null`, `set default` or `no action`",
            );
        }
        let is_field = !MEMBER_KEYWORDS.contains(&first);
        if let (Some(t), true) = (
            at,
            failure.expects(END_RULES) || failure.expects(MODIFIER_RULES),
        ) {
            if is_field && t.kind == TokenKind::Ident {
                let d = Diagnostic::error(
                    codes::UNKNOWN_MODIFIER,
                    format!("unknown field modifier `{}`", t.text),
                    self.span_of(t.start, t.end),
                    "not a field modifier",
                );
                return match closest(t.text, &["unique", "check"]) {
                    Some(word) => d.with_hint(format!("did you mean `{word}`?")),
                    None => d.with_hint(
                        "field modifiers are `= default`, `unique`, `check (expr)` and attributes such as \
                         `@was(old_name)`, `@deprecated` or `@on_update`",
                    ),
                };
            }
            if failure
                .expected
                .iter()
                .all(|r| END_RULES.contains(r) || MODIFIER_RULES.contains(r))
            {
                let (what, label) = if is_field {
                    ("the field", "expected a modifier or the end of the line")
                } else {
                    ("the member", "expected the end of the line")
                };
                return Diagnostic::error(
                    codes::TRAILING,
                    format!("unexpected `{}` after {what}", t.text),
                    self.span_of(t.start, t.end),
                    label,
                )
                .with_hint("write one member per line");
            }
        }
        self.unexpected(failure, at, before, &describe(&failure.expected))
            .with_hint(member_hint(first, tokens))
    }

    fn clause_problem(
        &self,
        tokens: &[Token<'_>],
        failure: &Failure,
        at: Option<Token<'_>>,
        before: Option<Token<'_>>,
        fallback_hint: &str,
    ) -> Diagnostic {
        let clause = tokens
            .iter()
            .rev()
            .find(|t| t.end <= failure.pos && clause_hint(t.text).is_some())
            .copied();
        if let Some(t) = at.filter(|t| t.kind == TokenKind::Ident && clause_hint(t.text).is_none())
        {
            let starts_clause = tokens.first().is_some_and(|f| f.start == t.start)
                || failure.expects(&[
                    Rule::clause_check,
                    Rule::from_clause,
                    Rule::where_clause,
                    Rule::traversal,
                    Rule::order_by,
                    Rule::limit_clause,
                    Rule::count_clause,
                    Rule::including_deleted,
                    Rule::rate_clause,
                ]);
            if starts_clause {
                return Diagnostic::error(
                    codes::UNEXPECTED,
                    format!("unknown query clause `{}`", t.text),
                    self.span_of(t.start, t.end),
                    "not a query clause",
                )
                .with_hint(CLAUSE_HINT);
            }
        }
        let expected = describe(&failure.expected);
        match clause {
            Some(c) if c.text == "order" => {
                let mut d = self
                    .unexpected(failure, at, before, &expected)
                    .with_hint(ORDER_BY_HINT);
                d.code = codes::BAD_ORDER_BY;
                d.message = format!("invalid `order by`: {}", d.message);
                d
            }
            Some(c) => self
                .unexpected(failure, at, before, &expected)
                .with_hint(clause_hint(c.text).unwrap_or(fallback_hint)),
            None => self
                .unexpected(failure, at, before, &expected)
                .with_hint(fallback_hint),
        }
    }

    fn item_problem(
        &self,
        tokens: &[Token<'_>],
        failure: &Failure,
        at: Option<Token<'_>>,
        before: Option<Token<'_>>,
    ) -> Diagnostic {
        let keyword = tokens.first().map_or("", |t| t.text);
        let name = tokens
            .get(1)
            .filter(|t| t.kind == TokenKind::Ident)
            .map_or("", |t| t.text);
        if failure.expects(&[Rule::block_open]) {
            let (span, label) = match at {
                Some(t) => (self.span_of(t.start, t.end), "expected `{` here"),
                None => {
                    let t = before.or(tokens.last().copied());
                    (
                        t.map_or(self.span_of(failure.pos, failure.pos), |t| {
                            self.span_of(t.start, t.end)
                        }),
                        "expected `{` after this",
                    )
                }
            };
            return Diagnostic::error(
                codes::MISSING_BRACE,
                format!("expected `{{` after `{keyword} {name}`"),
                span,
                label,
            )
            .with_hint(format!(
                "the body starts on the same line as the name: `{keyword} {name} {{`"
            ));
        }
        match keyword {
            "query" if failure.expects(&[Rule::query_line, Rule::query_block]) => {
                self.unexpected(failure, at, before, "`:` or `{`").with_hint(
                    "a query is `query name: Entity where ...` on one line, or `query name {` with one clause per line",
                )
            }
            "query" => self.clause_problem(
                tokens,
                failure,
                at,
                before,
                "a one-line query is `query name: Entity` followed by its clauses, for example \
                 `query by_email: User where email = ? rate 800/s`",
            ),
            "use" => self
                .unexpected(failure, at, before, &describe(&failure.expected))
                .with_hint("write `use std.timestamps` for a stdlib module or `use \"./billing.schema\"` for a file"),
            "enum" => self
                .unexpected(failure, at, before, &describe(&failure.expected))
                .with_hint("an enum is `enum Name { a b c }`"),
            _ => self
                .unexpected(failure, at, before, &describe(&failure.expected))
                .with_hint(format!(
                    "{} {keyword} is `{keyword} Name {{` followed by one member per line and `}}`",
                    if keyword.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
                )),
        }
    }

    /// "unexpected `x`" at the token where pest failed, or "unexpected end of line"
    /// pointing at the last token before it.
    fn unexpected(
        &self,
        failure: &Failure,
        at: Option<Token<'_>>,
        before: Option<Token<'_>>,
        expected: &str,
    ) -> Diagnostic {
        match at {
            Some(t) => Diagnostic::error(
                codes::UNEXPECTED,
                format!("unexpected `{}`", t.text),
                self.span_of(t.start, t.end),
                format!("expected {expected}"),
            ),
            None => {
                let span = before.map_or(self.span_of(failure.pos, failure.pos), |t| {
                    self.span_of(t.start, t.end)
                });
                Diagnostic::error(
                    codes::UNEXPECTED,
                    "unexpected end of line",
                    span,
                    format!("expected {expected} after this"),
                )
            }
        }
    }
}

/// Re-parses `text` (which starts at byte `offset` of the file) with `rule`.
fn failure(rule: Rule, text: &str, offset: usize) -> Option<Failure> {
    let error = Grammar::parse(rule, text).err()?;
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let expected = match error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    Some(Failure {
        pos: offset + pos,
        expected,
    })
}

fn dangling_doc(span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::DANGLING_DOC,
        "this doc comment documents nothing",
        span,
        "nothing follows it",
    )
    .with_hint("put a `///` doc comment directly above an entity, field, enum or query; use `//` for a plain comment")
}

/// The word of `candidates` that `word` is probably a typo of.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .copied()
        .filter(|c| *c != word)
        .find(|c| tokens::edit_distance(word, c) <= (c.len() / 3).max(1))
}

/// The syntax of the member a line starts with, as a hint.
fn member_hint(first: &str, tokens: &[Token<'_>]) -> &'static str {
    match first {
        "with" => "write `with Timestamps, SoftDelete`",
        "scale" => "write `scale rows 2M` or `scale rows 2M growth 50k/month`",
        "primary" => "write `primary key (order, product)`",
        "unique" => "write `unique (tenant, slug)`",
        "index" => "write `index (product, quantity desc)`, optionally followed by `where <condition>`",
        "check" => "write `check (<condition>)`, for example `check (quantity > 0)`",
        "tree" => "write `tree` or `tree <strategy>`, for example `tree closure`",
        "timeseries" => "write `timeseries on recorded_at [every month] [retain 13 months]`",
        "distribute" => "write `distribute by tenant`",
        _ if tokens.iter().any(|t| t.text == "->") => {
            "a relation is `name -> Entity [?] [on delete cascade|restrict|set null|set default|no action]`"
        }
        _ => FIELD_HINT,
    }
}

/// The syntax of a query clause, as a hint; `None` when `word` starts no clause.
fn clause_hint(word: &str) -> Option<&'static str> {
    Some(match word {
        "from" => "write `from Entity`",
        "where" => "write `where <condition>`, for example `where user = ? and status in ?`",
        "descendants" | "ancestors" | "children" => {
            "write `descendants of ?`, `ancestors of ?` or `children of ?`"
        }
        "order" => ORDER_BY_HINT,
        "limit" => "write `limit <number>`, for example `limit 20`",
        "count" => "`count` stands alone",
        "including" => "write `including deleted`",
        "rate" => "write `rate <number>/<unit>`, for example `rate 5000/s` or `rate 30/min`",
        _ => return None,
    })
}

/// What the rules pest tried stand for, as "a, b or c".
fn describe(rules: &[Rule]) -> String {
    let mut words: Vec<&str> = Vec::new();
    for rule in rules {
        let word = match rule {
            Rule::ident | Rule::order_path | Rule::variant => "a name",
            Rule::type_ref | Rule::named_type | Rule::relation_type => "a type",
            Rule::number | Rule::int_lit => "a number",
            Rule::rate => "a rate such as `5000/s`",
            Rule::duration => "a duration such as `90 days`",
            Rule::string => "a string",
            Rule::lparen | Rule::type_args | Rule::attr_args => "`(`",
            Rule::rparen | Rule::trailing_comma => "`)`",
            Rule::block_open => "`{`",
            Rule::member_end | Rule::EOI => "the end of the line",
            Rule::default_mod
            | Rule::unique_mod
            | Rule::check_mod
            | Rule::attribute
            | Rule::attr_name => "a modifier",
            Rule::nullable => "`?`",
            Rule::array_suffix => "`[]`",
            Rule::on_delete | Rule::on_update => "`on delete` or `on update`",
            Rule::kw_cascade | Rule::kw_restrict | Rule::kw_set | Rule::kw_no => {
                "a referential action"
            }
            Rule::direction | Rule::kw_asc | Rule::kw_desc => "`asc` or `desc`",
            Rule::kw_where => "`where`",
            Rule::kw_by => "`by`",
            Rule::kw_of => "`of`",
            Rule::kw_on => "`on`",
            Rule::kw_key => "`key`",
            Rule::kw_rows => "`rows`",
            Rule::kw_growth => "`growth`",
            Rule::kw_every | Rule::kw_retain => "`every` or `retain`",
            Rule::kw_deleted => "`deleted`",
            Rule::kw_null => "`null`",
            Rule::kw_and => "`and`",
            Rule::cmp_op | Rule::not_in | Rule::kw_in | Rule::kw_is | Rule::kw_between => {
                "an operator"
            }
            Rule::from_clause
            | Rule::where_clause
            | Rule::traversal
            | Rule::order_by
            | Rule::limit_clause
            | Rule::count_clause
            | Rule::including_deleted
            | Rule::rate_clause => "a query clause",
            Rule::use_std => "`std.<module>`",
            Rule::query_line | Rule::query_block => "`:` or `{`",
            _ => "an expression",
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    match words.as_slice() {
        [] => "something else".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

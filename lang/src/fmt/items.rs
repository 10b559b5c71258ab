//! Turns the items and members of a file into the formatter's code lines ([`Unit`]s) in
//! canonical spelling, each with the source range it came from.

use super::exprs;
use super::lines::{Code, Gap, Unit};
use crate::ast::{
    Doc, EntityDecl, EnumDecl, Field, Item, Member, MixinDecl, QueryDecl, QueryForm, SourceFile,
    TraversalKind, UseDecl, UseTarget,
};
use crate::span::Span;
use std::ops::Range;

/// Which top-level items stay together when the user wrote them without a blank line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Use,
    LineQuery,
    Alone,
}

fn group(item: &Item) -> Group {
    match item {
        Item::Use(_) => Group::Use,
        Item::Query(q) if q.form == QueryForm::Line => Group::LineQuery,
        _ => Group::Alone,
    }
}

/// The code lines of `file`, and the buffer that holds their text.
pub(super) fn units<'a>(file: &'a SourceFile, source: &str) -> (Vec<Unit<'a>>, String) {
    // Nearly every source line becomes one unit: reserve once instead of regrowing.
    let lines = source.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut b = Builder {
        source,
        buf: String::with_capacity(source.len()),
        units: Vec::with_capacity(lines),
    };
    let mut previous = None;
    for item in &file.items {
        let gap = match previous {
            None => Gap::None,
            Some(g) if g == group(item) && g != Group::Alone => Gap::Kept,
            Some(_) => Gap::One,
        };
        previous = Some(group(item));
        match item {
            Item::Use(u) => b.use_decl(u, gap),
            Item::Enum(e) => b.enum_decl(e, gap),
            Item::Mixin(m) => b.mixin(m, gap),
            Item::Entity(e) => b.entity(e, gap),
            Item::Query(q) => b.query(q, gap),
        }
    }
    (b.units, b.buf)
}

struct Builder<'a, 's> {
    source: &'s str,
    /// The text of every code line, one after the other.
    buf: String,
    units: Vec<Unit<'a>>,
}

impl<'a> Builder<'a, '_> {
    /// The range of `buf` that `write` appends.
    fn text(&mut self, write: impl FnOnce(&mut String)) -> Range<usize> {
        let start = self.buf.len();
        write(&mut self.buf);
        start..self.buf.len()
    }

    fn push(&mut self, indent: usize, code: Code, doc: Option<&'a Doc>, span: Span, gap: Gap) {
        self.units.push(Unit {
            indent,
            code,
            doc: doc.map(|d| d.text.as_str()),
            start: doc.map_or(span.start, |d| d.span.start.min(span.start)) as usize,
            end: span.end as usize,
            gap,
            closes: false,
        });
    }

    /// A line of plain code at `indent` written by `write`.
    fn line(
        &mut self,
        indent: usize,
        span: Span,
        gap: Gap,
        doc: Option<&'a Doc>,
        write: impl FnOnce(&mut String),
    ) {
        let code = Code::Plain(self.text(write));
        self.push(indent, code, doc, span, gap);
    }

    /// The header line of a block, `head {`, which ends at its `{` (at offset `open`).
    fn open(
        &mut self,
        doc: Option<&'a Doc>,
        span: Span,
        open: usize,
        gap: Gap,
        head: impl FnOnce(&mut String),
    ) {
        let span = Span {
            end: open as u32 + 1,
            ..span
        };
        self.line(0, span, gap, doc, |out| {
            head(out);
            out.push_str(" {");
        });
    }

    /// The closing `}` of a block at `pos`; `empty` when the block has no lines.
    fn close(&mut self, pos: usize, empty: bool) {
        let code = Code::Plain(self.text(|out| out.push('}')));
        self.units.push(Unit {
            indent: 0,
            code,
            doc: None,
            start: pos,
            end: pos + 1,
            gap: if empty { Gap::None } else { Gap::Kept },
            closes: true,
        });
    }

    /// Whether the source between two offsets is only whitespace.
    fn blank_between(&self, from: usize, to: usize) -> bool {
        self.source
            .as_bytes()
            .get(from..to)
            .is_some_and(|b| b.iter().all(u8::is_ascii_whitespace))
    }

    fn use_decl(&mut self, u: &'a UseDecl, gap: Gap) {
        self.line(0, u.span, gap, None, |out| {
            out.push_str("use ");
            match &u.target {
                UseTarget::Std(path) => {
                    out.push_str("std.");
                    exprs::path(out, path);
                }
                UseTarget::File { path, .. } => exprs::double_quoted(out, path),
            }
        });
    }

    fn enum_decl(&mut self, e: &'a EnumDecl, gap: Gap) {
        let head = |out: &mut String| {
            out.push_str("enum ");
            out.push_str(&e.name.name);
            exprs::attributes(out, &e.attrs);
        };
        let after_head = e.attrs.last().map_or(e.name.span.end, |a| a.span.end) as usize;
        let open = find_brace(self.source, after_head, b'{', e.span);
        let after_body = e.variants.last().map_or(open + 1, |v| v.span.end as usize);
        let close = find_brace(self.source, after_body, b'}', e.span);
        let multi_line = !(e.variants.is_empty() && self.blank_between(open + 1, close))
            && self
                .source
                .as_bytes()
                .get(open..close)
                .is_some_and(|b| b.contains(&b'\n'));
        if !multi_line {
            let span = Span {
                end: close as u32 + 1,
                ..e.span
            };
            self.line(0, span, gap, e.doc.as_ref(), |out| {
                head(out);
                out.push_str(" {");
                for variant in &e.variants {
                    out.push(' ');
                    out.push_str(&variant.name);
                }
                out.push_str(if e.variants.is_empty() { "}" } else { " }" });
            });
            return;
        }
        self.open(e.doc.as_ref(), e.span, open, gap, head);
        for (i, variant) in e.variants.iter().enumerate() {
            let gap = if i == 0 { Gap::None } else { Gap::Kept };
            self.line(1, variant.span, gap, None, |out| {
                out.push_str(&variant.name)
            });
        }
        self.close(close, e.variants.is_empty());
    }

    fn mixin(&mut self, m: &'a MixinDecl, gap: Gap) {
        let head = |out: &mut String| {
            out.push_str("mixin ");
            out.push_str(&m.name.name);
        };
        self.body(
            m.doc.as_ref(),
            m.name.span.end as usize,
            &m.members,
            m.span,
            gap,
            head,
        );
    }

    fn entity(&mut self, e: &'a EntityDecl, gap: Gap) {
        let head = |out: &mut String| {
            out.push_str("entity ");
            out.push_str(&e.name.name);
            exprs::attributes(out, &e.attrs);
        };
        let after_head = e.attrs.last().map_or(e.name.span.end, |a| a.span.end) as usize;
        self.body(e.doc.as_ref(), after_head, &e.members, e.span, gap, head);
    }

    /// An entity or mixin: the header, the members and the closing brace, or a single
    /// `head {}` line when the body holds nothing, not even a comment.
    fn body(
        &mut self,
        doc: Option<&'a Doc>,
        after_head: usize,
        members: &'a [Member],
        span: Span,
        gap: Gap,
        head: impl FnOnce(&mut String),
    ) {
        let open = find_brace(self.source, after_head, b'{', span);
        let after_body = members.last().map_or(open + 1, |m| m.span().end as usize);
        let close = find_brace(self.source, after_body, b'}', span);
        if members.is_empty() && self.blank_between(open + 1, close) {
            let span = Span {
                end: close as u32 + 1,
                ..span
            };
            self.line(0, span, gap, doc, |out| {
                head(out);
                out.push_str(" {}");
            });
            return;
        }
        self.open(doc, span, open, gap, head);
        for (i, member) in members.iter().enumerate() {
            let gap = if i == 0 { Gap::None } else { Gap::Kept };
            match member {
                Member::Field(f) => self.field(f, gap),
                _ => self.line(1, member.span(), gap, None, |out| {
                    exprs::member(out, member)
                }),
            }
        }
        self.close(close, members.is_empty());
    }

    /// `name type = default unique check (..) @attr`: modifiers in canonical order.
    fn field(&mut self, f: &'a Field, gap: Gap) {
        let name = self.text(|out| out.push_str(&f.name.name));
        let ty = self.text(|out| exprs::type_ref(out, &f.ty));
        let mods = self.text(|out| {
            let start = out.len();
            let space = |out: &mut String| {
                if out.len() > start {
                    out.push(' ');
                }
            };
            if let Some(default) = &f.default {
                out.push_str("= ");
                exprs::expr(out, default);
            }
            if f.unique.is_some() {
                space(out);
                out.push_str("unique");
            }
            for check in &f.checks {
                space(out);
                exprs::check(out, check);
            }
            for attr in &f.attrs {
                space(out);
                exprs::attribute(out, attr);
            }
        });
        self.push(
            1,
            Code::Field { name, ty, mods },
            f.doc.as_deref(),
            f.span,
            gap,
        );
    }

    fn query(&mut self, q: &'a QueryDecl, gap: Gap) {
        let clauses = clauses(q);
        if q.form == QueryForm::Line {
            self.line(0, q.span, gap, q.doc.as_ref(), |out| {
                out.push_str("query ");
                out.push_str(&q.name.name);
                out.push_str(": ");
                out.push_str(&q.from.name);
                for (clause, _) in clauses.iter().skip(1) {
                    out.push(' ');
                    clause.write(out, q);
                }
            });
            return;
        }
        let open = find_brace(self.source, q.name.span.end as usize, b'{', q.span);
        let after_body = clauses
            .last()
            .map_or(open + 1, |(_, span)| span.end as usize);
        let close = find_brace(self.source, after_body, b'}', q.span);
        self.open(q.doc.as_ref(), q.span, open, gap, |out| {
            out.push_str("query ");
            out.push_str(&q.name.name);
        });
        for (i, (clause, span)) in clauses.iter().enumerate() {
            let gap = if i == 0 { Gap::None } else { Gap::Kept };
            self.line(1, *span, gap, None, |out| clause.write(out, q));
        }
        self.close(close, false);
    }
}

/// The clauses of a query, in canonical order.
#[derive(Clone, Copy)]
enum Clause {
    From,
    Where,
    Traversal,
    OrderBy,
    Limit,
    Count,
    IncludingDeleted,
    Rate,
}

impl Clause {
    fn write(self, out: &mut String, q: &QueryDecl) {
        match self {
            Clause::From => {
                out.push_str("from ");
                out.push_str(&q.from.name);
            }
            Clause::Where => {
                if let Some(filter) = &q.filter {
                    out.push_str("where ");
                    exprs::expr(out, filter);
                }
            }
            Clause::Traversal => {
                if let Some(t) = &q.traversal {
                    out.push_str(match t.kind {
                        TraversalKind::Descendants => "descendants of ",
                        TraversalKind::Ancestors => "ancestors of ",
                        TraversalKind::Children => "children of ",
                    });
                    exprs::expr(out, &t.of);
                }
            }
            Clause::OrderBy => {
                out.push_str("order by ");
                for (i, item) in q.order_by.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    exprs::path(out, &item.path);
                    exprs::direction(out, item.direction);
                }
            }
            Clause::Limit => {
                if let Some(limit) = &q.limit {
                    out.push_str("limit ");
                    out.push_str(&limit.raw);
                }
            }
            Clause::Count => out.push_str("count"),
            Clause::IncludingDeleted => out.push_str("including deleted"),
            Clause::Rate => {
                if let Some(rate) = &q.rate {
                    out.push_str("rate ");
                    exprs::rate(out, rate);
                }
            }
        }
    }
}

/// The clauses `q` has, in canonical order, each with the source span of its content;
/// the first is always `from`.
fn clauses(q: &QueryDecl) -> Vec<(Clause, Span)> {
    let order_by = q
        .order_by
        .first()
        .zip(q.order_by.last())
        .map(|(first, last)| first.span.to(last.span));
    [
        (Clause::From, Some(q.from.span)),
        (Clause::Where, q.filter.as_ref().map(|f| f.span)),
        (Clause::Traversal, q.traversal.as_ref().map(|t| t.span)),
        (Clause::OrderBy, order_by),
        (Clause::Limit, q.limit.as_ref().map(|l| l.span)),
        (Clause::Count, q.count),
        (Clause::IncludingDeleted, q.including_deleted),
        (Clause::Rate, q.rate.as_ref().map(|r| r.span)),
    ]
    .into_iter()
    .filter_map(|(clause, span)| Some((clause, span?)))
    .collect()
}

/// The offset of the brace `brace` at or after `from`, skipping whitespace and comments.
/// Only on a tree whose spans do not match its source (which the parser never returns)
/// is it not found there; the brace is then looked for by a plain search within `span`.
fn find_brace(source: &str, from: usize, brace: u8, span: Span) -> usize {
    let bytes = source.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        if b == brace {
            return i;
        }
        if b.is_ascii_whitespace() {
            i += 1;
        } else if bytes.get(i..i + 2) == Some(b"//") {
            i += bytes[i..]
                .iter()
                .position(|&c| c == b'\n')
                .unwrap_or(bytes.len() - i);
        } else {
            break;
        }
    }
    let (lo, hi) = (span.start as usize, (span.end as usize).min(bytes.len()));
    let within = bytes.get(lo..hi).unwrap_or_default();
    let found = if brace == b'}' {
        within.iter().rposition(|&c| c == brace)
    } else {
        within.iter().position(|&c| c == brace)
    };
    found.map_or(from, |p| lo + p)
}

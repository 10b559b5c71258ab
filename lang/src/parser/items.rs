//! Top-level declarations: `use`, `enum`, `mixin`, `entity` (queries are in
//! [`super::queries`]), with their docs and attributes.

use super::{Builder, Rule};
use crate::ast::{
    Attribute, Doc, EntityDecl, EnumDecl, Item, Member, MixinDecl, UseDecl, UseTarget,
};
use crate::span::Span;
use pest::iterators::Pair;

impl Builder<'_, '_> {
    /// The items of the `file` pair. Consecutive top-level error lines form one region
    /// and get one diagnostic.
    pub(super) fn file_items(&mut self, root: Pair<'_, Rule>) -> Vec<Item> {
        let mut items = Vec::new();
        let mut region: Option<(usize, usize)> = None;
        let mut last_item_end = None;
        for pair in root.into_inner() {
            match pair.as_rule() {
                Rule::top_error => {
                    let (start, end) = (self.start(&pair), self.end(&pair));
                    region = Some(match region {
                        Some((first, _)) => (first, end),
                        None => (start, end),
                    });
                }
                Rule::EOI => {}
                _ => {
                    if let Some((start, end)) = region.take() {
                        self.top_level_error(start, end, last_item_end);
                    }
                    last_item_end = Some(self.end(&pair));
                    if let Some(item) = self.item(pair) {
                        items.push(item);
                    }
                }
            }
        }
        if let Some((start, end)) = region {
            self.top_level_error(start, end, last_item_end);
        }
        items
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Option<Item> {
        match pair.as_rule() {
            Rule::use_decl => Some(Item::Use(self.use_decl(pair))),
            Rule::enum_decl => Some(Item::Enum(self.enum_decl(pair))),
            Rule::mixin_decl => {
                let (doc, name, _, members, span) = self.block_decl(pair, "mixin");
                Some(Item::Mixin(MixinDecl {
                    doc,
                    name,
                    members,
                    span,
                }))
            }
            Rule::entity_decl => {
                let (doc, name, attrs, members, span) = self.block_decl(pair, "entity");
                Some(Item::Entity(EntityDecl {
                    doc,
                    name,
                    attrs,
                    members,
                    span,
                }))
            }
            Rule::query_decl => self.query_decl(pair).map(|q| Item::Query(Box::new(q))),
            _ => None,
        }
    }

    fn use_decl(&mut self, pair: Pair<'_, Rule>) -> UseDecl {
        let span = self.span(&pair);
        let mut target = UseTarget::Std(Vec::new());
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::use_std => {
                    let path = part
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::ident)
                        .map(|p| self.ident(p));
                    target = UseTarget::Std(path.collect());
                }
                Rule::string => {
                    let span = self.span(&part);
                    target = UseTarget::File {
                        path: super::exprs::string_value(part),
                        span,
                    };
                }
                _ => {}
            }
        }
        UseDecl { target, span }
    }

    pub(super) fn doc(&self, pair: Pair<'_, Rule>) -> Doc {
        let mut lines = Vec::new();
        let mut span: Option<Span> = None;
        for line in pair.into_inner() {
            let s = self.span(&line);
            span = Some(span.map_or(s, |prev| prev.to(s)));
            let text = &line.as_str()[3..];
            lines.push(text.strip_prefix(' ').unwrap_or(text));
        }
        Doc {
            text: lines.join("\n"),
            span: span.unwrap_or_else(|| self.span_of(0, 0)),
        }
    }

    pub(super) fn attribute(&mut self, pair: Pair<'_, Rule>) -> Attribute {
        let span = self.span(&pair);
        let mut name = None;
        let mut args = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::attr_name => {
                    let inner = part
                        .into_inner()
                        .next()
                        .expect("grammar: `@` is followed by a name");
                    name = Some(self.ident(inner));
                }
                Rule::attr_args => {
                    args = part
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::expr)
                        .map(|p| self.expr(p))
                        .collect();
                }
                _ => {}
            }
        }
        Attribute {
            name: name.expect("grammar: an attribute has a name"),
            args,
            span,
        }
    }

    fn enum_decl(&mut self, pair: Pair<'_, Rule>) -> EnumDecl {
        let end = self.end(&pair);
        let mut doc = None;
        let mut start = self.start(&pair);
        let mut name = None;
        let mut attrs = Vec::new();
        let mut variants = Vec::new();
        let mut open = None;
        let mut close_end = end;
        // Bad tokens on one line are reported together.
        let mut junk: Option<(usize, usize)> = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::doc => doc = Some(self.doc(part)),
                Rule::kw_enum => start = self.start(&part),
                Rule::ident => name = Some(self.ident(part)),
                Rule::attribute => attrs.push(self.attribute(part)),
                Rule::block_open => open = Some(self.span(&part)),
                Rule::variant => variants.push(self.ident(part)),
                Rule::enum_junk => {
                    let (from, to) = (self.start(&part), self.end(&part));
                    junk = match junk {
                        Some((js, je)) if !self.source[je..from].contains(['\n', '\r']) => {
                            Some((js, to))
                        }
                        Some((js, je)) => {
                            self.enum_junk_error(js, je, name.as_ref());
                            Some((from, to))
                        }
                        None => Some((from, to)),
                    };
                }
                Rule::block_close => {
                    if let Some((js, je)) = junk.take() {
                        self.enum_junk_error(js, je, name.as_ref());
                    }
                    close_end = self.block_close(part, open, "enum", name.as_ref());
                }
                _ => {}
            }
        }
        let name = name.expect("grammar: an enum has a name");
        EnumDecl {
            doc,
            name,
            attrs,
            variants,
            span: self.span_of(start, close_end),
        }
    }

    /// The shared shape of `mixin` and `entity`: doc, keyword, name, attributes, body.
    fn block_decl(
        &mut self,
        pair: Pair<'_, Rule>,
        keyword: &str,
    ) -> (
        Option<crate::ast::Doc>,
        crate::ast::Ident,
        Vec<Attribute>,
        Vec<Member>,
        Span,
    ) {
        let mut doc = None;
        let mut start = self.start(&pair);
        let mut end = self.end(&pair);
        let mut name = None;
        let mut attrs = Vec::new();
        let mut members = Vec::new();
        let mut open = None;
        let mut parts = pair.into_inner().peekable();
        while let Some(part) = parts.next() {
            match part.as_rule() {
                Rule::doc => doc = Some(self.doc(part)),
                Rule::kw_mixin | Rule::kw_entity => start = self.start(&part),
                Rule::ident => name = Some(self.ident(part)),
                Rule::attribute => attrs.push(self.attribute(part)),
                Rule::block_open => open = Some(self.span(&part)),
                Rule::line_error => {
                    let next_is_error = parts
                        .peek()
                        .is_some_and(|p| p.as_rule() == Rule::line_error);
                    self.member_line_error(&part, next_is_error);
                }
                Rule::block_close => end = self.block_close(part, open, keyword, name.as_ref()),
                _ => members.push(self.member(part)),
            }
        }
        let name = name.expect("grammar: a declaration has a name");
        (doc, name, attrs, members, self.span_of(start, end))
    }
}

//! The typed syntax tree of one `.schema` file. Every node has a [`Span`].
//!
//! The tree keeps what the user wrote, not what it means: type names are plain
//! identifiers (the compiler decides whether `OrderStatus` is an enum), relation fields
//! keep their field name (`user`, not `user_id`) and numbers keep their raw text (`2M`).
//! Equality compares spans too, so tests that compare trees "without spans" compare
//! their serialized form with every `span` key removed.

use crate::span::{FileId, Span};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// `/// text` lines directly above a declaration, joined with `\n`, without the `///`
/// and with one leading space removed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Doc {
    pub text: String,
    pub span: Span,
}

/// A `// comment` (not a doc comment). Comments are not in the tree; the parser returns
/// them beside it so the formatter can put them back.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comment {
    /// The text after `//`, verbatim.
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceFile {
    pub file: FileId,
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
}

/// A declaration. A query is boxed: it is three times the size of any other
/// declaration, and a large project's list of items holds thousands of entities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Item {
    Use(UseDecl),
    Enum(EnumDecl),
    Mixin(MixinDecl),
    Entity(EntityDecl),
    Query(Box<QueryDecl>),
}

/// `use std.timestamps` or `use "./billing.schema"`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UseDecl {
    pub target: UseTarget,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum UseTarget {
    /// `std.a.b`: the path after `std`, e.g. `["timestamps"]`.
    Std(Vec<Ident>),
    /// A relative file path, as written inside the quotes.
    File { path: String, span: Span },
}

/// `@name` or `@name(arg, ...)`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribute {
    pub name: Ident,
    pub args: Vec<Expr>,
    pub span: Span,
}

/// `enum OrderStatus @native { pending paid }`: variants separated by whitespace or
/// newlines; attributes between the name and the brace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnumDecl {
    pub doc: Option<Doc>,
    pub name: Ident,
    pub attrs: Vec<Attribute>,
    pub variants: Vec<Ident>,
    pub span: Span,
}

/// `mixin Timestamps { ...members... }`. A mixin holds the same members as an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MixinDecl {
    pub doc: Option<Doc>,
    pub name: Ident,
    pub members: Vec<Member>,
    pub span: Span,
}

/// `entity User @table("people") { ...members... }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityDecl {
    pub doc: Option<Doc>,
    pub name: Ident,
    pub attrs: Vec<Attribute>,
    pub members: Vec<Member>,
    pub span: Span,
}

/// One line of an entity or mixin body.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Member {
    Field(Field),
    /// `with Timestamps, SoftDelete`
    With {
        mixins: Vec<Ident>,
        span: Span,
    },
    /// `scale rows 2M growth 50k/month`
    Scale(ScaleDecl),
    /// `primary key (order, product)`
    PrimaryKey {
        columns: Vec<Ident>,
        span: Span,
    },
    /// `unique (tenant, slug)`
    Unique {
        columns: Vec<Ident>,
        span: Span,
    },
    /// `index (product, quantity desc) where quantity > 10`
    Index(IndexDecl),
    /// `check (quantity > 0)`
    Check {
        expr: Expr,
        span: Span,
    },
    /// `audit`
    Audit {
        span: Span,
    },
    /// `tree` or `tree closure` (strategy names are not checked by the parser).
    Tree {
        strategy: Option<Ident>,
        span: Span,
    },
    /// `timeseries on recorded_at every month retain 13 months`
    Timeseries(TimeseriesDecl),
    /// `distribute by tenant`
    DistributeBy {
        column: Ident,
        span: Span,
    },
}

impl Member {
    pub fn span(&self) -> Span {
        match self {
            Member::Field(f) => f.span,
            Member::With { span, .. }
            | Member::PrimaryKey { span, .. }
            | Member::Unique { span, .. }
            | Member::Check { span, .. }
            | Member::Audit { span }
            | Member::Tree { span, .. }
            | Member::DistributeBy { span, .. } => *span,
            Member::Scale(s) => s.span,
            Member::Index(i) => i.span,
            Member::Timeseries(t) => t.span,
        }
    }
}

/// `name type modifiers...`. Modifiers may come in any order in the source; the
/// formatter prints them as: default, unique, checks, attributes.
///
/// The doc comment and the default are boxed: most fields have neither, and a large
/// project holds hundreds of thousands of fields (each inline one cost a field a
/// third more memory).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub doc: Option<Box<Doc>>,
    pub name: Ident,
    pub ty: TypeRef,
    /// `= expr`
    pub default: Option<Box<Expr>>,
    /// `unique`: the span of the keyword.
    pub unique: Option<Span>,
    /// `check (expr)`, possibly several.
    pub checks: Vec<Expr>,
    /// `@was(old)`, `@deprecated`, `@on_update`, `@native`, `@exclusive_arcs`, ...
    pub attrs: Vec<Attribute>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeRef {
    pub kind: TypeKind,
    /// A trailing `?`.
    pub nullable: bool,
    pub span: Span,
}

impl TypeRef {
    /// The type named `name`, without arguments or `?` yet: where both parsers start.
    pub fn named(name: Ident) -> TypeRef {
        TypeRef {
            span: name.span,
            kind: TypeKind::Named {
                name,
                args: Vec::new(),
            },
            nullable: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeKind {
    /// `text`, `string(255)`, `decimal(12,2)`, `OrderStatus`: a name with optional
    /// integer arguments. The compiler decides whether it is a builtin or an enum.
    Named { name: Ident, args: Vec<Number> },
    /// `E[]`
    Array(Box<TypeRef>),
    /// `-> User on delete cascade`, `-> Post | Photo | Video`
    Relation(Relation),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Relation {
    /// One target is a plain reference; two or more is a polymorphic association.
    pub targets: Vec<Ident>,
    pub on_delete: Option<(RefAction, Span)>,
    pub on_update: Option<(RefAction, Span)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RefAction {
    Cascade,
    Restrict,
    SetNull,
    SetDefault,
    NoAction,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScaleDecl {
    pub rows: Number,
    pub growth: Option<Rate>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexDecl {
    pub columns: Vec<IndexColumn>,
    pub predicate: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexColumn {
    pub name: Ident,
    pub direction: Option<Direction>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Direction {
    Asc,
    Desc,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeseriesDecl {
    pub column: Ident,
    /// `every month`: the partition interval word as written (`day`, `week`, `month`, ...).
    pub every: Option<Ident>,
    pub retain: Option<Duration>,
    pub span: Span,
}

/// A number with an optional `k`/`M`/`B` suffix: `50k`, `2M`, `0.5`, `20`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Number {
    /// The text as written, e.g. `2M`.
    pub raw: String,
    /// The value with the suffix applied, e.g. `2000000.0`.
    pub value: f64,
    pub span: Span,
}

/// `5000/s`, `30/min`, `2M/day`, `50k/month`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rate {
    pub count: Number,
    /// The unit as written after `/`: `s`, `min`, `h`, `day`, `week`, `month`, `year`.
    pub per: Ident,
    pub span: Span,
}

/// `90 days`, `13 months`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Duration {
    pub count: Number,
    /// The unit word as written: `day`/`days`, `week(s)`, `month(s)`, `year(s)`, `hour(s)`.
    pub unit: Ident,
    pub span: Span,
}

/// A query the application runs.
///
/// Block form:
/// ```text
/// query recent_orders {
///   from Order
///   where user = ? and status in ?
///   order by placed_at desc
///   limit 20
///   rate 5000/s
/// }
/// ```
/// One-line form: `query by_email: User where email = ? rate 800/s`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueryDecl {
    pub doc: Option<Doc>,
    pub name: Ident,
    pub form: QueryForm,
    pub from: Ident,
    pub filter: Option<Expr>,
    /// `descendants of ?`, `ancestors of ?`, `children of ?`
    pub traversal: Option<Traversal>,
    pub order_by: Vec<OrderItem>,
    pub limit: Option<Number>,
    /// `count`: the span of the keyword.
    pub count: Option<Span>,
    /// `including deleted`: the span of the two words.
    pub including_deleted: Option<Span>,
    pub rate: Option<Rate>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum QueryForm {
    Block,
    Line,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Traversal {
    pub kind: TraversalKind,
    /// The node: `?` or a literal.
    pub of: Expr,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TraversalKind {
    Descendants,
    Ancestors,
    Children,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrderItem {
    /// A field or a path (`user.name`).
    pub path: Vec<Ident>,
    pub direction: Option<Direction>,
    pub span: Span,
}

/// Expressions: defaults, `check (..)`, index predicates, query filters and attribute
/// arguments all share this one small language. Each use site checks what it allows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ExprKind {
    Literal(Literal),
    /// `?`: a query parameter.
    Param,
    /// `email`, `user.email`
    Path(Vec<Ident>),
    /// `now()`, `lower(email)`
    Call {
        func: Ident,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `x between a and b`
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
    },
    /// `x is null`, `x is not null`
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `(1, 2, 3)` after `in`, or `[1, 2]` as an array literal.
    List(Vec<Expr>),
    /// `{}` or `{"a": 1}`: a JSON object literal, kept as its entries.
    Object(Vec<(String, Expr)>),
    /// Parentheses the user wrote, kept so the formatter reprints them.
    Paren(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Literal {
    Number(Number),
    String(String),
    Bool(bool),
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    StartsWith,
    Contains,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

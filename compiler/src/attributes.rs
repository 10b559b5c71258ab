//! The attributes the language knows, where each may appear, and a walk over every
//! attribute a project wrote.

use crate::project::Project;
use crate::resolve::Model;
use schemac_lang::ast::{Attribute, Field, Item, Member};

/// What an attribute is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Entity,
    Enum,
    Field,
}

impl Place {
    pub fn describe(self) -> &'static str {
        match self {
            Place::Entity => "an entity",
            Place::Enum => "an enum",
            Place::Field => "a field",
        }
    }
}

/// The arguments an attribute takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Args {
    None,
    /// Exactly one string literal.
    OneString,
    /// Exactly one name: an identifier or a string literal.
    OneName,
    /// Nothing, or one string literal (a reason).
    OptionalString,
    /// One or more non-empty string literals.
    Strings,
    /// A dialect name (`postgres`, `mysql`, `sqlite`), then one or more statements, all
    /// string literals. The attribute may be repeated (one per dialect).
    DialectAndStatements,
}

/// The dialect names `@sql(..)` takes: `mysql` covers MySQL and MariaDB.
pub const SQL_DIALECTS: &[&str] = &["postgres", "mysql", "sqlite"];

pub struct Spec {
    pub name: &'static str,
    pub places: &'static [Place],
    pub args: Args,
    /// How to write it, for hints.
    pub usage: &'static str,
}

pub const KNOWN: &[Spec] = &[
    Spec {
        name: "table",
        places: &[Place::Entity],
        args: Args::OneString,
        usage: "@table(\"legacy_name\") on an entity",
    },
    Spec {
        name: "was",
        places: &[Place::Entity, Place::Enum, Place::Field],
        args: Args::OneName,
        usage: "@was(old_name)",
    },
    Spec {
        name: "deprecated",
        places: &[Place::Entity, Place::Enum, Place::Field],
        args: Args::OptionalString,
        usage: "@deprecated or @deprecated(\"reason\")",
    },
    Spec {
        name: "on_update",
        places: &[Place::Field],
        args: Args::None,
        usage: "@on_update on a date/time field",
    },
    Spec {
        name: "native",
        places: &[Place::Enum, Place::Field],
        args: Args::None,
        usage: "@native on an enum or an enum-typed field",
    },
    Spec {
        name: "exclusive_arcs",
        places: &[Place::Field],
        args: Args::None,
        usage: "@exclusive_arcs on a polymorphic relation `-> A | B`",
    },
    Spec {
        name: "allow",
        places: &[Place::Entity],
        args: Args::Strings,
        usage: "@allow(\"L0003\") on an entity: lint codes that entity allows",
    },
    Spec {
        name: "sql",
        places: &[Place::Entity],
        args: Args::DialectAndStatements,
        usage: "@sql(\"postgres\", \"CREATE INDEX ...\") on an entity: statements for one dialect (postgres, mysql or sqlite), emitted verbatim after every table and index",
    },
    Spec {
        name: "column",
        places: &[Place::Field],
        args: Args::OneString,
        usage: "@column(\"artist_id\") on a field or a single-column relation: the column's name",
    },
];

pub fn spec(name: &str) -> Option<&'static Spec> {
    KNOWN.iter().find(|s| s.name == name)
}

/// One written attribute with what it is attached to (`field` for fields).
pub struct Site<'a> {
    pub attr: &'a Attribute,
    pub place: Place,
    /// All attributes of the same declaration, for repetition checks.
    pub siblings: &'a [Attribute],
    pub field: Option<&'a Field>,
}

/// Every attribute in every file (mixin fields included, once each), in source order.
/// The model collects them once; see [`for_each`].
pub fn collect<'a>(project: &'a Project) -> Vec<Site<'a>> {
    let mut sites = Vec::new();
    let fields = |members: &'a [Member], sites: &mut Vec<Site<'a>>| {
        for member in members {
            let Member::Field(field) = member else {
                continue;
            };
            for attr in &field.attrs {
                sites.push(Site {
                    attr,
                    place: Place::Field,
                    siblings: &field.attrs,
                    field: Some(field),
                });
            }
        }
    };
    for file in &project.files {
        for item in &file.ast.items {
            match item {
                Item::Entity(e) => {
                    for attr in &e.attrs {
                        sites.push(Site {
                            attr,
                            place: Place::Entity,
                            siblings: &e.attrs,
                            field: None,
                        });
                    }
                    fields(&e.members, &mut sites);
                }
                Item::Mixin(m) => fields(&m.members, &mut sites),
                Item::Enum(e) => {
                    for attr in &e.attrs {
                        sites.push(Site {
                            attr,
                            place: Place::Enum,
                            siblings: &e.attrs,
                            field: None,
                        });
                    }
                }
                Item::Use(_) | Item::Query(_) => {}
            }
        }
    }
    sites
}

/// Calls `f` for every attribute the project wrote.
pub fn for_each<'a>(model: &Model<'a>, mut f: impl FnMut(&Site<'a>)) {
    for site in model.attributes() {
        f(site);
    }
}

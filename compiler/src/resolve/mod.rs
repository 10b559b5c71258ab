//! Name resolution: one symbol table for all files of a project, and every entity with
//! its mixins flattened and its field types resolved.
//!
//! Resolution reports nothing itself. What it cannot resolve it records as such (an
//! unknown type becomes [`FieldType::Unknown`], an unknown mixin is skipped) and the
//! checks in [`crate::checks`] report it, each under its own code. Lowering then only
//! runs on a model without errors.

mod entity;
pub mod keys;
pub mod literals;
pub mod path;
pub mod sites;
pub mod types;

pub use entity::{Entity, EntityField, EntityMember, Leaf};
pub use keys::KeyColumn;
pub use types::FieldType;

use crate::attributes;
use crate::hashing::FxHashMap as HashMap;
use crate::project::{FileOrigin, Project, ProjectFile};
use schemac_lang::ast::{EnumDecl, Item, MixinDecl, QueryDecl};

/// The resolved view of a project that checks and lowering work on.
pub struct Model<'a> {
    pub project: &'a Project,
    /// Entities in declaration order (files in the project's order). A duplicate
    /// declaration is left out: the first one wins.
    pub entities: Vec<Entity<'a>>,
    entity_index: HashMap<&'a str, usize>,
    /// Enums in declaration order, first declaration of a name only.
    pub enums: Vec<&'a EnumDecl>,
    enum_index: HashMap<&'a str, usize>,
    /// Mixins by name: the user's first, then the stdlib prelude for names the user did
    /// not declare.
    mixins: HashMap<&'a str, &'a MixinDecl>,
    /// Queries in declaration order, first declaration of a name only.
    pub queries: Vec<&'a QueryDecl>,
    /// Every expression site, collected once (see [`sites::for_each`]).
    sites: Vec<sites::StoredSite<'a>>,
    /// `(entity, field)` positions of the fields that have a default.
    defaults: Vec<(usize, usize)>,
    /// Every attribute written in the project.
    attributes: Vec<attributes::Site<'a>>,
}

impl<'a> Model<'a> {
    pub fn build(project: &'a Project) -> Model<'a> {
        // Collecting the attributes is a walk over every member on one core, which
        // nothing in the rest of the model needs: on a large project it runs beside it.
        let items: usize = project.files.iter().map(|f| f.ast.items.len()).sum();
        let (attributes, mut model) = crate::parallel::beside(
            items >= crate::parallel::MIN_PARALLEL_ITEMS,
            || attributes::collect(project),
            || Model::without_attributes(project, items),
        );
        model.attributes = attributes;
        model
    }

    /// The model of `project`, which declares `items` items in all, but for its
    /// attribute sites.
    fn without_attributes(project: &'a Project, items: usize) -> Model<'a> {
        let mut model = Model {
            project,
            entities: Vec::new(),
            entity_index: HashMap::with_capacity_and_hasher(items, Default::default()),
            enums: Vec::new(),
            enum_index: HashMap::default(),
            mixins: HashMap::default(),
            queries: Vec::new(),
            sites: Vec::new(),
            defaults: Vec::new(),
            attributes: Vec::new(),
        };
        let mut query_names = crate::hashing::FxHashSet::default();
        let mut entity_decls = Vec::with_capacity(items);
        // User files first so that a user's mixin shadows the stdlib's of the same name.
        let user = project
            .files
            .iter()
            .filter(|f| f.origin == FileOrigin::User);
        let stdlib = project
            .files
            .iter()
            .filter(|f| f.origin != FileOrigin::User);
        for file in user.chain(stdlib) {
            for item in &file.ast.items {
                match item {
                    Item::Enum(e) => {
                        if !model.enum_index.contains_key(e.name.name.as_str()) {
                            model.enum_index.insert(&e.name.name, model.enums.len());
                            model.enums.push(e);
                        }
                    }
                    Item::Mixin(m) => {
                        model.mixins.entry(&m.name.name).or_insert(m);
                    }
                    Item::Entity(e) => {
                        if !model.entity_index.contains_key(e.name.name.as_str()) {
                            model.entity_index.insert(&e.name.name, entity_decls.len());
                            entity_decls.push(e);
                        }
                    }
                    Item::Query(q) => {
                        if query_names.insert(q.name.name.as_str()) {
                            model.queries.push(q);
                        }
                    }
                    Item::Use(_) => {}
                }
            }
        }
        let numbered: Vec<_> = entity_decls.into_iter().enumerate().collect();
        let (entities, sites): (Vec<_>, Vec<_>) = crate::parallel::map(&numbered, |&(e, decl)| {
            let entity = entity::flatten(&model, decl);
            let sites = sites::of_entity(e, &entity);
            (entity, sites)
        })
        .into_iter()
        .unzip();
        model.entities = entities;
        keys::compute_primary_keys(&mut model);
        (model.sites, model.defaults) = sites::collect(&model, sites);
        model
    }

    pub fn entity_id(&self, name: &str) -> Option<usize> {
        self.entity_index.get(name).copied()
    }

    pub fn entity(&self, name: &str) -> Option<&Entity<'a>> {
        self.entity_id(name).map(|i| &self.entities[i])
    }

    /// The target entity of a single-target relation field.
    pub fn target(&self, field: &EntityField) -> Option<&Entity<'a>> {
        field.target.map(|i| &self.entities[i])
    }

    /// Every attribute written in the project, with where it is attached.
    pub(crate) fn attributes(&self) -> &[attributes::Site<'a>] {
        &self.attributes
    }

    /// Every field that has a default.
    pub fn fields_with_defaults(&self) -> impl Iterator<Item = &EntityField<'a>> {
        self.defaults
            .iter()
            .map(|&(e, f)| &self.entities[e].fields[f])
    }

    pub fn enum_id(&self, name: &str) -> Option<usize> {
        self.enum_index.get(name).copied()
    }

    pub fn mixin(&self, name: &str) -> Option<&'a MixinDecl> {
        self.mixins.get(name).copied()
    }

    /// Every name a type position can refer to (builtins, enums, entities), for
    /// "did you mean" suggestions.
    pub fn type_names(&self) -> impl Iterator<Item = &str> {
        types::BUILTIN_NAMES
            .iter()
            .copied()
            .chain(self.enum_index.keys().copied())
    }

    pub fn entity_names(&self) -> impl Iterator<Item = &str> {
        self.entity_index.keys().copied()
    }

    pub fn mixin_names(&self) -> impl Iterator<Item = &str> {
        self.mixins.keys().copied()
    }

    /// The user's files, then the stdlib's, as given.
    pub fn files(&self) -> &'a [ProjectFile] {
        &self.project.files
    }
}

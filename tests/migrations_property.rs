//! Random evolutions: a small random schema, then two to four random safe changes, each
//! built with `schemac build` and applied with the real `schemac apply`. On each engine
//! the migrated database must hold the schema of a fresh database created from the last
//! version's full DDL, and every row inserted before a step must still be there after
//! it (checked by the replay harness).

mod migrations_support;

use migrations_support::{replay_on, v, Expect, Version};
use proptest::prelude::*;

const ENTITIES: [&str; 6] = [
    "Customer", "Product", "Invoice", "Supplier", "Shipment", "Note",
];

/// A scalar type of the vocabulary.
#[derive(Clone, Copy, Debug)]
enum Ty {
    Int,
    BigInt,
    Str(u32),
    Text,
    Bool,
    Decimal,
    Date,
    Timestamptz,
}

impl Ty {
    fn from_choice(n: u8) -> Ty {
        match n % 8 {
            0 => Ty::Int,
            1 => Ty::BigInt,
            2 => Ty::Str(20 + u32::from(n % 5) * 10),
            3 => Ty::Text,
            4 => Ty::Bool,
            5 => Ty::Decimal,
            6 => Ty::Date,
            _ => Ty::Timestamptz,
        }
    }

    fn source(self) -> String {
        match self {
            Ty::Int => "int".into(),
            Ty::BigInt => "bigint".into(),
            Ty::Str(n) => format!("string({n})"),
            Ty::Text => "text".into(),
            Ty::Bool => "bool".into(),
            Ty::Decimal => "decimal(10,2)".into(),
            Ty::Date => "date".into(),
            Ty::Timestamptz => "timestamptz".into(),
        }
    }

    /// A constant default that every check of this vocabulary accepts.
    fn default(self) -> Option<&'static str> {
        match self {
            Ty::Int | Ty::BigInt => Some("3"),
            Ty::Str(_) => Some("'d'"),
            Ty::Bool => Some("false"),
            Ty::Decimal => Some("1.5"),
            _ => None,
        }
    }

    /// Types an index may cover on every engine (MySQL cannot index TEXT whole).
    fn indexable(self) -> bool {
        !matches!(self, Ty::Text)
    }
}

#[derive(Clone, Debug)]
enum Kind {
    Scalar(Ty),
    /// A relation to the entity at this index (an earlier one, or itself).
    Relation(usize),
}

#[derive(Clone, Debug)]
struct Field {
    name: String,
    kind: Kind,
    nullable: bool,
    default: Option<&'static str>,
    unique: bool,
    check: bool,
    deprecated: bool,
}

#[derive(Clone, Debug)]
struct Entity {
    name: &'static str,
    fields: Vec<Field>,
    indexes: Vec<String>,
    /// The next number for a field name.
    next: usize,
}

#[derive(Clone, Debug, Default)]
struct Model {
    entities: Vec<Entity>,
}

impl Model {
    fn source(&self) -> String {
        let mut out = String::new();
        for e in &self.entities {
            out.push_str(&format!("entity {} {{\n", e.name));
            for f in &e.fields {
                let ty = match f.kind {
                    Kind::Scalar(ty) => ty.source(),
                    Kind::Relation(target) => format!("-> {}", self.entities[target].name),
                };
                out.push_str(&format!("  {} {ty}", f.name));
                if f.nullable {
                    out.push('?');
                }
                if let Some(default) = f.default {
                    out.push_str(&format!(" = {default}"));
                }
                if f.unique {
                    out.push_str(" unique");
                }
                if f.check {
                    out.push_str(&format!(" check ({} >= 0)", f.name));
                }
                if f.deprecated {
                    out.push_str(" @deprecated");
                }
                out.push('\n');
            }
            for index in &e.indexes {
                out.push_str(&format!("  index ({index})\n"));
            }
            out.push_str("}\n");
        }
        out
    }

    /// Adds an entity with `fields` random fields; relations point to earlier entities
    /// (or itself, nullable), so that rows can always be inserted in order.
    fn add_entity(&mut self, choices: &[u8]) {
        let index = self.entities.len();
        let mut entity = Entity {
            name: ENTITIES[index],
            fields: Vec::new(),
            indexes: Vec::new(),
            next: 0,
        };
        for &c in choices {
            let kind = if c % 5 == 4 {
                Kind::Relation(usize::from(c / 5) % (index + 1))
            } else {
                Kind::Scalar(Ty::from_choice(c / 5))
            };
            let self_reference = matches!(kind, Kind::Relation(t) if t == index);
            let nullable = self_reference || c % 3 == 0;
            let default = match kind {
                Kind::Scalar(ty) if c % 2 == 0 => ty.default(),
                _ => None,
            };
            entity.push(kind, nullable, default);
        }
        self.entities.push(entity);
    }

    /// Applies one random safe change; returns what `build` must do with it.
    fn change(&mut self, kind: u8, a: u8, b: u8) -> Expect {
        let pick = |n: usize, x: u8| usize::from(x) % n.max(1);
        if self.entities.is_empty() {
            self.add_entity(&[a, b]);
            return Expect::Written;
        }
        let e = pick(self.entities.len(), a);
        match kind % 9 {
            0 if self.entities.len() < ENTITIES.len() => {
                self.add_entity(&[a, b, a.wrapping_add(b)]);
                Expect::Written
            }
            1 => {
                let entity = &mut self.entities[e];
                entity.push(Kind::Scalar(Ty::from_choice(b)), true, None);
                Expect::Written
            }
            2 => {
                let ty = [Ty::Int, Ty::Str(30), Ty::Bool, Ty::Decimal][pick(4, b)];
                self.entities[e].push(Kind::Scalar(ty), false, ty.default());
                Expect::Written
            }
            3 => {
                let entity = &mut self.entities[e];
                let candidates: Vec<String> = entity
                    .fields
                    .iter()
                    .filter(|f| matches!(f.kind, Kind::Scalar(ty) if ty.indexable()))
                    .filter(|f| !entity.indexes.contains(&f.name))
                    .map(|f| f.name.clone())
                    .collect();
                if candidates.is_empty() {
                    return self.change(1, a, b);
                }
                entity
                    .indexes
                    .push(candidates[pick(candidates.len(), b)].clone());
                Expect::Written
            }
            4 => {
                let entity = &mut self.entities[e];
                entity.push(Kind::Scalar(Ty::Str(40)), true, None);
                entity.fields.last_mut().expect("just pushed").unique = true;
                Expect::Written
            }
            5 => {
                let entity = &mut self.entities[e];
                let strings: Vec<usize> = (0..entity.fields.len())
                    .filter(|&i| matches!(entity.fields[i].kind, Kind::Scalar(Ty::Str(_))))
                    .collect();
                let Some(&i) = strings.get(pick(strings.len(), b)) else {
                    return self.change(1, a, b);
                };
                if let Kind::Scalar(Ty::Str(n)) = &mut entity.fields[i].kind {
                    *n += 10 + u32::from(b % 4) * 40;
                }
                Expect::Written
            }
            6 => {
                let entity = &mut self.entities[e];
                let numbers: Vec<usize> = (0..entity.fields.len())
                    .filter(|&i| {
                        let f = &entity.fields[i];
                        !f.check && matches!(f.kind, Kind::Scalar(Ty::Int | Ty::BigInt))
                    })
                    .collect();
                let Some(&i) = numbers.get(pick(numbers.len(), b)) else {
                    return self.change(1, a, b);
                };
                entity.fields[i].check = true;
                Expect::Written
            }
            7 => {
                let target = pick(e + 1, b);
                self.entities[e].push(Kind::Relation(target), true, None);
                Expect::Written
            }
            _ => {
                let entity = &mut self.entities[e];
                let live: Vec<usize> = (0..entity.fields.len())
                    .filter(|&i| !entity.fields[i].deprecated)
                    .collect();
                let Some(&i) = live.get(pick(live.len(), b)) else {
                    return self.change(1, a, b);
                };
                entity.fields[i].deprecated = true;
                Expect::Unchanged
            }
        }
    }
}

impl Entity {
    fn push(&mut self, kind: Kind, nullable: bool, default: Option<&'static str>) {
        self.next += 1;
        let prefix = match kind {
            Kind::Scalar(_) => "f",
            Kind::Relation(_) => "ref",
        };
        self.fields.push(Field {
            name: format!("{prefix}{}", self.next),
            kind,
            nullable,
            default,
            unique: false,
            check: false,
            deprecated: false,
        });
    }
}

/// The versions of one random evolution.
fn evolution() -> impl Strategy<Value = Vec<Version>> {
    (
        prop::collection::vec(prop::collection::vec(any::<u8>(), 1..4), 2..5),
        prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 2..5),
    )
        .prop_map(|(entities, changes)| {
            let mut model = Model::default();
            for fields in entities.iter().take(4) {
                model.add_entity(fields);
            }
            let mut versions = vec![v(&model.source())];
            for (kind, a, b) in changes {
                let expect = model.change(kind, a, b);
                versions.push(v(&model.source()).expect(expect));
            }
            versions
        })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 20,
        // Shrinking replays on real databases: keep it short. A failing case is saved
        // under `tests/proptest-regressions/` and replayed first by later runs.
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_safe_evolutions_on_postgres(versions in evolution()) {
        replay_on(&versions, &["postgres"]);
    }

    #[test]
    fn random_safe_evolutions_on_mariadb(versions in evolution()) {
        replay_on(&versions, &["mysql"]);
    }

    #[test]
    fn random_safe_evolutions_on_sqlite(versions in evolution()) {
        replay_on(&versions, &["sqlite"]);
    }
}

//! The `.schema` modules shipped inside the binary. `use std.<module>` names one of
//! them; all of them are a prelude, so their mixins resolve without a `use` as well.

/// `(module name, source)` for every stdlib module, in a fixed order.
pub const MODULES: &[(&str, &str)] = &[
    ("timestamps", include_str!("../schema/timestamps.schema")),
    ("soft_delete", include_str!("../schema/soft_delete.schema")),
];

/// The source of `std.<module>`, if there is such a module.
pub fn module(name: &str) -> Option<&'static str> {
    MODULES
        .iter()
        .find(|(m, _)| *m == name)
        .map(|(_, src)| *src)
}

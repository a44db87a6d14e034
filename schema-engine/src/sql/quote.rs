//! Quoting for the renderers: the leaf [`crate::quote`] functions and the
//! compound forms built on them.

pub use crate::quote::{ident, literal};
use crate::model::QualifiedName;

/// A schema-qualified name, each part quoted by [`ident`].
pub fn qualified(name: &QualifiedName) -> String {
    format!("{}.{}", ident(&name.schema), ident(&name.name))
}

/// A comma-separated list of identifiers, each quoted by [`ident`].
pub fn ident_list(names: &[String]) -> String {
    names.iter().map(|n| ident(n)).collect::<Vec<_>>().join(", ")
}


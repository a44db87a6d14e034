//! Comparing two schema models — typically the declared one and one introspected
//! from a live database — and listing every difference in plain words.
//!
//! Objects are matched by name, never by position, so declaration order and
//! catalog order do not matter. SQL expressions are compared through
//! [`crate::expr::normalize`], because Postgres stores them rewritten. What only
//! declarations carry (prerequisites, RLS opt-out reasons) and the caller's
//! settings (API roles, exposed schemas) are not compared. Neither are a view's
//! body and group (see [`view`] for why).

mod function;

pub use function::schedules;
mod table;
mod view;
#[cfg(test)]
mod tests;

use crate::model::{QualifiedName, Schema};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One way `actual` differs from `expected`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// What the difference is about.
    pub object: ObjectRef,
    /// How it differs.
    pub change: Change,
}

/// The object a difference is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectRef {
    /// What sort of object it is.
    pub kind: ObjectKind,
    /// The object's own name: schema-qualified for tables, views and functions,
    /// bare for what belongs to a table or view.
    pub name: String,
    /// The table a column, constraint, index, policy or trigger belongs to, or
    /// the view a view column belongs to.
    pub table: Option<QualifiedName>,
}

/// The kinds of object the differ compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Table,
    Column,
    Constraint,
    Index,
    Policy,
    Trigger,
    View,
    /// An output column of a view.
    ViewColumn,
    /// A cached view's rows.
    MaterializedView,
    Function,
}

/// What differs about the object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// Declared but not in the database.
    Missing,
    /// In the database but not declared.
    Extra,
    /// Both have it, but one property differs.
    Differs {
        /// The property, e.g. `default`, `row level security`, `privileges of anon`.
        property: String,
        /// The declared value, as displayed (SQL as written, `none` for nothing).
        expected: String,
        /// The value found.
        found: String,
    },
}

/// Every difference between `expected` and `actual`, grouped by object: tables
/// (in `expected`'s order, then extra ones), then views, materialized views, then functions.
///
/// Both sides are compared [lowered](Schema::lowered): a cached view's
/// materialized view and functions are expected like any declared object.
pub fn diff(expected: &Schema, actual: &Schema) -> Vec<Difference> {
    let (expected, actual) = (&expected.lowered(), &actual.lowered());
    let mut out = Differences::default();
    for pair in pair_by_name(&expected.tables, &actual.tables, |t| t.name.to_string()) {
        match pair {
            Paired::Missing(t) => out.push(ObjectRef::top(ObjectKind::Table, &t.name), Change::Missing),
            Paired::Extra(t) => out.push(ObjectRef::top(ObjectKind::Table, &t.name), Change::Extra),
            Paired::Both(e, a) => table::compare(&mut out, e, a),
        }
    }
    for pair in pair_by_name(&expected.views, &actual.views, |v| v.name.to_string()) {
        match pair {
            Paired::Missing(v) => out.push(ObjectRef::top(ObjectKind::View, &v.name), Change::Missing),
            Paired::Extra(v) => out.push(ObjectRef::top(ObjectKind::View, &v.name), Change::Extra),
            Paired::Both(e, a) => view::compare(&mut out, e, a),
        }
    }
    for pair in pair_by_name(&expected.materialized_views, &actual.materialized_views, |m| m.name.to_string()) {
        match pair {
            Paired::Missing(m) => out.push(ObjectRef::top(ObjectKind::MaterializedView, &m.name), Change::Missing),
            Paired::Extra(m) => out.push(ObjectRef::top(ObjectKind::MaterializedView, &m.name), Change::Extra),
            Paired::Both(e, a) => view::compare_materialized(&mut out, e, a),
        }
    }
    for pair in pair_by_name(&expected.functions, &actual.functions, |f| f.name.to_string()) {
        match pair {
            Paired::Missing(f) => out.push(ObjectRef::top(ObjectKind::Function, &f.name), Change::Missing),
            Paired::Extra(f) => out.push(ObjectRef::top(ObjectKind::Function, &f.name), Change::Extra),
            Paired::Both(e, a) => function::compare(&mut out, e, a),
        }
    }
    out.0
}

impl ObjectRef {
    /// A table, view or function.
    fn top(kind: ObjectKind, name: &QualifiedName) -> Self {
        Self { kind, name: name.to_string(), table: None }
    }

    /// Something that belongs to `table` (or to a view).
    fn on(kind: ObjectKind, name: &str, table: &QualifiedName) -> Self {
        Self { kind, name: name.to_owned(), table: Some(table.clone()) }
    }
}

impl ObjectKind {
    /// The kind as written in a difference (`index`, `column`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Column => "column",
            Self::Constraint => "constraint",
            Self::Index => "index",
            Self::Policy => "policy",
            Self::Trigger => "trigger",
            Self::View => "view",
            Self::ViewColumn => "view column",
            Self::MaterializedView => "materialized view",
            Self::Function => "function",
        }
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.as_str();
        match (&self.table, self.kind) {
            (Some(table), ObjectKind::Column | ObjectKind::ViewColumn) => write!(f, "{kind} {table}.{}", self.name),
            (Some(table), _) => write!(f, "{kind} {} on {table}", self.name),
            (None, _) => write!(f, "{kind} {}", self.name),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("missing"),
            Self::Extra => f.write_str("extra (not declared)"),
            Self::Differs { property, expected, found } => {
                write!(f, "{property} differs: expected {expected}, found {found}")
            }
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.change)
    }
}

/// The differences found so far.
#[derive(Default)]
struct Differences(Vec<Difference>);

impl Differences {
    fn push(&mut self, object: ObjectRef, change: Change) {
        self.0.push(Difference { object, change });
    }

    /// Records a property whose displayed values differ.
    fn property(&mut self, object: &ObjectRef, property: &str, expected: String, found: String) {
        if expected != found {
            self.push(object.clone(), Change::Differs { property: property.to_owned(), expected, found });
        }
    }

    /// Records an SQL expression that differs after normalization, showing both as written.
    fn expression(&mut self, object: &ObjectRef, property: &str, expected: Option<&str>, found: Option<&str>) {
        let normalized = |e: Option<&str>| e.map(crate::expr::normalize);
        if normalized(expected) != normalized(found) {
            let show = |e: Option<&str>| e.map_or_else(|| "none".to_owned(), str::to_owned);
            self.push(
                object.clone(),
                Change::Differs { property: property.to_owned(), expected: show(expected), found: show(found) },
            );
        }
    }

    /// Records a comment that differs.
    fn comment(&mut self, object: &ObjectRef, expected: &str, found: &str) {
        self.property(object, "comment", format!("{expected:?}"), format!("{found:?}"));
    }

    /// Pairs two lists by name and reports missing and extra members as `kind`
    /// objects on `table`, calling `compare` for members both have.
    fn members<T>(
        &mut self,
        kind: ObjectKind,
        table: &QualifiedName,
        expected: &[T],
        actual: &[T],
        name: impl Fn(&T) -> &str,
        mut compare: impl FnMut(&mut Self, &ObjectRef, &T, &T),
    ) {
        for pair in pair_by_name(expected, actual, |item| name(item).to_owned()) {
            match pair {
                Paired::Missing(item) => self.push(ObjectRef::on(kind, name(item), table), Change::Missing),
                Paired::Extra(item) => self.push(ObjectRef::on(kind, name(item), table), Change::Extra),
                Paired::Both(e, a) => compare(self, &ObjectRef::on(kind, name(e), table), e, a),
            }
        }
    }
}

enum Paired<'a, T> {
    Missing(&'a T),
    Extra(&'a T),
    Both(&'a T, &'a T),
}

/// Matches items by name: `expected`'s order first, then what only `actual` has.
fn pair_by_name<'a, T>(expected: &'a [T], actual: &'a [T], name: impl Fn(&T) -> String) -> Vec<Paired<'a, T>> {
    let mut pairs: Vec<Paired<'a, T>> = expected
        .iter()
        .map(|e| match actual.iter().find(|a| name(a) == name(e)) {
            Some(a) => Paired::Both(e, a),
            None => Paired::Missing(e),
        })
        .collect();
    pairs.extend(actual.iter().filter(|a| !expected.iter().any(|e| name(e) == name(a))).map(Paired::Extra));
    pairs
}

/// A list for display, `none` when empty.
fn list<T: AsRef<str>>(items: &[T]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", ")
    }
}

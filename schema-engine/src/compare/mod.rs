//! The one comparison of two catalogs, shared by drift and the migration planner.
//!
//! [`compare`] lists every way `new` differs from `old` as typed [`Change`]s:
//! an object added, removed or renamed, or one attribute altered, with both
//! values as displayed. Drift compares the declared catalog (old) with the
//! deployed one (new) and prints the changes; the planner compares the last
//! migration's snapshot with the declared catalog and turns the changes into
//! steps (see [`crate::plan`]). So whatever drift can see, a migration can
//! write, and the reverse.
//!
//! Objects are matched by name (functions by name and argument types), never
//! by position, so declaration order and catalog order do not matter. SQL
//! expressions are compared through [`crate::expr::normalize`], because
//! PostgreSQL stores them rewritten; view bodies by the server's own rendering
//! when both sides have one ([`crate::catalog::View::canonical`]).

mod attribute;
mod functions;
mod objects;
mod tables;
mod views;
#[cfg(test)]
mod tests;

pub use attribute::Attribute;

use crate::catalog::{Catalog, FunctionId};
use crate::model::{DefaultObjectType, Grant, Privilege, QualifiedName};
use serde::Serialize;
use std::fmt;

/// One way `new` differs from `old`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub object: Object,
    #[serde(flatten)]
    pub kind: ChangeKind,
}

/// What changed about the object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only `new` has it.
    Added,
    /// Only `old` has it.
    Removed,
    /// `new` has it under the object's name, `old` under `from` (a declared rename).
    Renamed { from: String },
    /// Both have it; one attribute differs.
    Altered {
        attribute: Attribute,
        /// The value in `old`, as displayed (`none` for nothing).
        old: String,
        /// The value in `new`.
        new: String,
    },
}

/// The object a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Object {
    Schema { name: String },
    Extension { name: String },
    Enum { name: QualifiedName },
    Table { name: QualifiedName },
    Column { table: QualifiedName, name: String },
    Constraint { table: QualifiedName, name: String },
    /// An index of a table or of a materialized view.
    Index { table: QualifiedName, name: String },
    Policy { table: QualifiedName, name: String },
    Trigger { table: QualifiedName, name: String },
    Sequence { name: QualifiedName },
    View { name: QualifiedName },
    MaterializedView { name: QualifiedName },
    /// An output column of a view or a materialized view.
    ViewColumn { view: QualifiedName, name: String },
    Function { id: FunctionId },
    DefaultPrivileges { role: String, schema: Option<String>, object_type: DefaultObjectType },
    Job { name: String },
}

impl Object {
    /// The kind as a report names it (`index`, `column`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Schema { .. } => "schema",
            Self::Extension { .. } => "extension",
            Self::Enum { .. } => "type",
            Self::Table { .. } => "table",
            Self::Column { .. } => "column",
            Self::Constraint { .. } => "constraint",
            Self::Index { .. } => "index",
            Self::Policy { .. } => "policy",
            Self::Trigger { .. } => "trigger",
            Self::Sequence { .. } => "sequence",
            Self::View { .. } => "view",
            Self::MaterializedView { .. } => "materialized view",
            Self::ViewColumn { .. } => "view column",
            Self::Function { .. } => "function",
            Self::DefaultPrivileges { .. } => "default privileges",
            Self::Job { .. } => "pg_cron job",
        }
    }

    /// The table (or view) the object belongs to, if it belongs to one.
    pub fn parent(&self) -> Option<&QualifiedName> {
        match self {
            Self::Column { table, .. }
            | Self::Constraint { table, .. }
            | Self::Index { table, .. }
            | Self::Policy { table, .. }
            | Self::Trigger { table, .. } => Some(table),
            Self::ViewColumn { view, .. } => Some(view),
            _ => None,
        }
    }
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind();
        match self {
            Self::Schema { name } | Self::Extension { name } | Self::Job { name } => write!(f, "{kind} {name}"),
            Self::Enum { name } | Self::Table { name } | Self::Sequence { name } | Self::View { name } | Self::MaterializedView { name } => {
                write!(f, "{kind} {name}")
            }
            Self::Column { table, name } => write!(f, "{kind} {table}.{name}"),
            Self::ViewColumn { view, name } => write!(f, "{kind} {view}.{name}"),
            Self::Constraint { table, name } | Self::Index { table, name } | Self::Policy { table, name } | Self::Trigger { table, name } => {
                write!(f, "{kind} {name} on {table}")
            }
            Self::Function { id } => write!(f, "{kind} {id}"),
            Self::DefaultPrivileges { role, schema, object_type } => {
                write!(f, "{kind} of {role} on {}", object_type.sql().to_lowercase())?;
                match schema {
                    Some(schema) => write!(f, " in schema {schema}"),
                    None => write!(f, " in every schema"),
                }
            }
        }
    }
}

impl fmt::Display for Change {
    /// As the planner sees it: old → new.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ChangeKind::Added => write!(f, "{}: added", self.object),
            ChangeKind::Removed => write!(f, "{}: removed", self.object),
            ChangeKind::Renamed { from } => write!(f, "{}: renamed from {from}", self.object),
            ChangeKind::Altered { attribute, old, new } => write!(f, "{}: {attribute}: {old} → {new}", self.object),
        }
    }
}

/// Declared renames, which two catalogs alone cannot tell from a drop and an add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// `(new name, old name)` of tables.
    pub tables: Vec<(QualifiedName, QualifiedName)>,
    /// `(table's new name, new column, old column)`.
    pub columns: Vec<(QualifiedName, String, String)>,
}

impl Renames {
    /// The old name of the table now called `new`.
    pub fn table_from(&self, new: &QualifiedName) -> Option<&QualifiedName> {
        self.tables.iter().find(|(n, _)| n == new).map(|(_, o)| o)
    }

    /// The old name of column `column` of the table now called `table`.
    pub fn column_from(&self, table: &QualifiedName, column: &str) -> Option<&str> {
        self.columns.iter().find(|(t, c, _)| t == table && c == column).map(|(_, _, o)| o.as_str())
    }

    /// The same renames seen from the other side (for planning a rollback).
    pub fn reversed(&self) -> Self {
        Self {
            tables: self.tables.iter().map(|(new, old)| (old.clone(), new.clone())).collect(),
            columns: self
                .columns
                .iter()
                .map(|(table, new, old)| (self.table_from(table).cloned().unwrap_or_else(|| table.clone()), old.clone(), new.clone()))
                .collect(),
        }
    }
}

/// Every way `new` differs from `old`: schemas, extensions and types first,
/// then tables (in `new`'s order, then removed ones), the project's triggers on
/// the platform's tables, sequences, views,
/// materialized views, functions, default privileges and pg_cron jobs.
pub fn compare(old: &Catalog, new: &Catalog, renames: &Renames) -> Vec<Change> {
    let mut out = Changes::default();
    objects::schemas(&mut out, old, new);
    objects::extensions(&mut out, old, new);
    objects::enums(&mut out, old, new);
    tables::tables(&mut out, old, new, renames);
    tables::provided_table_triggers(&mut out, old, new);
    objects::sequences(&mut out, old, new);
    views::views(&mut out, old, new);
    views::materialized_views(&mut out, old, new);
    functions::functions(&mut out, old, new);
    objects::default_privileges(&mut out, old, new);
    if old.has_jobs && new.has_jobs {
        objects::jobs(&mut out, old, new);
    }
    out.0
}

/// The changes found so far.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, object: Object, kind: ChangeKind) {
        self.0.push(Change { object, kind });
    }

    fn added(&mut self, object: Object) {
        self.push(object, ChangeKind::Added);
    }

    fn removed(&mut self, object: Object) {
        self.push(object, ChangeKind::Removed);
    }

    /// Records an attribute whose displayed values differ.
    fn attribute(&mut self, object: &Object, attribute: Attribute, old: String, new: String) {
        if old != new {
            self.push(object.clone(), ChangeKind::Altered { attribute, old, new });
        }
    }

    /// Records an attribute whose values differ, put into words by `show`
    /// only then: nearly every compared value is equal, and equal values
    /// display alike.
    fn differs<T: PartialEq + ?Sized>(&mut self, object: &Object, attribute: Attribute, old: &T, new: &T, show: impl Fn(&T) -> String) {
        if old != new {
            self.attribute(object, attribute, show(old), show(new));
        }
    }

    /// Records a flag that differs, displayed as `yes`/`no` words.
    fn flag(&mut self, object: &Object, attribute: Attribute, old: bool, new: bool, (yes, no): (&str, &str)) {
        self.differs(object, attribute, &old, &new, |on| if *on { yes } else { no }.to_owned());
    }

    /// Records an SQL expression that differs after normalization, showing both as written.
    fn expression(&mut self, object: &Object, attribute: Attribute, old: Option<&str>, new: Option<&str>) {
        // Normalizing tokenizes; the same text needs none.
        if old == new {
            return;
        }
        let normalized = |e: Option<&str>| e.map(crate::expr::normalize);
        if normalized(old) != normalized(new) {
            let show = |e: Option<&str>| e.map_or_else(|| "none".to_owned(), str::to_owned);
            self.push(object.clone(), ChangeKind::Altered { attribute, old: show(old), new: show(new) });
        }
    }

    fn comment(&mut self, object: &Object, old: &str, new: &str) {
        self.differs(object, Attribute::Comment, old, new, quoted);
    }

    fn owner(&mut self, object: &Object, old: &str, new: &str) {
        self.differs(object, Attribute::Owner, old, new, str::to_owned);
    }

    /// Privileges by grantee: one change for each grantee whose privileges differ.
    fn grants(&mut self, object: &Object, old: &[Grant], new: &[Grant]) {
        if old == new {
            return;
        }
        let mut grantees: Vec<&str> = old.iter().chain(new).map(|g| g.role.as_str()).collect();
        grantees.sort();
        grantees.dedup();
        for grantee in grantees {
            let (before, after) = (privileges_of(old, grantee), privileges_of(new, grantee));
            self.attribute(object, Attribute::Privileges { grantee: grantee.to_owned() }, before, after);
        }
    }
}

/// A comment for display: quoted, `none` when empty.
fn quoted(text: &str) -> String {
    if text.is_empty() {
        "none".to_owned()
    } else {
        format!("{text:?}")
    }
}

/// One grantee's privileges for display: `SELECT, INSERT`, with `(grantable)`
/// after those held WITH GRANT OPTION, `none` for none.
pub fn privileges_of(grants: &[Grant], grantee: &str) -> String {
    let mut privileges: Vec<Privilege> = Vec::new();
    let mut grantable: Vec<Privilege> = Vec::new();
    for grant in grants.iter().filter(|g| g.role == grantee) {
        privileges.extend(&grant.privileges);
        grantable.extend(&grant.grantable);
    }
    privileges.sort();
    privileges.dedup();
    let names: Vec<String> = privileges
        .iter()
        .map(|p| if grantable.contains(p) { format!("{} (grantable)", p.sql()) } else { p.sql().to_owned() })
        .collect();
    list(&names)
}

/// A list for display, `none` when empty.
fn list<T: AsRef<str>>(items: &[T]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", ")
    }
}

enum Paired<'a, T> {
    Removed(&'a T),
    Added(&'a T),
    Both(&'a T, &'a T),
}

/// Matches items by key: `new`'s order first (with what only `new` has), then
/// what only `old` has. `old_key` maps a new item to the key its old self had
/// (a rename), defaulting to its own.
fn pair<'a, T, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
    old_key: impl Fn(&T) -> K,
) -> Vec<Paired<'a, T>> {
    let mut matched_old: Vec<usize> = Vec::new();
    let mut pairs: Vec<Paired<'a, T>> = new
        .iter()
        .map(|n| {
            let wanted = old_key(n);
            match old.iter().position(|o| key(o) == wanted) {
                Some(at) => {
                    matched_old.push(at);
                    Paired::Both(&old[at], n)
                }
                None => Paired::Added(n),
            }
        })
        .collect();
    pairs.extend(old.iter().enumerate().filter(|(at, _)| !matched_old.contains(at)).map(|(_, o)| Paired::Removed(o)));
    pairs
}

/// [`pair`] without renames.
fn pair_by<'a, T, K: PartialEq>(old: &'a [T], new: &'a [T], key: impl Fn(&T) -> K) -> Vec<Paired<'a, T>> {
    pair(old, new, &key, &key)
}

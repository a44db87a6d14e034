//! Comparing views and materialized views: definition, options, columns (in
//! order), indexes, privileges, owner and comments.

use super::{list, pair_by, tables, Attribute, Changes, Object, Paired};
use crate::catalog::{Catalog, MaterializedView, View};
use crate::model::{QualifiedName, ViewColumn};

pub(super) fn views(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for paired in pair_by(&old.views, &new.views, |v| v.name.clone()) {
        match paired {
            Paired::Added(v) => out.added(Object::View { name: v.name.clone() }),
            Paired::Removed(v) => out.removed(Object::View { name: v.name.clone() }),
            Paired::Both(before, after) => view(out, before, after),
        }
    }
}

fn view(out: &mut Changes, old: &View, new: &View) {
    let object = Object::View { name: new.name.clone() };
    out.owner(&object, &old.owner, &new.owner);
    out.comment(&object, &old.comment, &new.comment);
    definition(out, &object, (&old.definition, old.canonical.as_deref()), (&new.definition, new.canonical.as_deref()));
    out.attribute(&object, Attribute::Options, list(&old.options.listed()), list(&new.options.listed()));
    out.grants(&object, &old.grants, &new.grants);
    columns(out, &new.name, &old.columns, &new.columns);
}

pub(super) fn materialized_views(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for paired in pair_by(&old.materialized_views, &new.materialized_views, |m| m.name.clone()) {
        match paired {
            Paired::Added(m) => out.added(Object::MaterializedView { name: m.name.clone() }),
            Paired::Removed(m) => out.removed(Object::MaterializedView { name: m.name.clone() }),
            Paired::Both(before, after) => materialized_view(out, before, after),
        }
    }
}

fn materialized_view(out: &mut Changes, old: &MaterializedView, new: &MaterializedView) {
    let object = Object::MaterializedView { name: new.name.clone() };
    out.owner(&object, &old.owner, &new.owner);
    out.comment(&object, &old.comment, &new.comment);
    definition(out, &object, (&old.definition, old.canonical.as_deref()), (&new.definition, new.canonical.as_deref()));
    out.attribute(&object, Attribute::StorageParameters, list(&old.options), list(&new.options));
    out.grants(&object, &old.grants, &new.grants);
    columns(out, &new.name, &old.columns, &new.columns);
    tables::indexes(out, &new.name, &old.indexes, &new.indexes);
}

/// Bodies compare by the server's rendering when both sides have one (it
/// rewrites what it stores: qualified columns, explicit casts, its own layout);
/// otherwise as written, whitespace aside. A difference shows the first line
/// that differs rather than both bodies.
fn definition(out: &mut Changes, object: &Object, old: (&str, Option<&str>), new: (&str, Option<&str>)) {
    let (old_text, new_text) = match (old.1, new.1) {
        (Some(a), Some(b)) => (a, b),
        _ => (old.0, new.0),
    };
    // Equal but for runs of white space.
    if !old_text.split_whitespace().eq(new_text.split_whitespace()) {
        let (before, after) = first_difference(old_text, new_text);
        out.attribute(object, Attribute::Definition, before, after);
    }
}

/// The first line where two texts differ, for display (`end of text` past the end).
pub(super) fn first_difference(old: &str, new: &str) -> (String, String) {
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
        (old.trim().lines().map(str::trim).collect(), new.trim().lines().map(str::trim).collect());
    let at = (0..old_lines.len().max(new_lines.len())).find(|&i| old_lines.get(i) != new_lines.get(i)).unwrap_or_default();
    let show = |lines: &[&str]| {
        lines.get(at).map_or_else(|| format!("line {}: end of text", at + 1), |l| format!("line {}: `{l}`", at + 1))
    };
    (show(&old_lines), show(&new_lines))
}

/// Output columns, which are positional: a client reading the view by position
/// (or `CREATE OR REPLACE VIEW`, which may only append columns) sees the order.
/// Columns are matched by name, so a renamed column shows as one removed and
/// one added; a column both have is then checked for its type, its comment,
/// its privileges and its place among the columns both have (comparing places
/// among shared columns keeps one missing column from making every later one
/// "moved").
fn columns(out: &mut Changes, view: &QualifiedName, old: &[ViewColumn], new: &[ViewColumn]) {
    let position = |columns: &[ViewColumn], name: &str| columns.iter().position(|c| c.name == name);
    let shared = |from: &[ViewColumn], other: &[ViewColumn]| -> Vec<String> {
        from.iter().filter(|c| position(other, &c.name).is_some()).map(|c| c.name.clone()).collect()
    };
    let (old_order, new_order) = (shared(old, new), shared(new, old));
    for paired in pair_by(old, new, |c| c.name.clone()) {
        let object = |c: &ViewColumn| Object::ViewColumn { view: view.clone(), name: c.name.clone() };
        match paired {
            Paired::Added(c) => out.added(object(c)),
            Paired::Removed(c) => out.removed(object(c)),
            Paired::Both(before, after) => {
                let object = object(after);
                out.attribute(&object, Attribute::Type, before.data_type.to_string(), after.data_type.to_string());
                let name = &after.name;
                if old_order.iter().position(|n| n == name) != new_order.iter().position(|n| n == name) {
                    let place = |columns: &[ViewColumn]| {
                        position(columns, name).map_or_else(|| "none".to_owned(), |at| format!("column {}", at + 1))
                    };
                    out.attribute(&object, Attribute::Position, place(old), place(new));
                }
                out.comment(&object, &before.comment, &after.comment);
                out.grants(&object, &before.grants, &after.grants);
            }
        }
    }
}

//! Comparing one view: its output columns (in order), `security_invoker`, the
//! API roles' privileges and the comments.
//!
//! The body is deliberately not compared. Postgres stores a view as a parsed
//! query and `pg_get_viewdef` prints it back rewritten (qualified columns,
//! explicit casts, its own layout and parentheses), so a textual comparison
//! would report every view; what a caller can observe of the body — the output
//! columns' names, order and types — is compared instead, and the view's data
//! is tested by running it. The dictionary group is a declaration only and
//! cannot be read from a catalog, so it is not compared either.

use super::{table, Change, Differences, ObjectKind, ObjectRef};
use crate::model::{MaterializedView, QualifiedName, View, ViewColumn};

pub(super) fn compare(out: &mut Differences, expected: &View, actual: &View) {
    let object = ObjectRef::top(ObjectKind::View, &expected.name);
    out.comment(&object, &expected.comment, &actual.comment);
    columns(out, &expected.name, &expected.columns, &actual.columns);
    let invoker = |v: &View| v.security_invoker.to_string();
    out.property(&object, "security_invoker", invoker(expected), invoker(actual));
    table::grants(out, &object, &expected.grants, &actual.grants);
}

/// A materialized view (a cached view's rows): columns, unique key, comment and
/// the API roles' privileges, which must be none.
pub(super) fn compare_materialized(out: &mut Differences, expected: &MaterializedView, actual: &MaterializedView) {
    let object = ObjectRef::top(ObjectKind::MaterializedView, &expected.name);
    out.comment(&object, &expected.comment, &actual.comment);
    columns(out, &expected.name, &expected.columns, &actual.columns);
    out.property(&object, "unique key", super::list(&expected.unique_key), super::list(&actual.unique_key));
    table::grants(out, &object, &expected.grants, &actual.grants);
}

/// Output columns, which are positional: a client reading the view by position
/// (or `CREATE OR REPLACE VIEW`, which may only append columns) sees the order.
/// Columns are matched by name, so a renamed column shows as one missing and
/// one extra; a column both have is then checked for its type, its comment and
/// its place among the columns both have — comparing places among shared
/// columns only keeps one missing column from making every later one "moved".
fn columns(out: &mut Differences, view: &QualifiedName, expected: &[ViewColumn], actual: &[ViewColumn]) {
    let position = |columns: &[ViewColumn], name: &str| columns.iter().position(|c| c.name == name);
    let shared = |from: &[ViewColumn], other: &[ViewColumn]| -> Vec<String> {
        from.iter().filter(|c| position(other, &c.name).is_some()).map(|c| c.name.clone()).collect()
    };
    let (expected_order, actual_order) = (shared(expected, actual), shared(actual, expected));
    for column in expected {
        let object = ObjectRef::on(ObjectKind::ViewColumn, &column.name, view);
        let Some(found) = position(actual, &column.name).and_then(|at| actual.get(at)) else {
            out.push(object, Change::Missing);
            continue;
        };
        out.property(&object, "type", column.data_type.to_string(), found.data_type.to_string());
        if expected_order.iter().position(|n| *n == column.name) != actual_order.iter().position(|n| *n == column.name)
        {
            let place = |columns: &[ViewColumn]| {
                position(columns, &column.name).map_or_else(|| "none".to_owned(), |at| format!("column {}", at + 1))
            };
            out.property(&object, "position", place(expected), place(actual));
        }
        out.comment(&object, &column.comment, &found.comment);
    }
    for column in actual.iter().filter(|c| position(expected, &c.name).is_none()) {
        out.push(ObjectRef::on(ObjectKind::ViewColumn, &column.name, view), Change::Extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SqlType;

    fn cols(spec: &[(&str, &str)]) -> Vec<ViewColumn> {
        spec.iter()
            .map(|(name, ty)| ViewColumn { name: (*name).to_owned(), data_type: SqlType::new(ty), comment: String::new() })
            .collect()
    }

    fn texts(expected: &[ViewColumn], actual: &[ViewColumn]) -> Vec<String> {
        let mut out = Differences::default();
        columns(&mut out, &QualifiedName::new("public", "v"), expected, actual);
        out.0.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn swapped_columns_are_named_with_their_places() {
        let expected = cols(&[("a", "int"), ("b", "text"), ("c", "date")]);
        let actual = cols(&[("b", "text"), ("a", "int"), ("c", "date")]);
        assert_eq!(
            texts(&expected, &actual),
            [
                "view column public.v.a: position differs: expected column 1, found column 2",
                "view column public.v.b: position differs: expected column 2, found column 1",
            ]
        );
    }

    #[test]
    fn a_renamed_column_is_missing_and_extra_without_moving_the_others() {
        let expected = cols(&[("a", "int"), ("b", "text"), ("c", "date")]);
        let actual = cols(&[("a", "int"), ("bee", "text"), ("c", "date")]);
        assert_eq!(
            texts(&expected, &actual),
            ["view column public.v.b: missing", "view column public.v.bee: extra (not declared)"]
        );
        let shortened = cols(&[("b", "text"), ("c", "date")]);
        assert_eq!(texts(&expected, &shortened), ["view column public.v.a: missing"]);
    }
}

//! The comparison on small catalogs: nothing for equal catalogs whatever the
//! order, one change per attribute, renames, expressions as PostgreSQL prints
//! them, positions of view columns, and what is deliberately not compared.

use super::*;
use crate::catalog::{Catalog, CronJob, Extension};
use crate::lower::lower;
use crate::model::*;

fn catalog() -> Catalog {
    let table = Table {
        name: QualifiedName::new("public", "orders"),
        comment: "Orders".into(),
        columns: vec![
            Column { name: "id".into(), data_type: SqlType::new("uuid"), comment: "id".into(), ..Column::default() },
            Column { name: "total".into(), data_type: SqlType::new("numeric"), default: Some("0".into()), comment: "total".into(), ..Column::default() },
            Column { name: "status".into(), data_type: SqlType::new("text"), comment: "status".into(), ..Column::default() },
        ],
        constraints: vec![Constraint::new(
            "orders_status_check",
            ConstraintKind::AllowedValues { column: "status".into(), values: vec!["new".into(), "paid".into()] },
        )],
        indexes: vec![Index { name: "idx_total".into(), columns: vec![IndexColumn::new("total", true)], ..Index::default() }],
        rls: RowLevelSecurity { enabled: true, ..RowLevelSecurity::default() },
        policies: Vec::new(),
        grants: vec![Grant::new("authenticated", vec![Privilege::Select])],
        triggers: Vec::new(),
        replica_identity: ReplicaIdentity::Default,
        publications: Vec::new(),
    };
    let view = View {
        name: QualifiedName::new("public", "v"),
        comment: "v".into(),
        group: "g".into(),
        columns: ["a", "b", "c"].iter().map(|n| ViewColumn { name: (*n).into(), data_type: SqlType::new("integer"), comment: String::new(), ..ViewColumn::default() }).collect(),
        body: "SELECT 1 AS a, 2 AS b, 3 AS c".into(),
        security_invoker: Some(true),
        grants: Vec::new(),
        cache: None,
        page: None,
    };
    let schema = Schema { prerequisites: Vec::new(), tables: vec![table], views: vec![view], functions: Vec::new(), ..Schema::default() };
    lower(&schema, &Platform::supabase())
}

fn texts(old: &Catalog, new: &Catalog) -> Vec<String> {
    compare(old, new, &Renames::default()).iter().map(ToString::to_string).collect()
}

#[test]
fn equal_catalogs_have_no_changes_whatever_the_order() {
    let old = catalog();
    let mut new = old.clone();
    new.tables[0].grants.reverse();
    new.default_privileges.reverse();
    new.canonicalize();
    assert_eq!(texts(&old, &new), Vec::<String>::new());
}

#[test]
fn each_attribute_is_one_change_naming_the_object() {
    let old = catalog();
    let mut new = old.clone();
    new.tables[0].columns[1].data_type = SqlType::new("bigint");
    new.tables[0].columns[2].collation = Some("C".into());
    new.tables[0].indexes[0].columns[0].nulls_first = Some(false);
    new.tables[0].grants.push(Grant { role: "anon".into(), privileges: vec![Privilege::Select], grantable: vec![Privilege::Select] });
    assert_eq!(
        texts(&old, &new),
        [
            "table public.orders: privileges of anon: none → SELECT (grantable)",
            "column public.orders.total: type: numeric → bigint",
            "column public.orders.status: collation: default → C",
            "index idx_total on public.orders: key columns: total DESC → total DESC NULLS LAST",
        ]
    );
}

#[test]
fn expressions_compare_as_postgres_prints_them() {
    let old = catalog();
    let mut new = old.clone();
    // How PostgreSQL reads back a text enum's CHECK and a numeric default.
    new.tables[0].constraints[0].kind = ConstraintKind::Check { expression: "(status = ANY (ARRAY['new'::text, 'paid'::text]))".into() };
    new.tables[0].columns[1].default = Some("(0)::numeric".into());
    assert_eq!(texts(&old, &new), Vec::<String>::new());
    new.tables[0].columns[1].default = Some("1".into());
    assert_eq!(texts(&old, &new), ["column public.orders.total: default: 0 → 1"]);
}

#[test]
fn a_declared_rename_is_one_change() {
    let old = catalog();
    let mut new = old.clone();
    new.tables[0].columns[1].name = "amount".into();
    let table = QualifiedName::new("public", "orders");
    let renames = Renames { tables: Vec::new(), columns: vec![(table, "amount".into(), "total".into())] };
    let changes: Vec<String> = compare(&old, &new, &renames).iter().map(ToString::to_string).collect();
    assert_eq!(changes, ["column public.orders.amount: renamed from total"]);
    assert_eq!(texts(&old, &new), ["column public.orders.amount: added", "column public.orders.total: removed"], "without the hint");
}

#[test]
fn swapped_view_columns_are_named_with_their_places_and_a_renamed_one_moves_nothing() {
    let old = catalog();
    let mut swapped = old.clone();
    swapped.views[0].columns.swap(0, 1);
    assert_eq!(
        texts(&old, &swapped),
        ["view column public.v.b: position: column 2 → column 1", "view column public.v.a: position: column 1 → column 2"]
    );
    let mut renamed = old.clone();
    renamed.views[0].columns[1].name = "bee".into();
    assert_eq!(texts(&old, &renamed), ["view column public.v.bee: added", "view column public.v.b: removed"]);
}

#[test]
fn view_bodies_compare_by_their_rendering_when_both_have_one() {
    let old = catalog();
    let mut new = old.clone();
    new.views[0].definition = "SELECT 1 AS a,\n 2 AS b, 3 AS c".into();
    assert_eq!(texts(&old, &new), Vec::<String>::new(), "whitespace aside");
    new.views[0].definition = " SELECT 1 AS a, 2 AS b, 3 AS c;".into();
    let mut rendered = old.clone();
    rendered.views[0].canonical = Some("SELECT 1 AS a, 2 AS b, 3 AS c".into());
    new.views[0].canonical = Some("SELECT 1 AS a, 2 AS b, 3 AS c".into());
    new.views[0].definition = "anything the server printed".into();
    assert_eq!(texts(&rendered, &new), Vec::<String>::new(), "canonical forms win");
    new.views[0].canonical = Some("SELECT 1 AS a, 2 AS b, 4 AS c".into());
    assert_eq!(texts(&rendered, &new), ["view public.v: definition: line 1: `SELECT 1 AS a, 2 AS b, 3 AS c` → line 1: `SELECT 1 AS a, 2 AS b, 4 AS c`"]);
}

#[test]
fn managed_extensions_and_jobs_without_pg_cron_are_not_compared() {
    let old = catalog();
    let mut new = old.clone();
    new.extensions.push(Extension { name: "pg_cron".into(), schema: "pg_catalog".into() });
    new.extensions.push(Extension { name: "citext".into(), schema: "public".into() });
    new.jobs.push(CronJob { name: "nightly".into(), schedule: "0 2 * * *".into(), command: "SELECT 1".into(), active: true });
    assert_eq!(texts(&old, &new), ["extension citext: added", "pg_cron job nightly: added"]);
    new.has_jobs = false;
    assert_eq!(texts(&old, &new), ["extension citext: added"], "a database without pg_cron says nothing about jobs");
}

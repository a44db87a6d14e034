//! The drift tamper suite: one tampering per fresh copy of a migrated database.
//!
//! For every tamper kind:
//! 1. drift reports it, naming the object and the attribute (and reports
//!    nothing about any other object: no false alarms);
//! 2. `drift` as the CLI runs it (two connections, and the view renderings it
//!    keeps between runs) reports exactly the same, both right after the
//!    tampering, with what it kept from before, and again with what it kept
//!    after;
//! 3. the repair SQL, planned by the migration planner and applied with psql,
//!    brings the database back so that drift is clean;
//! 4. drift and the planner agree: the changes drift reports are the changes
//!    `migrate` plans when the declarations are edited the same way, and that
//!    migration, applied to another fresh copy, produces a database that drift
//!    finds equal to the edited declarations.
//!
//! The kinds are grouped in several tests so they run in parallel; each group
//! copies one migrated template database.

use anyhow::{ensure, Context, Result};
use schema_engine::catalog::{Catalog, Table};
use schema_engine::compare::{compare, Attribute, Change, ChangeKind, Renames};
use schema_engine::model::*;
use schema_engine::plan::{self, MigrationHints};
use schema_tests::catalog::{declared, drift, listing};
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;
use schema_tests::runners::{apply_script, apply_with_psql};
use tokio::sync::OnceCell;

mod behaviour;
mod privileges;
mod relations;
mod structure;

use behaviour::{SECURITY, TRIGGERS};
use privileges::{OWNERS, PRIVILEGES};
use relations::{FUNCTIONS, RELATIONS};
use structure::{COLUMNS, CONSTRAINTS, INDEXES};

/// A tampering and what it must show.
pub(crate) struct Tamper {
    /// The kind of tampering; distinct across the suite.
    pub(crate) kind: &'static str,
    /// What is done to the database (several statements allowed).
    pub(crate) sql: fn(&Catalog) -> String,
    /// `(object, what)` drift must report: `what` is an attribute's name, or
    /// `extra` / `missing`. Every change reported must be about one of these objects.
    pub(crate) expect: &'static [(&'static str, &'static str)],
    /// The same change made to the declarations, where they can express it.
    pub(crate) edit: Option<fn(&mut Catalog)>,
}

/// Where the tamper suite's `drift` runs keep their view renderings: one
/// store for all, as on a machine where drift runs against many databases.
fn renderings_store() -> std::path::PathBuf {
    static STORE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    STORE.get_or_init(|| tempfile::tempdir().expect("a temporary directory")).path().join("renderings.json")
}

/// The migrated template every tamper copies.
static TEMPLATE: OnceCell<TestDatabase> = OnceCell::const_new();

async fn template() -> Result<&'static TestDatabase> {
    TEMPLATE
        .get_or_try_init(|| async {
            let db = TestDatabase::create_with_baseline("tamper template").await?;
            migrations::apply(db.pool()).await?;
            // A role other than the owner, for the owner tamperings (roles are cluster-wide).
            sqlx::raw_sql(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tamper_owner') THEN \
                 BEGIN CREATE ROLE tamper_owner NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; \
                 END IF; END $$",
            )
            .execute(db.pool())
            .await?;
            db.close_for_copies().await;
            Ok::<_, anyhow::Error>(db)
        })
        .await
}

pub(crate) fn table<'a>(catalog: &'a mut Catalog, name: &str) -> &'a mut Table {
    catalog.tables.iter_mut().find(|t| t.name.name == name).unwrap_or_else(|| panic!("no table {name}"))
}

pub(crate) fn column<'a>(catalog: &'a mut Catalog, table_name: &str, name: &str) -> &'a mut Column {
    table(catalog, table_name).columns.iter_mut().find(|c| c.name == name).unwrap_or_else(|| panic!("no column {name}"))
}

pub(crate) fn index<'a>(catalog: &'a mut Catalog, table_name: &str, name: &str) -> &'a mut Index {
    table(catalog, table_name).indexes.iter_mut().find(|i| i.name == name).unwrap_or_else(|| panic!("no index {name}"))
}

pub(crate) fn trigger<'a>(catalog: &'a mut Catalog, table_name: &str) -> &'a mut Trigger {
    table(catalog, table_name).triggers.iter_mut().find(|t| t.name == "set_updated_at").expect("set_updated_at")
}

pub(crate) fn policy<'a>(catalog: &'a mut Catalog, table_name: &str, name: &str) -> &'a mut Policy {
    table(catalog, table_name).policies.iter_mut().find(|p| p.name == name).unwrap_or_else(|| panic!("no policy {name}"))
}

pub(crate) fn function<'a>(catalog: &'a mut Catalog, name: &str) -> &'a mut schema_engine::catalog::Function {
    catalog.functions.iter_mut().find(|f| f.name.to_string() == name).unwrap_or_else(|| panic!("no function {name}"))
}

pub(crate) fn view<'a>(catalog: &'a mut Catalog, name: &str) -> &'a mut schema_engine::catalog::View {
    catalog.views.iter_mut().find(|v| v.name.name == name).unwrap_or_else(|| panic!("no view {name}"))
}

pub(crate) fn grant(role: &str, privileges: Vec<Privilege>) -> Grant {
    Grant::new(role, privileges)
}

pub(crate) fn body_of(catalog: &Catalog, view: &str) -> String {
    catalog.views.iter().find(|v| v.name.name == view).expect("declared").definition.clone()
}

/// `(object, what)` of a change, as the expectations spell it.
fn key(change: &Change) -> (String, String) {
    let what = match &change.kind {
        ChangeKind::Added => "extra".to_owned(),
        ChangeKind::Removed => "missing".to_owned(),
        ChangeKind::Renamed { .. } => "renamed".to_owned(),
        ChangeKind::Altered { attribute, .. } => attribute.name().to_owned(),
    };
    (change.object.to_string(), what)
}

/// The changes' keys, with the values where they do not depend on how a body
/// is spelled (the declared text against the server's rendering).
type AgreementKey = (String, String, Option<(String, String)>);

fn agreement_keys(changes: &[Change]) -> Vec<AgreementKey> {
    let mut keys: Vec<_> = changes
        .iter()
        .map(|change| {
            let (object, what) = key(change);
            let values = match &change.kind {
                ChangeKind::Altered { attribute: Attribute::Definition | Attribute::Body, .. } => None,
                // Expressions as PostgreSQL prints them and as declared compare normalized.
                ChangeKind::Altered { old, new, .. } => Some((schema_engine::expr::normalize(old), schema_engine::expr::normalize(new))),
                _ => None,
            };
            (object, what, values)
        })
        .collect();
    keys.sort();
    keys
}

async fn check(tamper: &Tamper) -> Result<()> {
    let template = template().await?;
    let declared = declared()?;
    let db = TestDatabase::copy_of(template.name(), tamper.kind).await?;
    let store = renderings_store();
    let before = schema_cli::drift::detect(db.url(), declared.clone(), Some(&store)).await?;
    ensure!(before.changes.is_empty(), "{}: drift before the tampering:\n{}", tamper.kind, listing(&before.changes));
    let sql = (tamper.sql)(&declared);
    sqlx::raw_sql(&sql).execute(db.pool()).await.with_context(|| format!("{}: tampering with\n{sql}", tamper.kind))?;

    // 1. Detected, naming the object; nothing else reported.
    let (rendered, live, changes) = drift(&db, &declared).await?;
    let found: Vec<(String, String)> = changes.iter().map(key).collect();
    for (object, what) in tamper.expect {
        ensure!(
            found.iter().any(|(o, w)| o == object && w == what),
            "{}: expected `{object}: {what}`, drift reported:\n{}",
            tamper.kind,
            listing(&changes)
        );
    }
    for change in &changes {
        let object = change.object.to_string();
        ensure!(
            tamper.expect.iter().any(|(o, _)| *o == object),
            "{}: drift also reported another object (a false alarm?):\n{}",
            tamper.kind,
            listing(&changes)
        );
        ensure!(change.to_string().starts_with(&object), "{}: the message names the object: {change}", tamper.kind);
    }

    // 2. The CLI's drift, with what it kept before the tampering and after.
    for run in ["after the tampering", "again, with the renderings kept after the tampering"] {
        let cli = schema_cli::drift::detect(db.url(), declared.clone(), Some(&store)).await?;
        ensure!(
            listing(&cli.changes) == listing(&changes),
            "{}: `drift` {run} reported\n{}where the full comparison reports\n{}",
            tamper.kind,
            listing(&cli.changes),
            listing(&changes)
        );
    }

    // 3. The repair restores the declarations.
    let repair = plan::repair(&live, &rendered);
    ensure!(!repair.steps.is_empty(), "{}: no repair planned for\n{}", tamper.kind, listing(&changes));
    apply_script(&db, &repair, tamper.kind, &declared)?;
    let (_, _, after) = drift(&db, &declared).await?;
    let script = plan::render_script(&repair, "-- repair", &declared.platform);
    ensure!(after.is_empty(), "{}: drift after the repair:\n{}--- repair ---\n{script}", tamper.kind, listing(&after));

    // 4. Drift and the planner agree.
    if let Some(edit) = tamper.edit {
        let mut edited = declared.clone();
        edit(&mut edited);
        edited.canonicalize();
        let planned = compare(&declared, &edited, &Renames::default());
        ensure!(
            agreement_keys(&planned) == agreement_keys(&changes),
            "{}: migrate would plan other changes than drift reports.\nmigrate:\n{}drift:\n{}",
            tamper.kind,
            listing(&planned),
            listing(&changes)
        );
        let (forward, _) = plan::plan(&declared, &edited, &MigrationHints { allow_data_loss: vec!["*".into()], ..Default::default() })
            .or_else(|_| plan::plan(&declared, &edited, &consent_to_everything(&declared)))
            .map_err(|e| anyhow::anyhow!("{}: {e:?}", tamper.kind))?;
        let copy = TestDatabase::copy_of(template.name(), tamper.kind).await?;
        apply_with_psql(&copy, &forward, tamper.kind, &edited)?;
        let (_, _, migrated) = drift(&copy, &edited).await?;
        ensure!(migrated.is_empty(), "{}: the migration to the edited declarations left:\n{}", tamper.kind, listing(&migrated));
    }
    println!("{}: {} change(s) detected, repaired in {} step(s)", tamper.kind, changes.len(), repair.steps.len());
    Ok(())
}

/// Consent to lose any table's or column's data (tampers that drop things).
fn consent_to_everything(catalog: &Catalog) -> MigrationHints {
    let mut allow = Vec::new();
    for table in &catalog.tables {
        allow.push(table.name.to_string());
        allow.extend(table.columns.iter().map(|c| format!("{}.{}", table.name, c.name)));
    }
    MigrationHints { allow_data_loss: allow, ..MigrationHints::default() }
}

async fn check_all(tampers: &[Tamper]) -> Result<()> {
    let mut failures = Vec::new();
    for tamper in tampers {
        if let Err(error) = check(tamper).await {
            failures.push(format!("{error:#}"));
        }
    }
    ensure!(failures.is_empty(), "{} of {} tamper kinds failed:\n\n{}", failures.len(), tampers.len(), failures.join("\n\n"));
    Ok(())
}

#[tokio::test]
async fn tampered_privileges_are_detected_and_repaired() -> Result<()> {
    check_all(PRIVILEGES).await
}

#[tokio::test]
async fn tampered_owners_are_detected_and_repaired() -> Result<()> {
    check_all(OWNERS).await
}

#[tokio::test]
async fn tampered_indexes_are_detected_and_repaired() -> Result<()> {
    check_all(INDEXES).await
}

#[tokio::test]
async fn tampered_triggers_are_detected_and_repaired() -> Result<()> {
    check_all(TRIGGERS).await
}

#[tokio::test]
async fn tampered_columns_are_detected_and_repaired() -> Result<()> {
    check_all(COLUMNS).await
}

#[tokio::test]
async fn tampered_constraints_are_detected_and_repaired() -> Result<()> {
    check_all(CONSTRAINTS).await
}

#[tokio::test]
async fn tampered_row_security_is_detected_and_repaired() -> Result<()> {
    check_all(SECURITY).await
}

#[tokio::test]
async fn tampered_relations_are_detected_and_repaired() -> Result<()> {
    check_all(RELATIONS).await
}

#[tokio::test]
async fn tampered_functions_are_detected_and_repaired() -> Result<()> {
    check_all(FUNCTIONS).await
}

#[test]
fn the_suite_has_at_least_forty_distinct_kinds() {
    let all: Vec<&str> = [PRIVILEGES, OWNERS, INDEXES, TRIGGERS, COLUMNS, CONSTRAINTS, SECURITY, RELATIONS, FUNCTIONS]
        .iter()
        .flat_map(|group| group.iter().map(|t| t.kind))
        .collect();
    let mut distinct = all.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), all.len(), "kinds are distinct");
    assert!(all.len() >= 40, "{} kinds", all.len());
    println!("{} tamper kinds", all.len());
}

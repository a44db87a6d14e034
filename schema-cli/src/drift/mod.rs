//! `drift --database-url URL`: a live database against the declarations.
//!
//! The database's catalog is read into the catalog type the declarations lower
//! to, the declared view bodies are rendered by the same server ([`read`]), and the one
//! comparison lists every difference; `--repair-sql` prints the steps the
//! migration planner plans from the database back to the declarations.
//!
//! Exit codes: 0 no drift, 1 drift (every difference printed by object), 2 an
//! error (bad URL, unreachable server, wrong database, missing privilege),
//! reported on one line.

use crate::generated;
use anyhow::Result;
use schema_engine::catalog::Catalog;
use schema_engine::compare::{Change, ChangeKind, Object};
use schema_engine::plan;
use schema_engine::project::Project;
use serde_json::{json, Value};
use std::process::ExitCode;

mod read;

pub use read::{detect, renderings_store};

/// What `drift` reports on.
pub struct Drift {
    /// `host:port/database`, for messages.
    pub database: String,
    pub declared: Catalog,
    pub deployed: Catalog,
    /// `old` = declared, `new` = deployed: an added object is undeclared.
    pub changes: Vec<Change>,
}

pub fn run(project: &Project, database_url: &str, json: bool, repair_sql: bool) -> Result<ExitCode> {
    let model = generated::load_model(project)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let drift = runtime.block_on(detect(database_url, model.catalog, Some(&renderings_store(project))))?;
    let drifted = !drift.changes.is_empty();
    if repair_sql {
        let repair = plan::repair(&drift.deployed, &drift.declared);
        let header = format!(
            "-- Repair of {}: brings the database back to the declarations ({} difference(s)).\n\
             -- Apply with `psql -v ON_ERROR_STOP=1 -f <file>`; steps marked [destructive] lose data: review them first.",
            drift.database,
            drift.changes.len()
        );
        print!("{}", plan::render_script(&repair, &header, &drift.declared.platform));
        eprintln!("{} difference(s); {} repair step(s) printed", drift.changes.len(), repair.steps.len());
    } else if json {
        println!("{}", serde_json::to_string_pretty(&report_json(&drift, &project.command))?);
    } else if !drifted {
        println!("no drift: {} matches the declarations", drift.database);
    } else {
        println!("{} difference(s) between the declarations and {}:", drift.changes.len(), drift.database);
        for change in &drift.changes {
            println!("  {}", describe(change));
        }
        let command = &project.command;
        println!(
            "\nTo bring the database back to the declarations, review and apply the repair SQL:\n  \
             {command} drift --database-url \"$DATABASE_URL\" --repair-sql > repair.sql && psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -f repair.sql\n\
             To keep a deployed change instead, declare it and run `{command} migrate <name>`."
        );
    }
    Ok(if drifted { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A change in the words of a drift report: declared (old) against deployed (new).
pub fn describe(change: &Change) -> String {
    match &change.kind {
        ChangeKind::Added => format!("{}: extra (not declared)", change.object),
        ChangeKind::Removed => format!("{}: missing (declared, not in the database)", change.object),
        ChangeKind::Renamed { from } => format!("{}: found under the name {from}", change.object),
        ChangeKind::Altered { attribute, old, new } => {
            format!("{}: {attribute} differs: declared {old}, deployed {new}", change.object)
        }
    }
}

/// What fixes one difference, in the commands of the project's CLI.
fn fix(change: &Change, command: &str) -> String {
    match change.kind {
        ChangeKind::Added => format!("drop it with the repair SQL (`{command} drift --repair-sql`), or declare it and run `{command} migrate <name>`"),
        ChangeKind::Removed => format!("apply pending migrations (`{command} apply`), or create it with the repair SQL (`{command} drift --repair-sql`)"),
        _ => format!("restore the declared value with the repair SQL (`{command} drift --repair-sql`), or declare the deployed one and run `{command} migrate <name>`"),
    }
}

/// The object as JSON: its kind and names.
fn object_json(object: &Object) -> Value {
    let mut value = json!({ "kind": object.kind().replace(' ', "_") });
    let fields = value.as_object_mut().expect("an object");
    let mut put = |key: &str, text: &str| {
        fields.insert(key.to_owned(), Value::String(text.to_owned()));
    };
    match object {
        Object::Schema { name } | Object::Extension { name } | Object::Job { name } => put("name", name),
        Object::Enum { name } | Object::Table { name } | Object::Sequence { name } | Object::View { name } | Object::MaterializedView { name } => {
            put("schema", &name.schema);
            put("name", &name.name);
        }
        Object::Column { table, name }
        | Object::Constraint { table, name }
        | Object::Index { table, name }
        | Object::Policy { table, name }
        | Object::Trigger { table, name }
        | Object::ViewColumn { view: table, name } => {
            put("schema", &table.schema);
            put("table", &table.name);
            put("name", name);
        }
        Object::Function { id } => {
            put("schema", &id.name.schema);
            put("name", &id.name.name);
            fields.insert("arguments".to_owned(), json!(id.arguments));
        }
        Object::DefaultPrivileges { role, schema, object_type } => {
            put("role", role);
            if let Some(schema) = schema {
                put("schema", schema);
            }
            put("object_type", object_type.sql());
        }
    }
    value
}

/// The documented JSON report (`format` names its version; fields are only
/// ever added).
pub fn report_json(drift: &Drift, command: &str) -> Value {
    let differences: Vec<Value> = drift
        .changes
        .iter()
        .map(|change| {
            let (kind, attribute, declared, deployed) = match &change.kind {
                ChangeKind::Added => ("extra", None, Value::Null, Value::String("present".to_owned())),
                ChangeKind::Removed => ("missing", None, Value::String("present".to_owned()), Value::Null),
                ChangeKind::Renamed { from } => ("renamed", None, Value::String(change.object.to_string()), Value::String(from.clone())),
                ChangeKind::Altered { attribute, old, new } => {
                    ("altered", Some(attribute), Value::String(old.clone()), Value::String(new.clone()))
                }
            };
            json!({
                "object": object_json(&change.object),
                "change": kind,
                "attribute": attribute.map(|a| a.name()),
                "grantee": attribute.and_then(|a| a.grantee()),
                "declared": declared,
                "deployed": deployed,
                "message": describe(change),
                "fix": fix(change, command),
            })
        })
        .collect();
    json!({
        "format": "schema-drift/1",
        "database": drift.database,
        "clean": drift.changes.is_empty(),
        "differences": differences,
    })
}

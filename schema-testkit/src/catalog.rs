//! Reading a test database back and comparing it with a declared catalog, the
//! way `drift` does: introspection, the server's rendering of the declared
//! view bodies, and the one comparison. A database built from a project's
//! migrations must round-trip: [`drift`] finds no change.

use crate::pg::TestDatabase;
use anyhow::Result;
use schema_engine::catalog::Catalog;
use schema_engine::compare::{compare, Change, ChangeKind, Renames};
use schema_engine::introspect::{introspect, render_declared, Scope};
use schema_engine::project::Project;

/// The catalog `project`'s declarations lower to, or every validation problem.
pub fn declared(project: &Project) -> Result<Catalog> {
    project.model().map(|model| model.catalog).map_err(|errors| {
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the {} declarations are invalid:\n{}", project.name, errors.join("\n"))
    })
}

/// What `db` holds, read as `declared`'s scope.
pub async fn deployed(db: &TestDatabase, declared: &Catalog) -> Result<Catalog> {
    let mut conn = db.pool().acquire().await?;
    Ok(introspect(&mut conn, &Scope::of(declared)).await?)
}

/// Drift of `db` from `declared`: the declared catalog as the server renders
/// it, what the database holds, and how it differs (`old` = declared).
pub async fn drift(db: &TestDatabase, declared: &Catalog) -> Result<(Catalog, Catalog, Vec<Change>)> {
    let mut rendered = declared.clone();
    let mut conn = db.pool().acquire().await?;
    render_declared(&mut conn, &mut rendered).await?;
    drop(conn);
    let live = deployed(db, declared).await?;
    let changes = compare(&rendered, &live, &Renames::default());
    Ok((rendered, live, changes))
}

/// Changes listed one per line, as drift words them (declared, then deployed).
pub fn listing(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|change| match &change.kind {
            ChangeKind::Added => format!("  {}: extra\n", change.object),
            ChangeKind::Removed => format!("  {}: missing\n", change.object),
            ChangeKind::Renamed { from } => format!("  {}: under the name {from}\n", change.object),
            ChangeKind::Altered { attribute, old, new } => format!("  {}: {attribute}: declared {old}, deployed {new}\n", change.object),
        })
        .collect()
}

//! Reading a live database for `drift`, as fast as the server allows: the two
//! catalog queries run side by side on two connections, and the declared view
//! bodies are rendered by the server only where no earlier rendering can be
//! trusted.
//!
//! The store of earlier renderings ([`Renderings`], one JSON file in the target
//! directory) holds two kinds. A deployed view's rendering is kept by its rule
//! key: its oid and a key of everything `pg_get_viewdef` depends on (the server
//! version, its printing settings, and the state of the catalogs a rendering
//! reads, which any DDL changes), so the server deparses only views it has not
//! deparsed in that state before. A declared
//! body's rendering is a shortcut, never the truth: it is used only where it
//! equals what the deployed view renders as, so a clean view needs no
//! rendering at all; a view that differs is rendered again before it is
//! reported, and a body never rendered on this server version is rendered on
//! the second connection while the first reads the catalog.

use super::Drift;
use anyhow::{bail, Context, Result};
use schema_engine::catalog::Catalog;
use schema_engine::compare::{compare, Renames};
use schema_engine::introspect::{
    assemble, declared_bodies, read_objects, read_relations, render_bodies, set_canonical, Renderings, Scope, Session,
};
use schema_engine::model::QualifiedName;
use schema_engine::project::Project;
use crate::target::Target;
use std::path::{Path, PathBuf};

/// Where `drift` keeps the server's renderings of `project`'s view bodies:
/// `schema-cache/` in the target directory (`CARGO_TARGET_DIR`, or `target/`
/// in the project's root).
pub fn renderings_store(project: &Project) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| project.root.join("target"));
    let name: String =
        project.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    target.join("schema-cache").join(format!("{name}-view-renderings.json"))
}

/// Connects, reads the database and compares it with `declared`; `store` keeps
/// the server's renderings of the declared views between runs (`None`: render
/// every one).
pub async fn detect(database_url: &str, declared: Catalog, store: Option<&Path>) -> Result<Drift> {
    // The catalog queries' estimated cost is high enough for JIT, whose
    // compilation costs seconds for a query that runs in milliseconds.
    let target = Target::parse(database_url, &[("jit", "off")])?;
    let database = target.database.clone();
    let (mut first, mut second) = tokio::try_join!(target.connect(), target.connect())?;
    let server = first.server_version_num().map(|v| v.to_string()).unwrap_or_default();
    let mut kept = store.map(load).unwrap_or_default();
    let bodies = declared_bodies(&declared);
    let unknown: Vec<usize> = (0..bodies.len()).filter(|&at| kept.get(&server, &bodies[at].1).is_none()).collect();

    let scope = Scope::of(&declared);
    // With every rendering kept, the two halves of the catalog are read side
    // by side; otherwise one connection reads the catalog while the other
    // renders what is not kept (a third backend would only compete for the
    // same cores, and start cold).
    let (halves, rendered) = if unknown.is_empty() {
        let (relations, objects) =
            tokio::join!(read_relations(&mut first, &scope, Some(&kept)), read_objects(&mut second, &scope));
        (relations.and_then(|relations| Ok((relations, objects?))), Ok(Vec::new()))
    } else {
        let read = async {
            let relations = read_relations(&mut first, &scope, Some(&kept)).await?;
            Ok((relations, read_objects(&mut first, &scope).await?))
        };
        tokio::join!(read, render_bodies(&mut second, unknown.iter().map(|&at| bodies[at].1.as_str())))
    };
    let read = halves.and_then(|(relations, objects)| {
        let deployed_renderings = relations.renderings().to_vec();
        Ok((assemble(relations, objects, &scope)?, deployed_renderings))
    });
    let ((deployed, session), deployed_renderings) = read.context("reading the database's catalog")?;
    comparable(&database, &declared, &deployed, &session)?;
    let rendered = rendered.context("rendering the declared views on the server")?;

    let mut canonical: Vec<Option<String>> = bodies.iter().map(|(_, body)| kept.get(&server, body).map(str::to_owned)).collect();
    for (&at, rendering) in unknown.iter().zip(rendered) {
        canonical[at] = rendering;
    }
    // A kept rendering that differs from the deployed view may be out of date
    // (the server or what the view reads changed): render it again. (A view
    // not deployed at all is missing whatever it renders as.)
    let doubtful: Vec<usize> = (0..bodies.len())
        .filter(|&at| {
            !unknown.contains(&at)
                && deployed_rendering(&deployed, &bodies[at].0).is_some_and(|deployed| canonical[at].as_deref() != Some(deployed))
        })
        .collect();
    let again = render_bodies(&mut first, doubtful.iter().map(|&at| bodies[at].1.as_str()))
        .await
        .context("rendering the declared views on the server")?;
    for (&at, rendering) in doubtful.iter().zip(again) {
        canonical[at] = rendering;
    }
    // Dropped, not closed: the server ends an idle session whose socket
    // closes as it ends one on a Terminate message, and waiting for the
    // graceful close took 2-4 ms of a 45 ms run.
    drop((first, second));

    let mut rendered_declared = declared;
    let mut changed = kept.keep_deployed(&deployed_renderings);
    for ((name, body), rendering) in bodies.iter().zip(canonical) {
        if let Some(rendering) = rendering {
            changed |= kept.insert(&server, body, &rendering);
            set_canonical(&mut rendered_declared, name, rendering);
        }
    }
    if let (Some(store), true) = (store, changed) {
        kept.retain(&bodies, &deployed_renderings);
        // Only a shortcut: a store that cannot be written costs time, not truth.
        if let Err(error) = save(store, &kept) {
            eprintln!("note: could not keep the view renderings in {}: {error}", store.display());
        }
    }
    let changes = compare(&rendered_declared, &deployed, &Renames::default());
    Ok(Drift { database, declared: rendered_declared, deployed, changes })
}

/// How the deployed view or materialized view `name` renders, if it exists.
fn deployed_rendering<'a>(deployed: &'a Catalog, name: &QualifiedName) -> Option<&'a str> {
    deployed
        .views
        .iter()
        .find(|v| &v.name == name)
        .and_then(|v| v.canonical.as_deref())
        .or_else(|| deployed.materialized_views.iter().find(|m| &m.name == name).and_then(|m| m.canonical.as_deref()))
}

/// The kept renderings; none where the store is missing or unreadable.
fn load(store: &Path) -> Renderings {
    std::fs::read(store).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
}

/// Writes the store whole or not at all (a temporary file renamed over it), so
/// that two runs at once never leave half a file.
fn save(store: &Path, kept: &Renderings) -> std::io::Result<()> {
    if let Some(folder) = store.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let temporary = store.with_extension(format!("tmp.{}", std::process::id()));
    std::fs::write(&temporary, serde_json::to_vec(kept)?)?;
    std::fs::rename(&temporary, store)
}

/// Refuses, on one line, a database that cannot be compared: one holding none
/// of the declared tables (another project's, or one never migrated), or a role
/// that cannot create the temporary views the comparison renders.
fn comparable(database: &str, declared: &Catalog, deployed: &Catalog, session: &Session) -> Result<()> {
    if !declared.tables.is_empty() && !declared.tables.iter().any(|t| deployed.table(&t.name).is_some()) {
        bail!(
            "{database} holds none of the {} declared tables (e.g. {}): it is another project's database, or the migrations were never applied (run `apply` first)",
            declared.tables.len(),
            declared.tables[0].name
        );
    }
    if !session.temporary {
        bail!(
            "role {} may not create temporary objects in {database} (the TEMPORARY privilege), which drift needs to render the declared views; connect as the database owner",
            session.user
        );
    }
    Ok(())
}

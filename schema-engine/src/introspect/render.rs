//! The server's rendering of the declared view bodies: each is created as a
//! temporary view in a transaction that is rolled back, and read back with
//! `pg_get_viewdef`, the way the deployed views are read. Views then compare by
//! meaning rather than by spelling, with no shadow database.
//!
//! Rendering is the slowest part of drift (the server parses, stores and
//! deparses every body), so [`Renderings`] keeps what a server rendered before,
//! by server version and body. A kept rendering is only trusted where it
//! equals what the deployed view renders as; anything else is rendered again.

use super::IntrospectError;
use crate::catalog::Catalog;
use crate::model::QualifiedName;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use std::collections::BTreeMap;

/// Every declared view and materialized view body, by name.
pub fn declared_bodies(declared: &Catalog) -> Vec<(QualifiedName, String)> {
    declared
        .views
        .iter()
        .map(|v| (v.name.clone(), v.definition.clone()))
        .chain(declared.materialized_views.iter().map(|m| (m.name.clone(), m.definition.clone())))
        .collect()
}

/// Records `canonical` as how the server renders the declared view or
/// materialized view `name`.
pub fn set_canonical(declared: &mut Catalog, name: &QualifiedName, canonical: String) {
    if let Some(view) = declared.views.iter_mut().find(|v| &v.name == name) {
        view.canonical = Some(canonical);
    } else if let Some(materialized) = declared.materialized_views.iter_mut().find(|m| &m.name == name) {
        materialized.canonical = Some(canonical);
    }
}

/// Has the server render every declared view and materialized view body as it
/// renders deployed ones, and records it as their canonical form. A body the
/// server rejects (it reads something the database lacks) keeps no canonical
/// form and is compared as written.
pub async fn render_declared(conn: &mut PgConnection, declared: &mut Catalog) -> Result<(), IntrospectError> {
    let bodies = declared_bodies(declared);
    let rendered = render_bodies(conn, bodies.iter().map(|(_, body)| body.as_str())).await?;
    for ((name, _), canonical) in bodies.iter().zip(rendered) {
        if let Some(canonical) = canonical {
            set_canonical(declared, name, canonical);
        }
    }
    Ok(())
}

/// How the server renders each body (`None` where it rejects one), in one
/// simple query, one round trip: open a transaction, create each body as a
/// temporary view (a body the server rejects is skipped), read them back, and
/// roll everything back.
pub async fn render_bodies<'a>(
    conn: &mut PgConnection,
    bodies: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Option<String>>, IntrospectError> {
    let bodies: Vec<&str> = bodies.into_iter().collect();
    if bodies.is_empty() {
        return Ok(Vec::new());
    }
    // A view's stored query tree is large enough to be compressed, and pglz
    // took a fifth of the time; lz4 (where the server has it) is far cheaper.
    let mut script = String::from(
        "BEGIN;\nDO $render$\nBEGIN\n    BEGIN SET LOCAL default_toast_compression = lz4; EXCEPTION WHEN others THEN NULL; END;\n",
    );
    for (at, body) in bodies.iter().enumerate() {
        let create = format!("CREATE TEMPORARY VIEW schema_declared_{at} AS {body}");
        script.push_str(&format!(
            "    BEGIN EXECUTE {}; EXCEPTION WHEN others THEN NULL; END;\n",
            crate::sql::quote::literal(&create)
        ));
    }
    script.push_str(
        "END\n$render$;\n\
         SELECT c.relname::text, pg_get_viewdef(c.oid, true) FROM pg_class c \
         WHERE c.relnamespace = pg_my_temp_schema() AND c.relname LIKE 'schema\\_declared\\_%';\n\
         ROLLBACK;",
    );
    let rows = match sqlx::raw_sql(&script).fetch_all(&mut *conn).await {
        Ok(rows) => rows,
        Err(error) => {
            // An error leaves the transaction open and aborted.
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
            return Err(IntrospectError::query("the declared view bodies (rendered in a rolled-back transaction)")(error));
        }
    };
    let mut rendered = vec![None; bodies.len()];
    for row in &rows {
        use sqlx::Row;
        let relation: String = row.try_get(0).map_err(IntrospectError::query("a rendered view name"))?;
        let text: String = row.try_get(1).map_err(IntrospectError::query("a rendered view body"))?;
        let Some(at) = relation.strip_prefix("schema_declared_").and_then(|n| n.parse::<usize>().ok()) else { continue };
        if let Some(slot) = rendered.get_mut(at) {
            *slot = Some(text.trim().trim_end_matches(';').trim_end().to_owned());
        }
    }
    Ok(rendered)
}

/// Fills in the definitions the relations query left out because `kept`
/// holds their rendering (or, should it not, has the server deparse them), and
/// returns every view's rule key and rendering.
pub(super) async fn deployed(
    document: &mut serde_json::Map<String, serde_json::Value>,
    kept: Option<&Renderings>,
    conn: &mut PgConnection,
) -> Result<Vec<(String, String)>, IntrospectError> {
    use serde_json::Value;
    let mut renderings = Vec::new();
    let Some(Value::Array(relations)) = document.get_mut("relations") else { return Ok(renderings) };
    for relation in relations.iter_mut().filter_map(Value::as_object_mut) {
        let Some(Value::String(key)) = relation.get("rule_key").cloned() else { continue };
        let definition = match relation.get("definition") {
            Some(Value::String(text)) => text.clone(),
            _ => match kept.and_then(|kept| kept.deployed.get(&key)) {
                Some(text) => text.clone(),
                None => {
                    let oid = relation.get("oid").and_then(Value::as_i64).unwrap_or_default();
                    sqlx::query_scalar("SELECT pg_get_viewdef($1::oid, true)")
                        .bind(oid)
                        .fetch_one(&mut *conn)
                        .await
                        .map_err(IntrospectError::query(format!("the definition of view oid {oid}")))?
                }
            },
        };
        relation.insert("definition".to_owned(), Value::String(definition.clone()));
        renderings.push((key, definition));
    }
    Ok(renderings)
}

/// Renderings a server made before, kept between runs by the caller (`drift`
/// keeps them in the project's target directory).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renderings {
    /// The declared bodies, by server version (`server_version_num`): body →
    /// canonical form. Only a shortcut, never the truth: trusted only where
    /// the deployed view renders the same.
    pub servers: BTreeMap<String, BTreeMap<String, String>>,
    /// The deployed views: rule key (everything a rendering depends on, see
    /// [`super::query`]) → rendering.
    #[serde(default)]
    pub deployed: BTreeMap<String, String>,
}

impl Renderings {
    /// The rendering of `body` kept for `server`.
    pub fn get(&self, server: &str, body: &str) -> Option<&str> {
        self.servers.get(server)?.get(body).map(String::as_str)
    }

    /// Keeps `canonical` for `body` on `server`; says whether anything changed.
    pub fn insert(&mut self, server: &str, body: &str, canonical: &str) -> bool {
        let kept = self.servers.entry(server.to_owned()).or_default();
        if kept.get(body).map(String::as_str) == Some(canonical) {
            return false;
        }
        kept.insert(body.to_owned(), canonical.to_owned());
        true
    }

    /// Keeps the renderings of deployed views; says whether any is new.
    pub fn keep_deployed(&mut self, renderings: &[(String, String)]) -> bool {
        let mut changed = false;
        for (key, rendering) in renderings {
            if self.deployed.get(key) != Some(rendering) {
                self.deployed.insert(key.clone(), rendering.clone());
                changed = true;
            }
        }
        changed
    }

    /// Forgets the bodies no longer declared, and the deployed renderings of
    /// earlier runs once they outnumber this run's many times over (several
    /// databases may share a store), so the store does not grow with every
    /// edit of a view.
    pub fn retain(&mut self, bodies: &[(QualifiedName, String)], deployed: &[(String, String)]) {
        for kept in self.servers.values_mut() {
            kept.retain(|body, _| bodies.iter().any(|(_, b)| b == body));
        }
        self.servers.retain(|_, kept| !kept.is_empty());
        if self.deployed.len() > 8 * deployed.len().max(1) {
            self.deployed.retain(|key, _| deployed.iter().any(|(k, _)| k == key));
        }
    }
}

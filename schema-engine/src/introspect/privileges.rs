//! Who may do what with a table: its row level security policies and the API
//! roles' privileges on it (read the same way for views).

use super::{IntrospectError, TableRow};
use crate::model::{Grant, Policy, PolicyCommand, Privilege};
use sqlx::postgres::types::Oid;
use sqlx::PgConnection;

type PolicyRow = (String, String, bool, Vec<String>, Option<String>, Option<String>, String);

pub(super) async fn policies(conn: &mut PgConnection, table: &TableRow) -> Result<Vec<Policy>, IntrospectError> {
    // Role 0 in polroles is PUBLIC, which CREATE POLICY spells `public`.
    let rows: Vec<PolicyRow> = sqlx::query_as(
        "SELECT p.polname::text, p.polcmd::text, p.polpermissive, \
                ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END \
                      FROM unnest(p.polroles) AS r ORDER BY 1), \
                pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), \
                coalesce(obj_description(p.oid, 'pg_policy'), '') \
         FROM pg_policy p WHERE p.polrelid = $1 ORDER BY p.polname",
    )
    .bind(table.oid)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("policies of table {}", table.name)))?;
    let mut policies = Vec::new();
    for (name, command, permissive, roles, using, with_check, comment) in rows {
        let command = match command.as_str() {
            "*" => PolicyCommand::All,
            "r" => PolicyCommand::Select,
            "a" => PolicyCommand::Insert,
            "w" => PolicyCommand::Update,
            "d" => PolicyCommand::Delete,
            other => {
                return Err(IntrospectError::unsupported(
                    format!("policy {name} on {}", table.name),
                    format!("unknown policy command {other:?}"),
                ))
            }
        };
        policies.push(Policy { name, command, permissive, roles, using, with_check, comment });
    }
    Ok(policies)
}

/// The API roles' privileges on the relation `oid` (a table or view, named
/// `object` in errors). A privilege granted to PUBLIC counts for every API role,
/// since they hold it through PUBLIC. A NULL `relacl` is the owner's default
/// (only the owner has privileges): no grants at all.
pub(super) async fn grants(
    conn: &mut PgConnection,
    oid: Oid,
    object: &str,
    api_roles: &[String],
) -> Result<Vec<Grant>, IntrospectError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.role, acl.privilege_type \
         FROM unnest($2::text[]) AS r(role) \
         JOIN pg_class c ON c.oid = $1 \
         CROSS JOIN LATERAL aclexplode(c.relacl) AS acl \
         WHERE acl.grantee = 0 OR acl.grantee = (SELECT oid FROM pg_roles WHERE rolname = r.role)",
    )
    .bind(oid)
    .bind(api_roles)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("privileges on {object}")))?;
    let grants = api_roles
        .iter()
        .map(|role| Grant {
            role: role.clone(),
            privileges: rows.iter().filter(|(r, _)| r == role).filter_map(|(_, p)| privilege(p)).collect(),
        })
        .collect();
    // Roles without privileges are dropped, and lists sorted, by canonicalize.
    Ok(grants)
}

/// A table privilege as `aclexplode` names it. Privileges the model does not
/// know (MAINTAIN, from PostgreSQL 17) are left out rather than failing the read.
fn privilege(name: &str) -> Option<Privilege> {
    Privilege::ALL.into_iter().find(|p| p.sql() == name)
}

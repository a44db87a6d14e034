//! The migration runner's history table, kept out of the API.
//!
//! sqlx's migrator records applied migrations in `_sqlx_migrations`, which it
//! creates unqualified, so in the connection's current schema: `public` on
//! Supabase, the schema PostgREST exposes, where the platform's default
//! privileges give every API role access to new tables. Left alone, `anon`
//! could read (and write) the history through the API, and Supabase's linter
//! reports the table (`rls_disabled_in_public`). The appliers run this first:
//! the table as the migrator would create it (`IF NOT EXISTS`, its columns, so
//! the migrator then finds it), with row level security on, no policy, and no
//! privilege for `PUBLIC` or any API role. The migrator itself connects as the
//! owner, which row level security does not restrict.

use super::quote::literal;
use crate::model::Platform;

/// The history table's name, unqualified as the migrator uses it.
pub const SQLX_HISTORY_TABLE: &str = "_sqlx_migrations";

/// SQL that creates the migrator's history table if it is missing and closes
/// it to the platform's API roles. Idempotent: it also secures a history table
/// an earlier applier left open.
pub fn secure_sqlx_history(platform: &Platform) -> String {
    let roles: Vec<String> = platform.api_roles.iter().map(|r| literal(r)).collect();
    let revoke_api_roles = if roles.is_empty() {
        String::new()
    } else {
        format!(
            "DO $history$\nDECLARE api_role name;\nBEGIN\n    FOR api_role IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY (ARRAY[{}]::name[]) LOOP\n        EXECUTE pg_catalog.format('REVOKE ALL ON TABLE {SQLX_HISTORY_TABLE} FROM %I', api_role);\n    END LOOP;\nEND\n$history$;\n",
            roles.join(", ")
        )
    };
    format!(
        "CREATE TABLE IF NOT EXISTS {SQLX_HISTORY_TABLE} (\n    version BIGINT PRIMARY KEY,\n    description TEXT NOT NULL,\n    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),\n    success BOOLEAN NOT NULL,\n    checksum BYTEA NOT NULL,\n    execution_time BIGINT NOT NULL\n);\nALTER TABLE {SQLX_HISTORY_TABLE} ENABLE ROW LEVEL SECURITY;\nREVOKE ALL ON TABLE {SQLX_HISTORY_TABLE} FROM PUBLIC;\n{revoke_api_roles}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_the_history_to_every_api_role() {
        let sql = secure_sqlx_history(&Platform::supabase());
        assert!(sql.starts_with("CREATE TABLE IF NOT EXISTS _sqlx_migrations ("), "{sql}");
        assert!(sql.contains("ENABLE ROW LEVEL SECURITY"), "{sql}");
        assert!(sql.contains("ARRAY['anon', 'authenticated', 'service_role']"), "{sql}");
    }
}

//! Supabase's Slack-clone example schema, declared with the schema-as-code
//! toolkit: the declarations are in [`schema`]; [`project`] is all the
//! toolkit needs beside them.

pub mod schema;

use schema::*;
use schema_engine::model::{Platform, Prerequisite, Schema, SchemaGrant};
use schema_engine::project::Project;
use schema_engine::{FunctionDef, PgEnum, TableDef};

/// The Slack clone as a project: its declarations, on Supabase.
pub fn project() -> Project {
    let mut schema = Schema {
        prerequisites: vec![
            auth_function("uid", include_str!("../sql/prerequisites/auth_uid.sql")),
            auth_function("role", include_str!("../sql/prerequisites/auth_role.sql")),
            auth_function("jwt", include_str!("../sql/prerequisites/auth_jwt.sql")),
        ],
        enums: vec![AppPermission::enum_type(), AppRole::enum_type(), UserStatus::enum_type()],
        tables: vec![User::table(), Channel::table(), Message::table(), UserRole::table(), RolePermission::table()],
        functions: vec![Authorize::function(), HandleNewUser::function(), CustomAccessTokenHook::function(), CreateUser::function()],
        schema_grants: vec![SchemaGrant::usage("public", "supabase_auth_admin")],
        ..Schema::default()
    };
    schema.canonicalize();
    let mut project = Project::new("Slack clone", "cargo run -p slack-clone --", env!("CARGO_MANIFEST_DIR"), schema, Platform::supabase());
    project.files.initial_migration = "20240101000000_slack_clone".into();
    project.dictionary.introduction = include_str!("../docs/introduction.md").into();
    project.dictionary.security_model = include_str!("../docs/security.md").into();
    project.dictionary.deviations_heading = "Deviations from full-schema.sql".into();
    project.dictionary.deviations = include_str!("../docs/deviations.md").into();
    project
}

/// `auth.<name>()`, which Supabase Auth provides and the policies call; where
/// it is missing (plain PostgreSQL), `fallback` defines it as Supabase does.
fn auth_function(name: &str, fallback: &str) -> Prerequisite {
    Prerequisite {
        function: format!("auth.{name}()"),
        purpose: format!("Supabase Auth provides auth.{name}(), which the policies and functions call."),
        fallback: fallback.into(),
    }
}

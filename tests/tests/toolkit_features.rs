//! What a second Supabase app needs from the toolkit, on a real PostgreSQL:
//! a small schema modelled on Supabase's Slack clone, declared with the
//! macros below, uses every newer declaration at once: PostgreSQL enum types
//! (as column and argument types), identity keys, foreign keys with actions
//! (to Auth's `auth.users` too), composite UNIQUE, replica identity,
//! Realtime publication membership, a trigger on `auth.users` declared on its
//! function, several policies per command using `auth.uid()`, and grants to
//! Auth's `supabase_auth_admin` (a table, a function, a policy, USAGE on
//! `public`).
//!
//! - it migrates from the Supabase baseline, behaves as declared, and reads
//!   back equal to its declarations (drift is clean, from reading everything);
//! - one tampering per feature is detected, naming the object and the
//!   attribute (and nothing else), and the repair SQL restores it; the
//!   platform's own trigger on `auth.users` is never reported;
//! - the day-two changes are planned and applied with data in the tables: an
//!   enum value added (and used by the same migration), one renamed, one
//!   refused removal, an identity dropped and added back, replica identities
//!   changed, publication membership added and removed; every planned file
//!   passes squawk.

// Several policies on a table are several `policy(...)` arguments of one
// attribute, which clippy's duplicated_attributes takes for a repeated one.
#![allow(clippy::duplicated_attributes)]

use anyhow::{ensure, Context, Result};
use schema_engine::catalog::Catalog;
use schema_engine::compare::{Change, ChangeKind};
use schema_engine::model::*;
use schema_engine::plan::{self, MigrationHints, Plan};
use schema_engine::docs::{render_dictionary, DictionaryText};
use schema_engine::{lower, validate, FunctionDef, PgEnum, TableDef};
use schema_tests::catalog::{drift, listing};
use schema_tests::pg::TestDatabase;
use schema_tests::runners::{apply_script, apply_with_psql, migration_files, psql, squawk, tool_missing};
use sqlx::types::Uuid;
use sqlx::{Executor, PgPool, Row};
use std::path::{Path, PathBuf};
use tokio::sync::OnceCell;

/// The fixture: Supabase's Slack clone, as the toolkit declares it.
// The structs are declarations: their fields are columns and arguments, never
// read as Rust values here.
#[allow(dead_code)]
mod slack {
    use chrono::{DateTime, Utc};
    use schema_macros::{Function, PgEnum, Table};
    use serde_json::Value;
    use sqlx::types::Uuid;

    /// What a role may do beyond its own rows.
    #[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
    #[pg_enum(name = "app_permission")]
    pub enum AppPermission {
        #[pg_enum(rename = "channels.delete")]
        ChannelsDelete,
        #[pg_enum(rename = "messages.delete")]
        MessagesDelete,
    }

    /// Application roles.
    #[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
    #[pg_enum(schema = "public", name = "app_role", rename_all = "snake_case")]
    pub enum AppRole {
        Admin,
        Moderator,
    }

    /// Whether a user is online.
    #[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
    #[pg_enum(name = "user_status", rename_all = "UPPERCASE")]
    pub enum UserStatus {
        Online,
        Offline,
    }

    /// Profile data for each user.
    #[derive(Table)]
    #[table(
        name = "users",
        rls,
        replica_identity = "full",
        publications("supabase_realtime"),
        policy(name = "Allow logged-in read access", command = "select", to(public), using = "auth.role() = 'authenticated'"),
        policy(name = "Allow individual insert access", command = "insert", to(public), with_check = "auth.uid() = id"),
        policy(name = "Allow individual update access", command = "update", to(public), using = "auth.uid() = id"),
        grant(to(authenticated), select, insert, update),
    )]
    pub struct User {
        /// References the internal Supabase Auth user.
        #[column(primary_key, references(table = "auth.users", column = "id", on_delete = "cascade"))]
        pub id: Uuid,
        /// Display name.
        pub username: Option<String>,
        /// Presence.
        #[column(default = "'OFFLINE'::public.user_status")]
        pub status: Option<UserStatus>,
    }

    /// Topics and groups.
    #[derive(Table)]
    #[table(
        name = "channels",
        rls,
        replica_identity = "full",
        publications("supabase_realtime"),
        policy(name = "Allow logged-in read access", command = "select", to(public), using = "auth.role() = 'authenticated'"),
        policy(name = "Allow individual insert access", command = "insert", to(public), with_check = "auth.uid() = created_by"),
        policy(name = "Allow individual delete access", command = "delete", to(public), using = "auth.uid() = created_by"),
        policy(name = "Allow authorized delete access", command = "delete", to(public), using = "public.authorize('channels.delete', auth.uid())"),
        grant(to(authenticated), select, insert, delete),
    )]
    pub struct Channel {
        /// Identifier.
        #[column(primary_key, identity = "by_default")]
        pub id: i64,
        /// When it was created (UTC).
        #[column(default = "timezone('utc'::text, now())")]
        pub inserted_at: DateTime<Utc>,
        /// Its name in URLs.
        #[column(unique)]
        pub slug: String,
        /// Who created it.
        #[column(references(table = "users", column = "id"))]
        pub created_by: Uuid,
    }

    /// Individual messages sent by each user.
    #[derive(Table)]
    #[table(
        name = "messages",
        rls,
        replica_identity = "full",
        publications("supabase_realtime"),
        policy(name = "Allow logged-in read access", command = "select", to(public), using = "auth.role() = 'authenticated'"),
        policy(name = "Allow individual insert access", command = "insert", to(public), with_check = "auth.uid() = user_id"),
        policy(name = "Allow individual update access", command = "update", to(public), using = "auth.uid() = user_id"),
        policy(name = "Allow individual delete access", command = "delete", to(public), using = "auth.uid() = user_id"),
        policy(name = "Allow authorized delete access", command = "delete", to(public), using = "public.authorize('messages.delete', auth.uid())"),
        grant(to(authenticated), select, insert, update, delete),
    )]
    pub struct Message {
        /// Identifier.
        #[column(primary_key, identity = "by_default")]
        pub id: i64,
        /// When it was sent (UTC).
        #[column(default = "timezone('utc'::text, now())")]
        pub inserted_at: DateTime<Utc>,
        /// The text.
        pub message: Option<String>,
        /// Its author.
        #[column(references(table = "users", column = "id"))]
        pub user_id: Uuid,
        /// Its channel: deleting the channel deletes its messages.
        #[column(references(table = "channels", column = "id", on_delete = "cascade", on_update = "cascade"))]
        pub channel_id: i64,
    }

    /// Application roles for each user.
    #[derive(Table)]
    #[table(
        name = "user_roles",
        rls,
        unique(user_id, role),
        policy(name = "Allow individual read access", command = "select", to(public), using = "auth.uid() = user_id"),
        policy(name = "Allow auth admin to read user roles", command = "select", to(supabase_auth_admin), using = "true"),
        grant(to(supabase_auth_admin), all),
    )]
    pub struct UserRole {
        /// Identifier.
        #[column(primary_key, identity = "by_default")]
        pub id: i64,
        /// The user.
        #[column(references(table = "users", column = "id", on_delete = "cascade"))]
        pub user_id: Uuid,
        /// One of the user's roles.
        pub role: AppRole,
    }

    /// Application permissions for each role.
    #[derive(Table)]
    #[table(
        name = "role_permissions",
        rls,
        rls_opt_out = "read only through public.authorize(), a SECURITY DEFINER function",
        unique(role, permission),
    )]
    pub struct RolePermission {
        /// Identifier.
        #[column(primary_key, identity = "always")]
        pub id: i64,
        /// The role.
        pub role: AppRole,
        /// What it may do.
        pub permission: AppPermission,
    }

    /// Whether the caller's role (the access token's `user_role`) holds a permission.
    #[derive(Function)]
    #[function(
        name = "authorize",
        returns = "boolean",
        volatility = "stable",
        security_definer,
        search_path = "",
        body = "fixtures/toolkit_features/authorize.sql",
        execute(authenticated)
    )]
    pub struct Authorize {
        pub requested_permission: AppPermission,
        pub user_id: Uuid,
    }

    /// Creates the profile of a new Auth user, with the role its address asks for.
    #[derive(Function)]
    #[function(
        name = "handle_new_user",
        returns = "trigger",
        security_definer,
        search_path = "",
        body = "fixtures/toolkit_features/handle_new_user.sql",
        trigger(name = "on_auth_user_created", after, insert, table = "auth.users")
    )]
    pub struct HandleNewUser;

    /// A user's first role, if any (an enum type as a function's result).
    #[derive(Function)]
    #[function(
        name = "role_of",
        returns = "public.app_role",
        language = "sql",
        volatility = "stable",
        search_path = "",
        body = "fixtures/toolkit_features/role_of.sql",
        execute(authenticated)
    )]
    pub struct RoleOf {
        pub user_id: Uuid,
    }

    /// Auth's custom access token hook: adds the user's role to the token's claims.
    #[derive(Function)]
    #[function(
        name = "custom_access_token_hook",
        returns = "jsonb",
        volatility = "stable",
        search_path = "",
        body = "fixtures/toolkit_features/custom_access_token_hook.sql",
        execute(supabase_auth_admin)
    )]
    pub struct CustomAccessTokenHook {
        pub event: Value,
    }
}

fn platform() -> Platform {
    Platform::supabase()
}

/// The fixture's declarations.
fn schema() -> Schema {
    let prerequisite = |function: &str, returns: &str, claim: &str| Prerequisite {
        function: format!("{function}()"),
        purpose: format!("Supabase Auth provides {function}(), which the policies read."),
        fallback: format!(
            "CREATE SCHEMA IF NOT EXISTS auth;\nCREATE FUNCTION {function}() RETURNS {returns} LANGUAGE sql STABLE AS \
             $f$ SELECT (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> '{claim}')::{returns} $f$;"
        ),
    };
    let mut schema = Schema {
        prerequisites: vec![prerequisite("auth.uid", "uuid", "sub"), prerequisite("auth.role", "text", "role")],
        tables: vec![
            slack::User::table(),
            slack::Channel::table(),
            slack::Message::table(),
            slack::UserRole::table(),
            slack::RolePermission::table(),
        ],
        functions: vec![
            slack::Authorize::function(),
            slack::HandleNewUser::function(),
            slack::RoleOf::function(),
            slack::CustomAccessTokenHook::function(),
        ],
        enums: vec![slack::AppPermission::enum_type(), slack::AppRole::enum_type(), slack::UserStatus::enum_type()],
        schema_grants: vec![SchemaGrant::usage("public", "supabase_auth_admin")],
        ..Schema::default()
    };
    schema.canonicalize();
    schema
}

/// The fixture's catalog, validated.
fn declared() -> Result<Catalog> {
    let schema = schema();
    validate::validate(&schema, &platform()).map_err(|errors| {
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the fixture is invalid:\n{}", errors.join("\n"))
    })?;
    Ok(lower::lower(&schema, &platform()))
}

/// The first migration: the whole fixture from what the platform provides.
fn initial_plan(declared: &Catalog) -> Result<Plan> {
    let (forward, _) = plan::plan(&lower::baseline(&declared.platform), declared, &MigrationHints::default())
        .map_err(|e| anyhow::anyhow!("planning the fixture: {e:?}"))?;
    Ok(forward)
}

const ADA: Uuid = Uuid::from_u128(0xa1);
const BOB: Uuid = Uuid::from_u128(0xb0b);
const CAT: Uuid = Uuid::from_u128(0xca7);

/// Users (through Auth's table, so the trigger makes their profiles and
/// roles), channels, messages and permissions.
const ROWS: &str = "
INSERT INTO auth.users (id, email) VALUES
    ('00000000-0000-0000-0000-0000000000a1', 'ada+supaadmin@example.com'),
    ('00000000-0000-0000-0000-000000000b0b', 'bob+supamod@example.com'),
    ('00000000-0000-0000-0000-000000000ca7', 'cat@example.com');
INSERT INTO public.role_permissions (role, permission) VALUES
    ('admin', 'channels.delete'), ('admin', 'messages.delete'), ('moderator', 'messages.delete');
INSERT INTO public.channels (slug, created_by) VALUES
    ('public', '00000000-0000-0000-0000-0000000000a1'), ('random', '00000000-0000-0000-0000-000000000b0b');
INSERT INTO public.messages (message, user_id, channel_id) VALUES
    ('Hello World', '00000000-0000-0000-0000-0000000000a1', 1),
    ('Perfection is attained', '00000000-0000-0000-0000-000000000ca7', 2);
";

/// A fresh database with the baseline, the fixture migrated with psql as the
/// README says, and the fixture's rows.
async fn migrated(label: &str, declared: &Catalog) -> Result<TestDatabase> {
    let db = TestDatabase::create_with_baseline(label).await?;
    apply_with_psql(&db, &initial_plan(declared)?, "toolkit features initial", declared)?;
    sqlx::raw_sql(ROWS).execute(db.pool()).await.context("inserting the fixture's rows")?;
    Ok(db)
}

/// The migrated database every tampering and day-two change copies.
static TEMPLATE: OnceCell<TestDatabase> = OnceCell::const_new();

async fn template() -> Result<&'static TestDatabase> {
    TEMPLATE
        .get_or_try_init(|| async {
            let db = migrated("toolkit template", &declared()?).await?;
            db.close_for_copies().await;
            Ok::<_, anyhow::Error>(db)
        })
        .await
}

async fn copy(label: &str) -> Result<TestDatabase> {
    TestDatabase::copy_of(template().await?.name(), label).await
}

/// Runs `sql` in a transaction as `authenticated` with the JWT claims of
/// `user` (and `user_role`, as the access token hook sets it), returning the
/// rows it affected; rolled back.
async fn as_user(pool: &PgPool, user: Uuid, user_role: Option<&str>, sql: &str) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    tx.execute("SET LOCAL ROLE authenticated").await?;
    let claims = serde_json::json!({ "sub": user.to_string(), "role": "authenticated", "user_role": user_role }).to_string();
    sqlx::query("SELECT set_config('request.jwt.claims', $1, true)").bind(claims).execute(&mut *tx).await?;
    let affected = tx.execute(sql).await?.rows_affected();
    tx.rollback().await?;
    Ok(affected)
}

async fn scalar<T>(pool: &PgPool, sql: &str) -> Result<T>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql).fetch_one(pool).await.with_context(|| sql.to_owned())
}

/// What a reviewer reads: the dictionary and the first migration of the
/// fixture (snapshots under `tests/snapshots/`).
#[test]
fn the_fixture_renders_its_dictionary_and_first_migration() -> Result<()> {
    let declared = declared()?;
    let text = DictionaryText { title: "Slack clone (toolkit fixture)".into(), ..DictionaryText::default() };
    let dictionary = render_dictionary(&schema(), &declared, &text);
    for expected in [
        "| `public.app_role` | `admin`, `moderator` | Application roles. |",
        "→ auth.users.id (on delete cascade)",
        "identity (GENERATED BY DEFAULT); PK",
        "**Replica identity**: full",
        "**Publications**: `supabase_realtime`",
        "**Trigger**: `on_auth_user_created` AFTER INSERT on `auth.users`",
        "- `supabase_auth_admin` on schema `public`: USAGE",
    ] {
        ensure!(dictionary.contains(expected), "the dictionary lacks `{expected}`:\n{dictionary}");
    }
    insta::assert_snapshot!("dictionary", dictionary);
    insta::assert_snapshot!("first_migration", plan::render_steps(&initial_plan(&declared)?));
    Ok(())
}

#[tokio::test]
async fn the_fixture_migrates_behaves_and_reads_back_as_declared() -> Result<()> {
    let declared = declared()?;
    let db = migrated("toolkit features", &declared).await?;
    let pool = db.pool();

    // The catalog read back equals the declarations, from reading everything.
    let (rendered, live, changes) = drift(&db, &declared).await?;
    ensure!(changes.is_empty(), "{} difference(s) between the fixture and the migrated database:\n{}", changes.len(), listing(&changes));
    assert_eq!(live.enums.len(), 3, "the enum types are read");
    assert_eq!(live.tables.len(), 5, "auth.users is the platform's, not read as the project's: {:?}", live.tables.iter().map(|t| t.name.to_string()).collect::<Vec<_>>());
    assert_eq!(live.functions.len(), 4);
    assert_eq!(live.provided_table_triggers.len(), 1, "the project's trigger on auth.users is read");
    assert_eq!(live.table(&QualifiedName::new("public", "channels")).map(|t| t.replica_identity.clone()), Some(ReplicaIdentity::Full));
    assert!(live.schema("public").is_some_and(|s| s.grants.iter().any(|g| g.role == "supabase_auth_admin")), "USAGE on public is read");
    assert_eq!(rendered.enums, declared.enums);

    // The trigger on auth.users made the profiles and, by address, the roles.
    let roles: Vec<(Uuid, String)> = sqlx::query_as("SELECT user_id, role::text FROM public.user_roles ORDER BY role").fetch_all(pool).await?;
    assert_eq!(roles, [(ADA, "admin".to_owned()), (BOB, "moderator".to_owned())]);
    assert_eq!(scalar::<String>(pool, "SELECT status::text FROM public.users WHERE id = '00000000-0000-0000-0000-000000000ca7'").await?, "OFFLINE");
    assert_eq!(scalar::<String>(pool, "SELECT public.role_of('00000000-0000-0000-0000-000000000b0b')::text").await?, "moderator");
    // The Rust enum travels as the enum type, alone and in arrays.
    let role: slack::AppRole = sqlx::query_scalar("SELECT role FROM public.user_roles WHERE user_id = $1").bind(ADA).fetch_one(pool).await?;
    assert_eq!(role, slack::AppRole::Admin);
    let holders: i64 = sqlx::query_scalar("SELECT count(*) FROM public.user_roles WHERE role = $1").bind(slack::AppRole::Moderator).fetch_one(pool).await?;
    assert_eq!(holders, 1);
    let all: Vec<slack::AppRole> = sqlx::query_scalar("SELECT array_agg(role ORDER BY role) FROM public.user_roles").fetch_one(pool).await?;
    assert_eq!(all, [slack::AppRole::Admin, slack::AppRole::Moderator]);

    // Identity keys: BY DEFAULT numbers rows, ALWAYS refuses a given value;
    // the API roles got nothing on their sequences (inserts need nothing).
    assert_eq!(scalar::<Vec<i64>>(pool, "SELECT array_agg(id ORDER BY id) FROM public.channels").await?, [1, 2]);
    let sequence_privileges = "SELECT count(*) FROM unnest(ARRAY['public.channels', 'public.messages', 'public.user_roles', 'public.role_permissions']) AS t, \
        unnest(ARRAY['anon', 'authenticated', 'service_role']) AS r WHERE has_sequence_privilege(r, pg_get_serial_sequence(t, 'id'), 'USAGE, SELECT, UPDATE')";
    assert_eq!(scalar::<i64>(pool, sequence_privileges).await?, 0);
    assert_eq!(as_user(pool, CAT, None, "INSERT INTO public.channels (slug, created_by) VALUES ('cats', '00000000-0000-0000-0000-000000000ca7')").await?, 1);
    let always = pool.execute("INSERT INTO public.role_permissions (id, role, permission) VALUES (9, 'moderator', 'channels.delete')").await;
    assert!(always.unwrap_err().to_string().contains("cannot insert a non-DEFAULT value into column \"id\""));
    // Enum types refuse other labels; the composite UNIQUE refuses a second admin role.
    let label = pool.execute("INSERT INTO public.user_roles (user_id, role) VALUES ('00000000-0000-0000-0000-000000000ca7', 'owner')").await;
    assert!(label.unwrap_err().to_string().contains("invalid input value for enum app_role: \"owner\""));
    let twice = pool.execute("INSERT INTO public.user_roles (user_id, role) VALUES ('00000000-0000-0000-0000-0000000000a1', 'admin')").await;
    assert!(twice.unwrap_err().to_string().contains("user_roles_user_id_role_key"));

    // Several policies per command: inserting as oneself only; deleting one's
    // own message, or anyone's with the permission (the two are OR-ed).
    let own = "INSERT INTO public.messages (message, user_id, channel_id) VALUES ('hi', '00000000-0000-0000-0000-000000000ca7', 1)";
    assert_eq!(as_user(pool, CAT, None, own).await?, 1);
    let other = as_user(pool, BOB, None, own).await;
    assert!(other.unwrap_err().to_string().contains("new row violates row-level security policy"));
    let delete_cats = "DELETE FROM public.messages WHERE user_id = '00000000-0000-0000-0000-000000000ca7'";
    assert_eq!(as_user(pool, CAT, None, delete_cats).await?, 1, "the author deletes");
    assert_eq!(as_user(pool, BOB, Some("moderator"), delete_cats).await?, 1, "a moderator may delete messages");
    assert_eq!(as_user(pool, ADA, None, delete_cats).await?, 0, "without the role in the token, nothing");
    assert_eq!(as_user(pool, BOB, Some("moderator"), "DELETE FROM public.channels").await?, 1, "a moderator deletes only its own channel");
    assert_eq!(as_user(pool, ADA, Some("admin"), "DELETE FROM public.channels").await?, 2, "an admin may delete channels");

    // Auth's role: USAGE on public, SELECT through its policy, EXECUTE on the hook; nobody else may call it.
    let event = "SELECT public.custom_access_token_hook('{\"user_id\": \"00000000-0000-0000-0000-0000000000a1\", \"claims\": {}}') -> 'claims' ->> 'user_role'";
    let mut tx = pool.begin().await?;
    tx.execute("SET LOCAL ROLE supabase_auth_admin").await?;
    let claimed: String = sqlx::query_scalar(event).fetch_one(&mut *tx).await?;
    tx.rollback().await?;
    assert_eq!(claimed, "admin");
    let denied = as_user(pool, ADA, None, event).await;
    assert!(denied.unwrap_err().to_string().contains("permission denied for function custom_access_token_hook"));

    // Foreign key actions: a channel takes its messages with it, and a new id follows.
    pool.execute("UPDATE public.channels SET id = 20 WHERE id = 2").await?;
    assert_eq!(scalar::<i64>(pool, "SELECT channel_id FROM public.messages WHERE message = 'Perfection is attained'").await?, 20, "ON UPDATE CASCADE");
    pool.execute("DELETE FROM public.channels WHERE id = 20").await?;
    assert_eq!(scalar::<i64>(pool, "SELECT count(*) FROM public.messages").await?, 1, "ON DELETE CASCADE");
    pool.execute("DELETE FROM auth.users WHERE id = '00000000-0000-0000-0000-000000000b0b'").await?;
    assert_eq!(scalar::<i64>(pool, "SELECT count(*) FROM public.user_roles WHERE user_id = '00000000-0000-0000-0000-000000000b0b'").await?, 0, "deleting the Auth user deletes the profile and its roles");

    // Realtime sees the declared tables, with their old rows.
    let published: Vec<String> = sqlx::query_scalar("SELECT tablename::text FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY 1").fetch_all(pool).await?;
    assert_eq!(published, ["channels", "messages", "users"]);

    // The platform's own objects stay the platform's.
    assert!(live.tables.iter().all(|t| t.name.schema == "public"));
    Ok(())
}

/// A tampering and what drift must say about it.
struct Tamper {
    kind: &'static str,
    sql: &'static str,
    /// `(object, what)` drift must report (an attribute's name, or `extra` /
    /// `missing`); nothing else may be reported.
    expect: &'static [(&'static str, &'static str)],
    /// What the repair cannot do, if it cannot restore the database by itself.
    unrepairable: Option<&'static str>,
}

const fn tamper(kind: &'static str, sql: &'static str, expect: &'static [(&'static str, &'static str)]) -> Tamper {
    Tamper { kind, sql, expect, unrepairable: None }
}

const TAMPERS: &[Tamper] = &[
    tamper("enum type comment", "COMMENT ON TYPE public.app_role IS 'tampered'", &[("type public.app_role", "comment")]),
    Tamper {
        kind: "enum value added",
        sql: "ALTER TYPE public.app_role ADD VALUE 'guest'",
        expect: &[("type public.app_role", "values")],
        unrepairable: Some("type public.app_role: value \"guest\" would be removed"),
    },
    tamper("enum column default", "ALTER TABLE public.users ALTER COLUMN status SET DEFAULT 'ONLINE'", &[("column public.users.status", "default")]),
    tamper("identity dropped", "ALTER TABLE public.channels ALTER COLUMN id DROP IDENTITY", &[("column public.channels.id", "identity")]),
    tamper("identity kind", "ALTER TABLE public.role_permissions ALTER COLUMN id SET GENERATED BY DEFAULT", &[("column public.role_permissions.id", "identity")]),
    tamper(
        "foreign key action",
        "ALTER TABLE public.messages DROP CONSTRAINT messages_channel_id_fkey; \
         ALTER TABLE public.messages ADD CONSTRAINT messages_channel_id_fkey FOREIGN KEY (channel_id) REFERENCES public.channels (id)",
        &[("constraint messages_channel_id_fkey on public.messages", "definition")],
    ),
    tamper("foreign key to auth.users dropped", "ALTER TABLE public.users DROP CONSTRAINT users_id_fkey", &[("constraint users_id_fkey on public.users", "missing")]),
    tamper(
        "composite unique dropped",
        "ALTER TABLE public.user_roles DROP CONSTRAINT user_roles_user_id_role_key",
        &[("constraint user_roles_user_id_role_key on public.user_roles", "missing")],
    ),
    tamper("replica identity", "ALTER TABLE public.messages REPLICA IDENTITY DEFAULT", &[("table public.messages", "replica_identity")]),
    tamper("left the publication", "ALTER PUBLICATION supabase_realtime DROP TABLE public.messages", &[("table public.messages", "publications")]),
    tamper("joined the publication", "ALTER PUBLICATION supabase_realtime ADD TABLE public.user_roles", &[("table public.user_roles", "publications")]),
    tamper("auth.users trigger dropped", "DROP TRIGGER on_auth_user_created ON auth.users", &[("trigger on_auth_user_created on auth.users", "missing")]),
    tamper("auth.users trigger disabled", "ALTER TABLE auth.users DISABLE TRIGGER on_auth_user_created", &[("trigger on_auth_user_created on auth.users", "enabled")]),
    tamper(
        "auth.users trigger added",
        "CREATE TRIGGER tamper_on_update AFTER UPDATE ON auth.users FOR EACH ROW EXECUTE FUNCTION public.handle_new_user()",
        &[("trigger tamper_on_update on auth.users", "extra")],
    ),
    // The platform's own trigger (its function is in a schema of its own) is none of the project's business.
    tamper(
        "the platform's own auth.users trigger",
        "CREATE FUNCTION auth.touch_user() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$; \
         CREATE TRIGGER platform_touch BEFORE UPDATE ON auth.users FOR EACH ROW EXECUTE FUNCTION auth.touch_user()",
        &[],
    ),
    tamper(
        "one of two delete policies dropped",
        "DROP POLICY \"Allow authorized delete access\" ON public.messages",
        &[("policy Allow authorized delete access on public.messages", "missing")],
    ),
    tamper(
        "insert policy check",
        "ALTER POLICY \"Allow individual insert access\" ON public.messages WITH CHECK (true)",
        &[("policy Allow individual insert access on public.messages", "with_check")],
    ),
    tamper(
        "policy of supabase_auth_admin",
        "ALTER POLICY \"Allow auth admin to read user roles\" ON public.user_roles TO authenticated",
        &[("policy Allow auth admin to read user roles on public.user_roles", "roles")],
    ),
    tamper(
        "hook EXECUTE revoked",
        "REVOKE EXECUTE ON FUNCTION public.custom_access_token_hook(jsonb) FROM supabase_auth_admin",
        &[("function public.custom_access_token_hook(jsonb)", "privileges")],
    ),
    tamper(
        "hook EXECUTE granted",
        "GRANT EXECUTE ON FUNCTION public.custom_access_token_hook(jsonb) TO authenticated, PUBLIC",
        &[("function public.custom_access_token_hook(jsonb)", "privileges")],
    ),
    tamper("schema USAGE revoked", "REVOKE USAGE ON SCHEMA public FROM supabase_auth_admin", &[("schema public", "privileges")]),
    tamper("table grant revoked", "REVOKE DELETE, TRUNCATE ON public.user_roles FROM supabase_auth_admin", &[("table public.user_roles", "privileges")]),
];

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

async fn check_tamper(declared: &Catalog, tamper: &Tamper) -> Result<()> {
    let db = copy(tamper.kind).await?;
    sqlx::raw_sql(tamper.sql).execute(db.pool()).await.with_context(|| format!("{}: tampering", tamper.kind))?;
    let (rendered, live, changes) = drift(&db, declared).await?;
    let found: Vec<(String, String)> = changes.iter().map(key).collect();
    let mut expected: Vec<(String, String)> = tamper.expect.iter().map(|(o, w)| ((*o).to_owned(), (*w).to_owned())).collect();
    let mut reported = found.clone();
    expected.sort();
    reported.sort();
    reported.dedup();
    ensure!(reported == expected, "{}: drift reported\n{}expected {expected:?}", tamper.kind, listing(&changes));
    let repair = plan::repair(&live, &rendered);
    if let Some(note) = tamper.unrepairable {
        ensure!(repair.manual.iter().any(|m| m.starts_with(note)), "{}: the repair should say `{note}`: {:?}", tamper.kind, repair.manual);
        return Ok(());
    }
    if tamper.expect.is_empty() {
        ensure!(repair.is_empty(), "{}: nothing to repair, yet {:?}", tamper.kind, repair.steps);
        return Ok(());
    }
    apply_script(&db, &repair, tamper.kind, declared)?;
    let (_, _, after) = drift(&db, declared).await?;
    let script = plan::render_script(&repair, "-- repair", &declared.platform);
    ensure!(after.is_empty(), "{}: drift after the repair:\n{}--- repair ---\n{script}", tamper.kind, listing(&after));
    Ok(())
}

#[tokio::test]
async fn each_tampering_is_detected_by_object_and_attribute_and_repaired() -> Result<()> {
    let declared = declared()?;
    let mut failures = Vec::new();
    for tamper in TAMPERS {
        if let Err(error) = check_tamper(&declared, tamper).await {
            failures.push(format!("{error:#}"));
        }
    }
    ensure!(failures.is_empty(), "{} of {} tamper kinds failed:\n\n{}", failures.len(), TAMPERS.len(), failures.join("\n\n"));
    // The repaired identity continues after the rows it had.
    let db = copy("identity repaired").await?;
    sqlx::raw_sql("ALTER TABLE public.channels ALTER COLUMN id DROP IDENTITY").execute(db.pool()).await?;
    let (rendered, live, _) = drift(&db, &declared).await?;
    apply_script(&db, &plan::repair(&live, &rendered), "identity repaired", &declared)?;
    db.pool().execute("INSERT INTO public.channels (slug, created_by) VALUES ('new', '00000000-0000-0000-0000-0000000000a1')").await?;
    assert_eq!(scalar::<i64>(db.pool(), "SELECT id FROM public.channels WHERE slug = 'new'").await?, 3);
    Ok(())
}

/// A day-two change: the fixture edited, with its hints.
struct DayTwo {
    label: &'static str,
    hints: MigrationHints,
    edited: Catalog,
}

fn table<'a>(catalog: &'a mut Catalog, name: &str) -> &'a mut schema_engine::catalog::Table {
    catalog.tables.iter_mut().find(|t| t.name.name == name).unwrap_or_else(|| panic!("no table {name}"))
}

fn app_role(catalog: &mut Catalog) -> &mut schema_engine::catalog::EnumType {
    catalog.enums.iter_mut().find(|e| e.name.name == "app_role").expect("declared")
}

/// Plans `change` from `from`, applies it with psql to `db`, and checks that
/// drift then finds the edited declarations. Returns the files, for squawk.
async fn migrate(db: &TestDatabase, from: &Catalog, change: &DayTwo) -> Result<Vec<(bool, String)>> {
    let (forward, _) = plan::plan(from, &change.edited, &change.hints).map_err(|e| anyhow::anyhow!("{}: {e:?}", change.label))?;
    apply_with_psql(db, &forward, change.label, &change.edited)?;
    let (_, _, changes) = drift(db, &change.edited).await?;
    ensure!(changes.is_empty(), "{}: after the migration:\n{}", change.label, listing(&changes));
    Ok(migration_files(&forward, change.label, &change.edited))
}

#[tokio::test]
async fn day_two_changes_are_planned_applied_with_rows_and_linted() -> Result<()> {
    let declared = declared()?;
    let mut files: Vec<(String, String)> = initial_plan(&declared).map(|p| {
        migration_files(&p, "initial", &declared).into_iter().enumerate().map(|(at, (_, sql))| (format!("initial_{at}"), sql)).collect()
    })?;
    let mut keep = |label: &str, planned: Vec<(bool, String)>| {
        files.extend(planned.into_iter().enumerate().map(|(at, (_, sql))| (format!("{}_{at}", label.replace(' ', "_")), sql)));
    };

    // An enum value added at each end and used by the same migration: the
    // values commit in a file of their own first.
    let mut edited = declared.clone();
    app_role(&mut edited).values = ["owner", "admin", "moderator", "guest"].map(str::to_owned).to_vec();
    table(&mut edited, "user_roles").columns.iter_mut().find(|c| c.name == "role").expect("declared").default = Some("'guest'::public.app_role".into());
    let added = DayTwo { label: "enum values added", hints: MigrationHints::default(), edited };
    let (forward, _) = plan::plan(&declared, &added.edited, &added.hints).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let planned = forward.files();
    assert_eq!(planned.len(), 2, "{planned:?}");
    assert_eq!(planned[0].slug(), "enum_values");
    // Without that file of its own, PostgreSQL refuses the migration.
    let db = copy("enum values added").await?;
    let one_file = migration_files(&forward, "one transaction", &added.edited).into_iter().map(|(_, sql)| sql).collect::<Vec<_>>().join("\n");
    let output = psql(db.url(), &one_file, true)?;
    assert!(!output.status.success() && String::from_utf8_lossy(&output.stderr).contains("unsafe use of new value \"guest\""), "{}", String::from_utf8_lossy(&output.stderr));
    keep(added.label, migrate(&db, &declared, &added).await?);
    db.pool().execute("INSERT INTO public.user_roles (user_id) VALUES ('00000000-0000-0000-0000-000000000ca7')").await?;
    assert_eq!(scalar::<String>(db.pool(), "SELECT role::text FROM public.user_roles WHERE user_id = '00000000-0000-0000-0000-000000000ca7'").await?, "guest");
    let labels: Vec<String> = sqlx::query_scalar("SELECT unnest(enum_range(NULL::public.app_role))::text").fetch_all(db.pool()).await?;
    assert_eq!(labels, ["owner", "admin", "moderator", "guest"]);

    // A value renamed through its hint: the rows holding it read the new label.
    let mut edited = declared.clone();
    app_role(&mut edited).values = ["admin", "mod"].map(str::to_owned).to_vec();
    let hints = MigrationHints {
        renamed_enum_values: vec![(QualifiedName::new("public", "app_role"), "mod".into(), "moderator".into())],
        ..MigrationHints::default()
    };
    let renamed = DayTwo { label: "enum value renamed", hints, edited };
    let db = copy("enum value renamed").await?;
    keep(renamed.label, migrate(&db, &declared, &renamed).await?);
    assert_eq!(scalar::<String>(db.pool(), "SELECT role::text FROM public.user_roles WHERE user_id = '00000000-0000-0000-0000-000000000b0b'").await?, "mod");
    let (_, back) = plan::plan(&declared, &renamed.edited, &renamed.hints).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    apply_script(&db, &back, "enum rename rollback", &declared)?;
    let (_, _, changes) = drift(&db, &declared).await?;
    ensure!(changes.is_empty(), "the rollback renames it back:\n{}", listing(&changes));

    // A removed value is refused, naming the type and the value.
    let mut edited = declared.clone();
    app_role(&mut edited).values = vec!["admin".into()];
    let errors = plan::plan(&declared, &edited, &MigrationHints::default()).expect_err("a removal is refused");
    assert!(errors.iter().any(|e| e.to_string().starts_with("type public.app_role: value \"moderator\" would be removed")), "{errors:?}");

    // An identity dropped, rows given explicit ids, then the identity added
    // back: the sequence continues after them.
    let mut edited = declared.clone();
    table(&mut edited, "channels").columns[0].identity = None;
    let dropped = DayTwo { label: "identity dropped", hints: MigrationHints::default(), edited };
    let db = copy("identity").await?;
    keep(dropped.label, migrate(&db, &declared, &dropped).await?);
    db.pool().execute("INSERT INTO public.channels (id, slug, created_by) VALUES (41, 'forty-one', '00000000-0000-0000-0000-0000000000a1')").await?;
    let restored = DayTwo { label: "identity added", hints: MigrationHints::default(), edited: declared.clone() };
    keep(restored.label, migrate(&db, &dropped.edited, &restored).await?);
    db.pool().execute("INSERT INTO public.channels (slug, created_by) VALUES ('next', '00000000-0000-0000-0000-0000000000a1')").await?;
    assert_eq!(scalar::<i64>(db.pool(), "SELECT id FROM public.channels WHERE slug = 'next'").await?, 42);
    let usage = "SELECT has_sequence_privilege('anon', pg_get_serial_sequence('public.channels', 'id'), 'USAGE')";
    assert!(!scalar::<bool>(db.pool(), usage).await?, "the new sequence's default privileges are revoked");

    // Replica identities changed (back to the key, and to a unique index) and
    // publication membership added and removed.
    let mut edited = declared.clone();
    table(&mut edited, "messages").replica_identity = ReplicaIdentity::Default;
    table(&mut edited, "channels").replica_identity = ReplicaIdentity::Index("channels_slug_key".into());
    table(&mut edited, "users").publications.clear();
    table(&mut edited, "role_permissions").publications.push("supabase_realtime".into());
    let replication = DayTwo { label: "replication", hints: MigrationHints::default(), edited };
    let (forward, _) = plan::plan(&declared, &replication.edited, &replication.hints).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let statements: Vec<String> = forward.steps.iter().flat_map(|s| s.statements.iter().map(|x| x.render())).collect();
    for expected in [
        "ALTER TABLE public.messages REPLICA IDENTITY DEFAULT;",
        "ALTER TABLE public.channels REPLICA IDENTITY USING INDEX channels_slug_key;",
        "ALTER PUBLICATION supabase_realtime DROP TABLE public.users;",
        "ALTER PUBLICATION supabase_realtime ADD TABLE public.role_permissions;",
    ] {
        assert!(statements.iter().any(|s| s == expected), "no `{expected}` in {statements:?}");
    }
    assert!(forward.steps.iter().all(|s| s.safety == plan::Safety::Safe && s.transactional()), "{:?}", forward.steps);
    let db = copy("replication").await?;
    keep(replication.label, migrate(&db, &declared, &replication).await?);
    let identities: Vec<(String, String)> =
        sqlx::query("SELECT relname::text, relreplident::text FROM pg_class WHERE oid IN ('public.channels'::regclass, 'public.messages'::regclass, 'public.users'::regclass) ORDER BY 1")
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
    assert_eq!(identities, [("channels".into(), "i".into()), ("messages".into(), "d".into()), ("users".into(), "f".into())]);
    let published: Vec<String> = sqlx::query_scalar("SELECT tablename::text FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY 1").fetch_all(db.pool()).await?;
    assert_eq!(published, ["channels", "messages", "role_permissions"]);

    lint(&files)
}

/// squawk on every planned file, with the project's settings: each passes,
/// but for the changes that really rename or break something for clients,
/// which stay flagged for the reviewer (as a renamed table is): a renamed
/// enum value (`renaming-object`) and a dropped identity (`ban-alter-identity`).
fn lint(files: &[(String, String)]) -> Result<()> {
    const FLAGGED: &[(&str, &str)] = &[("enum_value_renamed_0", "renaming-object"), ("identity_dropped_0", "ban-alter-identity")];
    let Some(squawk) = squawk() else {
        return tool_missing("squawk (pip install squawk-cli, or set SQUAWK)");
    };
    let dir = std::env::temp_dir().join(format!("toolkit-features-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for (name, sql) in files {
        let path = dir.join(format!("{name}.sql"));
        std::fs::write(&path, sql)?;
        paths.push(path);
    }
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.squawk.toml");
    let output = std::process::Command::new(&squawk).arg("--config").arg(config).args(["--reporter", "gcc"]).args(&paths).output()?;
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    // `path:line:column: warning: rule message`
    let mut found: Vec<(String, String)> = report
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": warning: ").or_else(|| line.split_once(": error: "))?;
            let file = Path::new(location.split(':').next()?).file_stem()?.to_string_lossy().into_owned();
            Some((file, rest.split_whitespace().next()?.to_owned()))
        })
        .collect();
    found.sort();
    let expected: Vec<(String, String)> = FLAGGED.iter().map(|(f, r)| ((*f).to_owned(), (*r).to_owned())).collect();
    ensure!(found == expected, "squawk on {} file(s) found {found:?}, expected only {expected:?}:\n{report}{}", paths.len(), String::from_utf8_lossy(&output.stderr));
    println!("squawk: {} file(s) pass, {} flagged as expected", paths.len() - FLAGGED.len(), FLAGGED.len());
    Ok(())
}

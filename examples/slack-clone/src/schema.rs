//! The public schema of Supabase's Slack clone
//! (`examples/slack-clone/nextjs-slack-clone/full-schema.sql` in
//! supabase/supabase), declared with the toolkit: its types, tables,
//! policies, functions, the trigger on `auth.users`, grants, replica
//! identities and Realtime publication membership.

// The structs are declarations: their fields are columns and arguments.
#![allow(dead_code)]
// Several policies on a table are several `policy(...)` arguments of one
// attribute, which clippy's duplicated_attributes takes for a repeated one.
#![allow(clippy::duplicated_attributes)]

use chrono::{DateTime, Utc};
use schema_macros::{Function, PgEnum, Table};
use serde_json::Value;
use uuid::Uuid;

/// What a role may do beyond a user's own rows.
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
#[pg_enum(name = "app_role", rename_all = "snake_case")]
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
    grant(to(anon, authenticated, service_role), all),
)]
pub struct User {
    /// References the internal Supabase Auth user.
    #[column(primary_key, references(table = "auth.users", column = "id"))]
    pub id: Uuid,
    /// The name shown beside the user's messages.
    pub username: Option<String>,
    /// Whether the user is online.
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
    policy(name = "Allow authorized delete access", command = "delete", to(public), using = "authorize('channels.delete', auth.uid())"),
    grant(to(anon, authenticated, service_role), all),
)]
pub struct Channel {
    /// The channel's number.
    #[column(primary_key, identity = "by_default")]
    pub id: i64,
    /// When the channel was created.
    #[column(default = "timezone('utc'::text, now())")]
    pub inserted_at: DateTime<Utc>,
    /// The channel's name in URLs.
    #[column(unique)]
    pub slug: String,
    /// The user who created the channel.
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
    policy(name = "Allow authorized delete access", command = "delete", to(public), using = "authorize('messages.delete', auth.uid())"),
    grant(to(anon, authenticated, service_role), all),
)]
pub struct Message {
    /// The message's number.
    #[column(primary_key, identity = "by_default")]
    pub id: i64,
    /// When the message was sent.
    #[column(default = "timezone('utc'::text, now())")]
    pub inserted_at: DateTime<Utc>,
    /// What the message says.
    pub message: Option<String>,
    /// The user who sent it.
    #[column(references(table = "users", column = "id"))]
    pub user_id: Uuid,
    /// The channel it was sent to; deleting the channel deletes its messages.
    #[column(references(table = "channels", column = "id", on_delete = "cascade"))]
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
    grant(to(service_role, supabase_auth_admin), all),
)]
pub struct UserRole {
    /// The assignment's number.
    #[column(primary_key, identity = "by_default")]
    pub id: i64,
    /// The user who holds the role; deleting the user deletes the assignment.
    #[column(references(table = "users", column = "id", on_delete = "cascade"))]
    pub user_id: Uuid,
    /// The role held.
    pub role: AppRole,
}

/// Application permissions for each role.
#[derive(Table)]
#[table(
    name = "role_permissions",
    rls,
    rls_opt_out = "no policy: nobody reads it through the API; authorize(), a SECURITY DEFINER function, reads it for the policies",
    unique(role, permission),
    grant(to(anon, authenticated, service_role), all),
)]
pub struct RolePermission {
    /// The grant's number.
    #[column(primary_key, identity = "by_default")]
    pub id: i64,
    /// The role granted the permission.
    pub role: AppRole,
    /// The permission granted.
    pub permission: AppPermission,
}

/// Whether the caller's role (the access token's `user_role` claim) holds
/// `requested_permission`: role-based access control for the policies.
#[derive(Function)]
#[function(
    name = "authorize",
    returns = "boolean",
    security_definer,
    search_path = "public",
    body = "sql/authorize.sql",
    execute(anon, authenticated, service_role)
)]
pub struct Authorize {
    pub requested_permission: AppPermission,
    pub user_id: Uuid,
}

/// Inserts a row into public.users for a new Auth user, and assigns the role
/// its address asks for (`+supaadmin@`, `+supamod@`).
#[derive(Function)]
#[function(
    name = "handle_new_user",
    returns = "trigger",
    security_definer,
    search_path = "auth, public",
    body = "sql/handle_new_user.sql",
    execute(anon, authenticated, service_role),
    trigger(name = "on_auth_user_created", after, insert, table = "auth.users")
)]
pub struct HandleNewUser;

/// Supabase Auth's custom access token hook: adds the user's role to the
/// access token's claims as `user_role`.
#[derive(Function)]
#[function(
    name = "custom_access_token_hook",
    returns = "jsonb",
    volatility = "immutable",
    search_path = "",
    body = "sql/custom_access_token_hook.sql",
    execute(service_role, supabase_auth_admin)
)]
pub struct CustomAccessTokenHook {
    pub event: Value,
}

/// Creates an Auth user with `email` (a helper for tests and seeding).
#[derive(Function)]
#[function(
    name = "create_user",
    returns = "uuid",
    security_definer,
    search_path = "auth",
    body = "sql/create_user.sql",
    execute(anon, authenticated, service_role)
)]
pub struct CreateUser {
    pub email: String,
}

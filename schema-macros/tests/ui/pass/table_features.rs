//! What a Supabase app's tables declare: identity keys, foreign keys with
//! actions (to the platform's `auth.users` too), composite UNIQUE, replica
//! identity, publications, grants of everything to a platform role, and
//! triggers on the platform's tables declared on their function.

use schema_engine::model::*;
use schema_engine::{FunctionDef, TableDef};
use schema_macros::{Function, Table};
use uuid::Uuid;

/// Messages.
#[derive(Table)]
#[table(
    name = "messages",
    rls_opt_out = "test",
    unique(user_id, channel_id),
    replica_identity = "full",
    publications("supabase_realtime"),
    grant(to(supabase_auth_admin), all),
)]
pub struct Message {
    /// Id.
    #[column(primary_key, identity = "by_default")]
    pub id: i64,
    /// Author.
    #[column(references(table = "auth.users", column = "id", on_delete = "cascade", on_update = "restrict"))]
    pub user_id: Uuid,
    /// Channel.
    #[column(references(table = "channels", column = "id"))]
    pub channel_id: i64,
    /// A counter the database fills.
    #[column(identity = "always")]
    pub seq: i32,
}

/// Keyed by a unique index.
#[derive(Table)]
#[table(name = "slugs", rls_opt_out = "test", replica_identity(index = "slugs_slug_key"))]
pub struct Slug {
    /// Slug.
    #[column(unique)]
    pub slug: String,
}

/// Creates the profile of a new Auth user.
#[derive(Function)]
#[function(
    name = "handle_new_user",
    returns = "trigger",
    security_definer,
    search_path = "",
    body = "Cargo.toml",
    trigger(name = "on_auth_user_created", after, insert, table = "auth.users"),
)]
pub struct HandleNewUser;

fn main() {
    let table = Message::table();
    let id = table.column("id").unwrap();
    assert_eq!((id.data_type.as_str(), id.identity, id.nullable), ("bigint", Some(Identity::ByDefault), false));
    assert_eq!(table.column("seq").unwrap().identity, Some(Identity::Always));
    assert_eq!(table.replica_identity, ReplicaIdentity::Full);
    assert_eq!(table.publications, ["supabase_realtime"]);
    let names: Vec<&str> = table.constraints.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["messages_pkey", "messages_user_id_channel_id_key", "messages_channel_id_fkey", "messages_user_id_fkey"]);
    let fk = table.constraints.iter().find(|c| c.name == "messages_user_id_fkey").unwrap();
    let ConstraintKind::ForeignKey { references, on_delete, on_update, .. } = &fk.kind else { panic!("{fk:?}") };
    assert_eq!((references.to_string(), *on_delete, *on_update), ("auth.users".to_owned(), ReferentialAction::Cascade, ReferentialAction::Restrict));
    assert_eq!(table.grants, [Grant::new("supabase_auth_admin", Privilege::ALL.to_vec())]);
    assert_eq!(Slug::table().replica_identity, ReplicaIdentity::Index("slugs_slug_key".into()));

    let function = HandleNewUser::function();
    assert_eq!(function.triggers.len(), 1);
    let provided = &function.triggers[0];
    assert_eq!(provided.table, QualifiedName::new("auth", "users"));
    assert_eq!(provided.trigger, Trigger::new("on_auth_user_created", TriggerTiming::After, vec![TriggerEvent::Insert], QualifiedName::new("public", "handle_new_user")));
}

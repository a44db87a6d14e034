//! A `#[derive(PgEnum)]` enum is a PostgreSQL enum type: its declaration
//! (name, labels in order, doc comment), the SQL type of columns and
//! arguments of it, the rename hints, and the same spelling everywhere.

use schema_engine::model::{FunctionReturn, QualifiedName};
use schema_engine::{ColumnType, FunctionDef, PgEnum, TableDef};
use schema_macros::{Function, PgEnum, Table};
use std::str::FromStr;
use uuid::Uuid;

/// Application roles.
#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[pg_enum(name = "app_role", rename_all = "snake_case")]
pub enum AppRole {
    Admin,
    /// Was `mod` until the last migration.
    #[pg_enum(renamed_from = "mod")]
    Moderator,
}

/// Permissions, spelled one by one, in another schema.
#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[pg_enum(schema = "app", name = "app_permission")]
pub enum AppPermission {
    #[pg_enum(rename = "channels.delete")]
    ChannelsDelete,
    #[pg_enum(rename = "messages.delete")]
    MessagesDelete,
}

/// Roles per user.
#[derive(Table)]
#[table(name = "user_roles", rls_opt_out = "test")]
pub struct UserRole {
    /// User.
    #[column(primary_key)]
    pub user_id: Uuid,
    /// Role.
    pub role: AppRole,
    /// Earlier roles.
    pub previous: Vec<AppRole>,
    /// A permission, if any.
    pub permission: Option<AppPermission>,
}

/// Whether the caller holds a permission (the trybuild manifest stands in for its SQL file).
#[derive(Function)]
#[function(name = "authorize", returns = "boolean", search_path = "", body = "Cargo.toml")]
pub struct Authorize {
    pub requested_permission: AppPermission,
    pub user_id: Uuid,
}

fn main() {
    let role = AppRole::enum_type();
    assert_eq!(role.name, QualifiedName::new("public", "app_role"));
    assert_eq!(role.values, ["admin", "moderator"]);
    assert_eq!(role.comment, "Application roles.");
    assert_eq!(AppRole::NAME, "public.app_role");
    assert_eq!(AppRole::migration_hints().renamed_values, [("moderator", "mod")]);
    assert!(AppPermission::migration_hints().renamed_values.is_empty());
    assert_eq!(AppPermission::VALUES, ["channels.delete", "messages.delete"]);

    for value in [AppRole::Admin, AppRole::Moderator] {
        assert_eq!(AppRole::from_str(&value.to_string()), Ok(value));
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(serde_json::from_str::<AppRole>(&json).unwrap(), value);
    }
    assert_eq!("channels.delete".parse::<AppPermission>(), Ok(AppPermission::ChannelsDelete));
    assert!("admin ".parse::<AppRole>().unwrap_err().to_string().contains("moderator"));

    // As a column or argument type: the type itself, schema-qualified.
    let info = <AppRole as ColumnType>::column_type();
    assert_eq!((info.data_type.as_str(), info.nullable, info.allowed_values), ("public.app_role", false, None));
    let table = UserRole::table();
    let types: Vec<(&str, &str, bool)> = table.columns.iter().map(|c| (c.name.as_str(), c.data_type.as_str(), c.nullable)).collect();
    assert_eq!(
        types,
        [
            ("user_id", "uuid", false),
            ("role", "public.app_role", false),
            ("previous", "public.app_role[]", false),
            ("permission", "app.app_permission", true),
        ]
    );
    assert!(table.constraints.iter().all(|c| c.name == "user_roles_pkey"), "an enum type needs no CHECK: {:?}", table.constraints);
    let function = Authorize::function();
    assert_eq!(function.arguments[0].data_type.as_str(), "app.app_permission");
    assert_eq!(function.returns, FunctionReturn::Scalar { data_type: schema_engine::model::SqlType::new("boolean") });
}

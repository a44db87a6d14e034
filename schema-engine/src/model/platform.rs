//! What the hosting platform provides and how the project reaches it: the
//! settings that sit beside the declared objects rather than inside them.

use super::{Grant, Privilege, QualifiedName};
use serde::{Deserialize, Serialize};

/// The platform a schema is deployed to (for Hot Rod: Supabase) and the
/// project-wide settings of its migrations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Platform {
    /// Roles that reach the database through the API (Supabase's `anon`,
    /// `authenticated`, `service_role`). Their privileges on every object are
    /// exactly the ones declared: everything else is revoked.
    pub api_roles: Vec<String>,
    /// Schemas exposed through the API, where every table must have RLS.
    pub exposed_schemas: Vec<String>,
    /// The role that runs the migrations and so owns every object they create.
    pub owner: String,
    /// Schemas the platform creates (Supabase's `public`): migrations neither
    /// create nor drop them, and their owner is the platform's; their privileges
    /// are compared.
    pub provided_schemas: Vec<ProvidedSchema>,
    /// `ALTER DEFAULT PRIVILEGES` the platform sets for objects `owner` creates.
    /// Drift compares them: a default grant added later reaches every future table.
    pub default_privileges: Vec<DefaultPrivilege>,
    /// Extensions the platform installs and upgrades itself (pg_cron, pgcrypto,
    /// …): drift does not report them as undeclared.
    pub managed_extensions: Vec<String>,
    /// `lock_timeout` of every migration: a lock that cannot be had this fast
    /// fails the migration instead of queueing the store's writes behind it.
    pub lock_timeout: String,
    /// `statement_timeout` of every migration's transactional part.
    pub statement_timeout: String,
    /// Tables the platform creates and owns (Supabase's `auth.users`): the
    /// project may reference them and put triggers on them, but never creates,
    /// alters or drops them, and drift reads only the project's triggers on them.
    // The platform's inventory is read from code (by validation, lowering and
    // introspection), never from a snapshot: a snapshot records what the
    // migrations built. Not serialized, so listing more of the platform
    // changes no generated file.
    #[serde(default, skip_serializing)]
    pub provided_tables: Vec<ProvidedTable>,
    /// Roles the platform creates beyond the API roles (Supabase's
    /// `supabase_auth_admin`, which runs Auth and its hooks): the project may
    /// grant to them and write policies for them. Migrations never create them.
    #[serde(default, skip_serializing)]
    pub provided_roles: Vec<String>,
    /// Publications the platform creates (Supabase Realtime's
    /// `supabase_realtime`): tables join and leave them; migrations never
    /// create or drop them.
    #[serde(default, skip_serializing)]
    pub provided_publications: Vec<String>,
}

/// Platforms compare by what a snapshot records of them: a catalog read back
/// from `schema.json` equals the one it was written from. The inventory of
/// provided tables, roles and publications is the code's knowledge and is not
/// recorded (see the fields), so it is not compared either.
impl PartialEq for Platform {
    fn eq(&self, other: &Self) -> bool {
        // Destructured, so that a new field has to be placed on one side or the other.
        let Self {
            api_roles,
            exposed_schemas,
            owner,
            provided_schemas,
            default_privileges,
            managed_extensions,
            lock_timeout,
            statement_timeout,
            provided_tables: _,
            provided_roles: _,
            provided_publications: _,
        } = self;
        *api_roles == other.api_roles
            && *exposed_schemas == other.exposed_schemas
            && *owner == other.owner
            && *provided_schemas == other.provided_schemas
            && *default_privileges == other.default_privileges
            && *managed_extensions == other.managed_extensions
            && *lock_timeout == other.lock_timeout
            && *statement_timeout == other.statement_timeout
    }
}

impl Eq for Platform {}

/// A table the platform provides, with the columns a project may reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvidedTable {
    pub name: QualifiedName,
    pub columns: Vec<String>,
}

/// A schema the platform provides, with the privileges it grants on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvidedSchema {
    pub name: String,
    pub grants: Vec<Grant>,
}

/// Default privileges for objects that `role` creates in `schema` (or in any
/// schema, when `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultPrivilege {
    /// The creating role (`FOR ROLE`).
    pub role: String,
    /// `IN SCHEMA`; `None` for the role's global defaults.
    pub schema: Option<String>,
    pub object_type: DefaultObjectType,
    pub grants: Vec<Grant>,
}

/// What kind of object a default privilege is for (`pg_default_acl.defaclobjtype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultObjectType {
    Tables,
    Sequences,
    Functions,
    Types,
    Schemas,
}

impl DefaultObjectType {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Tables => "TABLES",
            Self::Sequences => "SEQUENCES",
            Self::Functions => "FUNCTIONS",
            Self::Types => "TYPES",
            Self::Schemas => "SCHEMAS",
        }
    }

    /// Every privilege an object of this kind can carry (what `GRANT ALL` means).
    pub fn all_privileges(self) -> Vec<Privilege> {
        match self {
            Self::Tables => Privilege::ALL.to_vec(),
            Self::Sequences => vec![Privilege::Select, Privilege::Update, Privilege::Usage],
            Self::Functions => vec![Privilege::Execute],
            Self::Types => vec![Privilege::Usage],
            Self::Schemas => vec![Privilege::Usage, Privilege::Create],
        }
    }
}

impl Platform {
    /// The table the platform provides under `name`, if any.
    pub fn provided_table(&self, name: &QualifiedName) -> Option<&ProvidedTable> {
        self.provided_tables.iter().find(|t| &t.name == name)
    }

    /// Whether the project may grant to `role` and write policies for it: an
    /// API role, a role the platform provides, or `PUBLIC` (every role).
    pub fn knows_role(&self, role: &str) -> bool {
        role.eq_ignore_ascii_case(Grant::PUBLIC) || self.api_roles.iter().chain(&self.provided_roles).any(|r| r == role)
    }

    /// Supabase as the Hot Rod project (and its tests' baseline) sees it: the
    /// three API roles, `public` exposed and owned by the platform with USAGE for
    /// everyone, and default privileges that give the API roles ALL on every new
    /// table, sequence and function in `public` (which is why every object
    /// revokes what it does not declare). It also provides Auth's `auth.users`
    /// (with the columns projects read), the `supabase_auth_admin` role and
    /// Realtime's `supabase_realtime` publication.
    pub fn supabase() -> Self {
        let api_roles: Vec<String> = ["anon", "authenticated", "service_role"].map(str::to_owned).to_vec();
        let usage = |role: &str| Grant::new(role, vec![Privilege::Usage]);
        let mut public_grants = vec![usage(Grant::PUBLIC)];
        public_grants.extend(api_roles.iter().map(|r| usage(r)));
        let default_privileges = [DefaultObjectType::Tables, DefaultObjectType::Sequences, DefaultObjectType::Functions]
            .into_iter()
            .map(|object_type| DefaultPrivilege {
                role: "postgres".to_owned(),
                schema: Some("public".to_owned()),
                object_type,
                grants: api_roles.iter().map(|r| Grant::new(r.clone(), object_type.all_privileges())).collect(),
            })
            .collect();
        Self {
            api_roles,
            exposed_schemas: vec!["public".to_owned()],
            owner: "postgres".to_owned(),
            provided_schemas: vec![ProvidedSchema { name: "public".to_owned(), grants: public_grants }],
            default_privileges,
            managed_extensions: [
                "pg_cron",
                "pg_graphql",
                "pg_net",
                "pg_stat_statements",
                "pgcrypto",
                "pgjwt",
                "pgsodium",
                "plpgsql",
                "supabase_vault",
                "uuid-ossp",
            ]
            .map(str::to_owned)
            .to_vec(),
            lock_timeout: "5s".to_owned(),
            statement_timeout: "15min".to_owned(),
            provided_tables: vec![ProvidedTable {
                name: QualifiedName::new("auth", "users"),
                columns: [
                    "id",
                    "aud",
                    "role",
                    "email",
                    "phone",
                    "encrypted_password",
                    "email_confirmed_at",
                    "last_sign_in_at",
                    "raw_app_meta_data",
                    "raw_user_meta_data",
                    "is_anonymous",
                    "created_at",
                    "updated_at",
                ]
                .map(str::to_owned)
                .to_vec(),
            }],
            provided_roles: vec!["supabase_auth_admin".to_owned()],
            provided_publications: vec!["supabase_realtime".to_owned()],
        }
    }
}

//! The RLS and grant matrix: who can do what to each table (and each view, in
//! [`views`]), both as the declarations say it should be and as a real server
//! actually behaves.

pub mod matrix;
mod views;

pub use views::{
    expected_view_outcome, has_view_privilege, table_select, tables_and_views_read, view_security_violations,
    ViewOutcome, ViewResult,
};

use schema_engine::model::{Policy, PolicyCommand, Privilege, Table};
use serde_json::json;
use std::fmt;

/// An API caller: the database role PostgREST switches to and the JWT claims
/// it sets. A project passes its own personas in; [`Persona::anon`],
/// [`Persona::service_role`] and [`Persona::authenticated`] build Supabase's.
#[derive(Debug, Clone, PartialEq)]
pub struct Persona {
    /// How the matrix names the persona (`operator`, `moderator`, …).
    pub name: String,
    /// The database role (`anon`, `authenticated`, `service_role`).
    pub role: String,
    /// What PostgREST would put in `request.jwt.claims`.
    pub claims: serde_json::Value,
    /// Whether the role bypasses row level security (Supabase creates
    /// `service_role` with BYPASSRLS).
    pub bypasses_rls: bool,
}

impl Persona {
    /// No JWT: Supabase's `anon` role.
    pub fn anon() -> Self {
        Self { name: "anon".into(), role: "anon".into(), claims: json!({ "role": "anon" }), bypasses_rls: false }
    }

    /// The service key: `service_role`, which bypasses RLS.
    pub fn service_role() -> Self {
        Self { name: "service_role".into(), role: "service_role".into(), claims: json!({ "role": "service_role" }), bypasses_rls: true }
    }

    /// A logged-in user `sub` (a uuid) with `app_metadata`, as `authenticated`.
    pub fn authenticated(name: &str, sub: &str, app_metadata: serde_json::Value) -> Self {
        Self {
            name: name.into(),
            role: "authenticated".into(),
            claims: json!({ "role": "authenticated", "sub": sub, "app_metadata": app_metadata }),
            bypasses_rls: false,
        }
    }

    /// The database role PostgREST switches to.
    pub fn role(&self) -> &str {
        &self.role
    }

    /// The JWT claims PostgREST would put in `request.jwt.claims`.
    pub fn claims(&self) -> &serde_json::Value {
        &self.claims
    }

    pub fn bypasses_rls(&self) -> bool {
        self.bypasses_rls
    }
}

impl fmt::Display for Persona {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// The statements that make a connection act as `persona` until the
/// transaction (or savepoint) ends: its role, and the JWT claims PostgREST sets.
pub fn become_persona(persona: &Persona) -> [String; 2] {
    use schema_engine::sql::quote::{ident, literal};
    [
        format!("SET LOCAL ROLE {}", ident(persona.role())),
        format!("SELECT set_config('request.jwt.claims', {}, true)", literal(&persona.claims().to_string())),
    ]
}

/// A statement kind of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Select,
    Insert,
    Update,
    Delete,
}

impl Operation {
    pub const ALL: [Operation; 4] = [Self::Select, Self::Insert, Self::Update, Self::Delete];

    pub fn privilege(self) -> Privilege {
        match self {
            Self::Select => Privilege::Select,
            Self::Insert => Privilege::Insert,
            Self::Update => Privilege::Update,
            Self::Delete => Privilege::Delete,
        }
    }

    fn applies(self, command: PolicyCommand) -> bool {
        matches!(
            (self, command),
            (_, PolicyCommand::All)
                | (Self::Select, PolicyCommand::Select)
                | (Self::Insert, PolicyCommand::Insert)
                | (Self::Update, PolicyCommand::Update)
                | (Self::Delete, PolicyCommand::Delete)
        )
    }

    fn letter(self) -> char {
        match self {
            Self::Select => 'S',
            Self::Insert => 'I',
            Self::Update => 'U',
            Self::Delete => 'D',
        }
    }
}

/// What happened (or should happen) when a persona ran an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The statement saw or changed the row.
    Allowed,
    /// It ran, but row level security hid every row.
    NoRows,
    /// Postgres refused it (no privilege, or a WITH CHECK violation).
    Denied,
}

impl Outcome {
    /// One character for the printed matrix.
    pub fn symbol(self, operation: Operation) -> char {
        match self {
            Self::Allowed => operation.letter(),
            Self::NoRows => '0',
            Self::Denied => '-',
        }
    }
}

/// Whether `persona` holds the privilege on `table` by its declared grants.
pub fn has_privilege(table: &Table, persona: &Persona, privilege: Privilege) -> bool {
    table.grants.iter().any(|g| g.role == persona.role() && g.privileges.contains(&privilege))
}

/// The policies that apply to `persona` running `operation` on `table`.
pub fn applicable_policies<'t>(table: &'t Table, persona: &Persona, operation: Operation) -> Vec<&'t Policy> {
    table
        .policies
        .iter()
        .filter(|p| operation.applies(p.command))
        .filter(|p| p.roles.iter().any(|r| r == persona.role() || r == "public"))
        .collect()
}

/// The outcome the declarations imply, given whether each applicable policy's
/// expression passes for this persona on the test row (`passes`, evaluated by the
/// caller on the server, since policies are SQL).
pub fn expected_outcome(
    table: &Table,
    persona: &Persona,
    operation: Operation,
    passes: impl Fn(&Policy) -> bool,
) -> Outcome {
    let needs_select = operation == Operation::Update; // `SET c = c` reads the column
    if !has_privilege(table, persona, operation.privilege())
        || (needs_select && !has_privilege(table, persona, Privilege::Select))
    {
        return Outcome::Denied;
    }
    if !table.rls.enabled || persona.bypasses_rls() {
        return Outcome::Allowed;
    }
    let policies = applicable_policies(table, persona, operation);
    let permissive = policies.iter().filter(|p| p.permissive).any(|p| passes(p));
    let restrictive = policies.iter().filter(|p| !p.permissive).all(|p| passes(p));
    match (permissive && restrictive, operation) {
        (true, _) => Outcome::Allowed,
        // A new row that fails WITH CHECK is an error, not a filtered row.
        (false, Operation::Insert) => Outcome::Denied,
        (false, _) => Outcome::NoRows,
    }
}

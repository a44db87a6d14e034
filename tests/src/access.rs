//! The RLS and grant matrix: who can do what to each table (and each view, in
//! [`views`]), both as the declarations say it should be and as a real server
//! actually behaves.

mod views;

pub use views::{
    expected_view_outcome, has_view_privilege, table_select, tables_and_views_read, view_security_violations,
    ViewOutcome, ViewResult,
};

use schema_engine::model::{Policy, PolicyCommand, Privilege, Table};
use serde_json::json;
use std::fmt;

/// A kind of API caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    /// No JWT: Supabase's `anon` role.
    Anon,
    /// A logged-in user who is not an operator.
    Authenticated,
    /// A logged-in user whose `app_metadata` marks them as an operator.
    Operator,
    /// The service key (bypasses RLS on Supabase).
    ServiceRole,
}

impl Persona {
    pub const ALL: [Persona; 4] = [Self::Anon, Self::Authenticated, Self::Operator, Self::ServiceRole];

    /// The database role PostgREST switches to.
    pub fn role(self) -> &'static str {
        match self {
            Self::Anon => "anon",
            Self::Authenticated | Self::Operator => "authenticated",
            Self::ServiceRole => "service_role",
        }
    }

    /// The JWT claims PostgREST would put in `request.jwt.claims`.
    pub fn claims(self) -> serde_json::Value {
        let user = "00000000-0000-0000-0000-00000000000a";
        match self {
            Self::Anon => json!({ "role": "anon" }),
            Self::Authenticated => json!({ "role": "authenticated", "sub": user, "app_metadata": { "provider": "email" } }),
            Self::Operator => json!({ "role": "authenticated", "sub": user, "app_metadata": { "provider": "email", "operator": true } }),
            Self::ServiceRole => json!({ "role": "service_role" }),
        }
    }

    /// Supabase creates `service_role` with BYPASSRLS.
    pub fn bypasses_rls(self) -> bool {
        self == Self::ServiceRole
    }
}

impl fmt::Display for Persona {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Anon => "anon",
            Self::Authenticated => "authenticated",
            Self::Operator => "operator",
            Self::ServiceRole => "service_role",
        })
    }
}

/// The statements that make a connection act as `persona` until the
/// transaction (or savepoint) ends: its role, and the JWT claims PostgREST sets.
pub fn become_persona(persona: Persona) -> [String; 2] {
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
pub fn has_privilege(table: &Table, persona: Persona, privilege: Privilege) -> bool {
    table.grants.iter().any(|g| g.role == persona.role() && g.privileges.contains(&privilege))
}

/// The policies that apply to `persona` running `operation` on `table`.
pub fn applicable_policies(table: &Table, persona: Persona, operation: Operation) -> Vec<&Policy> {
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
    persona: Persona,
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

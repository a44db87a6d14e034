//! The view part of the matrix: what each persona should get from a view, and
//! what the security model requires.
//!
//! Views aggregate, so "rows visible" says little (a `count(*)` view returns a
//! row even when RLS hides everything). A view's SELECT is instead judged by
//! its output, against two references taken in the same transaction: the
//! *full* output (as `service_role`, which bypasses RLS) and the *empty* output
//! (as the table owner after deleting every row of every table: what a caller
//! who can see no row gets).

use super::{expected_outcome, Outcome, Persona};
use schema_engine::dependencies::relations_read;
use schema_engine::model::{Privilege, QualifiedName, Schema, Table, View};

/// What a persona actually got from a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewResult {
    /// Postgres refused the SELECT.
    Denied,
    /// The view ran; whether its rows equal the full and the empty output.
    /// Both can hold, when the fixture rows do not change what the view shows.
    Rows { full: bool, empty: bool },
}

impl ViewResult {
    /// One character for the printed matrix.
    pub fn symbol(self) -> char {
        match self {
            Self::Denied => '-',
            Self::Rows { full: true, empty: true } => '=',
            Self::Rows { full: true, empty: false } => 'S',
            Self::Rows { full: false, empty: true } => '0',
            Self::Rows { full: false, empty: false } => '~',
        }
    }
}

/// What a persona should get from a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewOutcome {
    /// Everything: the persona sees every row of every table the view reads.
    Full,
    /// What a caller who sees no row gets.
    Empty,
    /// Some tables' rows but not others': no exact output can be predicted.
    Partial,
    /// Postgres refuses the SELECT.
    Denied,
}

impl ViewOutcome {
    /// Whether `result` is consistent with this outcome.
    pub fn allows(self, result: ViewResult) -> bool {
        match (self, result) {
            (Self::Denied, ViewResult::Denied) => true,
            (Self::Full, ViewResult::Rows { full, .. }) => full,
            (Self::Empty, ViewResult::Rows { empty, .. }) => empty,
            (Self::Partial, ViewResult::Rows { .. }) => true,
            _ => false,
        }
    }
}

/// Whether `persona` holds `privilege` on `view` by its declared grants.
pub fn has_view_privilege(view: &View, persona: &Persona, privilege: Privilege) -> bool {
    view.grants.iter().any(|g| g.role == persona.role() && g.privileges.contains(&privilege))
}

/// Whose rights the tables a view reads are read with.
#[derive(Clone, Copy)]
enum Reader {
    /// The caller: a `security_invoker` view, reached only through such views.
    Caller,
    /// The owner of a security definer view on the path (who owns the tables too).
    Owner,
}

/// The outcome the declarations imply for `persona` selecting from `view`.
/// `table_select` is what the persona gets from a plain `SELECT` on a table
/// (from [`super::expected_outcome`], with the policies evaluated on the
/// fixture rows): `Allowed` means every row is visible, `NoRows` none.
///
/// The SELECT grant on the view is checked as the caller. A
/// `security_invoker` view then reads its tables (and the views it reads) with
/// the caller's privileges and RLS; a security definer view with its owner's,
/// who owns the tables and so bypasses their RLS unless it is forced.
pub fn expected_view_outcome(
    schema: &Schema,
    view: &View,
    persona: &Persona,
    table_select: impl Fn(&Table) -> Outcome,
) -> ViewOutcome {
    if !has_view_privilege(view, persona, Privilege::Select) {
        return ViewOutcome::Denied;
    }
    reads(schema, view, persona, Reader::Caller, &table_select, &mut vec![view.name.to_string()])
}

/// What the reader of `view` sees of everything the view reads, combined.
fn reads(
    schema: &Schema,
    view: &View,
    persona: &Persona,
    reader: Reader,
    table_select: &dyn Fn(&Table) -> Outcome,
    path: &mut Vec<String>,
) -> ViewOutcome {
    let reader = if view.runs_as_invoker() { reader } else { Reader::Owner };
    // A view that reads no table shows everyone the same thing: full and empty alike.
    let mut combined = ViewOutcome::Full;
    let mut first = true;
    for name in tables_and_views_read(view, schema) {
        let outcome = if let Some(table) = schema.table(&name) {
            match reader {
                Reader::Owner if table.rls.enabled && table.rls.forced => ViewOutcome::Partial,
                Reader::Owner => ViewOutcome::Full,
                Reader::Caller => match table_select(table) {
                    Outcome::Allowed => ViewOutcome::Full,
                    Outcome::NoRows => ViewOutcome::Empty,
                    Outcome::Denied => ViewOutcome::Denied,
                },
            }
        } else if let Some(inner) = schema.view(&name).filter(|v| !path.contains(&v.name.to_string())) {
            if matches!(reader, Reader::Caller) && !has_view_privilege(inner, persona, Privilege::Select) {
                ViewOutcome::Denied
            } else {
                path.push(inner.name.to_string());
                let outcome = reads(schema, inner, persona, reader, table_select, path);
                path.pop();
                outcome
            }
        } else {
            continue;
        };
        combined = match (first, combined, outcome) {
            (true, _, outcome) => outcome,
            (false, ViewOutcome::Denied, _) | (false, _, ViewOutcome::Denied) => ViewOutcome::Denied,
            (false, a, b) if a == b => a,
            _ => ViewOutcome::Partial,
        };
        first = false;
    }
    combined
}

/// The schema's tables and views `view`'s body mentions. Comments are removed
/// first: `relations_read`'s tokenizer does not know them, and an apostrophe in
/// one (`-- the first days' averages`) would otherwise hide every table.
pub fn tables_and_views_read(view: &View, schema: &Schema) -> Vec<QualifiedName> {
    let catalog = schema_engine::lower::lower(schema, &schema_engine::model::Platform::supabase());
    relations_read(&without_comments(&view.body), &catalog)
}

/// `sql` with `--` and (nested) `/* */` comments replaced by spaces; quoted
/// text and identifiers are kept as they are.
fn without_comments(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        if c == '-' && next == Some('-') {
            while chars.get(i).is_some_and(|&c| c != '\n') {
                i += 1;
            }
            out.push(' ');
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                match (chars[i], chars.get(i + 1).copied()) {
                    ('/', Some('*')) => (depth, i) = (depth + 1, i + 2),
                    ('*', Some('/')) => (depth, i) = (depth - 1, i + 2),
                    _ => i += 1,
                }
                if depth == 0 {
                    break;
                }
            }
            out.push(' ');
        } else if c == '\'' || c == '"' {
            // A doubled quote inside reads as the end and restart of the run: same text.
            out.push(c);
            i += 1;
            while let Some(&q) = chars.get(i) {
                out.push(q);
                i += 1;
                if q == c {
                    break;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// How `view`'s declarations break the project's security model: one line per
/// persona whose implied outcome is not the one `required` gives it.
pub fn view_security_violations(
    schema: &Schema,
    view: &View,
    personas: &[Persona],
    required: impl Fn(&Persona, &View) -> ViewOutcome,
    table_select: impl Fn(&Table, &Persona) -> Outcome,
) -> Vec<String> {
    personas
        .iter()
        .filter_map(|persona| {
            let implied = expected_view_outcome(schema, view, persona, |t| table_select(t, persona));
            let required = required(persona, view);
            (implied != required).then(|| {
                let reads: Vec<String> = tables_and_views_read(view, schema).iter().map(ToString::to_string).collect();
                let reads = if reads.is_empty() { "no table found in its body".to_owned() } else { reads.join(", ") };
                format!(
                    "{}: {persona} would get {implied:?} by the declarations (reading {reads}), the model requires {required:?}",
                    view.name
                )
            })
        })
        .collect()
}

/// What a table's declarations imply for a plain SELECT, given whether its
/// policies pass for the persona (as the matrix evaluates them on the server).
pub fn table_select(table: &Table, persona: &Persona, passes: impl Fn(&str) -> bool) -> Outcome {
    expected_outcome(table, persona, super::Operation::Select, |p| passes(&p.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use schema_engine::model::*;

    /// A table operators read through a policy, as the schema's tables do.
    fn orders() -> Table {
        let operator = "((select auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true'";
        Table {
            name: QualifiedName::new("public", "orders"),
            comment: String::new(),
            columns: vec![Column { name: "total".to_owned(), data_type: SqlType::new("numeric"), ..Column::default() }],
            constraints: Vec::new(),
            indexes: Vec::new(),
            rls: RowLevelSecurity { enabled: true, forced: false, opt_out_reason: None },
            policies: vec![Policy {
                name: "orders_operators_read".to_owned(),
                command: PolicyCommand::Select,
                permissive: true,
                roles: vec!["authenticated".to_owned()],
                using: Some(operator.to_owned()),
                with_check: None,
                comment: String::new(),
            }],
            grants: ["authenticated", "service_role"]
                .map(|role| Grant::new(role, vec![Privilege::Select]))
                .to_vec(),
            triggers: Vec::new(),
            replica_identity: ReplicaIdentity::Default,
            publications: Vec::new(),
        }
    }

    fn schema(security_invoker: bool) -> Schema {
        let view = View {
            name: QualifiedName::new("public", "v_order_count"),
            comment: String::new(),
            group: String::new(),
            columns: Vec::new(),
            body: "SELECT count(*) AS orders FROM public.orders".to_owned(),
            security_invoker: Some(security_invoker),
            grants: ["authenticated", "service_role"]
                .map(|role| Grant::new(role, vec![Privilege::Select]))
                .to_vec(),
            cache: None,
            page: None,
        };
        Schema {
            prerequisites: Vec::new(),
            tables: vec![orders()],
            views: vec![view],
            functions: Vec::new(),
            cache: None,
            ..Schema::default()
        }
    }

    /// A project's personas: anon, a user, an operator (by a claim), the service key.
    fn personas() -> [Persona; 4] {
        let user = "00000000-0000-0000-0000-00000000000a";
        [
            Persona::anon(),
            Persona::authenticated("authenticated", user, serde_json::json!({})),
            Persona::authenticated("operator", user, serde_json::json!({ "operator": true })),
            Persona::service_role(),
        ]
    }

    /// What this little project's model requires of its views.
    fn required(persona: &Persona, _: &View) -> ViewOutcome {
        match persona.name.as_str() {
            "anon" => ViewOutcome::Denied,
            "authenticated" => ViewOutcome::Empty,
            _ => ViewOutcome::Full,
        }
    }

    /// The operator policy passes for operators only.
    fn select(table: &Table, persona: &Persona) -> Outcome {
        table_select(table, persona, |_| persona.name == "operator")
    }

    #[test]
    fn an_invoker_view_shows_each_persona_what_the_tables_show_it() {
        let schema = schema(true);
        let view = &schema.views[0];
        let implied: Vec<ViewOutcome> = personas().iter().map(|p| expected_view_outcome(&schema, view, p, |t| select(t, p))).collect();
        assert_eq!(implied, [ViewOutcome::Denied, ViewOutcome::Empty, ViewOutcome::Full, ViewOutcome::Full]);
        assert_eq!(view_security_violations(&schema, view, &personas(), required, select), Vec::<String>::new());
    }

    #[test]
    fn a_view_without_security_invoker_fails_the_security_model() {
        let schema = schema(false);
        let view = &schema.views[0];
        let [_, user, operator, _] = personas();
        let implied = expected_view_outcome(&schema, view, &user, |t| select(t, &user));
        assert_eq!(implied, ViewOutcome::Full, "the owner's rights read around the policy");
        // The matrix would see the full output for a non-operator, which the model forbids.
        let seen = ViewResult::Rows { full: true, empty: false };
        assert!(!required(&user, view).allows(seen));
        assert!(required(&operator, view).allows(seen));
        assert_eq!(
            view_security_violations(&schema, view, &personas(), required, select),
            ["public.v_order_count: authenticated would get Full by the declarations (reading public.orders), \
              the model requires Empty"]
        );
    }

    #[test]
    fn comments_do_not_hide_the_tables_read() {
        let mut schema = schema(true);
        schema.views[0].body =
            "-- the first days' averages\nSELECT /* it's /* nested */ */ count(*) AS \"it's\" FROM public.orders".to_owned();
        assert_eq!(tables_and_views_read(&schema.views[0], &schema), [QualifiedName::new("public", "orders")]);
        assert_eq!(without_comments("SELECT '--x' -- y\nFROM t"), "SELECT '--x'  \nFROM t");
    }

    #[test]
    fn reading_an_ungranted_table_or_view_is_denied() {
        let operator = &personas()[2];
        let mut schema = schema(true);
        schema.tables[0].grants.retain(|g| g.role != "authenticated");
        let view = &schema.views[0];
        let implied = expected_view_outcome(&schema, view, operator, |t| select(t, operator));
        assert_eq!(implied, ViewOutcome::Denied, "an invoker view needs SELECT on its tables too");

        let mut outer = view.clone();
        outer.name = QualifiedName::new("public", "v_outer");
        outer.body = "SELECT * FROM public.v_order_count".to_owned();
        let mut schema = self::schema(true);
        schema.views[0].grants.clear();
        schema.views.push(outer.clone());
        let implied = expected_view_outcome(&schema, &outer, operator, |t| select(t, operator));
        assert_eq!(implied, ViewOutcome::Denied, "and SELECT on the views it reads");
    }
}

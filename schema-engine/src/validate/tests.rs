//! Whole-schema validation on small schemas: every problem at once, each
//! naming its object.

use super::*;

fn table(name: &str) -> Table {
    Table {
        name: QualifiedName::new("public", name),
        comment: name.into(),
        columns: vec![Column { name: "id".into(), data_type: SqlType::new("uuid"), comment: "id".into(), ..Column::default() }],
        constraints: Vec::new(),
        indexes: Vec::new(),
        rls: RowLevelSecurity { enabled: true, forced: false, opt_out_reason: None },
        policies: vec![Policy {
            name: format!("{name}_read"),
            command: PolicyCommand::Select,
            permissive: true,
            roles: vec!["authenticated".into()],
            using: Some("true".into()),
            with_check: None,
            comment: String::new(),
        }],
        grants: Vec::new(),
        triggers: Vec::new(),
        replica_identity: ReplicaIdentity::Default,
        publications: Vec::new(),
    }
}

fn schema(tables: Vec<Table>) -> Schema {
    Schema { tables, ..Schema::default() }
}

fn messages(schema: &Schema) -> Vec<String> {
    validate(schema, &Platform::supabase()).err().unwrap_or_default().iter().map(ToString::to_string).collect()
}

#[test]
fn a_valid_schema_passes() {
    assert_eq!(messages(&schema(vec![table("a"), table("b")])), Vec::<String>::new());
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut orders = table("orders");
    orders.constraints.push(Constraint::new(
        "orders_customer_fkey",
        ConstraintKind::ForeignKey {
            columns: vec!["id".into()],
            references: QualifiedName::new("public", "customers"),
            referenced_columns: vec!["id".into()],
            on_delete: ReferentialAction::Cascade,
            on_update: ReferentialAction::NoAction,
            match_full: false,
        },
    ));
    orders.indexes.push(Index { name: "unguarded".into(), columns: vec![IndexColumn::new("id", false)], ..Index::default() });
    let mut unguarded = table("unguarded");
    unguarded.rls.enabled = false;
    let mut no_policy = table("no_policy");
    no_policy.policies.clear();
    let found = messages(&schema(vec![orders, unguarded, no_policy]));
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found.iter().any(|m| m.contains("references table public.customers, which is not in the schema")));
    assert!(found.iter().any(|m| m.starts_with("public.unguarded: one name is used by 2 objects")));
    assert!(found.iter().any(|m| m.starts_with("table public.unguarded: is in the exposed schema")));
    assert!(found.iter().any(|m| m.starts_with("table public.no_policy: has row level security but no policy")));
}

#[test]
fn an_explicit_opt_out_with_a_reason_is_accepted() {
    let mut internal = table("internal");
    internal.rls.enabled = false;
    internal.rls.opt_out_reason = Some("written and read only by the owner role".into());
    assert!(validate(&schema(vec![internal]), &Platform::supabase()).is_ok());
}

#[test]
fn long_names_and_unknown_policy_columns_are_refused() {
    let mut t = table(&"x".repeat(64));
    t.policies[0].using = Some("owner = auth.uid()".into());
    let found = messages(&schema(vec![t]));
    assert!(found.iter().any(|m| m.contains("is 64 bytes")), "{found:#?}");
    assert!(found.iter().any(|m| m.contains("uses `owner`, which is not a column")), "{found:#?}");
}

fn foreign_key(name: &str, references: &str, on_delete: ReferentialAction) -> Constraint {
    Constraint::new(
        name,
        ConstraintKind::ForeignKey {
            columns: vec!["id".into()],
            references: QualifiedName::parse(references),
            referenced_columns: vec!["id".into()],
            on_delete,
            on_update: ReferentialAction::NoAction,
            match_full: false,
        },
    )
}

#[test]
fn foreign_keys_may_reference_the_platforms_tables_only_by_their_names() {
    let mut profiles = table("profiles");
    profiles.constraints.push(foreign_key("profiles_id_fkey", "auth.users", ReferentialAction::Cascade));
    assert_eq!(messages(&schema(vec![profiles.clone()])), Vec::<String>::new());
    profiles.constraints[0] = foreign_key("profiles_id_fkey", "auth.userz", ReferentialAction::Cascade);
    assert_eq!(
        messages(&schema(vec![profiles.clone()])),
        ["constraint profiles_id_fkey on public.profiles: references table auth.userz, which is not in the schema and not one the platform provides (provided: auth.users)"]
    );
    profiles.constraints[0] = foreign_key("profiles_id_fkey", "auth.users", ReferentialAction::SetNull);
    assert_eq!(
        messages(&schema(vec![profiles])),
        ["constraint profiles_id_fkey on public.profiles: is ON DELETE SET NULL, but `id` is NOT NULL, so that would fail"]
    );
}

#[test]
fn roles_publications_and_replica_identities_are_checked_against_the_platform() {
    let mut t = table("t");
    t.grants.push(Grant::new("supabase_auth_admin", vec![Privilege::Select]));
    t.policies[0].roles = vec!["supabase_auth_admin".into(), "public".into()];
    t.publications.push("supabase_realtime".into());
    t.replica_identity = ReplicaIdentity::Full;
    assert_eq!(messages(&schema(vec![t.clone()])), Vec::<String>::new());
    t.grants.push(Grant::new("auth_admin", vec![Privilege::Select]));
    t.policies[0].roles.push("admins".into());
    t.publications.push("realtime".into());
    t.replica_identity = ReplicaIdentity::Nothing;
    let found = messages(&schema(vec![t]));
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found.iter().any(|m| m.starts_with("table public.t: grants to role `auth_admin`, which is neither an API role")), "{found:#?}");
    assert!(found.iter().any(|m| m.starts_with("policy t_read on public.t: applies to role `admins`")), "{found:#?}");
    assert!(found.iter().any(|m| m.starts_with("table public.t: joins publication `realtime`, which the platform does not provide")), "{found:#?}");
    assert!(found.iter().any(|m| m.starts_with("table public.t: is in a publication but has no replica identity")), "{found:#?}");
}

#[test]
fn identity_columns_are_integers_without_defaults() {
    let mut t = table("t");
    t.columns.push(Column { name: "n".into(), data_type: SqlType::new("bigint"), identity: Some(Identity::ByDefault), comment: "n".into(), ..Column::default() });
    assert_eq!(messages(&schema(vec![t.clone()])), Vec::<String>::new());
    t.columns[1].data_type = SqlType::new("text");
    t.columns[1].nullable = true;
    t.columns[1].default = Some("'x'".into());
    let found = messages(&schema(vec![t]));
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("column public.t.n: is GENERATED BY DEFAULT AS IDENTITY but of type text"), "{found:#?}");
}

#[test]
fn enum_types_and_the_columns_using_them() {
    let role = EnumType { name: QualifiedName::new("public", "app_role"), comment: "Roles".into(), values: vec!["admin".into(), "moderator".into()] };
    let mut t = table("t");
    t.columns.push(Column { name: "role".into(), data_type: role.sql_type(), comment: "Role".into(), ..Column::default() });
    let mut declared = schema(vec![t.clone()]);
    declared.enums.push(role.clone());
    assert_eq!(messages(&declared), Vec::<String>::new());
    // Not listed in Schema::enums: the migration would fail, so validation does.
    assert_eq!(
        messages(&schema(vec![t.clone()])),
        ["column public.t.role: has type public.app_role, which is not a type of the schema; list its `#[derive(PgEnum)]` in `Schema::enums` (`MyEnum::enum_type()`)"]
    );
    let mut broken = declared.clone();
    broken.enums[0].values = vec!["admin".into(), "admin".into(), "x".repeat(64)];
    broken.enums.push(EnumType { name: QualifiedName::new("public", "t"), comment: String::new(), values: vec!["a".into()] });
    let found = messages(&broken);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.iter().any(|m| m == "type public.app_role: value \"admin\" is declared 2 times"), "{found:#?}");
    assert!(found.iter().any(|m| m.contains("is 64 bytes; PostgreSQL's enum labels are at most 63")), "{found:#?}");
    assert!(found.iter().any(|m| m.starts_with("type public.t: one name is used by 2 types")), "{found:#?}");
}

fn trigger_function(triggers: Vec<ProvidedTableTrigger>) -> Function {
    Function {
        name: QualifiedName::new("public", "handle_new_user"),
        comment: "New user".into(),
        arguments: Vec::new(),
        returns: FunctionReturn::Trigger,
        language: "plpgsql".into(),
        volatility: Volatility::Volatile,
        security_definer: true,
        search_path: Some(String::new()),
        body: "BEGIN RETURN NEW; END;".into(),
        execute_roles: vec!["supabase_auth_admin".into()],
        schedule: None,
        triggers,
    }
}

#[test]
fn triggers_on_the_platforms_tables_are_declared_on_their_function() {
    let on = |table: &str| ProvidedTableTrigger {
        table: QualifiedName::parse(table),
        trigger: Trigger::new("on_user", TriggerTiming::After, vec![TriggerEvent::Insert], QualifiedName::new("public", "handle_new_user")),
    };
    let mut declared = schema(vec![table("profiles")]);
    declared.functions.push(trigger_function(vec![on("auth.users")]));
    assert_eq!(messages(&declared), Vec::<String>::new());
    declared.functions[0].triggers = vec![on("auth.identities"), on("public.profiles")];
    let found = messages(&declared);
    assert_eq!(
        found,
        [
            "trigger on_user on auth.identities: is on table auth.identities, which the platform does not provide (provided: auth.users)",
            "trigger on_user on public.profiles: is declared on function public.handle_new_user, but public.profiles is the schema's own table; declare the trigger on the table (`#[table(trigger(...))]`)",
        ]
    );
}

#[test]
fn schema_grants_go_to_known_roles_on_schemas_that_exist() {
    let mut declared = schema(vec![table("t")]);
    declared.schema_grants.push(SchemaGrant::usage("public", "supabase_auth_admin"));
    assert_eq!(messages(&declared), Vec::<String>::new());
    declared.schema_grants.push(SchemaGrant::usage("private", "auth_admin"));
    declared.schema_grants.push(SchemaGrant { schema: "public".into(), grant: Grant::new("supabase_auth_admin", vec![Privilege::Select]) });
    let found = messages(&declared);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("schema private: is granted on, but the platform does not provide it"), "{found:#?}");
    assert!(found[2].starts_with("schema public: grants SELECT to `supabase_auth_admin`; a schema takes USAGE and CREATE only"), "{found:#?}");
}

#[test]
fn policies_take_the_clauses_their_command_allows() {
    let mut t = table("t");
    t.policies[0].command = PolicyCommand::Insert;
    let found = messages(&schema(vec![t.clone()]));
    assert_eq!(found, ["policy t_read on public.t: is FOR INSERT, which takes only WITH CHECK (there is no existing row to filter)"]);
    t.policies[0].using = None;
    t.policies[0].with_check = Some("auth.uid() = id".into());
    let mut delete = t.policies[0].clone();
    delete.name = "t_delete".into();
    delete.command = PolicyCommand::Delete;
    delete.with_check = None;
    delete.using = Some("auth.uid() = id".into());
    let mut delete_too = delete.clone();
    delete_too.name = "t_delete_authorized".into();
    t.policies.extend([delete, delete_too]);
    assert_eq!(messages(&schema(vec![t])), Vec::<String>::new(), "several policies per command are fine");
}

#[test]
fn validation_names_each_cache_problem() {
    let mut schema = crate::lower::tests::cached_schema();
    schema.views[0].cache = Some(ViewCache { key: vec!["nope".into()], refresh_cron: "hourly".into() });
    let mut platform = Platform::supabase();
    platform.exposed_schemas.push("cache".into());
    let errors = validate(&schema, &platform).expect_err("invalid");
    let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "view public.v_daily: cache key column `nope` is not a column of the view",
            "view public.v_daily: cache refresh `hourly` is not a five-field cron expression (e.g. `*/15 * * * *`)",
            "view public.v_daily: caches in schema `cache`, which the API exposes; a cache must be out of the API's reach",
        ]
    );
    schema.cache = None;
    let errors = validate(&schema, &platform).expect_err("invalid");
    assert!(errors[0].to_string().contains("declares a cache, but the schema has no cache settings"), "{errors:?}");
}

//! The planner on what a Supabase app schema needs beyond the Hot Rod one:
//! enum types, identity columns, replica identity, publications, triggers on
//! the platform's tables, composite keys on tables with rows.

use super::*;

fn app_role(values: &[&str]) -> EnumType {
    EnumType {
        name: QualifiedName::new("public", "app_role"),
        comment: "Roles".into(),
        values: values.iter().map(|v| (*v).to_owned()).collect(),
    }
}

/// The test schema with an enum type, a column of it defaulting to `admin`.
fn with_roles(values: &[&str]) -> Schema {
    let mut declared = schema();
    declared.enums.push(app_role(values));
    let role = app_role(values);
    declared.tables[0].columns.push(Column {
        name: "role".into(),
        data_type: role.sql_type(),
        default: Some("'admin'::public.app_role".into()),
        comment: "Role".into(),
        ..Column::default()
    });
    declared
}

fn rename(new: &str, old: &str) -> MigrationHints {
    MigrationHints {
        renamed_enum_values: vec![(QualifiedName::new("public", "app_role"), new.into(), old.into())],
        ..MigrationHints::default()
    }
}

#[test]
fn a_new_enum_type_is_created_before_the_tables_using_it() {
    let old = catalog(&Schema { tables: Vec::new(), views: Vec::new(), ..schema() });
    let mut declared = with_roles(&["admin", "moderator"]);
    declared.views.clear();
    let new = catalog(&declared);
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let statements = sql(&forward);
    let at = |prefix: &str| statements.iter().position(|s| s.starts_with(prefix)).unwrap_or_else(|| panic!("no `{prefix}` in {statements:?}"));
    assert_eq!(statements[at("CREATE TYPE")], "CREATE TYPE public.app_role AS ENUM ('admin', 'moderator');");
    assert!(at("CREATE TYPE") < at("CREATE TABLE public.orders"));
    assert!(statements[at("CREATE TABLE")].contains("role public.app_role NOT NULL DEFAULT 'admin'::public.app_role"), "{statements:?}");
    assert!(statements.contains(&"COMMENT ON TYPE public.app_role IS 'Roles';".to_owned()), "{statements:?}");
    assert_eq!(forward.files().len(), 1, "a new type's values are usable at once");
    assert!(sql(&backward).contains(&"DROP TYPE public.app_role;".to_owned()), "{:?}", sql(&backward));
}

#[test]
fn an_added_enum_value_commits_in_a_file_of_its_own_before_the_rest() {
    let old = catalog(&with_roles(&["admin", "moderator"]));
    let mut declared = with_roles(&["owner", "admin", "editor", "moderator", "guest"]);
    // The same migration uses a new value, which only works after it committed.
    declared.tables[0].columns.last_mut().expect("role").default = Some("'guest'::public.app_role".into());
    let new = catalog(&declared);
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let files = forward.files();
    assert_eq!(files.len(), 2, "{:?}", descriptions(&forward));
    let added: Vec<String> = files[0].steps.iter().flat_map(|s| s.statements.iter().map(Statement::render)).collect();
    assert_eq!(
        added,
        [
            "ALTER TYPE public.app_role ADD VALUE IF NOT EXISTS 'owner' BEFORE 'admin';",
            "ALTER TYPE public.app_role ADD VALUE IF NOT EXISTS 'editor' AFTER 'admin';",
            "ALTER TYPE public.app_role ADD VALUE IF NOT EXISTS 'guest' AFTER 'moderator';",
        ]
    );
    assert!(files[0].transactional && files[0].steps.iter().all(|s| s.safety == Safety::Safe && s.lock == LockMode::None));
    assert_eq!(files[0].slug(), "enum_values");
    let text = files[0].render("-- header", "Migration", &new.platform);
    assert!(text.contains("commits before the next file runs"), "{text}");
    assert!(files[1].steps.iter().any(|s| s.description == "change default of public.orders.role"), "{:?}", descriptions(&forward));
    // PostgreSQL cannot remove them again: the rollback says so instead of failing.
    assert!(backward.manual.iter().any(|m| m == "type public.app_role: keeps value \"guest\", which PostgreSQL cannot remove from an enum"), "{:?}", backward.manual);
    let script = render_script(&forward, "-- script", &new.platform);
    assert!(script.find("ADD VALUE IF NOT EXISTS 'guest'") < script.find("COMMIT;"), "the values commit first:\n{script}");
    let rollback = render_script(&backward, "-- rollback", &new.platform);
    assert!(rollback.contains("-- not done by this script, for a person to decide: type public.app_role: keeps value \"guest\""), "{rollback}");
}

#[test]
fn only_added_values_make_one_file() {
    let old = catalog(&with_roles(&["admin", "moderator"]));
    let new = catalog(&with_roles(&["admin", "moderator", "guest"]));
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(forward.files().len(), 1);
}

#[test]
fn a_renamed_value_is_renamed_in_place_and_back() {
    let old = catalog(&with_roles(&["admin", "mod"]));
    let new = catalog(&with_roles(&["admin", "moderator", "guest"]));
    let (forward, backward) = plan(&old, &new, &rename("moderator", "mod")).expect("plans");
    assert_eq!(
        sql(&forward),
        [
            "ALTER TYPE public.app_role RENAME VALUE 'mod' TO 'moderator';",
            "ALTER TYPE public.app_role ADD VALUE IF NOT EXISTS 'guest' AFTER 'moderator';",
        ]
    );
    assert!(sql(&backward).contains(&"ALTER TYPE public.app_role RENAME VALUE 'moderator' TO 'mod';".to_owned()), "{:?}", sql(&backward));
    // Without the hint it is a removal, which is refused.
    let errors = plan(&old, &new, &MigrationHints::default()).expect_err("a removal");
    assert_eq!(
        errors[0].to_string(),
        "type public.app_role: value \"mod\" would be removed, which PostgreSQL cannot do (rows may hold it); keep the variant, or rename it with `#[pg_enum(renamed_from = \"mod\")]` on the variant that replaces it"
    );
    // Once migrated, the hint is stale.
    let errors = plan(&new, &new, &rename("moderator", "mod")).expect_err("stale");
    assert!(errors[0].to_string().starts_with("type public.app_role: value \"moderator\" is declared renamed from \"mod\""), "{errors:?}");
}

#[test]
fn removing_or_reordering_values_is_refused_naming_the_type_and_value() {
    let old = catalog(&with_roles(&["admin", "moderator"]));
    let removed = catalog(&with_roles(&["admin"]));
    let errors = plan(&old, &removed, &MigrationHints::default()).expect_err("removal");
    assert!(errors[0].to_string().starts_with("type public.app_role: value \"moderator\" would be removed"), "{errors:?}");
    let reordered = catalog(&with_roles(&["moderator", "admin"]));
    let errors = plan(&old, &reordered, &MigrationHints::default()).expect_err("reorder");
    assert!(errors[0].to_string().contains("would be reordered"), "{errors:?}");
    // A repair cannot do it either, and says so.
    let repair = repair(&old, &removed);
    assert!(repair.manual.iter().any(|m| m.contains("\"moderator\" would be removed")), "{:?}", repair.manual);
}

/// The test schema with a bigint `seq` column (plain, or identity).
fn with_seq(identity: Option<Identity>, indexed: bool) -> Catalog {
    let mut declared = schema();
    let table = &mut declared.tables[0];
    table.columns.push(Column { name: "seq".into(), data_type: SqlType::new("bigint"), identity, comment: "Seq".into(), ..Column::default() });
    if indexed {
        table.constraints.push(Constraint::new("orders_seq_key", ConstraintKind::Unique { columns: vec!["seq".into()] }));
    }
    catalog(&declared)
}

#[test]
fn an_identity_added_to_a_column_with_rows_continues_after_its_values() {
    let (forward, backward) = plan(&with_seq(None, true), &with_seq(Some(Identity::ByDefault), true), &MigrationHints::default()).expect("plans");
    assert_eq!(
        sql(&forward),
        [
            "ALTER TABLE public.orders ALTER COLUMN seq ADD GENERATED BY DEFAULT AS IDENTITY;",
            "SELECT setval(pg_get_serial_sequence('public.orders', 'seq'), greatest(coalesce(max(seq), 0) + 1, 1), false) FROM public.orders;",
            "DO $identity$\nBEGIN\n    EXECUTE 'REVOKE ALL ON SEQUENCE ' || pg_get_serial_sequence('public.orders', 'seq') || ' FROM PUBLIC, anon, authenticated, service_role';\nEND\n$identity$;",
        ]
    );
    let step = &forward.steps[0];
    assert_eq!((step.lock, step.access, step.safety), (LockMode::AccessExclusive, TableAccess::None, Safety::Safe), "read from the index");
    assert_eq!(sql(&backward), ["ALTER TABLE public.orders ALTER COLUMN seq DROP IDENTITY;"]);
    let (unindexed, _) = plan(&with_seq(None, false), &with_seq(Some(Identity::Always), false), &MigrationHints::default()).expect("plans");
    assert_eq!(unindexed.steps[0].safety, Safety::HeavyLock, "max() scans the table under the lock: {}", unindexed.steps[0]);
    let (always, _) = plan(&with_seq(Some(Identity::ByDefault), true), &with_seq(Some(Identity::Always), true), &MigrationHints::default()).expect("plans");
    assert_eq!(sql(&always), ["ALTER TABLE public.orders ALTER COLUMN seq SET GENERATED ALWAYS;"]);
}

#[test]
fn replica_identity_and_publications_are_catalog_only() {
    let old = catalog(&schema());
    let mut declared = schema();
    declared.tables[0].replica_identity = ReplicaIdentity::Full;
    declared.tables[0].publications.push("supabase_realtime".into());
    let new = catalog(&declared);
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(sql(&forward), ["ALTER TABLE public.orders REPLICA IDENTITY FULL;", "ALTER PUBLICATION supabase_realtime ADD TABLE public.orders;"]);
    assert_eq!((forward.steps[0].lock, forward.steps[0].access), (LockMode::AccessExclusive, TableAccess::None));
    assert_eq!((forward.steps[1].lock, forward.steps[1].safety), (LockMode::ShareUpdateExclusive, Safety::Safe));
    assert!(forward.steps.iter().all(|s| s.safety == Safety::Safe && s.transactional()));
    assert_eq!(sql(&backward), ["ALTER TABLE public.orders REPLICA IDENTITY DEFAULT;", "ALTER PUBLICATION supabase_realtime DROP TABLE public.orders;"]);
}

#[test]
fn a_replica_identity_on_a_new_index_waits_for_its_online_build() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).constraints.push(Constraint::new("orders_total_key", ConstraintKind::Unique { columns: vec!["total".into()] }));
    table(&mut new).replica_identity = ReplicaIdentity::Index("orders_total_key".into());
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let files = forward.files();
    let texts: Vec<Vec<String>> = files.iter().map(|f| f.steps.iter().flat_map(|s| s.statements.iter().map(Statement::render)).collect()).collect();
    assert_eq!(
        texts,
        [
            vec!["CREATE UNIQUE INDEX CONCURRENTLY orders_total_key ON public.orders (total);".to_owned()],
            vec![
                "ALTER TABLE public.orders ADD CONSTRAINT orders_total_key UNIQUE USING INDEX orders_total_key;".to_owned(),
                "ALTER TABLE public.orders REPLICA IDENTITY USING INDEX orders_total_key;".to_owned(),
            ],
        ]
    );
}

#[test]
fn a_composite_unique_on_a_table_with_rows_is_built_online_in_column_order() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).constraints.push(Constraint::new("orders_status_total_key", ConstraintKind::Unique { columns: vec!["status".into(), "total".into()] }));
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(
        sql(&forward),
        [
            "CREATE UNIQUE INDEX CONCURRENTLY orders_status_total_key ON public.orders (status, total);",
            "ALTER TABLE public.orders ADD CONSTRAINT orders_status_total_key UNIQUE USING INDEX orders_status_total_key;",
        ]
    );
    assert_eq!(sql(&backward), ["ALTER TABLE public.orders DROP CONSTRAINT orders_status_total_key;"]);
}

/// The test schema whose `touch` function also fires after inserts into the
/// platform's `auth.users`.
fn with_auth_trigger(declared: &mut Schema) {
    let trigger = Trigger::new("on_auth_user_created", TriggerTiming::After, vec![TriggerEvent::Insert], QualifiedName::new("public", "touch"));
    declared.functions[0].triggers.push(ProvidedTableTrigger { table: QualifiedName::new("auth", "users"), trigger });
}

#[test]
fn a_trigger_on_a_platform_table_is_created_after_its_function_and_dropped_before_it() {
    let old = catalog(&schema());
    let mut declared = schema();
    with_auth_trigger(&mut declared);
    let new = catalog(&declared);
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(
        sql(&forward),
        ["CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users\n    FOR EACH ROW EXECUTE FUNCTION public.touch();"]
    );
    assert_eq!((forward.steps[0].lock, forward.steps[0].locked.as_ref().map(ToString::to_string)), (LockMode::ShareRowExclusive, Some("auth.users".into())));
    assert_eq!(sql(&backward), ["DROP TRIGGER on_auth_user_created ON auth.users;"]);
    // A function that goes away takes its trigger with it, first.
    let mut replaced = new.clone();
    replaced.functions[0].arguments.push(FunctionArgument::new("unused", SqlType::new("integer")));
    replaced.provided_table_triggers.clear();
    let (forward, _) = plan(&new, &replaced, &MigrationHints::default()).expect("plans");
    let order = descriptions(&forward);
    let at = |d: &str| order.iter().position(|x| x.ends_with(d)).unwrap_or_else(|| panic!("no `{d}` in {order:?}"));
    assert!(at("drop trigger on_auth_user_created on auth.users") < at("drop function public.touch()"), "{order:?}");
    // Its definition changed: dropped and created again in one step.
    let mut retimed = new.clone();
    retimed.provided_table_triggers[0].trigger.events.push(TriggerEvent::Update);
    let (forward, _) = plan(&new, &retimed, &MigrationHints::default()).expect("plans");
    assert_eq!(descriptions(&forward), ["[safe] recreate trigger on_auth_user_created on auth.users"]);
}

//! The planner on small catalogs: consent, renames, online steps and their
//! files, view dependents, caches, triggers on replaced functions, repairs;
//! enum types, identities, replication and the platform's tables in [`features`].

mod features;

use super::*;
use crate::catalog::Catalog;
use crate::lower::lower;
use crate::model::*;
use crate::sql::Statement;

fn column(name: &str, data_type: &str, nullable: bool, default: Option<&str>) -> Column {
    Column { name: name.into(), data_type: SqlType::new(data_type), nullable, default: default.map(Into::into), comment: name.into(), ..Column::default() }
}

fn schema() -> Schema {
    let orders = Table {
        name: QualifiedName::new("public", "orders"),
        comment: "Orders".into(),
        columns: vec![
            column("id", "uuid", false, Some("gen_random_uuid()")),
            column("total", "numeric", false, Some("0")),
            column("status", "text", false, Some("'new'::text")),
        ],
        constraints: vec![
            Constraint::new("orders_pkey", ConstraintKind::PrimaryKey { columns: vec!["id".into()] }),
            Constraint::new("orders_status_check", ConstraintKind::AllowedValues { column: "status".into(), values: vec!["new".into(), "paid".into()] }),
        ],
        indexes: Vec::new(),
        rls: RowLevelSecurity { enabled: true, forced: false, opt_out_reason: None },
        policies: vec![Policy {
            name: "orders_read".into(),
            command: PolicyCommand::Select,
            permissive: true,
            roles: vec!["authenticated".into()],
            using: Some("true".into()),
            with_check: None,
            comment: "Read".into(),
        }],
        grants: vec![Grant::new("authenticated", vec![Privilege::Select])],
        triggers: vec![Trigger::new("touch", TriggerTiming::Before, vec![TriggerEvent::Update], QualifiedName::new("public", "touch"))],
        replica_identity: ReplicaIdentity::Default,
        publications: Vec::new(),
    };
    let view = |name: &str, body: &str| View {
        name: QualifiedName::new("public", name),
        comment: name.into(),
        group: "g".into(),
        columns: vec![ViewColumn { name: "n".into(), data_type: SqlType::new("bigint"), comment: "n".into(), ..ViewColumn::default() }],
        body: body.into(),
        security_invoker: Some(true),
        grants: vec![Grant::new("authenticated", vec![Privilege::Select])],
        cache: None,
        page: None,
    };
    Schema {
        prerequisites: Vec::new(),
        tables: vec![orders],
        views: vec![
            view("v_base", "SELECT count(*) AS n FROM public.orders"),
            view("v_top", "SELECT n FROM public.v_base"),
        ],
        functions: vec![Function {
            name: QualifiedName::new("public", "touch"),
            comment: "Touch".into(),
            arguments: Vec::new(),
            returns: FunctionReturn::Trigger,
            language: "plpgsql".into(),
            volatility: Volatility::Volatile,
            security_definer: false,
            search_path: Some(String::new()),
            body: "BEGIN RETURN NEW; END;".into(),
            execute_roles: Vec::new(),
            schedule: None,
            triggers: Vec::new(),
        }],
        ..Schema::default()
    }
}

fn catalog(schema: &Schema) -> Catalog {
    lower(schema, &Platform::supabase())
}

fn descriptions(plan: &Plan) -> Vec<String> {
    plan.steps.iter().map(|s| format!("[{}] {}", s.safety, s.description)).collect()
}

fn sql(plan: &Plan) -> Vec<String> {
    plan.steps.iter().flat_map(|s| s.statements.iter().map(Statement::render)).collect()
}

fn table(catalog: &mut Catalog) -> &mut crate::catalog::Table {
    &mut catalog.tables[0]
}

#[test]
fn no_change_plans_nothing() {
    let c = catalog(&schema());
    let (forward, backward) = plan(&c, &c, &MigrationHints::default()).expect("plans");
    assert!(forward.is_empty() && backward.is_empty());
}

#[test]
fn adding_a_column_with_a_default_is_safe_and_rolls_back_with_a_drop() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).columns.push(column("note", "text", false, Some("''::text")));
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(forward.steps[0].safety, Safety::Safe);
    assert_eq!(forward.steps[0].lock, LockMode::AccessExclusive);
    assert_eq!(forward.steps[0].access, TableAccess::None, "a constant default rewrites nothing");
    assert!(sql(&forward)[0].contains("ADD COLUMN note text NOT NULL DEFAULT ''::text"), "{:?}", sql(&forward));
    assert!(backward.steps.iter().any(|s| s.safety == Safety::Destructive && s.statements.iter().any(|x| x.render().contains("DROP COLUMN note"))));
    let files = forward.files();
    assert_eq!(files.len(), 1);
    let text = files[0].render("-- header", "Migration add note", &new.platform);
    assert!(!text.contains("BEGIN;") && !text.contains("COMMIT;"), "the runner owns the transaction:\n{text}");
    assert!(text.contains("SET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '15min';"), "{text}");
}

#[test]
fn a_volatile_default_rewrites_the_table() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).columns.push(column("token", "uuid", false, Some("gen_random_uuid()")));
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(forward.steps[0].safety, Safety::Rewrite);
}

#[test]
fn dropping_a_column_needs_consent() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).columns.retain(|c| c.name != "total");
    let errors = plan(&old, &new, &MigrationHints::default()).expect_err("refused");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].to_string().starts_with("column public.orders.total: would be dropped"), "{}", errors[0]);
    let hints = MigrationHints { allow_data_loss: vec!["public.orders.total".into()], ..MigrationHints::default() };
    let (forward, _) = plan(&old, &new, &hints).expect("consented");
    assert!(descriptions(&forward).iter().any(|d| d == "[destructive] drop column public.orders.total"), "{:?}", descriptions(&forward));
    // A repair plans it anyway, marked.
    let repair = repair(&old, &new);
    assert!(descriptions(&repair).iter().any(|d| d == "[destructive] drop column public.orders.total"));
}

#[test]
fn a_rename_hint_renames_and_an_unused_one_is_an_error() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).columns[1].name = "amount".into();
    let hints = MigrationHints { renamed_columns: vec![(QualifiedName::new("public", "orders"), "amount".into(), "total".into())], ..MigrationHints::default() };
    let (forward, backward) = plan(&old, &new, &hints).expect("plans");
    assert!(sql(&forward).iter().any(|s| s == "ALTER TABLE public.orders RENAME COLUMN total TO amount;"), "{:?}", sql(&forward));
    assert!(sql(&backward).iter().any(|s| s == "ALTER TABLE public.orders RENAME COLUMN amount TO total;"), "{:?}", sql(&backward));
    let errors = plan(&new, &new, &hints).expect_err("stale hint");
    assert!(errors[0].message.contains("remove the `renamed_from` hint"), "{errors:?}");
}

#[test]
fn widening_allowed_values_revalidates_in_the_next_migration_and_narrowing_needs_consent() {
    let old = catalog(&schema());
    let mut new = old.clone();
    if let ConstraintKind::AllowedValues { values, .. } = &mut table(&mut new).constraints[1].kind {
        values.push("refunded".into());
    }
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let files = forward.files();
    assert_eq!(files.len(), 2, "NOT VALID now, VALIDATE in the next migration: {:?}", descriptions(&forward));
    assert!(files[0].steps.iter().any(|s| s.statements.iter().any(|x| x.render().ends_with("NOT VALID;"))));
    assert_eq!(files[1].steps[0].description, "validate constraint orders_status_check on public.orders");
    assert_eq!(files[1].steps[0].lock, LockMode::ShareUpdateExclusive);
    assert_eq!(files[1].steps[0].safety, Safety::Safe, "VALIDATE lets writes go on");
    let errors = plan(&new, &old, &MigrationHints::default()).expect_err("narrowing");
    assert!(errors[0].to_string().contains("public.orders.status"), "{errors:?}");
}

#[test]
fn an_index_on_an_existing_table_is_built_concurrently_in_a_file_of_its_own() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).indexes.push(Index { name: "idx_orders_total".into(), columns: vec![IndexColumn::new("total", true)], ..Index::default() });
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let files = forward.files();
    assert_eq!(files.len(), 1);
    assert!(!files[0].transactional);
    let text = files[0].render("-- header", "Migration", &new.platform);
    assert!(text.starts_with("-- no-transaction\n"), "sqlx reads the first line:\n{text}");
    assert!(text.contains("CREATE INDEX CONCURRENTLY idx_orders_total ON public.orders (total DESC);"), "{text}");
    assert!(text.contains("-- concurrent index build: public.idx_orders_total"), "{text}");
    assert_eq!(forward.steps[0].lock, LockMode::ShareUpdateExclusive);
    assert_eq!(forward.steps[0].safety, Safety::Safe, "writes go on during the build");
    assert!(sql(&backward).iter().any(|s| s == "DROP INDEX CONCURRENTLY IF EXISTS public.idx_orders_total;"), "{:?}", sql(&backward));
}

#[test]
fn a_changed_index_is_built_beside_the_old_one() {
    let mut declared = schema();
    declared.tables[0].indexes.push(Index { name: "idx_orders_total".into(), columns: vec![IndexColumn::new("total", false)], ..Index::default() });
    let old = catalog(&declared);
    let mut new = old.clone();
    table(&mut new).indexes[0].include.push("status".into());
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(
        sql(&forward),
        [
            "ALTER INDEX public.idx_orders_total RENAME TO idx_orders_total_replaced;",
            "CREATE INDEX CONCURRENTLY idx_orders_total ON public.orders (total) INCLUDE (status);",
            "DROP INDEX CONCURRENTLY IF EXISTS public.idx_orders_total_replaced;",
        ]
    );
    assert_eq!(forward.files().len(), 3);
}

#[test]
fn a_new_table_keeps_its_indexes_in_the_creating_transaction() {
    let old = catalog(&Schema { tables: Vec::new(), views: Vec::new(), ..schema() });
    let mut declared = schema();
    declared.views.clear();
    declared.tables[0].indexes.push(Index { name: "idx_orders_total".into(), columns: vec![IndexColumn::new("total", false)], ..Index::default() });
    let new = catalog(&declared);
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(forward.files().len(), 1, "{:?}", descriptions(&forward));
    assert!(sql(&forward).iter().any(|s| s.contains("CREATE INDEX idx_orders_total ON public.orders (total);")));
    assert!(forward.steps.iter().all(|s| s.safety == Safety::Safe));
}

#[test]
fn set_not_null_goes_through_a_validated_check() {
    let mut declared = schema();
    declared.tables[0].columns[1].nullable = true;
    let old = catalog(&declared);
    let new = catalog(&schema());
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let files = forward.files();
    assert_eq!(files.len(), 2);
    let last: Vec<String> = files[1].steps.iter().flat_map(|s| s.statements.iter().map(Statement::render)).collect();
    assert_eq!(
        last,
        [
            "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_not_null;",
            "ALTER TABLE public.orders ALTER COLUMN total SET NOT NULL;",
            "ALTER TABLE public.orders DROP CONSTRAINT orders_total_not_null;",
        ]
    );
    assert_eq!(files[1].steps[0].safety, Safety::Safe, "the scan runs under SHARE UPDATE EXCLUSIVE");
}

#[test]
fn an_incompatible_view_change_recreates_its_dependents_in_order() {
    let old = catalog(&schema());
    let mut new = old.clone();
    new.views[0].columns[0].data_type = SqlType::new("integer");
    new.views[0].definition = "SELECT count(*)::integer AS n FROM public.orders".into();
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let order: Vec<&str> = forward.steps.iter().map(|s| s.description.as_str()).filter(|d| d.contains("view")).collect();
    assert_eq!(order[..4], ["drop view public.v_top", "drop view public.v_base", "recreate view public.v_base", "recreate view public.v_top"]);
}

#[test]
fn a_compatible_view_change_is_a_replace() {
    let old = catalog(&schema());
    let mut new = old.clone();
    new.views[0].definition = "SELECT count(*) AS n FROM public.orders WHERE total > 0".into();
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert_eq!(descriptions(&forward), ["[safe] replace view public.v_base"]);
    assert!(sql(&forward)[0].starts_with("CREATE OR REPLACE VIEW public.v_base"));
}

#[test]
fn a_policy_change_is_an_alter_policy() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).policies[0].using = Some("total > 0".into());
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert!(sql(&forward)[0].starts_with("ALTER POLICY orders_read ON public.orders"), "{:?}", sql(&forward));
}

#[test]
fn a_not_null_column_without_default_is_refused() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).columns.push(column("required", "text", false, None));
    let errors = plan(&old, &new, &MigrationHints::default()).expect_err("refused");
    assert!(errors[0].to_string().contains("public.orders.required"));
}

#[test]
fn a_function_whose_result_changes_is_dropped_after_its_triggers_and_created_before_them() {
    let old = catalog(&schema());
    let mut new = old.clone();
    new.functions[0].returns = FunctionReturn::Scalar { data_type: SqlType::new("integer") };
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let order = descriptions(&forward);
    let at = |d: &str| order.iter().position(|x| x.ends_with(d)).unwrap_or_else(|| panic!("no `{d}` in {order:?}"));
    assert!(at("drop trigger touch on public.orders") < at("drop function public.touch()"), "{order:?}");
    assert!(at("create function public.touch()") < at("create trigger touch on public.orders"), "{order:?}");
}

fn with_cache(mut schema: Schema, cron: &str) -> Schema {
    schema.views[0].cache = Some(ViewCache { key: vec!["n".into()], refresh_cron: cron.into() });
    schema.cache = Some(CacheSettings {
        schema: "cache".into(),
        comment: "caches".into(),
        readable_when: "true".into(),
        readable_when_reason: "everyone.".into(),
        refresh_roles: vec!["service_role".into()],
    });
    schema
}

#[test]
fn caching_a_view_switches_it_in_place_to_a_new_cache_and_rolls_back() {
    let old = catalog(&schema());
    let new = catalog(&with_cache(schema(), "*/15 * * * *"));
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let order: Vec<String> = descriptions(&forward);
    let at = |d: &str| order.iter().position(|x| x.ends_with(d)).unwrap_or_else(|| panic!("no `{d}` in {order:?}"));
    assert!(at("create schema cache") < at("create materialized view cache.v_base"));
    assert!(at("create materialized view cache.v_base") < at("create view cache.v_base_rows"));
    assert!(at("create view cache.v_base_rows") < at("replace view public.v_base"), "the view switches after its cache is filled: {order:?}");
    assert!(!order.iter().any(|d| d.contains("drop view")), "no view is dropped: {order:?}");
    // The new cache is filled and indexed in one transaction: it never exists
    // without the key index its refresh needs.
    assert!(forward.files().iter().all(|f| f.transactional), "{order:?}");
    assert!(at("create materialized view cache.v_base") < at("build index v_base_key on cache.v_base"), "{order:?}");
    assert!(at("build index v_base_key on cache.v_base") < at("schedule pg_cron job refresh-v-base"), "the refresh waits for its key index: {order:?}");
    let back = descriptions(&backward);
    let at = |d: &str| back.iter().position(|x| x.ends_with(d)).unwrap_or_else(|| panic!("no `{d}` in {back:?}"));
    assert!(at("replace view public.v_base") < at("drop view cache.v_base_rows"), "the view stops reading the cache first: {back:?}");
    assert!(at("drop view cache.v_base_rows") < at("drop schema cache"), "{back:?}");
}

#[test]
fn a_new_refresh_schedule_reschedules_the_job() {
    let old = catalog(&with_cache(schema(), "*/15 * * * *"));
    let new = catalog(&with_cache(schema(), "0 * * * *"));
    let (forward, _) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    let order = descriptions(&forward);
    assert!(order.iter().any(|d| d.ends_with("schedule pg_cron job refresh-v-base")), "{order:?}");
    assert!(!order.iter().any(|d| d.contains("] drop") || d.contains("] recompute")), "the cache itself is kept: {order:?}");
    assert!(sql(&forward).iter().any(|s| s.contains("'0 * * * *'")));
}

#[test]
fn privileges_change_by_grantee_with_precise_statements() {
    let old = catalog(&schema());
    let mut new = old.clone();
    table(&mut new).grants.push(Grant::new("service_role", vec![Privilege::Select, Privilege::Insert]));
    table(&mut new).columns[0].grants.push(Grant::new("anon", vec![Privilege::Select]));
    let (forward, backward) = plan(&old, &new, &MigrationHints::default()).expect("plans");
    assert!(sql(&forward).contains(&"GRANT SELECT, INSERT ON TABLE public.orders TO service_role;".to_owned()), "{:?}", sql(&forward));
    assert!(sql(&forward).contains(&"GRANT SELECT (id) ON TABLE public.orders TO anon;".to_owned()), "{:?}", sql(&forward));
    assert!(sql(&backward).contains(&"REVOKE SELECT (id) ON TABLE public.orders FROM anon;".to_owned()), "{:?}", sql(&backward));
}

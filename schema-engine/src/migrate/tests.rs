use super::*;
use crate::model::*;

fn column(name: &str, data_type: &str, nullable: bool, default: Option<&str>) -> Column {
    Column { name: name.into(), data_type: SqlType::new(data_type), nullable, default: default.map(Into::into), comment: format!("{name} column") }
}

fn schema() -> Schema {
    let table = Table {
        name: QualifiedName::new("public", "orders"),
        comment: "Orders".into(),
        columns: vec![column("id", "uuid", false, Some("gen_random_uuid()")), column("status", "text", false, None), column("total", "integer", true, None)],
        constraints: vec![
            Constraint { name: "orders_pkey".into(), kind: ConstraintKind::PrimaryKey { columns: vec!["id".into()] } },
            Constraint {
                name: "orders_status_check".into(),
                kind: ConstraintKind::AllowedValues { column: "status".into(), values: vec!["open".into(), "closed".into()] },
            },
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
            comment: String::new(),
        }],
        grants: vec![Grant { role: "authenticated".into(), privileges: vec![Privilege::Select] }],
        triggers: Vec::new(),
    };
    let view = |name: &str, body: &str| View {
        name: QualifiedName::new("public", name),
        comment: name.into(),
        group: "g".into(),
        columns: vec![ViewColumn { name: "n".into(), data_type: SqlType::new("bigint"), comment: "n".into() }],
        body: body.into(),
        security_invoker: true,
        grants: Vec::new(),
        cache: None,
    };
    Schema {
        api_roles: vec!["anon".into(), "authenticated".into(), "service_role".into()],
        exposed_schemas: vec!["public".into()],
        prerequisites: Vec::new(),
        tables: vec![table],
        views: vec![view("v_base", "SELECT count(*) AS n FROM public.orders"), view("v_top", "SELECT n FROM public.v_base")],
        functions: Vec::new(),
        cache: None,
        materialized_views: Vec::new(),
    }
}

fn descriptions(plan: &Plan) -> Vec<String> {
    plan.steps.iter().map(|s| s.to_string()).collect()
}

#[test]
fn no_change_plans_nothing() {
    let (forward, backward) = plan(&schema(), &schema(), &MigrationHints::default()).unwrap();
    assert!(forward.is_empty() && backward.is_empty());
}

#[test]
fn adding_a_column_with_a_default_is_safe_and_rolls_back_with_a_drop() {
    let mut next = schema();
    next.tables[0].columns.push(column("note", "text", false, Some("''::text")));
    let (forward, backward) = plan(&schema(), &next, &MigrationHints::default()).unwrap();
    assert_eq!(forward.steps[0].safety, Safety::Safe);
    assert!(forward.steps[0].sql.contains("ADD COLUMN note text NOT NULL DEFAULT ''::text"), "{:?}", forward.steps);
    assert!(backward.steps.iter().any(|s| s.sql.contains("DROP COLUMN note") && s.safety == Safety::Destructive));
}

#[test]
fn dropping_a_column_needs_consent() {
    let mut next = schema();
    next.tables[0].columns.retain(|c| c.name != "total");
    let errors = plan(&schema(), &next, &MigrationHints::default()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].to_string().starts_with("column public.orders.total: would be dropped"), "{}", errors[0]);
    let hints = MigrationHints { allow_data_loss: vec!["public.orders.total".into()], ..Default::default() };
    let (forward, _) = plan(&schema(), &next, &hints).unwrap();
    assert!(descriptions(&forward).iter().any(|d| d == "[destructive] drop column public.orders.total"));
}

#[test]
fn a_rename_hint_renames_and_an_unused_one_is_an_error() {
    let mut next = schema();
    next.tables[0].columns[2].name = "amount".into();
    let table = QualifiedName::new("public", "orders");
    let hints = MigrationHints { renamed_columns: vec![(table.clone(), "amount".into(), "total".into())], ..Default::default() };
    let (forward, backward) = plan(&schema(), &next, &hints).unwrap();
    assert!(forward.steps.iter().any(|s| s.sql == "ALTER TABLE public.orders RENAME COLUMN total TO amount;"), "{:?}", forward.steps);
    assert!(backward.steps.iter().any(|s| s.sql == "ALTER TABLE public.orders RENAME COLUMN amount TO total;"));
    let stale = MigrationHints { renamed_columns: vec![(table, "total".into(), "gone".into())], ..Default::default() };
    let errors = plan(&schema(), &schema(), &stale).unwrap_err();
    assert!(errors[0].message.contains("remove the `renamed_from` hint"), "{errors:?}");
}

#[test]
fn widening_an_enum_revalidates_and_narrowing_needs_consent() {
    let mut wider = schema();
    if let ConstraintKind::AllowedValues { values, .. } = &mut wider.tables[0].constraints[1].kind {
        values.push("archived".into());
    }
    let (forward, _) = plan(&schema(), &wider, &MigrationHints::default()).unwrap();
    let sql: Vec<&str> = forward.steps.iter().map(|s| s.sql.as_str()).collect();
    assert!(sql.iter().any(|s| s.contains("NOT VALID") && s.contains("VALIDATE CONSTRAINT orders_status_check")), "{sql:?}");
    let error = plan(&wider, &schema(), &MigrationHints::default()).unwrap_err();
    assert!(error[0].to_string().contains("public.orders.status"), "{error:?}");
}

#[test]
fn an_incompatible_view_change_recreates_its_dependents_in_order() {
    let mut next = schema();
    next.views[0].columns[0].name = "order_count".into();
    next.views[0].body = "SELECT count(*) AS order_count FROM public.orders".into();
    next.views[1].body = "SELECT order_count AS n FROM public.v_base".into();
    let (forward, _) = plan(&schema(), &next, &MigrationHints::default()).unwrap();
    let order: Vec<String> = forward.steps.iter().map(|s| s.description.clone()).filter(|d| d.contains("view")).collect();
    assert_eq!(
        &order[..4],
        ["drop view public.v_top", "drop view public.v_base", "recreate view public.v_base", "recreate view public.v_top"]
    );
}

#[test]
fn a_compatible_view_change_is_a_replace() {
    let mut next = schema();
    next.views[0].body = "SELECT count(*) AS n FROM public.orders WHERE total > 0".into();
    let (forward, _) = plan(&schema(), &next, &MigrationHints::default()).unwrap();
    assert_eq!(descriptions(&forward), vec!["[safe] replace view public.v_base".to_owned()]);
    assert!(forward.steps[0].sql.starts_with("CREATE OR REPLACE VIEW public.v_base"));
}

#[test]
fn a_policy_change_is_an_alter_policy() {
    let mut next = schema();
    next.tables[0].policies[0].using = Some("total > 0".into());
    let (forward, _) = plan(&schema(), &next, &MigrationHints::default()).unwrap();
    assert!(forward.steps[0].sql.starts_with("ALTER POLICY orders_read ON public.orders"), "{:?}", forward.steps);
}

#[test]
fn a_not_null_column_without_default_is_refused() {
    let mut next = schema();
    next.tables[0].columns.push(column("required", "text", false, None));
    let errors = plan(&schema(), &next, &MigrationHints::default()).unwrap_err();
    assert!(errors[0].to_string().contains("public.orders.required"));
}

fn with_cache(mut schema: Schema, cron: &str) -> Schema {
    schema.cache = Some(CacheSettings {
        schema: "cache".into(),
        comment: "caches".into(),
        readable_when: "true".into(),
        readable_when_reason: "everyone.".into(),
        refresh_roles: vec!["service_role".into()],
    });
    schema.views[0].cache = Some(ViewCache { key: vec!["n".into()], refresh_cron: cron.into() });
    schema
}

#[test]
fn caching_a_view_switches_it_in_place_to_a_new_cache_and_rolls_back() {
    let cached = with_cache(schema(), "*/15 * * * *");
    let (forward, backward) = plan(&schema(), &cached, &MigrationHints::default()).unwrap();
    let order: Vec<String> = forward.steps.iter().map(|s| s.description.clone()).collect();
    assert_eq!(
        order,
        ["cache schema cache", "create the cache of view public.v_base", "replace view public.v_base"],
        "v_top, which reads v_base, is untouched"
    );
    let cache_sql = &forward.steps[1].sql;
    assert!(cache_sql.contains("CREATE MATERIALIZED VIEW cache.v_base"), "{cache_sql}");
    assert!(cache_sql.contains("CREATE UNIQUE INDEX v_base_key ON cache.v_base (n);"), "{cache_sql}");
    assert!(forward.steps[2].sql.starts_with("CREATE OR REPLACE VIEW public.v_base"), "{}", forward.steps[2].sql);
    assert!(forward.steps[2].sql.contains("FROM cache.v_base_rows() AS cached"), "{}", forward.steps[2].sql);
    let back: Vec<String> = backward.steps.iter().map(|s| s.description.clone()).collect();
    assert_eq!(back, ["replace view public.v_base", "drop the cache of view public.v_base", "drop cache schema cache"]);
    assert!(backward.steps[1].sql.contains("DROP MATERIALIZED VIEW cache.v_base;"));
}

#[test]
fn a_new_refresh_schedule_rebuilds_the_cache() {
    let before = with_cache(schema(), "*/15 * * * *");
    let after = with_cache(schema(), "0 * * * *");
    let (forward, _) = plan(&before, &after, &MigrationHints::default()).unwrap();
    let order: Vec<String> = forward.steps.iter().map(|s| s.description.clone()).collect();
    assert!(order.contains(&"drop the cache of view public.v_base".to_owned()), "{order:?}");
    assert!(forward.steps.iter().any(|s| s.sql.contains("'0 * * * *'")), "{order:?}");
    assert!(!order.iter().any(|d| d.starts_with("cache schema")), "the schema itself is unchanged: {order:?}");
}

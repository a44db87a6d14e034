use super::*;
use crate::model::*;

/// A schema with one cached view, on Supabase.
pub(crate) fn cached_schema() -> Schema {
    Schema {
        prerequisites: Vec::new(),
        tables: Vec::new(),
        views: vec![View {
            name: QualifiedName::new("public", "v_daily"),
            comment: "Daily".into(),
            group: "g".into(),
            columns: vec![
                ViewColumn { name: "day".into(), data_type: SqlType::new("date"), comment: "d".into(), ..ViewColumn::default() },
                ViewColumn { name: "total".into(), data_type: SqlType::new("numeric"), comment: "t".into(), ..ViewColumn::default() },
            ],
            body: "SELECT current_date AS day, 1::numeric AS total;".into(),
            security_invoker: Some(true),
            grants: vec![Grant::new("authenticated", vec![Privilege::Select])],
            cache: Some(ViewCache { key: vec!["day".into()], refresh_cron: "*/5 * * * *".into() }),
            page: None,
        }],
        functions: Vec::new(),
        enums: Vec::new(),
        schema_grants: Vec::new(),
        cache: Some(CacheSettings {
            schema: "cache".into(),
            comment: "caches".into(),
            readable_when: "is_allowed()".into(),
            readable_when_reason: "allowed callers.".into(),
            refresh_roles: vec!["service_role".into()],
        }),
    }
}

#[test]
fn a_cache_lowers_to_its_relation_functions_job_and_view_body() {
    let catalog = lower(&cached_schema(), &Platform::supabase());
    let cache = &catalog.materialized_views[0];
    assert_eq!(cache.name.to_string(), "cache.v_daily");
    assert!(cache.grants.is_empty(), "no API role may select the cache");
    assert_eq!(cache.indexes[0].name, "v_daily_key");
    assert!(cache.indexes[0].unique);
    let names: Vec<String> = catalog.functions.iter().map(|f| f.name.to_string()).collect();
    assert_eq!(names, ["cache.refresh_v_daily"]);
    let reader = catalog.views.iter().find(|v| v.name.to_string() == "cache.v_daily_rows").expect("the reader view");
    assert!(!reader.options.security_invoker, "the reader runs as the owner, who may read the cache");
    assert_eq!(reader.grants, [Grant::new("authenticated", vec![Privilege::Select])], "readers of the view may read it");
    assert_eq!(reader.definition, "SELECT cached.day, cached.total\nFROM cache.v_daily AS cached\nWHERE is_allowed()");
    assert_eq!(catalog.functions[0].grants, [Grant::new("service_role", vec![Privilege::Execute])]);
    assert_eq!(catalog.jobs.len(), 1);
    assert_eq!(catalog.jobs[0].name, "refresh-v-daily");
    assert_eq!(catalog.jobs[0].command, "SELECT cache.refresh_v_daily()");
    let public = catalog.views.iter().find(|v| v.name.to_string() == "public.v_daily").expect("the public view");
    assert_eq!(
        public.definition,
        "SELECT day, total\nFROM cache.v_daily_rows AS cached\nUNION ALL\nSELECT day, total\nFROM (\nSELECT current_date AS day, 1::numeric AS total\n) AS live\nWHERE NOT is_allowed()"
    );
    let schema = catalog.schema("cache").expect("the cache schema is lowered");
    let users: Vec<&str> = schema.grants.iter().map(|g| g.role.as_str()).collect();
    assert_eq!(users, ["authenticated", "service_role"], "readers and refreshers may use the cache schema");
    assert_eq!(catalog.caches[0].reader.to_string(), "cache.v_daily_rows");
}

#[test]
fn a_paged_cache_is_read_from_its_reader_alone_and_indexes_its_page_key() {
    let mut schema = cached_schema();
    schema.views[0].page = Some(PageKey { columns: vec!["total".into(), "day".into()], descending: true });
    let catalog = lower(&schema, &Platform::supabase());
    let public = catalog.views.iter().find(|v| v.name.to_string() == "public.v_daily").expect("the public view");
    assert_eq!(public.definition, "SELECT day, total\nFROM cache.v_daily_rows AS cached");
    let indexes: Vec<&str> = catalog.materialized_views[0].indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(indexes, ["v_daily_key", "v_daily_page"]);
}

#[test]
fn lowering_makes_every_default_explicit() {
    let mut schema = cached_schema();
    schema.functions.push(Function {
        name: QualifiedName::new("public", "f"),
        comment: "f".into(),
        arguments: Vec::new(),
        returns: FunctionReturn::Scalar { data_type: SqlType::new("integer") },
        language: "sql".into(),
        volatility: Volatility::Stable,
        security_definer: false,
        search_path: Some(String::new()),
        body: "SELECT 1".into(),
        execute_roles: Vec::new(),
        schedule: None,
        triggers: Vec::new(),
    });
    let catalog = lower(&schema, &Platform::supabase());
    let function = catalog.functions.iter().find(|f| f.name.name == "f").expect("lowered");
    assert_eq!(function.owner, "postgres");
    assert!(function.grants.is_empty(), "PUBLIC may not execute an undeclared role's function");
    assert_eq!((function.cost, function.rows), (100, 0));
    assert_eq!(catalog.schema("public").map(|s| s.provided), Some(true));
    assert_eq!(catalog.default_privileges.len(), 3, "the platform's default privileges are expected");
}

#[test]
fn enum_types_schema_grants_and_platform_table_triggers_are_lowered() {
    let mut schema = cached_schema();
    schema.enums.push(crate::model::EnumType { name: QualifiedName::new("public", "app_role"), comment: "Roles".into(), values: vec!["admin".into()] });
    schema.schema_grants.push(SchemaGrant::usage("public", "supabase_auth_admin"));
    let trigger = Trigger::new("on_user", TriggerTiming::After, vec![TriggerEvent::Insert], QualifiedName::new("public", "f"));
    schema.functions.push(Function {
        name: QualifiedName::new("public", "f"),
        comment: "f".into(),
        arguments: Vec::new(),
        returns: FunctionReturn::Trigger,
        language: "plpgsql".into(),
        volatility: Volatility::Volatile,
        security_definer: true,
        search_path: Some(String::new()),
        body: "BEGIN RETURN NEW; END;".into(),
        execute_roles: Vec::new(),
        schedule: None,
        triggers: vec![ProvidedTableTrigger { table: QualifiedName::new("auth", "users"), trigger }],
    });
    let catalog = lower(&schema, &Platform::supabase());
    assert_eq!(catalog.enums[0].owner, "postgres");
    assert_eq!(catalog.enums[0].values, ["admin"]);
    let public = catalog.schema("public").expect("provided");
    assert!(public.grants.iter().any(|g| g.role == "supabase_auth_admin" && g.privileges == [Privilege::Usage]), "{:?}", public.grants);
    assert_eq!(catalog.provided_table_trigger(&QualifiedName::new("auth", "users"), "on_user").map(|t| &t.function), Some(&QualifiedName::new("public", "f")));
    assert!(catalog.table(&QualifiedName::new("auth", "users")).is_none(), "the platform's table is not the project's");
}

#[test]
fn the_platforms_inventory_stays_out_of_the_snapshot() {
    // Listing more of what the platform provides must change no generated file.
    let platform = Platform::supabase();
    assert!(!platform.provided_tables.is_empty() && !platform.provided_roles.is_empty() && !platform.provided_publications.is_empty());
    let json = serde_json::to_string(&platform).expect("serializes");
    assert!(!json.contains("provided_tables") && !json.contains("supabase_auth_admin") && !json.contains("supabase_realtime"), "{json}");
    // A catalog read back from its snapshot equals the one written.
    let catalog = lower(&cached_schema(), &platform);
    let read: crate::catalog::Catalog = serde_json::from_str(&serde_json::to_string(&catalog).expect("serializes")).expect("reads");
    assert!(read.platform.provided_tables.is_empty());
    assert_eq!(read, catalog);
}

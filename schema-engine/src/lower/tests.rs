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
        }],
        functions: Vec::new(),
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
    assert_eq!(names, ["cache.v_daily_rows", "cache.refresh_v_daily"]);
    let reader = &catalog.functions[0];
    assert!(reader.security_definer && reader.search_path() == Some(""));
    assert_eq!(reader.grants, [Grant::new("authenticated", vec![Privilege::Execute])], "readers of the view may call it");
    assert_eq!(reader.body, "SELECT cached.day, cached.total\nFROM cache.v_daily AS cached\nWHERE is_allowed();");
    assert_eq!(catalog.functions[1].grants, [Grant::new("service_role", vec![Privilege::Execute])]);
    assert_eq!(catalog.jobs.len(), 1);
    assert_eq!(catalog.jobs[0].name, "refresh-v-daily");
    assert_eq!(catalog.jobs[0].command, "SELECT cache.refresh_v_daily()");
    assert_eq!(
        catalog.views[0].definition,
        "SELECT day, total\nFROM cache.v_daily_rows() AS cached\nUNION ALL\nSELECT day, total\nFROM (\nSELECT current_date AS day, 1::numeric AS total\n) AS live\nWHERE NOT is_allowed()"
    );
    let schema = catalog.schema("cache").expect("the cache schema is lowered");
    let users: Vec<&str> = schema.grants.iter().map(|g| g.role.as_str()).collect();
    assert_eq!(users, ["authenticated", "service_role"], "readers and refreshers may use the cache schema");
    assert_eq!(catalog.caches[0].reader.to_string(), "cache.v_daily_rows");
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
    });
    let catalog = lower(&schema, &Platform::supabase());
    let function = catalog.functions.iter().find(|f| f.name.name == "f").expect("lowered");
    assert_eq!(function.owner, "postgres");
    assert!(function.grants.is_empty(), "PUBLIC may not execute an undeclared role's function");
    assert_eq!((function.cost, function.rows), (100, 0));
    assert_eq!(catalog.schema("public").map(|s| s.provided), Some(true));
    assert_eq!(catalog.default_privileges.len(), 3, "the platform's default privileges are expected");
}

//! The generators without a database: determinism and row shape.

use super::row::{binary, RowBuf, RowSource};
use super::*;

const TODAY: Day = 20_000; // 2024-10-04

use calendar::Day;

/// The first `n` rows (all of them if fewer) of a source, as text lines;
/// the source is left positioned after them.
fn first_rows<S: RowSource>(source: &mut S, n: usize) -> Vec<String> {
    let mut row = RowBuf::text_format(1 << 16);
    let mut count = 0;
    while count < n && source.next_row(&mut row) {
        count += 1;
    }
    String::from_utf8(row.bytes().to_vec()).expect("rows are UTF-8").lines().map(str::to_owned).collect()
}

/// Runs a source to its end.
fn drain<S: RowSource>(source: &mut S) {
    let mut row = RowBuf::text_format(1 << 16);
    while source.next_row(&mut row) {
        row.clear();
    }
}

/// Every table's first `n` rows at `scale`, generated from scratch.
fn all_tables(scale: f64, n: usize) -> Vec<(&'static str, usize, Vec<String>)> {
    let world = Arc::new(world::World::new(scale, TODAY));
    let catalog = catalog::Catalog::build(&world);
    let mut sim = inventory::InventorySim::new(catalog.clone(), world.clone());
    let snapshots = first_rows(&mut sim, n);
    drain(&mut sim);
    let mut fulfillment = orders::Fulfillment::new(world.clone());
    let fulfillment_rows = first_rows(&mut fulfillment, n);
    drain(&mut fulfillment);
    let mut performance = inventory::SkuPerformance::new(catalog.clone(), sim.into_states(), &world);
    let mut sales = daily::Sales::new(world.clone(), fulfillment.into_fulfilled_by_day());
    vec![
        ("product_categories", catalog::PRODUCT_COLUMNS.len(), first_rows(&mut catalog::Products::new(catalog.clone()), n)),
        ("inventory_snapshots", inventory::SNAPSHOT_COLUMNS.len(), snapshots),
        ("sku_performance", inventory::PERFORMANCE_COLUMNS.len(), first_rows(&mut performance, n)),
        ("customer_segments", customers::COLUMNS.len(), first_rows(&mut customers::Customers::new(world.clone()), n)),
        ("fulfillment_tracking", orders::FULFILLMENT_COLUMNS.len(), fulfillment_rows),
        ("cx_conversations", orders::CX_COLUMNS.len(), first_rows(&mut orders::Conversations::new(world.clone()), n)),
        ("sales_metrics_daily", daily::SALES_COLUMNS.len(), first_rows(&mut sales, n)),
        ("shop_activation_metrics", daily::ACTIVATION_COLUMNS.len(), first_rows(&mut daily::Activation::new(world.clone()), n)),
        ("ceo_time_savings", daily::TIME_SAVINGS_COLUMNS.len(), first_rows(&mut daily::TimeSavings::new(world.clone()), n)),
        ("operator_sla_resolution", daily::SLA_COLUMNS.len(), first_rows(&mut daily::OperatorSla::new(world.clone()), n)),
        ("audit_log", audit::LOG_COLUMNS.len(), first_rows(&mut audit::Audit::new(world.clone(), catalog.clone(), false), n)),
        ("audit_log_archive", audit::ARCHIVE_COLUMNS.len(), first_rows(&mut audit::Audit::new(world, catalog, true), n)),
    ]
}

#[test]
fn same_scale_same_rows() {
    let first = all_tables(0.001, 200);
    let second = all_tables(0.001, 200);
    assert_eq!(first.len(), TABLES.len());
    for ((table, _, a), (_, _, b)) in first.iter().zip(&second) {
        assert!(!a.is_empty(), "{table} generated no rows");
        assert_eq!(a, b, "{table} differs between two runs at the same scale");
    }
}

/// FNV-1a over every row of a table: a fingerprint of the data.
fn digest(rows: &[String]) -> u64 {
    rows.iter().fold(0xCBF2_9CE4_8422_2325, |h, row| {
        row.bytes().chain([b'\n']).fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3))
    })
}

/// Every row of every table at `scale`, fingerprinted: (table, rows, digest).
fn digests(scale: f64) -> Vec<(&'static str, usize, u64)> {
    all_tables(scale, usize::MAX).into_iter().map(|(table, _, rows)| (table, rows.len(), digest(&rows))).collect()
}

/// Fingerprints of every table at tiny and small scale (TODAY fixed).
const TINY_ROWS: &[(&str, usize, u64)] = &[
    ("product_categories", 20, 0x0bfb3d94ee968358),
    ("inventory_snapshots", 7300, 0x4edd2753597972f1),
    ("sku_performance", 20, 0x033c2295b733ee70),
    ("customer_segments", 120, 0x4a4a2be0e12f375e),
    ("fulfillment_tracking", 230, 0x084459bb53ff984e),
    ("cx_conversations", 83, 0x88e7c86dbc93f291),
    ("sales_metrics_daily", 1096, 0x520abb110cb51f11),
    ("shop_activation_metrics", 1096, 0x6078a119a3c875c4),
    ("ceo_time_savings", 1096, 0x80e5df5e750715d9),
    ("operator_sla_resolution", 1095, 0xa20b9224dae3825f),
    ("audit_log", 501, 0xf8a719f500c8b1eb),
    ("audit_log_archive", 149, 0x4fd8cdd1e9a1c40e),
];

const SMALL_ROWS: &[(&str, usize, u64)] = &[
    ("product_categories", 400, 0x209e6285c26389ba),
    ("inventory_snapshots", 146000, 0x9d010102bc352a5b),
    ("sku_performance", 400, 0x8d26e85c61f4c6cb),
    ("customer_segments", 2400, 0x4ca8dbd2e1bf3e94),
    ("fulfillment_tracking", 4932, 0x1d468ad879a8406e),
    ("cx_conversations", 1642, 0x955737a1ce0a0a62),
    ("sales_metrics_daily", 1096, 0x07f357f3b58a4aa0),
    ("shop_activation_metrics", 1096, 0x6078a119a3c875c4),
    ("ceo_time_savings", 1096, 0x80e5df5e750715d9),
    ("operator_sla_resolution", 1095, 0xa20b9224dae3825f),
    ("audit_log", 10098, 0xeea71bfae77a5c2a),
    ("audit_log_archive", 2907, 0x5a815da42c3558c6),
];

/// The data is pinned: these fingerprints change only when a generator
/// changes what it draws (which may move the plan snapshots too). A faster
/// way of producing the same rows must leave them alone.
#[test]
fn tiny_and_small_rows_are_pinned() {
    assert_eq!(digests(0.001), TINY_ROWS, "the rows at scale tiny changed");
    assert_eq!(digests(0.02), SMALL_ROWS, "the rows at scale small changed");
}

#[test]
fn every_row_has_one_field_per_column() {
    for (table, columns, rows) in all_tables(0.002, 500) {
        for row in rows {
            assert_eq!(row.split('\t').count(), columns, "{table}: {row}");
        }
    }
}

#[test]
fn scale_parses() {
    assert_eq!("tiny".parse::<Scale>(), Ok(Scale::TINY));
    assert_eq!("year".parse::<Scale>(), Ok(Scale(1.0)));
    assert_eq!("0.1".parse::<Scale>(), Ok(Scale(0.1)));
    assert!("0".parse::<Scale>().is_err());
    assert!("huge".parse::<Scale>().is_err());
}

#[test]
fn report_numbers_are_grouped() {
    assert_eq!(super::grouped(0), "0");
    assert_eq!(super::grouped(999), "999");
    assert_eq!(super::grouped(7_300_000), "7,300,000");
}

#[test]
fn calendar_round_trips() {
    for day in [-1, 0, 59, 60, 11_016, 20_000, 20_512] {
        let (y, m, d) = calendar::civil(day);
        assert_eq!(calendar::days_from_civil(y, m, d), day);
    }
    assert_eq!(calendar::civil(20_000), (2024, 10, 4));
    assert_eq!(calendar::weekday(20_000), 4); // a Friday
}

#[test]
fn copy_text_escapes() {
    let mut row = RowBuf::text_format(1 << 16);
    row.text("a\tb\\c\nd");
    row.fixed(-1234, 2);
    row.fixed(5, 3);
    row.ts(86_400 + 3_661);
    row.uuid(0x0123_4567_89ab_7def_8123_4567_89ab_cdef);
    row.end();
    assert_eq!(
        String::from_utf8(row.bytes().to_vec()).unwrap(),
        "a\\tb\\\\c\\nd\t-12.34\t0.005\t1970-01-02 01:01:01+00\t01234567-89ab-7def-8123-456789abcdef\n"
    );
}

/// One value in COPY's binary format, without the field count and length.
fn binary_field(kind: binary::Kind, write: impl FnOnce(&mut RowBuf)) -> String {
    let mut row = RowBuf::binary_format(256, &[kind]);
    write(&mut row);
    row.end();
    let bytes = &row.bytes()[2..];
    let len = i32::from_be_bytes(bytes[..4].try_into().unwrap());
    assert_eq!(len as usize, bytes.len() - 4);
    bytes[4..].iter().map(|b| format!("{b:02x}")).collect()
}

/// The expected bytes are what the server's send functions give, e.g.
/// `SELECT encode(numeric_send('-12.34'::numeric), 'hex')`.
#[test]
fn binary_values_are_the_servers_own_encoding() {
    use binary::Kind;
    for (scaled, decimals, expected) in [
        (0, 3, "0000000000000003"),
        (-1234, 2, "0002000040000002000c0d48"),
        (5, 3, "0001ffff000000030032"),
        (123_456_789_123, 3, "0004000200000003000109291a8504ce"),
        (1_000_000, 2, "00010001000000020001"),
        (-50, 2, "0001ffff400000021388"),
        (9_999, 2, "0002000000000002006326ac"),
        (1, 4, "0001ffff000000040001"),
    ] {
        assert_eq!(binary_field(Kind::Numeric, |r| r.fixed(scaled, decimals)), expected, "{scaled} / 10^{decimals}");
    }
    let years = "000000010000000000000017000000020000000100000004000007b000000004000007b1";
    assert_eq!(binary_field(Kind::Int4Array, |r| r.int_array(1968..1970)), years);
    assert_eq!(binary_field(Kind::Int4Array, |r| r.int_array(0..0)), "000000000000000000000017");
    let models = "000000010000000000000019000000020000000100000004466f72640000000742656c20416972";
    assert_eq!(binary_field(Kind::TextArray, |r| r.text_array(&["Ford", "Bel Air"])), models);
    assert_eq!(binary_field(Kind::Date, |r| r.date(20_000)), "00002353"); // 2024-10-04
    assert_eq!(binary_field(Kind::Timestamptz, |r| r.ts(20_000 * 86_400 + 3_723)), "0002c69afcdc98c0");
}

/// Seeds a migrated database at tiny scale: every table gets rows, every
/// CHECK holds (COPY would fail otherwise), and the data-quality view finds
/// nothing failing.
#[tokio::test]
async fn seeds_a_migrated_database() -> anyhow::Result<()> {
    let db = schema_testkit::pg::TestDatabase::create_with_baseline("xtask_seed").await?;
    crate::apply_migrations(db.pool()).await?;
    let (mut conn, mut side) = (db.pool().acquire().await?, db.pool().acquire().await?);
    let indexes_before = index_definitions(&mut conn).await?;
    let report = seed_with(&mut conn, &mut side, SeedOptions { scale: Scale::TINY, today: None, progress: false }).await?;
    assert_eq!(report.tables.len(), TABLES.len());
    for table in &report.tables {
        assert!(table.rows > 0, "{} got no rows", table.table);
        let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM public.{}", table.table)).fetch_one(&mut *conn).await?;
        assert_eq!(count as u64, table.rows, "{}", table.table);
    }
    let failing: Vec<(String, String)> = sqlx::query_as(
        "SELECT check_name, details FROM public.v_data_quality_comprehensive WHERE status = 'fail'",
    )
    .fetch_all(&mut *conn)
    .await?;
    assert!(failing.is_empty(), "data-quality checks failing on seeded data: {failing:?}");
    // The indexes were rebuilt after the load: the same ones, in the same order.
    assert_eq!(index_definitions(&mut conn).await?, indexes_before);
    // Each table the seeding role owns got new storage and frozen rows: every
    // page all-visible (ANALYZE, the seed's last step, counts them from the
    // visibility map).
    let not_frozen: Vec<(String, i32, i32)> = sqlx::query_as(
        "SELECT relname::text, relpages, relallvisible FROM pg_class \
         WHERE oid = ANY($1::text[]::regclass[]) AND pg_has_role(relowner, 'USAGE') \
         AND (relpages = 0 OR relallvisible <> relpages)",
    )
    .bind(TABLES.iter().map(|t| format!("public.{t}")).collect::<Vec<_>>())
    .fetch_all(&mut *conn)
    .await?;
    assert!(not_frozen.is_empty(), "tables not loaded frozen (name, pages, all-visible pages): {not_frozen:?}");
    Ok(())
}

/// What a failure after the inventory session's commit leaves behind
/// ([`super::sessions::undo`]): every table empty again and every cache holding
/// what it held before the seed.
#[tokio::test]
async fn a_failure_after_both_commits_empties_tables_and_caches_again() -> anyhow::Result<()> {
    let db = schema_testkit::pg::TestDatabase::create_with_baseline("xtask_seed_undo").await?;
    crate::apply_migrations(db.pool()).await?;
    let (mut conn, mut side) = (db.pool().acquire().await?, db.pool().acquire().await?);
    let caches = super::sessions::caches(&mut conn).await?;
    let relations: Vec<String> = crate::model()?.catalog.caches.iter().map(|c| c.relation.to_string()).collect();
    let before = row_counts(&mut conn, &relations).await?;
    seed_with(&mut conn, &mut side, SeedOptions { scale: Scale::TINY, today: None, progress: false }).await?;
    assert_ne!(row_counts(&mut conn, &relations).await?, before, "the seed filled no cache");
    super::sessions::undo(&mut side, &caches, true).await?;
    let tables: Vec<String> = TABLES.iter().map(|t| format!("public.{t}")).collect();
    assert!(row_counts(&mut conn, &tables).await?.iter().all(|n| *n == 0), "a table kept rows");
    assert_eq!(row_counts(&mut conn, &relations).await?, before);
    Ok(())
}

async fn row_counts(conn: &mut sqlx::PgConnection, relations: &[String]) -> anyhow::Result<Vec<i64>> {
    let mut counts = Vec::new();
    for relation in relations {
        counts.push(sqlx::query_scalar(&format!("SELECT count(*) FROM {relation}")).fetch_one(&mut *conn).await?);
    }
    Ok(counts)
}

/// Every index of the public tables by table in creation order (the order the
/// planner considers them in), then every constraint.
async fn index_definitions(conn: &mut sqlx::PgConnection) -> anyhow::Result<Vec<(String, String, String)>> {
    let mut definitions: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT i.indrelid::regclass::text, c.relname::text, pg_get_indexdef(i.indexrelid) \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         WHERE c.relnamespace = 'public'::regnamespace ORDER BY i.indrelid::regclass::text, i.indexrelid",
    )
    .fetch_all(&mut *conn)
    .await?;
    definitions.extend(
        sqlx::query_as::<_, (String, String, String)>(
            "SELECT conrelid::regclass::text, conname::text, pg_get_constraintdef(oid) \
             FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
        )
        .fetch_all(&mut *conn)
        .await?,
    );
    Ok(definitions)
}

/// The load sends binary and the fingerprints above read text: both formats
/// must store the very same rows, in the same places (ctid order), or the
/// pinned data would not be what the database holds.
#[tokio::test]
async fn binary_and_text_load_the_same_rows() -> anyhow::Result<()> {
    let today = NaiveDate::from_ymd_opt(2024, 10, 4);
    let mut contents = Vec::new();
    for format in [copy::Format::Text, copy::Format::Binary] {
        let db = schema_testkit::pg::TestDatabase::create_with_baseline(&format!("xtask_seed_{format:?}")).await?;
        crate::apply_migrations(db.pool()).await?;
        let (mut conn, mut side) = (db.pool().acquire().await?, db.pool().acquire().await?);
        seed_in(&mut conn, &mut side, SeedOptions { scale: Scale::TINY, today, progress: false }, format).await?;
        let mut tables = Vec::new();
        for table in TABLES {
            let content: (i64, String) = sqlx::query_as(&format!(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.ctid), '')) FROM public.{table} AS t"
            ))
            .fetch_one(&mut *conn)
            .await?;
            tables.push((table, content));
        }
        contents.push(tables);
    }
    assert_eq!(contents[0], contents[1]);
    Ok(())
}

/// A table's indexes are dropped and rebuilt the same; one whose definitions
/// would lose something (here a comment) keeps them.
#[tokio::test]
async fn indexes_are_deferred_only_when_rebuilt_exactly() -> anyhow::Result<()> {
    let db = schema_testkit::pg::TestDatabase::create("xtask_seed_defer").await?;
    let mut conn = db.pool().acquire().await?;
    sqlx::raw_sql(
        "CREATE TABLE public.defer_probe (id int PRIMARY KEY, code text UNIQUE, v int); \
         CREATE INDEX defer_probe_v ON public.defer_probe (v DESC) WHERE v > 0;",
    )
    .execute(&mut *conn)
    .await?;
    let count = "SELECT count(*) FROM pg_index WHERE indrelid = 'public.defer_probe'::regclass";
    let before = index_definitions(&mut conn).await?;
    let deferred = indexes::defer(&mut conn, "defer_probe").await?;
    assert_eq!(sqlx::query_scalar::<_, i64>(count).fetch_one(&mut *conn).await?, 0);
    deferred.rebuild(&mut conn).await?;
    assert_eq!(index_definitions(&mut conn).await?, before);

    sqlx::raw_sql("COMMENT ON INDEX public.defer_probe_v IS 'kept'").execute(&mut *conn).await?;
    let _kept = indexes::defer(&mut conn, "defer_probe").await?;
    assert_eq!(sqlx::query_scalar::<_, i64>(count).fetch_one(&mut *conn).await?, 3);
    Ok(())
}

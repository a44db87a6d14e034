//! `cargo xtask drift --database-url URL`: a live database against the model.
//!
//! Where pg_cron is installed, the scheduled jobs are compared too.
//!
//! Exit codes: 0 no drift, 1 drift (every difference printed by object), 2 an
//! error (bad URL, unreachable server), reported on one line.

use crate::codegen;
use anyhow::{Context, Result};
use schema_engine::diff::{diff, schedules, Difference};
use schema_engine::introspect::{cron_jobs, introspect, IntrospectOptions};
use sqlx::{ConnectOptions, Connection};
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

pub fn run(database_url: &str, json: bool) -> Result<ExitCode> {
    let model = codegen::load_schema()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let differences = runtime.block_on(live_differences(database_url, &model))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&differences)?);
    } else if differences.is_empty() {
        println!("no drift: the database matches the declarations");
    } else {
        println!("{} difference(s) between the declarations and the database:", differences.len());
        for difference in &differences {
            println!("  {difference}");
        }
    }
    Ok(if differences.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

async fn live_differences(database_url: &str, model: &schema_engine::model::Schema) -> Result<Vec<Difference>> {
    let options = sqlx::postgres::PgConnectOptions::from_str(database_url)
        .map_err(|e| anyhow::anyhow!("invalid --database-url: {e}"))?;
    let host = format!("{}:{}", options.get_host(), options.get_port());
    let mut connection = tokio::time::timeout(Duration::from_secs(10), options.connect())
        .await
        .map_err(|_| anyhow::anyhow!("cannot reach PostgreSQL at {host}: no answer within 10 s"))?
        .map_err(|e| anyhow::anyhow!("cannot connect to PostgreSQL at {host}: {e}"))?;
    let live = introspect(&mut connection, &IntrospectOptions::for_schema(model))
        .await
        .context("reading the database's catalog")?;
    // Where pg_cron is installed, its jobs must be the declared schedules.
    let jobs = cron_jobs(&mut connection).await.context("reading the pg_cron jobs")?;
    connection.close().await.ok();
    let mut differences = diff(model, &live);
    if let Some(jobs) = jobs {
        differences.extend(schedules(model, &jobs));
    }
    Ok(differences)
}

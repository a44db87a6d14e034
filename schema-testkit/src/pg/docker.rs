//! A PostgreSQL container through testcontainers, used when a Docker engine
//! answers. The image is `postgres:15` unless `SCHEMA_TEST_PG_IMAGE` names
//! another one (e.g. Supabase's postgres image, to test against its
//! extensions and roles).

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use testcontainers::runners::AsyncRunner;
use testcontainers::ImageExt;
use testcontainers_modules::postgres::Postgres;

use super::{probe_pg_cron, wait_until_accepting, watchdog, Server, ServerOrigin};

const DEFAULT_IMAGE: &str = "postgres:15";

/// `Ok` when a Docker engine answers quickly; otherwise why not, in a few
/// words for the "tried, in order" error. Checked with the CLI because the
/// cleanup watchdog needs the CLI too, and it gives a bounded, fast answer.
pub(super) async fn engine_available() -> Result<(), String> {
    if std::env::var_os("DOCKER_HOST").is_none() && !Path::new("/var/run/docker.sock").exists() {
        return Err(
            "no engine (DOCKER_HOST is unset and /var/run/docker.sock does not exist)".into(),
        );
    }
    let info = tokio::process::Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .kill_on_drop(true)
        .output();
    match tokio::time::timeout(Duration::from_secs(5), info).await {
        Err(_) => Err("`docker info` did not answer within 5s".into()),
        Ok(Err(e)) => Err(format!("could not run `docker info`: {e}")),
        Ok(Ok(out)) if !out.status.success() => Err(format!(
            "`docker info` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Ok(Ok(_)) => Ok(()),
    }
}

pub(super) async fn start_server() -> Result<Server> {
    let image = std::env::var("SCHEMA_TEST_PG_IMAGE")
        .ok()
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| DEFAULT_IMAGE.to_owned());
    let (name, tag) = split_image(&image);

    // Pulling an image on first use can take a while.
    let container = Postgres::default()
        .with_name(name)
        .with_tag(tag)
        .with_startup_timeout(Duration::from_secs(300))
        .start()
        .await
        .with_context(|| format!("starting a container from {image}"))?;
    let container_id = container.id().to_owned();
    watchdog::remove_container_after_exit(&container_id)?;
    let host = container
        .get_host()
        .await
        .context("asking Docker for the container's host")?;
    let port = container
        .get_host_port_ipv4(5432)
        .await
        .context("asking Docker for the container's port 5432 mapping")?;
    // The container must outlive the runtime of the test that started it, but
    // dropping the handle would remove it; the watchdog removes it instead.
    std::mem::forget(container);

    // The postgres module's credentials.
    let admin_url = format!("postgres://postgres:postgres@{host}:{port}/postgres");
    wait_until_accepting(&admin_url, Duration::from_secs(60), || Ok(()))
        .await
        .with_context(|| format!("the {image} container at {host}:{port}"))?;
    let has_pg_cron = probe_pg_cron(&admin_url).await?;
    Ok(Server {
        admin_url,
        origin: ServerOrigin::Docker {
            image,
            container_id,
        },
        has_pg_cron,
    })
}

/// `registry:5000/org/img:tag` → (`registry:5000/org/img`, `tag`); a missing
/// tag means `latest`, as with `docker run`.
fn split_image(image: &str) -> (&str, &str) {
    match image.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (image, "latest"),
    }
}

#[cfg(test)]
mod tests {
    use super::split_image;

    #[test]
    fn splits_image_references() {
        assert_eq!(split_image("postgres:15"), ("postgres", "15"));
        assert_eq!(
            split_image("supabase/postgres:15.8.1.060"),
            ("supabase/postgres", "15.8.1.060")
        );
        assert_eq!(
            split_image("localhost:5000/pg"),
            ("localhost:5000/pg", "latest")
        );
        assert_eq!(split_image("postgres"), ("postgres", "latest"));
    }
}

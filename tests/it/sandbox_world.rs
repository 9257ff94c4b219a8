//! The sandbox's world file (`SandboxConfig::world_file`): a world survives a
//! restart (keys, messages, replies, HOPEX keys, the address), an unreadable
//! file is moved aside and never overwritten, a link is neither followed nor
//! replaced, the file is private, and without a world file nothing is kept.

use crate::sandbox_support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nowkey::sandbox::{saved_world_address, Sandbox, SandboxConfig, SandboxPairs};
use reqwest::{Client, Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::{json, Value};

use sandbox_support::{msg, Hub, DEST, STEP};

async fn start_at(path: &Path) -> Sandbox {
    Sandbox::start(SandboxConfig {
        delivery_step: STEP,
        world_file: Some(path.to_owned()),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// `host:port` of a sandbox.
fn address_of(sb: &Sandbox) -> std::net::SocketAddr {
    sb.base_url()
        .trim_start_matches("http://")
        .parse()
        .expect("socket address")
}

/// HOPEX's `_currentContext.databaseId` for `key`: `None` when refused.
async fn hopex_database(sb: &Sandbox, key: &str) -> Option<String> {
    let resp = Client::new()
        .post(format!("{}/HOPEXGraphQL/api/ITPM", sb.base_url()))
        .header("Content-Type", "application/json")
        .header("x-api-key", key)
        .body(json!({"query": "{ _currentContext { databaseId } }"}).to_string())
        .send()
        .await
        .expect("hopex request");
    if resp.status() != StatusCode::OK {
        return None;
    }
    let body: Value = resp.json().await.expect("hopex body");
    body["data"]["_currentContext"]["databaseId"]
        .as_str()
        .map(str::to_owned)
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn world_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("world file")).expect("world JSON")
}

#[tokio::test]
async fn a_world_round_trips_through_its_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("world.json");
    let sb = start_at(&path).await;
    assert_eq!(sb.world_problem(), None, "a missing file is a fresh world");
    let first_address = address_of(&sb);
    let hub = Hub::new(&sb);
    let id = hub.send_one(msg(DEST)).await;
    hub.wait_for(&id, "delivered").await;
    let hopex_key = sb.create_hopex_key("env-1", "repo-1", "prof-1");
    sb.shutdown().await;

    assert_eq!(world_json(&path)["format"], 1);
    assert_eq!(saved_world_address(&path), Some(first_address));

    let sb = start_at(&path).await;
    let again = Hub::with(&sb, hub.key.clone(), hub.secret.clone());
    let (status, replies) = again.call(Method::GET, "/v1/replies", None).await;
    assert_eq!(status, StatusCode::OK, "{replies}");
    assert_eq!(replies["replies"][0]["message_id"], id.as_str());
    assert_eq!(again.status_of(&id).await, "delivered");
    assert_eq!(again.reports_for(&id).await, ["enroute", "delivered"]);
    let pairs = sb.hub_pairs();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].api_key, hub.key);
    assert_eq!(pairs[0].api_secret.expose_secret(), hub.secret);
    assert_eq!(
        hopex_database(&sb, &hopex_key).await.as_deref(),
        Some("repo-1")
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn a_message_still_underway_finishes_after_the_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("world.json");
    // Steps long enough that the message is still queued when the sandbox stops.
    let slow = |path: &Path| SandboxConfig {
        delivery_step: Duration::from_millis(400),
        world_file: Some(path.to_owned()),
        ..SandboxConfig::default()
    };
    let sb = Sandbox::start(slow(&path)).await.expect("starts");
    let hub = Hub::new(&sb);
    let id = hub.send_one(msg(DEST)).await;
    sb.shutdown().await;
    let sb = Sandbox::start(slow(&path)).await.expect("starts again");
    let hub = Hub::with(&sb, hub.key.clone(), hub.secret.clone());
    let deadline = Instant::now() + Duration::from_secs(5);
    while hub.status_of(&id).await != "delivered" {
        assert!(
            Instant::now() < deadline,
            "never delivered after the restart"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(hub.reports_for(&id).await, ["enroute", "delivered"]);
    sb.shutdown().await;
}

#[tokio::test]
async fn the_world_is_saved_while_running_not_only_at_shutdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("world.json");
    let sb = start_at(&path).await;
    let (key, _) = sb.create_hub_key();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let saved = std::fs::read_to_string(&path).unwrap_or_default();
        if saved.contains(&key) {
            break;
        }
        assert!(Instant::now() < deadline, "the key was never saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(saved_world_address(&path), Some(address_of(&sb)));
    sb.shutdown().await;
}

#[tokio::test]
async fn a_corrupt_world_file_is_moved_aside_and_the_sandbox_starts_fresh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("world.json");
    let corrupt = b"{\"format\": 1, \"hub_keys\": [ not json";
    std::fs::write(&path, corrupt).expect("write");
    assert_eq!(saved_world_address(&path), None);

    let sb = start_at(&path).await;
    assert!(sb.hub_pairs().is_empty(), "a fresh world");
    // Whoever started it is told, not only the log.
    let problem = sb.world_problem().expect("the problem is said").to_owned();
    assert!(
        problem.starts_with("its world file could not be read (")
            && problem.contains("moved aside to")
            && problem.contains("world.json.unreadable-")
            && problem.ends_with("and a fresh world started"),
        "{problem}"
    );
    let hub = Hub::new(&sb);
    assert_eq!(hub.list("/v1/replies", "replies").await.len(), 0);
    sb.shutdown().await;

    let aside: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("world.json.unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", names_in(dir.path()));
    assert_eq!(
        std::fs::read(dir.path().join(&aside[0])).expect("aside"),
        corrupt
    );
    assert_eq!(
        world_json(&path)["hub_keys"][0]["api_key"],
        hub.key.as_str()
    );
}

#[tokio::test]
async fn a_world_of_another_format_or_over_16_mib_is_moved_aside_too() {
    for (name, bytes) in [
        ("newer.json", br#"{"format": 2}"#.to_vec()),
        ("huge.json", vec![b' '; 16 * 1024 * 1024 + 1]),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let sb = start_at(&path).await;
        sb.shutdown().await;
        let names = names_in(dir.path());
        let aside = names
            .iter()
            .find(|n| n.starts_with(&format!("{name}.unreadable-")))
            .unwrap_or_else(|| panic!("{name} not moved aside: {names:?}"));
        assert_eq!(
            std::fs::read(dir.path().join(aside)).expect("aside").len(),
            bytes.len()
        );
        assert_eq!(world_json(&path)["format"], 1, "{name}");
    }
}

#[tokio::test]
async fn a_link_at_the_world_path_is_neither_followed_nor_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("target.json");
    // A good world at the link's target: following the link would load it.
    let sb = start_at(&target).await;
    let (key, secret) = sb.create_hub_key();
    sb.shutdown().await;
    let before = std::fs::read(&target).expect("target");
    let link = dir.path().join("world.json");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    assert_eq!(saved_world_address(&link), None);

    let sb = start_at(&link).await;
    assert!(sb.hub_pairs().is_empty(), "the link was followed");
    assert!(sb
        .world_problem()
        .is_some_and(|p| p.contains("symbolic link") && p.contains("is not saved")));
    let hub = Hub::with(&sb, key, secret);
    let (status, _) = hub.call(Method::GET, "/v1/replies", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    sb.create_hub_key();
    sb.shutdown().await;

    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read_link(&link).expect("read_link"), target);
    assert_eq!(std::fs::read(&target).expect("target"), before);
    assert_eq!(names_in(dir.path()), ["target.json", "world.json"]);
}

#[tokio::test]
async fn a_link_at_the_temporary_path_is_removed_not_written_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("world.json");
    let victim = dir.path().join("victim");
    std::fs::write(&victim, b"keep me").expect("victim");
    let tmp: PathBuf = dir.path().join("world.json.tmp");
    std::os::unix::fs::symlink(&victim, &tmp).expect("symlink");
    let sb = start_at(&path).await;
    sb.create_hub_key();
    sb.shutdown().await;
    assert_eq!(std::fs::read(&victim).expect("victim"), b"keep me");
    assert_eq!(world_json(&path)["format"], 1);
    assert!(std::fs::symlink_metadata(&tmp).is_err(), "tmp left behind");
}

#[tokio::test]
async fn the_saved_world_file_is_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("world.json");
    let sb = start_at(&path).await;
    sb.create_hub_key();
    sb.shutdown().await;
    let mode = std::fs::metadata(&path)
        .expect("world file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}

#[tokio::test]
async fn without_a_world_file_nothing_is_kept() {
    assert_eq!(SandboxConfig::default().world_file, None);
    let cwd = std::env::current_dir().expect("cwd");
    let before = names_in(&cwd);
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("starts");
    sb.create_hub_key();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    sb.shutdown().await;
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("starts again");
    assert!(sb.hub_pairs().is_empty(), "a key outlived its sandbox");
    sb.shutdown().await;
    let after: Vec<String> = names_in(&cwd)
        .into_iter()
        .filter(|n| n.contains("world") || n.contains("unreadable"))
        .collect();
    let before: Vec<String> = before
        .into_iter()
        .filter(|n| n.contains("world") || n.contains("unreadable"))
        .collect();
    assert_eq!(after, before);
}

#[tokio::test]
async fn the_pairs_view_lists_the_newest_first_and_redacts_its_debug() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<SandboxPairs>();
    let sb = sandbox_support::start().await;
    let view = sb.pairs_view();
    let (first, _) = sb.create_hub_key();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let (second, secret) = sb.create_hub_key();
    let pairs = view.clone().hub_pairs();
    let keys: Vec<&str> = pairs.iter().map(|p| p.api_key.as_str()).collect();
    assert_eq!(keys, [second.as_str(), first.as_str()]);
    let debug = format!("{:?}", pairs[0]);
    assert!(
        debug.contains(&second) && !debug.contains(&secret),
        "{debug}"
    );
    sb.shutdown().await;
    assert_eq!(view.hub_pairs().len(), 2, "the view outlives the sandbox");
}

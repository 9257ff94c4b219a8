//! criterion: the HOPEX setup's two live checks (HOPEX key + ServiceNow credentials) run
//! together, with every sandbox endpoint delayed 500 ms by fault injection.
//! Target: ≤ 0.7 s, i.e. one delayed round trip, not three.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use nowkey::clients::hopex::HopexClient;
use nowkey::clients::http::Timeouts;
use nowkey::clients::servicenow::ServiceNowClient;
use nowkey::domain::servicenow::ServiceNowCredentials;
use nowkey::sandbox::{Sandbox, SandboxConfig};
use secrecy::SecretString;

fn live_checks(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (sandbox, hopex, servicenow) = rt.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        let base = sandbox.base_url();
        let http = reqwest::Client::new();
        let created: serde_json::Value = http
            .post(format!("{base}/_sandbox/hopex/keys"))
            .json(&serde_json::json!({
                "environment_id": "ENV-1", "repository_id": "REPO-1", "profile_id": "PROFILE-1"
            }))
            .send()
            .await
            .expect("create a HOPEX key")
            .json()
            .await
            .expect("key JSON");
        let key = created["api_key"].as_str().expect("api_key").to_owned();
        // Every endpoint (everything but /_sandbox) answers 500 ms late.
        http.post(format!("{base}/_sandbox/faults"))
            .json(&serde_json::json!({"path_prefix": "/", "latency_ms": 500}))
            .send()
            .await
            .expect("add the latency fault");
        let timeouts = Timeouts::default();
        let hopex = HopexClient::new(&base, "ITPM", SecretString::from(key), timeouts)
            .expect("HOPEX client");
        let servicenow = ServiceNowClient::new(
            &base,
            ServiceNowCredentials {
                user: "sn.integration".into(),
                password: SecretString::from("integration-sandbox-pw".to_owned()),
                oauth: None,
            },
            timeouts,
        )
        .expect("ServiceNow client");
        (sandbox, hopex, servicenow)
    });
    let mut group = c.benchmark_group("live checks, every endpoint +500 ms");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("HOPEX key + ServiceNow credentials together", |b| {
        b.iter(|| {
            rt.block_on(async {
                let (hopex, servicenow) =
                    tokio::join!(hopex.check_key(), servicenow.check_credentials());
                hopex.expect("the HOPEX key passes");
                servicenow.expect("the ServiceNow user passes");
            })
        })
    });
    group.finish();
    rt.block_on(sandbox.shutdown());
}

criterion_group!(benches, live_checks);
criterion_main!(benches);

//! The demo's own files: one demo per folder, and moving the demo profiles to
//! the sandbox's new address when its old port was taken.

use crate::flow_support::validate::{hopex_profile, sms_profile};

use nowkey::store::{
    load_profiles, lock_demo, move_demo_profiles, save_profile, ConfigDir, StoreError,
};

fn demo_dir(tmp: &tempfile::TempDir) -> ConfigDir {
    let dir = ConfigDir::resolve(Some(tmp.path().join("demo"))).expect("explicit dir");
    dir.ensure_exists().expect("created");
    dir
}

#[test]
fn a_second_demo_on_one_folder_is_refused_while_the_first_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = demo_dir(&tmp);
    let first = lock_demo(&dir).expect("the first demo");
    let second = lock_demo(&dir).expect_err("a second demo");
    assert!(matches!(second, StoreError::DemoBusy { .. }), "{second:?}");
    assert!(second.to_string().contains("quit it first"), "{second}");
    drop(first);
    lock_demo(&dir).expect("free again once the first ends");
}

#[test]
fn only_addresses_at_the_old_base_move_and_the_rest_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = demo_dir(&tmp);
    let old = "http://127.0.0.1:878";
    let new = "http://127.0.0.1:40000";
    let mut demo = sms_profile();
    demo.sms.as_mut().unwrap().hub_api_url = old.to_owned();
    demo.sms.as_mut().unwrap().servicenow_url = Some(old.to_owned());
    let mut hopex = hopex_profile();
    hopex.hopex.as_mut().unwrap().server_url = old.to_owned();
    hopex.hopex.as_mut().unwrap().servicenow_url = "https://acme.service-now.com".into();
    // Another port that merely starts with the same digits is not the sandbox.
    let mut other = sms_profile();
    other.sms.as_mut().unwrap().hub_api_url = "http://127.0.0.1:8787".into();
    save_profile(&dir, "demo", demo).unwrap();
    save_profile(&dir, "hopex", hopex).unwrap();
    save_profile(&dir, "other", other.clone()).unwrap();

    let moved = move_demo_profiles(&dir, old, new).expect("moved");
    assert_eq!(moved, ["demo", "hopex"]);
    let file = load_profiles(&dir).unwrap();
    let sms = file.profiles["demo"].sms.clone().unwrap();
    assert_eq!(sms.hub_api_url, new);
    assert_eq!(sms.servicenow_url.as_deref(), Some(new));
    let hopex = file.profiles["hopex"].hopex.clone().unwrap();
    assert_eq!(hopex.server_url, new);
    assert_eq!(hopex.servicenow_url, "https://acme.service-now.com");
    assert_eq!(file.profiles["other"], other);
    assert!(
        move_demo_profiles(&dir, old, new).unwrap().is_empty(),
        "nothing left to move"
    );
}

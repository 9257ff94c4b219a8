//! The ServiceNow client's discovery and writes against a small scripted
//! instance (the `instance` module): what is found, what is asked for (never a
//! secret field), a write counted only when the instance saved it, and the
//! refusals.

mod instance;

use instance::{assert_no_secret_field_asked, serve, world, CRED, OTHER, REG, REG_TABLE, TOKEN};
use nowkey::domain::remote_error::{ClientError, Service};
use nowkey::domain::servicenow_write::{suggest_registration_fields, RecordRef};
use secrecy::SecretString;

#[tokio::test]
async fn discovery_finds_the_credential_and_the_registration_without_asking_for_a_secret() {
    let (client, world) = serve(world()).await;
    let found = client.find_credentials("sinch").await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].record.to_string(),
        format!("api_key_credentials/{CRED}")
    );
    assert_eq!(
        found[0].alias.as_ref().unwrap().name.as_deref(),
        Some("Sinch SMS")
    );
    assert_eq!(
        client.find_credentials("relay").await.unwrap()[0].name,
        "Mail relay"
    );
    assert!(client.find_credentials("nothing").await.unwrap().is_empty());

    let tables = client.find_tables("registration").await.unwrap();
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].scope.as_deref(), Some("x_acme_sms"));
    let fields = client.table_fields(&tables[0].name).await.unwrap();
    let suggested = suggest_registration_fields(&fields).expect("the key and secret fields");
    assert_eq!(
        (suggested.key.as_str(), suggested.secret.as_str()),
        ("u_api_key", "u_api_secret")
    );
    let records = client
        .registration_records(REG_TABLE, &fields, Some(&suggested.key))
        .await
        .unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].name, "Production");
    assert_eq!(records[0].key_value.as_deref(), Some("old-key"));
    // Asked for the secret field as the key, it is not read.
    let records = client
        .registration_records(REG_TABLE, &fields, Some(&suggested.secret))
        .await
        .unwrap();
    assert_eq!(records[0].key_value, None);
    assert_no_secret_field_asked(&world);
}

#[tokio::test]
async fn a_write_is_saved_only_because_it_carries_the_display_value_flag() {
    let (client, world) = serve(world()).await;
    let target = RecordRef::new("api_key_credentials", CRED).unwrap();
    let token = SecretString::from(TOKEN);
    let receipt = client
        .write_record(&target, &[("api_key", &token)])
        .await
        .unwrap();
    assert_eq!((receipt.before.mod_count, receipt.after.mod_count), (4, 5));
    assert_eq!(receipt.after.updated_on, "2026-12-05 11:00:00");
    {
        let world = world.lock().unwrap();
        assert_eq!(world.tables["api_key_credentials"][0]["api_key"], TOKEN);
        let patch = world.seen.iter().find(|s| s.method == "PATCH").unwrap();
        assert_eq!(patch.query["sysparm_input_display_value"], "true");
    }
    let read = client.read_record(&target, &[]).await.unwrap();
    assert_eq!(read.stamp.mod_count, 5);
    assert_eq!(read.name.as_deref(), Some("Messaging key"));

    let registration = RecordRef::new(REG_TABLE, REG).unwrap();
    let key = SecretString::from("new-key");
    let secret = SecretString::from(TOKEN);
    client
        .write_record(
            &registration,
            &[("u_api_key", &key), ("u_api_secret", &secret)],
        )
        .await
        .unwrap();
    let read = client
        .read_record(&registration, &["u_api_key"])
        .await
        .unwrap();
    assert_eq!(read.values["u_api_key"], "new-key");
    assert_eq!(read.stamp.mod_count, 3);
    assert_no_secret_field_asked(&world);
}

#[tokio::test]
async fn a_field_the_instance_keeps_is_not_saved_and_says_so() {
    let mut kept = world();
    kept.read_only.push("u_api_secret");
    let (client, world) = serve(kept).await;
    let registration = RecordRef::new(REG_TABLE, REG).unwrap();
    let secret = SecretString::from(TOKEN);
    let error = client
        .write_record(&registration, &[("u_api_secret", &secret)])
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::NotSaved {
            target: registration.to_string()
        }
    );
    let message = error.user_message(Service::ServiceNow);
    assert!(
        message.contains("did not save") && message.contains("nothing was changed"),
        "{message}"
    );
    assert!(!format!("{error:?} {message}").contains(TOKEN));
    assert_eq!(
        world.lock().unwrap().tables[REG_TABLE][0]["u_api_secret"],
        "old-secret"
    );
}

#[tokio::test]
async fn a_deleted_record_is_gone_and_a_user_without_the_roles_is_told_which() {
    let (client, _) = serve(world()).await;
    let missing = RecordRef::new("api_key_credentials", OTHER).unwrap();
    let token = SecretString::from(TOKEN);
    let error = client
        .write_record(&missing, &[("api_key", &token)])
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::RecordGone {
            target: missing.to_string()
        }
    );
    assert_eq!(
        client.read_record(&missing, &[]).await.unwrap_err().class(),
        "record_gone"
    );

    let mut locked = world();
    locked.forbidden = vec!["discovery_credentials", "api_key_credentials", "sys_alias"];
    let (client, _) = serve(locked).await;
    let target = RecordRef::new("api_key_credentials", CRED).unwrap();
    for error in [
        client.find_credentials("sinch").await.unwrap_err(),
        client
            .write_record(&target, &[("api_key", &token)])
            .await
            .unwrap_err(),
    ] {
        assert_eq!(error.class(), "credential_access", "{error:?}");
        let message = error.user_message(Service::ServiceNow);
        assert!(
            message.contains("admin or credential_admin role"),
            "{message}"
        );
    }
    // The registration table is not a credential table: its 403 stays a permission.
    let mut locked = world();
    locked.forbidden = vec![REG_TABLE];
    let (client, _) = serve(locked).await;
    let error = client
        .registration_records(REG_TABLE, &[], None)
        .await
        .unwrap_err();
    assert_eq!(error.class(), "permission");
}

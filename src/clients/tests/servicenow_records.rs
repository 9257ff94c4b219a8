//! Discovery against scripted instances: what each call asks for (never a
//! secret field), and what it makes of the shapes a real instance answers with.

use super::servicenow::sn_client;
use super::{json_response, path_of, query_of, Behaviour, TestServer};
use crate::clients::http::Timeouts;
use crate::clients::servicenow::{is_secret_field_name, ServiceNowClient};
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow_write::FieldInfo;

const CRED: &str = "0123456789abcdef0123456789abcdef";
const CRED2: &str = "11111111111111111111111111111111";
const CRED3: &str = "22222222222222222222222222222222";
const CRED4: &str = "33333333333333333333333333333333";
const ALIAS: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// A server answering each `(table, answer)` pair to `GET /api/now/table/{table}?`.
async fn tables(answers: Vec<(&str, String)>) -> TestServer {
    TestServer::start(Behaviour::Route(
        answers
            .into_iter()
            .map(|(table, answer)| (format!("GET /api/now/table/{table}?"), answer))
            .collect(),
    ))
    .await
}

fn client(server: &TestServer) -> ServiceNowClient {
    sn_client(&server.url(), Timeouts::default())
}

/// Every field a request lists in `sysparm_fields`; panics if one is a secret.
fn fields_asked(request: &str) -> Vec<String> {
    let query = query_of(request);
    let fields: Vec<String> = query
        .get("sysparm_fields")
        .map(|f| f.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    for field in &fields {
        let last = field.rsplit('.').next().unwrap_or(field);
        assert!(
            !is_secret_field_name(last),
            "a secret field was asked for: {request}"
        );
    }
    fields
}

fn link(table: &str, id: &str) -> String {
    format!(
        r#"{{"link":"https://acme.service-now.com/api/now/table/{table}/{id}","value":"{id}"}}"#
    )
}

#[tokio::test]
async fn credentials_are_found_by_name_or_by_an_alias_their_link_proves() {
    let dictionary = json_response(200, r#"{"result":[{"element":"u_hub_alias"}]}"#);
    let rows = format!(
        r#"{{"result":[
        {{"sys_id":"{CRED}","sys_class_name":"api_key_credentials","name":"Prod\u001b[2J key","active":"true","sys_updated_on":"2026-12-05 10:00:00",
          "u_hub_alias":{alias},"u_hub_alias.name":"SMS Hub","u_hub_alias.id":"x_acme.sms_hub"}},
        {{"sys_id":"{CRED2}","sys_class_name":"basic_auth_credentials","name":"Old SMS login","active":false,
          "u_hub_alias":{user}}},
        {{"sys_id":"not-an-id","sys_class_name":"api_key_credentials","name":"sms broken"}},
        {{"sys_id":"{CRED3}","sys_class_name":"api_key_credentials","name":"Mail","u_hub_alias":{alias},"u_hub_alias.name":"Mail relay","u_hub_alias.id":"x.mail"}},
        {{"sys_id":"{CRED4}","name":"Hidden","u_hub_alias":"{ALIAS}"}}
        ]}}"#,
        alias = link("sys_alias", ALIAS),
        user = link("sys_user", ALIAS),
    );
    let mut server = tables(vec![
        ("sys_dictionary", dictionary),
        ("discovery_credentials", json_response(200, &rows)),
    ])
    .await;
    let found = client(&server).find_credentials(" SMS ").await.unwrap();

    let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Hidden", "Old SMS login", "Prod\u{fffd}[2J key"]);
    let prod = &found[2];
    assert_eq!(
        prod.record.to_string(),
        format!("api_key_credentials/{CRED}")
    );
    assert!(prod.active);
    assert_eq!(prod.updated_on, "2026-12-05 10:00:00");
    let alias = prod.alias.as_ref().unwrap();
    assert_eq!(
        (alias.sys_id.as_str(), alias.name.as_deref()),
        (ALIAS, Some("SMS Hub"))
    );
    // A reference to another table is not an alias.
    assert!(!found[1].active && found[1].alias.is_none());
    // A bare sys_id (no link) from the dictionary's field is taken; its class,
    // hidden, falls back to the base table.
    assert_eq!(found[0].record.table, "discovery_credentials");
    assert_eq!(found[0].alias.as_ref().unwrap().name, None);

    let dictionary_read = server.next_request().await;
    assert_eq!(path_of(&dictionary_read), "/api/now/table/sys_dictionary");
    let query = query_of(&dictionary_read);
    assert_eq!(
        query["sysparm_query"],
        "name=discovery_credentials^internal_type=reference^reference=sys_alias^elementISNOTEMPTY"
    );
    assert_eq!(fields_asked(&dictionary_read), ["element"]);
    let search = server.next_request().await;
    assert_eq!(path_of(&search), "/api/now/table/discovery_credentials");
    let query = query_of(&search);
    assert_eq!(
        query["sysparm_query"],
        "nameLIKESMS^ORu_hub_alias.nameLIKESMS^ORu_hub_alias.idLIKESMS^ORDERBYname"
    );
    assert_eq!(query["sysparm_limit"], "100");
    assert_eq!(
        fields_asked(&search),
        [
            "sys_id",
            "sys_class_name",
            "name",
            "active",
            "sys_updated_on",
            "u_hub_alias",
            "u_hub_alias.name",
            "u_hub_alias.id"
        ]
    );
}

#[tokio::test]
async fn without_a_readable_dictionary_the_usual_alias_field_is_used() {
    let forbidden = json_response(
        403,
        r#"{"error":{"message":"User Not Authorized"},"status":"failure"}"#,
    );
    let rows = format!(
        r#"{{"result":[{{"sys_id":"{CRED}","sys_class_name":"api_key_credentials","name":"x","credential_alias":{},"credential_alias.id":"sms"}}]}}"#,
        link("sys_alias", ALIAS)
    );
    for dictionary in [forbidden, json_response(200, r#"{"result":[]}"#)] {
        let mut server = tables(vec![
            ("sys_dictionary", dictionary),
            ("discovery_credentials", json_response(200, &rows)),
        ])
        .await;
        let found = client(&server).find_credentials("sms").await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].alias.as_ref().unwrap().name.as_deref(),
            Some("sms")
        );
        server.next_request().await;
        let search = server.next_request().await;
        assert!(
            query_of(&search)["sysparm_query"].contains("^ORcredential_alias.idLIKEsms"),
            "{search}"
        );
    }
}

#[tokio::test]
async fn a_term_that_could_change_the_query_is_refused_with_nothing_sent() {
    let mut server = TestServer::answering(200, &[], r#"{"result":[]}"#).await;
    let client = client(&server);
    for term in [
        "sms^ORname!=x",
        "sms\u{1b}[2J",
        "",
        "javascript:gs.getUser()",
    ] {
        let error = client.find_credentials(term).await.unwrap_err();
        assert_eq!(error.class(), "bad_query", "{term:?}");
        let error = client.find_tables(term).await.unwrap_err();
        assert_eq!(error.class(), "bad_query", "{term:?}");
    }
    for table in ["sys_user^ORname", "Sys_User", "a/b", ""] {
        let error = client.table_fields(table).await.unwrap_err();
        assert!(matches!(error, ClientError::BadQuery { .. }), "{table:?}");
        let error = client
            .registration_records(table, &[], None)
            .await
            .unwrap_err();
        assert_eq!(error.class(), "bad_query", "{table:?}");
    }
    assert!(server.saw_no_request());
}

#[tokio::test]
async fn tables_come_with_their_scope_by_name_or_by_sys_id() {
    let rows = r#"{"result":[
        {"name":"x_acme_sms_env_reg","label":"Environment Registration","sys_scope":{"link":"https://i/api/now/table/sys_scope/abc","value":"abc"},"sys_scope.scope":"x_acme_sms"},
        {"name":"u_env_registration","label":"Environment\nRegistration (old)","sys_scope":"global"},
        {"name":"Bad Name","label":"Environment Registration"}
    ]}"#;
    let mut server = tables(vec![("sys_db_object", json_response(200, rows))]).await;
    let found = client(&server)
        .find_tables("Environment Registration")
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].name, "u_env_registration");
    assert_eq!(found[0].label, "Environment Registration (old)");
    assert_eq!(found[0].scope.as_deref(), Some("global"));
    assert_eq!(found[1].scope.as_deref(), Some("x_acme_sms"));
    let request = server.next_request().await;
    let query = query_of(&request);
    assert_eq!(
        query["sysparm_query"],
        "labelLIKEEnvironment Registration^ORDERBYname"
    );
    assert_eq!(
        fields_asked(&request),
        ["name", "label", "sys_scope", "sys_scope.scope"]
    );
}

#[tokio::test]
async fn fields_read_their_type_as_a_name_or_as_a_reference() {
    let rows = r#"{"result":[
        {"element":"u_secret","column_label":"API Secret","internal_type":{"link":"https://i/api/now/table/sys_glide_object/1","value":"password2"}},
        {"element":"u_api_key","column_label":"API Key","internal_type":"string"},
        {"element":"","column_label":"collection","internal_type":"collection"},
        {"element":"u_count","column_label":"Count","internal_type":"integer"}
    ]}"#;
    let mut server = tables(vec![("sys_dictionary", json_response(200, rows))]).await;
    let fields = client(&server)
        .table_fields("x_acme_sms_env_reg")
        .await
        .unwrap();
    let elements: Vec<&str> = fields.iter().map(|f| f.element.as_str()).collect();
    assert_eq!(elements, ["u_api_key", "u_count", "u_secret"]);
    assert!(fields[2].is_encrypted());
    assert_eq!(fields[0].label, "API Key");
    let request = server.next_request().await;
    assert_eq!(
        query_of(&request)["sysparm_query"],
        "name=x_acme_sms_env_reg^elementISNOTEMPTY^ORDERBYelement"
    );
    assert_eq!(
        fields_asked(&request),
        ["element", "column_label", "internal_type"]
    );
}

fn info(element: &str, label: &str, internal_type: &str) -> FieldInfo {
    FieldInfo {
        element: element.into(),
        label: label.into(),
        internal_type: internal_type.into(),
    }
}

#[tokio::test]
async fn registration_records_read_the_key_but_never_an_encrypted_field() {
    let dictionary = [
        info("u_api_key", "API Key", "string"),
        info("u_api_token", "API token", "password2"),
        info("u_env", "Environment name", "string"),
    ];
    let rows = format!(
        r#"{{"result":[
        {{"sys_id":"{CRED}","sys_updated_on":"2026-12-05 10:00:00","u_env":"Production","u_api_key":"key-1"}},
        {{"sys_id":"{CRED2}","sys_updated_on":"2026-12-04 10:00:00","name":"","number":7}},
        {{"sys_id":"nope"}}
        ]}}"#
    );
    let mut server = tables(vec![("x_acme_sms_env_reg", json_response(200, &rows))]).await;
    let client = client(&server);
    let found = client
        .registration_records("x_acme_sms_env_reg", &dictionary, Some("u_api_key"))
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].name, "Production");
    assert_eq!(found[0].key_value.as_deref(), Some("key-1"));
    assert_eq!(
        found[0].record.to_string(),
        format!("x_acme_sms_env_reg/{CRED}")
    );
    assert_eq!(found[1].name, "7");
    assert_eq!(found[1].key_value, None);
    let request = server.next_request().await;
    assert_eq!(
        fields_asked(&request),
        [
            "sys_id",
            "sys_updated_on",
            "name",
            "u_name",
            "number",
            "u_env",
            "u_api_key"
        ]
    );
    assert_eq!(query_of(&request)["sysparm_limit"], "100");

    // An encrypted or secret-named key field is not read, and not asked for.
    for key in ["u_api_token", "u_api_secret", "password"] {
        let found = client
            .registration_records("x_acme_sms_env_reg", &dictionary, Some(key))
            .await
            .unwrap();
        assert!(found.iter().all(|r| r.key_value.is_none()));
        let request = server.next_request().await;
        assert!(
            !fields_asked(&request).contains(&key.to_owned()),
            "{request}"
        );
    }
}

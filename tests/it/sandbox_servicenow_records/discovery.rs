//! Discovery over the sandbox's instance: the credential queries (`LIKE`,
//! `^OR`, `IN`, dot-walking, `sys_class_name`) and the metadata tables that
//! find the Environment Registration table and its fields.

use crate::sandbox_support;

use nowkey::domain::servicenow_write::{suggest_registration_fields, FieldInfo};
use nowkey::sandbox::servicenow::seed::{SMS_ALIAS_SYS_ID, SMS_CREDENTIAL_SYS_ID};
use nowkey::sandbox::servicenow::REGISTRATION_TABLE;
use serde_json::json;

use sandbox_support::servicenow::{result_list, seeded, sn_get, Answer};
use sandbox_support::start;

/// The `name`s of a list answer, sorted.
fn names(a: &Answer) -> Vec<String> {
    let mut out: Vec<String> = result_list(a)
        .iter()
        .map(|r| r["name"].as_str().expect("name").to_owned())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn discovery_queries_find_the_connectors_credential() {
    let sb = start().await;
    let me = seeded("cred.admin");
    let q = |query: &str| {
        format!("/api/now/table/discovery_credentials?sysparm_fields=name,sys_class_name&sysparm_query={query}")
    };
    let both = ["Jira integration", "SMS Hub API key"];
    assert_eq!(
        names(&sn_get(&sb, &q("nameLIKEsms"), me).await),
        ["SMS Hub API key"]
    );
    assert_eq!(
        names(&sn_get(&sb, &q("nameLIKEJIRA%5EORnameLIKEsms"), me).await),
        both
    );
    assert_eq!(
        names(
            &sn_get(
                &sb,
                &q("sys_class_nameINapi_key_credentials,basic_auth_credentials"),
                me
            )
            .await
        ),
        both
    );
    assert_eq!(
        names(&sn_get(&sb, &q("sys_class_name=basic_auth_credentials"), me).await),
        ["Jira integration"]
    );
    assert_eq!(
        names(&sn_get(&sb, &q("nameSTARTSWITHsms^nameISNOTEMPTY"), me).await),
        ["SMS Hub API key"]
    );
    // a^b^ORc is a AND (b OR c): nothing is named zzz.
    assert!(names(&sn_get(&sb, &q("nameLIKEzzz^active=false^ORnameLIKEsms"), me).await).is_empty());
    assert_eq!(
        names(&sn_get(&sb, &q("no_such_field=1^ORDERBYname"), me).await),
        both,
        "dropped"
    );

    let by_alias = sn_get(
        &sb,
        "/api/now/table/discovery_credentials?sysparm_query=credential_alias.name=SMS Hub^active=true\
         &sysparm_fields=sys_id,name,sys_class_name,credential_alias,credential_alias.name,nope",
        me,
    )
    .await;
    let found = result_list(&by_alias);
    assert_eq!(found.len(), 1, "{}", by_alias.text);
    let r = &found[0];
    assert_eq!(r["sys_id"], SMS_CREDENTIAL_SYS_ID);
    assert_eq!(r["sys_class_name"], "api_key_credentials");
    assert_eq!(r["credential_alias.name"], "SMS Hub");
    assert_eq!(r["credential_alias"]["value"], SMS_ALIAS_SYS_ID);
    let link = r["credential_alias"]["link"].as_str().expect("link");
    assert!(
        link.ends_with(&format!("/api/now/table/sys_alias/{SMS_ALIAS_SYS_ID}")),
        "{link}"
    );
    assert!(r.get("nope").is_none(), "an unknown field is left out");
    let alias = sn_get(
        &sb,
        &format!("/api/now/table/sys_alias/{SMS_ALIAS_SYS_ID}?sysparm_fields=name,id,type"),
        me,
    )
    .await;
    assert_eq!(
        alias.json["result"],
        json!({"name": "SMS Hub", "id": "x_nkdemo_sms.sms_hub", "type": "credential"})
    );
    let base = sn_get(
        &sb,
        &format!("/api/now/table/discovery_credentials/{SMS_CREDENTIAL_SYS_ID}"),
        me,
    )
    .await;
    assert!(
        base.json["result"].get("api_key").is_none(),
        "a base table shows base fields"
    );
    assert_eq!(base.json["result"]["sys_class_name"], "api_key_credentials");
}

#[tokio::test]
async fn metadata_finds_the_registration_table_and_its_fields() {
    let sb = start().await;
    let me = seeded("sn.integration");
    let tables = sn_get(
        &sb,
        "/api/now/table/sys_db_object?sysparm_query=labelLIKEregistration\
         &sysparm_fields=name,label,sys_scope,sys_scope.scope,sys_scope.name",
        me,
    )
    .await;
    let found = result_list(&tables);
    assert_eq!(found.len(), 1, "{}", tables.text);
    assert_eq!(found[0]["name"], REGISTRATION_TABLE);
    assert_eq!(found[0]["label"], "Environment Registration");
    assert_eq!(found[0]["sys_scope.scope"], "x_nkdemo_sms");
    assert!(found[0]["sys_scope"]["link"]
        .as_str()
        .is_some_and(|l| l.contains("/api/now/table/sys_scope/")));
    let by_scope = sn_get(&sb, "/api/now/table/sys_db_object?sysparm_query=sys_scope.scope=x_nkdemo_sms&sysparm_fields=name", me).await;
    assert_eq!(names(&by_scope), [REGISTRATION_TABLE]);
    let parent = sn_get(&sb, "/api/now/table/sys_db_object?sysparm_query=name=api_key_credentials&sysparm_fields=super_class.name", me).await;
    assert_eq!(
        result_list(&parent)[0]["super_class.name"],
        "discovery_credentials"
    );

    let dictionary = sn_get(
        &sb,
        &format!("/api/now/table/sys_dictionary?sysparm_query=name={REGISTRATION_TABLE}\
                  &sysparm_fields=element,column_label,internal_type&sysparm_exclude_reference_link=true"),
        me,
    )
    .await;
    let fields: Vec<FieldInfo> = result_list(&dictionary)
        .iter()
        .map(|r| FieldInfo {
            element: r["element"].as_str().expect("element").to_owned(),
            label: r["column_label"].as_str().expect("label").to_owned(),
            internal_type: r["internal_type"].as_str().expect("type").to_owned(),
        })
        .collect();
    let type_of = |e: &str| {
        fields
            .iter()
            .find(|f| f.element == e)
            .map(|f| f.internal_type.as_str())
    };
    assert_eq!(type_of("u_api_secret"), Some("password2"));
    assert_eq!(type_of("u_api_key"), Some("string"));
    assert_eq!(type_of("u_active"), Some("boolean"));
    assert_eq!(type_of("sys_mod_count"), Some("integer"));
    let suggested = suggest_registration_fields(&fields).expect("clear fields");
    assert_eq!(
        (suggested.key.as_str(), suggested.secret.as_str()),
        ("u_api_key", "u_api_secret")
    );
    let linked = sn_get(&sb, "/api/now/table/sys_dictionary?sysparm_query=name=api_key_credentials^element=api_key&sysparm_fields=internal_type,max_length", me).await;
    let row = &result_list(&linked)[0];
    assert_eq!(row["internal_type"]["value"], "password2");
    let link = row["internal_type"]["link"]
        .as_str()
        .expect("link")
        .replace("http://", "");
    let path = link
        .split_once('/')
        .map(|(_, p)| format!("/{p}"))
        .expect("path");
    let glide = sn_get(&sb, &path, me).await;
    assert_eq!(glide.json["result"]["name"], "password2", "{path}");
    let hidden = sn_get(&sb, "/api/now/table/sys_dictionary", seeded("no.read")).await;
    assert!(result_list(&hidden).is_empty(), "no read rights, no rows");
}

//! The built-in catalog of SMS Hub brands (the SMS setup's step 1).

use std::collections::HashSet;

use nowkey::domain::vendors::{key_creation_steps, Vendor, VendorCatalog};

const BRANDS: [&str; 7] = [
    "Sinch Engage",
    "MessageMedia",
    "One NZ MultiTXT",
    "Spark eTXT",
    "2degrees GroupText",
    "TPG Telecom Messaging Hub",
    "Marquire telecom notify now",
];

fn by_name<'a>(catalog: &'a VendorCatalog, name: &str) -> &'a Vendor {
    catalog
        .all()
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("{name} missing from the catalog"))
}

#[test]
fn catalog_has_exactly_the_seven_brands() {
    let catalog = VendorCatalog::builtin();
    let names: Vec<&str> = catalog.all().iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names.len(), 7, "{names:?}");
    let expected: HashSet<&str> = BRANDS.into_iter().collect();
    let actual: HashSet<&str> = names.iter().copied().collect();
    assert_eq!(actual, expected);
}

#[test]
fn ids_are_unique_and_lookups_work() {
    let catalog = VendorCatalog::builtin();
    let mut seen = HashSet::new();
    for vendor in catalog.all() {
        assert!(
            seen.insert(vendor.id.as_str()),
            "duplicate id {}",
            vendor.id
        );
        assert!(!vendor.id.is_empty());
        // Ids are stored in profiles.toml and typed on the command line.
        assert!(
            vendor
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "id {:?} is not lowercase-kebab",
            vendor.id
        );
        assert_eq!(catalog.by_id(&vendor.id), Some(vendor));
    }
    assert_eq!(catalog.by_id("no-such-brand"), None);
    assert_eq!(catalog.by_id(""), None);
}

#[test]
fn names_are_unique() {
    let catalog = VendorCatalog::builtin();
    let names: HashSet<&str> = catalog.all().iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names.len(), catalog.all().len());
}

#[test]
fn menu_paths() {
    let catalog = VendorCatalog::builtin();
    for vendor in catalog.all() {
        let expected = if vendor.name == "2degrees GroupText" {
            "Configuration → API Settings"
        } else {
            "Settings → API Settings"
        };
        assert_eq!(vendor.menu_path, expected, "{}", vendor.name);
    }
}

#[test]
fn every_url_is_https_and_parses() {
    let catalog = VendorCatalog::builtin();
    for vendor in catalog.all() {
        for (what, text) in [("api_base", &vendor.api_base), ("hub_url", &vendor.hub_url)] {
            let url = url::Url::parse(text)
                .unwrap_or_else(|e| panic!("{} {what} {text:?}: {e}", vendor.name));
            assert_eq!(url.scheme(), "https", "{} {what}", vendor.name);
            assert!(url.host_str().is_some_and(|h| !h.is_empty()));
            assert!(url.username().is_empty() && url.password().is_none());
            assert_eq!(url.query(), None, "{} {what}", vendor.name);
        }
        // The client appends `/v1/...` to the API base: no trailing slash.
        assert!(!vendor.api_base.ends_with('/'), "{}", vendor.api_base);
    }
}

#[test]
fn spark_etxt_has_its_own_unconfirmed_host() {
    let catalog = VendorCatalog::builtin();
    let spark = by_name(&catalog, "Spark eTXT");
    assert_eq!(spark.api_base, "https://api.etxtservice.co.nz");
    assert!(!spark.api_base_confirmed);
}

#[test]
fn messagemedia_and_sinch_engage_are_confirmed() {
    let catalog = VendorCatalog::builtin();
    for name in ["MessageMedia", "Sinch Engage"] {
        let vendor = by_name(&catalog, name);
        assert_eq!(vendor.api_base, "https://api.messagemedia.com");
        assert!(vendor.api_base_confirmed, "{name}");
        assert_eq!(vendor.hub_url, "https://hub.messagemedia.com/");
    }
}

#[test]
fn unknown_hosts_default_to_messagemedia_and_are_unconfirmed() {
    let catalog = VendorCatalog::builtin();
    for name in [
        "One NZ MultiTXT",
        "2degrees GroupText",
        "TPG Telecom Messaging Hub",
        "Marquire telecom notify now",
    ] {
        let vendor = by_name(&catalog, name);
        assert_eq!(vendor.api_base, "https://api.messagemedia.com", "{name}");
        assert!(!vendor.api_base_confirmed, "{name}");
    }
}

#[test]
fn key_creation_steps_follow_the_hub() {
    let catalog = VendorCatalog::builtin();
    for vendor in catalog.all() {
        let steps = key_creation_steps(vendor, "ServiceNow");
        let all = steps.join("\n");
        assert!(steps.len() >= 4, "{all}");
        assert!(all.contains(&vendor.menu_path), "{}: {all}", vendor.name);
        assert!(all.contains(&vendor.hub_url), "{}: {all}", vendor.name);
        assert!(all.contains("\"ServiceNow\""), "{all}");
        assert!(all.contains("administrator"), "{all}");
        assert!(all.contains("API tab"), "{all}");
        assert!(all.contains("Basic Authentication"), "{all}");
        assert!(all.contains("Create new key"), "{all}");
        assert!(all.contains("Create Key"), "{all}");
        assert!(all.contains("only once"), "{all}");
        // In order: sign in, menu, create, name, copy.
        let menu = steps.iter().position(|s| s.contains(&vendor.menu_path));
        let name = steps.iter().position(|s| s.contains("\"ServiceNow\""));
        assert!(menu < name, "{all}");
    }
}

#[test]
fn key_creation_steps_use_the_given_key_name_and_brand_menu() {
    let catalog = VendorCatalog::builtin();
    let grouptext = by_name(&catalog, "2degrees GroupText");
    let all = key_creation_steps(grouptext, "nowkey-prod").join("\n");
    assert!(all.contains("Configuration → API Settings"), "{all}");
    assert!(all.contains("\"nowkey-prod\""), "{all}");
    assert!(!all.contains("\"ServiceNow\""), "{all}");
}

//! The catalog of SMS Hub brands, compiled in from `assets/vendors.toml`.

use serde::Deserialize;

const CATALOG_TOML: &str = include_str!("../../assets/vendors.toml");

/// One brand of the SMS Hub.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Vendor {
    /// Stable identifier stored in profiles.
    pub id: String,
    /// The brand name.
    pub name: String,
    /// The Hub web app where keys are created.
    pub hub_url: String,
    /// The menu path to API settings in this brand's Hub.
    pub menu_path: String,
    /// REST Messages API base URL.
    pub api_base: String,
    /// False where the brand's API host is not publicly documented.
    pub api_base_confirmed: bool,
}

#[derive(Deserialize)]
struct CatalogFile {
    vendor: Vec<Vendor>,
}

/// The brands, in the order the wizard lists them.
#[derive(Debug, Clone)]
pub struct VendorCatalog {
    vendors: Vec<Vendor>,
}

impl VendorCatalog {
    /// The built-in catalog.
    pub fn builtin() -> Self {
        // The catalog is compiled in and checked by a unit test, so parsing cannot
        // fail at run time unless the binary itself is corrupt.
        let file: CatalogFile =
            toml::from_str(CATALOG_TOML).expect("assets/vendors.toml is valid (unit-tested)");
        Self {
            vendors: file.vendor,
        }
    }

    /// All brands.
    pub fn all(&self) -> &[Vendor] {
        &self.vendors
    }

    /// The brand with this id.
    pub fn by_id(&self, id: &str) -> Option<&Vendor> {
        self.vendors.iter().find(|v| v.id == id)
    }
}

/// Step-by-step instructions for creating a Basic-auth key in this brand's Hub.
pub fn key_creation_steps(vendor: &Vendor, key_name: &str) -> Vec<String> {
    vec![
        format!("Sign in to {} as an account administrator.", vendor.hub_url),
        format!("Open {} and choose the API tab.", vendor.menu_path),
        "Under Basic Authentication, choose \"Create new key\".".to_owned(),
        format!("Name it \"{key_name}\" and choose Create Key."),
        "Copy the API key and the API secret. The secret is shown only once.".to_owned(),
    ]
}

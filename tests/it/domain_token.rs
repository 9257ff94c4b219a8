//! The Hub credential pair, the Basic-auth token and its fingerprint.
//!
//! Every expected token and fingerprint below was computed independently of nowkey,
//! with the Python one-liner written next to it.

use base64::Engine as _;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::paste_shape::{recognise, PastedShape};
use nowkey::domain::token::{Fingerprint, HubCredentials, Token};
use proptest::prelude::*;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

fn creds(key: &str, secret: &str) -> HubCredentials {
    HubCredentials {
        key: clean_api_key(key).expect("test key is valid"),
        secret: clean_api_secret(secret).expect("test secret is valid"),
    }
}

fn token_of(key: &str, secret: &str) -> Token {
    creds(key, secret).token()
}

/// The 256-character printable-ASCII secret of the long vector: chr(33 + i % 94).
fn long_secret() -> String {
    (0..256u32)
        .map(|i| char::from_u32(33 + i % 94).expect("ASCII"))
        .collect()
}

// ---------------------------------------------------------------------------
// Known vectors
// ---------------------------------------------------------------------------

#[test]
fn ascii_pair_vector() {
    // python3 -c 'import base64,hashlib;t=base64.b64encode("ServiceNow:s3cr3t".encode()).decode();print(t,hashlib.sha256(t.encode()).hexdigest()[:12])'
    // -> U2VydmljZU5vdzpzM2NyM3Q= 80ae5a54aebc
    let token = token_of("ServiceNow", "s3cr3t");
    assert_eq!(token.expose(), "U2VydmljZU5vdzpzM2NyM3Q=");
    assert_eq!(token.fingerprint().as_str(), "80ae5a54aebc");
}

#[test]
fn non_ascii_secret_is_encoded_as_utf8() {
    // python3 -c 'import base64,hashlib;t=base64.b64encode("nowkey-key:pässwörd✓".encode()).decode();print(t,hashlib.sha256(t.encode()).hexdigest()[:12])'
    // -> bm93a2V5LWtleTpww6Rzc3fDtnJk4pyT 979ab075267a
    let token = token_of("nowkey-key", "pässwörd✓");
    assert_eq!(token.expose(), "bm93a2V5LWtleTpww6Rzc3fDtnJk4pyT");
    assert_eq!(token.fingerprint().as_str(), "979ab075267a");
}

#[test]
fn secret_containing_colon_keeps_it() {
    // Basic auth splits at the first ':' only, so key "a" + secret "b:c" is "a:b:c".
    // python3 -c 'import base64,hashlib;t=base64.b64encode("a:b:c".encode()).decode();print(t,hashlib.sha256(t.encode()).hexdigest()[:12])'
    // -> YTpiOmM= 2fc24011e362
    let token = token_of("a", "b:c");
    assert_eq!(token.expose(), "YTpiOmM=");
    assert_eq!(token.fingerprint().as_str(), "2fc24011e362");
}

#[test]
fn short_pair_without_padding() {
    // python3 -c 'import base64,hashlib;t=base64.b64encode("ab:cd".encode()).decode();print(t,hashlib.sha256(t.encode()).hexdigest()[:12])'
    // -> YWI6Y2Q= 0069c5fdcf05
    let token = token_of("ab", "cd");
    assert_eq!(token.expose(), "YWI6Y2Q=");
    assert_eq!(token.fingerprint().as_str(), "0069c5fdcf05");
}

#[test]
fn long_secret_vector() {
    // python3 -c 'import base64,hashlib;s="".join(chr(33+i%94) for i in range(256));t=base64.b64encode(("KEY123:"+s).encode()).decode();print(t);print(hashlib.sha256(t.encode()).hexdigest()[:12])'
    const EXPECTED: &str = "S0VZMTIzOiEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2BhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX4hIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2Q=";
    let secret = long_secret();
    assert_eq!(secret.chars().count(), 256);
    let token = token_of("KEY123", &secret);
    assert_eq!(token.expose(), EXPECTED);
    assert_eq!(token.fingerprint().as_str(), "8196915dec1a");
}

#[test]
fn hub_credentials_token_matches_token_encode() {
    let pair = creds("ServiceNow", "s3cr3t");
    let direct = Token::encode(&pair.key, &pair.secret);
    assert_eq!(pair.token().expose(), direct.expose());
}

#[test]
fn pasted_whitespace_does_not_change_the_token() {
    // Same vector as `ascii_pair_vector`, pasted with a CRLF and spaces around it.
    let pair = HubCredentials {
        key: clean_api_key("  ServiceNow\r\n").unwrap(),
        secret: clean_api_secret("\ts3cr3t \n").unwrap(),
    };
    assert_eq!(pair.token().expose(), "U2VydmljZU5vdzpzM2NyM3Q=");
}

#[test]
fn authorization_header_is_basic_token() {
    let token = token_of("ServiceNow", "s3cr3t");
    let header = token.authorization_header();
    assert_eq!(header.expose_secret(), "Basic U2VydmljZU5vdzpzM2NyM3Q=");
    // The header is itself a secret: its Debug output is redacted.
    let shown = format!("{header:?}");
    assert!(!shown.contains("U2VydmljZU5vdzpzM2NyM3Q="), "{shown}");
}

#[test]
fn secret_char_count_counts_characters_not_bytes() {
    let pair = creds("k", "pässwörd✓");
    assert_eq!(pair.secret.char_count(), 9);
    assert_eq!(pair.secret.expose(), "pässwörd✓");
}

// ---------------------------------------------------------------------------
// Fingerprint
// ---------------------------------------------------------------------------

#[test]
fn fingerprint_parse_accepts_twelve_lowercase_hex() {
    for ok in [
        "0123456789ab",
        "abcdefabcdef",
        "000000000000",
        "80ae5a54aebc",
    ] {
        let fp = Fingerprint::parse(ok).unwrap_or_else(|| panic!("{ok:?} should parse"));
        assert_eq!(fp.as_str(), ok);
        assert_eq!(fp.to_string(), ok);
    }
}

#[test]
fn fingerprint_parse_refuses_everything_else() {
    for bad in [
        "",
        "0123456789a",   // 11
        "0123456789abc", // 13
        "0123456789AB",  // uppercase
        "ABCDEFABCDEF",
        "0123456789ag", // not hex
        " 0123456789a",
        "0123456789ab ",
        "0123456789a\n",
        "０１２３４５６７８９ab", // full-width digits
        "0123456789é",            // 12 bytes, not 12 hex digits
        "0x0123456789",
        "80ae5a54-aebc",
    ] {
        assert_eq!(Fingerprint::parse(bad), None, "{bad:?} should be refused");
    }
}

#[test]
fn fingerprint_of_a_token_parses_back() {
    let fp = token_of("ServiceNow", "s3cr3t").fingerprint();
    assert_eq!(Fingerprint::parse(fp.as_str()), Some(fp));
}

#[test]
fn fingerprint_serde_round_trip() {
    let fp = Fingerprint::parse("80ae5a54aebc").unwrap();
    let json = serde_json::to_string(&fp).unwrap();
    assert_eq!(json, "\"80ae5a54aebc\"");
    let back: Fingerprint = serde_json::from_str(&json).unwrap();
    assert_eq!(back, fp);
}

#[test]
fn fingerprint_deserialize_refuses_what_parse_refuses() {
    // profiles.toml is hand-edited by admins: a damaged fingerprint must not load as
    // a valid-looking one.
    for bad in [
        "\"\"",
        "\"NOT-A-FINGERPRINT\"",
        "\"0123456789AB\"",
        "\"0123456789abc\"",
    ] {
        let parsed: Result<Fingerprint, _> = serde_json::from_str(bad);
        assert!(parsed.is_err(), "{bad} was accepted as {parsed:?}");
    }
}

#[test]
fn api_key_deserialize_applies_the_paste_rules() {
    use nowkey::domain::token::ApiKey;
    let key: ApiKey = serde_json::from_str("\"ServiceNow\"").unwrap();
    assert_eq!(key.as_str(), "ServiceNow");
    assert_eq!(serde_json::to_string(&key).unwrap(), "\"ServiceNow\"");
    // A key with ':' cannot be carried by Basic auth, whatever its source.
    for bad in ["\"a:b\"", "\"\"", "\"a b\"", "\"a\\u0000b\""] {
        let parsed: Result<ApiKey, _> = serde_json::from_str(bad);
        assert!(parsed.is_err(), "{bad} was accepted as {parsed:?}");
    }
}

// ---------------------------------------------------------------------------
// Debug never shows a secret
// ---------------------------------------------------------------------------

#[test]
fn debug_never_shows_secret_or_token() {
    const CANARY: &str = "CANARY-7f3a-s3cr3t";
    let pair = creds("visible-key", CANARY);
    let token = pair.token();
    let token_text = token.expose().to_owned();
    let header = token.authorization_header().expose_secret().to_owned();

    let outputs = [
        format!("{:?}", pair.secret),
        format!("{:#?}", pair.secret),
        format!("{token:?}"),
        format!("{token:#?}"),
        format!("{pair:?}"),
        format!("{pair:#?}"),
        format!("{:?}", Some(&pair)),
        format!("{:?}", vec![pair.clone()]),
    ];
    for shown in &outputs {
        assert!(!shown.contains(CANARY), "secret leaked: {shown}");
        assert!(
            !shown.contains("CANARY"),
            "part of the secret leaked: {shown}"
        );
        assert!(!shown.contains(&token_text), "token leaked: {shown}");
        assert!(!shown.contains(&header), "header leaked: {shown}");
    }
    // The key id is not secret and helps debugging.
    assert!(format!("{pair:?}").contains("visible-key"));
    assert!(outputs[0].contains("REDACTED"));
    assert!(outputs[2].contains("REDACTED"));
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Keys the paste rules accept: no ':', no whitespace, no control or invisible
/// format characters, and not plainly something else (a web address, a token, a
/// phone number).
fn key_strategy() -> impl Strategy<Value = String> {
    "[^:\\s\\p{Cc}\\p{Cf}]{1,64}"
        .prop_filter("a recognised wrong paste", |s| recognise(s).is_none())
}

/// Secrets the paste rules accept: no whitespace, no control or invisible format
/// characters (':' allowed), and not plainly something else.
fn secret_strategy() -> impl Strategy<Value = String> {
    "[^\\s\\p{Cc}\\p{Cf}]{1,128}".prop_filter("a recognised wrong paste", |s| {
        !matches!(
            recognise(s),
            Some(PastedShape::WebAddress | PastedShape::Token | PastedShape::PhoneNumber)
        )
    })
}

fn is_lower_hex_12(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

proptest! {
    #[test]
    fn token_decodes_to_key_colon_secret(key in key_strategy(), secret in secret_strategy()) {
        let pair = HubCredentials {
            key: clean_api_key(&key).expect("strategy yields valid keys"),
            secret: clean_api_secret(&secret).expect("strategy yields valid secrets"),
        };
        let token = pair.token();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(token.expose())
            .expect("standard padded Base64");
        let text = String::from_utf8(bytes).expect("UTF-8");
        prop_assert_eq!(&text, &format!("{key}:{secret}"));
        let (k, s) = text.split_once(':').expect("has a ':'");
        prop_assert_eq!(k, key.as_str());
        prop_assert_eq!(s, secret.as_str());
        // Padded standard alphabet: length is a multiple of 4.
        prop_assert_eq!(token.expose().len() % 4, 0);
        prop_assert!(token
            .expose()
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')));
    }

    #[test]
    fn fingerprint_is_12_lower_hex_of_sha256(key in key_strategy(), secret in secret_strategy()) {
        let token = token_of(&key, &secret);
        let fp = token.fingerprint();
        prop_assert!(is_lower_hex_12(fp.as_str()), "{}", fp);
        let digest = Sha256::digest(token.expose().as_bytes());
        let expected: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        prop_assert_eq!(fp.as_str(), expected.as_str());
        prop_assert_eq!(Fingerprint::parse(fp.as_str()), Some(fp.clone()));
    }

    #[test]
    fn different_secrets_give_different_tokens(
        key in key_strategy(),
        a in secret_strategy(),
        b in secret_strategy(),
    ) {
        prop_assume!(a != b);
        let ta = token_of(&key, &a);
        let tb = token_of(&key, &b);
        prop_assert_ne!(ta.expose(), tb.expose());
    }

    #[test]
    fn different_keys_give_different_tokens(
        a in key_strategy(),
        b in key_strategy(),
        secret in secret_strategy(),
    ) {
        prop_assume!(a != b);
        let ta = token_of(&a, &secret);
        let tb = token_of(&b, &secret);
        prop_assert_ne!(ta.expose(), tb.expose());
    }

    #[test]
    fn fingerprint_parse_never_panics_and_only_accepts_lower_hex(text in any::<String>()) {
        match Fingerprint::parse(&text) {
            Some(fp) => {
                prop_assert!(is_lower_hex_12(fp.as_str()));
                prop_assert_eq!(fp.as_str(), text.as_str());
            }
            None => prop_assert!(!is_lower_hex_12(&text)),
        }
    }
}

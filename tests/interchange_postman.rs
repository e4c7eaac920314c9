//! Postman and Insomnia import, and export to Postman: the shared real files (skipped
//! with a message when absent), small fixtures of our own, a round trip and a property
//! test that bad input never panics.

use std::path::Path;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::interchange::{Imported, import_postman, import_postman_environment};
use ayon_rest_explorer::state::{BodyMode, FormKind, KvRow};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/interchange"
);

/// The shared file `rel`, or `None` (with a message) when it is not there.
fn shared(rel: &str) -> Option<String> {
    let path = Path::new(FIXTURES).join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(_) => {
            println!("skipped: {rel} absent at {}", path.display());
            None
        }
    }
}

/// Folders and requests of a Postman `item` tree, counted from the JSON itself.
fn postman_counts(items: &serde_json::Value) -> (usize, usize) {
    let mut counts = (0, 0);
    for item in items.as_array().into_iter().flatten() {
        if item.get("item").is_some() {
            let (f, r) = postman_counts(&item["item"]);
            counts.0 += 1 + f;
            counts.1 += r;
        } else {
            counts.1 += 1;
        }
    }
    counts
}

fn find<'a>(
    imported: &'a Imported,
    name: &str,
) -> &'a ayon_rest_explorer::interchange::ImportedRequest {
    imported
        .requests()
        .into_iter()
        .map(|(_, r)| r)
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no request named {name}"))
}

fn header<'a>(rows: &'a [KvRow], name: &str) -> Option<&'a KvRow> {
    rows.iter().find(|h| h.name.eq_ignore_ascii_case(name))
}

#[test]
fn conduit() {
    let Some(text) = shared("postman/gothinkster__realworld__api__Conduit.postman_collection.json")
    else {
        return;
    };
    let imported = import_postman(&text).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(imported.counts(), postman_counts(&json["item"]));
    assert_eq!(imported.counts(), (5, 32));
    assert_eq!(imported.name, "Conduit");
    let register = find(&imported, "Register");
    let d = &register.draft;
    assert_eq!(d.method, HttpMethod::Post);
    assert_eq!(d.url, "{{APIURL}}/users");
    assert_eq!(
        d.headers,
        vec![
            KvRow::new("Content-Type", "application/json"),
            KvRow::new("X-Requested-With", "XMLHttpRequest")
        ]
    );
    assert_eq!(d.body_mode, BodyMode::Json);
    assert_eq!(
        d.body_text,
        r#"{"user":{"email":"{{EMAIL}}", "password":"{{PASSWORD}}", "username":"{{USERNAME}}"}}"#
    );
    assert_eq!(d.auth.mode, AuthMode::None);
    assert!(
        imported
            .not_carried
            .iter()
            .any(|n| n.contains("Register") && n.contains("test script")),
        "{:#?}",
        imported.not_carried
    );
}

#[test]
fn yaak_params() {
    let Some(text) = shared(
        "postman/mountain-loop__yaak__plugins__importer-postman__tests__fixtures__params.input.json",
    ) else {
        return;
    };
    let imported = import_postman(&text).unwrap();
    assert_eq!(imported.counts(), (0, 1));
    let d = &imported.root.requests[0].draft;
    assert_eq!(d.method, HttpMethod::Post);
    assert!(d.url.starts_with("example.com/{foo}/{bar}"), "{}", d.url);
    assert_eq!(
        d.path_params,
        vec![KvRow::new("foo", "fff"), KvRow::new("bar", "bbb")]
    );
    let disabled = d.params.iter().find(|p| p.name == "disabled").unwrap();
    assert!(!disabled.enabled);
    assert_eq!(disabled.value, "secondvalue");
    assert!(
        d.params
            .iter()
            .any(|p| p.enabled && p.name == "q" && p.value == "qqq")
    );
    assert!(d.params.iter().any(|p| p.name.is_empty()));
    assert!(!header(&d.headers, "Disabled").unwrap().enabled);
    assert!(header(&d.headers, "X-foo").unwrap().enabled);
    assert_eq!(d.body_mode, BodyMode::Multipart);
    assert_eq!(d.form.len(), 1);
    assert_eq!(d.form[0].kind, FormKind::File);
    assert_eq!(d.form[0].name, "Key");
    assert_eq!(
        d.form[0].value,
        "/Users/gschier/Desktop/Screenshot 2024-05-31 at 12.05.11\u{202f}PM.png"
    );
    assert_eq!(d.form[0].content_type, "Custom/COntent");
    // The request's bearer wins over the collection's basic auth.
    assert_eq!(d.auth.mode, AuthMode::Bearer);
    assert_eq!(d.auth.bearer_token, "my-token");
    assert!(header(&d.headers, "Authorization").is_none());
    // A variable name with a space is kept, and reported.
    assert_eq!(imported.variables[0].name, "COLLECTION VARIABLE");
    assert!(
        imported
            .not_carried
            .iter()
            .any(|n| n.contains("COLLECTION VARIABLE"))
    );
    // Empty scripts are not worth a note.
    assert!(!imported.not_carried.iter().any(|n| n.contains("script")));
}

#[test]
fn adyen() {
    let Some(text) = shared("postman/Adyen__adyen-postman__postman__DisputeService-v30.json")
    else {
        return;
    };
    let imported = import_postman(&text).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(imported.counts(), postman_counts(&json["item"]));
    assert_eq!(imported.counts(), (6, 5));
    let (path, accept) = imported
        .requests()
        .into_iter()
        .find(|(_, r)| r.name == "Accept a dispute")
        .unwrap();
    assert_eq!(path, vec!["General", "/acceptDispute"]);
    let d = &accept.draft;
    assert_eq!(d.method, HttpMethod::Post);
    assert_eq!(d.url, "{{baseUrl}}/acceptDispute");
    assert_eq!(d.body_mode, BodyMode::Json);
    assert!(
        d.body_text
            .contains("\"merchantAccountCode\": \"{{YOUR_MERCHANT_ACCOUNT}}\"")
    );
    assert_eq!(
        header(&d.headers, "Accept").unwrap().value,
        "application/json"
    );
    assert_eq!(
        accept.description.as_deref(),
        Some("Accepts a specific dispute.")
    );
    for (_, r) in imported.requests() {
        assert_eq!(r.draft.auth.mode, AuthMode::ApiKey, "{}", r.name);
        assert_eq!(r.draft.auth.api_key, "{{X-API-Key}}");
    }
    assert!(imported.not_carried.iter().any(|n| n.contains("example")));
    let names: Vec<&str> = imported.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["baseUrl", "X-API-Key", "YOUR_MERCHANT_ACCOUNT"]);
}

#[test]
fn environments() {
    if let Some(text) = shared("postman-environment/plaid__plaid-postman__Sandbox Environment.json")
    {
        let env = import_postman_environment(&text).unwrap();
        assert_eq!(env.name, "Sandbox");
        assert_eq!(env.variables.len(), 11);
        let secret: Vec<&str> = env
            .variables
            .iter()
            .filter(|v| v.secret)
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(secret, ["secret_key"]);
        assert_eq!(env.variables[5].value, "sandbox.plaid.com");
    }
    if let Some(text) = shared(
        "postman-environment/postmanlabs__newman__test__integration__bom-and-encoding__bom-in-environment-file.postman_environment.json",
    ) {
        assert!(text.starts_with('\u{feff}'));
        let env = import_postman_environment(&text).unwrap();
        assert_eq!(env.variables.len(), 2);
        assert_eq!(env.variables[0].name, "fo/o");
        assert_eq!(env.variables[1].value, "beta");
    }
}

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

/// A collection of our own covering every body mode, auth mode, params and path params.
const OWN: &str = r#"{
  "info": {"name": "Own", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
  "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "x-api-key"}, {"key": "value", "value": "{{key}}"}]},
  "variable": [{"key": "base", "value": "https://h"}, {"key": "pw", "value": "s", "type": "secret"}],
  "event": [{"listen": "prerequest", "script": {"exec": ["pm.variables.set('a', 1)"]}}],
  "item": [
    {"name": "F", "auth": {"type": "bearer", "bearer": {"token": "{{tok}}"}}, "item": [
      {"name": "json", "request": {"method": "put", "url": "{{base}}/api/projects/:project?x=1&y=2",
        "header": [{"key": "A", "value": "1"}, {"key": "B", "value": "2", "disabled": true}],
        "body": {"mode": "raw", "raw": "{\"a\": 1}"}}},
      {"name": "form", "request": {"method": "POST", "url": {"raw": "{{base}}/upload", "query": [{"key": "off", "value": "1", "disabled": true}]},
        "auth": {"type": "noauth"},
        "body": {"mode": "formdata", "formdata": [{"key": "t", "value": "v"}, {"key": "f", "type": "file", "src": ["a.zip"]}, {"key": "d", "value": "x", "disabled": true}]}}},
      {"name": "gql", "request": {"method": "POST", "url": "{{base}}/graphql",
        "body": {"mode": "graphql", "graphql": {"query": "{ me { name } }", "variables": "{\"a\": 1}"}}}},
      {"name": "Deep", "item": [
        {"name": "file", "request": {"method": "POST", "url": "{{base}}/api/addons/install", "auth": {"type": "inherit"},
          "body": {"mode": "file", "file": {"src": "/tmp/addon.zip"}}}}
      ]}
    ]},
    {"name": "urlenc", "request": {"method": "POST", "url": "{{base}}/login",
      "body": {"mode": "urlencoded", "urlencoded": [{"key": "u", "value": "a b"}, {"key": "p", "value": "{{pw}}"}]}},
      "event": [{"listen": "test", "script": {"exec": "pm.test()"}}]},
    {"name": "basic", "request": {"method": "GET", "url": "{{base}}/x/{{$guid}}",
      "auth": {"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "p"}]}}},
    {"name": "basic vars", "request": {"method": "GET", "url": "{{base}}/y",
      "auth": {"type": "basic", "basic": [{"key": "username", "value": "{{u}}"}, {"key": "password", "value": "p"}]}}},
    {"name": "oauth", "request": {"method": "GET", "url": "{{base}}/z", "auth": {"type": "oauth2"}}},
    {"name": "text", "request": {"method": "POST", "url": "{{base}}/t",
      "body": {"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}}}},
    {"name": "string", "request": "https://h/plain"}
  ]
}"#;

#[test]
fn own_fixture() {
    let imported = import_postman(OWN).unwrap();
    assert_eq!(imported.counts(), (2, 10));
    assert!(imported.variables[1].secret);
    let json = find(&imported, "json");
    let d = &json.draft;
    assert_eq!(d.method, HttpMethod::Put);
    assert_eq!(d.url, "{{base}}/api/projects/{project}?x=1&y=2");
    assert_eq!(d.path_params, vec![KvRow::new("project", "")]);
    assert_eq!(d.params.len(), 2);
    assert!(!d.headers[1].enabled);
    assert_eq!(d.body_mode, BodyMode::Json);
    assert_eq!(d.auth.mode, AuthMode::Bearer);
    assert_eq!(d.auth.bearer_token, "{{tok}}");
    let form = &find(&imported, "form").draft;
    assert_eq!(form.auth.mode, AuthMode::None);
    assert_eq!(form.url, "{{base}}/upload");
    assert!(!form.params[0].enabled);
    assert_eq!(form.form[1].kind, FormKind::File);
    assert_eq!(form.form[1].value, "a.zip");
    assert!(!form.form[2].enabled);
    let gql = &find(&imported, "gql").draft;
    assert_eq!(gql.body_mode, BodyMode::GraphQl);
    assert_eq!(gql.graphql.query, "{ me { name } }");
    assert_eq!(gql.graphql.variables, "{\"a\": 1}");
    let file = &find(&imported, "file").draft;
    assert_eq!(file.body_mode, BodyMode::File);
    assert_eq!(file.body_file, "/tmp/addon.zip");
    assert_eq!(file.auth.mode, AuthMode::Bearer, "inherited from folder F");
    let urlenc = &find(&imported, "urlenc").draft;
    assert_eq!(urlenc.body_mode, BodyMode::Text);
    assert_eq!(urlenc.body_text, "u=a%20b&p={{pw}}");
    assert_eq!(
        header(&urlenc.headers, "content-type").unwrap().value,
        "application/x-www-form-urlencoded"
    );
    assert_eq!(urlenc.auth.mode, AuthMode::ApiKey, "collection level");
    assert_eq!(urlenc.auth.api_key, "{{key}}");
    let basic = &find(&imported, "basic").draft;
    assert_eq!(
        header(&basic.headers, "authorization").unwrap().value,
        "Basic dTpw"
    );
    let text = &find(&imported, "text").draft;
    assert_eq!(text.body_mode, BodyMode::Text);
    assert_eq!(
        header(&text.headers, "content-type").unwrap().value,
        "application/xml"
    );
    assert_eq!(find(&imported, "string").draft.url, "https://h/plain");
    let notes = imported.not_carried.join("\n");
    for expected in [
        "Collection: pre-request script",
        "Request 'urlenc': test script",
        "Request 'basic': dynamic variable {{$guid}}",
        "Request 'basic vars': Basic auth with variables",
        "Request 'oauth': auth type 'oauth2'",
    ] {
        assert!(notes.contains(expected), "{expected} missing from\n{notes}");
    }
}

#[test]
fn errors_say_where_and_what() {
    let e = import_postman("{\n  \"info\": {\n    \"name\": \"x\",\n  }\n}").unwrap_err();
    assert_eq!(e.position.as_deref(), Some("line 4, column 3"));
    let e = import_postman(r#"{"openapi": "3.0.0"}"#).unwrap_err();
    assert!(e.message.contains("collection/v2"), "{e}");
    let e = import_postman("[1, 2]").unwrap_err();
    assert!(e.message.contains("info.schema"), "{e}");
    let bom = format!("\u{feff}{OWN}");
    assert!(import_postman(&bom).is_ok());
    let e = import_postman_environment("{\"name\": 1").unwrap_err();
    assert!(e.position.unwrap().starts_with("line 1"));
}

#[test]
fn deep_nesting_does_not_overflow() {
    let mut text = String::from("{\"info\":{\"schema\":\"collection/v2.1\"},\"item\":[");
    for _ in 0..100 {
        text.push_str("{\"name\":\"f\",\"item\":[");
    }
    for _ in 0..100 {
        text.push_str("]}");
    }
    text.push_str("]}");
    // serde_json refuses past 128 levels; within that our own cap applies.
    match import_postman(&text) {
        Ok(imported) => assert!(imported.not_carried.iter().any(|n| n.contains("deeper"))),
        Err(e) => assert!(e.position.is_some()),
    }
}

/// What must survive a round trip: name, method, URL, params, path params, headers,
/// body mode, body, auth mode.
type Essentials = (
    String,
    HttpMethod,
    String,
    Vec<KvRow>,
    Vec<KvRow>,
    Vec<KvRow>,
    BodyMode,
    String,
    AuthMode,
);

fn essentials(imported: &Imported) -> Vec<Essentials> {
    imported
        .requests()
        .into_iter()
        .map(|(_, r)| {
            let d = &r.draft;
            let body = match d.body_mode {
                BodyMode::Multipart => format!("{:?}", d.form),
                BodyMode::File => d.body_file.clone(),
                BodyMode::GraphQl => format!("{:?}", d.graphql),
                _ => d.body_text.clone(),
            };
            (
                r.name.clone(),
                d.method,
                d.url.clone(),
                d.params.clone(),
                d.path_params.clone(),
                d.headers.clone(),
                d.body_mode,
                body,
                d.auth.mode,
            )
        })
        .collect()
}

#[test]
fn round_trip_through_postman() {
    use ayon_rest_explorer::interchange::export::{from_imported, postman::export_postman};
    let mut sources = vec![OWN.to_string()];
    sources.extend(shared(
        "postman/gothinkster__realworld__api__Conduit.postman_collection.json",
    ));
    sources.extend(shared(
        "postman/Adyen__adyen-postman__postman__DisputeService-v30.json",
    ));
    for source in sources {
        let first = import_postman(&source).unwrap();
        let exported = export_postman(&first.name, &from_imported(&first.root));
        let doc: serde_json::Value = serde_json::from_str(&exported).unwrap();
        assert_eq!(
            doc["info"]["schema"],
            "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        );
        let second = import_postman(&exported).unwrap();
        assert_eq!(second.counts(), first.counts());
        // A literal Basic header is exported as `{{authorization}}`: compare without it.
        let strip = |mut v: Vec<Essentials>| {
            for e in &mut v {
                e.5.retain(|h: &KvRow| !h.name.eq_ignore_ascii_case("authorization"));
            }
            v
        };
        assert_eq!(strip(essentials(&second)), strip(essentials(&first)));
    }
}

mod insomnia {
    use super::*;
    use ayon_rest_explorer::interchange::import_insomnia;

    const DIR: &str = "insomnia/";

    /// Folders and requests of a v5 `collection` tree, counted from the YAML itself.
    fn v5_counts(items: &serde_json::Value) -> (usize, usize) {
        let mut counts = (0, 0);
        for item in items.as_array().into_iter().flatten() {
            if item.get("children").is_some() {
                let (f, r) = v5_counts(&item["children"]);
                counts.0 += 1 + f;
                counts.1 += r;
            } else {
                counts.1 += 1;
            }
        }
        counts
    }

    fn v5_file(name: &str) -> Option<(String, (usize, usize))> {
        let text = shared(&format!("{DIR}{name}"))?;
        let yaml: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
        let counts = v5_counts(&yaml["collection"]);
        Some((text, counts))
    }

    #[test]
    fn kong_v4() {
        let Some(text) = shared(&format!(
            "{DIR}Kong__insomnia__packages__insomnia-inso__src__db__fixtures__insomnia-v4__insomnia_v4.json"
        )) else {
            return;
        };
        let imported = import_insomnia(&text).unwrap();
        assert_eq!(imported.counts(), (1, 13));
        assert_eq!(imported.name, "Swagger Petstore 1.0.0");
        let notes = imported.not_carried.join("\n");
        assert!(notes.contains("API spec"), "{notes}");
        assert!(notes.contains("unit test"), "{notes}");
        assert!(!notes.contains("cookie"), "{notes}");
        let r = find(&imported, "Example 2");
        assert_eq!(r.draft.method, HttpMethod::Get);
        assert_eq!(
            r.draft.url,
            "https://jsonplaceholder.typicode.com/posts/1xx"
        );
        assert!(r.draft.headers.is_empty());
        assert_eq!(r.draft.body_mode, BodyMode::None);
        assert_eq!(r.draft.auth.mode, AuthMode::None);
        // The sub environment merged over the base.
        assert_eq!(imported.environments.len(), 1);
        let env = &imported.environments[0];
        assert_eq!(env.name, "OpenAPI env");
        let value = |n: &str| {
            env.variables
                .iter()
                .find(|v| v.name == n)
                .map(|v| v.value.as_str())
        };
        assert_eq!(
            value("base_url"),
            Some("{{scheme}}://{{host}}{{base_path}}")
        );
        assert_eq!(value("host"), Some("petstore.swagger.io"));
    }

    #[test]
    fn yaak_basic_v4() {
        let Some(text) = shared(&format!(
            "{DIR}mountain-loop__yaak__plugins__importer-insomnia__tests__fixtures__basic.input.json"
        )) else {
            return;
        };
        let imported = import_insomnia(&text).unwrap();
        assert_eq!(imported.counts(), (1, 1));
        let r = &imported.root.folders[0].requests[0];
        assert_eq!(imported.root.folders[0].name, "Top Level");
        assert_eq!(
            r.description.as_deref(),
            Some("My description of the request")
        );
        let d = &r.draft;
        assert_eq!(d.method, HttpMethod::Get);
        assert!(
            d.url.starts_with("{{BASE_URL}}/foo/{id}?query=qqq"),
            "{}",
            d.url
        );
        assert_eq!(d.body_mode, BodyMode::Multipart);
        assert_eq!(d.form[0].name, "form");
        assert_eq!(d.form[0].value, "data");
        assert!(header(&d.headers, "content-type").is_none());
        assert_eq!(
            header(&d.headers, "authorization").map(|h| h.value.starts_with("Basic ")),
            Some(true),
            "{:?}",
            d.headers
        );
        let names: Vec<&str> = imported
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["Production", "Staging"]);
        for env in &imported.environments {
            assert!(
                env.variables
                    .iter()
                    .any(|v| v.name == "BASE_VAR" && v.value == "hello")
            );
        }
    }

    #[test]
    fn next_saas_v5() {
        let Some((text, counts)) = v5_file("DevPedroHB__next-saas-rbac__insomnia.yaml") else {
            return;
        };
        let imported = import_insomnia(&text).unwrap();
        assert_eq!(imported.counts(), counts);
        assert_eq!(imported.counts(), (6, 30));
        let mut bearer = 0;
        for (_, r) in imported.requests() {
            if r.draft.auth.mode == AuthMode::Bearer {
                bearer += 1;
                assert!(r.draft.auth.bearer_token.starts_with("{% response"));
            }
        }
        assert!(bearer > 3, "folder-level bearer inherited");
        assert!(
            imported
                .not_carried
                .iter()
                .any(|n| n.contains("template tag {% response"))
        );
        assert_eq!(imported.environments.len(), 1);
        assert!(
            imported.environments[0]
                .variables
                .iter()
                .any(|v| v.name == "AUTH_GITHUB_ID" && v.value == "HE-HE-HE")
        );
    }

    #[test]
    fn flowforge_v5() {
        let Some((text, counts)) = v5_file("rcarvalho-pb__flowforge_go__insomnia.yaml") else {
            return;
        };
        let imported = import_insomnia(&text).unwrap();
        assert_eq!(imported.counts(), counts);
        let (path, r) = imported
            .requests()
            .into_iter()
            .find(|(_, r)| r.name == "Create Workflow")
            .unwrap();
        assert_eq!(path, ["Flowforge", "API"]);
        let d = &r.draft;
        assert_eq!(d.method, HttpMethod::Post);
        assert_eq!(d.url, "{{BASE_URL}}/{{API}}/{{WORKFLOWS_RESOURCE}}");
        assert_eq!(d.body_mode, BodyMode::Json);
        assert!(d.body_text.contains("\"PurchaseOrderApproval\""));
        assert_eq!(
            header(&d.headers, "content-type").unwrap().value,
            "application/json"
        );
        assert_eq!(d.auth.mode, AuthMode::None);
        assert_eq!(imported.environments.len(), 1);
        let env = &imported.environments[0];
        assert_eq!(env.name, "Flowforge-go");
        assert!(
            env.variables
                .iter()
                .any(|v| v.name == "API" && v.value == "api")
        );
    }

    const OWN_V5: &str = r#"type: collection.insomnia.rest/5.0
name: Own
collection:
  - name: Secured
    authentication:
      type: bearer
      token: "{{ _.token }}"
    children:
      - name: inherits
        url: "{{ _.base }}/api/projects/:name"
        method: GET
        parameters:
          - name: off
            value: "1"
            disabled: true
      - name: own basic
        url: https://h/x
        method: POST
        authentication:
          type: basic
          username: u
          password: p
        body:
          mimeType: multipart/form-data
          params:
            - name: f
              type: file
              fileName: /tmp/a.zip
            - name: t
              value: v
        scripts:
          preRequest: "console.log(1)"
environments:
  name: Base
  data:
    base: https://h
  subEnvironments:
    - name: Prod
      data:
        base: https://prod
        token: abc
"#;

    #[test]
    fn own_v5() {
        let imported = import_insomnia(OWN_V5).unwrap();
        assert_eq!(imported.counts(), (1, 2));
        let inherits = &find(&imported, "inherits").draft;
        assert_eq!(inherits.url, "{{base}}/api/projects/{name}");
        assert!(!inherits.params[0].enabled);
        assert_eq!(inherits.auth.mode, AuthMode::Bearer);
        assert_eq!(inherits.auth.bearer_token, "{{token}}");
        let basic = &find(&imported, "own basic").draft;
        assert_eq!(basic.auth.mode, AuthMode::None);
        assert_eq!(
            header(&basic.headers, "authorization").unwrap().value,
            "Basic dTpw"
        );
        assert_eq!(basic.form[0].kind, FormKind::File);
        assert_eq!(basic.form[0].value, "/tmp/a.zip");
        assert!(
            imported
                .not_carried
                .iter()
                .any(|n| n.contains("pre-request script"))
        );
        let env = &imported.environments[0];
        assert_eq!(env.name, "Prod");
        assert_eq!(env.variables[0].value, "https://prod");
        assert_eq!(env.variables.len(), 2);
    }

    const OWN_V4: &str = r#"{"_type": "export", "__export_format": 4, "resources": [
      {"_id": "wrk_1", "parentId": null, "_type": "workspace", "name": "W"},
      {"_id": "fld_1", "parentId": "wrk_1", "_type": "request_group", "name": "Keyed",
       "authentication": {"type": "apikey", "key": "X-Api-Key", "value": "{{ _.key }}"},
       "environment": {"a": 1}},
      {"_id": "req_2", "parentId": "fld_1", "_type": "request", "name": "second", "metaSortKey": 2,
       "method": "POST", "url": "{{ _.base }}/graphql", "authentication": {},
       "body": {"mimeType": "application/graphql", "text": "{\"query\": \"{ me }\", \"variables\": {\"a\": 1}}"}},
      {"_id": "req_1", "parentId": "fld_1", "_type": "request", "name": "first", "metaSortKey": 1,
       "method": "PUT", "url": "https://h/login", "authentication": {"type": "none"},
       "body": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "u", "value": "{{ _.user }}"}, {"name": "x", "value": "1", "disabled": true}]}},
      {"_id": "spc_1", "parentId": "wrk_1", "_type": "api_spec", "fileName": "spec.yaml", "contents": "openapi: 3.0.0"},
      {"_id": "jar_1", "parentId": "wrk_1", "_type": "cookie_jar", "name": "jar"},
      {"_id": "env_b", "parentId": "wrk_1", "_type": "environment", "name": "Base", "data": {"base": "https://h", "nested": {"x": "y"}}}
    ]}"#;

    #[test]
    fn own_v4() {
        let imported = import_insomnia(OWN_V4).unwrap();
        assert_eq!(imported.counts(), (1, 2));
        let names: Vec<&str> = imported.root.folders[0]
            .requests
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["first", "second"], "sorted by metaSortKey");
        let first = &find(&imported, "first").draft;
        assert_eq!(first.auth.mode, AuthMode::None);
        assert_eq!(first.body_mode, BodyMode::Text);
        assert_eq!(first.body_text, "u={{user}}");
        let second = &find(&imported, "second").draft;
        assert_eq!(
            second.auth.mode,
            AuthMode::ApiKey,
            "inherited from the folder"
        );
        assert_eq!(second.auth.api_key, "{{key}}");
        assert_eq!(second.url, "{{base}}/graphql");
        assert_eq!(second.body_mode, BodyMode::GraphQl);
        assert_eq!(second.graphql.query, "{ me }");
        let notes = imported.not_carried.join("\n");
        assert!(
            notes.contains("API spec (design document) 'spec.yaml'"),
            "{notes}"
        );
        assert!(
            notes.contains("Folder 'Keyed': folder environment"),
            "{notes}"
        );
        let env = &imported.environments[0];
        assert_eq!(env.name, "Base");
        assert!(
            env.variables
                .iter()
                .any(|v| v.name == "nested.x" && v.value == "y")
        );
    }

    #[test]
    fn bad_input() {
        let e = import_insomnia("{\"_type\": \"export\",\n \"resources\": [}").unwrap_err();
        assert!(e.position.unwrap().starts_with("line 2"));
        let e = import_insomnia("a: [1,\nb").unwrap_err();
        assert!(e.position.is_some());
        let e = import_insomnia("{\"info\": {}}").unwrap_err();
        assert!(e.message.contains("__export_format"));
    }
}

mod no_panics {
    use ayon_rest_explorer::interchange::{
        import_insomnia, import_postman, import_postman_environment,
    };
    use proptest::prelude::*;
    use serde_json::{Map, Value, json};

    const KEYS: &[&str] = &[
        "info",
        "schema",
        "name",
        "item",
        "request",
        "url",
        "raw",
        "host",
        "path",
        "query",
        "variable",
        "header",
        "body",
        "mode",
        "formdata",
        "urlencoded",
        "file",
        "src",
        "graphql",
        "auth",
        "type",
        "bearer",
        "apikey",
        "basic",
        "key",
        "value",
        "disabled",
        "event",
        "exec",
        "listen",
        "script",
        "response",
        "method",
        "description",
        "options",
        "language",
        "in",
        "token",
        "id",
        "protocol",
        "port",
        "contentType",
        "variables",
    ];
    const WORDS: &[&str] = &[
        "",
        "raw",
        "formdata",
        "urlencoded",
        "file",
        "graphql",
        "bearer",
        "apikey",
        "basic",
        "inherit",
        "noauth",
        "oauth2",
        "file",
        "text",
        "json",
        "GET",
        "post",
        "TRACE",
        "{{x}}",
        "{{$guid}}",
        ":id",
        "/:a/:b?c=d&",
        "{% response %}",
        "{{",
        "}}",
        "a b",
        "x-api-key",
        "query",
        "header",
        "\u{feff}",
        "é/ü",
        "%zz",
        "?",
        "#",
        "{id}",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            prop::sample::select(WORDS).prop_map(|w| json!(w)),
            "[ -~]{0,12}".prop_map(Value::String),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(
                    |pairs| {
                        let map: Map<String, Value> =
                            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                        Value::Object(map)
                    }
                ),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_text(text in "[\\[\\]{}:,\"a-z0-9 \\n\\\\.-]{0,200}|\\PC{0,100}") {
            let _ = import_postman(&text);
            let _ = import_postman_environment(&text);
            let _ = import_insomnia(&text);
        }

        #[test]
        fn postman_like(items in value(), auth in value(), variable in value()) {
            let doc = json!({
                "info": {"name": "p", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                "item": items,
                "auth": auth,
                "variable": variable,
            });
            let _ = import_postman(&doc.to_string());
            let _ = import_postman_environment(&json!({"values": variable}).to_string());
            let resources = json!({"_type": "export", "__export_format": 4, "resources": items});
            let _ = import_insomnia(&resources.to_string());
        }

        #[test]
        fn postman_items(items in prop::collection::vec(value(), 0..4)) {
            let wrapped: Vec<Value> = items
                .into_iter()
                .map(|v| json!({"name": "r", "request": v, "item": null}))
                .collect();
            let doc = json!({"info": {"schema": "collection/v2.0"}, "item": [{"name": "f", "item": wrapped}]});
            let _ = import_postman(&doc.to_string());
            let requests: Vec<Value> = doc["item"][0]["item"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| json!({"name": "r", "request": v["request"].clone()}))
                .collect();
            let _ = import_postman(&json!({"info": {"schema": "collection/v2.1"}, "item": requests}).to_string());
        }
    }
}

#[test]
fn saved_collection_exports() {
    use ayon_rest_explorer::collection::format::RequestFile;
    use ayon_rest_explorer::collection::store::Collection;
    use ayon_rest_explorer::interchange::export::{from_collection, postman::export_postman};
    let imported = import_postman(OWN).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let c = Collection::create(dir.path(), "Saved").unwrap();
    let folder = c.create_folder(Path::new(""), "Projects").unwrap();
    for name in ["json", "form", "gql"] {
        let file = RequestFile::from_draft(name, &find(&imported, name).draft);
        c.save_request(&folder, &file).unwrap();
    }
    let c = Collection::load(dir.path());
    let root = from_collection(&c);
    assert_eq!(root.folders[0].requests.len(), 3);
    let text = export_postman("Saved", &root);
    let back = import_postman(&text).unwrap();
    assert_eq!(back.counts(), (1, 3));
    for name in ["json", "form", "gql"] {
        let (a, b) = (&find(&imported, name).draft, &find(&back, name).draft);
        assert_eq!(
            (a.method, &a.url, a.body_mode),
            (b.method, &b.url, b.body_mode)
        );
        assert_eq!((&a.params, &a.path_params), (&b.params, &b.path_params));
    }
    assert_eq!(find(&back, "json").draft.auth.bearer_token, "{{tok}}");
}

#[test]
fn empty_raw_body_is_no_body() {
    let Some(text) = shared("postman/gothinkster__realworld__api__Conduit.postman_collection.json")
    else {
        return;
    };
    let imported = import_postman(&text).unwrap();
    assert_eq!(find(&imported, "All Tags").draft.body_mode, BodyMode::None);
}

//! Telling formats apart: every shared real file and folder is read by the right importer
//! through the one entry the Import window uses, and the OpenAPI importer works on the
//! shared specs. Unknown or broken input names the problem.

use std::path::PathBuf;

use ayon_rest_explorer::interchange::Format;
use ayon_rest_explorer::interchange::detect::{import_path, import_text};

fn shared(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/interchange/"
    ))
    .join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

#[test]
fn every_shared_source_is_read_as_its_format() {
    let cases = [
        (
            "postman/gothinkster__realworld__api__Conduit.postman_collection.json",
            Format::Postman,
        ),
        (
            "postman/Adyen__adyen-postman__postman__DisputeService-v30.json",
            Format::Postman,
        ),
        (
            "postman-environment/plaid__plaid-postman__Sandbox Environment.json",
            Format::PostmanEnvironment,
        ),
        (
            "postman-environment/postmanlabs__newman__test__integration__bom-and-encoding__bom-in-environment-file.postman_environment.json",
            Format::PostmanEnvironment,
        ),
        (
            "thunder/RovaRan__mbds-assignements-backend__thunder-collection_Tpangular.json",
            Format::Thunder,
        ),
        (
            "thunder/khanhcongpruj123__shop-golang__thunder-environment_local.json",
            Format::Thunder,
        ),
        ("thunder/DFXswiss__api__thunder-tests", Format::Thunder),
        (
            "thunder/Cumulocity-IoT__cumulocity-pki-integration__thunder-tests",
            Format::Thunder,
        ),
        (
            "bruno/Amsterdam__beheeromgeving-catalogus__bruno",
            Format::Bruno,
        ),
        (
            "bruno-opencollection/usebruno__bruno__packages__bruno-tests__yml-collection",
            Format::OpenCollection,
        ),
        (
            "insomnia/Kong__insomnia__packages__insomnia-inso__src__db__fixtures__insomnia-v4__insomnia_v4.json",
            Format::Insomnia,
        ),
        (
            "insomnia/DevPedroHB__next-saas-rbac__insomnia.yaml",
            Format::Insomnia,
        ),
        (
            "openapi/OWASP__crAPI__openapi-spec__crapi-openapi-spec.json",
            Format::OpenApi,
        ),
        (
            "openapi/gothinkster__realworld__api__openapi.yml",
            Format::OpenApi,
        ),
    ];
    for (rel, format) in cases {
        let Some(path) = shared(rel) else {
            continue;
        };
        let imported = import_path(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(imported.format, format, "{rel}");
        let (_, requests) = imported.counts();
        if format != Format::PostmanEnvironment && !rel.contains("environment_local") {
            assert!(requests > 0, "{rel} has requests");
        } else {
            assert!(
                !imported.environments.is_empty(),
                "{rel} has an environment"
            );
        }
    }
}

#[test]
fn the_shared_openapi_specs_become_folders_of_requests() {
    let Some(path) = shared("openapi/gothinkster__realworld__api__openapi.yml") else {
        return;
    };
    let imported = import_path(&path).expect("realworld spec");
    let (folders, requests) = imported.counts();
    assert!(
        folders >= 3 && requests >= 15,
        "{folders} folders, {requests} requests"
    );
    let login = imported
        .requests()
        .into_iter()
        .find(|(_, r)| r.draft.url.ends_with("/users/login"))
        .map(|(_, r)| r.clone())
        .expect("the login operation");
    assert_eq!(
        login.draft.method,
        ayon_rest_explorer::http::HttpMethod::Post
    );
    assert!(
        login.draft.body_text.contains("\"user\""),
        "{}",
        login.draft.body_text
    );
}

#[test]
fn pasted_text_is_told_apart() {
    let curl = import_text("curl -X DELETE http://h/api/projects/demo").expect("curl");
    assert_eq!(curl.format, Format::Curl);
    let unknown = import_text("name: just some yaml").expect_err("unknown");
    assert!(
        unknown.message.contains("Postman Collection v2.1"),
        "{unknown}"
    );
    let broken = import_text("{\n  \"info\": {\n    \"schema\": ,\n").expect_err("broken");
    assert_eq!(
        broken.position.as_deref(),
        Some("line 3, column 15"),
        "{broken}"
    );
    let empty = import_text("  \n").expect_err("empty");
    assert!(empty.message.contains("empty"));
}

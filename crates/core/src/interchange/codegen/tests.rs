//! What every snippet kind shares: secrets anywhere read `AYON_SECRET_<NAME>`, the first
//! line names them, variables are filled in, curl gets `--globoff`, odd JSON keys pass.

use super::*;
use crate::ayon::AuthMode;
use crate::collection::environment::Variable;
use crate::collection::variables::{Source, VariableSet};
use crate::http::HttpMethod;
use crate::request::{BodyMode, FormRow, KvRow, RequestDraft};

const ALL: [SnippetLanguage; 4] = [
    SnippetLanguage::Curl,
    SnippetLanguage::Httpie,
    SnippetLanguage::PythonRequests,
    SnippetLanguage::AyonApi,
];

fn vars() -> VariableSet {
    let mut vars = VariableSet::new();
    vars.insert(&Variable::plain("project", "demo[1]"), Source::Environment);
    vars.insert(&Variable::plain("username", "admin"), Source::Environment);
    vars.insert(
        &Variable::plain("service_api_key", "k".repeat(32)),
        Source::Environment,
    );
    vars.set_secret(
        "password",
        crate::secret::Secret::new("hunter2"),
        Source::Local,
    );
    vars
}

fn snippet(language: SnippetLanguage, draft: &RequestDraft) -> String {
    snippet_for(
        language,
        draft,
        &vars(),
        "http://ayon.test:5000",
        SecretPolicy::Reference,
    )
}

fn login() -> RequestDraft {
    let mut draft = RequestDraft::get("/api/auth/login");
    draft.method = HttpMethod::Post;
    draft.auth.mode = AuthMode::None;
    draft.body_mode = BodyMode::Json;
    draft.body_text = r#"{"name": "{{username}}", "password": "{{password}}"}"#.into();
    draft
}

#[test]
fn a_secret_in_a_body_reads_the_one_environment_variable_in_every_kind() {
    for language in ALL {
        let text = snippet(language, &login());
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("{{"), "{text}");
        assert!(
            text.starts_with("# Set these environment variables first: AYON_SECRET_PASSWORD\n"),
            "{text}"
        );
        assert!(text.contains("admin"), "{text}");
    }
    let python = snippet(SnippetLanguage::PythonRequests, &login());
    assert!(
        python.contains("\"password\": os.environ[\"AYON_SECRET_PASSWORD\"]"),
        "{python}"
    );
    let ayon = snippet(SnippetLanguage::AyonApi, &login());
    assert!(
        ayon.contains("con.login(\"admin\", os.environ[\"AYON_SECRET_PASSWORD\"])"),
        "{ayon}"
    );
    assert!(!ayon.contains("con.post"), "{ayon}");
}

#[test]
fn secrets_in_urls_headers_and_forms_are_references_too() {
    let mut draft = RequestDraft::get("/api/things?token={{password}}");
    draft.auth.mode = AuthMode::None;
    draft.headers = vec![KvRow::new("X-Custom", "pre {{password}}")];
    draft.method = HttpMethod::Post;
    draft.body_mode = BodyMode::Multipart;
    draft.form = vec![FormRow::text("secret", "{{password}}")];
    for language in ALL {
        let text = snippet(language, &draft);
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("{{"), "{text}");
        assert!(text.contains("AYON_SECRET_PASSWORD"), "{text}");
    }
    let curl = snippet(SnippetLanguage::Curl, &draft);
    assert!(
        curl.contains("'?token='\"$AYON_SECRET_PASSWORD\"")
            || curl.contains("token='\"$AYON_SECRET_PASSWORD\""),
        "{curl}"
    );
    assert!(
        curl.contains("--form-string 'secret='\"$AYON_SECRET_PASSWORD\""),
        "{curl}"
    );
}

#[test]
fn variables_are_filled_in_and_curl_gets_globoff() {
    let mut draft = RequestDraft::get("/api/projects/{{project}}");
    draft.auth.mode = AuthMode::Session;
    let curl = snippet(SnippetLanguage::Curl, &draft);
    assert!(
        curl.contains("curl --globoff 'http://ayon.test:5000/api/projects/demo[1]'"),
        "{curl}"
    );
    assert!(curl.contains("-H 'X-Api-Key: '\"$AYON_API_KEY\""), "{curl}");
    let plain = snippet(SnippetLanguage::Curl, &RequestDraft::get("/api/info"));
    assert!(!plain.contains("--globoff"), "{plain}");
}

#[test]
fn a_credential_variable_stays_a_reference_by_its_own_name() {
    let mut draft = RequestDraft::get("/api/users/me");
    draft.auth.mode = AuthMode::ApiKeyAsUser;
    draft.auth.api_key = "{{service_api_key}}".into();
    draft.auth.as_user = "{{username}}".into();
    let ayon = snippet(SnippetLanguage::AyonApi, &draft);
    assert!(
        ayon.contains("token=os.environ[\"AYON_SECRET_SERVICE_API_KEY\"]"),
        "{ayon}"
    );
    assert!(ayon.contains("with con.as_username(\"admin\"):"), "{ayon}");
    assert!(!ayon.contains(&"k".repeat(32)), "{ayon}");
    let httpie = snippet(SnippetLanguage::Httpie, &draft);
    assert!(
        httpie.contains("'X-Api-Key:'\"$AYON_SECRET_SERVICE_API_KEY\""),
        "{httpie}"
    );
}

#[test]
fn ayon_api_sends_odd_keys_as_a_dict_and_prints_graphql_data() {
    let mut draft = RequestDraft::get("/api/addons/x/1.0.0/run");
    draft.method = HttpMethod::Post;
    draft.body_mode = BodyMode::Json;
    draft.body_text = r#"{"entrypoint": "main", "self": true, "class": 1}"#.into();
    let ayon = snippet(SnippetLanguage::AyonApi, &draft);
    assert!(ayon.contains("    \"entrypoint\": \"main\",\n"), "{ayon}");
    assert!(
        ayon.contains("con.raw_post(\"addons/x/1.0.0/run\", json=payload)"),
        "{ayon}"
    );
    let mut gql = RequestDraft::get("/graphql");
    gql.method = HttpMethod::Post;
    gql.body_mode = BodyMode::GraphQl;
    gql.graphql.query = "query A { me { name } } query B { me { name } }".into();
    gql.graphql.operation_name = "B".into();
    let ayon = snippet(SnippetLanguage::AyonApi, &gql);
    assert!(ayon.contains("\"operationName\": \"B\""), "{ayon}");
    assert!(
        ayon.contains("print(json.dumps(data.get(\"data\"), indent=2))"),
        "{ayon}"
    );
    gql.graphql.operation_name.clear();
    let ayon = snippet(SnippetLanguage::AyonApi, &gql);
    assert!(
        ayon.contains("con.query_graphql(query, variables)"),
        "{ayon}"
    );
}

#[test]
fn included_secrets_are_written_for_that_one_copy() {
    let text = snippet_for(
        SnippetLanguage::Curl,
        &login(),
        &vars(),
        "http://ayon.test:5000",
        SecretPolicy::Include { token: None },
    );
    assert!(text.contains("hunter2"), "{text}");
    assert!(!text.contains("AYON_SECRET_PASSWORD"), "{text}");
}

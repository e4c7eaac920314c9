//! The one way "Copy as" and the snippet export make a snippet of a request: its
//! non-secret `{{variables}}` filled in, secrets and literal credentials left as
//! references (unless included for one copy), then written in the chosen language, where
//! each reference reads `AYON_SECRET_<NAME>` from the environment.

use std::path::Path;

use super::{SecretPolicy, SnippetInput, ayon_api, curl, httpie, python_requests};
use crate::collection::environment::load_environments;
use crate::collection::variables::VariableSet;
use crate::interchange::export_vars::draft_for_export;
use crate::interchange::secrets::references_only;
use crate::request::RequestDraft;

/// The languages a snippet is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnippetLanguage {
    /// A curl command.
    Curl,
    /// An HTTPie command.
    Httpie,
    /// Python with `requests`.
    PythonRequests,
    /// Python with `ayon_api` (ayon-python-api).
    AyonApi,
}

impl SnippetLanguage {
    /// The snippet of `input` in this language.
    pub fn generate(self, input: &SnippetInput) -> String {
        match self {
            SnippetLanguage::Curl => curl(input),
            SnippetLanguage::Httpie => httpie(input),
            SnippetLanguage::PythonRequests => python_requests(input),
            SnippetLanguage::AyonApi => ayon_api(input),
        }
    }
}

/// The snippet of `draft` (as saved or edited: `{{references}}` unfilled), with the
/// values of `vars` filled in. With [`SecretPolicy::Reference`] secrets and literal
/// credentials stay out; with [`SecretPolicy::Include`] they are written, for one copy.
pub fn snippet_for(
    language: SnippetLanguage,
    draft: &RequestDraft,
    vars: &VariableSet,
    server_url: &str,
    secrets: SecretPolicy,
) -> String {
    let include = matches!(secrets, SecretPolicy::Include { .. });
    let mut draft = draft_for_export(draft, vars, include);
    if !include {
        // Credentials typed in as literals (a token in the query, a key in a header)
        // become references too, as they would on import.
        draft = references_only(draft);
    }
    language.generate(&SnippetInput {
        draft: &draft,
        server_url,
        secrets,
    })
}

/// The variables an export of the collection at `root` fills in: those of its only
/// environment (shared values and local overrides; never secret values), none when it
/// has several or none.
pub fn collection_variables(root: &Path) -> VariableSet {
    let (environments, _) = load_environments(root);
    match environments.as_slice() {
        [only] => VariableSet::build(&[], Some(only), |_| None),
        _ => VariableSet::new(),
    }
}

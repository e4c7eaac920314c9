//! What the GraphQL body mode edits: the query document, its variables, the operation.

/// The GraphQL part of a draft, sent as `{"query", "variables", "operationName"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphQlBody {
    /// The query document, as typed; may contain `{{variables}}`.
    pub query: String,
    /// The variables as JSON object text; empty sends none.
    pub variables: String,
    /// The operation to run when the document has several; empty sends none.
    pub operation_name: String,
}

impl GraphQlBody {
    /// The operation name to send: `None` when blank.
    pub fn operation(&self) -> Option<&str> {
        Some(self.operation_name.trim()).filter(|n| !n.is_empty())
    }

    /// The JSON request body; `Err` names what is wrong with the variables.
    pub fn to_bytes(&self) -> Result<Vec<u8>, crate::ayon::graphql::GraphQlInputError> {
        crate::ayon::graphql::request_body(&self.query, &self.variables, self.operation())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ayon::AuthMode;
    use crate::collection::environment::{Environment, Variable};
    use crate::collection::variables::{VariableSet, resolve_draft};
    use crate::http::{HttpMethod, SpecBody};
    use crate::request::{BodyMode, RequestDraft, RequestError, build_spec};

    fn graphql_draft(query: &str, variables: &str, operation: &str) -> RequestDraft {
        let mut draft = RequestDraft::get("/graphql");
        draft.method = HttpMethod::Post;
        draft.auth.mode = AuthMode::None;
        draft.body_mode = BodyMode::GraphQl;
        draft.graphql = GraphQlBody {
            query: query.into(),
            variables: variables.into(),
            operation_name: operation.into(),
        };
        draft
    }

    fn spec_body(draft: &RequestDraft) -> Result<(String, Vec<(String, String)>), RequestError> {
        let spec = build_spec(draft, "http://h:5000", None, Duration::from_secs(1), None)?;
        let SpecBody::Bytes(bytes) = spec.body else {
            panic!("not bytes: {:?}", spec.body);
        };
        Ok((String::from_utf8(bytes.to_vec()).unwrap(), spec.headers))
    }

    #[test]
    fn build_spec_sends_the_graphql_object_as_json() {
        let draft = graphql_draft(
            "query P($n: String!) { project(name: $n) { name code } }",
            "{\n  \"n\": \"demo_project\"\n}\n",
            " P ",
        );
        let (body, headers) = spec_body(&draft).unwrap();
        assert_eq!(
            body,
            r#"{"query":"query P($n: String!) { project(name: $n) { name code } }","variables":{"n":"demo_project"},"operationName":"P"}"#
        );
        assert!(headers.contains(&("Content-Type".into(), "application/json".into())));

        let draft = graphql_draft("{ projects { edges { node { name } } } }", "", "");
        let (body, _) = spec_body(&draft).unwrap();
        assert_eq!(
            body,
            r#"{"query":"{ projects { edges { node { name } } } }"}"#
        );
    }

    #[test]
    fn bad_variables_stop_the_send_named() {
        let draft = graphql_draft("{ a }", "{\"n\": }", "");
        let err = spec_body(&draft).unwrap_err().to_string();
        assert!(
            err.starts_with("GraphQL variables: invalid JSON at line 1, column 7"),
            "{err}"
        );
    }

    #[test]
    fn variables_fill_the_query_and_the_variables_before_parsing() {
        let env = Environment {
            name: "dev".into(),
            variables: vec![Variable::plain("p", "demo"), Variable::plain("n", "5")],
            overrides: vec![],
        };
        let vars = VariableSet::build(&[], Some(&env), |_| None);
        let draft = graphql_draft(
            "{ project(name: \"{{p}}\") { name } }",
            "{\"first\": {{n}}}",
            "",
        );
        let resolved = resolve_draft(&draft, &vars).unwrap().draft;
        let (body, _) = spec_body(&resolved).unwrap();
        assert_eq!(
            body,
            r#"{"query":"{ project(name: \"demo\") { name } }","variables":{"first":5}}"#
        );
        let unknown = graphql_draft("{ a }", "{\"x\": \"{{nope}}\"}", "");
        assert_eq!(resolve_draft(&unknown, &vars).unwrap_err().names, ["nope"]);
    }
}

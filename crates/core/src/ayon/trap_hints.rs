//! Explanations shown with an answer where a real AYON server falls into one of its own
//! traps (seen on 1.11.2, `../shared/fixtures/ayon-1.11.2/more/`): a redirect for a
//! trailing slash (to an `http://` URL behind a TLS proxy), a 500 for
//! `order=createdAt`, 405 for HEAD, 400 for a project without `anatomy`, 500 for a
//! project name or code it should have refused.

use url::Url;

use super::AyonErrorBody;
use super::project_rules::{ANATOMY_ADVICE, PROJECT_NAME_RULE, ProjectRequest};
use crate::http::{Exchange, HttpMethod};

/// The credential headers a hop to another origin leaves behind, as the hints name them.
const CREDENTIALS: &str = "Authorization, X-Api-Key, X-as-user, Cookie";

/// Hints about the server's traps for this exchange (its redirects, last request and
/// answer); `error` is the decoded error body of the answer.
pub fn server_trap_hints(exchange: &Exchange, error: Option<&AyonErrorBody>) -> Vec<String> {
    let mut out = Vec::new();
    for hop in &exchange.redirects {
        out.extend(redirect_hints(
            hop.status,
            &hop.from,
            &hop.to,
            Followed::Yes,
        ));
    }
    let response = &exchange.response;
    let last = Url::parse(&exchange.request.url).ok();
    if (300..400).contains(&response.status)
        && let Some(location) = response.header("location")
        && let Some(to) = last.as_ref().and_then(|u| u.join(location).ok())
    {
        out.extend(redirect_hints(
            response.status,
            &exchange.request.url,
            to.as_str(),
            Followed::No,
        ));
    }
    let Some(url) = last else {
        return out;
    };
    let method = HttpMethod::from_name(&exchange.request.method);
    let path = url.path().trim_end_matches('/');
    let detail = error.and_then(|e| e.detail.as_deref()).unwrap_or("");
    if response.status == 500
        && path == "/api/projects"
        && let Some(order) = url
            .query_pairs()
            .find(|(k, _)| k == "order")
            .map(|(_, v)| v.into_owned())
        && (matches!(
            order.to_ascii_lowercase().as_str(),
            "createdat" | "updatedat"
        ) || detail.contains("UndefinedColumnError"))
    {
        out.push(format!(
            "A server bug (seen on AYON 1.11.2): the project list puts order={order} into its \
             SQL as written, and there is no such column (it is {}), so it fails with 500. \
             Order by a field it knows, e.g. order=name, or sort the list yourself.",
            snake_case(&order)
        ));
    }
    if method == Some(HttpMethod::Head) && response.status == 405 {
        let allow = response
            .header("allow")
            .map(|a| format!(" (Allow: {a})"))
            .unwrap_or_default();
        out.push(format!(
            "AYON answers HEAD on its GET routes with 405{allow}: send GET instead (for a \
             download's headers without its body, GET with Range: bytes=0-0)."
        ));
    }
    let creates_project = method.and_then(|m| ProjectRequest::of(m, path)).is_some();
    if creates_project
        && response.status == 400
        && error.is_some_and(|e| e.issues.iter().any(|i| i.location == "body.anatomy"))
    {
        out.push(format!(
            "{ANATOMY_ADVICE} (1.16 uses the default anatomy when it is left out)."
        ));
    }
    if creates_project
        && response.status == 500
        && [
            "does not match regex",
            "should match pattern",
            "PostgresSyntaxError",
        ]
        .iter()
        .any(|sign| detail.contains(sign))
    {
        out.push(format!(
            "AYON fails with 500 on a project name or code outside {PROJECT_NAME_RULE} \
             instead of refusing it: use letters, digits and _ only."
        ));
    }
    out
}

/// Whether the app followed the redirect.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Followed {
    Yes,
    No,
}

/// Hints for one redirect: a trailing slash dropped, a downgrade from https to http.
fn redirect_hints(status: u16, from: &str, to: &str, followed: Followed) -> Vec<String> {
    let (Ok(from), Ok(to)) = (Url::parse(from), Url::parse(to)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let from_path = from.path();
    if from_path.len() > 1
        && from_path.ends_with('/')
        && to.path() == from_path.trim_end_matches('/')
    {
        out.push(format!(
            "AYON redirects trailing slashes; drop the slash: ask {} instead of {from_path} \
             (it answered {status} with Location {to}).",
            to.path()
        ));
    }
    if from.scheme() == "https" && to.scheme() == "http" {
        let credentials = match followed {
            Followed::Yes => format!(
                "The app followed it without the credential headers ({CREDENTIALS}): another \
                 scheme is another origin, so they were not sent on, and the answer shown \
                 came without them."
            ),
            Followed::No => format!(
                "The app did not follow it; had it, the credential headers ({CREDENTIALS}) \
                 would not have been sent on: another scheme is another origin."
            ),
        };
        out.push(format!(
            "The redirect from https to {to} is a downgrade to plain http (a server behind a \
             TLS proxy builds its Location from the http it sees). {credentials}"
        ));
    }
    out
}

/// `createdAt` → `created_at`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ayon::ValidationIssue;
    use crate::http::{RedirectHop, ResponseData, SentRequest};

    fn exchange(method: &str, url: &str, status: u16, headers: &[(&str, &str)]) -> Exchange {
        Exchange {
            request: SentRequest {
                method: method.into(),
                url: url.into(),
                ..Default::default()
            },
            response: ResponseData {
                status,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn detail(text: &str) -> AyonErrorBody {
        AyonErrorBody {
            detail: Some(text.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_trailing_slash_redirect_not_followed_is_named() {
        let answer = exchange(
            "GET",
            "http://ayon.lan:5000/api/projects/",
            307,
            &[("location", "http://ayon.lan:5000/api/projects")],
        );
        let hints = server_trap_hints(&answer, None);
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert!(
            hints[0].starts_with("AYON redirects trailing slashes; drop the slash"),
            "{hints:?}"
        );
        assert!(hints[0].contains("ask /api/projects instead of /api/projects/"));
    }

    #[test]
    fn a_downgrade_to_http_says_the_credentials_stayed_behind() {
        let not_followed = exchange(
            "GET",
            "https://ayon.studio/api/projects/",
            307,
            &[("location", "http://ayon.studio/api/projects")],
        );
        let hints = server_trap_hints(&not_followed, None);
        assert_eq!(hints.len(), 2, "{hints:?}");
        assert!(hints[1].contains("downgrade"), "{hints:?}");
        assert!(
            hints[1].contains("would not have been sent on"),
            "{hints:?}"
        );
        assert!(hints[1].contains(CREDENTIALS));

        let mut followed = exchange("GET", "http://ayon.studio/api/projects", 401, &[]);
        followed.redirects.push(RedirectHop {
            status: 307,
            from: "https://ayon.studio/api/projects/".into(),
            to: "http://ayon.studio/api/projects".into(),
            dropped_credentials: true,
        });
        let hints = server_trap_hints(&followed, None);
        assert_eq!(hints.len(), 2, "{hints:?}");
        assert!(hints[0].contains("drop the slash"), "{hints:?}");
        assert!(hints[1].contains("were not sent on"), "{hints:?}");
    }

    #[test]
    fn other_redirects_say_nothing() {
        let moved = exchange(
            "GET",
            "http://a/api/old",
            308,
            &[("location", "http://a/api/new")],
        );
        assert!(server_trap_hints(&moved, None).is_empty());
        let upgrade = exchange(
            "GET",
            "http://a/api/info",
            301,
            &[("location", "https://a/api/info")],
        );
        assert!(server_trap_hints(&upgrade, None).is_empty());
    }

    #[test]
    fn order_by_created_at_names_the_bug_and_the_safe_order() {
        let error = detail("asyncpg.exceptions.UndefinedColumnError: column \"createdat\"");
        for order in ["createdAt", "updatedAt"] {
            let answer = exchange(
                "GET",
                &format!("http://a/api/projects?order={order}&desc=1"),
                500,
                &[],
            );
            let hints = server_trap_hints(&answer, Some(&error));
            assert_eq!(hints.len(), 1, "{hints:?}");
            assert!(hints[0].contains(&format!("order={order}")), "{hints:?}");
            assert!(hints[0].contains("order=name"), "{hints:?}");
        }
        assert!(hints_for("http://a/api/projects?order=createdAt", 200).is_empty());
        assert!(hints_for("http://a/api/projects?order=name", 500).is_empty());
        assert!(snake_case("updatedAt") == "updated_at");
    }

    fn hints_for(url: &str, status: u16) -> Vec<String> {
        server_trap_hints(&exchange("GET", url, status, &[]), None)
    }

    #[test]
    fn head_405_says_to_use_get() {
        let answer = exchange("HEAD", "http://a/api/info", 405, &[("allow", "GET")]);
        let hints = server_trap_hints(&answer, None);
        assert!(hints[0].contains("(Allow: GET)"), "{hints:?}");
        assert!(hints[0].contains("send GET"), "{hints:?}");
        assert!(server_trap_hints(&exchange("GET", "http://a/x", 405, &[]), None).is_empty());
    }

    #[test]
    fn project_creation_errors_get_their_advice() {
        let missing = AyonErrorBody {
            issues: vec![ValidationIssue {
                location: "body.anatomy".into(),
                message: "field required".into(),
            }],
            ..Default::default()
        };
        let hints = server_trap_hints(
            &exchange("POST", "http://a/api/projects", 400, &[]),
            Some(&missing),
        );
        assert!(hints[0].starts_with(ANATOMY_ADVICE), "{hints:?}");
        let regex =
            detail("ValidationError: code\n  string does not match regex \"^[a-zA-Z0-9_]*$\"");
        let hints = server_trap_hints(
            &exchange("POST", "http://a/api/projects", 500, &[]),
            Some(&regex),
        );
        assert!(hints[0].contains(PROJECT_NAME_RULE), "{hints:?}");
        let syntax =
            detail("asyncpg.exceptions.PostgresSyntaxError: syntax error at or near \"-\"");
        let hints = server_trap_hints(
            &exchange("PUT", "http://a/api/projects/a-b", 500, &[]),
            Some(&syntax),
        );
        assert!(hints[0].contains("letters, digits and _"), "{hints:?}");
        // A 500 elsewhere is not blamed on a name.
        assert!(
            server_trap_hints(
                &exchange("POST", "http://a/api/users", 500, &[]),
                Some(&regex)
            )
            .is_empty()
        );
    }
}

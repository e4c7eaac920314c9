//! Substitution in a URL: each value is percent-encoded for the place it goes, so `/`,
//! `?`, `#`, `&` or `=` in a value cannot change the URL around it.
//!
//! A reference before the path (`{{base_url}}/api`, `https://{{host}}/`) is put in as it
//! is: it names the server. One in the path is encoded as a path segment, one in the query
//! as a query component (both with [`url_component`]); one in the fragment, which is never
//! sent, as it is.

use super::{SubstitutedSecret, UnknownVariables, VariableSet, find_references};
use crate::secret::forms::url_component;

/// Where a `{{reference}}` sits in a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlPlace {
    /// The scheme, the host or a base URL at the start: put in as it is.
    Server,
    /// The path: encoded as a path segment.
    Path,
    /// The query: encoded as a query component.
    Query,
    /// The fragment (not sent): put in as it is.
    Fragment,
}

/// The place of each reference of `url`, by where it starts, in order.
pub fn places_in_url(url: &str) -> Vec<(usize, UrlPlace)> {
    let mut places = Vec::new();
    let mut place = UrlPlace::Server;
    let mut last = 0;
    for (range, _) in find_references(url) {
        place = advance(place, &url[last..range.start]);
        places.push((range.start, place));
        last = range.end;
    }
    places
}

/// The place after the literal text `text`, starting in `place`.
fn advance(mut place: UrlPlace, text: &str) -> UrlPlace {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if place == UrlPlace::Server && rest.starts_with("://") {
            rest = &rest[3..];
            continue;
        }
        place = match (place, c) {
            (UrlPlace::Server, '/') => UrlPlace::Path,
            (UrlPlace::Server | UrlPlace::Path, '?') => UrlPlace::Query,
            (UrlPlace::Server | UrlPlace::Path | UrlPlace::Query, '#') => UrlPlace::Fragment,
            (place, _) => place,
        };
        rest = &rest[c.len_utf8()..];
    }
    place
}

/// `url` with every `{{name}}` replaced by its value, encoded for its place; collects
/// the secret variables substituted into `used`. `Err` names every unknown variable.
pub fn resolve_in_url(
    url: &str,
    vars: &VariableSet,
    used: &mut Vec<SubstitutedSecret>,
) -> Result<String, UnknownVariables> {
    let places = places_in_url(url);
    super::resolve_tracking_with(url, vars, used, |start, value| {
        match places.iter().find(|(s, _)| *s == start).map(|(_, p)| *p) {
            Some(UrlPlace::Path | UrlPlace::Query) => url_component(value),
            _ => value.to_owned(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::environment::Variable;
    use crate::collection::variables::Source;

    fn places(url: &str) -> Vec<UrlPlace> {
        places_in_url(url).into_iter().map(|(_, p)| p).collect()
    }

    #[test]
    fn each_reference_has_its_place() {
        use UrlPlace::*;
        assert_eq!(
            places("{{base_url}}/api/{{project}}?q={{q}}&{{k}}=v#{{f}}"),
            [Server, Path, Query, Query, Fragment]
        );
        assert_eq!(
            places("https://{{host}}:{{port}}/x/{{id}}"),
            [Server, Server, Path]
        );
        assert_eq!(places("http{{s}}://{{host}}/{{p}}"), [Server, Server, Path]);
        assert_eq!(places("/api/{{a}}{{b}}?{{c}}"), [Path, Path, Query]);
        assert_eq!(places("{{base}}{{path}}/info"), [Server, Server]);
    }

    #[test]
    fn values_cannot_change_the_url_around_them() {
        let mut vars = VariableSet::new();
        for (name, value) in [
            ("base", "http://h:5000/prefix"),
            ("id", "a/b?c#d"),
            ("q", "x&admin=1 #+"),
        ] {
            vars.insert(&Variable::plain(name, value), Source::Local);
        }
        vars.set_secret("t", crate::secret::Secret::new("s ü/&"), Source::Local);
        let mut used = Vec::new();
        let url = resolve_in_url("{{base}}/items/{{id}}?q={{q}}&t={{t}}", &vars, &mut used);
        assert_eq!(
            url.as_deref(),
            Ok(
                "http://h:5000/prefix/items/a%2Fb%3Fc%23d?q=x%26admin%3D1%20%23%2B&t=s%20%C3%BC%2F%26"
            )
        );
        assert_eq!(used.len(), 1);
        let err = resolve_in_url("/{{nope}}", &vars, &mut used).unwrap_err();
        assert_eq!(err.names, ["nope"]);
    }
}

//! Keeps the URL's query string and the params table in sync, both ways.
//!
//! Values in the table are shown decoded; in the URL they are percent-encoded only where
//! they would otherwise break the query (`&`, `=`, `#`, `%`, `+`, spaces, controls), so a
//! URL the user typed keeps its look.

use super::KvRow;

/// Splits `url` into the part before `?` and the query (without `?`), dropping a fragment.
fn split_query(url: &str) -> (&str, Option<&str>) {
    let without_fragment = url.split('#').next().unwrap_or(url);
    match without_fragment.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (without_fragment, None),
    }
}

/// The enabled params the URL's query holds, decoded.
pub fn params_from_url(url: &str) -> Vec<KvRow> {
    let (_, query) = split_query(url);
    let Some(query) = query else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            KvRow::new(decode(name), decode(value))
        })
        .collect()
}

/// The table after the URL changed: enabled rows come from the URL, disabled rows stay.
pub fn merge_params_from_url(url: &str, old: &[KvRow]) -> Vec<KvRow> {
    let mut rows = params_from_url(url);
    rows.extend(old.iter().filter(|r| !r.enabled && !r.is_blank()).cloned());
    rows
}

/// The URL after the table changed: its query rebuilt from the enabled, named rows.
pub fn url_with_params(url: &str, params: &[KvRow]) -> String {
    let (base, _) = split_query(url);
    let fragment = url.split_once('#').map(|(_, f)| f);
    let query: Vec<String> = params
        .iter()
        .filter(|r| r.enabled && !r.name.trim().is_empty())
        .map(|r| {
            if r.value.is_empty() {
                encode(&r.name)
            } else {
                format!("{}={}", encode(&r.name), encode(&r.value))
            }
        })
        .collect();
    let mut out = base.to_string();
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.replace('+', " ");
    url::form_urlencoded::parse(format!("x={}", bytes.replace(' ', "%20")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' | '=' | '#' | '%' | '+' | ' ' | '?' => {
                let mut buf = [0u8; 4];
                for b in ch.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_to_table_decodes() {
        let rows = params_from_url("/api/projects?name=a%20b&active=true&flag#frag");
        assert_eq!(
            rows,
            vec![
                KvRow::new("name", "a b"),
                KvRow::new("active", "true"),
                KvRow::new("flag", "")
            ]
        );
        assert!(params_from_url("/api/projects").is_empty());
    }

    #[test]
    fn table_to_url_encodes_only_what_breaks_the_query() {
        let rows = vec![
            KvRow::new("q", "a&b=c d"),
            KvRow {
                enabled: false,
                ..KvRow::new("off", "1")
            },
            KvRow::new("page", "2"),
            KvRow::new("", ""),
        ];
        let url = url_with_params("/api/x?old=1#top", &rows);
        assert_eq!(url, "/api/x?q=a%26b%3Dc%20d&page=2#top");
        let back = params_from_url(&url);
        assert_eq!(
            back,
            vec![KvRow::new("q", "a&b=c d"), KvRow::new("page", "2")]
        );
    }

    #[test]
    fn disabled_rows_survive_url_edits() {
        let old = vec![KvRow {
            enabled: false,
            ..KvRow::new("off", "1")
        }];
        let rows = merge_params_from_url("/x?a=1", &old);
        assert_eq!(rows.len(), 2);
        assert!(!rows[1].enabled);
        assert_eq!(url_with_params("/x?a=1", &rows), "/x?a=1");
    }

    #[test]
    fn unicode_round_trips() {
        let rows = vec![KvRow::new("name", "žluťoučký kůň")];
        let url = url_with_params("/x", &rows);
        assert_eq!(params_from_url(&url), rows);
    }
}

//! JUnit XML as CI systems read it (Jenkins, GitLab, GitHub actions' test reporters):
//! `testsuites` > `testsuite` (the collection) > `testcase` (a request) with `failure`
//! (a check that did not hold), `error` (not sent or not answered) or `skipped`.

use super::{RequestReport, RunReport, Verdict};

/// The report as a JUnit XML document.
pub fn junit(report: &RunReport) -> String {
    let s = report.summary;
    let seconds = |ms: u64| format!("{:.3}", ms as f64 / 1000.0);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"ayon-rest-explorer\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">\n",
        s.requests,
        s.failed,
        s.errors,
        s.skipped,
        seconds(report.duration_ms)
    ));
    out.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">\n",
        escape(&report.collection),
        s.requests,
        s.failed,
        s.errors,
        s.skipped,
        seconds(report.duration_ms)
    ));
    // A run without a server (every URL full) has no server property; each file skipped
    // (`--skip-unreadable`) is an `unloaded` property.
    let properties: Vec<(&str, &String)> = [
        ("server", report.server.as_ref()),
        ("environment", report.environment.as_ref()),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name, value?)))
    .chain(report.unloaded.iter().map(|line| ("unloaded", line)))
    .collect();
    if !properties.is_empty() {
        out.push_str("    <properties>\n");
        for (name, value) in properties {
            out.push_str(&format!(
                "      <property name=\"{name}\" value=\"{}\"/>\n",
                escape(value)
            ));
        }
        out.push_str("    </properties>\n");
    }
    for r in &report.requests {
        testcase(&mut out, r, &report.collection);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn testcase(out: &mut String, r: &RequestReport, collection: &str) {
    // The folder as the class, so CI groups requests the way the tree does.
    let folder = std::path::Path::new(&r.file)
        .parent()
        .map(|p| p.to_string_lossy().replace(['/', '\\'], "."))
        .filter(|p| !p.is_empty())
        .map_or_else(|| collection.to_owned(), |p| format!("{collection}.{p}"));
    out.push_str(&format!(
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"{:.3}\">\n",
        escape(&folder),
        escape(&r.name),
        escape(&r.file),
        r.time_ms.unwrap_or(0) as f64 / 1000.0
    ));
    match r.verdict {
        Verdict::Passed => {}
        Verdict::Skipped => {
            out.push_str("      <skipped message=\"not run: --bail after a failure\"/>\n")
        }
        Verdict::Failed => {
            let failed: Vec<_> = r.checks.iter().filter(|c| !c.passed).collect();
            let message = failed
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            let details = failed
                .iter()
                .map(|c| {
                    format!(
                        "{}\nexpected: {}\nactual:   {}",
                        c.name, c.expected, c.actual
                    )
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            out.push_str(&format!(
                "      <failure message=\"{}\" type=\"assertion\">{}</failure>\n",
                escape(&message),
                escape(&details)
            ));
        }
        Verdict::Error => {
            let error = r.error.clone().unwrap_or_default();
            out.push_str(&format!(
                "      <error message=\"{}\" type=\"request\">{}</error>\n",
                escape(&error),
                escape(&error)
            ));
        }
    }
    if r.verdict != Verdict::Skipped {
        out.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            escape(&super::human_request(r))
        ));
    }
    out.push_str("    </testcase>\n");
}

/// Text for an XML attribute or element: markup characters escaped, and characters XML
/// 1.0 cannot carry at all replaced.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_xml_well_formed() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
    }

    #[test]
    fn properties_list_only_what_the_run_had() {
        let mut report = RunReport {
            collection: "C".into(),
            environment: None,
            server: None,
            requests: Vec::new(),
            duration_ms: 1,
            summary: Default::default(),
            unloaded: Vec::new(),
        };
        let xml = junit(&report);
        assert!(!xml.contains("<properties>"), "{xml}");
        assert!(roxmltree::Document::parse(&xml).is_ok(), "{xml}");
        report.server = Some("http://h:5000".into());
        let xml = junit(&report);
        assert!(
            xml.contains("<properties>\n      <property name=\"server\" value=\"http://h:5000\"/>\n    </properties>"),
            "{xml}"
        );
    }

    #[test]
    fn files_skipped_are_properties() {
        let report = RunReport {
            collection: "C".into(),
            environment: None,
            server: None,
            requests: Vec::new(),
            duration_ms: 1,
            summary: Default::default(),
            unloaded: vec!["/c/<big>.yml: is larger than 8 MB".into()],
        };
        let xml = junit(&report);
        assert!(
            xml.contains(
                "<property name=\"unloaded\" value=\"/c/&lt;big&gt;.yml: is larger than 8 MB\"/>"
            ),
            "{xml}"
        );
        assert!(roxmltree::Document::parse(&xml).is_ok(), "{xml}");
        let json = super::super::json(&report);
        assert!(json.contains("\"unloaded\": ["), "{json}");
    }
}

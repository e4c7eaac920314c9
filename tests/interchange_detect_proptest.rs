//! The detector, fuzzed: on any text it never panics, and it never claims a format it then
//! cannot read (what it names is what the import says, or the importer names the problem);
//! generated files of every shape, with any names and values, are read as their format.

use ayon_rest_explorer::interchange::Format;
use ayon_rest_explorer::interchange::detect::{detect_text, import_text};
use proptest::prelude::*;
use serde_json::json;

/// What `import_text` says about `text` agrees with `detect_text`.
fn agrees(text: &str) -> Result<(), TestCaseError> {
    let detected = detect_text(text);
    match import_text(text) {
        Ok(imported) => prop_assert_eq!(Some(imported.format), detected),
        Err(error) => {
            if detected.is_some() {
                prop_assert!(
                    !error.message.contains("not a format I know"),
                    "detected {:?} but: {}",
                    detected,
                    error
                );
            }
        }
    }
    Ok(())
}

/// Fragments that steer random text towards each detector's branches.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("curl ".to_string()),
        Just("\n".to_string()),
        Just("# c\n".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just(";".to_string()),
        Just("openapi: 3.0.0\n".to_string()),
        Just("_type: export\n".to_string()),
        Just("type: collection.insomnia.rest/5.0\n".to_string()),
        Just("{\"info\": {\"schema\": \"collection/v2\"}".to_string()),
        Just("{\"collection\": ".to_string()),
        Just("{\"values\": [], \"name\": \"e\"}".to_string()),
        Just("collectionName: x\n".to_string()),
        Just("}".to_string()),
        Just("- ".to_string()),
        "\\PC{0,12}",
    ]
}

/// A document of one of the shapes, with generated names and values.
fn shaped() -> impl Strategy<Value = (Format, String)> {
    let name = "\\PC{0,16}";
    let value = "\\PC{0,24}";
    (0..7usize, name, value, any::<bool>()).prop_map(|(kind, name, value, yaml)| {
        let schema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
        let (format, doc) = match kind {
            0 => (
                Format::Postman,
                json!({"info": {"name": name, "schema": schema},
                       "item": [{"name": name, "request": {"method": "GET", "url": value}}]}),
            ),
            1 => (
                Format::Postman,
                json!({"collection": {"info": {"name": name, "schema": schema},
                       "item": [{"name": name, "request": {"method": "POST", "url": value}}]}}),
            ),
            2 => (
                Format::PostmanEnvironment,
                json!({"name": name, "values": [{"key": "k", "value": value, "enabled": false}]}),
            ),
            3 => (
                Format::Insomnia,
                json!({"_type": "export", "__export_format": 4, "resources": [
                    {"_id": "wrk_1", "_type": "workspace", "name": name},
                    {"_id": "req_1", "_type": "request", "parentId": "wrk_1", "name": name, "method": "GET", "url": value}]}),
            ),
            4 => (
                Format::Insomnia,
                json!({"type": "collection.insomnia.rest/5.0", "name": name,
                       "collection": [{"name": name, "method": "GET", "url": value}]}),
            ),
            5 => (
                Format::Thunder,
                json!({"client": "Thunder Client", "collectionName": name,
                       "requests": [{"_id": "r", "name": name, "method": "GET", "url": value}]}),
            ),
            _ => (
                Format::OpenApi,
                json!({"openapi": "3.0.3", "info": {"title": name, "version": "1"},
                       "paths": {"/x": {"get": {"summary": value, "responses": {"200": {"description": "ok"}}}}}}),
            ),
        };
        let text = if yaml {
            serde_yaml_ng::to_string(&doc).unwrap_or_default()
        } else {
            doc.to_string()
        };
        (format, text)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn arbitrary_text_never_panics_and_agrees(text in "\\PC{0,200}") {
        agrees(&text)?;
    }

    #[test]
    fn steered_text_never_panics_and_agrees(parts in prop::collection::vec(fragment(), 0..12)) {
        agrees(&parts.concat())?;
    }

    #[test]
    fn every_generated_shape_is_read_as_its_format((format, text) in shaped()) {
        prop_assert_eq!(detect_text(&text), Some(format), "{}", text);
        let imported = import_text(&text);
        prop_assert!(imported.is_ok(), "{}: {:?}", text, imported.err());
        prop_assert_eq!(imported.map(|i| i.format).ok(), Some(format));
    }
}

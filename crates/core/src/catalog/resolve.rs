//! Local `$ref` resolution (`#/components/...`) within one document.

use serde_json::Value;

/// How many `$ref` hops `deref` follows before giving up (a ref chain that loops).
const MAX_HOPS: usize = 32;

/// The target of a local `$ref` ("#/a/b~1c"), or None when it is not local or does not resolve.
pub(super) fn lookup<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(doc);
    }
    // Refs are URI fragments, so they may be percent-encoded; `pointer` handles ~0 and ~1.
    let decoded = percent_encoding::percent_decode_str(pointer)
        .decode_utf8()
        .ok()?;
    doc.pointer(&decoded)
}

/// The `$ref` string of a schema-ish object, if it has one.
pub(super) fn ref_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// Follows `$ref`s until a non-ref value; returns the input when a ref does not resolve.
pub(super) fn deref<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..MAX_HOPS {
        match ref_of(value).and_then(|r| lookup(doc, r)) {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

/// Last segment of a `$ref` ("#/components/schemas/Folder" -> "Folder").
pub(super) fn ref_name(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    last.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_unescape_and_loops_stop() {
        let doc = json!({"components": {"schemas": {
            "a/b": {"type": "string"}, "t~x": {"type": "integer"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Alias": {"$ref": "#/components/schemas/a~1b"}
        }}});
        assert_eq!(
            lookup(&doc, "#/components/schemas/a~1b"),
            Some(&json!({"type": "string"}))
        );
        assert!(lookup(&doc, "#/components/schemas/t~0x").is_some());
        assert!(lookup(&doc, "#/components/schemas/a%7E1b").is_some());
        assert!(lookup(&doc, "other.json#/x").is_none());
        let alias = json!({"$ref": "#/components/schemas/Alias"});
        assert_eq!(deref(&doc, &alias), &json!({"type": "string"}));
        let looping = json!({"$ref": "#/components/schemas/Loop"});
        assert!(ref_of(deref(&doc, &looping)).is_some());
        assert_eq!(ref_name("#/components/schemas/a~1b"), "a/b");
    }
}

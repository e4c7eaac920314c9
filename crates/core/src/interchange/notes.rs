//! "Not carried over", grouped: one line per kind of loss with a count, and the notes of
//! each kind under it (a collection with 148 requests that each lose the same setting
//! shows one line, not 148).

/// The notes of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteGroup {
    /// What was lost, without where ("pre-request script not carried over").
    pub kind: String,
    /// Every note of that kind, whole, in the importer's order.
    pub items: Vec<String>,
}

/// `notes` grouped by [`note_kind`], groups in order of their first note.
pub fn group_notes(notes: &[String]) -> Vec<NoteGroup> {
    let mut groups: Vec<NoteGroup> = Vec::new();
    for note in notes {
        let kind = note_kind(note);
        match groups.iter_mut().find(|g| g.kind == kind) {
            Some(group) => group.items.push(note.clone()),
            None => groups.push(NoteGroup {
                kind,
                items: vec![note.clone()],
            }),
        }
    }
    groups
}

/// Where a note starts with the place it is about ("Request 'Users/List': ...").
const PLACES: [&str; 5] = [
    "Request '",
    "Folder '",
    "Item '",
    "Environment '",
    "Collection variable '",
];

const METHODS: [&str; 9] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
];

/// The kind of a note: what it says was lost, without the place and the names in it
/// (quoted names and details in parentheses become `…`), up to its first `: `.
pub fn note_kind(note: &str) -> String {
    let what = without_place(note.trim());
    let what = masked(what);
    let what = what.split(": ").next().unwrap_or("").trim();
    if what.is_empty() {
        return note.trim().to_string();
    }
    // Capitalised, unless the first word is a name like "gRPC".
    let mut chars = what.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_some_and(char::is_uppercase) {
        what.to_string()
    } else {
        first.to_uppercase().chain(what.chars().skip(1)).collect()
    }
}

/// The note after its place ("Request 'x': ", "Collection: ", "GET /path: ",
/// "Command 2 (…): "), or the whole note when it names none.
fn without_place(note: &str) -> &str {
    for place in PLACES {
        if note.starts_with(place)
            && let Some(end) = note[place.len()..].find("': ")
        {
            return &note[place.len() + end + 3..];
        }
    }
    let Some((before, after)) = note.split_once(": ") else {
        return note;
    };
    let first_word = before.split(' ').next().unwrap_or("");
    let is_place = before == "Collection"
        || first_word == "Command"
        || (METHODS.contains(&first_word) && before.contains(" /"));
    if is_place { after } else { note }
}

/// `text` with each quoted name (`'…'`) and parenthesised detail (`(…)`) as `…`.
fn masked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['\'', '(']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let opens_name = before.is_empty() || before.ends_with([' ', '(']);
        let close = if from.starts_with('(') { ')' } else { '\'' };
        match from[1..].find(close) {
            Some(end) if close == ')' || opens_name => {
                out.push_str(if close == ')' { "(…)" } else { "'…'" });
                rest = &from[1 + end + 1..];
            }
            _ => {
                out.push_str(&from[..1]);
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_drop_places_and_names() {
        assert_eq!(
            note_kind("Request 'A/b: c': pre-request script not carried over"),
            "Pre-request script not carried over"
        );
        assert_eq!(
            note_kind("Request 'x': settings (followRedirects: false) not carried over"),
            "Settings (…) not carried over"
        );
        assert_eq!(
            note_kind("gRPC request 'Say hello' not carried over"),
            "gRPC request '…' not carried over"
        );
        assert_eq!(
            note_kind("GET /pets: the body skeleton stops at Pet"),
            "The body skeleton stops at Pet"
        );
        assert_eq!(
            note_kind("Not a curl command; ignored: jq ."),
            "Not a curl command; ignored"
        );
        assert_eq!(note_kind("it's fine"), "It's fine");
    }

    #[test]
    fn groups_keep_first_appearance_order() {
        let notes: Vec<String> = [
            "Request 'a': tests not carried over",
            "Collection: pre-request script not carried over",
            "Request 'b': tests not carried over",
        ]
        .map(String::from)
        .to_vec();
        let groups = group_notes(&notes);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].kind, "Tests not carried over");
        assert_eq!(groups[0].items.len(), 2);
        assert_eq!(groups[1].items, vec![notes[1].clone()]);
    }
}

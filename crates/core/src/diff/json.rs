//! The JSON-aware diff: objects by key, arrays by a key of their elements or by index.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::ignore::IgnorePattern;
use super::path::{Seg, render};
use super::tree::{KeyValue, Shape, Tree};

/// How [`json_diff`] compares two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOptions {
    /// Keys that identify the elements of an array, tried in order: the first one that every
    /// element of both arrays has (each element an object, the values scalars and unique on
    /// each side) matches elements by it, so reordering alone is no change. Default:
    /// `["name", "id"]`. Arrays with no such key are compared by index.
    pub array_keys: Vec<String>,
    /// Paths not to report, with their subtrees: `$..updatedAt`, `$.data.id`,
    /// `$.items[*].createdAt` (see [`IgnorePattern`]). Patterns that do not parse are
    /// skipped; check them first with [`IgnorePattern::parse`].
    pub ignore: Vec<String>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        Self {
            array_keys: vec!["name".to_owned(), "id".to_owned()],
            ignore: Vec::new(),
        }
    }
}

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Only on the right.
    Added,
    /// Only on the left.
    Removed,
    /// On both sides, with different values (or different types).
    Changed,
}

/// One difference between the left and the right document.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Where, as a JSONPath: `$.data.items[3].name`, `$.a['odd key']`. Inside an array
    /// matched by key the index is the element's index on the right side, except for a
    /// removed element, which only has one on the left.
    pub path: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The value on the left (none when added).
    pub left: Option<Value>,
    /// The value on the right (none when removed).
    pub right: Option<Value>,
}

/// One pending comparison: a child (`seg`) of the path's first `depth` segments.
struct Work<'a, T> {
    depth: usize,
    seg: Option<Seg<'a>>,
    left: Option<&'a T>,
    right: Option<&'a T>,
}

/// Compares two JSON documents and lists their differences in document order (the left
/// document's order, added keys after the kept ones of their object).
///
/// The walk is iterative, so nesting depth does not grow the call stack; the values copied
/// into a [`Change`] are cloned by `serde_json`, which recurses, as parsing does.
pub fn json_diff(left: &Value, right: &Value, options: &DiffOptions) -> Vec<Change> {
    diff_trees(left, right, options)
}

/// [`json_diff`] over any parsed form: `serde_json::Value` or the lean tree.
pub(crate) fn diff_trees<T: Tree>(left: &T, right: &T, options: &DiffOptions) -> Vec<Change> {
    let ignore: Vec<IgnorePattern> = options
        .ignore
        .iter()
        .filter_map(|p| IgnorePattern::parse(p).ok())
        .collect();
    let mut changes = Vec::new();
    let mut path: Vec<Seg<'_>> = Vec::new();
    let mut stack = vec![Work {
        depth: 0,
        seg: None,
        left: Some(left),
        right: Some(right),
    }];
    while let Some(work) = stack.pop() {
        path.truncate(work.depth);
        if let Some(seg) = work.seg {
            path.push(seg);
        }
        if !path.is_empty() && ignore.iter().any(|p| p.matches(&path)) {
            continue;
        }
        let depth = path.len();
        let (l, r) = match (work.left, work.right) {
            (Some(l), Some(r)) => (l, r),
            (l, r) => {
                changes.push(Change {
                    path: render(&path),
                    kind: if l.is_some() {
                        ChangeKind::Removed
                    } else {
                        ChangeKind::Added
                    },
                    left: l.map(Tree::to_value),
                    right: r.map(Tree::to_value),
                });
                continue;
            }
        };
        match (l.shape(), r.shape()) {
            (Shape::Object(ll), Shape::Object(rl)) => {
                let lo = Members::new(l, ll);
                let ro = Members::new(r, rl);
                // Pushed in reverse so that they pop in document order.
                for (k, rv) in r.members().rev() {
                    if lo.get(k).is_none() {
                        stack.push(child(depth, Seg::Key(k), None, Some(rv)));
                    }
                }
                for (k, lv) in l.members().rev() {
                    stack.push(child(depth, Seg::Key(k), Some(lv), ro.get(k)));
                }
            }
            (Shape::Array(la), Shape::Array(ra)) => {
                let pairs = match key_of(la, ra, &options.array_keys) {
                    Some(key) => by_key(la, ra, key),
                    None => by_index(la, ra),
                };
                for (seg, lv, rv) in pairs.into_iter().rev() {
                    stack.push(child(depth, seg, lv, rv));
                }
            }
            (Shape::Scalar, Shape::Scalar) => {
                if !l.scalar_eq(r) {
                    changes.push(changed(&path, l, r));
                }
            }
            _ => changes.push(changed(&path, l, r)),
        }
    }
    changes
}

/// Objects larger than this are indexed by key for the walk when their own lookup is slow.
const INDEX_FROM: usize = 16;

/// Finds an object's members by key, through a temporary index for large objects.
struct Members<'s, T> {
    object: &'s T,
    index: Option<HashMap<&'s str, &'s T>>,
}

impl<'s, T: Tree> Members<'s, T> {
    fn new(object: &'s T, len: usize) -> Self {
        let index = (!T::FAST_MEMBER && len > INDEX_FROM).then(|| object.members().collect());
        Self { object, index }
    }

    fn get(&self, key: &str) -> Option<&'s T> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.object.member(key),
        }
    }
}

fn child<'a, T>(
    depth: usize,
    seg: Seg<'a>,
    left: Option<&'a T>,
    right: Option<&'a T>,
) -> Work<'a, T> {
    Work {
        depth,
        seg: Some(seg),
        left,
        right,
    }
}

fn changed<T: Tree>(path: &[Seg<'_>], l: &T, r: &T) -> Change {
    Change {
        path: render(path),
        kind: ChangeKind::Changed,
        left: Some(l.to_value()),
        right: Some(r.to_value()),
    }
}

type Pair<'a, T> = (Seg<'a>, Option<&'a T>, Option<&'a T>);

fn by_index<'a, T>(la: &'a [T], ra: &'a [T]) -> Vec<Pair<'a, T>> {
    (0..la.len().max(ra.len()))
        .map(|i| (Seg::Index(i), la.get(i), ra.get(i)))
        .collect()
}

fn key_value<'a, T: Tree>(element: &'a T, key: &str) -> Option<KeyValue<'a>> {
    element.member(key)?.key_value()
}

/// Whether every element has a scalar `key`, each value once.
fn unique_key<T: Tree>(elements: &[T], key: &str) -> bool {
    let mut seen = HashSet::with_capacity(elements.len());
    elements
        .iter()
        .all(|e| key_value(e, key).is_some_and(|v| seen.insert(v)))
}

/// The first of `keys` that identifies the elements of both arrays.
fn key_of<'k, T: Tree>(la: &[T], ra: &[T], keys: &'k [String]) -> Option<&'k str> {
    if la.is_empty() && ra.is_empty() {
        return None;
    }
    keys.iter()
        .map(String::as_str)
        .find(|k| unique_key(la, k) && unique_key(ra, k))
}

/// Pairs elements with equal keys (at the right index); the others are added (right index)
/// or removed (left index), a removed one placed before the first right element matched
/// to a left element after it.
fn by_key<'a, T: Tree>(la: &'a [T], ra: &'a [T], key: &str) -> Vec<Pair<'a, T>> {
    let left_at: HashMap<KeyValue<'a>, usize> = la
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((key_value(e, key)?, i)))
        .collect();
    let mut matched = vec![false; la.len()];
    let right_to_left: Vec<Option<usize>> = ra
        .iter()
        .map(|e| {
            let i = left_at.get(&key_value(e, key)?).copied()?;
            if let Some(m) = matched.get_mut(i) {
                *m = true;
            }
            Some(i)
        })
        .collect();
    let mut pairs = Vec::with_capacity(la.len().max(ra.len()));
    let mut cursor = 0;
    let flush_removed = |upto: usize, pairs: &mut Vec<Pair<'a, T>>, cursor: &mut usize| {
        while *cursor < upto {
            if !matched[*cursor] {
                pairs.push((Seg::Index(*cursor), la.get(*cursor), None));
            }
            *cursor += 1;
        }
    };
    for (j, (rv, li)) in ra.iter().zip(&right_to_left).enumerate() {
        match li {
            Some(i) => {
                flush_removed(*i, &mut pairs, &mut cursor);
                pairs.push((Seg::Index(j), la.get(*i), Some(rv)));
            }
            None => pairs.push((Seg::Index(j), None, Some(rv))),
        }
    }
    flush_removed(la.len(), &mut pairs, &mut cursor);
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn diff(l: Value, r: Value) -> Vec<(String, ChangeKind)> {
        diff_with(l, r, &DiffOptions::default())
    }

    fn diff_with(l: Value, r: Value, o: &DiffOptions) -> Vec<(String, ChangeKind)> {
        json_diff(&l, &r, o)
            .into_iter()
            .map(|c| (c.path, c.kind))
            .collect()
    }

    fn c(path: &str, kind: ChangeKind) -> (String, ChangeKind) {
        (path.to_owned(), kind)
    }

    use ChangeKind::{Added, Changed, Removed};

    #[test]
    fn equal_documents_have_no_change() {
        let v = json!({"a": [1, {"b": null}], "c": "x", "d": 1.5});
        assert!(diff(v.clone(), v).is_empty());
    }

    #[test]
    fn changed_added_removed_at_depth() {
        let l = json!({"data": {"a": {"b": {"c": 1, "gone": true}}, "list": [1, 2, 3]}});
        let r = json!({"data": {"a": {"b": {"c": 2, "new": [1]}}, "list": [1, 5]}});
        assert_eq!(
            diff(l, r),
            vec![
                c("$.data.a.b.c", Changed),
                c("$.data.a.b.gone", Removed),
                c("$.data.a.b.new", Added),
                c("$.data.list[1]", Changed),
                c("$.data.list[2]", Removed),
            ]
        );
    }

    #[test]
    fn values_are_carried() {
        let changes = json_diff(
            &json!({"a": 1, "b": {"x": 1}}),
            &json!({"a": "1", "c": [true]}),
            &DiffOptions::default(),
        );
        assert_eq!(changes.len(), 3);
        assert_eq!(changes[0].left, Some(json!(1)));
        assert_eq!(changes[0].right, Some(json!("1")));
        assert_eq!(changes[1].left, Some(json!({"x": 1})));
        assert_eq!(changes[1].right, None);
        assert_eq!(changes[2].left, None);
        assert_eq!(changes[2].right, Some(json!([true])));
    }

    #[test]
    fn type_change_is_one_change() {
        assert_eq!(
            diff(json!({"a": {"b": 1}}), json!({"a": [1]})),
            vec![c("$.a", Changed)]
        );
        assert_eq!(diff(json!([1]), json!({"0": 1})), vec![c("$", Changed)]);
        assert_eq!(diff(json!(1), json!(1.0)), vec![c("$", Changed)]);
    }

    #[test]
    fn arrays_matched_by_name_ignore_moves() {
        let l = json!({"items": [
            {"name": "a", "version": 1},
            {"name": "b", "version": 1},
            {"name": "c", "version": 1},
            {"name": "d", "version": 1},
        ]});
        let r = json!({"items": [
            {"name": "d", "version": 1},
            {"name": "c", "version": 1},
            {"name": "a", "version": 2},
            {"name": "e", "version": 1},
        ]});
        // `a` is at index 2 on the right; `b` (left index 1) is gone, reported before the
        // first right element matched to a left element after it (`d`); `e` is new.
        assert_eq!(
            diff(l, r),
            vec![
                c("$.items[1]", Removed),
                c("$.items[2].version", Changed),
                c("$.items[3]", Added),
            ]
        );
    }

    #[test]
    fn arrays_matched_by_id_when_name_missing() {
        let l = json!([{"id": 1, "v": "x"}, {"id": 2, "v": "y"}]);
        let r = json!([{"id": 2, "v": "y"}, {"id": 1, "v": "z"}]);
        assert_eq!(diff(l, r), vec![c("$[1].v", Changed)]);
    }

    #[test]
    fn arrays_by_index_without_unique_key() {
        // Duplicate names: by index.
        let l = json!([{"name": "a", "v": 1}, {"name": "a", "v": 2}]);
        let r = json!([{"name": "a", "v": 2}, {"name": "a", "v": 1}]);
        assert_eq!(diff(l, r), vec![c("$[0].v", Changed), c("$[1].v", Changed)]);
        // A scalar among objects: by index.
        let l = json!([{"name": "a"}, 1]);
        let r = json!([1, {"name": "a"}]);
        assert_eq!(diff(l, r), vec![c("$[0]", Changed), c("$[1]", Changed)]);
        // No keys configured: by index.
        let o = DiffOptions {
            array_keys: vec![],
            ..DiffOptions::default()
        };
        let l = json!([{"name": "a"}, {"name": "b"}]);
        let r = json!([{"name": "b"}, {"name": "a"}]);
        assert_eq!(
            diff_with(l, r, &o),
            vec![c("$[0].name", Changed), c("$[1].name", Changed)]
        );
    }

    #[test]
    fn ignore_hides_timestamps_at_any_depth() {
        let l = json!({"updatedAt": 1, "data": {"items": [
            {"name": "a", "updatedAt": "t1", "meta": {"updatedAt": "t1", "x": 1}},
        ]}, "id": "1"});
        let r = json!({"updatedAt": 2, "data": {"items": [
            {"name": "a", "updatedAt": "t2", "meta": {"updatedAt": "t2", "x": 2}},
        ]}, "id": "2"});
        let o = DiffOptions {
            ignore: vec!["$..updatedAt".to_owned(), "$.id".to_owned()],
            ..DiffOptions::default()
        };
        assert_eq!(
            diff_with(l.clone(), r.clone(), &o),
            vec![c("$.data.items[0].meta.x", Changed)]
        );
        let o = DiffOptions {
            ignore: vec![
                "$.data.items[*].meta".to_owned(),
                "not a pattern".to_owned(),
            ],
            ..DiffOptions::default()
        };
        assert_eq!(
            diff_with(l, r, &o),
            vec![
                c("$.updatedAt", Changed),
                c("$.data.items[0].updatedAt", Changed),
                c("$.id", Changed),
            ]
        );
    }

    #[test]
    fn keys_needing_quotes() {
        let l = json!({"odd key": {"it's": 1}, "9": 1, "ok_1": 1});
        let r = json!({"odd key": {"it's": 2}, "9": 2, "ok_1": 2});
        assert_eq!(
            diff(l, r),
            vec![
                c(r"$['odd key']['it\'s']", Changed),
                c("$['9']", Changed),
                c("$.ok_1", Changed),
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_walk() {
        // Built by hand (past serde_json's parse limit); dropped iteratively below.
        let mut l = json!(1);
        let mut r = json!(2);
        for _ in 0..5_000 {
            l = Value::Array(vec![l]);
            r = Value::Array(vec![r]);
        }
        let changes = json_diff(&l, &r, &DiffOptions::default());
        assert_eq!(changes.len(), 1);
        assert!(changes[0].path.ends_with("[0][0]"));
        for v in [l, r] {
            let mut v = v;
            while let Value::Array(mut a) = v {
                v = a.pop().unwrap_or(Value::Null);
            }
        }
    }
}

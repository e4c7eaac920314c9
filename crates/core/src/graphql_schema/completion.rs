//! What may be typed at the cursor, from the schema, for text still being written.

use super::lexer::{Tok, tokenize};
use super::schema::{Schema, TypeKind};
use super::type_ref::variable_fits;
use super::walker::{Context, VarDef, fragment_names, walk};
use std::ops::Range;

/// What a completion item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A field of the type being selected from, or of an input object.
    Field,
    /// An argument of a field or directive.
    Argument,
    /// A value of an enum (or `true`/`false`).
    EnumValue,
    /// A variable the operation declares (`$name`).
    Variable,
    /// A fragment defined in the document.
    Fragment,
    /// A type (after `on`, or of a variable).
    Type,
    /// A keyword (`query`, `fragment`, `on`).
    Keyword,
}

/// One thing that may be typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    /// The text to insert (variables with their `$`).
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// Its type as GraphQL writes it (`[ProjectNode!]!`), or what it is on.
    pub detail: String,
    /// The server's description, if any.
    pub description: Option<String>,
}

/// The items, and the bytes of the text they replace (the name typed so far).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    /// What a chosen item replaces; empty at the cursor when nothing is typed yet.
    pub replace_range: Range<usize>,
    /// Best first: names starting with what is typed, then those containing it.
    pub items: Vec<CompletionItem>,
}

/// Completions at `cursor` (a byte offset into `text`; past the end means the end). Only
/// the text before the cursor is walked, so the query may be half written; fragments are
/// looked for in all of it.
pub fn complete(schema: &Schema, text: &str, cursor: usize) -> Completions {
    let mut cursor = cursor.min(text.len());
    while !text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let bytes = text.as_bytes();
    let mut start = cursor;
    while start > 0 && (bytes[start - 1] == b'_' || bytes[start - 1].is_ascii_alphanumeric()) {
        start -= 1;
    }
    let prefix = &text[start..cursor];
    if prefix.starts_with(|c: char| c.is_ascii_digit()) || in_string_or_comment(&text[..cursor]) {
        return Completions {
            replace_range: cursor..cursor,
            items: Vec::new(),
        };
    }
    let walked = walk(schema, &text[..start], text, false);
    let mut replace_range = start..cursor;
    let mut items = Vec::new();
    match walked.context {
        None | Some(Context::Nothing) => {}
        Some(Context::TopLevel) => {
            let mut keywords = vec!["query", "fragment"];
            if schema.mutation_type().is_some() {
                keywords.push("mutation");
            }
            if schema.subscription_type().is_some() {
                keywords.push("subscription");
            }
            items.extend(keywords.into_iter().map(|k| keyword(k, "")));
        }
        Some(Context::Fields(on)) => {
            items.extend(on.fields.iter().map(|f| CompletionItem {
                label: f.name.clone(),
                kind: CompletionKind::Field,
                detail: f.type_ref.display(),
                description: f.description.clone(),
            }));
            items.push(CompletionItem {
                label: "__typename".into(),
                kind: CompletionKind::Field,
                detail: "String!".into(),
                description: Some(format!("The name of the object's type ({})", on.name)),
            });
        }
        Some(Context::Arguments(args, given)) => {
            items.extend(args.iter().filter(|a| !given.contains(&a.name)).map(|a| {
                CompletionItem {
                    label: a.name.clone(),
                    kind: CompletionKind::Argument,
                    detail: a.type_ref.display(),
                    description: a.description.clone(),
                }
            }));
        }
        Some(Context::ObjectFields(input, given)) => {
            items.extend(
                input
                    .input_fields
                    .iter()
                    .filter(|f| !given.contains(&f.name))
                    .map(|f| CompletionItem {
                        label: f.name.clone(),
                        kind: CompletionKind::Field,
                        detail: f.type_ref.display(),
                        description: f.description.clone(),
                    }),
            );
        }
        Some(Context::Value(expected)) => {
            if let Some(expected) = expected {
                let item = expected.nullable();
                let item = item.list_item().unwrap_or(item);
                match schema.type_named(item.named()) {
                    Some(def) if def.kind == TypeKind::Enum => {
                        items.extend(def.enum_values.iter().map(|v| CompletionItem {
                            label: v.name.clone(),
                            kind: CompletionKind::EnumValue,
                            detail: def.name.clone(),
                            description: v.description.clone(),
                        }));
                    }
                    Some(def) if def.name == "Boolean" => {
                        for b in ["true", "false"] {
                            items.push(CompletionItem {
                                label: b.into(),
                                kind: CompletionKind::EnumValue,
                                detail: "Boolean".into(),
                                description: None,
                            });
                        }
                    }
                    _ => {}
                }
            }
            items.extend(variables(&walked.vars_at_end, expected));
        }
        Some(Context::Variable(expected, dollar)) => {
            replace_range = dollar..cursor;
            items.extend(variables(&walked.vars_at_end, expected));
        }
        Some(Context::Spread(on)) => {
            let mut fragments: Vec<_> = fragment_names(text)
                .into_iter()
                .filter(|(_, condition)| on.is_none_or(|on| applies(schema, condition, on)))
                .collect();
            fragments.sort();
            items.extend(fragments.into_iter().map(|(name, on)| CompletionItem {
                label: name,
                kind: CompletionKind::Fragment,
                detail: format!("on {on}"),
                description: None,
            }));
            items.push(keyword("on", "an inline fragment on a type"));
        }
        Some(Context::TypeCondition(on)) => items.extend(
            types(schema, |k| k.is_composite())
                .filter(|t| on.is_none_or(|on| applies(schema, &t.label, on))),
        ),
        Some(Context::VariableType) => items.extend(types(schema, |k| k.is_input())),
        Some(Context::Directive) => {
            items.extend(schema.directives().iter().map(|d| CompletionItem {
                label: d.name.clone(),
                kind: CompletionKind::Keyword,
                detail: "directive".into(),
                description: d.description.clone(),
            }));
        }
    }
    Completions {
        replace_range,
        items: ranked(items, prefix),
    }
}

/// Whether a fragment on `condition` can be spread where `on` is selected: same type, or
/// one is an interface or union the other belongs to.
fn applies(schema: &Schema, condition: &str, on: &super::TypeDef) -> bool {
    condition.is_empty()
        || condition == on.name
        || on.interfaces.iter().any(|i| i == condition)
        || on.possible_types.iter().any(|p| p == condition)
        || schema
            .type_named(condition)
            .is_some_and(|c| c.possible_types.contains(&on.name))
}

/// Whether the text ends inside a string or a comment (nothing to complete there).
fn in_string_or_comment(before: &str) -> bool {
    let tokens = tokenize(before);
    let last_end = tokens.last().map_or(0, |t| t.span.end);
    // Comments are skipped by the tokenizer, and only they hold a `#` outside strings.
    if before[last_end..].contains('#') {
        return true;
    }
    tokens
        .last()
        .is_some_and(|t| t.kind == Tok::Str && t.span.end == before.len())
}

fn keyword(word: &str, detail: &str) -> CompletionItem {
    CompletionItem {
        label: word.into(),
        kind: CompletionKind::Keyword,
        detail: detail.into(),
        description: None,
    }
}

/// The declared variables that fit where `expected` goes (all of them when it is unknown).
fn variables<'a>(
    vars: &'a [VarDef],
    expected: Option<&'a super::TypeRef>,
) -> impl Iterator<Item = CompletionItem> + 'a {
    vars.iter()
        .filter(move |v| {
            expected.is_none_or(|e| variable_fits(&v.type_ref, v.has_default, e, false))
        })
        .map(|v| CompletionItem {
            label: format!("${}", v.name),
            kind: CompletionKind::Variable,
            detail: v.type_ref.display(),
            description: None,
        })
}

fn types(schema: &Schema, keep: fn(TypeKind) -> bool) -> impl Iterator<Item = CompletionItem> + '_ {
    schema
        .types()
        .iter()
        .filter(move |t| keep(t.kind) && !t.name.starts_with("__"))
        .map(|t| CompletionItem {
            label: t.name.clone(),
            kind: CompletionKind::Type,
            detail: format!("{:?}", t.kind),
            description: t.description.clone(),
        })
}

/// Keeps items matching `prefix` (a prefix, then the same ignoring case, then a
/// substring ignoring case), best first, then by name.
fn ranked(items: Vec<CompletionItem>, prefix: &str) -> Vec<CompletionItem> {
    let lower = prefix.to_lowercase();
    let mut scored: Vec<(u8, String, CompletionItem)> = items
        .into_iter()
        .filter_map(|item| {
            let name = item.label.trim_start_matches('$');
            let name_lower = name.to_lowercase();
            let rank = if name.starts_with(prefix) {
                0
            } else if name_lower.starts_with(&lower) {
                1
            } else if name_lower.contains(&lower) {
                2
            } else {
                return None;
            };
            Some((rank, name_lower, item))
        })
        .collect();
    scored.sort_by(|a, b| (a.0, &a.1, &a.2.label).cmp(&(b.0, &b.1, &b.2.label)));
    scored.into_iter().map(|(_, _, item)| item).collect()
}

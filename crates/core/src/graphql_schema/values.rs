//! Whether a literal written in a query fits the type its place expects.

use super::lexer::Tok;
use super::schema::{Schema, TypeKind};
use super::type_ref::TypeRef;

/// What is wrong with the literal `text` (a token of `kind`) where `expected` goes, if
/// anything: `Int expected, got a string ("ten")`. Lists take a single item (coercion).
pub(super) fn check_literal(
    schema: &Schema,
    kind: Tok,
    text: &str,
    expected: &TypeRef,
) -> Option<String> {
    if kind == Tok::Name && text == "null" {
        return expected
            .is_non_null()
            .then(|| format!("{} expected, got null", expected.display()));
    }
    let item = expected.nullable();
    let item = item.list_item().unwrap_or(item);
    if !matches!(item.nullable(), TypeRef::Named(_)) {
        return Some(format!(
            "{} expected, got {}",
            expected.display(),
            describe(kind, text)
        ));
    }
    let name = item.named();
    let def = schema.type_named(name)?;
    let fits = match (def.kind, name, kind) {
        (TypeKind::Enum, _, Tok::Name) => {
            if def.enum_values.iter().any(|v| v.name == text) {
                return None;
            }
            let hint =
                super::suggest::did_you_mean(text, def.enum_values.iter().map(|v| v.name.as_str()));
            return Some(format!("\"{text}\" is not a value of {name}{hint}"));
        }
        (TypeKind::Scalar, "Int", Tok::Int) => text.parse::<i32>().is_ok(),
        (TypeKind::Scalar, "Float", Tok::Int | Tok::Float) => true,
        (TypeKind::Scalar, "String", Tok::Str) => true,
        (TypeKind::Scalar, "ID", Tok::Str | Tok::Int) => true,
        (TypeKind::Scalar, "Boolean", Tok::Name) => matches!(text, "true" | "false"),
        (TypeKind::Scalar, "Int" | "Float" | "String" | "ID" | "Boolean", _) => false,
        // Custom scalars (DateTime, JSON) take any literal: the server decides.
        (TypeKind::Scalar, _, _) => true,
        (TypeKind::InputObject, _, _) | (TypeKind::Enum, _, _) => false,
        // Output types cannot be arguments; the schema would be wrong, not the query.
        _ => true,
    };
    (!fits).then(|| {
        format!(
            "{} expected, got {}",
            expected.display(),
            describe(kind, text)
        )
    })
}

fn describe(kind: Tok, text: &str) -> String {
    match kind {
        Tok::Str => format!("a string ({text})"),
        Tok::Int if text.parse::<i32>().is_err() => format!("{text}, beyond a 32-bit Int"),
        Tok::Int | Tok::Float => format!("the number {text}"),
        Tok::Name if matches!(text, "true" | "false") => format!("the Boolean {text}"),
        Tok::Name => format!("the enum value {text}"),
        _ => text.to_string(),
    }
}

//! A reference to a type as fields, arguments and variables declare it: `[ProjectNode!]!`.

use std::fmt;

/// A type reference: a named type, wrapped in lists and non-null markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// A named type (`String`, `ProjectNode`).
    Named(String),
    /// A list of the inner type (`[T]`).
    List(Box<TypeRef>),
    /// The inner type, never null (`T!`).
    NonNull(Box<TypeRef>),
}

impl TypeRef {
    /// The name of the innermost type: `ProjectNode` for `[ProjectNode!]!`.
    pub fn named(&self) -> &str {
        match self {
            TypeRef::Named(name) => name,
            TypeRef::List(inner) | TypeRef::NonNull(inner) => inner.named(),
        }
    }

    /// As GraphQL writes it: `[ProjectNode!]!`.
    pub fn display(&self) -> String {
        self.to_string()
    }

    /// Whether the outer layer is `!`.
    pub fn is_non_null(&self) -> bool {
        matches!(self, TypeRef::NonNull(_))
    }

    /// The type without its outer `!`, if any.
    pub fn nullable(&self) -> &TypeRef {
        match self {
            TypeRef::NonNull(inner) => inner,
            other => other,
        }
    }

    /// The item type if this (without its `!`) is a list.
    pub fn list_item(&self) -> Option<&TypeRef> {
        match self.nullable() {
            TypeRef::List(inner) => Some(inner),
            _ => None,
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Named(name) => f.write_str(name),
            TypeRef::List(inner) => write!(f, "[{inner}]"),
            TypeRef::NonNull(inner) => write!(f, "{inner}!"),
        }
    }
}

/// Whether a variable of type `variable` may be used where `location` is expected (the
/// spec's IsVariableUsageAllowed): a nullable variable fits a non-null place only when
/// either side has a default.
pub fn variable_fits(
    variable: &TypeRef,
    variable_has_default: bool,
    location: &TypeRef,
    location_has_default: bool,
) -> bool {
    if let (TypeRef::NonNull(inner), false) = (location, variable.is_non_null()) {
        if !variable_has_default && !location_has_default {
            return false;
        }
        return compatible(variable, inner);
    }
    compatible(variable, location)
}

fn compatible(variable: &TypeRef, location: &TypeRef) -> bool {
    match (variable, location) {
        (TypeRef::NonNull(v), TypeRef::NonNull(l)) => compatible(v, l),
        (_, TypeRef::NonNull(_)) => false,
        (TypeRef::NonNull(v), l) => compatible(v, l),
        (TypeRef::List(v), TypeRef::List(l)) => compatible(v, l),
        (TypeRef::List(_), _) | (_, TypeRef::List(_)) => false,
        (TypeRef::Named(v), TypeRef::Named(l)) => v == l,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(n: &str) -> TypeRef {
        TypeRef::Named(n.into())
    }
    fn non_null(t: TypeRef) -> TypeRef {
        TypeRef::NonNull(Box::new(t))
    }
    fn list(t: TypeRef) -> TypeRef {
        TypeRef::List(Box::new(t))
    }

    #[test]
    fn display_and_named() {
        let t = non_null(list(non_null(named("ProjectNode"))));
        assert_eq!(t.display(), "[ProjectNode!]!");
        assert_eq!(t.named(), "ProjectNode");
        assert_eq!(t.list_item(), Some(&non_null(named("ProjectNode"))));
    }

    #[test]
    fn variable_usage_rules() {
        let s = named("String");
        let s_nn = non_null(named("String"));
        assert!(variable_fits(&s_nn, false, &s, false));
        assert!(!variable_fits(&s, false, &s_nn, false));
        assert!(variable_fits(&s, true, &s_nn, false));
        assert!(!variable_fits(&named("Int"), false, &s, false));
        assert!(variable_fits(
            &list(s_nn.clone()),
            false,
            &list(s.clone()),
            false
        ));
        assert!(!variable_fits(&s, false, &list(s.clone()), false));
    }
}

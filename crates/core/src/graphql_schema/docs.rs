//! What a Docs pane shows of a type's fields, to browse the schema from Query down.

use super::schema::Schema;

/// A field as the Docs pane lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDoc {
    /// Its name.
    pub name: String,
    /// Its arguments, in order.
    pub args: Vec<ArgDoc>,
    /// What it returns, as GraphQL writes it (`[ProjectNode!]!`).
    pub type_display: String,
    /// The named type to follow when the field is clicked (`ProjectNode`).
    pub type_name: String,
    /// The server's description.
    pub description: Option<String>,
    /// Why it is deprecated, when it is (`Some("")` when no reason is given).
    pub deprecation: Option<String>,
}

/// An argument (or input field) as the Docs pane lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDoc {
    /// Its name.
    pub name: String,
    /// Its type, as GraphQL writes it.
    pub type_display: String,
    /// Its default, as GraphQL text, if any.
    pub default_value: Option<String>,
    /// The server's description.
    pub description: Option<String>,
}

/// The fields of the type of that name, in the server's order: an object's or interface's
/// fields, or an input object's fields (without arguments). `None` for an unknown type.
pub fn fields_of(schema: &Schema, type_name: &str) -> Option<Vec<FieldDoc>> {
    let def = schema.type_named(type_name)?;
    let arg_doc = |a: &super::InputValueDef| ArgDoc {
        name: a.name.clone(),
        type_display: a.type_ref.display(),
        default_value: a.default_value.clone(),
        description: a.description.clone(),
    };
    let fields = def.fields.iter().map(|f| FieldDoc {
        name: f.name.clone(),
        args: f.args.iter().map(arg_doc).collect(),
        type_display: f.type_ref.display(),
        type_name: f.type_ref.named().to_string(),
        description: f.description.clone(),
        deprecation: f
            .is_deprecated
            .then(|| f.deprecation_reason.clone().unwrap_or_default()),
    });
    let inputs = def.input_fields.iter().map(|f| FieldDoc {
        name: f.name.clone(),
        args: Vec::new(),
        type_display: f.type_ref.display(),
        type_name: f.type_ref.named().to_string(),
        description: f.description.clone(),
        deprecation: None,
    });
    Some(fields.chain(inputs).collect())
}

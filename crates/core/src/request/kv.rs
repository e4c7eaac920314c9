//! Key/value rows of the params and headers tables.

/// One row: a switch, a name and a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KvRow {
    /// Whether the row is sent.
    pub enabled: bool,
    /// Name (query key or header name).
    pub name: String,
    /// Value.
    pub value: String,
}

impl KvRow {
    /// An enabled row.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        KvRow {
            enabled: true,
            name: name.into(),
            value: value.into(),
        }
    }

    /// Whether both name and value are empty (the table's trailing "add" row).
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.value.is_empty()
    }
}

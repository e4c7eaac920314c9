//! The formats a collection can be exported to.

/// The formats a collection is exported to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportFormat {
    /// One Postman Collection v2.1 JSON file.
    #[default]
    Postman,
    /// A folder of Bruno OpenCollection YAML files.
    OpenCollection,
    /// A shell script of curl commands.
    Curl,
    /// A Python script using `requests`.
    PythonRequests,
    /// A Python script using `ayon_api`.
    AyonApi,
    /// A shell script of HTTPie commands.
    Httpie,
}

impl ExportFormat {
    /// Label in the window.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Postman => "Postman Collection v2.1 (a .json file)",
            ExportFormat::OpenCollection => "Bruno OpenCollection YAML (a folder)",
            ExportFormat::Curl => "curl commands (a .sh file)",
            ExportFormat::PythonRequests => "Python requests (a .py file)",
            ExportFormat::AyonApi => "Python ayon_api (a .py file)",
            ExportFormat::Httpie => "HTTPie commands (a .sh file)",
        }
    }

    /// Every format, in the window's order.
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Postman,
        ExportFormat::OpenCollection,
        ExportFormat::Curl,
        ExportFormat::PythonRequests,
        ExportFormat::AyonApi,
        ExportFormat::Httpie,
    ];
}

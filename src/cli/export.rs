//! `ayon-rest-explorer export <collection> --format F <out>`: the Export window's writer
//! ([`crate::interchange::export::write_export`]) from the command line. Secret values
//! are never written: requests keep `{{references}}`, literal credentials become
//! references.

use std::io::Write;
use std::path::PathBuf;

use crate::collection::format::COLLECTION_FILE;
use crate::interchange::export::{ExportFormat, write_export};

use super::{EXIT_OK, EXIT_PROBLEM, is_occupied};

/// `export`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The collection folder (the one holding collection.yml).
    pub collection: PathBuf,
    /// The format to write.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormatArg,
    /// Where: a file (postman and the snippet formats), or a new or empty folder
    /// (opencollection).
    pub out: PathBuf,
    /// Only this folder or request of the collection (its path relative to the collection).
    #[arg(long, value_name = "PATH")]
    pub only: Option<PathBuf>,
    /// The server relative URLs go to in snippets (default: AYON_SERVER_URL; without one
    /// they stay relative).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}

/// The formats `--format` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormatArg {
    /// One Postman Collection v2.1 JSON file.
    Postman,
    /// A folder of Bruno OpenCollection YAML files.
    Opencollection,
    /// A shell script of curl commands.
    Curl,
    /// A shell script of HTTPie commands.
    Httpie,
    /// A Python script using requests.
    Requests,
    /// A Python script using ayon_api.
    #[value(name = "ayon_api", alias = "ayon-api")]
    AyonApi,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(format: ExportFormatArg) -> ExportFormat {
        match format {
            ExportFormatArg::Postman => ExportFormat::Postman,
            ExportFormatArg::Opencollection => ExportFormat::OpenCollection,
            ExportFormatArg::Curl => ExportFormat::Curl,
            ExportFormatArg::Httpie => ExportFormat::Httpie,
            ExportFormatArg::Requests => ExportFormat::PythonRequests,
            ExportFormatArg::AyonApi => ExportFormat::AyonApi,
        }
    }
}

/// Runs `export` with `server_url` from the environment (`AYON_SERVER_URL`) unless
/// `--server` gives one; what was written goes to `out`, problems to `err`.
pub fn run(
    args: &ExportArgs,
    env_server_url: Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match export(args, env_server_url) {
        Ok(done) => {
            let _ = writeln!(out, "{done}");
            EXIT_OK
        }
        Err(problem) => {
            let _ = writeln!(err, "ayon-rest-explorer export: {problem}");
            EXIT_PROBLEM
        }
    }
}

fn export(args: &ExportArgs, env_server_url: Option<String>) -> Result<String, String> {
    if !args.collection.join(COLLECTION_FILE).is_file() {
        return Err(format!(
            "{} is not a collection folder (no {COLLECTION_FILE} in it)",
            args.collection.display()
        ));
    }
    let format = ExportFormat::from(args.format);
    if format == ExportFormat::OpenCollection {
        if let Some(problem) = is_occupied(&args.out) {
            return Err(problem);
        }
    } else if args.out.is_dir() {
        return Err(format!(
            "{} is a folder; this format is written to a file",
            args.out.display()
        ));
    }
    let server_url = args.server.clone().or(env_server_url).unwrap_or_default();
    write_export(
        &args.collection,
        args.only.as_deref(),
        server_url.trim(),
        format,
        &args.out,
    )
    .map_err(|e| e.to_string())
}

//! `ayon-rest-explorer import <file|folder|-> <new-collection-folder>`: reads another
//! tool's collection (detected, or `--format`), prints the same preview as the Import
//! window, writes a new collection with the window's writer, and keeps the secret values
//! in the secret store (or, with `--secrets-to-env`, in a 0600 env file for CI), never in
//! the collection.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::interchange::import_as::{ImportSource, import_as};
use crate::interchange::preview::ImportSummary;
use crate::interchange::write::{WriteReport, WriteTarget, write_import};
use crate::interchange::{Format, Imported, detect, secrets};
use crate::vault::VaultSource;

use super::env_file::{check_one_line, env_lines, write_env_file};
use super::{EXIT_LOSSY, EXIT_OK, EXIT_PROBLEM, is_occupied};

/// `import`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file or folder to import, or `-` for standard input (a curl command, or a JSON
    /// or YAML file's text).
    pub source: PathBuf,
    /// The new collection's folder: new, or empty.
    pub target: PathBuf,
    /// Read it as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ImportFormat>,
    /// Write the secret values to this file (0600) as `AYON_SECRET_<NAME>=value` lines, for
    /// `ayon-rest-explorer run` in CI, instead of to this computer's secret store.
    #[arg(long, value_name = "FILE")]
    pub secrets_to_env: Option<PathBuf>,
    /// Exit 1 when something was not carried over (still imported).
    #[arg(long)]
    pub strict: bool,
    /// Print the preview only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The formats `--format` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Postman Collection v2.0 / v2.1.
    Postman,
    /// A Postman environment export.
    PostmanEnvironment,
    /// Thunder Client: an export file or a git-sync folder.
    Thunder,
    /// A Bruno folder (.bru files).
    Bruno,
    /// A Bruno OpenCollection YAML folder.
    Opencollection,
    /// Insomnia v4 (JSON) or v5 (YAML).
    Insomnia,
    /// A curl command line.
    Curl,
    /// OpenAPI 3.x (JSON or YAML).
    Openapi,
}

impl From<ImportFormat> for Format {
    fn from(format: ImportFormat) -> Format {
        match format {
            ImportFormat::Postman => Format::Postman,
            ImportFormat::PostmanEnvironment => Format::PostmanEnvironment,
            ImportFormat::Thunder => Format::Thunder,
            ImportFormat::Bruno => Format::Bruno,
            ImportFormat::Opencollection => Format::OpenCollection,
            ImportFormat::Insomnia => Format::Insomnia,
            ImportFormat::Curl => Format::Curl,
            ImportFormat::Openapi => Format::OpenApi,
        }
    }
}

/// What an import takes from outside its command line.
pub struct ImportContext<'a> {
    /// Standard input, for `-`.
    pub stdin: &'a mut dyn Read,
    /// Where secret values are kept (`None`: nowhere on this computer).
    pub secret_store: Option<VaultSource>,
}

/// Runs `import`: the preview and what was written go to `out`, problems to `err`;
/// returns the exit code.
pub fn run(
    args: &ImportArgs,
    context: ImportContext<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match import(args, context, out, err) {
        Ok(code) => code,
        Err(problem) => {
            let _ = writeln!(err, "ayon-rest-explorer import: {problem}");
            EXIT_PROBLEM
        }
    }
}

fn import(
    args: &ImportArgs,
    context: ImportContext<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    if let Some(problem) = is_occupied(&args.target) {
        return Err(problem);
    }
    if let Some(env_file) = &args.secrets_to_env {
        check_env_file_place(env_file, &args.target)?;
    }
    let mut imported = read(args, context.stdin)?;
    let moved = secrets::move_secrets(&mut imported);
    let summary = ImportSummary::of(&imported, moved);
    for line in summary.lines() {
        say(out, &line)?;
    }
    let code = if args.strict && summary.is_lossy() {
        EXIT_LOSSY
    } else {
        EXIT_OK
    };
    if args.dry_run {
        say(out, "Dry run: nothing was written.")?;
        return Ok(code);
    }
    if args.secrets_to_env.is_some() {
        check_one_line(&imported)?;
    }
    let report = write_import(&imported, &WriteTarget::NewCollection(args.target.clone()))
        .map_err(|e| format!("writing {}: {e}", args.target.display()))?;
    let mut done = format!(
        "Imported {} requests in {} folders into {}",
        report.requests,
        report.folders,
        report.root.display()
    );
    if !report.environments.is_empty() {
        done.push_str(&format!(
            "; environments: {}",
            report.environments.join(", ")
        ));
    }
    say(out, &done)?;
    match &args.secrets_to_env {
        Some(path) => secrets_to_env(&report, path, out, err)?,
        None => secrets_to_store(&report, context.secret_store, out)?,
    }
    Ok(code)
}

/// The import read from the file, folder or standard input, in the format named or
/// detected.
fn read(args: &ImportArgs, stdin: &mut dyn Read) -> Result<Imported, String> {
    let text;
    let source = if args.source.as_os_str() == "-" {
        let mut bytes = Vec::new();
        stdin
            .read_to_end(&mut bytes)
            .map_err(|e| format!("could not read standard input: {e}"))?;
        text = String::from_utf8(bytes)
            .map_err(|_| "standard input is not text (not UTF-8)".to_string())?;
        ImportSource::Text(&text)
    } else {
        if std::fs::metadata(&args.source).is_err() {
            return Err(format!("{}: no such file or folder", args.source.display()));
        }
        ImportSource::Path(&args.source)
    };
    let imported = match (args.format, source) {
        (Some(format), source) => import_as(format.into(), source),
        (None, ImportSource::Path(path)) => detect::import_path(path),
        (None, ImportSource::Text(text)) => detect::import_text(text),
    };
    imported.map_err(|e| match source {
        ImportSource::Text(_) => format!("standard input: {e}"),
        ImportSource::Path(_) => e.to_string(),
    })
}

/// Refuses an env file inside the new collection: secret values never go there.
fn check_env_file_place(env_file: &Path, target: &Path) -> Result<(), String> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if absolute(env_file).starts_with(absolute(target)) {
        return Err(format!(
            "{} is inside the new collection; secret values never go into a collection: \
             choose a file outside it",
            env_file.display()
        ));
    }
    if std::fs::metadata(env_file).is_ok_and(|m| m.is_dir()) {
        return Err(format!("{} is a folder, not a file", env_file.display()));
    }
    Ok(())
}

fn secrets_to_env(
    report: &WriteReport,
    path: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), String> {
    let env = env_lines(&report.secret_values);
    for note in &env.notes {
        let _ = writeln!(err, "ayon-rest-explorer import: {note}");
    }
    write_env_file(path, &env.lines).map_err(|e| {
        format!(
            "the collection was written, but the secret values were not: {e}; import \
             again into a new folder"
        )
    })?;
    say(
        out,
        &format!(
            "{} secret values went to {} (AYON_SECRET_<NAME> lines, readable only by you), \
             not to the collection",
            env.lines.len(),
            path.display()
        ),
    )
}

fn secrets_to_store(
    report: &WriteReport,
    store: Option<VaultSource>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let (commands, count) = crate::vault::save_imported_secrets(report);
    if commands.is_empty() {
        return Ok(());
    }
    let ran = crate::vault::run_now(store, commands);
    if let Some(problem) = ran.outcomes.into_iter().find_map(Result::err) {
        return Err(format!(
            "the collection was written, but its secret values could not be stored: \
             {problem}; import again into a new folder, with --secrets-to-env FILE to keep \
             them in a file"
        ));
    }
    let place = ran.store.unwrap_or_else(|| "the secret store".to_string());
    say(
        out,
        &format!("{count} secret values went to the secret store, not to the files. {place}"),
    )
}

fn say(out: &mut dyn Write, line: &str) -> Result<(), String> {
    writeln!(out, "{line}").map_err(|e| format!("could not write the output: {e}"))
}

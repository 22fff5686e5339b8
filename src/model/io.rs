//! Reading and writing scenario and office files (TOML and JSON, `schema = 1`).
//!
//! Errors carry the document path of the offending value (`interventions[2].staff`), and the line
//! and column for syntax errors and, where the parser knows it, for type errors.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::office::Office;
use super::scenario::{Scenario, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// 1-based (line, column) of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn path_or_none(path: &serde_path_to_error::Path) -> Option<String> {
    let p = path.to_string();
    (p != "." && !p.is_empty()).then_some(p)
}

/// Parse a TOML document into `T`, with path, line and column on failure.
///
/// # Errors
/// [`Error::Parse`] for syntax errors, wrong types and unknown keys.
pub fn parse_toml<T: DeserializeOwned>(text: &str) -> Result<T> {
    let de = toml::Deserializer::parse(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| line_col(text, s.start))
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Error::Parse {
            format: "toml",
            path: None,
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = path_or_none(e.path());
        let inner = e.into_inner();
        let (line, column) = inner
            .span()
            .map(|s| line_col(text, s.start))
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Error::Parse {
            format: "toml",
            path,
            line,
            column,
            message: inner.message().trim().to_string(),
        }
    })
}

/// Parse a JSON document into `T`, with path, line and column on failure.
///
/// # Errors
/// [`Error::Parse`] for syntax errors, wrong types and unknown keys.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = path_or_none(e.path());
        let inner = e.into_inner();
        let message = strip_json_position(&inner.to_string());
        Error::Parse {
            format: "json",
            path,
            line: Some(inner.line()),
            column: Some(inner.column()),
            message,
        }
    })?;
    de.end().map_err(|e| Error::Parse {
        format: "json",
        path: None,
        line: Some(e.line()),
        column: Some(e.column()),
        message: strip_json_position(&e.to_string()),
    })?;
    Ok(value)
}

/// serde_json appends " at line L column C" to its messages; we report those separately.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn check_schema(schema: u32, format: &'static str) -> Result<()> {
    if schema == SCHEMA_VERSION {
        Ok(())
    } else {
        Err(Error::Parse {
            format,
            path: Some("schema".into()),
            line: None,
            column: None,
            message: format!(
                "unsupported schema version {schema}; this version of peaceplan reads schema {SCHEMA_VERSION}"
            ),
        })
    }
}

fn ser_error(format: &'static str, e: impl std::fmt::Display) -> Error {
    Error::Parse {
        format,
        path: None,
        line: None,
        column: None,
        message: format!("could not write: {e}"),
    }
}

/// Write `value` as pretty TOML.
///
/// # Errors
/// [`Error::Parse`] if the value cannot be represented (e.g. NaN in a position TOML forbids).
pub fn write_toml<T: Serialize>(value: &T) -> Result<String> {
    toml::to_string_pretty(value).map_err(|e| ser_error("toml", e))
}

/// Write `value` as pretty JSON.
///
/// # Errors
/// [`Error::Parse`] if the value cannot be represented.
pub fn write_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| ser_error("json", e))
}

/// File format, chosen from the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.toml`
    Toml,
    /// `.json`
    Json,
}

impl Format {
    /// Format of a path by its extension.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for any other extension.
    pub fn of_path(path: &Path) -> Result<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("toml") => Ok(Format::Toml),
            Some("json") => Ok(Format::Json),
            _ => Err(Error::InvalidArgument {
                name: "path".into(),
                message: format!(
                    "{} has no .toml or .json extension, cannot tell the format",
                    path.display()
                ),
            }),
        }
    }
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

impl Scenario {
    /// Read a scenario from TOML text (structure only; call [`Scenario::validate`] for consistency).
    ///
    /// # Errors
    /// [`Error::Parse`] with path, line and column.
    ///
    /// # Example
    /// ```
    /// let sc = peaceplan::Scenario::from_toml_str(r#"
    /// schema = 1
    /// name = "tiny"
    /// [[interventions]]
    /// id = "a"
    /// duration_months = {triangular = [1, 2, 4]}
    /// "#).unwrap();
    /// assert_eq!(sc.interventions.len(), 1);
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Scenario> {
        let sc: Scenario = parse_toml(text)?;
        check_schema(sc.schema, "toml")?;
        Ok(sc)
    }

    /// Read a scenario from JSON text.
    ///
    /// # Errors
    /// [`Error::Parse`] with path, line and column.
    pub fn from_json_str(text: &str) -> Result<Scenario> {
        let sc: Scenario = parse_json(text)?;
        check_schema(sc.schema, "json")?;
        Ok(sc)
    }

    /// Write as TOML.
    ///
    /// # Errors
    /// [`Error::Parse`] if a value cannot be written.
    pub fn to_toml_string(&self) -> Result<String> {
        write_toml(self)
    }

    /// Write as JSON.
    ///
    /// # Errors
    /// [`Error::Parse`] if a value cannot be written (JSON has no NaN or infinity).
    pub fn to_json_string(&self) -> Result<String> {
        write_json(self)
    }

    /// Read a `.toml` or `.json` file.
    ///
    /// # Errors
    /// [`Error::Io`], [`Error::InvalidArgument`] for an unknown extension, or [`Error::Parse`].
    pub fn load(path: &Path) -> Result<Scenario> {
        let format = Format::of_path(path)?;
        let text = read_text(path)?;
        match format {
            Format::Toml => Scenario::from_toml_str(&text),
            Format::Json => Scenario::from_json_str(&text),
        }
    }
}

impl Office {
    /// Read an office from TOML text.
    ///
    /// # Errors
    /// [`Error::Parse`] with path, line and column.
    pub fn from_toml_str(text: &str) -> Result<Office> {
        let office: Office = parse_toml(text)?;
        check_schema(office.schema, "toml")?;
        Ok(office)
    }

    /// Read an office from JSON text.
    ///
    /// # Errors
    /// [`Error::Parse`] with path, line and column.
    pub fn from_json_str(text: &str) -> Result<Office> {
        let office: Office = parse_json(text)?;
        check_schema(office.schema, "json")?;
        Ok(office)
    }

    /// Read a `.toml` or `.json` office file.
    ///
    /// # Errors
    /// [`Error::Io`], [`Error::InvalidArgument`] or [`Error::Parse`].
    pub fn load(path: &Path) -> Result<Office> {
        let format = Format::of_path(path)?;
        let text = read_text(path)?;
        match format {
            Format::Toml => Office::from_toml_str(&text),
            Format::Json => Office::from_json_str(&text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = r#"
schema = 1
name = "tiny"
[[pools]]
id = "planning"
capacity = [{from_months = 0, fte = 2}, {from_months = 9, fte = 7}]
[[sources]]
id = "pbf"
kind = "voluntary"
pledges = [{amount_usd = 35e6, at_months = 3, probability = 0.9, delay_months = {triangular = [1, 4, 12]}}]
[[interventions]]
id = "pa"
duration_months = 0
[[interventions]]
id = "dd"
name = "Disarmament and demobilisation"
duration_months = {pert = [8, 11, 48]}
staff = {planning = 0.2}
cost_usd = {triangular = [0.5e6, 1.3e6, 3.3e6]}
funding = ["pbf"]
after = ["pa"]
[[links]]
from = "pa"
to = "dd"
type = "SS"
lag_months = 2
"#;

    #[test]
    fn toml_and_json_round_trip() {
        let sc = Scenario::from_toml_str(TINY).unwrap();
        let again = Scenario::from_toml_str(&sc.to_toml_string().unwrap()).unwrap();
        assert_eq!(sc, again);
        let again = Scenario::from_json_str(&sc.to_json_string().unwrap()).unwrap();
        assert_eq!(sc, again);
    }

    #[test]
    fn unknown_key_has_path_and_line() {
        let text = TINY.replace("lead_time", "x").replace(
            "staff = {planning = 0.2}",
            "staff = {planning = 0.2}\ncolour = \"red\"",
        );
        let err = Scenario::from_toml_str(&text).unwrap_err();
        match err {
            Error::Parse {
                path,
                line,
                message,
                ..
            } => {
                assert_eq!(
                    path.as_deref(),
                    Some("interventions[1].colour"),
                    "{message}"
                );
                assert_eq!(line, Some(19));
                assert!(message.contains("colour"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = Scenario::from_toml_str("schema = 1\nname = = \"x\"\n").unwrap_err();
        match err {
            Error::Parse { line, column, .. } => {
                assert_eq!(line, Some(2));
                assert!(column.is_some());
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = Scenario::from_json_str("{\"schema\": 1,\n \"name\": }").unwrap_err();
        match err {
            Error::Parse { line, .. } => assert_eq!(line, Some(2)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_type_and_schema() {
        let err = Scenario::from_json_str(
            r#"{"schema": 1, "name": "x", "interventions": [{"id": "a", "duration_months": "long"}]}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("interventions[0].duration_months"),
            "{err}"
        );
        let err = Scenario::from_toml_str("schema = 2\nname = \"x\"").unwrap_err();
        assert!(err.to_string().contains("schema version 2"), "{err}");
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}

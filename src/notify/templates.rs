//! PLACEHOLDER with the delivery branch's API, replaced when that branch lands.
use super::{NoticeContext, Rendering};
use std::path::{Path, PathBuf};
pub struct Templates;
#[derive(Debug)]
pub struct TemplateError(String);
impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl Templates {
    pub fn load(_d: Option<&Path>) -> Result<Templates, TemplateError> {
        Ok(Templates)
    }
    pub fn render(&self, _c: &NoticeContext) -> Result<Rendering, TemplateError> {
        Err(TemplateError("x".into()))
    }
    pub fn write_defaults(_d: &Path) -> std::io::Result<Vec<PathBuf>> {
        Ok(vec![])
    }
}
pub fn write_defaults(_d: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(vec![])
}

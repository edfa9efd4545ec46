//! The notice templates: shipped defaults built into the binary, replaced
//! file by file from an override folder so an engineer can reword a notice
//! without a rebuild.
//!
//! Every string of the context is cleaned (`sanitize::clean`) before a
//! template sees it, and every output is checked after: a subject or an SMS
//! is one line, a JSON body must parse. A mistake in an edited template is
//! caught when notices are composed, not when a robot refuses the body.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::{Environment, UndefinedBehavior, Value};

use super::sanitize;
use super::{NoticeContext, Rendering};
use crate::domain::Language;
use crate::domain::notice::NoticeSubject;

/// Turns a notice's context into its text for every channel. The worker
/// renders with the desk's templates; tests hand it their own.
pub type Render = Arc<dyn Fn(&NoticeContext) -> Result<Rendering, String> + Send + Sync>;

/// Renders with `templates`.
pub fn render_with(templates: Arc<Templates>) -> Render {
    Arc::new(move |c: &NoticeContext| templates.render(c).map_err(|e| e.to_string()))
}

pub const EMAIL_SUBJECT: &str = "email-subject.txt.j2";
pub const EMAIL_BODY: &str = "email-body.txt.j2";
pub const CHAT_WECOM: &str = "chat-wecom.json.j2";
pub const CHAT_WELINK: &str = "chat-welink.json.j2";
pub const SMS: &str = "sms.txt.j2";
pub const SMS_GATEWAY: &str = "sms-gateway.json.j2";

/// A shipped template by its path below `assets/templates/`.
macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../assets/templates/", $name)))),*]
    };
}

/// The shipped templates, by path: incident and change notices at the
/// top (the names an override folder has always used), owner-change and
/// requirement notices beside them, and each in Chinese under `zh-CN/`.
/// A `.json.j2` name turns on JSON auto-escaping: `{{ value }}` prints a
/// JSON literal.
const SHIPPED: [(&str, &str); 35] = shipped![
    "email-subject.txt.j2",
    "email-body.txt.j2",
    "chat-wecom.json.j2",
    "chat-welink.json.j2",
    "sms.txt.j2",
    "sms-gateway.json.j2",
    "owner-email-subject.txt.j2",
    "owner-email-body.txt.j2",
    "owner-chat-wecom.json.j2",
    "owner-chat-welink.json.j2",
    "requirement-email-subject.txt.j2",
    "requirement-email-body.txt.j2",
    "requirement-chat-wecom.json.j2",
    "requirement-chat-welink.json.j2",
    "escalation-email-subject.txt.j2",
    "escalation-email-body.txt.j2",
    "escalation-chat-wecom.json.j2",
    "escalation-chat-welink.json.j2",
    "zh-CN/email-subject.txt.j2",
    "zh-CN/email-body.txt.j2",
    "zh-CN/chat-wecom.json.j2",
    "zh-CN/chat-welink.json.j2",
    "zh-CN/sms.txt.j2",
    "zh-CN/owner-email-subject.txt.j2",
    "zh-CN/owner-email-body.txt.j2",
    "zh-CN/owner-chat-wecom.json.j2",
    "zh-CN/owner-chat-welink.json.j2",
    "zh-CN/requirement-email-subject.txt.j2",
    "zh-CN/requirement-email-body.txt.j2",
    "zh-CN/requirement-chat-wecom.json.j2",
    "zh-CN/requirement-chat-welink.json.j2",
    "zh-CN/escalation-email-subject.txt.j2",
    "zh-CN/escalation-email-body.txt.j2",
    "zh-CN/escalation-chat-wecom.json.j2",
    "zh-CN/escalation-chat-welink.json.j2",
];

/// The folder of a language's templates below the templates folder.
pub const ZH_CN_DIR: &str = "zh-CN";

/// The template of each part for a kind of notice in a language.
struct Set {
    email_subject: String,
    email_body: String,
    wecom: String,
    welink: String,
    /// Owner and requirement notices go by email and chat only.
    sms: Option<String>,
}

fn set(subject: NoticeSubject, language: Language) -> Set {
    let prefix = match subject {
        NoticeSubject::Incident | NoticeSubject::Change => "",
        NoticeSubject::Owner => "owner-",
        NoticeSubject::Requirement => "requirement-",
        NoticeSubject::Escalation => "escalation-",
        // Never rendered from templates: `render` refuses it first.
        NoticeSubject::Handover => "handover-",
    };
    let dir = match language {
        Language::En => String::new(),
        Language::ZhCn => format!("{ZH_CN_DIR}/"),
    };
    let name = |base: &str| format!("{dir}{prefix}{base}");
    Set {
        email_subject: name(EMAIL_SUBJECT),
        email_body: name(EMAIL_BODY),
        wecom: name(CHAT_WECOM),
        welink: name(CHAT_WELINK),
        sms: prefix.is_empty().then(|| name(SMS)),
    }
}

/// Every template file name, in the order `templates init` writes them.
pub fn file_names() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().map(|(name, _)| *name)
}

/// The built-in text of a template.
pub fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Writes the shipped templates into `dir` (created if needed) to start an
/// override folder. A file already there is an engineer's edit and is left
/// alone; the paths written are returned.
pub fn write_defaults(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir.join(ZH_CN_DIR))?;
    let mut written = Vec::new();
    for (name, text) in SHIPPED {
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                std::io::Write::write_all(&mut f, text.as_bytes())?;
                written.push(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(written)
}

/// A template that cannot be read, parsed or rendered, or whose output is
/// unusable. `file` is the path of an override, or the shipped file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "template {}, line {line}: {}", self.file, self.message),
            None => write!(f, "template {}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for TemplateError {}

/// One SMS as the gateway template sees it.
pub struct GatewayRequest<'a> {
    pub to: &'a str,
    pub text: &'a str,
    pub sender: &'a str,
    pub key: &'a str,
    pub template_id: Option<&'a str>,
    pub params: &'a serde_json::Value,
}

impl GatewayRequest<'_> {
    /// A made-up SMS, to check the template renders before any is sent.
    pub fn sample(
        template_id: Option<&str>,
        sender: &str,
        f: impl FnOnce(&GatewayRequest<'_>) -> Result<String, TemplateError>,
    ) -> Result<String, TemplateError> {
        let params = serde_json::json!({
            "reference": "INC-1",
            "stage": "Incident notice",
            "title": "OpenSSH remote code execution",
            "next_update": "2026-11-23 14:00 UTC+08:00",
        });
        f(&GatewayRequest {
            to: "+8613800000000",
            text: "Incident INC-1 (Level 1). Details by email.",
            sender,
            key: "sredesk-0123456789abcdef01234567-1",
            template_id,
            params: &params,
        })
    }
}

pub struct Templates {
    env: Environment<'static>,
    /// Where each template came from, for error messages.
    origins: Vec<(&'static str, String)>,
}

impl Templates {
    /// The shipped templates, each replaced by a file of the same name in
    /// `dir` when there is one. A syntax error is reported here, with the
    /// file and line, rather than on the first notice.
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        if let Some(dir) = dir {
            check_folder(dir)?;
        }
        let mut env = Environment::new();
        // Printing a misspelt variable fails; `{% if x %}` on a missing one
        // is allowed, so a template can test optional fields.
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.add_filter("md", |s: String| sanitize::markdown(&s));
        env.add_filter("oneline", |s: String| sanitize::one_line(&s));
        env.add_filter("clip", |s: String, max: usize| sanitize::clip(&s, max));

        let mut origins = Vec::new();
        for (name, text) in SHIPPED {
            let (origin, source) = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(path) => {
                    let source = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                        file: path.display().to_string(),
                        line: None,
                        message: format!("cannot read it: {e}"),
                    })?;
                    (path.display().to_string(), source)
                }
                None => (name.to_string(), text.to_string()),
            };
            env.add_template_owned(name, source)
                .map_err(|e| from_minijinja(&origin, &e))?;
            origins.push((name, origin));
        }
        Ok(Templates { env, origins })
    }

    /// The notice in every channel's form, with the templates of its kind
    /// in the customer's language (owner and requirement notices have no
    /// SMS: their `sms_text` is empty).
    pub fn render(&self, ctx: &NoticeContext) -> Result<Rendering, TemplateError> {
        if ctx.subject == NoticeSubject::Handover {
            return Err(TemplateError {
                file: "(context)".into(),
                line: None,
                message: "the shift's handover is written by sredesk itself, not from templates"
                    .into(),
            });
        }
        let mut ctx = ctx.clone();
        super::i18n::localize(&mut ctx);
        let names = set(ctx.subject, ctx.language);
        let value = cleaned(&ctx).map_err(|message| TemplateError {
            file: "(context)".into(),
            line: None,
            message,
        })?;
        let ctx = Value::from_serialize(&value);
        Ok(Rendering {
            // Line breaks in a Subject would start new headers.
            email_subject: sanitize::one_line(&self.run(&names.email_subject, &ctx)?),
            email_body: body_text(&self.run(&names.email_body, &ctx)?),
            wecom_body: self.json(&names.wecom, &ctx)?,
            welink_body: self.json(&names.welink, &ctx)?,
            sms_text: match &names.sms {
                Some(n) => sanitize::one_line(&self.run(n, &ctx)?),
                None => String::new(),
            },
        })
    }

    /// What the SMS gateway is sent for one text to one number: `params`
    /// are the notice's values for a provider's registered template.
    pub fn sms_gateway_body(&self, g: &GatewayRequest<'_>) -> Result<String, TemplateError> {
        let mut params = g.params.clone();
        clean_strings(&mut params, false);
        let ctx = minijinja::context! {
            to => sanitize::one_line(&sanitize::clean(g.to)),
            text => sanitize::one_line(&sanitize::clean(g.text)),
            sender => sanitize::one_line(&sanitize::clean(g.sender)),
            key => sanitize::clean(g.key),
            template_id => g.template_id.map(|t| sanitize::one_line(&sanitize::clean(t))),
            params => Value::from_serialize(&params),
        };
        self.json(SMS_GATEWAY, &ctx)
    }

    fn origin<'a>(&'a self, name: &'a str) -> &'a str {
        self.origins
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(name, |(_, o)| o.as_str())
    }

    fn run(&self, name: &str, ctx: &Value) -> Result<String, TemplateError> {
        let origin = self.origin(name);
        let out = self
            .env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| from_minijinja(origin, &e))?;
        // The template's own text is not checked by `clean`: an edited file
        // with a stray control character must not pass it on either.
        Ok(sanitize::clean(&out))
    }

    /// A JSON body, refused unless it parses: a robot answers a broken body
    /// with a vague error, long after the notice was composed.
    fn json(&self, name: &str, ctx: &Value) -> Result<String, TemplateError> {
        let out = self.run(name, ctx)?;
        match serde_json::from_str::<serde_json::Value>(&out) {
            Ok(_) => Ok(out.trim().to_string()),
            Err(e) => Err(TemplateError {
                file: self.origin(name).to_string(),
                line: None,
                message: format!("the output is not valid JSON ({e}): {out}"),
            }),
        }
    }
}

/// A `.j2` file in the folder that is not one of ours is almost always a
/// misspelt name, which would otherwise be ignored without a word.
fn check_folder(dir: &Path) -> Result<(), TemplateError> {
    check_names(dir, "")?;
    let zh = dir.join(ZH_CN_DIR);
    if zh.is_dir() {
        check_names(&zh, &format!("{ZH_CN_DIR}/"))?;
    }
    Ok(())
}

fn check_names(dir: &Path, prefix: &str) -> Result<(), TemplateError> {
    let entries = std::fs::read_dir(dir).map_err(|e| TemplateError {
        file: dir.display().to_string(),
        line: None,
        message: format!("cannot read the template folder: {e}"),
    })?;
    for entry in entries.flatten() {
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if name.ends_with(".j2") && shipped(&name).is_none() {
            return Err(TemplateError {
                file: entry.path().display().to_string(),
                line: None,
                message: format!(
                    "not a template name; the names are {}",
                    file_names().collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    Ok(())
}

fn from_minijinja(origin: &str, e: &minijinja::Error) -> TemplateError {
    let mut message = match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    };
    // The cause of a failed filter or include sits in the source chain.
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message = format!("{message}: {s}");
        source = s.source();
    }
    TemplateError {
        file: origin.to_string(),
        line: e.line(),
        message,
    }
}

/// Fields an engineer writes as paragraphs; every other string is one line
/// (a title with a line break in it could pose as a line of the template).
const MULTI_LINE: [&str; 9] = [
    "message",
    "guidance",
    "impact",
    "lessons",
    "improvements",
    "follow_up",
    "announcement",
    "rollout_note",
    "rejection_reason",
];

/// The context as templates see it: every string cleaned of escape
/// sequences and control characters, line breaks kept only in paragraphs.
fn cleaned(ctx: &NoticeContext) -> Result<serde_json::Value, String> {
    let mut value = serde_json::to_value(ctx).map_err(|e| e.to_string())?;
    clean_strings(&mut value, false);
    Ok(value)
}

pub(super) fn clean_strings(v: &mut serde_json::Value, paragraph: bool) {
    use serde_json::Value as J;
    match v {
        J::String(s) if paragraph => *s = sanitize::clean(s),
        J::String(s) => *s = sanitize::one_line(&sanitize::clean(s)),
        J::Array(items) => items.iter_mut().for_each(|i| clean_strings(i, paragraph)),
        J::Object(map) => {
            for (key, value) in map.iter_mut() {
                clean_strings(value, MULTI_LINE.contains(&key.as_str()));
            }
        }
        _ => {}
    }
}

/// A plain-text body: no trailing spaces, at most one blank line in a row
/// (optional fields left out leave gaps), one final line break.
fn body_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = true;
    for line in s.lines().map(str::trim_end) {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

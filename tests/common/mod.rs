//! The harness of the integration tests: the scratch desk they drive the
//! real binary (or the store) in, checks on the outcome of a run, golden
//! files, and receivers for SMTP and HTTP on 127.0.0.1.

pub mod http;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use sredesk::store::Store;
use tempfile::TempDir;

/// A command line for `sredesk`: one string, split into words as a POSIX
/// shell would (`"ticket add --customer 'Jade River Bank' --severity S2"`),
/// or the words themselves (`&["ticket", "show", &id]`) when one is
/// awkward to quote: control characters, line breaks, a value from a
/// variable that may hold blanks or quotes.
pub trait Args {
    fn words(&self) -> Vec<String>;
}

impl Args for str {
    fn words(&self) -> Vec<String> {
        shlex::split(self).unwrap_or_else(|| panic!("unbalanced quotes in {self:?}"))
    }
}

impl Args for String {
    fn words(&self) -> Vec<String> {
        self.as_str().words()
    }
}

impl Args for [&str] {
    fn words(&self) -> Vec<String> {
        self.iter().map(|w| w.to_string()).collect()
    }
}

impl<const N: usize> Args for [&str; N] {
    fn words(&self) -> Vec<String> {
        self.as_slice().words()
    }
}

impl Args for Vec<&str> {
    fn words(&self) -> Vec<String> {
        self.as_slice().words()
    }
}

impl Args for [String] {
    fn words(&self) -> Vec<String> {
        self.to_vec()
    }
}

impl Args for Vec<String> {
    fn words(&self) -> Vec<String> {
        self.clone()
    }
}

impl<T: Args + ?Sized> Args for &T {
    fn words(&self) -> Vec<String> {
        (**self).words()
    }
}

pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn assert_no_panic(out: &Output) {
    let err = stderr_of(out);
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "panic:\n{err}");
}

pub fn assert_success(out: &Output, args: &(impl Args + ?Sized)) {
    assert!(
        out.status.success(),
        "{:?} failed with {:?}:\n{}",
        args.words(),
        out.status.code(),
        stderr_of(out)
    );
    assert_no_panic(out);
}

/// Exit code 1, one `sredesk:` message, nothing on stdout, no panic.
pub fn runtime_failure(out: &Output, args: &(impl Args + ?Sized)) -> String {
    let args = args.words();
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(1), "{args:?}: stderr:\n{err}");
    assert!(err.starts_with("sredesk: "), "{args:?}: stderr:\n{err}");
    assert!(
        out.stdout.is_empty(),
        "{args:?}: stdout on failure:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_no_panic(out);
    err
}

/// A malformed command line: exit code 2 from the argument parser.
pub fn usage_failure(out: &Output, args: &(impl Args + ?Sized)) -> String {
    let args = args.words();
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: stderr:\n{err}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert_no_panic(out);
    err
}

/// The moment commands believe it is unless a test says otherwise:
/// Sunday 22 November 2026, 18:00 in Shanghai.
pub const NOW: &str = "2026-11-22T10:00:00Z";

/// A scratch desk: a temporary directory holding the store (`s.db`), the
/// config and data directories, and anything else a test writes. Tests
/// drive it through the real binary (`ok`, `json`, `fails`, `run`, ...) or,
/// for the library's own tests, through a `Store` opened on the same file
/// (`store`).
pub struct Desk {
    /// Opened by `store()` on first use. Declared before `dir` so that it
    /// is closed before the directory is removed.
    store: Option<Store>,
    pub dir: TempDir,
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            store: None,
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A config file (`live.toml`) for live delivery by email through the
    /// SMTP server on `smtp_port` (robots are reached at their own URLs),
    /// then `extra`; its path.
    pub fn live_config(&self, smtp_port: u16, extra: &str) -> String {
        let config = self.path("live.toml");
        std::fs::write(
            &config,
            format!(
                "[notify]\nmode = \"live\"\n[notify.email]\nhost = \"127.0.0.1\"\nport = {smtp_port}\n\
                 security = \"plain\"\nfrom = \"Desk <desk@sredesk.test>\"\n{extra}"
            ),
        )
        .expect("write the config");
        config.to_str().expect("a UTF-8 path").to_string()
    }

    pub fn db(&self) -> PathBuf {
        self.path("s.db")
    }

    /// The desk's store opened in this process (once, on first use).
    pub fn store(&mut self) -> &mut Store {
        let path = self.db();
        self.store
            .get_or_insert_with(|| Store::open(&path).expect("open the store"))
    }

    /// `sredesk` at `now` as `engineer`, with the test environment: our
    /// store, no config but the desk's, config, data and state (the log)
    /// directories inside the desk. Not yet run.
    pub fn cmd_as(&self, now: &str, engineer: &str, args: &(impl Args + ?Sized)) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sredesk"));
        c.args(args.words())
            .env("SREDESK_DB", self.db())
            .env("SREDESK_ENGINEER", engineer)
            .env("SREDESK_NOW", now)
            .env_remove("SREDESK_CONFIG")
            .env_remove("NO_COLOR")
            .env_remove("SREDESK_LOG")
            .env_remove("SREDESK_LOG_FILE")
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_STATE_HOME", self.path("state"))
            .stdin(Stdio::null());
        c
    }

    /// `sredesk` at `NOW` as `tester`, not yet run.
    pub fn cmd(&self, args: &(impl Args + ?Sized)) -> Command {
        self.cmd_as(NOW, "tester", args)
    }

    pub fn run_as(&self, now: &str, engineer: &str, args: &(impl Args + ?Sized)) -> Output {
        self.cmd_as(now, engineer, args)
            .output()
            .expect("run sredesk")
    }

    pub fn run_at(&self, now: &str, args: &(impl Args + ?Sized)) -> Output {
        self.run_as(now, "tester", args)
    }

    pub fn run(&self, args: &(impl Args + ?Sized)) -> Output {
        self.run_at(NOW, args)
    }

    /// Runs `args` at `NOW` as `tester` after `adjust` changed the
    /// environment (a different clock, no engineer, another config, ...).
    pub fn run_with(
        &self,
        args: &(impl Args + ?Sized),
        adjust: impl FnOnce(&mut Command),
    ) -> Output {
        let mut c = self.cmd(args);
        adjust(&mut c);
        c.output().expect("run sredesk")
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok_as(&self, now: &str, engineer: &str, args: &(impl Args + ?Sized)) -> String {
        let out = self.run_as(now, engineer, args);
        assert_success(&out, args);
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    pub fn ok_at(&self, now: &str, args: &(impl Args + ?Sized)) -> String {
        self.ok_as(now, "tester", args)
    }

    pub fn ok(&self, args: &(impl Args + ?Sized)) -> String {
        self.ok_at(NOW, args)
    }

    /// Runs a command that must succeed and print one JSON value.
    pub fn json_at(&self, now: &str, args: &(impl Args + ?Sized)) -> Value {
        let text = self.ok_at(now, args);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{:?}: bad JSON ({e}):\n{text}", args.words()))
    }

    pub fn json(&self, args: &(impl Args + ?Sized)) -> Value {
        self.json_at(NOW, args)
    }

    /// A command that must fail at run time (not a usage error); returns
    /// its stderr.
    pub fn fails_at(&self, now: &str, args: &(impl Args + ?Sized)) -> String {
        runtime_failure(&self.run_as(now, "tester", args), args)
    }

    pub fn fails(&self, args: &(impl Args + ?Sized)) -> String {
        self.fails_at(NOW, args)
    }

    /// A local customer with no subscription.
    pub fn customer(&self, name: &str) {
        self.ok(&["customer", "add", "--name", name, "--kind", "local"]);
    }

    pub fn subscribe(&self, customer: &str, applied_on: &str, start: &str, months: u32) {
        self.ok(&[
            "subscription",
            "add",
            "--customer",
            customer,
            "--applied-on",
            applied_on,
            "--start",
            start,
            "--months",
            &months.to_string(),
        ]);
    }

    /// A customer subscribed from June 2026 for a year: it may submit
    /// requirements from September, and has quota all through the tests'
    /// November and December. It has an email contact, so R&D's decision
    /// on its requirements can be sent.
    pub fn eligible_customer(&self, name: &str) {
        self.customer(name);
        self.subscribe(name, "2026-05-20", "2026-06-01", 12);
        self.ok(&["contact", "add", name, "--email", "ops@customer.example"]);
    }

    /// R&D's decision on requirement `id` told to the customer as the desk
    /// does it at `now` as `engineer`: queued by `requirement notify`, then
    /// sent by `notice send-pending` (demo delivery into files, as no
    /// channel is configured), which makes it customer_notified.
    pub fn notify_requirement(&self, now: &str, engineer: &str, id: i64) {
        self.ok_as(now, engineer, &["requirement", "notify", &id.to_string()]);
        self.ok_as(now, engineer, &["notice", "send-pending"]);
    }

    /// The number of rows in `table`, read from the file.
    /// Sets `column` of row `id` in `table` straight in the file, as
    /// another tool might: sredesk refuses control characters where text
    /// is typed, so text that holds them can only come this way, and must
    /// still be shown inert.
    pub fn write_raw(&self, table: &str, id: i64, column: &str, value: &str) {
        let conn = raw_connection(self.db()).unwrap();
        let n = conn
            .execute(
                &format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"),
                rusqlite::params![value, id],
            )
            .unwrap();
        assert_eq!(n, 1, "no {table} #{id}");
    }

    pub fn count(&self, table: &str) -> i64 {
        let conn = raw_connection(self.db()).unwrap();
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Every row of `tables`, as text, read from the file: two equal dumps
    /// mean nothing changed.
    pub fn dump(&self, tables: &[&str]) -> Vec<String> {
        dump_file(&self.db(), tables)
    }
}

/// Every row of `tables` in the store file at `path`, as text, in the
/// file's own order.
pub fn dump_file(path: &std::path::Path, tables: &[&str]) -> Vec<String> {
    let conn = raw_connection(path).unwrap();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// The `id` of each element of a JSON array, in order.
pub fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

/// Compares `actual` with tests/golden/`name`; `UPDATE_GOLDEN=1` writes it
/// instead (review the result by eye before keeping it).
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} unreadable ({e}); run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    });
    if expected != actual {
        let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
        let first = (0..e.len().max(a.len()))
            .find(|&i| e.get(i) != a.get(i))
            .unwrap_or(0);
        panic!(
            "{} differs from the output, first at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             (UPDATE_GOLDEN=1 rewrites it; review the diff)\n--- actual ---\n{actual}",
            path.display(),
            first + 1,
            e.get(first),
            a.get(first)
        );
    }
}

/// A store file opened as another program would open it, with the SQL
/// functions the store's triggers call (`sredesk_search_words`): without
/// them a write that the search index follows is refused.
pub fn raw_connection(path: impl AsRef<std::path::Path>) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    sredesk::store::functions::register_functions(&conn)?;
    Ok(conn)
}

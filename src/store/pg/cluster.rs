//! A throwaway PostgreSQL server for the tests: `initdb` into a temporary
//! directory, the server on a Unix socket there and a free port on
//! 127.0.0.1, run as an unprivileged user when the tests run as root
//! (the server refuses root). One server per test process, one database
//! per test. It goes with the process: a shell beside the server waits
//! on a pipe only this process holds, and when the pipe closes (the
//! process ended, however it ended) it stops the server and removes the
//! directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The superuser the tests connect as.
pub const SUPERUSER: &str = "sredesk";

pub struct Cluster {
    /// The socket's directory; the data directory is `data` inside it.
    dir: PathBuf,
    port: u16,
    /// The superuser's password, asked over TCP (the socket trusts).
    password: String,
    next: AtomicUsize,
    /// Held so the pipe stays open while the process lives.
    _keeper: Mutex<(Child, ChildStdin)>,
}

/// The server binaries: `SREDESK_PG_BIN`, else a directory on `PATH`
/// with both `initdb` and `postgres`, else the newest of Debian's
/// `/usr/lib/postgresql/N/bin`.
pub fn binaries() -> Option<PathBuf> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("postgres").is_file();
    if let Some(d) = std::env::var_os("SREDESK_PG_BIN") {
        return Some(PathBuf::from(d)).filter(|d| has(d));
    }
    if let Some(path) = std::env::var_os("PATH")
        && let Some(d) = std::env::split_paths(&path).find(|d| has(d))
    {
        return Some(d);
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let n = e.file_name().to_str()?.parse().ok()?;
            Some((n, e.path().join("bin")))
        })
        .filter(|(_, d)| has(d))
        .collect();
    debian.sort();
    debian.pop().map(|(_, d)| d)
}

/// The shared server, started on first use; `Err` says why there is none.
pub fn shared() -> Result<&'static Cluster, String> {
    static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
    CLUSTER
        .get_or_init(|| start(&[], &[]))
        .as_ref()
        .map_err(Clone::clone)
}

/// A server of the test's own, with `files` written into its data
/// directory over what initdb wrote (0600, the server's: `pg_hba.conf`
/// too) and `settings` given to it (paths in
/// them are relative to the data directory): for a test that changes
/// what every other test would see (TLS only, say). It stops when the
/// `Cluster` is dropped.
pub fn private(files: &[(&str, &[u8])], settings: &[(&str, &str)]) -> Result<Cluster, String> {
    start(files, settings)
}

/// The shared server for a test, or `None` (said as SKIPPED) when the
/// machine has no PostgreSQL server binaries. With `SREDESK_PG_REQUIRED`
/// set (CI) a missing server fails the test instead; a server that is
/// there but does not start always fails it.
pub fn for_test(test: &str) -> Option<&'static Cluster> {
    if binaries().is_none() {
        let why = "no PostgreSQL server binaries (install postgresql, or set SREDESK_PG_BIN)";
        assert!(
            std::env::var_os("SREDESK_PG_REQUIRED").is_none(),
            "{test}: {why}"
        );
        eprintln!("SKIPPED {test}: {why}");
        return None;
    }
    match shared() {
        Ok(c) => Some(c),
        Err(why) => panic!("{test}: the test PostgreSQL server did not start: {why}"),
    }
}

/// The user the server runs as when we are root.
fn server_user() -> Option<&'static str> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let known = |u: &str| passwd.lines().any(|l| l.starts_with(&format!("{u}:")));
    Some(if known("postgres") {
        "postgres"
    } else {
        "nobody"
    })
}

fn as_server_user(program: &Path) -> Command {
    match server_user() {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn start(files: &[(&str, &[u8])], settings: &[(&str, &str)]) -> Result<Cluster, String> {
    let bin = binaries().ok_or("no PostgreSQL server binaries")?;
    let dir = tempfile::Builder::new()
        .prefix("sredesk-pg-")
        .tempdir()
        .map_err(|e| format!("a temporary directory: {e}"))?
        .keep();
    let password = format!("t{:016x}", fastrand::u64(..));
    let pwfile = dir.join("pw");
    std::fs::write(&pwfile, &password).map_err(|e| e.to_string())?;
    if let Some(user) = server_user() {
        let status = Command::new("chown")
            .args(["-R", user])
            .arg(&dir)
            .status()
            .map_err(|e| format!("chown: {e}"))?;
        if !status.success() {
            return Err(format!("chown {user} {}: {status}", dir.display()));
        }
    }
    let data = dir.join("data");
    let out = as_server_user(&bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args([
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ])
        .arg(format!("--pwfile={}", pwfile.display()))
        .args(["-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"])
        .output()
        .map_err(|e| format!("initdb: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "initdb: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    for (name, bytes) in files {
        write_private(&data.join(name), bytes)?;
    }
    let port = free_port()?;
    // The shell stops the server when its stdin closes: the server's pid
    // is the first line of postmaster.pid once it runs.
    let script = r#"
        "$@" >"$D/log" 2>&1 &
        read _
        kill -INT "$(head -n 1 "$D/data/postmaster.pid")" 2>/dev/null
        wait
        rm -rf "$D"
    "#;
    let mut server = as_server_user(&bin.join("postgres"));
    server
        .arg("-D")
        .arg(&data)
        .arg("-k")
        .arg(&dir)
        .args(["-p", &port.to_string()])
        .args(["-c", "listen_addresses=127.0.0.1"])
        .args(["-c", "fsync=off", "-c", "full_page_writes=off"])
        .args(["-c", "synchronous_commit=off", "-c", "max_connections=200"]);
    for (key, value) in settings {
        server.arg("-c").arg(format!("{key}={value}"));
    }
    let mut keeper = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(server.get_program())
        .args(server.get_args())
        .env("D", &dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("starting postgres: {e}"))?;
    let stdin = keeper.stdin.take().ok_or("no pipe to the server's shell")?;
    let cluster = Cluster {
        dir,
        port,
        password,
        next: AtomicUsize::new(0),
        _keeper: Mutex::new((keeper, stdin)),
    };
    cluster.wait_until_ready()?;
    Ok(cluster)
}

/// A file only the server's user may read (a key the server insists on).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::os::unix::fs::OpenOptionsExt;
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(fail)?;
    if let Some(user) = server_user() {
        let status = Command::new("chown")
            .arg(user)
            .arg(path)
            .status()
            .map_err(fail)?;
        if !status.success() {
            return Err(format!("chown {user} {}: {status}", path.display()));
        }
    }
    Ok(())
}

impl Cluster {
    fn wait_until_ready(&self) -> Result<(), String> {
        let began = Instant::now();
        loop {
            match self.superuser("postgres") {
                Ok(_) => return Ok(()),
                Err(e) if began.elapsed() > Duration::from_secs(60) => {
                    let log = std::fs::read_to_string(self.dir.join("log")).unwrap_or_default();
                    return Err(format!("not ready after 60 s ({e}); its log:\n{log}"));
                }
                // Polling a starting server, not waiting for time to pass.
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// A superuser connection over the socket, to `database`.
    pub fn superuser(&self, database: &str) -> Result<postgres::Client, postgres::Error> {
        postgres::Config::new()
            .host_path(&self.dir)
            .port(self.port)
            .user(SUPERUSER)
            .dbname(database)
            .connect(postgres::NoTls)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The superuser's password, which TCP connections must give.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// A new empty database, named after the test; its URL over the
    /// socket (no password asked).
    pub fn fresh_database(&self, test: &str) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let tag: String = test
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(40)
            .collect();
        let name = format!("t{n}_{tag}");
        let mut admin = self
            .superuser("postgres")
            .unwrap_or_else(|e| panic!("the test server went away: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        self.socket_url(&name)
    }

    /// `postgres://sredesk@%2Ftmp%2F...:PORT/DB`: the socket's directory
    /// as the host, percent-encoded as libpq writes it.
    pub fn socket_url(&self, database: &str) -> String {
        let host = self.dir.display().to_string().replace('/', "%2F");
        format!("postgres://{SUPERUSER}@{host}:{}/{database}", self.port)
    }

    /// The same database over TCP on 127.0.0.1, where a password is asked.
    pub fn tcp_url(&self, database: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{database}", self.port)
    }

    /// Runs SQL as the superuser on `database` (roles, grants, kills).
    pub fn admin(&self, database: &str, sql: &str) {
        let mut c = self
            .superuser(database)
            .unwrap_or_else(|e| panic!("the test server went away: {e}"));
        c.batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Writes a password file (mode 0600) naming this server's TCP address.
    pub fn write_pgpass(&self, path: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        writeln!(f, "127.0.0.1:{}:*:{SUPERUSER}:{}", self.port, self.password)
    }
}

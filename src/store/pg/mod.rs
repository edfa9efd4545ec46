//! The desk on a PostgreSQL server (issue 15): reaching it, its schema,
//! and a throwaway server for the tests. The queries themselves are the
//! store's, run through [`super::engine::Db`].

pub mod cluster;
mod connect;
mod migrate;
#[cfg(test)]
mod migrate_tests;
mod pgpass;
mod tls;

pub use connect::{Target, is_url, mask};
pub use migrate::{APPLICATION, Found, latest_version, migrate, migrate_in, version};

/// Why a connection failed, as a sentence: the server's own words when
/// it answered, else the network's.
fn describe_connect(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    if out.contains("invalid peer certificate") {
        out.push_str(
            " — the server's certificate is not trusted here: name the CA that signed \
             it with PGSSLROOTCERT=FILE (PEM), or connect with sslmode=disable on a \
             network you trust",
        );
    }
    out
}

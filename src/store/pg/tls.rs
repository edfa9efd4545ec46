//! TLS to the server, as `sslmode=require` (or `prefer`) asks: rustls
//! with ring, as mail and chat use, trusting the system's roots and the
//! CA file in `PGSSLROOTCERT` (a desk's server often has a private CA).
//! Unlike libpq's `require`, the certificate is always verified: an
//! encrypted connection to a server that may be anyone is not trusted
//! with the desk.

use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::store::StoreError;

fn failed(reason: String) -> StoreError {
    StoreError::PgConnect {
        url: "the PostgreSQL server".into(),
        reason,
    }
}

pub fn connector() -> Result<MakeRustlsConnect, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for e in &native.errors {
        tracing::warn!("reading the system's certificates: {e}");
    }
    let (added, ignored) = roots.add_parsable_certificates(native.certs);
    if ignored > 0 {
        tracing::warn!("{ignored} of the system's certificates could not be read ({added} were)");
    }
    if let Ok(path) = std::env::var("PGSSLROOTCERT") {
        let certs = CertificateDer::pem_file_iter(&path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| failed(format!("PGSSLROOTCERT={path}: {e}")))?;
        if certs.is_empty() {
            return Err(failed(format!("PGSSLROOTCERT={path} holds no certificate")));
        }
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| failed(format!("PGSSLROOTCERT={path}: {e}")))?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| failed(format!("TLS: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

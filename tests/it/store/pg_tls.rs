//! `sslmode=require` to a server that takes TCP connections only over TLS,
//! with a certificate a private CA signed: trusted through PGSSLROOTCERT,
//! refused without it, with a message that says what to do.

use sredesk::store::pg::cluster;

use crate::common::Desk;

struct TlsServer {
    server: cluster::Cluster,
    ca: std::path::PathBuf,
}

fn tls_server(dir: &std::path::Path) -> Option<TlsServer> {
    cluster::for_test("store_copy_tls")?;
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "sredesk test database CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &ca_cert, &ca_key)
        .unwrap();
    // TCP only over TLS: a connection that is not encrypted is refused.
    let hba = "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n";
    let server = cluster::private(
        &[
            ("server.crt", cert.pem().as_bytes()),
            ("server.key", key.serialize_pem().as_bytes()),
            ("pg_hba.conf", hba.as_bytes()),
        ],
        &[
            ("ssl", "on"),
            ("ssl_cert_file", "server.crt"),
            ("ssl_key_file", "server.key"),
        ],
    )
    .unwrap_or_else(|e| panic!("the TLS test server did not start: {e}"));
    let ca = dir.join("database-ca.pem");
    std::fs::write(&ca, ca_cert.pem()).unwrap();
    Some(TlsServer { server, ca })
}

#[test]
fn require_trusts_a_private_ca_named_by_pgsslrootcert_and_nothing_else() {
    let desk = Desk::new();
    let Some(tls) = tls_server(desk.dir.path()) else {
        return;
    };
    let db = desk.db();
    desk.ok(&[
        "demo",
        "--no-open",
        "--tickets",
        "50",
        "--customers",
        "3",
        "--db",
        db.to_str().unwrap(),
    ]);
    let url = tls.server.fresh_database("tls");
    let name = url.rsplit('/').next().unwrap().to_string();
    let tcp = tls.server.tcp_url(&name);
    let copy = |mode: &str, ca: Option<&std::path::Path>| {
        desk.run_with(
            &["store", "copy", "--to", &format!("{tcp}?sslmode={mode}")],
            |c| {
                c.env("PGPASSWORD", tls.server.password())
                    .env("PGPASSFILE", "/nonexistent");
                match ca {
                    Some(ca) => c.env("PGSSLROOTCERT", ca),
                    None => c.env_remove("PGSSLROOTCERT"),
                };
            },
        )
    };

    let untrusted = copy("require", None);
    assert!(!untrusted.status.success());
    let err = String::from_utf8_lossy(&untrusted.stderr);
    assert!(
        err.contains("certificate") && err.contains("PGSSLROOTCERT"),
        "{err}"
    );

    let plain = copy("disable", Some(&tls.ca));
    assert!(!plain.status.success(), "the server takes TLS only");
    let err = String::from_utf8_lossy(&plain.stderr);
    assert!(err.contains("no encryption"), "{err}");

    let out = copy("require", Some(&tls.ca));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: i64 = tls
        .server
        .superuser(&name)
        .unwrap()
        .query_one("SELECT count(*) FROM escalations", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 50);
}

//! The config file: errors with file and line, the engineer, the XDG
//! defaults.

use super::*;

#[test]
fn an_unknown_config_key_is_reported_with_file_and_line() {
    let desk = Desk::new();
    let config = desk.path("bad.toml");
    std::fs::write(&config, "[ui]\ncolour = true\n").unwrap();
    let config_arg = config.to_str().unwrap();
    for args in [
        vec!["--config", config_arg, "customer", "list"],
        vec!["--config", config_arg, "ticket", "list", "--json"],
        vec!["customer", "list", "--config", config_arg],
        vec!["--config", config_arg],
    ] {
        let err = desk.fails(&args);
        assert!(err.contains(config_arg), "{args:?}: {err}");
        assert!(err.contains("colour"), "{args:?}: {err}");
        assert!(err.contains("line 2"), "{args:?}: {err}");
    }
    let out = desk.run_with("customer list", |c| {
        c.env("SREDESK_CONFIG", &config);
    });
    let err = runtime_failure(&out, "customer list");
    assert!(err.contains(config_arg) && err.contains("colour") && err.contains("line 2"));
    // Nothing was created on the way to the error.
    assert!(!desk.db().exists());
}

#[test]
fn a_missing_config_file_named_explicitly_is_an_error() {
    let desk = Desk::new();
    let missing = desk.path("nope.toml");
    let err = desk.fails(&["--config", missing.to_str().unwrap(), "customer", "list"]);
    assert!(err.contains("cannot read config"), "{err}");
    assert!(err.contains("nope.toml"), "{err}");
}

#[test]
fn the_config_names_the_engineer() {
    let desk = Desk::new();
    let config = desk.path("good.toml");
    std::fs::write(&config, "engineer = \"cfg-name\"\n[ui]\ncolor = false\n").unwrap();
    let from_config = |c: &mut Command| {
        c.env_remove("SREDESK_ENGINEER")
            .env_remove("USER")
            .env_remove("LOGNAME")
            .env("SREDESK_CONFIG", &config);
    };
    let run = |args: &dyn Args| {
        let out = desk.run_with(args, from_config);
        assert_success(&out, args);
    };
    run(&"customer add --name Acme --kind local");
    run(&"subscription add --customer Acme --applied-on 2026-11-02 --start 2026-11-03 --months 1");
    run(&add_args("Acme", "T-1", "x"));
    run(&"ticket ack 1");
    let t = desk.show_ticket(1);
    assert_eq!(t["assignee"], "cfg-name");
    for h in t["history"].as_array().unwrap() {
        assert_eq!(h["engineer"], "cfg-name", "{h}");
    }
    // The config wins over $USER: assigning to "me" changes nothing.
    let out = desk.run_with("ticket assign 1", |c| {
        from_config(c);
        c.env("USER", "unix-user");
    });
    let err = runtime_failure(&out, "ticket assign");
    assert!(err.contains("already assigned to cfg-name"), "{err}");
    // SREDESK_ENGINEER wins over the config.
    let out = desk.run_with("ticket assign 1", |c| {
        from_config(c);
        c.env("SREDESK_ENGINEER", "env-name");
    });
    assert_success(&out, "ticket assign");
    assert_eq!(desk.show_ticket(1)["assignee"], "env-name");
}

#[test]
fn the_default_config_and_store_live_in_the_xdg_directories() {
    let desk = Desk::new();
    let config_dir = desk.path("config/sredesk");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("config.toml"), "engineer = \"xdg-name\"\n").unwrap();
    let default_paths = |c: &mut Command| {
        c.env_remove("SREDESK_DB").env_remove("SREDESK_ENGINEER");
    };
    let args = "customer add --name Acme --kind local";
    let out = desk.run_with(args, default_paths);
    assert_success(&out, args);
    assert!(desk.path("data/sredesk/sredesk.db").exists());
    assert!(!desk.db().exists());
    let conn = crate::common::raw_connection(desk.path("data/sredesk/sredesk.db")).unwrap();
    let engineer: String = conn
        .query_row("SELECT engineer FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(engineer, "xdg-name");

    // A broken default config is reported like an explicit one.
    std::fs::write(config_dir.join("config.toml"), "[ui]\ncolour = true\n").unwrap();
    let out = desk.run_with("customer list", default_paths);
    let err = runtime_failure(&out, "customer list");
    assert!(err.contains("config.toml"), "{err}");
    assert!(err.contains("colour") && err.contains("line 2"), "{err}");
}

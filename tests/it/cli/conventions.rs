//! What a command-line tool owes its shell: completions each shell can
//! parse, a manual page, help that lists every closed set of values,
//! columns aligned by what a terminal shows, and quiet when a reader of
//! `--json` hangs up early.

use unicode_width::UnicodeWidthStr;

use super::*;

/// Every top-level command, as `sredesk --help` lists them.
const COMMANDS: &[&str] = &[
    "board",
    "demo",
    "customer",
    "ticket",
    "subscription",
    "package",
    "quota",
    "requirement",
    "export",
    "deliverable",
    "owner",
    "incident",
    "change",
    "inventory",
    "contact",
    "notice",
    "templates",
    "handover",
    "status",
    "completions",
    "man",
];

/// Runs `shell` with `args` and the script's path; it must succeed.
fn parses(shell: &str, args: &[&str], script: &Path) {
    let out = Command::new(shell)
        .args(args)
        .arg(script)
        .output()
        .unwrap_or_else(|e| panic!("{shell} is needed to check its completions ({e})"));
    assert!(
        out.status.success(),
        "{shell} cannot parse the script: {}",
        stderr_of(&out)
    );
}

#[test]
fn completions_for_bash_zsh_and_fish_parse_and_name_every_command() {
    let desk = Desk::new();
    for (shell, check) in [
        ("bash", &["-n"][..]),
        ("zsh", &["-n"][..]),
        ("fish", &["--no-execute"][..]),
    ] {
        let script = desk.ok(&["completions", shell]);
        let path = desk.path(&format!("sredesk.{shell}"));
        std::fs::write(&path, &script).unwrap();
        parses(shell, check, &path);
        for c in COMMANDS {
            assert!(script.contains(c), "{shell}: no {c} in the script");
        }
        // Second-level commands, and the words of a closed set.
        for word in [
            "ack",
            "out-of-scope",
            "send-pending",
            "S1",
            "international-chinese",
        ] {
            assert!(script.contains(word), "{shell}: no {word} in the script");
        }
    }
    // Nothing was read or made: no store, no config.
    assert!(!desk.db().exists());
}

#[test]
fn completions_and_the_manual_need_no_config_or_store() {
    let desk = Desk::new();
    let broken = desk.path("broken.toml");
    std::fs::write(&broken, "[notify\n").unwrap();
    for args in [&["completions", "bash"][..], &["man"][..]] {
        let out = desk.run_with(args, |c| {
            c.env("SREDESK_CONFIG", &broken)
                .env("SREDESK_DB", "/nonexistent/x.db");
        });
        assert_success(&out, args);
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
    let err = desk.run(&["completions", "tcsh"]);
    assert!(usage_failure(&err, "completions tcsh").contains("bash"));
}

#[test]
fn the_manual_page_is_roff_naming_every_command() {
    let desk = Desk::new();
    let page = desk.ok("man");
    assert!(page.contains(".TH sredesk 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for c in COMMANDS {
        assert!(
            page.contains(&format!("sredesk\\-{}", c.replace('-', "\\-"))),
            "no {c} in the page"
        );
    }
    // One page a command, for packagers.
    let dir = desk.path("man");
    std::fs::create_dir(&dir).unwrap();
    let said = desk.ok(&["man", "--dir", dir.to_str().unwrap()]);
    assert!(said.contains("man pages written"), "{said}");
    for page in [
        "sredesk.1",
        "sredesk-ticket.1",
        "sredesk-ticket-ack.1",
        "sredesk-man.1",
    ] {
        let text = std::fs::read_to_string(dir.join(page))
            .unwrap_or_else(|e| panic!("{page} not written: {e}"));
        assert!(text.contains(".TH"), "{page}: {text}");
    }
}

#[test]
fn help_lists_the_values_of_every_closed_set_and_the_demos_own_store() {
    let desk = Desk::new();
    let cases: &[(&[&str], &str)] = &[
        (&["ticket", "add"], "[possible values: S1, S2, S3, S4, S5]"),
        (
            &["ticket", "add"],
            "[possible values: faster, expert, general]",
        ),
        (&["ticket", "list"], "new, acknowledged, in_progress"),
        (&["ticket", "out-of-scope"], "code-development"),
        (&["customer", "add"], "local, international-chinese"),
        (&["export"], "[possible values: tickets, requirements]"),
        (&["export"], "[possible values: csv, md, json]"),
        (&["incident", "add"], "[possible values: 1, 2, 3]"),
        (&["package", "add"], "[possible values: "),
        (&["notice", "compose"], "email, chat, sms"),
        (
            &["completions"],
            "[possible values: bash, elvish, fish, powershell, zsh]",
        ),
        (&["demo"], "demo.db"),
    ];
    for (command, wanted) in cases {
        let mut args = command.to_vec();
        args.push("--help");
        let help = desk.ok(&args);
        assert!(
            help.contains(wanted),
            "{command:?} --help lacks {wanted:?}:\n{help}"
        );
    }
    // Values are still read as before: any case, and errors name the set.
    desk.customer("Acme");
    let err = desk.run("ticket list --state NEW");
    assert!(err.status.success(), "{}", stderr_of(&err));
    let err = desk.run("ticket list --state nope");
    assert!(usage_failure(&err, "ticket list --state nope").contains("expected one of new"));
}

/// The display column where `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in {line:?}"));
    line[..at].width()
}

#[test]
fn tables_align_cjk_text_by_display_width_and_cut_it_with_an_ellipsis() {
    let desk = Desk::new();
    desk.ok("customer add --name 华为云客户 --kind international-chinese --owner 李娜");
    desk.ok("customer add --name Acme --kind local --owner 'Wang Li'");
    let long = "中国东方航空股份有限公司上海数据中心运维部";
    desk.ok(&["customer", "add", "--name", long, "--kind", "local"]);
    let text = desk.ok("customer list");
    let lines: Vec<&str> = text.lines().collect();
    let kind = column_of(lines[0], "KIND");
    let owner = column_of(lines[0], "OWNER");
    let row = |name: &str| {
        *lines
            .iter()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
    };
    let cut = row("中国东方航空");
    for (line, k, o) in [
        (row("华为云客户"), "international-chinese", "李娜"),
        (row("Acme"), "local", "Wang Li"),
        (cut, "local", "-"),
    ] {
        assert_eq!(column_of(line, k), kind, "{text}");
        assert_eq!(column_of(line, o), owner, "{text}");
    }
    // Cut to its column, and says so.
    assert!(cut.contains('…'), "{text}");
    assert!(!cut.contains(long), "{text}");

    // The ticket list: a CJK customer does not push TICKET or TITLE on.
    for name in ["华为云客户", "Acme"] {
        desk.subscribe(name, "2026-11-02", "2026-11-03", 3);
    }
    desk.add_ticket("华为云客户", "T-CJK", "S2", "2026-11-22T09:50:00Z");
    desk.add_ticket("Acme", "T-ASCII", "S2", "2026-11-22T09:40:00Z");
    let text = desk.ok("ticket list");
    let lines: Vec<&str> = text.lines().collect();
    let ticket = column_of(lines[0], "TICKET");
    let title = column_of(lines[0], "TITLE");
    for line in &lines[1..] {
        assert_eq!(column_of(line, "T-"), ticket, "{text}");
        assert_eq!(column_of(line, "problem"), title, "{text}");
    }
}

#[test]
fn the_demo_says_nothing_on_stderr_when_it_is_not_a_terminal() {
    let desk = Desk::new();
    let db = desk.path("demo.db");
    let out = desk.run(&[
        "demo",
        "--no-open",
        "--tickets",
        "25000",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_success(&out, "demo");
    assert_eq!(stderr_of(&out), "");
}

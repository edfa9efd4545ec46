//! Demo mode: every delivery written to a file in a temporary folder.

use super::*;

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn demo_mode_writes_a_file_per_delivery_and_a_repeat_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("outbox");
    let cfg = NotifyConfig {
        mode: DeliveryMode::Demo,
        ..with_gateway(None, Some("SMS_TOKEN"))
    };
    let t = Transports::from_config(&cfg, templates(), &out, &no_env).unwrap();
    assert_eq!(t.mode(), DeliveryMode::Demo);

    let mut mail = email("n7-d16", "ops@northwind.example");
    let mut robot = chat(
        "n7-d17",
        ChatPlatform::WeCom,
        "https://chat.example.net/robot/send?key=demo-1",
    );
    let mut text = sms("n7-d18");
    for d in [&mail, &robot, &text] {
        let sent = t.send(d).await.unwrap();
        assert!(sent.reply.starts_with("written to "), "{}", sent.reply);
        assert!(sent.reply.contains(&d.key), "{}", sent.reply);
    }

    let eml = std::fs::read_to_string(out.join("email/n7-d16.eml")).unwrap();
    assert!(eml.contains(&format!("Subject: {}", mail.subject)), "{eml}");
    assert!(eml.contains("X-Sredesk-Key: n7-d16"), "{eml}");
    assert!(eml.contains("Message-ID: <n7-d16@sredesk.test>"), "{eml}");
    assert_eq!(
        std::fs::read_to_string(out.join("chat/n7-d17.json")).unwrap(),
        robot.body
    );
    let gateway = json_of(&std::fs::read_to_string(out.join("sms/n7-d18.json")).unwrap());
    assert_eq!(gateway["reference"], "n7-d18");
    assert_eq!(gateway["text"], text.body.as_str());

    // The same deliveries again, reworded: each file is replaced, none added.
    mail.body = "Second attempt.\n".into();
    robot.body = r#"{"msgtype":"markdown","markdown":{"content":"again"}}"#.into();
    text.body = "Again.".into();
    for d in [&mail, &robot, &text] {
        t.send(d).await.unwrap();
    }
    assert_eq!(files_in(&out.join("email")), vec!["n7-d16.eml"]);
    assert_eq!(files_in(&out.join("chat")), vec!["n7-d17.json"]);
    assert_eq!(files_in(&out.join("sms")), vec!["n7-d18.json"]);
    assert!(
        std::fs::read_to_string(out.join("email/n7-d16.eml"))
            .unwrap()
            .contains("Second attempt.")
    );
    assert_eq!(
        std::fs::read_to_string(out.join("chat/n7-d17.json")).unwrap(),
        robot.body
    );

    // A key is a name inside its folder, whatever it holds.
    let odd = chat(
        "../../escape",
        ChatPlatform::WeCom,
        "https://chat.example.net/x",
    );
    let sent = t.send(&odd).await.unwrap();
    assert!(
        out.join("chat/%2E%2E%2F%2E%2E%2Fescape.json").is_file(),
        "{}",
        sent.reply
    );
    // Demo refuses what live delivery would.
    let e = failed(t.send(&email("n7-d19", "nobody")).await);
    assert!(e.permanent, "{e:?}");
}

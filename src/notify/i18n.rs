//! The words the desk puts into a notice besides the engineer's own, in
//! the customer's language: stage names, kinds, risk levels and impacts.
//! Templates carry the rest of each language's text.

use super::NoticeContext;
use crate::domain::Language;
use crate::domain::change::ChangeKind;
use crate::domain::incident::{IncidentKind, IncidentLevel};
use crate::domain::notice::Stage;
use crate::domain::{EscalationState, Severity};

fn stage_zh(s: Stage) -> &'static str {
    match s {
        Stage::Initial => "事件通知",
        Stage::Update => "事件进展",
        Stage::Resolved => "事件已解决",
        Stage::Review => "事件复盘报告",
        Stage::Notice => "计划变更通知",
        Stage::InProgress => "变更进行中",
        Stage::Completed => "变更已完成",
        Stage::FollowUp => "变更影响报告",
        Stage::OwnerChange => "项目负责人变更",
        Stage::RequirementAccepted => "需求已被采纳",
        Stage::RequirementRejected => "需求未被采纳",
        Stage::EscalationUpdate => "工单进展",
        Stage::ShiftHandover => "交接班",
    }
}

fn incident_kind_zh(k: IncidentKind) -> &'static str {
    match k {
        IncidentKind::OsVulnerability => "操作系统漏洞",
        IncidentKind::ThirdPartyVulnerability => "第三方软件严重漏洞",
        IncidentKind::VirusOutbreak => "病毒爆发",
        IncidentKind::HackerAttack => "黑客攻击",
        IncidentKind::BackboneFault => "骨干网络故障",
        IncidentKind::Other => "其他事件",
    }
}

fn change_kind_zh(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Upgrade => "系统升级",
        ChangeKind::Maintenance => "维护",
        ChangeKind::ArchitectureAdjustment => "架构调整",
    }
}

/// English label -> Chinese, for the labels the context was built with.
fn label_zh(english: &str) -> Option<&'static str> {
    let kinds = IncidentKind::ALL
        .iter()
        .map(|k| (k.label(), incident_kind_zh(*k)))
        .chain(
            ChangeKind::ALL
                .iter()
                .map(|k| (k.label(), change_kind_zh(*k))),
        );
    let risks = (1..=3).filter_map(|n| IncidentLevel::new(n).ok()).map(|l| {
        (
            l.risk(),
            match l.number() {
                1 => "高风险",
                2 => "中风险",
                _ => "低风险",
            },
        )
    });
    kinds
        .chain(risks)
        .find(|(en, _)| *en == english)
        .map(|(_, zh)| zh)
}

/// "availability, data access (outside SLA)" in Chinese.
fn impact_zh(english: &str) -> String {
    let mut s = english.to_string();
    for (en, zh) in [
        ("no noticeable effect", "无明显影响"),
        ("data access", "数据访问"),
        ("availability", "可用性"),
        ("performance", "性能"),
        (" (within SLA)", "（在 SLA 承诺范围内）"),
        (" (outside SLA)", "（超出 SLA 承诺范围）"),
        (", ", "、"),
    ] {
        s = s.replace(en, zh);
    }
    s
}

/// An escalation's state as a customer reads it, in English; `localize`
/// says it in the customer's language.
pub(super) fn escalation_state(s: EscalationState) -> &'static str {
    use EscalationState::*;
    match s {
        New => "received",
        Acknowledged => "acknowledged",
        InProgress => "being worked on",
        Resolved => "resolved",
        Closed => "closed",
        Withdrawn => "withdrawn",
        OutOfScope => "outside the service's scope",
    }
}

fn escalation_state_zh(s: EscalationState) -> &'static str {
    use EscalationState::*;
    match s {
        New => "已受理",
        Acknowledged => "已响应",
        InProgress => "处理中",
        Resolved => "已解决",
        Closed => "已关闭",
        Withdrawn => "已撤回",
        OutOfScope => "超出服务范围",
    }
}

fn severity_meaning_zh(s: Severity) -> &'static str {
    match s {
        Severity::S1 => "核心生产系统不可用",
        Severity::S2 => "生产系统不可用",
        Severity::S3 => "生产系统故障",
        Severity::S4 => "非生产系统故障",
        Severity::S5 => "一般指导或咨询",
    }
}

/// An update's escalation words in Chinese: matched by their English,
/// as the record's labels are.
fn escalation_zh(v: &mut super::EscalationView) {
    if let Some(s) = EscalationState::ALL
        .iter()
        .find(|s| escalation_state(**s) == v.state)
    {
        v.state = escalation_state_zh(*s).into();
    }
    if let Some(s) = Severity::ALL
        .iter()
        .find(|s| s.meaning() == v.severity_meaning)
    {
        v.severity_meaning = severity_meaning_zh(*s).into();
    }
}

/// The desk's own words in `ctx` put into its language.
pub(super) fn localize(ctx: &mut NoticeContext) {
    if ctx.language != Language::ZhCn {
        return;
    }
    ctx.stage_label = stage_zh(ctx.stage).to_string();
    let r = &mut ctx.record;
    if let Some(zh) = label_zh(&r.kind) {
        r.kind = zh.to_string();
    }
    if let Some(zh) = r.level_label.as_deref().and_then(label_zh) {
        r.level_label = Some(zh.to_string());
    }
    if let Some(impact) = &r.impact {
        r.impact = Some(impact_zh(impact));
    }
    if let Some(v) = &mut ctx.escalation {
        escalation_zh(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Impact;

    #[test]
    fn every_label_has_its_chinese() {
        for k in IncidentKind::ALL {
            assert!(label_zh(k.label()).is_some(), "{k}");
        }
        for k in ChangeKind::ALL {
            assert!(label_zh(k.label()).is_some(), "{k}");
        }
        for n in 1..=3 {
            assert!(label_zh(IncidentLevel::new(n).unwrap().risk()).is_some());
        }
        let i = Impact {
            availability: true,
            data_access: true,
            ..Impact::default()
        };
        assert_eq!(
            impact_zh(&i.describe()),
            "可用性、数据访问（超出 SLA 承诺范围）"
        );
        let mut ctx = super::super::sample_context();
        ctx.language = Language::ZhCn;
        localize(&mut ctx);
        assert_eq!(ctx.stage_label, "事件通知");
        assert_eq!(ctx.record.level_label.as_deref(), Some("高风险"));
    }
}

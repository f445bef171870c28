//! Reminders: which warnings fire on which day, computed from the members' timelines.
//!
//! Every reminder has a stable key (member, deadline kind, deadline date, lead days). A
//! reminder is *due* on a day when its fire date has come, it has not been delivered, and it
//! is the newest one of its deadline (a week's absence gives one reminder per deadline, not a
//! burst). When the user enters a renewed expiry, the deadline's date changes, so the old
//! keys are never produced again: a handled deadline is not reminded.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules;
use crate::rules::CardDates;
use crate::timeline::{self, Deadline, DeadlineKind, Severity};
use crate::vault::{DocumentMeta, Member, Vault};
use crate::Result;

/// How many days before each deadline to remind (0 = on the day). Changeable in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReminderSettings {
    pub leads: BTreeMap<DeadlineKind, Vec<u32>>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        use DeadlineKind::*;
        let leads = [
            (RenewalOpens, vec![0]),
            (CertificateExpiry, vec![30, 7, 0]),
            (GraceWarn, vec![0]),
            (GraceEnd, vec![14, 0]),
            (CardExpiry, vec![90, 30]),
            (KakuninExpiry, vec![30]),
            (PhoneCertificateExpiry, vec![30, 7]),
        ];
        ReminderSettings {
            leads: leads.into_iter().collect(),
        }
    }
}

/// The longest lead time accepted, in days.
pub const MAX_LEAD_DAYS: u32 = 365;
/// The most reminders one kind of deadline may have.
pub const MAX_LEADS_PER_KIND: usize = 5;

impl ReminderSettings {
    /// The settings as they are stored: each kind's days largest first without duplicates.
    /// Refused (`invalid_input`, saying which deadline) when a day is over [`MAX_LEAD_DAYS`] or
    /// a kind has more than [`MAX_LEADS_PER_KIND`] days. A kind with no days is never reminded.
    /// The stale-screen reminder has no lead time (it fires on its day) and is not editable.
    pub fn checked(mut self) -> Result<ReminderSettings> {
        self.leads.remove(&DeadlineKind::SnapshotStale);
        for (kind, days) in self.leads.iter_mut() {
            days.sort_unstable_by(|a, b| b.cmp(a));
            days.dedup();
            let (ja, en) = kind_label(*kind);
            if let Some(&over) = days.iter().find(|&&d| d > MAX_LEAD_DAYS) {
                return Err(crate::Error::InvalidInput(crate::Msg::new(
                    format!("{ja}: お知らせは{MAX_LEAD_DAYS}日前までにしてください（{over}日前は設定できません）"),
                    format!("{en}: a reminder can be at most {MAX_LEAD_DAYS} days before ({over} is too many)"),
                )));
            }
            if days.len() > MAX_LEADS_PER_KIND {
                return Err(crate::Error::InvalidInput(crate::Msg::new(
                    format!("{ja}: お知らせは{MAX_LEADS_PER_KIND}回までです"),
                    format!("{en}: at most {MAX_LEADS_PER_KIND} reminders"),
                )));
            }
        }
        Ok(self)
    }
}

/// One warning for one member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reminder {
    /// Stable: `<member id>:<kind>:<deadline date>:<lead days>`.
    pub key: String,
    pub member_id: String,
    pub member_name: String,
    pub kind: DeadlineKind,
    pub deadline: NaiveDate,
    /// The day it fires: `deadline − lead` days.
    pub fires: NaiveDate,
    pub lead_days: u32,
    pub severity: Severity,
    pub title_ja: String,
    pub title_en: String,
    /// What to do (the timeline's advice on the fire date).
    pub body_ja: String,
    pub body_en: String,
}

fn kind_ja(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::RenewalOpens => "電子証明書の更新受付開始",
        DeadlineKind::CertificateExpiry => "電子証明書の有効期限",
        DeadlineKind::GraceWarn => "猶予の注意日",
        DeadlineKind::GraceEnd => "猶予期間の終了",
        DeadlineKind::CardExpiry => "カードの有効期限",
        DeadlineKind::PhoneCertificateExpiry => "スマホ用電子証明書の有効期限",
        DeadlineKind::KakuninExpiry => "資格確認書の有効期限",
        DeadlineKind::SnapshotStale => "資格情報画面の更新",
    }
}

fn kind_en(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::RenewalOpens => "certificate renewal opens",
        DeadlineKind::CertificateExpiry => "certificate expiry",
        DeadlineKind::GraceWarn => "grace period warning",
        DeadlineKind::GraceEnd => "end of the grace period",
        DeadlineKind::CardExpiry => "card expiry",
        DeadlineKind::PhoneCertificateExpiry => "smartphone certificate expiry",
        DeadlineKind::KakuninExpiry => "資格確認書 expiry",
        DeadlineKind::SnapshotStale => "refresh the qualification screen",
    }
}

/// The deadline's name in both languages (calendar summaries, notifications).
pub fn kind_label(kind: DeadlineKind) -> (&'static str, &'static str) {
    (kind_ja(kind), kind_en(kind))
}

/// A stored qualification screen counts as stale 12 months after its as-of date.
pub const SNAPSHOT_STALE_MONTHS: i32 = 12;

/// The "refresh it from Mynaportal" reminder of a member's newest document: 12 months after its
/// as-of (or import) date, or at once when it predates the member's latest qualification date.
pub fn snapshot_reminder(m: &Member, newest: &DocumentMeta) -> Reminder {
    let as_of = newest.as_of.unwrap_or(newest.imported);
    let predates = m.acquired.is_some_and(|a| as_of < a);
    let deadline = if predates {
        m.acquired.unwrap_or(as_of)
    } else {
        crate::calendar::add_months(as_of, SNAPSHOT_STALE_MONTHS)
    };
    let when_ja = crate::era::format_display(as_of);
    let (body_ja, body_en) = if predates {
        (
            format!("保存している資格情報画面（{when_ja}時点）は、資格取得日より前のものです。マイナポータルから新しい資格情報画面を保存してください"),
            format!("The stored qualification screen (as of {as_of}) predates the latest qualification date: save a new one from Mynaportal"),
        )
    } else {
        (
            format!("保存している資格情報画面（{when_ja}時点）が1年以上前のものになりました。マイナポータルから新しい資格情報画面を保存してください"),
            format!("The stored qualification screen (as of {as_of}) is over a year old: save a new one from Mynaportal"),
        )
    };
    Reminder {
        key: format!("{}:SnapshotStale:{}:{}", m.id, newest.id, deadline),
        member_id: m.id.clone(),
        member_name: m.name.clone(),
        kind: DeadlineKind::SnapshotStale,
        deadline,
        fires: deadline,
        lead_days: 0,
        severity: Severity::Soon,
        title_ja: format!("{}さん: 資格情報画面を新しくしてください", m.name),
        title_en: format!("{}: refresh the qualification screen", m.name),
        body_ja,
        body_en,
    }
}

/// Every reminder of every member, past and future, sorted by fire date. `documents` are the
/// vault's documents (for the stale-screen reminder; the newest per member counts).
pub fn schedule_with_documents(
    members: &[Member],
    documents: &[DocumentMeta],
    settings: &ReminderSettings,
) -> Result<Vec<Reminder>> {
    let mut out = schedule(members, settings)?;
    for m in members {
        // `all_documents` is newest first.
        if let Some(newest) = documents.iter().find(|d| d.member_id == m.id) {
            out.push(snapshot_reminder(m, newest));
        }
    }
    out.sort_by(|a, b| (a.fires, &a.key).cmp(&(b.fires, &b.key)));
    Ok(out)
}

/// One member's card deadlines. A member with no マイナ保険証 dates may still hold a
/// 資格確認書, whose expiry is then the only deadline.
pub(crate) struct CardDeadlines<'a> {
    member: &'a Member,
    dates: Option<CardDates>,
}

impl<'a> CardDeadlines<'a> {
    pub(crate) fn of(member: &'a Member) -> Result<CardDeadlines<'a>> {
        let inputs = member.card_inputs();
        let dates = if inputs.issued.is_some() || inputs.cert_expiry.is_some() {
            Some(rules::compute(&inputs)?)
        } else {
            None
        };
        Ok(CardDeadlines { member, dates })
    }

    /// The deadlines' kinds and dates (these do not depend on the day).
    pub(crate) fn all(&self) -> Vec<(DeadlineKind, NaiveDate)> {
        match &self.dates {
            Some(dates) => timeline::timeline(dates, dates.certificate_expiry)
                .deadlines
                .into_iter()
                .map(|d| (d.kind, d.date))
                .collect(),
            None => self
                .member
                .kakunin_expiry
                .map(|k| (DeadlineKind::KakuninExpiry, k))
                .into_iter()
                .collect(),
        }
    }

    /// A deadline as it reads on `day` (its severity and advice).
    pub(crate) fn on(&self, kind: DeadlineKind, day: NaiveDate) -> Option<Deadline> {
        match &self.dates {
            Some(dates) => timeline::timeline(dates, day)
                .deadlines
                .into_iter()
                .find(|x| x.kind == kind),
            None => self
                .member
                .kakunin_expiry
                .filter(|_| kind == DeadlineKind::KakuninExpiry)
                .map(|k| timeline::kakunin_deadline(k, day)),
        }
    }
}

/// Every reminder of every member's card, past and future, sorted by fire date.
pub fn schedule(members: &[Member], settings: &ReminderSettings) -> Result<Vec<Reminder>> {
    let mut out = Vec::new();
    for m in members {
        let card = CardDeadlines::of(m)?;
        for (kind, date) in card.all() {
            let Some(leads) = settings.leads.get(&kind) else {
                continue;
            };
            for &lead in leads {
                let Some(fires) = date.checked_sub_days(Days::new(u64::from(lead))) else {
                    continue;
                };
                // The advice as it reads on the fire date.
                let Some(at) = card.on(kind, fires) else {
                    continue;
                };
                let (title_ja, title_en) = title(&m.name, kind, i64::from(lead));
                out.push(Reminder {
                    key: format!("{}:{kind:?}:{date}:{lead}", m.id),
                    member_id: m.id.clone(),
                    member_name: m.name.clone(),
                    kind,
                    deadline: date,
                    fires,
                    lead_days: lead,
                    severity: at.severity,
                    title_ja,
                    title_en,
                    body_ja: at.message_ja,
                    body_en: at.message_en,
                });
            }
        }
    }
    out.sort_by(|a, b| (a.fires, &a.key).cmp(&(b.fires, &b.key)));
    Ok(out)
}

/// A reminder's title `days_left` days before its deadline (negative: after it).
fn title(name: &str, kind: DeadlineKind, days_left: i64) -> (String, String) {
    let (ja, en) = (kind_ja(kind), kind_en(kind));
    match days_left {
        0 => (
            format!("{name}さん: 今日は{ja}です"),
            format!("{name}: {en} today"),
        ),
        n if n > 0 => (
            format!("{name}さん: {ja}まであと{n}日"),
            format!("{name}: {en} in {n} days"),
        ),
        n => (
            format!("{name}さん: {ja}から{}日過ぎました", -n),
            format!("{name}: {en} was {} days ago", -n),
        ),
    }
}

/// A reminder shown later than it fired (the app was closed) reads as of `today`: "expired 3
/// days ago", not "7 days left". The stale-screen reminder's text does not change with the day.
fn as_of_today(r: Reminder, members: &[Member], today: NaiveDate) -> Result<Reminder> {
    if r.fires >= today || r.kind == DeadlineKind::SnapshotStale {
        return Ok(r);
    }
    let Some(m) = members.iter().find(|m| m.id == r.member_id) else {
        return Ok(r);
    };
    let Some(at) = CardDeadlines::of(m)?.on(r.kind, today) else {
        return Ok(r);
    };
    let (title_ja, title_en) = title(&m.name, r.kind, (r.deadline - today).num_days());
    Ok(Reminder {
        severity: at.severity,
        title_ja,
        title_en,
        body_ja: at.message_ja,
        body_en: at.message_en,
        ..r
    })
}

/// What is due on `today`: fired, not delivered, and the newest of its deadline. Sorted by
/// severity (most serious first), then date.
pub fn due(all: &[Reminder], today: NaiveDate, delivered: &BTreeSet<String>) -> Vec<Reminder> {
    // The newest fired reminder of each deadline.
    let mut newest: BTreeMap<(String, DeadlineKind, NaiveDate), &Reminder> = BTreeMap::new();
    for r in all.iter().filter(|r| r.fires <= today) {
        let slot = newest
            .entry((r.member_id.clone(), r.kind, r.deadline))
            .or_insert(r);
        if r.fires > slot.fires {
            *slot = r;
        }
    }
    let mut out: Vec<Reminder> = newest
        .into_values()
        .filter(|r| !delivered.contains(&r.key))
        // Older reminders of a deadline whose newest one was delivered stay quiet too.
        .cloned()
        .collect();
    most_serious_first(&mut out);
    out
}

fn most_serious_first(reminders: &mut [Reminder]) {
    reminders.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.deadline.cmp(&b.deadline))
            .then(a.key.cmp(&b.key))
    });
}

/// The keys to record once `due` reminders are shown: the shown ones and every older reminder
/// of the same deadlines (so they never fire later).
pub fn delivered_keys(all: &[Reminder], shown: &[Reminder]) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for s in shown {
        for r in all.iter().filter(|r| {
            r.member_id == s.member_id
                && r.kind == s.kind
                && r.deadline == s.deadline
                && r.fires <= s.fires
        }) {
            keys.insert(r.key.clone());
        }
    }
    keys
}

/// The vault's reminders on `today`: all of them, and those due (not yet delivered).
pub struct Pending {
    pub all: Vec<Reminder>,
    pub due: Vec<Reminder>,
}

/// Reads the members, the settings and the delivered reminders from the vault.
pub fn pending(vault: &Vault, today: NaiveDate) -> Result<Pending> {
    let mut state = vault.wallet_state()?;
    // Reminders delivered while the app was locked (the app lock on only).
    state
        .delivered_reminders
        .extend(vault.delivered_while_locked());
    let members = vault.list_members()?;
    pending_of(
        &members,
        &vault.all_documents()?,
        &state.reminder_settings,
        &state.delivered_reminders,
        today,
    )
}

/// What is due while the app is locked: from `reminders.bin`, which the keyring alone opens.
pub fn pending_locked(vault: &crate::vault::LockedVault, today: NaiveDate) -> Result<Pending> {
    let view = vault.reminders()?;
    pending_of(
        &view.members,
        &view.documents,
        &view.settings,
        &view.delivered,
        today,
    )
}

/// Records `pending.due` as delivered while the app is locked.
pub fn acknowledge_locked(vault: &crate::vault::LockedVault, pending: &Pending) -> Result<()> {
    vault.record_delivered(delivered_keys(&pending.all, &pending.due))
}

fn pending_of(
    members: &[Member],
    documents: &[DocumentMeta],
    settings: &ReminderSettings,
    delivered: &BTreeSet<String>,
    today: NaiveDate,
) -> Result<Pending> {
    let all = schedule_with_documents(members, documents, settings)?;
    let mut due = due(&all, today, delivered)
        .into_iter()
        .map(|r| as_of_today(r, members, today))
        .collect::<Result<Vec<_>>>()?;
    most_serious_first(&mut due);
    Ok(Pending { all, due })
}

/// Records `pending.due` as delivered: each fires once.
pub fn acknowledge(vault: &Vault, pending: &Pending) -> Result<()> {
    vault.record_delivered(delivered_keys(&pending.all, &pending.due))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Relation;

    #[test]
    fn settings_are_stored_sorted_without_duplicates_and_bounded() {
        let mut s = ReminderSettings::default();
        s.leads
            .insert(DeadlineKind::CertificateExpiry, vec![0, 30, 7, 30]);
        s.leads.insert(DeadlineKind::GraceEnd, vec![]);
        s.leads.insert(DeadlineKind::SnapshotStale, vec![3]);
        let c = s.checked().unwrap();
        assert_eq!(c.leads[&DeadlineKind::CertificateExpiry], vec![30, 7, 0]);
        assert_eq!(c.leads[&DeadlineKind::GraceEnd], Vec::<u32>::new());
        assert!(!c.leads.contains_key(&DeadlineKind::SnapshotStale));
        assert_eq!(
            ReminderSettings::default().checked().unwrap(),
            ReminderSettings::default()
        );

        let mut s = ReminderSettings::default();
        s.leads.insert(DeadlineKind::CardExpiry, vec![366]);
        let e = s.checked().unwrap_err();
        assert_eq!(e.kind(), "invalid_input");
        assert!(e.message_ja().contains("カードの有効期限"), "{e}");
        let mut s = ReminderSettings::default();
        s.leads
            .insert(DeadlineKind::CardExpiry, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(s.checked().unwrap_err().kind(), "invalid_input");
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn member(id: &str, cert_expiry: &str) -> Member {
        Member {
            id: id.into(),
            name: "協会 花子".into(),
            relation: Relation::Dependent,
            birth: d("1967-03-15"),
            cert_expiry: Some(d(cert_expiry)),
            ..Member::default()
        }
    }

    /// Walks day by day, delivering what is due; returns (day, key) in order.
    fn walk(members: &[Member], from: &str, days: u64) -> Vec<(NaiveDate, Reminder)> {
        let all = schedule(members, &ReminderSettings::default()).unwrap();
        let mut delivered = BTreeSet::new();
        let mut fired = Vec::new();
        let start = d(from);
        for i in 0..days {
            let today = start + Days::new(i);
            let now = due(&all, today, &delivered);
            delivered.extend(delivered_keys(&all, &now));
            fired.extend(now.into_iter().map(|r| (today, r)));
        }
        fired
    }

    #[test]
    fn each_reminder_fires_on_its_day_once() {
        let m = member("a", "2027-03-15");
        let fired = walk(&[m], "2026-01-01", 730);
        let days: Vec<(String, NaiveDate)> = fired
            .iter()
            .map(|(day, r)| (format!("{:?}/{}", r.kind, r.lead_days), *day))
            .collect();
        let expect = [
            ("RenewalOpens/0", "2026-12-16"),
            ("CertificateExpiry/30", "2027-02-13"),
            ("CertificateExpiry/7", "2027-03-08"),
            ("CertificateExpiry/0", "2027-03-15"),
            ("GraceWarn/0", "2027-06-15"),
            ("GraceEnd/14", "2027-06-16"),
            ("GraceEnd/0", "2027-06-30"),
        ];
        for (what, day) in expect {
            assert!(
                days.contains(&(what.to_string(), d(day))),
                "{what} on {day}: {days:?}"
            );
        }
        assert_eq!(days.len(), expect.len(), "exactly once each: {days:?}");
        for (day, r) in &fired {
            assert_eq!(r.fires, *day);
        }
    }

    #[test]
    fn missed_reminders_come_as_one_per_deadline() {
        let m = member("a", "2027-03-15");
        let all = schedule(&[m], &ReminderSettings::default()).unwrap();
        // Closed from before the 30-day warning until after the expiry.
        let now = due(&all, d("2027-03-20"), &BTreeSet::new());
        let kinds: Vec<_> = now.iter().map(|r| (r.kind, r.lead_days)).collect();
        assert_eq!(
            kinds,
            vec![
                (DeadlineKind::CertificateExpiry, 0),
                (DeadlineKind::RenewalOpens, 0)
            ],
            "one per deadline, the most serious first"
        );
        let delivered = delivered_keys(&all, &now);
        assert!(due(&all, d("2027-03-21"), &delivered).is_empty());
    }

    #[test]
    fn a_handled_deadline_is_not_reminded() {
        let old = member("a", "2027-03-15");
        let all = schedule(std::slice::from_ref(&old), &ReminderSettings::default()).unwrap();
        let mut delivered = BTreeSet::new();
        let now = due(&all, d("2027-02-13"), &delivered);
        assert_eq!(now.len(), 2, "renewal open, 30 days left");
        delivered.extend(delivered_keys(&all, &now));
        // The member renews: the new certificate expires five years later.
        let renewed = member("a", "2032-03-15");
        let fired = {
            let all = schedule(&[renewed], &ReminderSettings::default()).unwrap();
            let mut out = Vec::new();
            for i in 0..365 {
                let today = d("2027-02-14") + Days::new(i);
                let now = due(&all, today, &delivered);
                delivered.extend(delivered_keys(&all, &now));
                out.extend(now);
            }
            out
        };
        assert!(
            fired.iter().all(|r| r.deadline > d("2031-01-01")),
            "nothing about the old certificate: {fired:?}"
        );
    }

    fn doc(as_of: &str) -> DocumentMeta {
        DocumentMeta {
            id: "d1".into(),
            member_id: "a".into(),
            kind: crate::vault::DocumentKind::Pdf,
            original_mime: "application/pdf".into(),
            display_mime: "image/jpeg".into(),
            thumbnail_mime: "image/jpeg".into(),
            pages: 1,
            width: 1,
            height: 1,
            thumb_width: 1,
            thumb_height: 1,
            as_of: Some(d(as_of)),
            imported: d(as_of),
            insurer_number: None,
            original_len: 1,
        }
    }

    #[test]
    fn stale_screen_after_a_year_or_before_the_qualification_date() {
        let mut m = member("a", "2030-03-15");
        let all = schedule_with_documents(&[m.clone()], &[doc("2024-06-07")], &Default::default())
            .unwrap();
        let stale: Vec<_> = all
            .iter()
            .filter(|r| r.kind == DeadlineKind::SnapshotStale)
            .collect();
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].fires, d("2025-06-07"));
        assert!(
            stale[0].body_ja.contains("令和6年（2024年）6月7日時点"),
            "{}",
            stale[0].body_ja
        );
        assert!(due(&all, d("2025-06-06"), &BTreeSet::new())
            .iter()
            .all(|r| r.kind != DeadlineKind::SnapshotStale));
        assert!(due(&all, d("2025-06-07"), &BTreeSet::new())
            .iter()
            .any(|r| r.kind == DeadlineKind::SnapshotStale));
        // A new qualification (e.g. a new job) after the screen's date: stale at once.
        m.acquired = Some(d("2024-10-01"));
        let all = schedule_with_documents(&[m], &[doc("2024-06-07")], &Default::default()).unwrap();
        let r = all
            .iter()
            .find(|r| r.kind == DeadlineKind::SnapshotStale)
            .unwrap();
        assert_eq!(r.fires, d("2024-10-01"));
        assert!(r.body_ja.contains("資格取得日より前"));
    }

    #[test]
    fn texts() {
        let m = member("a", "2027-03-15");
        let all = schedule(&[m], &ReminderSettings::default()).unwrap();
        let r = all
            .iter()
            .find(|r| r.kind == DeadlineKind::CertificateExpiry && r.lead_days == 30)
            .unwrap();
        assert_eq!(
            r.title_ja,
            "協会 花子さん: 電子証明書の有効期限まであと30日"
        );
        assert!(r.body_ja.contains("更新"), "{}", r.body_ja);
        let grace = all
            .iter()
            .find(|r| r.kind == DeadlineKind::GraceEnd && r.lead_days == 0)
            .unwrap();
        assert!(grace.body_ja.contains("資格確認書"), "{}", grace.body_ja);
    }
}

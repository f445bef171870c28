//! Calendar export (RFC 5545): one all-day event per deadline per member, with alarms at the
//! reminder lead times. UIDs are stable per member and deadline kind, so importing a newer
//! export updates the events instead of duplicating them. Only the name and the deadline go
//! in: no insurer numbers, symbols or birth dates.

use chrono::{DateTime, NaiveDate, Utc};

use crate::reminders::{kind_label, CardDeadlines, ReminderSettings};
use crate::vault::Member;
use crate::Result;

/// Escapes a TEXT value (§3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (§3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The alarm trigger for `lead` days before an all-day event: 9:00 that day.
fn trigger(lead: u32) -> String {
    if lead == 0 {
        "PT9H".into()
    } else {
        format!("-P{}DT15H", lead - 1)
    }
}

/// The calendar of everyone in `vault`, with alarms at the vault's reminder lead times.
pub fn export_vault(vault: &crate::vault::Vault, now: DateTime<Utc>) -> Result<String> {
    let settings = vault.wallet_state()?.reminder_settings;
    export(&vault.list_members()?, &settings, now)
}

/// Writes the calendar of everyone in `vault` to `path`, atomically (a reader sees the old
/// file or the new one, never a mix).
pub fn write_vault(
    vault: &crate::vault::Vault,
    path: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<()> {
    let ics = export_vault(vault, now)?;
    crate::vault::atomic_write(path, ics.as_bytes())
}

/// The calendar while the app lock is on: from the names and dates in `reminders.bin`, which
/// the keyring alone opens. Written atomically like [`write_vault`].
pub fn write_locked(
    vault: &crate::vault::LockedVault,
    path: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<()> {
    let view = vault.reminders()?;
    let ics = export(&view.members, &view.settings, now)?;
    crate::vault::atomic_write(path, ics.as_bytes())
}

/// The calendar for `members`; `now` stamps the events (DTSTAMP, SEQUENCE).
pub fn export(
    members: &[Member],
    settings: &ReminderSettings,
    now: DateTime<Utc>,
) -> Result<String> {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Hoken Wallet//保険ウォレット//JA".into(),
        "CALSCALE:GREGORIAN".into(),
        "X-WR-CALNAME:保険ウォレット（マイナ保険証の期限）".into(),
    ];
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    // Later exports carry a higher sequence, so calendars take their dates.
    let sequence = (now.timestamp() - 1_700_000_000).max(0) / 60;
    for m in members {
        let card = CardDeadlines::of(m)?;
        for (kind, day) in card.all() {
            // The advice as it reads a month before: what to do about it.
            let before = day.checked_sub_days(chrono::Days::new(30)).unwrap_or(day);
            let advice = card
                .on(kind, before)
                .map(|x| x.message_ja)
                .unwrap_or_default();
            let (ja, _) = kind_label(kind);
            let kind_id = serde_json::to_value(kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:{}-{kind_id}@hoken-wallet", m.id));
            lines.push(format!("DTSTAMP:{stamp}"));
            lines.push(format!("SEQUENCE:{sequence}"));
            lines.push(format!("DTSTART;VALUE=DATE:{}", date(day)));
            lines.push(format!(
                "DTEND;VALUE=DATE:{}",
                date(day.succ_opt().unwrap_or(day))
            ));
            lines.push(format!(
                "SUMMARY:{}",
                escape(&format!("{}さん: {ja}", m.name))
            ));
            lines.push(format!("DESCRIPTION:{}", escape(&advice)));
            lines.push("TRANSP:TRANSPARENT".into());
            for &lead in settings.leads.get(&kind).map(Vec::as_slice).unwrap_or(&[]) {
                lines.push("BEGIN:VALARM".into());
                lines.push("ACTION:DISPLAY".into());
                lines.push(format!("TRIGGER:{}", trigger(lead)));
                let when = if lead == 0 {
                    "今日".to_string()
                } else {
                    format!("あと{lead}日")
                };
                lines.push(format!(
                    "DESCRIPTION:{}",
                    escape(&format!("{}さん: {ja}（{when}）", m.name))
                ));
                lines.push("END:VALARM".into());
            }
            lines.push("END:VEVENT".into());
        }
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in &lines {
        fold(l, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Relation;

    fn member() -> Member {
        Member {
            id: "0123456789abcdef".into(),
            name: "協会 花子, ほか".into(),
            relation: Relation::Dependent,
            birth: NaiveDate::from_ymd_opt(1967, 3, 15).unwrap(),
            cert_expiry: NaiveDate::from_ymd_opt(2027, 3, 15),
            insurer_number: Some("01010016".into()),
            symbol: Some("1010101".into()),
            ..Member::default()
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000, 0).unwrap()
    }

    #[test]
    fn lines_are_folded_and_crlf() {
        let ics = export(&[member()], &ReminderSettings::default(), now()).unwrap();
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
            assert!(!line.contains('\n'));
        }
        assert!(!ics.contains("01010016") && !ics.contains("1010101") && !ics.contains("1967"));
    }

    #[test]
    fn parses_with_an_independent_parser() {
        let ics = export(&[member()], &ReminderSettings::default(), now()).unwrap();
        let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
        let cal = parser.next().expect("a calendar").expect("parses");
        let prop = |props: &[ical::property::Property], name: &str| -> String {
            props
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        };
        let events: Vec<_> = cal.events.iter().collect();
        assert_eq!(events.len(), 4, "renewal, expiry, grace warn, grace end");
        let expiry = events
            .iter()
            .find(|e| {
                prop(&e.properties, "UID") == "0123456789abcdef-certificate_expiry@hoken-wallet"
            })
            .expect("the expiry event");
        assert_eq!(prop(&expiry.properties, "DTSTART"), "20270315");
        assert_eq!(prop(&expiry.properties, "DTEND"), "20270316");
        assert_eq!(
            prop(&expiry.properties, "SUMMARY"),
            "協会 花子\\, ほかさん: 電子証明書の有効期限"
        );
        let triggers: Vec<String> = expiry
            .alarms
            .iter()
            .map(|a| prop(&a.properties, "TRIGGER"))
            .collect();
        assert_eq!(triggers, ["-P29DT15H", "-P6DT15H", "PT9H"]);
        let grace = events
            .iter()
            .find(|e| prop(&e.properties, "UID").ends_with("-grace_end@hoken-wallet"))
            .expect("grace end");
        assert_eq!(prop(&grace.properties, "DTSTART"), "20270630");
    }

    #[test]
    fn a_kakunin_holder_gets_its_expiry() {
        let m = Member {
            id: "00000000000000aa".into(),
            name: "協会 ウメ".into(),
            birth: NaiveDate::from_ymd_opt(1940, 5, 5).unwrap(),
            kakunin_expiry: NaiveDate::from_ymd_opt(2027, 7, 31),
            ..Member::default()
        };
        let ics = export(&[m], &ReminderSettings::default(), now()).unwrap();
        assert!(
            ics.contains("UID:00000000000000aa-kakunin_expiry@hoken-wallet"),
            "{ics}"
        );
        assert!(ics.contains("DTSTART;VALUE=DATE:20270731"));
        assert!(ics.contains("TRIGGER:-P29DT15H"));
    }

    #[test]
    fn uids_are_stable_across_exports() {
        let a = export(&[member()], &ReminderSettings::default(), now()).unwrap();
        let mut renewed = member();
        renewed.cert_expiry = NaiveDate::from_ymd_opt(2032, 3, 15);
        let later = now() + chrono::Duration::days(10);
        let b = export(&[renewed], &ReminderSettings::default(), later).unwrap();
        let uids = |s: &str| -> Vec<String> {
            s.split("\r\n")
                .filter(|l| l.starts_with("UID:"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(uids(&a), uids(&b));
        assert!(b.contains("DTSTART;VALUE=DATE:20320315"));
        let seq = |s: &str| -> i64 {
            s.split("\r\n")
                .find_map(|l| l.strip_prefix("SEQUENCE:"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(-1)
        };
        assert!(seq(&b) > seq(&a));
    }
}

//! Time travel (issue #6): a family of three in a real vault on disk, walked day by day over two
//! years as the app would see it at each launch (`pending`, then `acknowledge`, the vault
//! reopened every day). Every reminder fires on its day, exactly once; a closed app gets one
//! summary per deadline; a deadline the user has handled (a renewed certificate entered) is
//! never reminded again.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use hoken_core::reminders::{acknowledge, pending};
use hoken_core::timeline::DeadlineKind;
use hoken_core::vault::{KdfParams, Member, MemoryKeyStore, Relation, Vault};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

struct Family {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    keys: MemoryKeyStore,
    taro: String,
    hanako: String,
    grandma: String,
}

/// 太郎: certificate 2027-03-15, card body 2027-09-30, smartphone certificate 2027-01-31.
/// 花子: certificate 2031-06-30 (nothing due within the two years).
/// 祖母: no マイナ保険証, a 資格確認書 that expires 2027-07-31.
fn family() -> Family {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vault");
    let keys = MemoryKeyStore::new();
    let (v, _code) =
        Vault::create_with_params(&path, &keys, KdfParams::insecure_for_tests()).expect("vault");
    let add = |name: &str, relation, birth: &str, f: &dyn Fn(&mut Member)| {
        let mut m = Member {
            name: name.into(),
            relation,
            birth: d(birth),
            ..Member::default()
        };
        f(&mut m);
        v.add_member(m).expect("member")
    };
    let taro = add("協会 太郎", Relation::Insured, "1965-10-01", &|m| {
        m.cert_expiry = Some(d("2027-03-15"));
        m.card_expiry = Some(d("2027-09-30"));
        m.phone_cert_expiry = Some(d("2027-01-31"));
    });
    let hanako = add("協会 花子", Relation::Dependent, "1967-03-15", &|m| {
        m.cert_expiry = Some(d("2031-06-30"));
    });
    let grandma = add("協会 ウメ", Relation::Dependent, "1940-05-05", &|m| {
        m.kakunin_expiry = Some(d("2027-07-31"));
    });
    Family {
        _dir: dir,
        path,
        keys,
        taro,
        hanako,
        grandma,
    }
}

type Fired = Vec<(NaiveDate, String, DeadlineKind, u32)>;

/// What the user saw: (day, title) of each notification.
type Seen = Vec<(NaiveDate, String)>;

/// Launches the app on each day of `days` from `from` that `open(day)` allows; `on_day` may
/// change the vault before the check (the user editing a member).
fn walk(
    f: &Family,
    from: &str,
    days: u64,
    open: impl Fn(NaiveDate) -> bool,
    on_day: impl Fn(NaiveDate, &Vault),
) -> Fired {
    walk_seen(f, from, days, open, on_day).0
}

fn walk_seen(
    f: &Family,
    from: &str,
    days: u64,
    open: impl Fn(NaiveDate) -> bool,
    on_day: impl Fn(NaiveDate, &Vault),
) -> (Fired, Seen) {
    let mut fired = Vec::new();
    let mut seen = Vec::new();
    for i in 0..days {
        let today = d(from) + Days::new(i);
        if !open(today) {
            continue;
        }
        let v = Vault::open(&f.path, &f.keys).expect("open");
        on_day(today, &v);
        let p = pending(&v, today).expect("pending");
        for r in &p.due {
            fired.push((today, r.member_id.clone(), r.kind, r.lead_days));
            seen.push((today, r.title_ja.clone()));
        }
        acknowledge(&v, &p).expect("acknowledge");
    }
    (fired, seen)
}

#[test]
fn every_reminder_fires_on_its_day_exactly_once() {
    let f = family();
    let fired = walk(&f, "2026-06-01", 730, |_| true, |_, _| {});
    use DeadlineKind::*;
    let expect = [
        ("2026-12-16", &f.taro, RenewalOpens, 0),
        ("2027-01-01", &f.taro, PhoneCertificateExpiry, 30),
        ("2027-01-24", &f.taro, PhoneCertificateExpiry, 7),
        ("2027-02-13", &f.taro, CertificateExpiry, 30),
        ("2027-03-08", &f.taro, CertificateExpiry, 7),
        ("2027-03-15", &f.taro, CertificateExpiry, 0),
        ("2027-06-15", &f.taro, GraceWarn, 0),
        ("2027-06-16", &f.taro, GraceEnd, 14),
        ("2027-06-30", &f.taro, GraceEnd, 0),
        ("2027-07-01", &f.grandma, KakuninExpiry, 30),
        ("2027-07-02", &f.taro, CardExpiry, 90),
        ("2027-08-31", &f.taro, CardExpiry, 30),
    ];
    let expect: Fired = expect
        .iter()
        .map(|(day, id, kind, lead)| (d(day), (*id).clone(), *kind, *lead))
        .collect();
    assert_eq!(fired, expect);
    assert!(fired.iter().all(|(_, id, _, _)| *id != f.hanako));
}

#[test]
fn a_closed_app_gets_one_summary_per_deadline_at_the_next_launch() {
    let f = family();
    // Closed from 2027-01-20 to 2027-03-19: the smartphone's 7-day warning, the 30- and 7-day
    // certificate warnings and the expiry day all passed unseen.
    let closed = |day: NaiveDate| day >= d("2027-01-20") && day < d("2027-03-20");
    let (fired, seen) = walk_seen(&f, "2026-12-01", 120, |day| !closed(day), |_, _| {});
    let on_return: Vec<_> = fired
        .iter()
        .filter(|(day, ..)| *day == d("2027-03-20"))
        .map(|(_, _, kind, lead)| (*kind, *lead))
        .collect();
    assert_eq!(
        on_return,
        vec![
            (DeadlineKind::PhoneCertificateExpiry, 7),
            (DeadlineKind::CertificateExpiry, 0),
        ],
        "the newest reminder of each deadline, the most serious first: {fired:?}"
    );
    // Read on the day they are shown, not on the day they fired.
    let titles: Vec<_> = seen
        .iter()
        .filter(|(day, _)| *day == d("2027-03-20"))
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        titles,
        vec![
            "協会 太郎さん: スマホ用電子証明書の有効期限から48日過ぎました",
            "協会 太郎さん: 電子証明書の有効期限から5日過ぎました",
        ]
    );
    let mut per_deadline: BTreeMap<(DeadlineKind, u32), usize> = BTreeMap::new();
    for (_, _, kind, lead) in &fired {
        *per_deadline.entry((*kind, *lead)).or_default() += 1;
    }
    assert!(per_deadline.values().all(|n| *n == 1), "{fired:?}");
    assert!(!per_deadline.contains_key(&(DeadlineKind::CertificateExpiry, 30)));
    assert!(!per_deadline.contains_key(&(DeadlineKind::CertificateExpiry, 7)));
}

#[test]
fn a_renewed_certificate_silences_the_old_deadlines() {
    let f = family();
    // On 2027-02-20 太郎 renews at the municipal office and enters the new expiry.
    let fired = walk(
        &f,
        "2026-06-01",
        730,
        |_| true,
        |today, v| {
            if today == d("2027-02-20") {
                let mut taro = v.get_member(&f.taro).expect("taro");
                taro.cert_expiry = Some(d("2032-03-15"));
                taro.card_expiry = Some(d("2036-10-01"));
                v.update_member(taro).expect("update");
            }
        },
    );
    let after: Vec<_> = fired
        .iter()
        .filter(|(day, id, ..)| *day >= d("2027-02-20") && *id == f.taro)
        .collect();
    assert!(after.is_empty(), "nothing about the old card: {after:?}");
    // The grandmother's 資格確認書 is still reminded.
    assert!(fired.iter().any(|(day, id, kind, _)| *id == f.grandma
        && *kind == DeadlineKind::KakuninExpiry
        && *day == d("2027-07-01")));
}

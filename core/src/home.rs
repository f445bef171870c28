//! What the home screen shows, in one answer: the family's status and each member's newest
//! document's thumbnail inline, as a `data:` URL.
//!
//! Inline because home is the screen every launch waits for: an `<img>` per card through the
//! `hoken:` scheme costs a request each from the web view and took ~100 ms for three cards
//! (bench/startup), while a thumbnail is a few KB. The images stay in memory, like the ones
//! the scheme serves with `no-store`; larger parts (the display image, the original) still go
//! through the scheme.

use std::collections::BTreeMap;

use base64::Engine;
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::family::{self, FamilyStatus};
use crate::vault::session::{VaultState, VaultStatus};
use crate::vault::{DocumentMeta, DocumentPart, Vault};
use crate::Result;

/// A thumbnail larger than this (none that the importer makes) is left to the `hoken:` scheme.
pub const MAX_INLINE_THUMBNAIL: usize = 256 * 1024;

/// The image types a thumbnail may be inlined as.
const INLINE_MIMES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HomeScreen {
    pub family: FamilyStatus,
    /// Document id → `data:image/…;base64,…` for each member's newest document. A document
    /// missing here (its thumbnail unreadable or too large) is shown through `hoken:`.
    pub thumbnails: BTreeMap<String, String>,
    /// The recovery code is still waiting to be written down (a banner asks for it).
    pub recovery_pending: bool,
}

/// The app's first answer: the vault's state and, when it is open, the home screen.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Launch {
    pub vault: VaultStatus,
    pub home: Option<HomeScreen>,
}

impl Launch {
    /// `home` is asked for only when the vault is open.
    pub fn new<E>(
        vault: VaultStatus,
        home: impl FnOnce() -> std::result::Result<HomeScreen, E>,
    ) -> std::result::Result<Launch, E> {
        let home = match vault.state {
            VaultState::Open => Some(home()?),
            VaultState::NoVault | VaultState::Locked | VaultState::PinLocked => None,
        };
        Ok(Launch { vault, home })
    }
}

/// The home screen of the family on `today`.
pub fn home_screen(vault: &Vault, today: NaiveDate) -> Result<HomeScreen> {
    let family = family::family_status_of(vault, today)?;
    let thumbnails = family
        .members
        .iter()
        .filter_map(|m| m.document.as_ref())
        .filter_map(|doc| Some((doc.id.clone(), inline_thumbnail(vault, doc)?)))
        .collect();
    let recovery_pending = vault.pending_recovery_code()?.is_some();
    Ok(HomeScreen {
        family,
        thumbnails,
        recovery_pending,
    })
}

/// The thumbnail as a `data:` URL; None when it cannot be read (home still shows the family;
/// the card's image then fails on its own) or should not be inlined.
fn inline_thumbnail(vault: &Vault, doc: &DocumentMeta) -> Option<String> {
    let mime = INLINE_MIMES
        .into_iter()
        .find(|m| *m == doc.thumbnail_mime)?;
    let (bytes, _) = vault.part_of(doc, DocumentPart::Thumbnail).ok()?;
    if bytes.len() > MAX_INLINE_THUMBNAIL {
        return None;
    }
    let mut url = String::with_capacity(24 + bytes.len().div_ceil(3) * 4);
    url.push_str("data:");
    url.push_str(mime);
    url.push_str(";base64,");
    base64::engine::general_purpose::STANDARD.encode_string(&bytes[..], &mut url);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::member::tests::sample;
    use crate::vault::{DocumentKind, KdfParams, MemoryKeyStore, NewDocument};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Stores a document for `member` whose thumbnail is `thumbnail`, imported the day after `as_of`.
    fn add(v: &Vault, member: &str, thumbnail: &[u8], mime: &str, as_of: &str) -> DocumentMeta {
        let as_of = d(as_of);
        let doc = NewDocument {
            kind: DocumentKind::Image,
            original: b"original",
            original_mime: "image/png",
            display: b"display",
            display_mime: "image/jpeg",
            thumbnail,
            thumbnail_mime: mime,
            pages: 1,
            width: 10,
            height: 20,
            thumb_width: 5,
            thumb_height: 10,
            as_of: Some(as_of),
            insurer_number: None,
        };
        v.add_document(member, doc, as_of.succ_opt().unwrap())
            .unwrap()
    }

    fn vault(tmp: &tempfile::TempDir) -> Vault {
        let keys = MemoryKeyStore::new();
        Vault::create_with_params(tmp.path(), &keys, KdfParams::insecure_for_tests())
            .unwrap()
            .0
    }

    fn decoded(url: &str) -> Vec<u8> {
        let b64 = url.strip_prefix("data:image/jpeg;base64,").expect(url);
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap()
    }

    #[test]
    fn each_members_newest_thumbnail_comes_inline() {
        let tmp = tempfile::tempdir().unwrap();
        let v = vault(&tmp);
        let taro = v.add_member(sample()).unwrap();
        let hanako = v.add_member(sample()).unwrap();
        let _without = v.add_member(sample()).unwrap();
        add(&v, &taro, b"old-thumb", "image/jpeg", "2024-06-07");
        let newest = add(&v, &taro, b"new-thumb", "image/jpeg", "2025-06-07");
        let hers = add(&v, &hanako, b"her-thumb", "image/jpeg", "2025-01-01");

        let home = home_screen(&v, d("2025-07-01")).unwrap();
        assert_eq!(home.family.members.len(), 3);
        assert_eq!(home.family, {
            let (m, docs) = v.members_and_documents().unwrap();
            family::family_status_with_documents(&m, &docs, d("2025-07-01")).unwrap()
        });
        assert_eq!(home.thumbnails.len(), 2, "{:?}", home.thumbnails.keys());
        assert_eq!(decoded(&home.thumbnails[&newest.id]), b"new-thumb");
        assert_eq!(decoded(&home.thumbnails[&hers.id]), b"her-thumb");
    }

    #[test]
    fn an_unreadable_odd_or_huge_thumbnail_is_left_to_the_scheme() {
        let tmp = tempfile::tempdir().unwrap();
        let v = vault(&tmp);
        let a = v.add_member(sample()).unwrap();
        let b = v.add_member(sample()).unwrap();
        let c = v.add_member(sample()).unwrap();
        let gone = add(&v, &a, b"thumb", "image/jpeg", "2025-06-07");
        let svg = add(&v, &b, b"<svg/>", "image/svg+xml", "2025-06-07");
        let big = vec![0u8; MAX_INLINE_THUMBNAIL + 1];
        let huge = add(&v, &c, &big, "image/jpeg", "2025-06-07");
        std::fs::remove_file(
            tmp.path()
                .join("items")
                .join(format!("doc-{}-thumb.bin", gone.id)),
        )
        .unwrap();

        let home = home_screen(&v, d("2025-07-01")).unwrap();
        assert_eq!(home.family.members.len(), 3, "home still shows everyone");
        for id in [&gone.id, &svg.id, &huge.id] {
            assert!(!home.thumbnails.contains_key(id));
        }
    }

    #[test]
    fn launch_asks_for_home_only_when_the_vault_is_open() {
        let status = |state| VaultStatus {
            state,
            reason: None,
        };
        let empty = || -> Result<HomeScreen> {
            Ok(HomeScreen {
                family: FamilyStatus {
                    today: d("2025-01-01"),
                    members: Vec::new(),
                    urgent: None,
                },
                thumbnails: BTreeMap::new(),
                recovery_pending: false,
            })
        };
        assert!(Launch::new(status(VaultState::Open), empty)
            .unwrap()
            .home
            .is_some());
        for state in [VaultState::NoVault, VaultState::Locked] {
            let launch = Launch::new(status(state), || -> Result<HomeScreen> {
                panic!("not asked")
            })
            .unwrap();
            assert!(launch.home.is_none());
        }
    }
}

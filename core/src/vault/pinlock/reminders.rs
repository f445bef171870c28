//! The reminders' view of a locked vault: `reminders.bin` (docs/vault-format.md §12.3).

use super::*;

pub(super) fn remove_reminders_file(dir: &Path) -> Result<()> {
    let path = dir.join(REMINDERS_FILE);
    match fs::remove_file(&path) {
        Ok(()) => crate::vault::atomic::sync_dir(dir)
            .map_err(|e| crate::vault::atomic::io_error(dir, "同期", "sync", &e)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(crate::vault::atomic::io_error(&path, "削除", "remove", &e)),
    }
}

/// What reminders need while the app is locked: names and dates, never numbers or images
/// (`reminders.bin`, docs/vault-format.md §12.3).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderView {
    /// The members with every number, insurer and kana removed.
    pub members: Vec<Member>,
    /// Each member's newest document: only its ids and dates.
    pub documents: Vec<DocumentMeta>,
    pub settings: ReminderSettings,
    pub delivered: BTreeSet<String>,
}

impl ReminderView {
    pub(super) fn of(index: &MemberIndex, state: &WalletState) -> ReminderView {
        let members = index
            .members
            .iter()
            .map(|m| Member {
                id: m.id.clone(),
                name: m.name.clone(),
                relation: m.relation,
                birth: m.birth,
                cert_issued: m.cert_issued,
                cert_expiry: m.cert_expiry,
                card_expiry: m.card_expiry,
                phone_cert_expiry: m.phone_cert_expiry,
                kakunin_expiry: m.kakunin_expiry,
                acquired: m.acquired,
                ..Member::default()
            })
            .collect::<Vec<_>>();
        let mut documents = Vec::new();
        for m in &members {
            if let Some(d) = crate::vault::documents::newest_of(&index.documents, &m.id) {
                documents.push(DocumentMeta {
                    id: d.id.clone(),
                    member_id: d.member_id.clone(),
                    kind: d.kind,
                    original_mime: String::new(),
                    display_mime: String::new(),
                    thumbnail_mime: String::new(),
                    pages: 0,
                    width: 0,
                    height: 0,
                    thumb_width: 0,
                    thumb_height: 0,
                    as_of: d.as_of,
                    imported: d.imported,
                    insurer_number: None,
                    original_len: 0,
                });
            }
        }
        ReminderView {
            members,
            documents,
            settings: state.reminder_settings.clone(),
            delivered: state.delivered_reminders.clone(),
        }
    }

    pub(super) fn read(dir: &Path, device: &SecretKey) -> Result<Option<ReminderView>> {
        let path = dir.join(REMINDERS_FILE);
        let file = path.display().to_string();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(crate::vault::atomic::io_error(
                    &path,
                    "読み込み",
                    "read",
                    &e,
                ))
            }
        };
        let key = reminders_key(device);
        let plain = crypto::open_item(&key, ItemKind::ReminderView, REMINDERS_ID, &file, &bytes)?;
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|e| Error::Damaged {
                msg: Msg::new(
                    format!("{file} の内容を読めません: {e}"),
                    format!("{file} is damaged: its content cannot be read ({e})"),
                ),
                file,
            })
    }

    pub(super) fn write(&self, dir: &Path, device: &SecretKey) -> Result<()> {
        let json = Zeroizing::new(serde_json::to_vec(self).map_err(internal)?);
        let key = reminders_key(device);
        let bytes = crypto::seal_item(&key, ItemKind::ReminderView, REMINDERS_ID, &json)?;
        atomic_write(&dir.join(REMINDERS_FILE), &bytes)
    }
}

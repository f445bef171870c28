//! Documents: each member's imported qualification screens. A document is three items —
//! the original (`doc-<id>`: the PDF as saved, or the normalised image), the display image
//! (`doc-<id>-display`) and the thumbnail (`doc-<id>-thumb`, kind 3) — and a line in the
//! member index saying whose it is and what it shows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::{random_hex, ItemKind, LockMode, MemberIndex, Vault};
use crate::{Error, Msg, Result};

/// What was imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    Pdf,
    Image,
}

/// One of a document's three stored parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DocumentPart {
    Original,
    Display,
    Thumbnail,
}

impl DocumentPart {
    pub fn parse(s: &str) -> Option<DocumentPart> {
        match s {
            "original" => Some(DocumentPart::Original),
            "display" => Some(DocumentPart::Display),
            "thumbnail" => Some(DocumentPart::Thumbnail),
            _ => None,
        }
    }
}

/// A stored document's description (kept, encrypted, in the member index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentMeta {
    pub id: String,
    pub member_id: String,
    pub kind: DocumentKind,
    pub original_mime: String,
    pub display_mime: String,
    pub thumbnail_mime: String,
    pub pages: u32,
    /// The display image's size (after orientation).
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
    /// The 時点 date printed on the screen, when known.
    pub as_of: Option<NaiveDate>,
    /// The day it was imported.
    pub imported: NaiveDate,
    /// The insurer number on the document, to notice a change of insurer.
    pub insurer_number: Option<String>,
    #[ts(type = "number")]
    pub original_len: u64,
}

/// What an import hands to the vault.
pub struct NewDocument<'a> {
    pub kind: DocumentKind,
    pub original: &'a [u8],
    pub original_mime: &'a str,
    pub display: &'a [u8],
    pub display_mime: &'a str,
    pub thumbnail: &'a [u8],
    pub thumbnail_mime: &'a str,
    pub pages: u32,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
    pub as_of: Option<NaiveDate>,
    pub insurer_number: Option<String>,
}

fn item_id(doc: &str, part: DocumentPart) -> String {
    match part {
        DocumentPart::Original => format!("doc-{doc}"),
        DocumentPart::Display => format!("doc-{doc}-display"),
        DocumentPart::Thumbnail => format!("doc-{doc}-thumb"),
    }
}

/// A document's three item ids.
pub(crate) fn part_ids(doc: &str) -> [String; 3] {
    [
        item_id(doc, DocumentPart::Original),
        item_id(doc, DocumentPart::Display),
        item_id(doc, DocumentPart::Thumbnail),
    ]
}

/// Drops a document's parts from the index (before their files are deleted).
pub(crate) fn forget_items(index: &mut MemberIndex, doc: &str) {
    if let Some(items) = index.items.as_mut() {
        for id in part_ids(doc) {
            items.remove(&id);
        }
    }
}

fn item_kind(part: DocumentPart) -> ItemKind {
    match part {
        DocumentPart::Thumbnail => ItemKind::Thumbnail,
        _ => ItemKind::Document,
    }
}

fn no_document(id: &str) -> Error {
    Error::NotFound(Msg::new(
        format!("書類 {id} は見つかりません"),
        format!("No document with id {id}"),
    ))
}

/// Newest first: by as-of date (unknown last), then import date.
fn newest_first(docs: &mut [DocumentMeta]) {
    docs.sort_by(|a, b| {
        (b.as_of.is_some(), b.as_of, b.imported, &b.id).cmp(&(
            a.as_of.is_some(),
            a.as_of,
            a.imported,
            &a.id,
        ))
    });
}

/// `member_id`'s newest document out of `docs` (in any order), by the same rule as
/// [`Vault::documents`]: the latest as-of date, undated ones last, then the latest import.
pub fn newest_of<'a>(docs: &'a [DocumentMeta], member_id: &str) -> Option<&'a DocumentMeta> {
    docs.iter()
        .filter(|d| d.member_id == member_id)
        .max_by(|a, b| {
            (a.as_of.is_some(), a.as_of, a.imported, &a.id).cmp(&(
                b.as_of.is_some(),
                b.as_of,
                b.imported,
                &b.id,
            ))
        })
}

impl Vault {
    /// Stores a document for `member_id`: the three items first, then the index line, so a
    /// crash never leaves the index pointing at a missing item.
    pub fn add_document(
        &self,
        member_id: &str,
        doc: NewDocument<'_>,
        imported: NaiveDate,
    ) -> Result<DocumentMeta> {
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        if !index.members.iter().any(|m| m.id == member_id) {
            return Err(Vault::not_found(member_id));
        }
        let id = random_hex(8)?;
        // New item ids: their files first, recorded by the one index write below.
        for (part, bytes) in [
            (DocumentPart::Original, doc.original),
            (DocumentPart::Display, doc.display),
            (DocumentPart::Thumbnail, doc.thumbnail),
        ] {
            self.stage_item(&mut index, item_kind(part), &item_id(&id, part), bytes)?;
        }
        let meta = DocumentMeta {
            id,
            member_id: member_id.to_string(),
            kind: doc.kind,
            original_mime: doc.original_mime.to_string(),
            display_mime: doc.display_mime.to_string(),
            thumbnail_mime: doc.thumbnail_mime.to_string(),
            pages: doc.pages,
            width: doc.width,
            height: doc.height,
            thumb_width: doc.thumb_width,
            thumb_height: doc.thumb_height,
            as_of: doc.as_of,
            imported,
            insurer_number: doc.insurer_number,
            original_len: doc.original.len() as u64,
        };
        index.documents.push(meta.clone());
        self.write_members(&mut index)?;
        Ok(meta)
    }

    /// A member's documents, newest first (the first is the default).
    pub fn documents(&self, member_id: &str) -> Result<Vec<DocumentMeta>> {
        let _lock = self.lock(LockMode::Shared)?;
        let mut docs: Vec<DocumentMeta> = self
            .read_members()?
            .documents
            .into_iter()
            .filter(|d| d.member_id == member_id)
            .collect();
        newest_first(&mut docs);
        Ok(docs)
    }

    /// Every document of every member.
    pub fn all_documents(&self) -> Result<Vec<DocumentMeta>> {
        let _lock = self.lock(LockMode::Shared)?;
        let mut docs = self.read_members()?.documents;
        newest_first(&mut docs);
        Ok(docs)
    }

    pub fn document(&self, doc_id: &str) -> Result<DocumentMeta> {
        let _lock = self.lock(LockMode::Shared)?;
        self.read_members()?
            .documents
            .into_iter()
            .find(|d| d.id == doc_id)
            .ok_or_else(|| no_document(doc_id))
    }

    /// Every member and every document (newest first) from one read of the index.
    pub fn members_and_documents(&self) -> Result<(Vec<super::Member>, Vec<DocumentMeta>)> {
        let _lock = self.lock(LockMode::Shared)?;
        let index = self.read_members()?;
        let mut docs = index.documents;
        newest_first(&mut docs);
        Ok((index.members, docs))
    }

    /// One part's bytes, decrypted, with its MIME type.
    pub fn document_part(
        &self,
        doc_id: &str,
        part: DocumentPart,
    ) -> Result<(Zeroizing<Vec<u8>>, String)> {
        self.part_of(&self.document(doc_id)?, part)
    }

    /// [`Vault::document_part`] for a document whose description the caller has read.
    pub fn part_of(
        &self,
        meta: &DocumentMeta,
        part: DocumentPart,
    ) -> Result<(Zeroizing<Vec<u8>>, String)> {
        let mime = match part {
            DocumentPart::Original => &meta.original_mime,
            DocumentPart::Display => &meta.display_mime,
            DocumentPart::Thumbnail => &meta.thumbnail_mime,
        };
        let bytes = self.get_item(item_kind(part), &item_id(&meta.id, part))?;
        Ok((bytes, mime.clone()))
    }

    /// Removes a document: the index line first, then its items.
    pub fn remove_document(&self, doc_id: &str) -> Result<()> {
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        let before = index.documents.len();
        index.documents.retain(|d| d.id != doc_id);
        if index.documents.len() == before {
            return Err(no_document(doc_id));
        }
        forget_items(&mut index, doc_id);
        self.write_members(&mut index)?;
        self.remove_document_items(doc_id);
        Ok(())
    }

    /// Best effort: an orphan item is harmless (never read), a missing one is not.
    pub(crate) fn remove_document_items(&self, doc_id: &str) {
        for id in part_ids(doc_id) {
            let _ = self.delete_item_file(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::member::tests::sample;
    use crate::vault::{KdfParams, MemoryKeyStore};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn doc<'a>(bytes: &'a [u8], as_of: Option<NaiveDate>) -> NewDocument<'a> {
        NewDocument {
            kind: DocumentKind::Pdf,
            original: bytes,
            original_mime: "application/pdf",
            display: b"display-bytes",
            display_mime: "image/jpeg",
            thumbnail: b"thumb-bytes",
            thumbnail_mime: "image/jpeg",
            pages: 1,
            width: 1700,
            height: 2400,
            thumb_width: 226,
            thumb_height: 320,
            as_of,
            insurer_number: Some("01010016".into()),
        }
    }

    #[test]
    fn store_list_read_remove() {
        let tmp = tempfile::tempdir().unwrap();
        let keys = MemoryKeyStore::new();
        let (v, _) =
            Vault::create_with_params(tmp.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
        let m = v.add_member(sample()).unwrap();
        let old = v
            .add_document(&m, doc(b"%PDF-old", Some(d("2024-06-07"))), d("2024-06-08"))
            .unwrap();
        let new = v
            .add_document(&m, doc(b"%PDF-new", Some(d("2025-06-07"))), d("2025-06-08"))
            .unwrap();
        let list = v.documents(&m).unwrap();
        assert_eq!(
            list.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            [new.id.as_str(), old.id.as_str()],
            "newest first"
        );
        let (bytes, mime) = v.document_part(&new.id, DocumentPart::Original).unwrap();
        assert_eq!(&bytes[..], b"%PDF-new");
        assert_eq!(mime, "application/pdf");
        let (thumb, _) = v.document_part(&new.id, DocumentPart::Thumbnail).unwrap();
        assert_eq!(&thumb[..], b"thumb-bytes");
        // Nothing readable on disk.
        for e in std::fs::read_dir(tmp.path().join("items")).unwrap() {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            assert!(!bytes.windows(4).any(|w| w == b"%PDF"));
        }
        assert!(v
            .add_document("nobody", doc(b"x", None), d("2025-01-01"))
            .is_err());

        v.remove_document(&old.id).unwrap();
        assert_eq!(v.documents(&m).unwrap().len(), 1);
        assert_eq!(
            v.document_part(&old.id, DocumentPart::Display)
                .unwrap_err()
                .kind(),
            "not_found"
        );
        // Removing the member removes their documents.
        v.remove_member(&m).unwrap();
        assert!(v.all_documents().unwrap().is_empty());
        let left: Vec<_> = std::fs::read_dir(tmp.path().join("items"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, ["members.bin"], "no orphan items");
    }
}

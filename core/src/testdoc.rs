//! Test documents made in the project (no sample files needed): one-page PDFs with a Japanese
//! text layer, laid out like the Mynaportal qualification screen, in two layouts. Used by the
//! tests of every crate, `bench/` and the end-to-end tests.
//!
//! The text is set in a Type0 font (Identity-H) with a ToUnicode map, and the font is not
//! embedded: readers get the text from the map whatever fonts the machine has. The font says
//! Adobe-Japan1 so that the importer draws it with the machine's Japanese font, and where that
//! font is installed the CIDs are its glyph ids: the rendered page then reads as Japanese (a
//! shortcut a real PDF would not take; the importer's fallback maps CIDs to glyphs 1:1).

use std::collections::BTreeMap;
use std::fmt::Write;

/// A qualification record to print.
#[derive(Debug, Clone)]
pub struct Screen {
    pub insurer_number: String,
    pub insurer_name: String,
    pub symbol: String,
    pub number: String,
    pub branch: String,
    pub name: String,
    pub kana: String,
    /// As printed, e.g. `昭和40年10月1日`.
    pub birth: String,
    pub relation: String,
    pub ratio: String,
    pub acquired: String,
    /// The 時点 line, e.g. `令和6年6月7日時点`.
    pub as_of: String,
}

impl Screen {
    /// 協会 太郎 of domain.md §2.
    pub fn taro() -> Screen {
        Screen {
            insurer_number: "01010016".into(),
            insurer_name: "全国健康保険協会 北海道支部".into(),
            symbol: "1010101".into(),
            number: "1".into(),
            branch: "00".into(),
            name: "協会 太郎".into(),
            kana: "キョウカイ タロウ".into(),
            birth: "昭和40年10月1日".into(),
            relation: "本人".into(),
            ratio: "3割".into(),
            acquired: "昭和60年10月1日".into(),
            as_of: "令和6年6月7日時点".into(),
        }
    }

    /// 協会 花子, a dependent, with full-width digits and spaces inside the dates.
    pub fn hanako() -> Screen {
        Screen {
            insurer_number: "０１０１００１６".into(),
            insurer_name: "全国健康保険協会 北海道支部".into(),
            symbol: "1010101".into(),
            number: "1".into(),
            branch: "01".into(),
            name: "協会 花子".into(),
            kana: "キョウカイ ハナコ".into(),
            birth: "昭和 42年 3月15日".into(),
            relation: "家族".into(),
            ratio: "３割".into(),
            acquired: "平成４年４月１日".into(),
            as_of: "令和 6年 6月 7日時点".into(),
        }
    }
}

/// Layout of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A table: label on the left, value on the right, one field a row.
    Table,
    /// Another insurer's version: other labels (氏名（カナ）, 続柄, 一部負担金の割合), 記号 and
    /// 番号 on one row, the 時点 line at the bottom.
    Compact,
}

/// One text cell at (x, y) in points from the bottom left, 11 pt.
struct Cell {
    x: f32,
    y: f32,
    text: String,
}

fn cells(s: &Screen, layout: Layout) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut put = |x: f32, y: f32, t: &str| {
        out.push(Cell {
            x,
            y,
            text: t.to_string(),
        })
    };
    match layout {
        Layout::Table => {
            put(60.0, 790.0, "資格情報");
            put(340.0, 790.0, &s.as_of);
            let rows = [
                ("保険者番号", &s.insurer_number),
                ("保険者名称", &s.insurer_name),
                ("記号", &s.symbol),
                ("番号", &s.number),
                ("枝番", &s.branch),
                ("氏名", &s.name),
                ("フリガナ", &s.kana),
                ("生年月日", &s.birth),
                ("本人・家族の別", &s.relation),
                ("負担割合", &s.ratio),
                ("資格取得年月日", &s.acquired),
            ];
            for (i, (label, value)) in rows.iter().enumerate() {
                let y = 740.0 - 30.0 * i as f32;
                put(60.0, y, label);
                put(230.0, y, value);
            }
        }
        Layout::Compact => {
            put(60.0, 790.0, "健康保険 資格確認");
            put(60.0, 750.0, "氏名");
            put(150.0, 750.0, &s.name);
            put(60.0, 725.0, "氏名（カナ）");
            put(150.0, 725.0, &s.kana);
            put(60.0, 700.0, "生年月日");
            put(150.0, 700.0, &s.birth);
            put(330.0, 700.0, "続柄");
            put(400.0, 700.0, &s.relation);
            put(60.0, 660.0, "記号");
            put(110.0, 660.0, &s.symbol);
            put(230.0, 660.0, "番号");
            put(280.0, 660.0, &s.number);
            put(360.0, 660.0, "枝番");
            put(410.0, 660.0, &s.branch);
            put(60.0, 630.0, "保険者番号");
            put(170.0, 630.0, &s.insurer_number);
            put(60.0, 605.0, "保険者名称");
            put(170.0, 605.0, &s.insurer_name);
            put(60.0, 580.0, "一部負担金の割合");
            put(200.0, 580.0, &s.ratio);
            put(60.0, 555.0, "資格取得年月日");
            put(200.0, 555.0, &s.acquired);
            put(60.0, 120.0, &s.as_of);
        }
    }
    out
}

/// Each character's glyph id in the importer's fallback Japanese font, when there is one and
/// every character has its own glyph.
fn system_glyph_ids(chars: &[char]) -> Option<BTreeMap<char, u16>> {
    use skrifa::MetadataProvider;
    let data = crate::import::system_japanese_font()?;
    let font = skrifa::FontRef::from_index((*data).as_ref(), 0).ok()?;
    let charmap = font.charmap();
    let mut out = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for &c in chars {
        let gid = u16::try_from(charmap.map(c)?.to_u32()).ok()?;
        if gid == 0 || !seen.insert(gid) {
            return None;
        }
        out.insert(c, gid);
    }
    Some(out)
}

/// A one-page PDF of `screen` in `layout`.
pub fn pdf(screen: &Screen, layout: Layout) -> Vec<u8> {
    let cells = cells(screen, layout);
    // CIDs 1.. for the characters used, in order of first appearance.
    let mut cids: BTreeMap<char, u16> = BTreeMap::new();
    let mut order: Vec<char> = Vec::new();
    for c in cells.iter().flat_map(|c| c.text.chars()) {
        if let std::collections::btree_map::Entry::Vacant(slot) = cids.entry(c) {
            slot.insert(u16::try_from(order.len() + 1).unwrap_or(u16::MAX));
            order.push(c);
        }
    }
    // Where the importer has a Japanese system font to draw the (not embedded) font with, the
    // CIDs are that font's glyph ids, so the rendered page reads as Japanese. The text layer
    // (ToUnicode) is the same either way.
    if let Some(glyphs) = system_glyph_ids(&order) {
        cids = glyphs;
    }
    let mut content = String::new();
    for c in &cells {
        let hex: String = c
            .text
            .chars()
            .map(|ch| format!("{:04X}", cids.get(&ch).copied().unwrap_or(0)))
            .collect();
        let _ = writeln!(content, "BT /F1 11 Tf {} {} Td <{hex}> Tj ET", c.x, c.y);
    }
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in order.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for ch in chunk {
            let mut utf16 = [0u16; 2];
            let hex: String = ch
                .encode_utf16(&mut utf16)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(cmap, "<{:04X}> <{hex}>", cids.get(ch).copied().unwrap_or(0));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");

    // Half-width glyphs (ASCII, spaces) are 500 units wide, the rest 1000 (the DW).
    let widths: String = order
        .iter()
        .filter(|c| c.is_ascii())
        .map(|c| format!("{} [500]", cids.get(c).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(" ");
    let objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".into(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type0 /BaseFont /IPAGothic /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>".into(),
        format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /IPAGothic /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 7 0 R /DW 1000 /W [{widths}] >>"),
        "<< /Type /FontDescriptor /FontName /IPAGothic /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>".into(),
        format!("<< /Length {} >>\nstream\n{cmap}endstream", cmap.len()),
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(tail, "{o:010} 00000 n ");
    }
    let _ = write!(
        tail,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(tail.as_bytes());
    out
}

//! Test documents made in the project (no sample files needed): one-page PDFs with a Japanese
//! text layer, laid out like the Mynaportal qualification screen (two layouts and the phone
//! app's screen) and like the insurer's 資格情報のお知らせ; and, from them, screenshots and
//! photos ([`screenshot`], [`photo`]) for the text recognition. Used by the tests of every
//! crate, `bench/` and the end-to-end tests.
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
    /// The insured person (被保険者氏名 of the notice's mailing header): `name` for 本人.
    pub insured: String,
}

impl Screen {
    /// 協会 太郎 of docs/rules.md §2.
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
            insured: "協会 太郎".into(),
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
            insured: "協会 太郎".into(),
        }
    }

    /// 保険 次郎, insured himself with another insurer (大阪), other numbers and dates.
    pub fn jiro() -> Screen {
        Screen {
            insurer_number: "06270011".into(),
            insurer_name: "健康保険組合 大阪".into(),
            symbol: "2345".into(),
            number: "678".into(),
            branch: "00".into(),
            name: "保険 次郎".into(),
            kana: "ホケン ジロウ".into(),
            birth: "平成2年12月24日".into(),
            relation: "本人".into(),
            ratio: "3割".into(),
            acquired: "令和3年4月1日".into(),
            as_of: "令和7年1月15日時点".into(),
            insured: "保険 次郎".into(),
        }
    }

    /// 保険 さくら, 保険 次郎's daughter: a dependent, 2割 (other values again).
    pub fn sakura() -> Screen {
        Screen {
            insurer_number: "06270011".into(),
            insurer_name: "健康保険組合 大阪".into(),
            symbol: "2345".into(),
            number: "678".into(),
            branch: "02".into(),
            name: "保険 さくら".into(),
            kana: "ホケン サクラ".into(),
            birth: "平成30年5月9日".into(),
            relation: "家族".into(),
            ratio: "2割".into(),
            acquired: "平成30年5月9日".into(),
            as_of: "令和7年1月15日時点".into(),
            insured: "保険 次郎".into(),
        }
    }

    /// The 時点 date alone (`令和6年6月7日`), as the notice's sentence holds it.
    fn as_of_date(&self) -> &str {
        self.as_of.trim().trim_end_matches("時点").trim_end()
    }

    /// 記号 or 番号 as a mailing header prints it: zero-padded to `width` when all digits.
    fn padded(value: &str, width: usize) -> String {
        if value.chars().all(|c| c.is_ascii_digit()) {
            format!("{value:0>width$}")
        } else {
            value.to_string()
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
    /// The insurer's 資格情報のお知らせ (協会けんぽ's sample): a mailing header with the
    /// zero-padded 記号・番号 and the 被保険者's and 対象者's names (with 様), the 時点 date
    /// inside a sentence, the body (記号 … 番号 … (枝番) on one line, 負担割合 with a date in
    /// its label, no 本人・家族), the masked 個人番号, and a cut-out card with the 保険者番号.
    Notice,
    /// The portal app's screen on a phone (a 390 × 844 pt page): a title bar, the 時点 line,
    /// then one card a field, the label small above the value.
    Phone,
}

impl Layout {
    /// The page size in points.
    pub fn page(self) -> (f32, f32) {
        match self {
            Layout::Phone => (390.0, 844.0),
            _ => (595.0, 842.0),
        }
    }
}

/// One text cell at (x, y) in points from the bottom left, `size` pt.
struct Cell {
    x: f32,
    y: f32,
    size: f32,
    text: String,
}

fn cells(s: &Screen, layout: Layout) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut sized = |x: f32, y: f32, size: f32, t: &str| {
        out.push(Cell {
            x,
            y,
            size,
            text: t.to_string(),
        })
    };
    let mut put = |x: f32, y: f32, t: &str| sized(x, y, 11.0, t);
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
        Layout::Notice => notice(s, &mut sized),
        Layout::Phone => phone(s, &mut sized),
    }
    out
}

fn notice(s: &Screen, put: &mut impl FnMut(f32, f32, f32, &str)) {
    let date = s.as_of_date();
    // The mailing header: the numbers zero-padded, both names with 様.
    put(
        50.0,
        792.0,
        9.0,
        &format!(
            "(記号) {} (番号) {}",
            Screen::padded(&s.symbol, 8),
            Screen::padded(&s.number, 7)
        ),
    );
    put(
        50.0,
        778.0,
        9.0,
        &format!("(被保険者氏名) {} 様", s.insured),
    );
    put(50.0, 764.0, 9.0, &format!("(対象者氏名) {} 様", s.name));
    put(400.0, 792.0, 8.0, "お問い合わせ番号");
    put(400.0, 780.0, 8.0, "01-0101-1-1");
    put(50.0, 732.0, 9.0, "0010001");
    put(50.0, 720.0, 9.0, "北海道札幌市北区北10条西3-23-1");
    put(50.0, 708.0, 9.0, &s.insurer_name);
    put(50.0, 696.0, 8.0, "TEL: 0570-000-000 (ナビダイヤル)");
    put(220.0, 652.0, 16.0, "資格情報のお知らせ");
    put(
        50.0,
        622.0,
        9.0,
        &format!("あなたの加入する健康保険の資格情報を下記のとおりお知らせします（{date}時点）。"),
    );
    // The body.
    put(60.0, 592.0, 11.0, "記号");
    put(250.0, 592.0, 11.0, &s.symbol);
    put(320.0, 592.0, 11.0, "番号");
    put(370.0, 592.0, 11.0, &s.number);
    put(410.0, 592.0, 11.0, &format!("(枝番) {}", s.branch));
    let rows = [
        ("氏名".to_string(), &s.name),
        ("フリガナ".to_string(), &s.kana),
        ("生年月日".to_string(), &s.birth),
        (format!("負担割合（{date}時点）"), &s.ratio),
        ("資格取得年月日".to_string(), &s.acquired),
        ("保険者名称".to_string(), &s.insurer_name),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 570.0 - 22.0 * i as f32;
        put(60.0, y, 11.0, label);
        put(250.0, y, 11.0, value);
    }
    put(
        50.0,
        418.0,
        8.0,
        "スマートフォンをお持ちの方は、右の二次元コードからマイナポータルにログインすることで、",
    );
    put(
        50.0,
        406.0,
        8.0,
        "ご自身の健康保険の資格情報を確認することができます。",
    );
    put(
        50.0,
        378.0,
        8.0,
        "なお、現在登録されているあなたの個人番号は次のとおりです（12桁のうち下4桁のみ表示）。",
    );
    put(50.0, 364.0, 9.0, "＊＊＊＊ * * * * 1234");
    // The cut-out card: the only place with the 保険者番号; the kana without a label.
    put(60.0, 230.0, 10.0, "資格情報のお知らせ");
    put(
        60.0,
        210.0,
        9.0,
        &format!("記号 {} 番号 {} 枝番 {}", s.symbol, s.number, s.branch),
    );
    put(60.0, 194.0, 9.0, &s.kana);
    put(60.0, 178.0, 9.0, &format!("氏名 {}", s.name));
    put(60.0, 162.0, 9.0, &format!("生年月日 {}", s.birth));
    put(60.0, 146.0, 9.0, &format!("資格取得年月日 {}", s.acquired));
    put(
        60.0,
        130.0,
        9.0,
        &format!("保険者番号 {}", s.insurer_number),
    );
    put(60.0, 114.0, 9.0, &format!("保険者名称 {}", s.insurer_name));
    put(60.0, 92.0, 8.0, &format!("交付年月日 {date}"));
}

fn phone(s: &Screen, put: &mut impl FnMut(f32, f32, f32, &str)) {
    put(24.0, 800.0, 20.0, "健康保険証 資格情報");
    put(24.0, 752.0, 12.0, &s.as_of);
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
        let y = 712.0 - 56.0 * i as f32;
        put(30.0, y, 10.0, label);
        put(30.0, y - 24.0, 16.0, value);
    }
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
    if layout == Layout::Phone {
        // The app's blue title bar and a light card behind each field.
        content.push_str("0 0.33 0.63 rg 0 770 390 74 re f\n0.96 0.97 0.98 rg 0 0 390 770 re f\n");
        for i in 0..11 {
            let y = 712.0 - 56.0 * i as f32;
            let _ = writeln!(
                content,
                "1 1 1 rg 0.85 0.87 0.9 RG 14 {} 362 50 re B",
                y - 32.0
            );
        }
        content.push_str("0 g\n");
    }
    for c in &cells {
        // The title bar's text is white.
        let colour = if layout == Layout::Phone && c.y > 770.0 {
            "1 g"
        } else {
            "0 g"
        };
        let hex: String = c
            .text
            .chars()
            .map(|ch| format!("{:04X}", cids.get(&ch).copied().unwrap_or(0)))
            .collect();
        let _ = writeln!(
            content,
            "{colour} BT /F1 {} Tf {} {} Td <{hex}> Tj ET",
            c.size, c.x, c.y
        );
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
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", layout.page().0, layout.page().1),
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

/// `screen` in `layout` rendered to a PNG the way a phone's screenshot of it looks: the page
/// drawn by the importer's PDF renderer with its long side `long_side` pixels (2532 for a
/// 390 × 844 pt [`Layout::Phone`] page = an iPhone's 1170 × 2532 screen).
pub fn screenshot(screen: &Screen, layout: Layout, long_side: u32) -> Vec<u8> {
    let limits = crate::import::Limits {
        display_long_side: long_side,
        ..crate::import::Limits::default()
    };
    crate::import::inspect("screenshot.pdf", &pdf(screen, layout), &limits)
        .map(|doc| doc.display)
        .unwrap_or_default()
}

/// How a [`photo`] is taken.
#[derive(Debug, Clone, Copy)]
pub struct Camera {
    /// Degrees the page is turned (clockwise positive).
    pub angle: f32,
    /// Scale of the page in the photo.
    pub scale: f32,
    /// Grey levels of noise (± this much).
    pub noise: u8,
    /// Gaussian blur (sigma, pixels).
    pub blur: f32,
    /// The paper's and the ink's grey levels (contrast loss: ink is not black, paper not white).
    pub paper: u8,
    pub ink: u8,
    /// JPEG quality.
    pub quality: u8,
    /// Seed of the noise.
    pub seed: u64,
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            angle: 2.5,
            scale: 1.2,
            noise: 14,
            blur: 0.9,
            paper: 225,
            ink: 55,
            quality: 80,
            seed: 7,
        }
    }
}

/// A photo of the document in `image` (PNG or JPEG bytes, e.g. a [`screenshot`]) lying on a
/// darker table: turned, scaled, blurred, noisy, lit unevenly, with less contrast, as JPEG.
pub fn photo(image: &[u8], camera: &Camera) -> Vec<u8> {
    use image::{imageops, GrayImage, Luma};
    let Ok(img) = image::load_from_memory(image) else {
        return Vec::new();
    };
    let page = img.to_luma8();
    let (pw, ph) = (
        ((page.width() as f32 * camera.scale) as u32).max(1),
        ((page.height() as f32 * camera.scale) as u32).max(1),
    );
    let page = imageops::resize(&page, pw, ph, imageops::FilterType::Triangle);
    // The table around the page, then the whole view turned (the table fills the corners).
    const TABLE: u8 = 105;
    let (cw, ch) = (pw + pw * 3 / 10, ph + ph / 5);
    let mut canvas = GrayImage::from_pixel(cw, ch, Luma([TABLE]));
    let (ox, oy) = ((cw - pw) / 2, (ch - ph) / 2);
    let span = f32::from(camera.paper.saturating_sub(camera.ink)) / 255.0;
    for (x, y, p) in page.enumerate_pixels() {
        let v = f32::from(camera.ink) + f32::from(p[0]) * span;
        canvas.put_pixel(ox + x, oy + y, Luma([v as u8]));
    }
    let turned = crate::import::ocr::rotate_fill(&canvas, camera.angle, TABLE);
    let blurred = if camera.blur > 0.0 {
        imageops::blur(&turned, camera.blur)
    } else {
        turned
    };
    // Uneven light (darker to the left and the bottom), noise, a warm tint.
    let mut state = camera.seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let noise = i32::from(camera.noise);
    let out = image::RgbImage::from_fn(cw, ch, |x, y| {
        let light = 0.85 + 0.15 * (x as f32 / cw as f32) - 0.05 * (y as f32 / ch as f32);
        let n = if noise > 0 {
            (next() % (2 * noise as u64 + 1)) as i32 - noise
        } else {
            0
        };
        let v = (f32::from(blurred.get_pixel(x, y)[0]) * light) as i32 + n;
        let v = v.clamp(0, 255) as f32;
        image::Rgb([v as u8, (v * 0.97) as u8, (v * 0.92) as u8])
    });
    let mut jpeg = Vec::new();
    let encoder =
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, camera.quality.clamp(1, 100));
    if image::DynamicImage::ImageRgb8(out)
        .write_with_encoder(encoder)
        .is_err()
    {
        return Vec::new();
    }
    jpeg
}

//! Decompression bombs, made in the test (never committed): PDFs of a few MB whose streams
//! inflate to gigabytes. The Flate data is one hand-made dynamic-Huffman block in which a
//! 258-byte copy of the previous byte costs 2 bits — deflate's densest form (≈ 1032 : 1).

/// Bits in deflate's order (least significant first).
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    n: u64,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        for i in 0..count {
            if self.n.is_multiple_of(8) {
                self.out.push(0);
            }
            if (value >> i) & 1 == 1 {
                let last = self.out.len() - 1;
                self.out[last] |= 1 << (self.n % 8);
            }
            self.n += 1;
        }
    }
    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.put((code >> i) & 1, 1);
        }
    }
    fn zeros(&mut self, count: u64) {
        self.n += count;
        self.out.resize(self.n.div_ceil(8) as usize, 0);
    }
}

/// A zlib stream that inflates to at least `len` copies of `byte`.
pub fn zlib_run(byte: u8, len: u64) -> Vec<u8> {
    let mut b = Bits::default();
    b.put(1, 1); // BFINAL
    b.put(2, 2); // dynamic Huffman
    b.put(29, 5); // HLIT: 286 literal/length codes
    b.put(0, 5); // HDIST: 1 distance code
    b.put(14, 4); // HCLEN: 18 code-length codes
                  // Code-length code lengths in their order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1:
                  // 18 → 1 bit, 2 → 2 bits, 1 → 2 bits.
    for len in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] {
        b.put(len, 3);
    }
    // Canonical codes: 18 = 0, 1 = 10, 2 = 11.
    let zeros = |b: &mut Bits, mut n: u32| {
        while n >= 11 {
            let k = n.min(138);
            b.code(0, 1);
            b.put(k - 11, 7);
            n -= k;
        }
        assert_eq!(n, 0);
    };
    let lit = u32::from(byte);
    // Literal/length lengths: `byte` 2, 256 (end) 2, 285 (length 258) 1; distance 0: 1.
    // (For byte < 11 the zero runs before it are written one by one.)
    let mut lengths = vec![0u32; 286];
    lengths[lit as usize] = 2;
    lengths[256] = 2;
    lengths[285] = 1;
    lengths.push(1);
    let mut i = 0;
    while i < lengths.len() {
        if lengths[i] == 0 {
            let run = lengths[i..].iter().take_while(|&&l| l == 0).count() as u32;
            if run >= 11 {
                zeros(&mut b, run);
                i += run as usize;
                continue;
            }
            // Short runs of zeros: not needed for the bytes the tests use.
            panic!("zero run of {run}");
        }
        match lengths[i] {
            1 => b.code(0b10, 2),
            2 => b.code(0b11, 2),
            _ => unreachable!(),
        }
        i += 1;
    }
    // Literal/length codes: 285 = 0, byte = 10, 256 = 11; distance 0 = 0.
    b.code(0b10, 2);
    let copies = (len.saturating_sub(1)).div_ceil(258);
    b.zeros(copies * 2);
    b.code(0b11, 2);
    let mut z = vec![0x78, 0x9C];
    z.extend_from_slice(&b.out);
    z.extend_from_slice(&[0, 0, 0, 0]); // Adler-32: never reached
    z
}

/// A one-page PDF with the given content stream (its dictionary entries and data).
fn pdf_with_content(content_dict: &str, content: &[u8]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>"
            .to_vec(),
        {
            let mut o =
                format!("<< /Length {} {content_dict} >>\nstream\n", content.len()).into_bytes();
            o.extend_from_slice(content);
            o.extend_from_slice(b"\nendstream");
            o
        },
    ];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A page whose content stream inflates to `len` spaces.
pub fn flate_content_pdf(len: u64) -> Vec<u8> {
    pdf_with_content("/Filter /FlateDecode", &zlib_run(b' ', len))
}

/// A page that draws a `w` × `h` RGB inline image (Flate, all grey).
pub fn inline_image_pdf(w: u32, h: u32) -> Vec<u8> {
    let data = zlib_run(0x80, u64::from(w) * u64::from(h) * 3);
    let mut content = format!(
        "q 595 0 0 842 0 0 cm\nBI /W {w} /H {h} /BPC 8 /CS /RGB /F /Fl /L {} ID\n",
        data.len()
    )
    .into_bytes();
    content.extend_from_slice(&data);
    content.extend_from_slice(b"\nEI Q\n");
    pdf_with_content("", &content)
}

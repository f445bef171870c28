use super::*;

#[test]
fn base45_rfc9285_vectors() {
    for (bytes, text) in [
        (&b"AB"[..], "BB8"),
        (b"Hello!!", "%69 VD92EX0"),
        (b"base-45", "UJCLQE7W581"),
        (b"ietf!", "QED8WEX0"),
        (b"", ""),
    ] {
        assert_eq!(base45_encode(bytes), text);
        assert_eq!(base45_decode(text).as_deref(), Some(bytes));
    }
    // A lone character, a value too large, a character outside the alphabet.
    for bad in ["A", "GGW", "ZZ", "ab", "QED8WEX0ABC", "QED8"] {
        assert_eq!(base45_decode(bad), None, "{bad}");
    }
}

#[test]
fn crc32_check_value() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
}

#[test]
fn dates_use_24_signed_bits() {
    for d in [
        EPOCH,
        NaiveDate::from_ymd_opt(1868, 10, 23).unwrap_or(EPOCH),
        NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or(EPOCH),
    ] {
        let mut out = Vec::new();
        put_date(&mut out, d).unwrap();
        assert_eq!(out.len(), 3);
        let mut r = Reader {
            bytes: &out,
            pos: 0,
        };
        assert_eq!(r.date().unwrap(), d);
    }
    let mut out = Vec::new();
    put_date(&mut out, EPOCH.pred_opt().unwrap()).unwrap();
    assert_eq!(out, [0xFF, 0xFF, 0xFF]);
}

#[test]
fn codes_read_as_typed() {
    let m = MIN_CODE_LEN;
    assert_eq!(*canonical_code("7k3q-w9tb", m).unwrap(), "7K3QW9TB");
    assert_eq!(*canonical_code("１２３４ ５６７８", m).unwrap(), "12345678");
    assert_eq!(*canonical_code("oil23456", m).unwrap(), "01123456");
    assert!(canonical_code("1234567", m).is_err());
    assert!(canonical_code("UUUUUUUU", m).is_err());
    // Unlocking still reads the 6-character codes of earlier versions.
    assert_eq!(*canonical_code("１２３ ４５６", 6).unwrap(), "123456");
    let g = generate_code().unwrap();
    assert_eq!(g.len(), GENERATED_CODE_LEN);
    assert_eq!(*canonical_code(&g, m).unwrap(), *g);
}

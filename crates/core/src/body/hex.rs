//! [`HexDump`]: any body as rows of offset, 16 bytes in hex and their ASCII, built one
//! row at a time so a view of a 100 MB body (memory-mapped) touches only what it shows.

use super::text::BodyText;

/// Bytes shown per hex row.
pub const HEX_ROW_BYTES: usize = 16;

/// A body seen as a hex dump. Cheap to clone (the bytes are shared); every row is
/// formatted on demand in O(16).
#[derive(Clone)]
pub struct HexDump {
    bytes: BodyText,
}

impl std::fmt::Debug for HexDump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HexDump")
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl HexDump {
    /// A dump of these bytes (shared, not copied).
    pub fn new(bytes: BodyText) -> Self {
        Self { bytes }
    }

    /// Number of rows: one per 16 bytes, the last one possibly shorter.
    pub fn row_count(&self) -> usize {
        self.bytes.len().div_ceil(HEX_ROW_BYTES)
    }

    /// Body size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Row `i`: `"00000010  49 48 44 52 00 00 01 00  00 00 00 80 08 06 00 00  |IHDR............|"`.
    ///
    /// The offset has at least 8 hex digits; a short last row is padded so the ASCII
    /// column stays aligned; bytes outside printable ASCII show as `.`. Out of range: `""`.
    pub fn row(&self, i: usize) -> String {
        let start = i.saturating_mul(HEX_ROW_BYTES);
        let Some(chunk) = self
            .bytes
            .bytes()
            .get(start..self.bytes.len().min(start.saturating_add(HEX_ROW_BYTES)))
            .filter(|c| !c.is_empty())
        else {
            return String::new();
        };
        let mut line = String::with_capacity(80);
        line.push_str(&format!("{start:08x} "));
        for k in 0..HEX_ROW_BYTES {
            if k == HEX_ROW_BYTES / 2 {
                line.push(' ');
            }
            match chunk.get(k) {
                Some(byte) => line.push_str(&format!(" {byte:02x}")),
                None => line.push_str("   "),
            }
        }
        line.push_str("  |");
        line.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        }));
        line.push('|');
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump(bytes: &[u8]) -> HexDump {
        HexDump::new(BodyText::from_vec(bytes.to_vec()))
    }

    #[test]
    fn rows_show_offset_hex_and_ascii() {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend(b"AB");
        let hex = dump(&bytes);
        assert_eq!(hex.row_count(), 2);
        assert_eq!(
            hex.row(0),
            "00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|"
        );
        assert_eq!(
            hex.row(1),
            "00000010  41 42                                             |AB|"
        );
        // Both rows put the ASCII column in the same place.
        assert_eq!(hex.row(0).find('|'), hex.row(1).find('|'));
        assert_eq!(hex.row(2), "");
        assert_eq!(hex.row(usize::MAX), "");
    }

    #[test]
    fn empty_and_exact_rows() {
        assert_eq!(dump(b"").row_count(), 0);
        assert_eq!(dump(b"").row(0), "");
        let hex = dump(&[0x20; 32]);
        assert_eq!(hex.row_count(), 2);
        assert!(hex.row(1).starts_with("00000010  20 20"));
    }

    #[test]
    fn offsets_past_four_gigabytes_keep_every_digit() {
        // Formatting only: the offset width grows rather than wrapping.
        assert_eq!(format!("{:08x}", 0x1_0000_0000usize), "100000000");
    }

    #[test]
    fn mapped_file_rows() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("bin");
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        std::fs::write(&path, &bytes)?;
        let hex = HexDump::new(BodyText::map_file(&path)?);
        assert_eq!(hex.row_count(), 63);
        assert!(hex.row(16).starts_with("00000100  00 01 02 03"));
        assert!(hex.row(62).starts_with("000003e0  e0 e1"));
        Ok(())
    }
}

//! [`BodyText`]: the bytes of a text body, in memory or memory-mapped from a file.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// Immutable body bytes shared by every view of one response: owned bytes, or a read-only memory map of the temporary file a large body was
/// spilled to (so a body too large for memory is never read into it).
///
/// Cloning is cheap. The bytes are not checked as a whole on creation:
/// callers classify them first (see [`super::BodyPreview`]) and every slice
/// is checked when taken (cheap: rows are short), so invalid UTF-8 gives
/// `""`, never a panic.
#[derive(Clone)]
pub struct BodyText(Arc<Storage>);

enum Storage {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl BodyText {
    /// Text held in memory.
    pub fn from_string(text: String) -> Self {
        Self::from_vec(text.into_bytes())
    }

    /// Bytes held in memory.
    pub fn from_vec(bytes: Vec<u8>) -> Self {
        Self(Arc::new(Storage::Owned(bytes)))
    }

    /// Maps `path` read-only. An empty file gives an empty text.
    ///
    /// The file must not be changed while mapped: it is the app's own
    /// temporary file, written once before this call.
    pub fn map_file(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.len() == 0 {
            return Ok(Self::from_string(String::new()));
        }
        // SAFETY: the map is read-only and the file is the app's own spill
        // file, which nothing writes to or truncates while a response holds it.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(Self(Arc::new(Storage::Mapped(map))))
    }

    /// All the bytes.
    pub fn bytes(&self) -> &[u8] {
        match &*self.0 {
            Storage::Owned(bytes) => bytes,
            Storage::Mapped(map) => map,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.bytes().len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the bytes are a memory-mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(&*self.0, Storage::Mapped(_))
    }

    /// The text in `range`; `""` when the range is out of bounds or not
    /// valid UTF-8 (e.g. not on char boundaries). O(len): the slice is checked.
    pub fn slice(&self, range: Range<usize>) -> &str {
        self.bytes()
            .get(range)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// The whole text (`""` if it is not valid UTF-8). O(len).
    pub fn as_str(&self) -> &str {
        self.slice(0..self.len())
    }

    /// Heap bytes held (a mapped file is counted as 0: the kernel pages it).
    pub fn heap_bytes(&self) -> usize {
        match &*self.0 {
            Storage::Owned(bytes) => bytes.capacity(),
            Storage::Mapped(_) => 0,
        }
    }
}

impl std::fmt::Debug for BodyText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BodyText")
            .field("len", &self.len())
            .field("mapped", &self.is_mapped())
            .finish()
    }
}

/// Whether byte `b` starts a UTF-8 character (is not a continuation byte).
pub(crate) fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The largest char boundary `<= index` in `bytes` (`bytes.len()` past the end).
pub(crate) fn floor_char_boundary(bytes: &[u8], index: usize) -> usize {
    if index >= bytes.len() {
        return bytes.len();
    }
    let mut i = index;
    while i > 0 && !bytes.get(i).is_some_and(|&b| is_char_start(b)) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_and_mapped_agree() -> std::io::Result<()> {
        let text = "héllo\nwörld\n";
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("body.json");
        std::fs::write(&path, text)?;
        let mapped = BodyText::map_file(&path)?;
        let owned = BodyText::from_string(text.to_owned());
        assert!(mapped.is_mapped());
        assert_eq!(mapped.bytes(), owned.bytes());
        assert_eq!(mapped.as_str(), text);
        assert_eq!(mapped.slice(0..1), "h");
        assert_eq!(owned.slice(0..2), "", "not a char boundary");
        assert_eq!(mapped.slice(0..2), "", "not a char boundary");
        assert_eq!(mapped.slice(7..13), "wörld");
        assert_eq!(mapped.slice(100..200), "");
        Ok(())
    }

    #[test]
    fn empty_file_maps_to_empty_text() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("empty");
        std::fs::write(&path, "")?;
        let text = BodyText::map_file(&path)?;
        assert!(text.is_empty());
        assert_eq!(text.as_str(), "");
        Ok(())
    }

    #[test]
    fn char_boundaries() {
        let bytes = "a€b".as_bytes();
        assert_eq!(floor_char_boundary(bytes, 0), 0);
        assert_eq!(floor_char_boundary(bytes, 2), 1);
        assert_eq!(floor_char_boundary(bytes, 3), 1);
        assert_eq!(floor_char_boundary(bytes, 4), 4);
        assert_eq!(floor_char_boundary(bytes, 99), 5);
    }
}

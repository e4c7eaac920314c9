//! The platforms AYON's desktop installers and dependency packages are built for, and a
//! guess from a file's name.

/// A platform as AYON names it in manifests (`platform`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// `windows`
    Windows,
    /// `darwin` (macOS)
    Darwin,
    /// `linux`
    Linux,
}

impl Platform {
    /// Every platform, in the order a picker lists them.
    pub const ALL: [Platform; 3] = [Platform::Windows, Platform::Darwin, Platform::Linux];

    /// The name AYON uses: `windows`, `darwin`, `linux`.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Windows => "windows",
            Platform::Darwin => "darwin",
            Platform::Linux => "linux",
        }
    }

    /// The name people use: `Windows`, `macOS`, `Linux`.
    pub fn label(self) -> &'static str {
        match self {
            Platform::Windows => "Windows",
            Platform::Darwin => "macOS",
            Platform::Linux => "Linux",
        }
    }

    /// The platform AYON calls `name`, if any.
    pub fn parse(name: &str) -> Option<Platform> {
        Platform::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Extensions that only one platform installs.
const BY_EXTENSION: [(&str, Platform); 9] = [
    (".exe", Platform::Windows),
    (".msi", Platform::Windows),
    (".dmg", Platform::Darwin),
    (".pkg", Platform::Darwin),
    (".sh", Platform::Linux),
    (".appimage", Platform::Linux),
    (".deb", Platform::Linux),
    (".rpm", Platform::Linux),
    (".tar.gz", Platform::Linux),
];

/// Words in a name (digits at their end dropped: `win64` → `win`) that name a platform.
const BY_WORD: [(&str, Platform); 9] = [
    ("windows", Platform::Windows),
    ("win", Platform::Windows),
    ("macos", Platform::Darwin),
    ("macosx", Platform::Darwin),
    ("darwin", Platform::Darwin),
    ("osx", Platform::Darwin),
    ("mac", Platform::Darwin),
    ("linux", Platform::Linux),
    ("ubuntu", Platform::Linux),
];

/// The platform a file is most likely for: by its extension (`.exe`, `.dmg`,
/// `.AppImage`, …), else by a word in its name (`…-win64.zip`, `…_macos.zip`,
/// `…-linux.zip`). `None` when nothing tells, or when the words disagree.
pub fn guess_platform(file_name: &str) -> Option<Platform> {
    // Only the name counts, not the folders it is in.
    let name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_lowercase();
    if let Some((_, platform)) = BY_EXTENSION.iter().find(|(ext, _)| name.ends_with(ext)) {
        return Some(*platform);
    }
    let mut found = None;
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let word = word.trim_end_matches(|c: char| c.is_ascii_digit());
        if let Some((_, platform)) = BY_WORD.iter().find(|(w, _)| *w == word) {
            match found {
                None => found = Some(*platform),
                Some(p) if p == *platform => {}
                Some(_) => return None,
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_decide_first() {
        let cases = [
            ("AYON-1.2.3-setup.exe", Some(Platform::Windows)),
            ("ayon.MSI", Some(Platform::Windows)),
            ("AYON-1.2.3.dmg", Some(Platform::Darwin)),
            ("ayon.pkg", Some(Platform::Darwin)),
            ("install.sh", Some(Platform::Linux)),
            ("AYON-1.2.3.AppImage", Some(Platform::Linux)),
            ("ayon_1.2.3_amd64.deb", Some(Platform::Linux)),
            ("ayon-1.2.3.x86_64.rpm", Some(Platform::Linux)),
            ("AYON-1.2.3-linux.tar.gz", Some(Platform::Linux)),
        ];
        for (name, expected) in cases {
            assert_eq!(guess_platform(name), expected, "{name}");
        }
    }

    #[test]
    fn words_decide_for_zips() {
        let cases = [
            ("ayon-deps-windows.zip", Some(Platform::Windows)),
            ("ayon-deps-win64.zip", Some(Platform::Windows)),
            ("deps_Windows10_x64.zip", Some(Platform::Windows)),
            ("deps-macos-arm64.zip", Some(Platform::Darwin)),
            ("deps_darwin.zip", Some(Platform::Darwin)),
            ("deps-linux-x86_64.zip", Some(Platform::Linux)),
            ("C:\\builds\\linux\\deps.zip", None),
            ("deps.zip", None),
            ("deps-windows-and-linux.zip", None),
            // Not whole words: no guess.
            ("twine.zip", None),
            ("darwinism.zip", None),
        ];
        for (name, expected) in cases {
            assert_eq!(guess_platform(name), expected, "{name}");
        }
    }

    #[test]
    fn names_round_trip() {
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.as_str()), Some(p));
        }
        assert_eq!(Platform::Darwin.to_string(), "darwin");
        assert_eq!(Platform::parse("beos"), None);
    }
}

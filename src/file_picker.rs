//! Choosing files, off the UI thread. The native dialog sits behind [`FilePicker`] so
//! tests never open one; a typed path always works too.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

/// A future returned by a picker.
pub type PickFuture = Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>>;

/// Asks the user for a path.
pub trait FilePicker: Send + Sync {
    /// A path to save to, starting from `suggested_name`; `None` when cancelled.
    fn save_path(&self, suggested_name: &str) -> PickFuture;
    /// An existing folder (a collection to open); `None` when cancelled.
    fn pick_folder(&self) -> PickFuture;
    /// An existing file (a body to upload); `None` when cancelled.
    fn open_file(&self) -> PickFuture {
        Box::pin(async { None })
    }
}

/// The platform's file dialogs (a desktop portal on Linux).
pub struct NativeFilePicker;

impl FilePicker for NativeFilePicker {
    fn save_path(&self, suggested_name: &str) -> PickFuture {
        let dialog = rfd::AsyncFileDialog::new().set_file_name(suggested_name);
        Box::pin(async move { dialog.save_file().await.map(|h| h.path().to_path_buf()) })
    }

    fn pick_folder(&self) -> PickFuture {
        let dialog = rfd::AsyncFileDialog::new().set_title("Open collection folder");
        Box::pin(async move { dialog.pick_folder().await.map(|h| h.path().to_path_buf()) })
    }

    fn open_file(&self) -> PickFuture {
        let dialog = rfd::AsyncFileDialog::new().set_title("Choose a file to send");
        Box::pin(async move { dialog.pick_file().await.map(|h| h.path().to_path_buf()) })
    }
}

//! GUI tests: the real app under egui_kittest, driven by role and accessible label; and
//! (`panels`) each panel drawn alone over only its slice of state.

#[path = "../support/mod.rs"]
mod support;

mod allow_file;
mod answer_history;
mod body_editor;
mod bundle_compare;
mod catalog;
mod collections;
mod compare_view;
mod disk_sync;
mod errors;
mod events_dock;
mod faults;
mod graphql;
mod graphql_filter;
mod graphql_first_query;
mod graphql_pages;
mod graphql_schema;
mod graphql_schema_cache;
mod harness;
mod history;
mod image_view;
mod import;
mod keyboard;
mod large_body;
mod layout;
mod login_flow;
mod notices;
mod panels;
mod polish;
mod proxy;
mod redirects;
mod save_body;
mod secret_scan;
mod secrets;
mod send_cancel;
mod server_traps;
mod server_version;
mod snippets;
mod tests_tab;
mod tls;
mod tree_ops;
mod upload_cancel;
mod upload_recipes;
mod uploads;
mod url_typing;
mod variables;

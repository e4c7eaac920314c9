//! AYON's live event stream (`/ws`): the frames the server sends, the auth message a
//! client must send first, where the stream lives for a server, duplicate deliveries
//! (1.11.2 sends an event once per matching prefix), and the connection that keeps
//! itself open ([`stream`]).
//!
//! The protocol as observed on real 1.11.2 and 1.16.0 servers: connect to
//! `ws(s)://HOST/ws`; send `{"topic":"auth","token":…,"subscribe":[…],"project":…}`;
//! no answer ever comes; then heartbeats (`{"topic":"heartbeat"}` every 6-7.5 s; on 1.11.2
//! only with `"*"`) and events. Without a good auth the server sends nothing and closes
//! with 1000 after about 8 s; a restart sends `server.restart_requested` and closes with
//! 1012.

mod dedupe;
mod endpoint;
mod message;
mod record;
pub mod stream;
mod subscription;

pub use dedupe::RecentDeliveries;
pub use endpoint::{EndpointError, same_origin, ws_url};
pub use message::{Frame, ServerEvent, parse_frame};
pub use record::{RecordError, fetch_record};
pub use subscription::{KNOWN_TOPICS, Subscription, auth_message};

//! A per-test TCP server that misbehaves on purpose: never answers, closes mid-body, or
//! sends exactly the bytes a test gives it.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server does with each connection after reading the request head.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// Reads the request, then says nothing for this long.
    Silent(Duration),
    /// Writes these bytes, then closes the connection.
    Reply(Vec<u8>),
    /// Writes these bytes as soon as the connection opens (without reading), then closes.
    Greet(Vec<u8>),
    /// Writes the first `first` bytes at once, then the rest in pieces of `chunk` bytes
    /// with `pause` between them (a slow link), then closes.
    Trickle {
        bytes: Vec<u8>,
        first: usize,
        chunk: usize,
        pause: Duration,
    },
    /// Writes these bytes, then resets the connection (RST, not a clean close).
    ResetAfter(Vec<u8>),
    /// Reads about this many bytes past the request head, then drops the connection
    /// without answering (a server dying mid-upload).
    ReadThenDrop(usize),
}

/// Starts the server; returns its base URL.
pub async fn start(behaviour: Behaviour) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let behaviour = behaviour.clone();
            tokio::spawn(async move {
                if let Behaviour::Greet(bytes) = &behaviour {
                    let _ = socket.write_all(bytes).await;
                    let _ = socket.shutdown().await;
                    return;
                }
                let mut buf = vec![0u8; 64 * 1024];
                let mut seen = Vec::new();
                // Read until the end of the request head.
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                match behaviour {
                    Behaviour::Silent(d) => tokio::time::sleep(d).await,
                    Behaviour::ReadThenDrop(limit) => {
                        let mut read = seen.len();
                        while read < limit {
                            match socket.read(&mut buf).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => read += n,
                            }
                        }
                        // Dropping with unread data makes the kernel send a reset.
                        drop(socket);
                    }
                    Behaviour::Trickle {
                        bytes,
                        first,
                        chunk,
                        pause,
                    } => {
                        let (head, rest) = bytes.split_at(first.min(bytes.len()));
                        if socket.write_all(head).await.is_err() {
                            return;
                        }
                        for piece in rest.chunks(chunk.max(1)) {
                            if socket.write_all(piece).await.is_err() {
                                return;
                            }
                            tokio::time::sleep(pause).await;
                        }
                        let _ = socket.shutdown().await;
                    }
                    Behaviour::ResetAfter(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.flush().await;
                        // A zero linger makes the close a reset.
                        let _ = socket.set_zero_linger();
                        drop(socket);
                    }
                    Behaviour::Reply(bytes) | Behaviour::Greet(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.shutdown().await;
                    }
                }
            });
        }
    });
    url
}

/// A URL on which nothing listens (a port bound and released).
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("local addr");
    drop(listener);
    format!("http://{addr}")
}

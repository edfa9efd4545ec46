//! Implicit TLS (port 465) on a socket of our own, so that it too has
//! `TCP_NODELAY` (see `email`): lettre wraps a socket in TLS before the
//! greeting only when it opens the socket itself. Here lettre's own TLS
//! upgrade, the one its STARTTLS uses, runs on our socket first, and the
//! encrypted stream is handed back to lettre as the connection's transport.
//! lettre documents no other way to do this in 0.11.

// `AsyncNetworkStream` is deprecated as "not meant to be made public",
// but it is lettre's only TLS over a socket it did not open.
#![allow(deprecated)]

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use lettre::transport::smtp::client::{AsyncNetworkStream, AsyncTokioStream, TlsParameters};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// lettre's stream after its TLS handshake, spoken as tokio's traits.
#[derive(Debug)]
pub(super) struct Encrypted(AsyncNetworkStream);

impl Encrypted {
    /// TLS on `tcp` before anything else is said, with lettre's own
    /// handshake and certificate checks.
    pub async fn over(
        tcp: tokio::net::TcpStream,
        tls: TlsParameters,
    ) -> Result<Encrypted, lettre::transport::smtp::Error> {
        let mut stream = AsyncNetworkStream::use_existing_tokio1(Box::new(tcp));
        stream.upgrade_tls(tls).await?;
        Ok(Encrypted(stream))
    }
}

impl AsyncTokioStream for Encrypted {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.0.peer_addr()
    }
}

impl AsyncRead for Encrypted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let unfilled = buf.initialize_unfilled();
        match futures_io::AsyncRead::poll_read(Pin::new(&mut self.0), cx, unfilled) {
            Poll::Ready(Ok(n)) => {
                buf.advance(n);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncWrite for Encrypted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        futures_io::AsyncWrite::poll_write(Pin::new(&mut self.0), cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        futures_io::AsyncWrite::poll_flush(Pin::new(&mut self.0), cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        futures_io::AsyncWrite::poll_close(Pin::new(&mut self.0), cx)
    }
}

//! A real PC/SC stack without hardware: `pcscd` (started and stopped here, by its PID) with
//! the `vsmartcard-vpcd` virtual reader, and a small emulator of the My Number Card's JPKI
//! application that connects to vpcd on 127.0.0.1:35963 — "putting the card on the reader".
//!
//! vpcd's framing: every message is a 2-byte big-endian length and its bytes. A 1-byte
//! message from vpcd is a control: 0 power off, 1 power on, 2 reset, 4 "send the ATR"
//! (answered with the ATR); anything longer is a command APDU, answered with the response.
//! Closing the connection takes the card off the reader.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// vpcd's reader config as Debian's vsmartcard-vpcd installs it (first slot on port 35963).
pub const VPCD_CONFIG: &str = "/etc/reader.conf.d/vpcd";
pub const VPCD_PORT: u16 = 35963;
const PCSCD_SOCKET: &str = "/run/pcscd/pcscd.comm";

/// The JPKI application's name.
const JPKI_AID: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// The My Number Card's ATR (as OpenSC's JPKI driver knows it).
pub const JPKI_ATR: &[u8] = &[0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14];
/// Some other smart card's ATR (a JCOP Java Card).
pub const OTHER_ATR: &[u8] = &[
    0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45, 0x4A, 0x43, 0x4F, 0x50, 0x76, 0x32, 0x34,
    0x31, 0xB7,
];

fn as_root(program: &str) -> Command {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        Command::new(program)
    } else {
        let mut c = Command::new("sudo");
        c.args(["-n", program]);
        c
    }
}

/// `pcscd -f` in the background for the duration of a test; stopped by its PID on drop.
pub struct Pcscd {
    child: Child,
}

impl Pcscd {
    /// Starts pcscd with vpcd's reader and waits until it answers. Fails with what to do when
    /// vpcd's config is missing or another pcscd runs.
    pub fn start(log: &Path) -> Result<Pcscd> {
        let config = std::fs::read_to_string(VPCD_CONFIG).with_context(|| {
            format!("{VPCD_CONFIG} is missing: install vsmartcard-vpcd (make apt)")
        })?;
        if !config.to_lowercase().contains("0x8c7b") {
            bail!("{VPCD_CONFIG} does not put vpcd on port {VPCD_PORT} (0x8C7B):\n{config}");
        }
        if Self::running() {
            bail!(
                "another pcscd is running (stop it, e.g. `systemctl stop pcscd.socket pcscd`): \
                 the card tests start their own"
            );
        }
        let out = std::fs::File::create(log)?;
        let child = as_root("pcscd")
            .args(["-f", "--info"])
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .context("starting pcscd (apt package pcscd)")?;
        let mut p = Pcscd { child };
        let start = Instant::now();
        while !Self::running() {
            if let Some(status) = p.child.try_wait()? {
                bail!("pcscd exited with {status}: see {}", log.display());
            }
            if start.elapsed() > Duration::from_secs(15) {
                bail!("pcscd did not start in 15 s: see {}", log.display());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(p)
    }

    /// Whether a pcscd answers on its socket.
    pub fn running() -> bool {
        std::os::unix::net::UnixStream::connect(PCSCD_SOCKET).is_ok()
    }

    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let pid = self.child.id().to_string();
        let _ = as_root("kill").args(["-TERM", &pid]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let start = Instant::now();
        while Self::running() && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Pcscd {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// What the emulated card holds.
#[derive(Debug, Clone)]
pub enum Applet {
    /// A My Number Card: the JPKI application with this user-authentication certificate.
    Jpki { certificate: Vec<u8> },
    /// A card without the JPKI application (a bank card, a transit card).
    Other,
}

#[derive(Debug, Clone)]
pub struct CardSpec {
    pub atr: Vec<u8>,
    pub applet: Applet,
    /// Take the card off the reader (close the connection, no answer) on this READ BINARY.
    pub remove_on_read: Option<usize>,
}

impl CardSpec {
    pub fn jpki(certificate: Vec<u8>) -> CardSpec {
        CardSpec {
            atr: JPKI_ATR.to_vec(),
            applet: Applet::Jpki { certificate },
            remove_on_read: None,
        }
    }

    pub fn other() -> CardSpec {
        CardSpec {
            atr: OTHER_ATR.to_vec(),
            applet: Applet::Other,
            remove_on_read: None,
        }
    }
}

/// A card on the virtual reader until [`VirtualCard::remove`] (or drop).
pub struct VirtualCard {
    stream: TcpStream,
    thread: Option<JoinHandle<()>>,
    log: Arc<Mutex<Vec<Vec<u8>>>>,
}

fn read_msg(s: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 2];
    s.read_exact(&mut len)?;
    let mut buf = vec![0u8; usize::from(u16::from_be_bytes(len))];
    s.read_exact(&mut buf)?;
    Ok(buf)
}

fn write_msg(s: &mut TcpStream, msg: &[u8]) -> std::io::Result<()> {
    let mut out = (msg.len() as u16).to_be_bytes().to_vec();
    out.extend_from_slice(msg);
    s.write_all(&out)
}

/// The card's state between commands.
struct Jpki {
    ap: bool,
    ef: bool,
}

fn respond(spec: &CardSpec, st: &mut Jpki, apdu: &[u8]) -> Vec<u8> {
    let sw = |hi: u8, lo: u8| vec![hi, lo];
    if apdu.len() < 4 {
        return sw(0x67, 0x00);
    }
    let (ins, p1, p2) = (apdu[1], apdu[2], apdu[3]);
    let data = apdu.get(5..).unwrap_or(&[]);
    let Applet::Jpki { certificate } = &spec.applet else {
        return sw(0x6A, 0x82);
    };
    match (ins, p1) {
        (0xA4, 0x04) => {
            st.ap = data.get(..10) == Some(&JPKI_AID[..]);
            st.ef = false;
            if st.ap {
                sw(0x90, 0x00)
            } else {
                sw(0x6A, 0x82)
            }
        }
        (0xA4, 0x02) if st.ap => {
            // Only the user-authentication certificate (000A) is emulated; the PIN-protected
            // files are not there.
            st.ef = data.get(..2) == Some(&[0x00, 0x0A][..]);
            if st.ef {
                sw(0x90, 0x00)
            } else {
                sw(0x6A, 0x82)
            }
        }
        (0xB0, _) if st.ef => {
            let offset = usize::from(u16::from_be_bytes([p1 & 0x7F, p2]));
            let le = match apdu.get(4) {
                Some(0) | None => 256,
                Some(&n) => usize::from(n),
            };
            if offset > certificate.len() {
                return sw(0x6B, 0x00);
            }
            let end = (offset + le).min(certificate.len());
            let mut r = certificate[offset..end].to_vec();
            r.extend_from_slice(&[0x90, 0x00]);
            r
        }
        (0xB0, _) => sw(0x69, 0x86),
        // VERIFY and anything else: refused (the tests check it is never sent).
        (0x20, _) => sw(0x69, 0x82),
        _ => sw(0x6D, 0x00),
    }
}

impl VirtualCard {
    /// Puts the card on the reader: connects to vpcd and answers it in a thread.
    pub fn insert(spec: CardSpec) -> Result<VirtualCard> {
        let start = Instant::now();
        let stream = loop {
            match TcpStream::connect(("127.0.0.1", VPCD_PORT)) {
                Ok(s) => break s,
                Err(e) if start.elapsed() > Duration::from_secs(10) => {
                    return Err(e).context("connecting to vpcd on 127.0.0.1:35963 (is pcscd up?)")
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        };
        stream.set_nodelay(true)?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut s = stream.try_clone()?;
        let thread_log = log.clone();
        let thread = std::thread::spawn(move || {
            let mut st = Jpki {
                ap: false,
                ef: false,
            };
            let mut reads = 0;
            while let Ok(msg) = read_msg(&mut s) {
                let reply = match msg.as_slice() {
                    [4] => Some(spec.atr.clone()),
                    [0] | [1] | [2] => {
                        st = Jpki {
                            ap: false,
                            ef: false,
                        };
                        None
                    }
                    apdu => {
                        thread_log.lock().unwrap().push(apdu.to_vec());
                        if apdu.get(1) == Some(&0xB0) {
                            reads += 1;
                            if spec.remove_on_read == Some(reads) {
                                let _ = s.shutdown(Shutdown::Both);
                                return;
                            }
                        }
                        Some(respond(&spec, &mut st, apdu))
                    }
                };
                if let Some(r) = reply {
                    if write_msg(&mut s, &r).is_err() {
                        return;
                    }
                }
            }
        });
        Ok(VirtualCard {
            stream,
            thread: Some(thread),
            log,
        })
    }

    /// Every command APDU the card received so far.
    pub fn commands(&self) -> Vec<Vec<u8>> {
        self.log.lock().unwrap().clone()
    }

    /// Takes the card off the reader.
    pub fn remove(mut self) {
        self.close();
    }

    fn close(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for VirtualCard {
    fn drop(&mut self) {
        self.close();
    }
}

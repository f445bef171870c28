//! What the decoder child may do, set by the child itself before it reads a byte of input.
//!
//! Linux: a seccomp filter (seccompiler, the filter builder of Firecracker) refuses every
//! socket, every program start, opening a file for writing and every call that creates,
//! renames, removes or changes a file — reading (fonts) stays allowed. The process is made
//! non-dumpable (no core file, no ptrace by other processes of the user). Memory, CPU time and
//! file size are limited by the parent before the child starts (`parent::spawn`).
//!
//! Other systems: no filter yet (docs/security.md says what remains); the parent's limits and
//! timeout still apply where the system has them.

/// Installs the sandbox for this process (and any thread it starts later).
#[cfg(target_os = "linux")]
pub fn enter() -> Result<(), String> {
    use std::collections::BTreeMap;

    use seccompiler::{
        SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
        SeccompRule, TargetArch,
    };

    let arch = match std::env::consts::ARCH {
        "x86_64" => TargetArch::x86_64,
        "aarch64" => TargetArch::aarch64,
        other => return Err(format!("no seccomp filter for {other}")),
    };
    // SAFETY: prctl with integer arguments only.
    unsafe {
        let zero: libc::c_ulong = 0;
        if libc::prctl(libc::PR_SET_DUMPABLE, zero, zero, zero, zero) != 0 {
            return Err("PR_SET_DUMPABLE failed".into());
        }
        let one: libc::c_ulong = 1;
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, one, zero, zero, zero) != 0 {
            return Err("PR_SET_NO_NEW_PRIVS failed".into());
        }
    }
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    // Refused whatever the arguments.
    #[allow(unused_mut)]
    let mut always: Vec<i64> = vec![
        libc::SYS_socket,
        libc::SYS_socketpair,
        libc::SYS_connect,
        libc::SYS_bind,
        libc::SYS_listen,
        libc::SYS_accept,
        libc::SYS_accept4,
        libc::SYS_execve,
        libc::SYS_execveat,
        libc::SYS_ptrace,
        libc::SYS_process_vm_writev,
        libc::SYS_io_uring_setup,
        libc::SYS_openat2,
        libc::SYS_renameat2,
        libc::SYS_unlinkat,
        libc::SYS_mkdirat,
        libc::SYS_linkat,
        libc::SYS_symlinkat,
        libc::SYS_mknodat,
        libc::SYS_truncate,
        libc::SYS_ftruncate,
        libc::SYS_fallocate,
        libc::SYS_fchmod,
        libc::SYS_fchmodat,
        libc::SYS_fchown,
        libc::SYS_fchownat,
        libc::SYS_setxattr,
        libc::SYS_lsetxattr,
        libc::SYS_fsetxattr,
        libc::SYS_removexattr,
        libc::SYS_lremovexattr,
        libc::SYS_fremovexattr,
    ];
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    always.push(libc::SYS_renameat);
    // The old calls that newer architectures only have as the *at forms.
    #[cfg(target_arch = "x86_64")]
    always.extend([
        libc::SYS_creat,
        libc::SYS_rename,
        libc::SYS_unlink,
        libc::SYS_mkdir,
        libc::SYS_rmdir,
        libc::SYS_link,
        libc::SYS_symlink,
        libc::SYS_mknod,
        libc::SYS_chmod,
        libc::SYS_chown,
        libc::SYS_lchown,
        libc::SYS_fork,
        libc::SYS_vfork,
    ]);
    for nr in always {
        rules.insert(nr, Vec::new());
    }
    // open/openat: refused when the flags ask to write, create, truncate or append.
    let write_flags = [
        libc::O_WRONLY,
        libc::O_RDWR,
        libc::O_CREAT,
        libc::O_TRUNC,
        libc::O_APPEND,
    ];
    let flag_rules = |arg: u8| -> Result<Vec<SeccompRule>, String> {
        write_flags
            .iter()
            .map(|&f| {
                let f = f as u64;
                let cond = SeccompCondition::new(
                    arg,
                    SeccompCmpArgLen::Dword,
                    SeccompCmpOp::MaskedEq(f),
                    f,
                )
                .map_err(|e| e.to_string())?;
                SeccompRule::new(vec![cond]).map_err(|e| e.to_string())
            })
            .collect()
    };
    rules.insert(libc::SYS_openat, flag_rules(2)?);
    #[cfg(target_arch = "x86_64")]
    rules.insert(libc::SYS_open, flag_rules(1)?);
    let filter = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EACCES as u32),
        arch,
    )
    .map_err(|e| e.to_string())?;
    let program: seccompiler::BpfProgram = filter.try_into().map_err(|e| format!("{e}"))?;
    seccompiler::apply_filter(&program).map_err(|e| e.to_string())
}

#[cfg(not(target_os = "linux"))]
pub fn enter() -> Result<(), String> {
    Ok(())
}

/// What the sandbox lets through, as `name=allowed|denied` words (the tests' probe).
#[cfg(debug_assertions)]
pub fn probe() -> String {
    let verdict = |ok: bool| if ok { "allowed" } else { "denied" };
    let tcp = std::net::TcpListener::bind("127.0.0.1:0").is_ok();
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").is_ok();
    let path = std::env::temp_dir().join(format!("hoken-decoder-probe-{}", std::process::id()));
    let write = std::fs::File::create(&path).is_ok();
    let _ = std::fs::remove_file(&path);
    let read = std::fs::read("/proc/self/status").is_ok();
    let exec = std::process::Command::new("/bin/true")
        .stdin(std::process::Stdio::null())
        .status()
        .is_ok();
    format!(
        "tcp={} udp={} write={} exec={} read={}",
        verdict(tcp),
        verdict(udp),
        verdict(write),
        verdict(exec),
        verdict(read)
    )
}

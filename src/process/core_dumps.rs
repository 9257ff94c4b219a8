//! No core dumps: a core file holds every secret nowkey had in memory.

/// Sets the core file size limit (soft and hard) to 0 and, on Linux, marks the
/// process non-dumpable, which also keeps other processes of the same user from
/// reading its memory through ptrace or `/proc/<pid>/mem`. Does nothing on
/// Windows, which writes no core files.
pub fn disable_core_dumps() {
    #[cfg(unix)]
    {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: `setrlimit` only reads the struct it is given. Lowering a limit
        // is always allowed, so the result is not checked.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, &none);
        }
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // SAFETY: PR_SET_DUMPABLE takes one integer argument and touches no
        // memory of ours; 0 is always accepted.
        unsafe {
            libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        }
    }
}

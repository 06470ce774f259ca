"""The seccomp filter of the sandbox: the system calls an app never needs and an escape does.

Built with libseccomp (through the ``pyseccomp`` binding) and handed to bwrap,
which loads it just before it starts the app, so it holds for the app and
everything the app starts. Everything not listed is allowed; each listed call
fails with EPERM (``clone3`` with ENOSYS, so that the C library falls back to
``clone``, whose namespace flags the filter can read). System calls of another
architecture than the native one kill the process (libseccomp's default), so
the 32-bit entry points cannot be used to get around the list.
"""
from __future__ import annotations

import errno
import tempfile
from functools import lru_cache

# Mounting, namespaces, tracing other processes, kernel keyrings, eBPF, perf,
# loading kernels or modules, changing the root, swap, reboot, accounting,
# handle-based file opening (container escapes), userfaultfd (exploit aid),
# io_uring (bypasses this filter), port I/O, the clock, and anonymous memory
# files that no memory limit counts.
DENIED = (
    "mount", "umount", "umount2", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
    "mount_setattr", "pivot_root", "chroot", "setns", "unshare",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "swapon", "swapoff", "reboot", "acct", "quotactl", "nfsservctl",
    "open_by_handle_at", "name_to_handle_at", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "iopl", "ioperm", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    "syslog", "vhangup", "lookup_dcookie", "memfd_create", "memfd_secret",
)
# clone flags that create namespaces (linux/sched.h)
CLONE_NEW = {"CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000, "CLONE_NEWUTS": 0x04000000,
             "CLONE_NEWIPC": 0x08000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
             "CLONE_NEWNET": 0x40000000, "CLONE_NEWTIME": 0x00000080}


@lru_cache(maxsize=1)
def program() -> bytes | None:
    """The compiled filter (BPF), or None when libseccomp is not available here."""
    try:
        import pyseccomp as seccomp   # deferred: Linux-only, and needs libseccomp.so.2
    except (ImportError, OSError):
        return None
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for name in DENIED:
            try:
                rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
            except (OSError, RuntimeError, ValueError):
                pass   # a call this kernel or architecture does not have
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
        for flag in CLONE_NEW.values():
            rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
        with tempfile.TemporaryFile() as handle:
            rules.export_bpf(handle)
            handle.seek(0)
            return handle.read()
    except (OSError, RuntimeError, ValueError, AttributeError):
        return None

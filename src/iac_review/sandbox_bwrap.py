"""The sandbox's file system view and privileges through bubblewrap (``bwrap``), when it works here.

bubblewrap (the sandbox of Flatpak, Debian package ``bubblewrap``) builds a new
root for the app from explicit binds, so nothing of the host is visible unless
listed here:

- read-only: ``/usr`` (and the ``/bin``, ``/lib`` ... links into it), the few
  ``/etc`` files the dynamic linker needs, the Python installation and virtual
  environment, node, iac-review's own package, and any path the caller names;
- read-write: the work dir only; a private ``/tmp`` (256 MB); its own ``/proc`` in its own
  pid namespace; bwrap's minimal ``/dev``; no ``/sys``, no ``/root``, no host
  sockets;
- namespaces: pid, network (loopback only), ipc, uts, cgroup; the sandbox dies
  with its parent and runs in a new session (no terminal injection);
- privileges: when iac-review runs as root, ``setpriv`` drops the app to the
  unprivileged ``nobody`` user with no capabilities (bounding set emptied) and
  ``no_new_privs``; as another user, bwrap's user namespace holds it, with no
  capabilities outside.

``command()`` returns the argv prefix, or None when bwrap is missing or cannot
create the namespaces here (the older unshare-based sandbox then applies, and
the review says what was not enforced).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

# The user the app runs as when iac-review is root: nobody, on every Linux distribution.
SANDBOX_UID = SANDBOX_GID = 65534
TMP_BYTES = 256 * 1024 * 1024   # the private /tmp (HOME and TMPDIR are in the work dir, on disk)
_ETC = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
        "/etc/localtime", "/etc/ssl/certs", "/etc/ca-certificates")
_TOP_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# IAC_REVIEW_SANDBOX=unshare selects the older, weaker sandbox (for measuring the two side by
# side); every review then says the app ran without bubblewrap.
SANDBOX_CHOICE = "IAC_REVIEW_SANDBOX"


def available() -> bool:
    """Whether bwrap (and, as root, setpriv) can build a sandbox here, and is wanted."""
    return os.environ.get(SANDBOX_CHOICE, "") != "unshare" and _works()


@lru_cache(maxsize=1)
def _works() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("bwrap") is None:
        return False
    if as_root() and shutil.which("setpriv") is None:
        return False
    probe = command(Path("/"), Path("/"), [], {}, probe=True)
    try:
        return subprocess.run([*probe, "true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def command(workdir: Path, cwd: Path, read_only: list[str], env: dict[str, str],
            probe: bool = False, seccomp_fd: int | None = None,
            binds: list[tuple[str, ...]] | None = None,
            scratch: list[tuple[str, int]] | None = None) -> list[str]:
    """The argv prefix that runs a program in the sandbox (append the program's argv).

    ``seccomp_fd``: a readable fd holding the compiled filter (sandbox_seccomp), which bwrap
    loads just before it starts the program. ``binds``: bwrap arguments for mounts inside the
    work dir, in order, after it (``--ro-bind``/``--bind`` source destination, or ``--perms``
    mode ``--dir`` folder: the shared jsii cache's packages).
    ``scratch``: (folder inside the work dir, bytes): each becomes a tmpfs of that size, and
    the work dir itself is read-only, so nothing the program writes reaches the disk."""
    args = ["bwrap", "--die-with-parent", "--new-session",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if not as_root():
        args += ["--unshare-user", "--cap-drop", "ALL"]
    made = {"/", "/usr", "/tmp", "/proc", "/dev"}
    args += ["--ro-bind", "/usr", "/usr"]
    for link in _TOP_LINKS:
        if os.path.islink(link):
            args += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            args += ["--ro-bind", link, link]
    # /tmp lives in memory no process's resident set shows: its size is bounded instead
    # /dev read-only: as the user's own id (no root) the app would own bwrap's /dev
    args += ["--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev",
             "--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/tmp"]
    for path in _ETC:
        if os.path.exists(path):
            args += [*_parents(path, made), "--ro-bind", path, path]
    for path in _read_only_paths(read_only):
        args += [*_parents(path, made), "--ro-bind", path, path]
    if not probe:
        args += [*_parents(str(workdir), made), "--ro-bind" if scratch else "--bind", str(workdir), str(workdir)]
        for folder, size in scratch or ():
            args += ["--perms", "1777", "--size", str(size), "--tmpfs", folder]
        for mount in binds or ():
            args += list(mount)
        args += ["--chdir", str(cwd)]
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    args += ["--clearenv"]
    for key, value in sorted(env.items()):
        args += ["--setenv", key, value]
    args += ["--"]
    if as_root():
        args += ["setpriv", f"--reuid={SANDBOX_UID}", f"--regid={SANDBOX_GID}", "--clear-groups",
                 "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return args


def _parents(path: str, made: set[str]) -> list[str]:
    """``--dir`` for each folder above ``path`` the sandbox does not have yet, readable by all
    (bwrap would make them 0700 as root, and the unprivileged app could not pass through)."""
    out = []
    parts = Path(path).parts
    for depth in range(2, len(parts)):
        folder = str(Path(*parts[:depth]))
        if folder not in made:
            made.add(folder)
            out += ["--perms", "0755", "--dir", folder]
    return out


def _read_only_paths(extra: list[str]) -> list[str]:
    """The Python installation, the venv, node, iac-review itself and ``extra``: outermost only."""
    node = shutil.which("node")
    wanted = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(__file__).resolve().parent.parent),
              *(extra or ())}
    if node:
        wanted.add(str(Path(os.path.realpath(node)).parent.parent))
    real = sorted({os.path.realpath(p) for p in wanted if p and os.path.exists(p)})
    keep: list[str] = []
    for path in real:
        if path in ("/", "/usr") or path.startswith("/usr/"):
            continue   # /usr is bound already
        if not any(path.startswith(k + os.sep) for k in keep):
            keep.append(path)
    return keep


def hand_over(path: Path) -> None:
    """Make ``path`` (a tree the parent wrote) the sandbox user's, so the app can write in it.

    A file with other hard links is never handed over: it may be shared with another folder,
    and the app must not be able to change what another sandbox (or the user) reads.
    """
    if not as_root():
        return
    for root, dirs, files in os.walk(path):
        for name in (*dirs, *files):
            full = os.path.join(root, name)
            try:
                if os.lstat(full).st_nlink > 1 and name in files:
                    continue
                os.chown(full, SANDBOX_UID, SANDBOX_GID, follow_symlinks=False)
            except OSError:
                pass
    try:
        os.chown(path, SANDBOX_UID, SANDBOX_GID)
    except OSError:
        pass

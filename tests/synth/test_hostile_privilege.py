"""Escapes that need privilege or the host's view, each tried by an app of our own writing.

The app reports what it managed in its exception text (synthesis then fails
with it); each test asserts that nothing got out. They need the bubblewrap
sandbox (an unprivileged user, a built file system view, its own pid and
network namespaces); where bwrap cannot run, every test here is skipped, and
the skip reason says so in the CI output.
"""
from __future__ import annotations

import os
import platform
import socket
import stat
import threading
import uuid

import pytest
from synth_helpers import app_project

from iac_review import sandbox_bwrap, sandbox_seccomp
from iac_review.synth.outcome import FAILED

# scripts/test.sh sets IAC_REVIEW_REQUIRE_BWRAP=1 when bwrap is installed: then these must run.
# (they then fail, rather than skip, if bwrap cannot build its sandbox).
_REQUIRED = os.environ.get("IAC_REVIEW_REQUIRE_BWRAP") == "1"
pytestmark = pytest.mark.skipif(not sandbox_bwrap.available() and not _REQUIRED,
                                reason="bubblewrap cannot build a sandbox here (not installed, or no "
                                       "namespaces): the privilege escapes are not blocked on this machine")


def _attempts(fast_pool, body: str) -> str:
    """Run an app whose ``attempts`` list names what it managed; return that report."""
    project = app_project("import os, socket, subprocess\nattempts = []\n" + body +
                          "\nraise RuntimeError('REPORT ' + ' | '.join(attempts))\n")
    outcome = fast_pool.synthesize(project)
    assert outcome.status == FAILED, (outcome.status, outcome.error_message)
    assert "REPORT" in (outcome.error_message or ""), outcome.error_message
    return outcome.error_message.split("REPORT", 1)[1]


def test_the_app_runs_unprivileged(fast_pool):
    report = _attempts(fast_pool, """
status = open('/proc/self/status').read()
field = lambda name: status.split(name + ':')[1].split()[0]
attempts.append(f"uid={os.getuid()} euid={os.geteuid()} caps={field('CapEff')} "
                f"bounding={field('CapBnd')} nnp={field('NoNewPrivs')}")
""")
    if sandbox_bwrap.as_root():
        assert "uid=65534 euid=65534" in report
    assert "caps=0000000000000000" in report and "nnp=1" in report
    assert "bounding=0000000000000000" in report or not sandbox_bwrap.as_root()


def test_root_only_files_and_the_host_are_out_of_sight(fast_pool, tmp_path):
    secret = tmp_path / f"secret-{uuid.uuid4().hex}"
    secret.write_text("root only")
    secret.chmod(stat.S_IRUSR | stat.S_IWUSR)
    report = _attempts(fast_pool, f"""
for path in ('/etc/shadow', {str(secret)!r}, '/root/.bash_history', '/etc/passwd'):
    try:
        open(path).read(1); attempts.append('read ' + path)
    except OSError as exc:
        attempts.append(f'{{type(exc).__name__}} ' + path)
for folder in ('/sys', '/root', '/home', '/run', '/var/run'):
    try:
        attempts.append(f'listed {{folder}}: ' + ','.join(sorted(os.listdir(folder))[:5]))
    except OSError as exc:
        attempts.append(f'{{type(exc).__name__}} ' + folder)
""")
    assert "read " not in report, report
    assert "listed /sys" not in report and "listed /home" not in report and "listed /run" not in report
    # /root holds at most what is bound read-only from there: the Python installation (pyenv
    # keeps it there) and iac-review's provider stub (~/.cache/iac-review)
    for part in report.split("|"):
        if part.strip().startswith("listed /root"):
            assert set(filter(None, part.strip().split(": ")[1].split(","))) <= {".pyenv", ".cache"}, report


def test_the_host_environment_cannot_be_read_through_proc(fast_pool, monkeypatch):
    canary = f"canary-{uuid.uuid4().hex}"
    monkeypatch.setenv("IAC_REVIEW_TEST_CANARY", canary)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", canary)
    report = _attempts(fast_pool, """
attempts.append('env:' + ','.join(sorted(os.environ)))
for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        attempts.append(pid + ':' + open(f'/proc/{pid}/environ', 'rb').read().decode(errors='replace'))
    except OSError as exc:
        attempts.append(f'{pid}:{type(exc).__name__}')
try:
    subprocess.run(['umount', '-l', '/proc'], capture_output=True)
    attempts.append('after umount: ' + ','.join(os.listdir('/proc'))[:200])
except OSError as exc:
    attempts.append('umount ' + type(exc).__name__)
""")
    assert canary not in report and "IAC_REVIEW_TEST_CANARY" not in report


def test_file_systems_stay_read_only_and_kernel_knobs_out_of_reach(fast_pool):
    report = _attempts(fast_pool, """
for cmd in (['mount', '-o', 'remount,rw', '/'], ['mount', '-o', 'remount,rw', '/usr'],
            ['mount', '-t', 'tmpfs', 'x', '/mnt']):
    done = subprocess.run(cmd, capture_output=True)
    attempts.append(('mounted ' if done.returncode == 0 else 'refused ') + ' '.join(cmd))
for path in ('/usr/iac-review-canary', '/dev/iac-review-canary', '/proc/sys/kernel/core_pattern',
             '/sys/fs/cgroup/release_agent', '/proc/sysrq-trigger'):
    try:
        open(path, 'w').close(); attempts.append('wrote ' + path)
    except OSError as exc:
        attempts.append(f'{type(exc).__name__} ' + path)
""")
    assert "mounted" not in report and "wrote" not in report, report
    assert not os.path.exists("/usr/iac-review-canary")


def test_host_namespaces_cannot_be_entered(fast_pool, tmp_path):
    canary = tmp_path / f"host-canary-{uuid.uuid4().hex}"
    report = _attempts(fast_pool, f"""
for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        open(f'/proc/{{pid}}/root{canary}', 'w').write('x'); attempts.append('wrote via ' + pid)
    except OSError:
        pass
    for kind in ('net', 'mnt', 'pid'):
        try:
            fd = os.open(f'/proc/{{pid}}/ns/{{kind}}', os.O_RDONLY)
            os.setns(fd, 0); attempts.append(f'entered {{kind}} of {{pid}}')
        except (OSError, AttributeError):
            pass
done = subprocess.run(['nsenter', '-t', '1', '-m', '-n', 'true'], capture_output=True)
attempts.append('nsenter ok' if done.returncode == 0 else 'nsenter refused')
""")
    assert "wrote via" not in report and "entered" not in report and "nsenter ok" not in report, report
    assert not canary.exists()


def test_host_tcp_and_unix_sockets_are_unreachable(fast_pool, tmp_path):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    port = server.getsockname()[1]
    path = str(tmp_path / "host.sock")
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(path)
    unix.listen(4)
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    name = f"\0iac-review-canary-{uuid.uuid4().hex}"
    abstract.bind(name)
    abstract.listen(4)
    accepted = []

    def accept(sock):
        sock.settimeout(30)
        try:
            accepted.append(sock.accept())
        except OSError:
            pass
    threads = [threading.Thread(target=accept, args=(s,), daemon=True) for s in (server, unix, abstract)]
    for thread in threads:
        thread.start()
    try:
        report = _attempts(fast_pool, f"""
for family, address in ((socket.AF_INET, ('127.0.0.1', {port})), (socket.AF_UNIX, {path!r}),
                        (socket.AF_UNIX, {name!r})):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect(address); attempts.append('connected ' + repr(address))
    except OSError as exc:
        attempts.append(type(exc).__name__)
""")
    finally:
        for sock in (server, unix, abstract):
            sock.close()
    assert "connected" not in report and not accepted, report


@pytest.mark.skipif(sandbox_seccomp.program() is None, reason="libseccomp (pyseccomp) is not available here: "
                                                             "no seccomp filter is loaded")
def test_escape_system_calls_are_refused_by_the_seccomp_filter(fast_pool):
    # Each of these succeeds for an unprivileged process without the filter (user namespaces,
    # memfd, tracing itself), so the refusals are the filter's.
    report = _attempts(fast_pool, """
import ctypes, errno
libc = ctypes.CDLL(None, use_errno=True)
def call(name, fn):
    result = fn()
    attempts.append(f"{name}={'ok' if result >= 0 else errno.errorcode.get(ctypes.get_errno(), '?')}")
call('unshare_user', lambda: libc.unshare(0x10000000))
call('unshare_net', lambda: libc.unshare(0x40000000))
call('ptrace_traceme', lambda: libc.ptrace(0, 0, 0, 0))
try:
    os.memfd_create('hold'); attempts.append('memfd=ok')
except OSError as exc:
    attempts.append('memfd=' + errno.errorcode.get(exc.errno, '?'))
call('keyctl', lambda: libc.syscall(250, 0, 0, 0, 0, 0))
call('bpf', lambda: libc.syscall(321, 0, 0, 0))
call('io_uring_setup', lambda: libc.syscall(425, 1, 0))
""")
    names = ["unshare_user", "unshare_net", "ptrace_traceme", "memfd"]
    if platform.machine() == "x86_64":   # the raw system call numbers above are x86_64's
        names += ["keyctl", "bpf", "io_uring_setup"]
    for name in names:
        assert f"{name}=EPERM" in report, report

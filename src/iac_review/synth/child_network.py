"""Inside the sandbox: notice when the app reaches for the network while it synthesizes.

Loaded by child.py by path (it imports nothing from iac_review). An audit hook
watches the app's process starts and socket calls. A package manager or
download tool started by the app (``pip install``, ``npm ci``, ``curl``...)
is refused at once: the sandbox has no network, so it could only fail, slowly,
after its retries. Socket calls are recorded and left to fail on their own.
Calls that look up AWS credentials (the instance metadata endpoints) are not
network use of the app: they are how an SDK learns that there are no credentials.

Each attempt is a dict: kind ("packages", "download" or "connect"), what (the
command or host), path and line of the innermost frame inside the project.
"""
from __future__ import annotations

import ipaddress
import os
import shlex
import sys

MAX_ATTEMPTS = 20

# tool -> subcommands that fetch from an index; None: the tool always fetches
_PACKAGE_TOOLS: dict[str, frozenset[str]] = {
    "pip": frozenset({"install", "download", "wheel"}),
    "pipenv": frozenset({"install", "sync", "lock", "update"}),
    "poetry": frozenset({"install", "add", "update", "lock"}),
    "uv": frozenset({"pip", "add", "sync", "lock"}),
    "npm": frozenset({"install", "i", "ci", "add", "update"}),
    "pnpm": frozenset({"install", "i", "add", "update"}),
    "yarn": frozenset({"install", "add", "upgrade"}),
}
_OFFLINE_FLAGS = frozenset({"--no-index", "--offline", "--prefer-offline"})
_DOWNLOAD_TOOLS: dict[str, frozenset[str] | None] = {
    "curl": None, "wget": None,
    "git": frozenset({"clone", "fetch", "pull", "submodule"}),
}
# Where AWS SDKs look for credentials: asking them is not the app's own network use.
_CREDENTIAL_HOSTS = frozenset({"169.254.169.254", "169.254.170.2", "fd00:ec2::254", "instance-data",
                               "instance-data.ec2.internal"})
_WRAPPERS = frozenset({"env", "sudo", "nice", "time", "exec", "command", "nohup", "timeout"})
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ash"})
_PROCESS_EVENTS = frozenset({"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"})
_SOCKET_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo"})
WATCHED = _PROCESS_EVENTS | _SOCKET_EVENTS


def _tool_name(token: str) -> str:
    name = os.path.basename(token).lower()
    if name.startswith("pip") and name[3:].replace(".", "").isdigit():
        return "pip"   # pip3, pip3.11
    return name


def _tokens(command) -> list[str]:
    """A command line (string or argv) as words; shell strings are split on their operators."""
    parts = [command] if isinstance(command, (str, bytes, os.PathLike)) else list(command or ())
    words: list[str] = []
    for part in parts:
        text = os.fsdecode(part) if isinstance(part, (bytes, os.PathLike)) else str(part)
        for separator in (";", "&&", "||", "|"):
            text = text.replace(separator, " ; ")
        try:
            words.extend(shlex.split(text))
        except ValueError:
            words.extend(text.split())
    return words


def _commands(words: list[str]):
    """Each simple command as (tool, its arguments): wrappers, assignments and ``python -m`` unwrapped."""
    segment: list[str] = []
    for word in [*words, ";"]:
        if word != ";":
            segment.append(word)
            continue
        while segment:
            head = os.path.basename(segment[0])
            if ("=" in head and not head.startswith("-")) or head in _WRAPPERS or head[:1].isdigit():
                segment = segment[1:]   # VAR=value, env, sudo, timeout 30 ...
            elif segment[1:2] == ["-c"] and head in _SHELLS:
                segment = segment[2:]   # sh -c "...": its words follow
            elif segment[1:2] == ["-m"] and head.startswith("python"):
                segment = segment[2:]   # python -m pip ...
            else:
                break
        if segment:
            yield _tool_name(segment[0]), segment
        segment = []


def classify_command(command) -> tuple[str, str] | None:
    """("packages" | "download", the command as text) when running it needs the network."""
    for tool, words in _commands(_tokens(command)):
        if _OFFLINE_FLAGS.intersection(words):
            continue
        rest = [w for w in words[1:6] if not w.startswith("-")]
        if tool in _PACKAGE_TOOLS and rest and rest[0] in _PACKAGE_TOOLS[tool]:
            return "packages", " ".join(words[:8])
        if tool in _DOWNLOAD_TOOLS:
            wanted = _DOWNLOAD_TOOLS[tool]
            urls = [w for w in words[1:] if "://" in w]
            if (wanted is None or (rest and rest[0] in wanted)) and not (
                    urls and all(u.startswith("file://") for u in urls)):
                return "download", " ".join(words[:8])
    return None


def _remote(host) -> bool:
    if not isinstance(host, str) or not host or host in _CREDENTIAL_HOSTS:
        return False
    if host in ("localhost", "localhost.localdomain"):
        return False
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return True   # a host name: resolving it is network use
    return not (address.is_loopback or address.is_unspecified)


def classify(event: str, args: tuple) -> tuple[str, str] | None:
    """(kind, what) for an audit event that is network use by the app, else None."""
    if event == "subprocess.Popen":
        return classify_command(args[1] if args[1] is not None else args[0])
    if event == "os.system":
        return classify_command(args[0])
    if event in ("os.exec", "os.posix_spawn"):
        return classify_command(args[1])
    if event == "os.spawn":
        return classify_command(args[2])
    if event == "socket.getaddrinfo":
        host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        return ("connect", f"{host}:{args[1]}") if _remote(host) else None
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address and _remote(address[0]):
            return "connect", f"{address[0]}:{address[1] if len(address) > 1 else ''}"
    return None


def _site(root: str) -> tuple[str | None, int]:
    """The innermost frame inside the project: where the app asked for the network."""
    prefix = root.rstrip(os.sep) + os.sep
    frame = sys._getframe(2)
    while frame is not None:
        path = os.path.realpath(frame.f_code.co_filename)
        if path.startswith(prefix):
            return path[len(prefix):], frame.f_lineno
        frame = frame.f_back
    return None, 0


class NetworkRefused(PermissionError):
    """Raised into the app when it starts a package manager or download tool."""


def install(state: dict) -> None:
    """Watch the app while ``state["dir"]`` is set; attempts go to ``state["network"]``."""

    def hook(event: str, args: tuple) -> None:
        if event not in WATCHED or not state.get("dir"):
            return
        try:
            found = classify(event, args)
        except Exception:  # noqa: BLE001  (an odd argument shape is not network use)
            return
        if found is None:
            return
        kind, what = found
        attempts = state.setdefault("network", [])
        path, line = _site(state["dir"])
        entry = {"kind": kind, "what": what[:200], "path": path, "line": line}
        if entry not in attempts and len(attempts) < MAX_ATTEMPTS:
            attempts.append(entry)
        if kind != "connect":
            raise NetworkRefused(f"iac-review: the sandbox has no network; refused to run: {what[:200]}")

    sys.addaudithook(hook)

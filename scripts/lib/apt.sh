# apt_install WHY PACKAGE...: install Debian packages with apt-get (through sudo when not root).
# Returns 1, with a message, when that is not possible here; never waits for a password in CI.
apt_install() {
    local why="$1"; shift
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "setup: not root and no sudo: cannot install $* ($why)" >&2
            return 1
        fi
        if [ -t 0 ]; then sudo="sudo"; else sudo="sudo -n"; fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: apt-get not found: cannot install $* ($why)" >&2
        return 1
    fi
    echo "setup: installing $* (apt-get) for $why" >&2
    $sudo apt-get update -qq &&
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

#!/bin/sh
# Installs what the end-to-end tests need (Debian 12): the real Jami client daemon (jamid),
# a private D-Bus daemon, a private OpenDHT node, openssl, unshare, gdbus (the tests drive
# D-Bus with the gdbus CLI), ip and sysctl (two daemons that connect to each other run in a
# network namespace without IPv6); OpenLDAP's slapd and ldap-utils, and a Samba Active
# Directory domain controller, for the directory tests, which provision and start their own
# servers in temporary directories on loopback; Chromium, which the admin UI tests drive with
# Playwright. Idempotent and non-interactive; safe to re-run.
set -eu

PKGS="jami-daemon dbus dhtnode openssl util-linux libglib2.0-bin iproute2 procps slapd ldap-utils \
  samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind ldb-tools chromium"

# The dhtnode package enables dhtnode.service, which on a systemd host would join the public
# Jami DHT (bootstrap.ring.cx, port 4222 on all interfaces, from /etc/default/dhtnode) at the next
# boot. The tests start their own loopback node; keep the system one disabled.
disable_system_dhtnode() {
  if [ -L /etc/systemd/system/multi-user.target.wants/dhtnode.service ]; then
    # systemctl disable edits the unit links even when systemd is not running (containers).
    if ! { command -v systemctl >/dev/null 2>&1 && systemctl disable dhtnode.service >/dev/null 2>&1; }; then
      rm -f /etc/systemd/system/multi-user.target.wants/dhtnode.service
    fi
    echo "test deps: disabled the system dhtnode.service"
  fi
}

missing=""
for p in $PKGS; do
  # dpkg-query prints "install ok installed" only for fully configured packages.
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing="$missing $p"
  fi
done
if [ -z "$missing" ]; then
  disable_system_dhtnode
  echo "test deps: all installed ($PKGS)"
  exit 0
fi
echo "test deps: installing:$missing"

if [ "$(id -u)" != 0 ]; then
  echo "must run as root (apt-get install)" >&2
  exit 1
fi

# Postinst scripts must not start services (dbus system bus, ...) on this machine:
# policy-rc.d returning 101 makes invoke-rc.d refuse every start. Only create it when absent,
# and remove only what we created.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
# The tests run their own slapd; the package need not create a system directory (which would
# listen on port 389 of every interface once started).
echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections
apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086  # word splitting of $missing is intended
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing

for f in /usr/libexec/jamid /usr/bin/dhtnode /usr/bin/dbus-daemon /usr/bin/gdbus /usr/bin/unshare /usr/bin/openssl \
    /sbin/ip /sbin/sysctl \
    /usr/sbin/slapd /usr/sbin/slapadd /usr/sbin/slappasswd /usr/bin/ldapmodify /usr/sbin/samba /usr/bin/samba-tool \
    /usr/bin/ldbmodify; do
  [ -x "$f" ] || { echo "missing after install: $f" >&2; exit 1; }
done
disable_system_dhtnode
echo "test deps: done"

#!/bin/sh
# Install the gptship bundle {{ name }} {{ version }} on this server, with no network at all.
#
#   sudo ./install.sh --trust-key KEY.pub    a systemd service, gptship-{{ name }}, started
#   ./install.sh --prefix DIR --no-service   the venv and the bundle only (to try it)
#
# Options: --prefix DIR (default {{ prefix }}), --python PYTHON (default python3, 3.11+),
# --no-service, --no-start, --trust-key KEY.pub (the signer's public key: a signed bundle
# needs it, and an upgrade reuses the one installed before), --allow-unverified (install
# and serve a signed bundle without checking its signature). Steps: check MANIFEST.sig
# with openssl, every file against MANIFEST, create a venv from wheels/ only (pip
# --no-index), copy the bundle, then (as root) create the gptship user, install the hardened
# unit and start it. Running it again upgrades in place.
set -eu

name={{ name }}
prefix={{ prefix }}
python=python3
service=yes
start=yes
trust_key=
allow_unverified=no
while [ $# -gt 0 ]; do
	case "$1" in
	--prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
	--python) python=${2:?--python needs an interpreter}; shift 2 ;;
	--no-service) service=no; shift ;;
	--no-start) start=no; shift ;;
	--trust-key) trust_key=${2:?--trust-key needs the public key file}; shift 2 ;;
	--allow-unverified) allow_unverified=yes; shift ;;
	-h | --help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
done
fail() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }
case "$trust_key" in "" | /*) ;; *) trust_key="$(pwd -P)/$trust_key" ;; esac

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
case "$prefix" in /*) ;; *) prefix="$(pwd -P)/$prefix" ;; esac
# the trusted key lives outside the bundle: /etc/gptship for the service, else the prefix
installed_key=$prefix/trust-key.pub
if [ "$service" = yes ]; then installed_key=/etc/gptship/$name.trust-key.pub; fi
if [ -z "$trust_key" ] && [ -e "$installed_key" ]; then
	trust_key=$installed_key # an upgrade: the key an earlier install was given
	say "using the trust key an earlier install was given: $trust_key"
fi
serve_flags=
if [ -n "$trust_key" ]; then
	[ -e MANIFEST.sig ] || fail "the trust key $trust_key asks for a signature, but this" \
		"bundle is not signed (no MANIFEST.sig): build it with gptship build --sign-key"
	openssl pkeyutl -verify -pubin -inkey "$trust_key" -rawin -in MANIFEST \
		-sigfile MANIFEST.sig >/dev/null ||
		fail "MANIFEST.sig does not check against $trust_key: the bundle was changed or" \
			"signed with another key; not installing (the check needs OpenSSL 3.0 or later)"
	say "MANIFEST.sig checked against $trust_key"
	serve_flags=" --trust-key $installed_key"
elif [ -e MANIFEST.sig ] && [ "$allow_unverified" = no ]; then
	fail "this bundle is signed, but no --trust-key was given, so its signature cannot be" \
		"checked. Pass --trust-key KEY.pub, the signer's public key (gptship build wrote it" \
		"beside the bundle as NAME.pub), or --allow-unverified to install it unchecked"
elif [ -e MANIFEST.sig ]; then
	say "warning: --allow-unverified: the bundle's signature is NOT checked"
	serve_flags=" --allow-unverified"
else
	say "not signed: checking the files, not who built them"
fi
sha256sum --check --quiet --strict MANIFEST ||
	fail "files differ from MANIFEST (listed above): copy the bundle again"
[ -d wheels ] || fail "this bundle has no wheels/; build it with: gptship build --wheelhouse"
if [ "$service" = yes ] && [ "$(id -u)" != 0 ]; then
	fail "installing a service needs root: run it with sudo, or pass --no-service"
fi

echo "installing $name {{ version }} into $prefix (no network: wheels from the bundle)"
mkdir -p "$prefix"
rm -rf "$prefix/venv"  # a venv cannot move (its scripts name their interpreter's path)
"$python" -m venv "$prefix/venv"
# PIP_CONFIG_FILE=/dev/null: no index or link from this host's pip configuration is used
PIP_CONFIG_FILE=/dev/null "$prefix/venv/bin/pip" install --quiet --no-index \
	--disable-pip-version-check --find-links "$here/wheels" --requirement requirements.lock
rm -rf "$prefix/bundle.new" "$prefix/bundle.old"
cp -R "$here" "$prefix/bundle.new"
if [ -e "$prefix/bundle" ]; then mv "$prefix/bundle" "$prefix/bundle.old"; fi
mv "$prefix/bundle.new" "$prefix/bundle"
rm -rf "$prefix/bundle.old"
unit="$prefix/gptship-$name.service"
sed -e "s#{{ prefix }}/#$prefix/#g" -e "/^ExecStart=/s#\$#$serve_flags#" \
	"deploy/gptship-$name.service" >"$unit"

if [ "$service" = no ]; then
	if [ -n "$trust_key" ] && [ "$trust_key" != "$installed_key" ]; then
		cp "$trust_key" "$installed_key"
	fi
	echo "installed. try: $prefix/venv/bin/gptship serve $prefix/bundle$serve_flags"
	exit 0
fi
getent group gptship >/dev/null || groupadd --system gptship
getent passwd gptship >/dev/null ||
	useradd --system --gid gptship --home-dir /nonexistent --no-create-home \
		--shell /usr/sbin/nologin --comment "gptship model server" gptship
chown -R root:gptship "$prefix"
chmod -R u=rwX,g=rX,o= "$prefix"
mkdir -p /etc/gptship
if [ -n "$trust_key" ] && [ "$trust_key" != "$installed_key" ]; then
	install -m 0644 -o root -g root "$trust_key" "$installed_key"
fi
if [ ! -e "/etc/gptship/$name.env" ]; then  # the host's own settings survive upgrades
	cat >"/etc/gptship/$name.env" <<-EOF
		# gptship-$name settings (GPTSHIP_* variables; see gptship serve --help)
		GPTSHIP_HOST=127.0.0.1
		# GPTSHIP_HOST=0.0.0.0 with keys: gptship keys create --file /etc/gptship/keys.json
		# GPTSHIP_API_KEYS_FILE=/etc/gptship/keys.json
	EOF
	chown root:gptship "/etc/gptship/$name.env"
	chmod 0640 "/etc/gptship/$name.env"
fi
install -m 0644 "$unit" "/etc/systemd/system/gptship-$name.service"
if [ -d /run/systemd/system ] && [ "$start" = yes ]; then
	systemctl daemon-reload
	systemctl enable --now "gptship-$name.service"
	systemctl restart "gptship-$name.service"
	echo "started gptship-$name: journalctl -u gptship-$name -f"
else
	echo "installed gptship-$name.service; start it with: systemctl enable --now gptship-$name"
fi

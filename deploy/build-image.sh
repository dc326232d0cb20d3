#!/usr/bin/env bash
# Builds the container image berth:latest and berth:VERSION into the local podman store, from
# this checkout's distribution (built first, tests skipped, when missing or older than the
# sources) and deploy/Containerfile.
#
# Usage: deploy/build-image.sh [--base IMAGE | --offline-base] [--dist DIR]
#                              [--source URL] [--licenses SPDX]
#   --base IMAGE     the JRE 17 image to build on; default eclipse-temurin:17-jre (Docker Hub).
#                    Used from the local store if there, else pulled.
#   --offline-base   do not try a registry: build on a Debian 12 + openjdk-17-jre-headless base
#                    made here with mmdebstrap from Debian's apt mirrors (also the fallback
#                    when the pull fails). It is cached as the image berth-base:debian12-jre17-r2
#                    and as a tar in $BERTH_IMAGE_CACHE (default /var/cache/berth).
#   --dist DIR       a built distribution (bin/berth, lib/) instead of server-cli/target/berth.
#   --source URL, --licenses SPDX  the OCI labels; default the git remote and NOASSERTION.
# Environment: CONTAINERS_CONF as podman reads it (.ci/containers.conf on the CI machines).
# The last line on stdout names the image and the base it was built on.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
base=docker.io/library/eclipse-temurin:17-jre
offline=false
dist=
# The git remote, when it is a URL others can reach (not a local path)
source_url=$(git -C "$root" config --get remote.origin.url 2>/dev/null || true)
case $source_url in
  http://* | https://* | ssh://* | git://* | git@*) ;;
  *) source_url=NOASSERTION ;;
esac
licenses=NOASSERTION
cache=${BERTH_IMAGE_CACHE:-/var/cache/berth}
offline_tag=localhost/berth-base:debian12-jre17-r2

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64; }
while (($#)); do
  case $1 in
    --base) base=${2:?--base needs an image}; shift 2 ;;
    --offline-base) offline=true; shift ;;
    --dist) dist=${2:?--dist needs a directory}; shift 2 ;;
    --source) source_url=${2:?--source needs a URL}; shift 2 ;;
    --licenses) licenses=${2:?--licenses needs an SPDX expression}; shift 2 ;;
    -h | --help) usage ;;
    *) echo "build-image.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
  esac
done
say() { echo "build-image.sh: $*" >&2; }
command -v podman >/dev/null || { say "podman is not installed (Debian: apt-get install podman)"; exit 69; }

# Debian 12 with Debian's OpenJDK 17 JRE and nothing else: no apt, no docs, no man pages
# (the copyright files stay; man1/ is made empty for update-alternatives' links). /usr is
# merged by mmdebstrap's merged-usr hooks, as debootstrap does, not by the usrmerge package,
# which would bring the full Perl (about 50 MB). Debian's JRE package ships the JDK's own CDS
# archive (lib/server/classes.jsa), which berth's AppCDS archive builds on. The tag and the
# cache file carry the recipe's revision (-r2): a changed recipe is never served from an old cache.
offline_base() {
  if podman image exists "$offline_tag"; then
    return
  fi
  local tar=$cache/debian12-jre17-r2.tar
  if [ ! -s "$tar" ]; then
    command -v mmdebstrap >/dev/null || { say "mmdebstrap is not installed (apt-get install mmdebstrap)"; exit 69; }
    mkdir -p "$cache"
    say "making the offline base with mmdebstrap (Debian bookworm, openjdk-17-jre-headless) into $tar"
    mmdebstrap --quiet --variant=essential --include=openjdk-17-jre-headless \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
      --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
      --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*' \
      --format=tar bookworm "$tar.part" >&2
    mv "$tar.part" "$tar"
  fi
  local arch
  arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
  podman import --quiet \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch" \
    --change "LABEL org.opencontainers.image.description=Debian 12 with openjdk-17-jre-headless, made by berth's deploy/build-image.sh" \
    "$tar" "$offline_tag" >/dev/null
}

if $offline; then
  base=$offline_tag
  offline_base
elif ! podman image exists "$base"; then
  say "pulling $base"
  if ! timeout 120 podman pull --quiet "$base" >/dev/null; then
    say "cannot pull $base (no registry reachable?); building on the offline Debian base instead"
    base=$offline_tag
    offline_base
  fi
fi

# The distribution: ./berth builds it when it is missing or older than the sources.
if [ -z "$dist" ]; then
  dist=$root/server-cli/target/berth
  "$root/berth" --version >/dev/null
fi
jar=$(ls "$dist"/lib/server-cli-*.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] || { say "$dist is not a berth distribution (no lib/server-cli-*.jar)"; exit 66; }
version=${jar##*/server-cli-}
version=${version%.jar}
revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp -a "$dist" "$context/berth"
# A class cache made on this host records this host's JDK and paths; the build makes the image's own.
rm -f "$context"/berth/lib/berth.jsa "$context"/berth/lib/*.aot
case $(uname -m) in
  x86_64) netty_arch=x86_64 ;;
  aarch64 | arm64) netty_arch=aarch_64 ;;
  *) netty_arch=$(uname -m) ;;
esac
# Netty's native libraries come unpacked in the distribution's lib/native (bin/berth puts it on
# java.library.path, so they load on a read-only root filesystem with no writable /tmp); the
# image keeps only its own architecture's.
for lib in "$context"/berth/lib/native/*.so; do
  case ${lib##*/} in *_"$netty_arch".so) ;; *) rm -f "$lib" ;; esac
done
ls "$context"/berth/lib/native/*.so >/dev/null 2>&1 || { say "no Netty native library for $netty_arch in $dist/lib/native"; exit 70; }

previous=$(podman image inspect --format '{{.Id}}' localhost/berth:latest 2>/dev/null || true)
say "building berth:$version on $base"
podman build --network none --layers=false \
  -f "$root/deploy/Containerfile" \
  --build-arg "BASE=$base" --build-arg "VERSION=$version" --build-arg "REVISION=$revision" \
  --build-arg "SOURCE=$source_url" --build-arg "LICENSES=$licenses" \
  -t "localhost/berth:$version" -t localhost/berth:latest "$context" >&2
# The image this build replaced, unless another tag or a container still uses it.
current=$(podman image inspect --format '{{.Id}}' localhost/berth:latest)
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  podman rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built berth:$version and berth:latest on $base ($(podman image inspect --format '{{.Size}}' localhost/berth:latest) bytes)"

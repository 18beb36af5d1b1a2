#!/usr/bin/env bash
# What `./mvnw install` gives a later lab: a clone of this checkout (its last commit, not uncommitted changes)
# installed into an empty local repository
# (nothing of ~/.m2 is written), then, for every module, the files it installed. Fails if a library module
# lacks its -sources.jar or -javadoc.jar, the BOM misses a library module or names another version, or the archetype
# was not installed.
#
#   scripts/fresh-install.sh [--from LOCAL] [REPO]
#     REPO   the local repository to fill (default: a new temporary directory, deleted at the end; a REPO given is
#            kept, e.g. to build a project against)
#     LOCAL  a local repository to read third-party releases from before Maven Central (e.g. ~/.m2/repository), so
#            that little or nothing is downloaded; no artifact of this project is ever read from it. Its settings
#            file replaces ~/.m2/settings.xml for the build: a mirror or proxy set there is not used
set -euo pipefail
cd "$(dirname "$0")/.."
from=""
if [ "${1:-}" = --from ]; then
  from=$(cd "$2" && pwd)
  shift 2
fi
libraries="socket-options echo-protocol server-core server-cli echo-server echo-client concurrent-servers file-server
  server-testkit lab"
work=$(mktemp -d)
repo=${1:-$work/repository}
trap 'rm -rf "$work"' EXIT
git clone -q "$PWD" "$work/clone"
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
settings=()
if [ -n "$from" ]; then
  # LOCAL as the first remote repository, releases only (a SNAPSHOT of ours comes from this build or not at all);
  # Central after it, for what LOCAL lacks.
  repository() {
    echo "<$1><id>local-first</id><url>file://$from</url><releases><checksumPolicy>ignore</checksumPolicy></releases>"
    echo "<snapshots><enabled>false</enabled></snapshots></$1>"
  }
  cat > "$work/settings.xml" <<SETTINGS
<settings><profiles><profile><id>local-first</id>
<repositories>$(repository repository)</repositories>
<pluginRepositories>$(repository pluginRepository)</pluginRepositories>
</profile></profiles><activeProfiles><activeProfile>local-first</activeProfile></activeProfiles></settings>
SETTINGS
  settings=(-s "$work/settings.xml")
fi
(cd "$work/clone" && ./mvnw -q install -DskipTests -Dmaven.repo.local="$repo" "${settings[@]}")
missing=0
for module in bom $libraries; do
  artifact=$module
  [ "$module" = bom ] && artifact=sockets-lab-bom
  dir=$repo/org/socketlab/$artifact/$version
  echo "$artifact:"
  (cd "$dir" && ls -1 ./*.jar ./*.pom 2>/dev/null | sed "s:^\./:  :") || true
  if [ "$module" != bom ]; then
    for kind in sources javadoc; do
      if [ ! -f "$dir/$artifact-$version-$kind.jar" ]; then
        echo "  MISSING $artifact-$version-$kind.jar" >&2
        missing=1
      fi
    done
    if ! grep -q "<artifactId>$artifact</artifactId>" bom/pom.xml; then
      echo "  MISSING from the BOM (bom/pom.xml)" >&2
      missing=1
    fi
  fi
done
# The archetype of README.md's `mvn archetype:generate`: a jar of templates, no sources or javadoc of its own.
archetype=$repo/org/socketlab/later-lab-archetype/$version
echo "later-lab-archetype:"
(cd "$archetype" 2>/dev/null && ls -1 ./*.jar ./*.pom | sed 's:^\./:  :') || true
if [ ! -f "$archetype/later-lab-archetype-$version.jar" ]; then
  echo "  MISSING later-lab-archetype-$version.jar" >&2
  missing=1
fi
if ! grep -q "<version>$version</version>" bom/pom.xml; then
  echo "the BOM's version is not $version: set it in bom/pom.xml" >&2
  missing=1
fi
exit $missing

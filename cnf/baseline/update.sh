#!/usr/bin/env bash
# Makes the core.api jar of this checkout the API baseline (cnf/baseline, version 0.1.0) that
# bnd's baseline compares every later build of core.api against. Run it when a release settles
# the API, never to make a failing baseline check pass. Maven options (a local repository) may follow.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl core.api package -DskipTests -Dbnd.baseline.skip=true "$@"
jar=$(ls core.api/target/core.api-*.jar | grep -v -- '-sources\|-javadoc' | head -n 1)
repo=cnf/baseline
rm -rf "$repo/org"
./mvnw -B -q "$@" install:install-file -Dfile="$jar" -DgroupId=org.orrery -DartifactId=core.api -Dversion=0.1.0 \
  -Dpackaging=jar -DlocalRepositoryPath="$repo"
rm -f "$repo"/org/orrery/core.api/0.1.0/_remote.repositories
mv "$repo"/org/orrery/core.api/maven-metadata-local.xml "$repo"/org/orrery/core.api/maven-metadata.xml
# Maven never downloads a release twice: drop the copy the local repository keeps of the old baseline
rm -rf "${HOME}/.m2/repository/org/orrery/core.api/0.1.0"
echo "baseline now: $jar"

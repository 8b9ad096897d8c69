# Image of one of the Quarkus services, from its already-built fast-jar (no build inside the image):
#   ./mvnw -B -DskipTests -pl api-service,worker-service -am package
#   docker build -f deploy/docker/quarkus-app.Dockerfile --build-arg SERVICE=api-service -t imagequeue/api-service:dev .
#   docker build -f deploy/docker/quarkus-app.Dockerfile --build-arg SERVICE=worker-service -t imagequeue/worker-service:dev .
# The build context is the repository root; quarkus-app.Dockerfile.dockerignore keeps it to the build outputs.
FROM eclipse-temurin:21-jre

ARG SERVICE
# fails the build early when SERVICE is missing, instead of copying from "/target/..."
RUN test -n "$SERVICE" || (echo "--build-arg SERVICE=api-service|worker-service is required" >&2; exit 1)

WORKDIR /deployments
# The fast-jar's layers, least changing first, so a code change rebuilds only the last ones.
COPY --chown=185:185 ${SERVICE}/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185:185 ${SERVICE}/target/quarkus-app/quarkus-run.jar /deployments/
COPY --chown=185:185 ${SERVICE}/target/quarkus-app/app/ /deployments/app/
COPY --chown=185:185 ${SERVICE}/target/quarkus-app/quarkus/ /deployments/quarkus/

# Listen on every interface (the services default to loopback for local runs); heap from the memory limit.
ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
USER 185:185
EXPOSE 18080 18090
# exec form: the JVM is PID 1 and gets SIGTERM itself, so the worker drains and the API finishes its requests.
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]

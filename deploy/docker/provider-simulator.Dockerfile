# Image of the provider simulator, from its already-built jar and lib/ (no build inside the image):
#   ./mvnw -B -DskipTests -pl provider-simulator -am package
#   docker build -f deploy/docker/provider-simulator.Dockerfile -t imagequeue/provider-simulator:dev .
FROM eclipse-temurin:21-jre

WORKDIR /deployments
COPY --chown=185:185 provider-simulator/target/lib/ /deployments/lib/
COPY --chown=185:185 provider-simulator/target/provider-simulator.jar /deployments/

# Every option also reads from SIM_<OPTION>; bind every interface, on the port the local stack uses.
ENV SIM_HOST=0.0.0.0 \
    SIM_PORT=18100 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
USER 185:185
EXPOSE 18100
ENTRYPOINT ["java", "-jar", "/deployments/provider-simulator.jar"]

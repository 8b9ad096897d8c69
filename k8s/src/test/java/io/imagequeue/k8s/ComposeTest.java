package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Docker is not available where the build runs, so the compose file is checked for structure: the stack is
 * complete, services start in order, the apps get the names deploy/local/up.sh gives them, the worker's stop
 * grace outlasts its drain, and the images are made from build outputs.
 */
class ComposeTest {

    private static final JsonNode COMPOSE = Yaml.single(Repository.COMPOSE_FILE);
    private static final JsonNode SERVICES = COMPOSE.path("services");

    @Test
    void composeRunsTheWholeStack() {
        var names = new TreeSet<String>();
        SERVICES.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "postgres", "minio", "minio-init", "simulator", "api", "worker");
        assertThat(SERVICES.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(SERVICES.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(SERVICES.path("postgres").path("image").asText()).startsWith("postgres:16");
        assertThat(SERVICES.path("minio-init").path("image").asText()).contains("minio/mc");
        SERVICES.fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            assertThat(image).as(e.getKey() + " image has a pinned tag").matches(".+:[A-Za-z0-9][A-Za-z0-9._-]*").doesNotEndWith(":latest");
        });
    }

    @Test
    void servicesStartAfterWhatTheyNeed() {
        SERVICES.fields().forEachRemaining(e -> e.getValue().path("depends_on").fields().forEachRemaining(dep -> {
            assertThat(SERVICES.has(dep.getKey())).as(e.getKey() + " depends on " + dep.getKey()).isTrue();
            String condition = dep.getValue().path("condition").asText();
            assertThat(condition).as(e.getKey() + " -> " + dep.getKey()).isIn("service_healthy", "service_completed_successfully");
            if (condition.equals("service_healthy")) {
                assertThat(SERVICES.path(dep.getKey()).has("healthcheck")).as(dep.getKey() + " healthcheck").isTrue();
            }
        }));
        for (String app : List.of("api", "worker")) {
            assertThat(SERVICES.path(app).path("depends_on").has("postgres")).isTrue();
            assertThat(SERVICES.path(app).path("depends_on").has("kafka")).isTrue();
            assertThat(SERVICES.path(app).path("depends_on").has("minio-init")).isTrue();
            assertThat(SERVICES.path(app).has("healthcheck")).isTrue();
        }
        // compose reads an unquoted no as false: restart must stay the string "no"
        assertThat(SERVICES.path("minio-init").path("restart").asText()).isEqualTo("no");
    }

    @Test
    void composeEnvNamesMatchTheLocalStack() {
        var local = Settings.localStack();
        assertThat(local.api()).as("names read from deploy/local/up.sh").contains("KAFKA_BOOTSTRAP_SERVERS", "IMAGEQUEUE_BOOTSTRAP_API_KEY");
        assertThat(local.worker()).contains("IMAGEQUEUE_PROVIDERS_BFL_BASE_URL");
        Set<String> api = Settings.serviceSettings(environment("api"));
        Set<String> worker = Settings.serviceSettings(environment("worker"));
        assertThat(api).as("api environment vs up.sh").containsAll(local.api());
        assertThat(worker).as("worker environment vs up.sh").containsAll(local.worker());
        // what compose sets beyond up.sh must be a real setting the other overlays know about too
        var known = new TreeSet<String>(local.api());
        known.addAll(local.worker());
        known.addAll(Settings.serviceSettings(Manifests.container(Manifests.render("overlays/local"), Manifests.WORKER).environment(Manifests.render("overlays/local"))));
        assertThat(api).as("api names unknown to up.sh and k8s").isSubsetOf(known);
        assertThat(worker).as("worker names unknown to up.sh and k8s").isSubsetOf(known);
    }

    @Test
    void composeWorkerStopGraceOutlastsTheDrain() {
        var env = environment("worker");
        Duration drain = Settings.duration(env.get("IMAGEQUEUE_DISPATCH_DRAIN_TIMEOUT"));
        Duration grace = Settings.duration(SERVICES.path("worker").path("stop_grace_period").asText("10s"));
        assertThat(grace).as("worker stop_grace_period vs drain " + drain).isGreaterThan(drain.plusSeconds(10));
    }

    @Test
    void imagesAreMadeFromBuildOutputsOnly() {
        for (String app : List.of("simulator", "api", "worker")) {
            JsonNode build = SERVICES.path(app).path("build");
            var dockerfile = Repository.COMPOSE_DIR.resolve(build.path("context").asText()).normalize().resolve(build.path("dockerfile").asText());
            assertThat(dockerfile).as(app + " Dockerfile").isRegularFile();
            String text = Repository.read(dockerfile);
            Matcher run = Pattern.compile("(?m)^RUN\\s+(.*)$").matcher(text);
            while (run.find()) {
                assertThat(run.group(1)).as(dockerfile + ": no build inside the image").doesNotContain("mvn").doesNotContain("gradle");
            }
            assertThat(Files.isRegularFile(dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore"))).as(dockerfile + ".dockerignore").isTrue();
            Matcher copy = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s").matcher(text);
            int copies = 0;
            while (copy.find()) {
                copies++;
                assertThat(copy.group(1)).as(dockerfile + " copies only build outputs").contains("/target/");
            }
            assertThat(copies).isPositive();
            assertThat(text).as("exec-form ENTRYPOINT: the JVM is PID 1 and gets SIGTERM").containsPattern("(?m)^ENTRYPOINT \\[\"java\"");
            build.path("args").fields().forEachRemaining(a -> assertThat(text).contains("ARG " + a.getKey()));
        }
        assertThat(SERVICES.path("api").path("build").path("args").path("SERVICE").asText()).isEqualTo("api-service");
        assertThat(SERVICES.path("worker").path("build").path("args").path("SERVICE").asText()).isEqualTo("worker-service");
    }

    @Test
    void apiKeyIsNotCommitted() {
        String key = environment("api").get("IMAGEQUEUE_BOOTSTRAP_API_KEY");
        assertThat(key).as("the bootstrap key comes from the environment / .env").startsWith("${");
        assertThat(Repository.read(Repository.COMPOSE_DIR.resolve(".gitignore"))).contains(".env");
    }

    private static Map<String, String> environment(String service) {
        var env = new LinkedHashMap<String, String>();
        JsonNode e = SERVICES.path(service).path("environment");
        if (e.isArray()) {
            e.forEach(item -> {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        } else {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        }
        return env;
    }
}

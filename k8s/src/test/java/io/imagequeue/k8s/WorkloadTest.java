package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Invariants of the pods themselves: health, resources, memory, shutdown, configuration. */
class WorkloadTest {

    static final List<String> APP_OVERLAYS = Manifests.APP_OVERLAYS;

    /** The heap may not take more of the limit than leaves this much for metaspace, threads and direct buffers. */
    private static final long NON_HEAP_BYTES = 150L * 1024 * 1024;

    /** What a worker needs after the drain: hand back what is left, commit offsets, leave the group, exit. */
    private static final Duration AFTER_DRAIN = Duration.ofSeconds(10);

    @Test
    void everyContainerHasLivenessAndReadinessProbes() {
        var missing = new ArrayList<String>();
        Manifests.allRenders().forEach((dir, resources) -> {
            for (var c : Manifests.containers(resources)) {
                if (!c.init() && (!c.node().has("livenessProbe") || !c.node().has("readinessProbe"))) {
                    missing.add(dir + " " + c.describe());
                }
            }
        });
        assertThat(missing).as("containers without liveness and readiness probes").isEmpty();
    }

    @Test
    void everyContainerHasResourceRequestsAndLimits() {
        var problems = new ArrayList<String>();
        Manifests.allRenders().forEach((dir, resources) -> {
            for (var c : Manifests.containers(resources)) {
                for (String r : List.of("cpu", "memory")) {
                    JsonNode req = c.node().path("resources").path("requests").path(r);
                    JsonNode lim = c.node().path("resources").path("limits").path(r);
                    if (req.isMissingNode() || lim.isMissingNode()) {
                        problems.add(dir + " " + c.describe() + ": " + r + " request and limit");
                    } else if (amount(req).compareTo(amount(lim)) > 0) {
                        problems.add(dir + " " + c.describe() + ": " + r + " request above its limit");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void quarkusServicesProbeTheirHealthEndpoints(String overlay) {
        var resources = Manifests.render(overlay);
        for (String deployment : List.of(Manifests.API, Manifests.WORKER)) {
            var c = Manifests.container(resources, deployment);
            var env = c.environment(resources);
            int port = Integer.parseInt(env.get("QUARKUS_HTTP_PORT"));
            assertThat(env).as(c.describe() + " listens on every interface").containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
            Map<String, String> expected = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                    "readinessProbe", "/q/health/ready");
            expected.forEach((probe, path) -> {
                JsonNode get = c.node().path(probe).path("httpGet");
                assertThat(get.path("path").asText()).as(c.describe() + " " + probe).isEqualTo(path);
                assertThat(containerPort(c.node(), get.path("port"))).as(c.describe() + " " + probe + " port").isEqualTo(port);
            });
            assertThat(c.owner().path("spec").path("template").path("metadata").path("annotations").path("prometheus.io/port").asText())
                    .as(c.describe() + " scrape port").isEqualTo(String.valueOf(port));
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void jvmHeapFollowsTheMemoryLimit(String overlay) {
        var resources = Manifests.render(overlay);
        for (var c : Manifests.containers(resources)) {
            var env = c.environment(resources);
            String options = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
            if (!c.node().path("image").asText().contains("imagequeue/")) {
                continue;
            }
            var flags = Settings.jvmFlags(options);
            assertThat(flags).as(c.describe() + " JAVA_TOOL_OPTIONS").containsKey("-XX:MaxRAMPercentage");
            assertThat(flags.keySet()).as(c.describe() + ": -Xmx would override the percentage").noneMatch(f -> f.startsWith("-Xmx"));
            double percent = Double.parseDouble(flags.get("-XX:MaxRAMPercentage"));
            long limit = amount(c.node().path("resources").path("limits").path("memory")).longValue();
            assertThat(limit - (long) (limit * percent / 100)).as(c.describe() + ": memory left beside the heap").isGreaterThanOrEqualTo(NON_HEAP_BYTES);
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void workerGracePeriodOutlastsTheDrain(String overlay) {
        var resources = Manifests.render(overlay);
        var worker = Manifests.container(resources, Manifests.WORKER);
        String drain = worker.environment(resources).get("IMAGEQUEUE_DISPATCH_DRAIN_TIMEOUT");
        assertThat(drain).as("the drain timeout is set explicitly, not left to a default that may change").isNotNull();
        Duration needed = Settings.duration(drain).plus(preStopSleep(worker.node())).plus(AFTER_DRAIN);
        assertThat(gracePeriod(worker)).as("worker terminationGracePeriodSeconds vs drain " + drain + " + preStop + margin")
                .isGreaterThanOrEqualTo(needed);
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void apiGracePeriodOutlastsInFlightRequests(String overlay) {
        var resources = Manifests.render(overlay);
        var api = Manifests.container(resources, Manifests.API);
        String shutdown = api.environment(resources).get("QUARKUS_SHUTDOWN_TIMEOUT");
        assertThat(shutdown).as("QUARKUS_SHUTDOWN_TIMEOUT").isNotNull();
        assertThat(gracePeriod(api)).isGreaterThan(Settings.duration(shutdown).plus(preStopSleep(api.node())));
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void servicesStopOnlyAfterAPreStopPause(String overlay) {
        var resources = Manifests.render(overlay);
        for (String d : List.of(Manifests.API, Manifests.WORKER)) {
            assertThat(preStopSleep(Manifests.container(resources, d).node())).as(d + " preStop sleep")
                    .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void autoscaledDeploymentsLeaveReplicasToTheAutoscaler(String overlay) {
        var resources = Manifests.render(overlay);
        var scaled = new ArrayList<String>();
        Manifests.ofKind(resources, "HorizontalPodAutoscaler").forEach(h -> scaled.add(h.path("spec").path("scaleTargetRef").path("name").asText()));
        Manifests.ofKind(resources, "ScaledObject").forEach(s -> scaled.add(s.path("spec").path("scaleTargetRef").path("name").asText()));
        assertThat(scaled).contains(Manifests.API, Manifests.WORKER);
        for (String name : scaled) {
            // a replicas field would reset the autoscaler's choice on every kubectl apply
            assertThat(Manifests.get(resources, "Deployment", name).path("spec").has("replicas")).as(name + " spec.replicas").isFalse();
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void kubernetesServicesGetEverySettingTheLocalStackSets(String overlay) {
        var resources = Manifests.render(overlay);
        var local = Settings.localStack();
        Set<String> api = Settings.serviceSettings(Manifests.container(resources, Manifests.API).environment(resources));
        Set<String> worker = Settings.serviceSettings(Manifests.container(resources, Manifests.WORKER).environment(resources));
        // the bootstrap tenant is for local runs only: production must not create it
        boolean production = overlay.endsWith("production");
        var apiExpected = local.api().stream().filter(n -> !production || !n.startsWith("IMAGEQUEUE_BOOTSTRAP_")).toList();
        assertThat(api).as(overlay + " API settings").containsAll(apiExpected);
        assertThat(worker).as(overlay + " worker settings").containsAll(local.worker());
        if (production) {
            assertThat(api).as("production API").noneMatch(n -> n.startsWith("IMAGEQUEUE_BOOTSTRAP_"));
        }
    }

    @Test
    void servicesSelectPodsAndTargetTheirPorts() {
        Manifests.allRenders().forEach((dir, resources) -> {
            for (ObjectNode svc : Manifests.ofKind(resources, "Service")) {
                var selected = resources.stream()
                        .filter(r -> r.path("spec").path("template").path("metadata").path("labels").isObject())
                        .filter(r -> Pods.matches(Yaml.JSON.createObjectNode().set("matchLabels", svc.path("spec").path("selector")),
                                Pods.labels(r.path("spec").path("template").path("metadata").path("labels"))))
                        .toList();
                assertThat(selected).as(dir + " " + Manifests.id(svc) + " selects pods").isNotEmpty();
                for (JsonNode port : svc.path("spec").path("ports")) {
                    for (ObjectNode w : selected) {
                        JsonNode container = w.path("spec").path("template").path("spec").path("containers").get(0);
                        assertThat(containerPort(container, port.path("targetPort"))).as(dir + " " + Manifests.id(svc) + " targetPort").isPositive();
                    }
                }
            }
        });
    }

    private static Duration gracePeriod(Manifests.Container c) {
        JsonNode g = c.podSpec().path("terminationGracePeriodSeconds");
        return Duration.ofSeconds(g.isMissingNode() ? 30 : g.asLong());
    }

    private static Duration preStopSleep(JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.path("sleep").has("seconds")) {
            return Duration.ofSeconds(preStop.path("sleep").path("seconds").asLong());
        }
        JsonNode command = preStop.path("exec").path("command");
        if (command.size() == 2 && command.get(0).asText().equals("sleep")) {
            return Duration.ofSeconds(Long.parseLong(command.get(1).asText()));
        }
        return Duration.ZERO;
    }

    /** The number of a port given by number or by the name of one of the container's ports; -1 if unknown. */
    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static BigDecimal amount(JsonNode quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity.asText()));
    }
}

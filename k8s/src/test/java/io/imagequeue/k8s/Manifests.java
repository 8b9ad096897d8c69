package io.imagequeue.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The rendered kustomizations, and questions about them that several tests ask. */
final class Manifests {

    /** The overlays that deploy the application; each is checked together with the infrastructure and monitoring. */
    static final List<String> APP_OVERLAYS = List.of("overlays/local", "overlays/production");
    static final String INFRA = "overlays/infra";
    static final String MONITORING = "monitoring";

    static final String API = "api-service";
    static final String WORKER = "worker-service";

    private static final Map<Path, List<ObjectNode>> RENDERS = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The rendering of k8s/{@code dir}, rendered once per test run. Callers must not modify it. */
    static List<ObjectNode> render(String dir) {
        return render(Repository.K8S.resolve(dir));
    }

    static List<ObjectNode> render(Path dir) {
        return RENDERS.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::render);
    }

    /** Every kustomization under k8s/, by its path relative to k8s/. */
    static Map<String, List<ObjectNode>> allRenders() {
        var all = new LinkedHashMap<String, List<ObjectNode>>();
        for (Path dir : Repository.kustomizations()) {
            all.put(Repository.K8S.relativize(dir).toString(), render(dir));
        }
        return all;
    }

    /** What one app overlay applies to a cluster together with overlays/infra and monitoring. */
    static List<ObjectNode> environment(String appOverlay) {
        return Stream.of(render(appOverlay), render(INFRA), render(MONITORING)).flatMap(List::stream).toList();
    }

    static String id(JsonNode res) {
        return res.path("kind").asText() + "/" + res.path("metadata").path("name").asText();
    }

    static List<ObjectNode> ofKind(List<ObjectNode> resources, String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    static Optional<ObjectNode> find(List<ObjectNode> resources, String kind, String name) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind) && r.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    static ObjectNode get(List<ObjectNode> resources, String kind, String name) {
        return find(resources, kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    /** The pod specs a workload resource carries (Deployment, StatefulSet, DaemonSet, Job, CronJob). */
    static List<JsonNode> podSpecs(JsonNode res) {
        JsonNode spec = res.path("spec");
        var out = new ArrayList<JsonNode>();
        if (spec.path("template").path("spec").isObject()) {
            out.add(spec.get("template").get("spec"));
        }
        JsonNode job = spec.path("jobTemplate").path("spec").path("template").path("spec");
        if (job.isObject()) {
            out.add(job);
        }
        return out;
    }

    /** Every container of every workload, with the resource it belongs to. */
    static List<Container> containers(List<ObjectNode> resources) {
        var out = new ArrayList<Container>();
        for (ObjectNode res : resources) {
            for (JsonNode podSpec : podSpecs(res)) {
                for (String list : List.of("initContainers", "containers")) {
                    for (JsonNode c : podSpec.path(list)) {
                        out.add(new Container(res, podSpec, c, list.equals("initContainers")));
                    }
                }
            }
        }
        return out;
    }

    /** The single container of a Deployment. */
    static Container container(List<ObjectNode> resources, String deployment) {
        ObjectNode d = get(resources, "Deployment", deployment);
        JsonNode podSpec = d.path("spec").path("template").path("spec");
        return new Container(d, podSpec, podSpec.path("containers").get(0), false);
    }

    /**
     * One container as it would run.
     *
     * @param owner   the workload
     * @param podSpec its pod spec
     * @param node    the container
     * @param init    whether it is an init container
     */
    record Container(ObjectNode owner, JsonNode podSpec, JsonNode node, boolean init) {

        String describe() {
            return id(owner) + " container " + node.path("name").asText();
        }

        /**
         * The environment the container gets: {@code envFrom} ConfigMaps resolved from {@code resources},
         * then {@code env}. A value from a Secret or another source is recorded as {@code <from secret name/key>}.
         */
        Map<String, String> environment(List<ObjectNode> resources) {
            var env = new LinkedHashMap<String, String>();
            for (JsonNode from : node.path("envFrom")) {
                if (from.has("configMapRef")) {
                    String name = from.get("configMapRef").path("name").asText();
                    ObjectNode cm = get(resources, "ConfigMap", name);
                    cm.path("data").fields().forEachRemaining(e -> env.put(from.path("prefix").asText("") + e.getKey(), e.getValue().asText()));
                } else if (from.has("secretRef")) {
                    throw new AssertionError(describe() + ": envFrom a Secret hides which variables it sets; use env with secretKeyRef");
                }
            }
            for (JsonNode e : node.path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                String value = e.has("value") ? e.get("value").asText()
                        : ref.isObject() ? "<from secret " + ref.path("name").asText() + "/" + ref.path("key").asText() + ">"
                        : "<from " + e.path("valueFrom") + ">";
                env.put(e.path("name").asText(), value);
            }
            return env;
        }
    }
}

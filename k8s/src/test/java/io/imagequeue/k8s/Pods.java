package io.imagequeue.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods a set of resources leads to, by their labels: the templates of workloads, and the pods that the
 * operators of overlays/infra make. The operators' labels are those of CloudNativePG 1.2x ({@code cnpg.io/cluster})
 * and Strimzi 0.4x with node pools ({@code strimzi.io/cluster}, {@code strimzi.io/broker-role}, ...).
 */
final class Pods {

    private Pods() {
    }

    /**
     * Labels of one kind of pod.
     *
     * @param source    the resource that makes them
     * @param namespace their namespace
     * @param labels    their labels
     */
    record Pod(String source, String namespace, Map<String, String> labels) {
    }

    static List<Pod> of(List<ObjectNode> resources) {
        var pods = new ArrayList<Pod>();
        for (ObjectNode res : resources) {
            String ns = res.path("metadata").path("namespace").asText("default");
            String name = res.path("metadata").path("name").asText();
            String kind = res.path("kind").asText();
            String apiGroup = res.path("apiVersion").asText();
            if (res.path("spec").path("template").path("metadata").path("labels").isObject()) {
                pods.add(new Pod(Manifests.id(res), ns, labels(res.path("spec").path("template").path("metadata").path("labels"))));
            } else if (kind.equals("Cluster") && apiGroup.startsWith("postgresql.cnpg.io/")) {
                var l = labels(res.path("spec").path("inheritedMetadata").path("labels"));
                l.put("cnpg.io/cluster", name);
                l.put("cnpg.io/podRole", "instance");
                pods.add(new Pod(Manifests.id(res), ns, l));
            } else if (kind.equals("KafkaNodePool") && apiGroup.startsWith("kafka.strimzi.io/")) {
                String cluster = res.path("metadata").path("labels").path("strimzi.io/cluster").asText();
                var l = new LinkedHashMap<String, String>();
                l.put("strimzi.io/cluster", cluster);
                l.put("strimzi.io/kind", "Kafka");
                l.put("strimzi.io/name", cluster + "-kafka");
                l.put("strimzi.io/pool-name", name);
                for (JsonNode role : res.path("spec").path("roles")) {
                    l.put("strimzi.io/" + role.asText() + "-role", "true");
                }
                pods.add(new Pod(Manifests.id(res), ns, l));
            } else if (kind.equals("Kafka") && apiGroup.startsWith("kafka.strimzi.io/")) {
                for (String part : List.of("kafkaExporter", "entityOperator")) {
                    if (res.path("spec").has(part)) {
                        String suffix = part.equals("kafkaExporter") ? "kafka-exporter" : "entity-operator";
                        pods.add(new Pod(Manifests.id(res) + " " + part, ns, Map.of(
                                "strimzi.io/cluster", name, "strimzi.io/kind", "Kafka", "strimzi.io/name", name + "-" + suffix)));
                    }
                }
            }
        }
        return pods;
    }

    static Map<String, String> labels(JsonNode node) {
        var out = new LinkedHashMap<String, String>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Whether a LabelSelector (matchLabels and matchExpressions) selects these labels; an empty one selects all. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        var ok = new boolean[] {true};
        selector.path("matchLabels").fields().forEachRemaining(e -> {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                ok[0] = false;
            }
        });
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = expr.path("key").asText();
            var values = new ArrayList<String>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            boolean m = switch (expr.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new AssertionError("unknown selector operator " + expr.path("operator").asText());
            };
            ok[0] &= m;
        }
        return ok[0];
    }

    /** The pods of {@code namespace} that {@code selector} selects. */
    static List<Pod> selected(List<Pod> pods, String namespace, JsonNode selector) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && matches(selector, p.labels())).toList();
    }
}

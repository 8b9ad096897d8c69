package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Built-in kinds are read into the fabric8 Kubernetes model. Custom resources have no model here, so the
 * fields we rely on are checked by hand against their operators' CRDs (KEDA 2.1x, Strimzi 0.4x v1beta2,
 * CloudNativePG 1.2x, Prometheus Operator v1): required fields present, no field the CRD does not know.
 */
class KubernetesSchemaTest {

    private static final Set<String> CUSTOM = Set.of("ScaledObject", "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "PodMonitor");

    @Test
    void everyBuiltInResourceReadsCompletelyIntoTheKubernetesModel() {
        var problems = new ArrayList<String>();
        Manifests.allRenders().forEach((dir, resources) -> {
            for (ObjectNode r : resources) {
                if (!CUSTOM.contains(r.path("kind").asText())) {
                    KubeModel.problems(r).forEach(p -> problems.add(dir + " " + Manifests.id(r) + ": " + p));
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void scaledObjectsHaveTheFieldsKedaReads() {
        var problems = new ArrayList<String>();
        forEachCustom("ScaledObject", "keda.sh/v1alpha1", (where, so) -> {
            JsonNode spec = so.path("spec");
            onlyFields(where + " spec", spec, Set.of("scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod",
                    "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers"), problems);
            onlyFields(where + " scaleTargetRef", spec.path("scaleTargetRef"), Set.of("apiVersion", "kind", "name", "envSourceContainerName"), problems);
            require(where, spec.path("scaleTargetRef").path("name").isTextual(), "scaleTargetRef.name", problems);
            for (String count : List.of("minReplicaCount", "maxReplicaCount", "pollingInterval", "cooldownPeriod")) {
                require(where, spec.path(count).isInt(), count + " is an integer", problems);
            }
            require(where, spec.path("triggers").isArray() && !spec.path("triggers").isEmpty(), "triggers", problems);
            for (JsonNode t : spec.path("triggers")) {
                onlyFields(where + " trigger", t, Set.of("type", "name", "metadata", "authenticationRef", "metricType", "useCachedMetrics"), problems);
                require(where, t.path("type").asText().equals("kafka"), "trigger type kafka", problems);
                onlyFields(where + " kafka trigger metadata", t.path("metadata"), Set.of("bootstrapServers", "consumerGroup", "topic",
                        "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers", "scaleToZeroOnInvalidOffset",
                        "excludePersistentLag", "version", "partitionLimitation", "limitToPartitionsWithLag", "sasl", "tls",
                        "ensureEvenDistributionOfPartitions"), problems);
                // trigger metadata is map[string]string in the CRD: an unquoted number or boolean is rejected
                t.path("metadata").fields().forEachRemaining(e -> require(where, e.getValue().isTextual(),
                        "trigger metadata " + e.getKey() + " is a string", problems));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void strimziResourcesHaveTheFieldsTheOperatorReads() {
        var problems = new ArrayList<String>();
        var clusters = new HashSet<String>();
        forEachCustom("Kafka", "kafka.strimzi.io/v1beta2", (where, k) -> {
            clusters.add(k.path("metadata").path("name").asText());
            onlyFields(where + " spec", k.path("spec"), Set.of("kafka", "entityOperator", "kafkaExporter", "cruiseControl",
                    "clusterCa", "clientsCa", "maintenanceTimeWindows"), problems);
            require(where, "enabled".equals(k.path("metadata").path("annotations").path("strimzi.io/node-pools").asText()),
                    "annotation strimzi.io/node-pools: enabled", problems);
            require(where, !k.path("spec").has("zookeeper"), "KRaft (no zookeeper)", problems);
            JsonNode listeners = k.path("spec").path("kafka").path("listeners");
            require(where, listeners.isArray() && !listeners.isEmpty(), "listeners", problems);
            for (JsonNode l : listeners) {
                require(where, l.path("name").asText().matches("[a-z0-9]{1,11}"), "listener name of 1-11 [a-z0-9]", problems);
                require(where, l.path("port").isInt() && l.path("port").asInt() >= 9092, "listener port >= 9092", problems);
                require(where, Set.of("internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip").contains(l.path("type").asText()),
                        "listener type", problems);
                require(where, l.path("tls").isBoolean(), "listener tls is a boolean", problems);
            }
        });
        forEachCustom("KafkaNodePool", "kafka.strimzi.io/v1beta2", (where, pool) -> {
            require(where, clusters.contains(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()),
                    "label strimzi.io/cluster naming a Kafka", problems);
            require(where, pool.path("spec").path("replicas").asInt() >= 1, "replicas >= 1", problems);
            pool.path("spec").path("roles").forEach(r -> require(where, Set.of("controller", "broker").contains(r.asText()), "role " + r, problems));
            require(where, Set.of("jbod", "persistent-claim", "ephemeral").contains(pool.path("spec").path("storage").path("type").asText()),
                    "storage type", problems);
            pool.path("spec").path("storage").path("volumes").forEach(v -> quantity(where, v.path("size").asText(), problems));
        });
        int brokers = 0;
        for (var entry : Manifests.allRenders().entrySet()) {
            for (JsonNode pool : Manifests.ofKind(entry.getValue(), "KafkaNodePool")) {
                if (pool.path("spec").path("roles").toString().contains("broker")) {
                    brokers += pool.path("spec").path("replicas").asInt();
                }
            }
        }
        int brokerCount = brokers;
        forEachCustom("KafkaTopic", "kafka.strimzi.io/v1beta2", (where, t) -> {
            onlyFields(where + " spec", t.path("spec"), Set.of("topicName", "partitions", "replicas", "config"), problems);
            require(where, clusters.contains(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()),
                    "label strimzi.io/cluster naming a Kafka", problems);
            require(where, t.path("spec").path("partitions").asInt() >= 1, "partitions >= 1", problems);
            require(where, t.path("spec").path("replicas").asInt() >= 1 && t.path("spec").path("replicas").asInt() <= brokerCount,
                    "1 <= replicas <= brokers (" + brokerCount + ")", problems);
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void cloudNativePgClusterHasTheFieldsTheOperatorReads() {
        var problems = new ArrayList<String>();
        forEachCustom("Cluster", "postgresql.cnpg.io/v1", (where, c) -> {
            JsonNode spec = c.path("spec");
            onlyFields(where + " spec", spec, Set.of("instances", "imageName", "bootstrap", "postgresql", "storage", "walStorage",
                    "resources", "monitoring", "affinity", "backup", "inheritedMetadata", "enableSuperuserAccess", "primaryUpdateStrategy"), problems);
            require(where, spec.path("instances").asInt() >= 1, "instances >= 1", problems);
            quantity(where, spec.path("storage").path("size").asText(), problems);
            require(where, spec.path("bootstrap").path("initdb").path("database").isTextual(), "bootstrap.initdb.database", problems);
            require(where, spec.path("bootstrap").path("initdb").path("owner").isTextual(), "bootstrap.initdb.owner", problems);
            spec.path("postgresql").path("parameters").fields().forEachRemaining(e ->
                    require(where, e.getValue().isTextual(), "postgresql parameter " + e.getKey() + " is a string", problems));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void podMonitorsHaveTheFieldsPrometheusOperatorReads() {
        var problems = new ArrayList<String>();
        forEachCustom("PodMonitor", "monitoring.coreos.com/v1", (where, pm) -> {
            require(where, pm.path("spec").path("selector").isObject(), "selector", problems);
            require(where, !pm.path("spec").path("podMetricsEndpoints").isEmpty(), "podMetricsEndpoints", problems);
            pm.path("spec").path("podMetricsEndpoints").forEach(e -> require(where, e.path("port").isTextual(), "endpoint port name", problems));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyKindIsKnown() {
        Manifests.allRenders().forEach((dir, resources) -> resources.forEach(r -> assertThat(
                KubeModel.BUILT_IN.containsKey(r.path("kind").asText()) || CUSTOM.contains(r.path("kind").asText()))
                .as(dir + " " + Manifests.id(r) + ": a kind the tests know").isTrue()));
    }

    private interface Check {
        void check(String where, JsonNode resource);
    }

    private static void forEachCustom(String kind, String apiVersion, Check check) {
        Manifests.allRenders().forEach((dir, resources) -> {
            for (ObjectNode r : Manifests.ofKind(resources, kind)) {
                String where = dir + " " + Manifests.id(r);
                assertThat(r.path("apiVersion").asText()).as(where + " apiVersion").isEqualTo(apiVersion);
                check.check(where, r);
            }
        });
    }

    private static void onlyFields(String where, JsonNode node, Set<String> allowed, List<String> problems) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                problems.add(where + ": unknown field " + f);
            }
        });
    }

    private static void require(String where, boolean ok, String what, List<String> problems) {
        if (!ok) {
            problems.add(where + ": needs " + what);
        }
    }

    private static void quantity(String where, String value, List<String> problems) {
        try {
            Quantity.getAmountInBytes(new Quantity(value));
        } catch (RuntimeException e) {
            problems.add(where + ": quantity '" + value + "' does not parse");
        }
    }

}

package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The API scales on CPU, the workers on per-model consumer lag, never past the partitions of a topic. */
class AutoscalingTest {

    static final List<String> APP_OVERLAYS = Manifests.APP_OVERLAYS;

    private static final Properties WORKER = Settings.properties(Repository.WORKER_PROPERTIES);

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void everyScaledObjectTargetsTheWorkerDeployment(String overlay) {
        var resources = Manifests.render(overlay);
        List<ObjectNode> scaled = Manifests.ofKind(resources, "ScaledObject");
        assertThat(scaled).isNotEmpty();
        for (ObjectNode so : scaled) {
            JsonNode ref = so.path("spec").path("scaleTargetRef");
            assertThat(ref.path("kind").asText("Deployment")).isEqualTo("Deployment");
            assertThat(ref.path("apiVersion").asText("apps/v1")).isEqualTo("apps/v1");
            assertThat(ref.path("name").asText()).isEqualTo(Manifests.WORKER);
            assertThat(Manifests.find(resources, "Deployment", Manifests.WORKER)).isPresent();
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void workerReplicasNeverExceedTopicPartitions(String overlay) {
        var resources = Manifests.render(overlay);
        var env = Manifests.container(resources, Manifests.WORKER).environment(resources);
        int partitions = Integer.parseInt(env.get("IMAGEQUEUE_KAFKA_PARTITIONS"));
        // the topics of overlays/infra are made with their own partition count: the lower one is the ceiling
        int infraPartitions = Manifests.ofKind(Manifests.render(Manifests.INFRA), "KafkaTopic").stream()
                .filter(t -> t.path("spec").path("topicName").asText().startsWith("imagequeue.tasks."))
                .mapToInt(t -> t.path("spec").path("partitions").asInt()).min().orElseThrow();
        for (ObjectNode so : Manifests.ofKind(resources, "ScaledObject")) {
            int max = so.path("spec").path("maxReplicaCount").asInt();
            int min = so.path("spec").path("minReplicaCount").asInt();
            assertThat(max).as(overlay + " maxReplicaCount vs IMAGEQUEUE_KAFKA_PARTITIONS").isLessThanOrEqualTo(partitions);
            assertThat(max).as(overlay + " maxReplicaCount vs the infra topics' partitions").isLessThanOrEqualTo(infraPartitions);
            assertThat(min).as(overlay + " minReplicaCount").isBetween(1, max);
            for (JsonNode t : so.path("spec").path("triggers")) {
                // with idle consumers allowed, KEDA would scale past the partitions
                assertThat(t.path("metadata").path("allowIdleConsumers").asText()).as(t.path("name").asText()).isEqualTo("false");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void workersNeverScaleToZero(String overlay) {
        // the workers also run the outbox relay and the lease reaper: someone must always be there
        for (ObjectNode so : Manifests.ofKind(Manifests.render(overlay), "ScaledObject")) {
            assertThat(so.path("spec").path("minReplicaCount").asInt(0)).isGreaterThanOrEqualTo(1);
            assertThat(so.path("spec").has("idleReplicaCount")).isFalse();
        }
    }

    @Test
    void lagTriggersCoverEveryModelTopicOfBothLanes() {
        Set<String> catalog = Settings.catalogTopics();
        assertThat(catalog).isNotEmpty();
        for (String overlay : APP_OVERLAYS) {
            var topics = new ArrayList<String>();
            for (ObjectNode so : Manifests.ofKind(Manifests.render(overlay), "ScaledObject")) {
                so.path("spec").path("triggers").forEach(t -> topics.add(t.path("metadata").path("topic").asText()));
            }
            assertThat(topics).as(overlay + ": one lag trigger per model and lane of the catalog").containsExactlyInAnyOrderElementsOf(catalog);
        }
        var expected = new ArrayList<String>(catalog);
        expected.add(WORKER.getProperty("mp.messaging.incoming.task-jobs.dead-letter-queue.topic"));
        var infraTopics = Manifests.ofKind(Manifests.render(Manifests.INFRA), "KafkaTopic").stream()
                .map(t -> t.path("spec").path("topicName").asText()).toList();
        assertThat(infraTopics).as("overlays/infra: a KafkaTopic per model and lane, and the dead-letter topic")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void lagTriggersReadTheWorkersConsumerGroup(String overlay) {
        var resources = Manifests.render(overlay);
        var env = Manifests.container(resources, Manifests.WORKER).environment(resources);
        String group = WORKER.getProperty("mp.messaging.incoming.task-jobs.group.id");
        String reset = WORKER.getProperty("mp.messaging.incoming.task-jobs.auto.offset.reset", "latest");
        for (ObjectNode so : Manifests.ofKind(resources, "ScaledObject")) {
            for (JsonNode t : so.path("spec").path("triggers")) {
                JsonNode m = t.path("metadata");
                String where = overlay + " trigger " + t.path("name").asText();
                assertThat(m.path("consumerGroup").asText()).as(where + " consumerGroup").isEqualTo(group);
                assertThat(m.path("bootstrapServers").asText()).as(where + " bootstrapServers").isEqualTo(env.get("KAFKA_BOOTSTRAP_SERVERS"));
                assertThat(m.path("offsetResetPolicy").asText("latest")).as(where + " offsetResetPolicy").isEqualTo(reset);
                assertThat(Integer.parseInt(m.path("lagThreshold").asText())).as(where + " lagThreshold").isPositive();
            }
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void apiScalesOnCpu(String overlay) {
        var resources = Manifests.render(overlay);
        ObjectNode hpa = Manifests.get(resources, "HorizontalPodAutoscaler", Manifests.API);
        JsonNode spec = hpa.path("spec");
        assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(Manifests.API);
        assertThat(spec.path("minReplicas").asInt()).isBetween(1, spec.path("maxReplicas").asInt());
        assertThat(spec.path("metrics")).anySatisfy(m -> {
            assertThat(m.path("resource").path("name").asText()).isEqualTo("cpu");
            assertThat(m.path("resource").path("target").path("averageUtilization").asInt()).isBetween(40, 90);
        });
        // utilisation is measured against requests: without one the HPA cannot scale
        assertThat(Manifests.container(resources, Manifests.API).node().path("resources").path("requests").has("cpu")).isTrue();
    }

    @Test
    void productionKeepsMoreThanOnePodOfEachService() {
        var resources = Manifests.render("overlays/production");
        assertThat(Manifests.get(resources, "HorizontalPodAutoscaler", Manifests.API).path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(Manifests.get(resources, "ScaledObject", Manifests.WORKER).path("spec").path("minReplicaCount").asInt()).isGreaterThanOrEqualTo(2);
    }
}

package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each app overlay is checked together with overlays/infra and monitoring, the way they run in one namespace:
 * disruption budgets and network policies select pods that exist, and the policies let through only what the
 * issue asks for.
 */
class NetworkAndDisruptionTest {

    static final List<String> APP_OVERLAYS = Manifests.APP_OVERLAYS;

    /** Kafka, PostgreSQL, the S3 store, DNS, HTTPS providers, and the simulator in overlays/local. */
    private static final Set<Integer> WORKER_EGRESS_PORTS = Set.of(9092, 5432, 9000, 53, 443, 18100);

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void podDisruptionBudgetsSelectExistingPodsAndLetOneGo(String overlay) {
        var env = Manifests.environment(overlay);
        var pods = Pods.of(env);
        var budgets = Manifests.ofKind(env, "PodDisruptionBudget");
        assertThat(budgets).extracting(b -> b.path("metadata").path("name").asText()).contains(Manifests.API, Manifests.WORKER);
        for (ObjectNode pdb : budgets) {
            String ns = pdb.path("metadata").path("namespace").asText();
            assertThat(Pods.selected(pods, ns, pdb.path("spec").path("selector"))).as(overlay + " " + Manifests.id(pdb) + " selects pods").isNotEmpty();
            // minAvailable equal to the replica count would block every node drain
            assertThat(pdb.path("spec").has("maxUnavailable")).as(overlay + " " + Manifests.id(pdb) + " uses maxUnavailable").isTrue();
            assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isPositive();
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void networkPoliciesSelectExistingPods(String overlay) {
        var env = Manifests.environment(overlay);
        var pods = Pods.of(env);
        var problems = new ArrayList<String>();
        for (ObjectNode np : Manifests.ofKind(env, "NetworkPolicy")) {
            String ns = np.path("metadata").path("namespace").asText();
            String where = overlay + " " + Manifests.id(np);
            if (Pods.selected(pods, ns, np.path("spec").path("podSelector")).isEmpty()) {
                problems.add(where + ": podSelector selects no pod");
            }
            for (String dir : List.of("ingress", "egress")) {
                for (JsonNode rule : np.path("spec").path(dir)) {
                    for (JsonNode peer : rule.path(dir.equals("ingress") ? "from" : "to")) {
                        // a peer in another namespace (namespaceSelector) is the cluster's, not ours to check
                        if (peer.has("podSelector") && !peer.has("namespaceSelector")
                                && Pods.selected(pods, ns, peer.get("podSelector")).isEmpty()) {
                            problems.add(where + ": " + dir + " peer " + peer.get("podSelector") + " selects no pod");
                        }
                    }
                }
            }
        }
        // Strimzi turns the listener's networkPolicyPeers into a policy of its own
        for (ObjectNode kafka : Manifests.ofKind(env, "Kafka")) {
            for (JsonNode l : kafka.path("spec").path("kafka").path("listeners")) {
                for (JsonNode peer : l.path("networkPolicyPeers")) {
                    if (peer.has("podSelector") && !peer.has("namespaceSelector")
                            && Pods.selected(pods, kafka.path("metadata").path("namespace").asText(), peer.get("podSelector")).isEmpty()) {
                        problems.add(overlay + " Kafka listener " + l.path("name").asText() + ": peer selects no pod");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void apiTakesTrafficOnlyFromTheIngressAndMonitoringNamespaces(String overlay) {
        var env = Manifests.environment(overlay);
        var policies = policiesSelecting(env, Manifests.API);
        assertThat(policies).isNotEmpty();
        var sources = new TreeSet<String>();
        for (ObjectNode np : policies) {
            for (JsonNode rule : np.path("spec").path("ingress")) {
                assertThat(rule.path("from")).as("an ingress rule without 'from' admits everyone").isNotEmpty();
                rule.path("from").forEach(peer -> sources.add(peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText("?")));
                assertThat(rule.path("ports")).extracting(p -> p.path("port").asInt()).containsOnly(18080);
            }
        }
        assertThat(sources).containsExactlyInAnyOrder("ingress-nginx", "monitoring");
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void workersReachOnlyKafkaPostgresS3AndProviders(String overlay) {
        var env = Manifests.environment(overlay);
        var policies = policiesSelecting(env, Manifests.WORKER);
        assertThat(policies).anySatisfy(np -> assertThat(np.path("spec").path("policyTypes").toString()).contains("Egress").contains("Ingress"));
        var ports = new TreeSet<Integer>();
        for (ObjectNode np : policies) {
            for (JsonNode rule : np.path("spec").path("egress")) {
                assertThat(rule.path("ports")).as(Manifests.id(np) + ": an egress rule without ports opens every port").isNotEmpty();
                assertThat(rule.path("to")).as(Manifests.id(np) + ": an egress rule without 'to' reaches everyone").isNotEmpty();
                rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
                for (JsonNode peer : rule.path("to")) {
                    if (peer.has("ipBlock")) {
                        // public addresses only: the cluster's own ranges stay closed
                        assertThat(peer.path("ipBlock").path("except").toString()).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
                        assertThat(rule.path("ports")).extracting(p -> p.path("port").asInt()).containsOnly(443);
                    }
                }
            }
            for (JsonNode rule : np.path("spec").path("ingress")) {
                assertThat(rule.path("ports")).extracting(p -> p.path("port").asInt()).containsOnly(18090);
            }
        }
        assertThat(ports).as("ports the workers reach").isSubsetOf(WORKER_EGRESS_PORTS).contains(9092, 5432, 9000, 443);
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void databaseAcceptsOnlyOurServices(String overlay) {
        var env = Manifests.environment(overlay);
        var pods = Pods.of(env);
        ObjectNode db = Manifests.ofKind(env, "Cluster").get(0);
        var dbPod = pods.stream().filter(p -> p.source().equals(Manifests.id(db))).findFirst().orElseThrow();
        var policies = Manifests.ofKind(env, "NetworkPolicy").stream()
                .filter(np -> Pods.matches(np.path("spec").path("podSelector"), dbPod.labels())).toList();
        assertThat(policies).as("a policy guards the database").isNotEmpty();
        for (ObjectNode np : policies) {
            for (JsonNode rule : np.path("spec").path("ingress")) {
                assertThat(rule.path("from")).isNotEmpty();
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("namespaceSelector")) {
                        // only the operator's namespace, for its status checks
                        assertThat(peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText()).isEqualTo("cnpg-system");
                        continue;
                    }
                    var admitted = Pods.selected(pods, db.path("metadata").path("namespace").asText(), peer.path("podSelector"));
                    assertThat(admitted).as(Manifests.id(np) + " admits").allMatch(p -> p.source().equals("Deployment/" + Manifests.API)
                            || p.source().equals("Deployment/" + Manifests.WORKER) || p.source().equals(Manifests.id(db)));
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("APP_OVERLAYS")
    void databaseConnectionsFitTheServer(String overlay) {
        var env = Manifests.environment(overlay);
        int maxConnections = Integer.parseInt(Manifests.ofKind(env, "Cluster").get(0)
                .path("spec").path("postgresql").path("parameters").path("max_connections").asText("100"));
        var resources = Manifests.render(overlay);
        int apiPods = Manifests.get(resources, "HorizontalPodAutoscaler", Manifests.API).path("spec").path("maxReplicas").asInt();
        int workerPods = Manifests.get(resources, "ScaledObject", Manifests.WORKER).path("spec").path("maxReplicaCount").asInt();
        int needed = apiPods * poolSize(resources, Manifests.API, Settings.properties(Repository.API_PROPERTIES))
                + workerPods * poolSize(resources, Manifests.WORKER, Settings.properties(Repository.WORKER_PROPERTIES));
        // a few connections stay free for the superuser, the operator and a person with psql
        assertThat(needed).as(overlay + ": pool connections at the replica ceilings").isLessThanOrEqualTo(maxConnections - 10);
    }

    private static int poolSize(List<ObjectNode> resources, String deployment, Properties defaults) {
        var env = Manifests.container(resources, deployment).environment(resources);
        int reactive = Integer.parseInt(env.getOrDefault("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE",
                defaults.getProperty("quarkus.datasource.reactive.max-size", "20")));
        int jdbc = Integer.parseInt(env.getOrDefault("QUARKUS_DATASOURCE_JDBC_MAX_SIZE",
                defaults.getProperty("quarkus.datasource.jdbc.max-size", "20")));
        return reactive + jdbc;
    }

    private static List<ObjectNode> policiesSelecting(List<ObjectNode> env, String deployment) {
        ObjectNode d = Manifests.get(env, "Deployment", deployment);
        var labels = Pods.labels(d.path("spec").path("template").path("metadata").path("labels"));
        return Manifests.ofKind(env, "NetworkPolicy").stream().filter(np -> Pods.matches(np.path("spec").path("podSelector"), labels)).toList();
    }
}

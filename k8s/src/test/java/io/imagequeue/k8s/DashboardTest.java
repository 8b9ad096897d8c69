package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard parses, shows every metric the services publish, and lays its panels out cleanly. */
class DashboardTest {

    /** The metrics the services publish (Micrometer's Prometheus names) and the Kafka exporter's lag. */
    private static final List<String> METRICS = List.of(
            "imagequeue_tasks_submitted_total", "imagequeue_tasks_finished_total", "imagequeue_queue_depth",
            "imagequeue_queue_oldest_age_seconds", "imagequeue_dispatch_latency_seconds_bucket",
            "imagequeue_task_duration_seconds_bucket", "imagequeue_provider_request_seconds_bucket",
            "imagequeue_provider_errors_total", "imagequeue_ratelimit_tokens", "imagequeue_ratelimit_wait_seconds_bucket",
            "imagequeue_worker_in_flight_tasks", "imagequeue_outbox_backlog", "imagequeue_credits_charged_total",
            "kafka_consumergroup_lag");

    private static final JsonNode DASHBOARD = read();

    @Test
    void dashboardShowsEveryMetric() {
        var exprs = expressions();
        for (String metric : METRICS) {
            assertThat(exprs).as("a panel queries " + metric).anyMatch(e -> e.matches("(?s).*\\b" + metric + "\\b.*"));
        }
    }

    @Test
    void latencyPanelsShowP50P95AndP99() {
        for (String histogram : METRICS.stream().filter(m -> m.endsWith("_bucket")).toList()) {
            var panel = panels().stream()
                    .filter(p -> p.path("targets").toString().contains(histogram))
                    .findFirst().orElseThrow();
            String targets = panel.path("targets").toString();
            for (String q : List.of("0.5", "0.95", "0.99")) {
                assertThat(targets).as(panel.path("title").asText() + " p" + q).contains("histogram_quantile(" + q + ",");
            }
            // quantiles are computed over buckets summed across instances, keeping le
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).contains("sum by (le"));
        }
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlap() {
        var ids = new HashSet<Integer>();
        var boxes = new ArrayList<int[]>();
        for (JsonNode p : panels()) {
            assertThat(ids.add(p.path("id").asInt())).as("panel id " + p.path("id") + " unique").isTrue();
            JsonNode g = p.path("gridPos");
            int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            assertThat(box[0] + box[2]).as(p.path("title").asText() + " fits the 24 columns").isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertThat(overlap).as(p.path("title").asText() + " overlaps another panel").isFalse();
            }
            boxes.add(box);
            if (!p.path("type").asText().equals("row")) {
                // every query goes through the dashboard's data source variable, so it works with any Prometheus
                assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(p.path("targets")).as(p.path("title").asText() + " targets").isNotEmpty();
            }
        }
    }

    @Test
    void provisioningPointsGrafanaAtTheDashboard() {
        JsonNode provisioning = Yaml.single(Repository.GRAFANA.resolve("provisioning/dashboards/imagequeue.yaml"));
        assertThat(provisioning.path("providers")).anySatisfy(p -> {
            assertThat(p.path("type").asText()).isEqualTo("file");
            assertThat(p.path("options").path("path").asText()).isNotBlank();
        });
        assertThat(DASHBOARD.path("uid").asText()).isNotBlank();
        assertThat(DASHBOARD.path("templating").path("list").toString()).contains("\"name\":\"datasource\"");
    }

    private static List<String> expressions() {
        var out = new ArrayList<String>();
        panels().forEach(p -> p.path("targets").forEach(t -> out.add(t.path("expr").asText())));
        return out;
    }

    private static List<JsonNode> panels() {
        var out = new ArrayList<JsonNode>();
        for (JsonNode p : DASHBOARD.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    private static JsonNode read() {
        try {
            return Yaml.JSON.readTree(Repository.read(Repository.DASHBOARD));
        } catch (IOException e) {
            throw new IllegalStateException(Repository.DASHBOARD + " is not JSON: " + e.getMessage(), e);
        }
    }
}

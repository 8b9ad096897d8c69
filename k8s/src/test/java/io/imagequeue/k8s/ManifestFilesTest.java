package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestFilesTest {

    @Test
    void everyYamlFileUnderK8sAndComposeParses() {
        var files = new ArrayList<Path>(Repository.yamlFilesUnder(Repository.K8S));
        files.addAll(Repository.yamlFilesUnder(Repository.COMPOSE_DIR));
        files.addAll(Repository.yamlFilesUnder(Repository.GRAFANA));
        assertThat(files).as("YAML files found").hasSizeGreaterThan(10);
        var failures = new ArrayList<String>();
        for (Path f : files) {
            try {
                List<JsonNode> docs = Yaml.documents(f);
                if (docs.isEmpty()) {
                    failures.add(Repository.relative(f) + ": no document");
                }
                docs.stream().filter(d -> !d.isObject()).forEach(d -> failures.add(Repository.relative(f) + ": a document is not a mapping"));
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyKustomizationRenders() {
        var dirs = Repository.kustomizations().stream().map(d -> Repository.K8S.relativize(d).toString()).toList();
        assertThat(dirs).contains("base", "overlays/local", "overlays/production", "overlays/infra", "monitoring");
        Manifests.allRenders().forEach((dir, resources) -> assertThat(resources).as(dir).isNotEmpty());
    }

    @Test
    void everyResourceHasAKindAndAUniqueName() {
        Manifests.allRenders().forEach((dir, resources) -> {
            var seen = new HashSet<String>();
            for (JsonNode r : resources) {
                assertThat(r.path("apiVersion").asText()).as(dir + " " + Manifests.id(r) + " apiVersion").isNotBlank();
                assertThat(r.path("metadata").path("name").asText()).as(dir + " " + Manifests.id(r) + " name")
                        .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
                assertThat(seen.add(Manifests.id(r))).as(dir + ": " + Manifests.id(r) + " twice").isTrue();
            }
        });
    }

    @Test
    void overlaysDeployIntoOneNamespace() {
        // the services reach Kafka, PostgreSQL and MinIO by short Service names: app and infra share a namespace
        for (String dir : List.of("overlays/local", "overlays/production", "overlays/infra", "monitoring")) {
            for (JsonNode r : Manifests.render(dir)) {
                assertThat(r.path("metadata").path("namespace").asText()).as(dir + " " + Manifests.id(r)).isEqualTo("imagequeue");
            }
        }
    }
}

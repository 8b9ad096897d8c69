package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tests check the Java rendering (Kustomize.java) so that they run anywhere; where kubectl is installed,
 * this one proves that rendering equal to {@code kubectl kustomize} for every kustomization.
 */
class KustomizeRenderTest {

    @Test
    void javaRenderingEqualsKubectlKustomize() throws Exception {
        Path kubectl = kubectl();
        assumeTrue(kubectl != null, "kubectl is not installed: the Java rendering alone is checked");
        for (Path dir : Repository.kustomizations()) {
            String rel = Repository.K8S.relativize(dir).toString();
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize " + rel + " finishes").isTrue();
            assertThat(p.exitValue()).as("kubectl kustomize " + rel + ":\n" + out).isZero();
            Map<String, JsonNode> expected = byId(Yaml.documents(out, "kubectl kustomize " + rel));
            Map<String, JsonNode> actual = byId(List.copyOf(Manifests.render(dir)));
            assertThat(actual.keySet()).as(rel + " resources").containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((id, e) -> assertThat(actual.get(id)).as(rel + " " + id).isEqualTo(e));
        }
    }

    private static Map<String, JsonNode> byId(List<? extends JsonNode> resources) {
        var out = new LinkedHashMap<String, JsonNode>();
        resources.forEach(r -> out.put(Manifests.id(r), r));
        return out;
    }

    private static Path kubectl() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

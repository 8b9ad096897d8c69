package io.imagequeue.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** No secret value is ever committed under k8s/: Secrets are created in the cluster and only referenced. */
class SecretHygieneTest {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|PASSWORD|SECRET|TOKEN|CREDENTIAL)S?$");

    @Test
    void noSecretValuesAreCommitted() {
        var problems = new ArrayList<String>();
        for (Path file : Repository.yamlFilesUnder(Repository.K8S)) {
            String where = Repository.relative(file);
            for (JsonNode doc : Yaml.documents(file)) {
                if (doc.path("kind").asText().equals("Secret") && (doc.has("data") || doc.has("stringData"))) {
                    problems.add(where + ": a Secret with values");
                }
                for (JsonNode gen : doc.path("secretGenerator")) {
                    if (gen.has("literals")) {
                        problems.add(where + ": secretGenerator with literals");
                    }
                }
                literalSecretEnv(doc, where, problems);
            }
            String text = Repository.read(file);
            if (text.contains("PRIVATE KEY-----")) {
                problems.add(where + ": a private key");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void configMapsHoldNoCredentials() {
        Manifests.allRenders().forEach((dir, resources) -> Manifests.ofKind(resources, "ConfigMap").forEach(cm ->
                cm.path("data").fieldNames().forEachRemaining(key -> assertThat(SECRET_NAME.matcher(key.toUpperCase()).matches())
                        .as(dir + " " + Manifests.id(cm) + " key " + key + " belongs in a Secret").isFalse())));
    }

    @Test
    void everySecretTheManifestsReadIsDocumented() {
        var names = new TreeSet<String>();
        Manifests.allRenders().values().forEach(resources -> Manifests.containers(resources).forEach(c -> {
            c.node().path("env").forEach(e -> {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (ref.isObject()) {
                    names.add(ref.path("name").asText());
                }
            });
            c.node().path("envFrom").forEach(f -> {
                if (f.has("secretRef")) {
                    names.add(f.path("secretRef").path("name").asText());
                }
            });
        }));
        assertThat(names).contains("imagequeue-db-app", "imagequeue-s3", "imagequeue-providers", "imagequeue-bootstrap");
        String readme = Repository.read(Repository.K8S.resolve("README.md"));
        assertThat(names).as("Secrets named in k8s/README.md").allMatch(readme::contains);
    }

    /** Any env entry, anywhere in a document (resources, patches), named like a credential and given a literal value. */
    private static void literalSecretEnv(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode env = node.get("env");
            if (env != null && env.isArray()) {
                for (JsonNode e : env) {
                    if (SECRET_NAME.matcher(e.path("name").asText()).matches() && e.has("value")) {
                        problems.add(where + ": env " + e.path("name").asText() + " has a literal value");
                    }
                }
            }
            node.elements().forEachRemaining(child -> literalSecretEnv(child, where, problems));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> literalSecretEnv(child, where, problems));
        }
    }
}

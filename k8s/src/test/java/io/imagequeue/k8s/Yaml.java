package io.imagequeue.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads YAML the way kubectl and docker compose do (YAML 1.1: anchors, merge keys, unquoted {@code no} is a
 * boolean) and rejects duplicate keys, which both tools would silently resolve to the last one.
 */
final class Yaml {

    static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {
    }

    /** Every non-empty document of a file. */
    static List<JsonNode> documents(Path file) {
        return documents(Repository.read(file), Repository.relative(file));
    }

    static List<JsonNode> documents(String text, String origin) {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        var yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
        var docs = new ArrayList<JsonNode>();
        try {
            for (Object doc : yaml.loadAll(text)) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
        return docs;
    }

    /** The single document of a file that must hold exactly one mapping. */
    static ObjectNode single(Path file) {
        List<JsonNode> docs = documents(file);
        if (docs.size() != 1 || !docs.get(0).isObject()) {
            throw new IllegalArgumentException(Repository.relative(file) + ": expected one mapping, found " + docs.size() + " documents");
        }
        return (ObjectNode) docs.get(0);
    }
}

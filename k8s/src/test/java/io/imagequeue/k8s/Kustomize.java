package io.imagequeue.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small kustomize: {@code resources} (files and directories, recursively), {@code patches} (strategic merge,
 * by the patch's kind and name or an explicit target), {@code namespace} and {@code images}. Anything else in a
 * kustomization fails loudly, so the tests never check a rendering that differs from what {@code kubectl apply -k}
 * would apply; {@link KustomizeRenderTest} compares the two whenever kubectl is installed.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");

    /**
     * Merge keys of the lists that strategic merge patches merge item by item in built-in kinds (from the
     * Kubernetes API's patchMergeKey tags); other lists, and every list of a custom resource, are replaced.
     */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "ephemeralContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "mountPath",
            "imagePullSecrets", "name",
            "topologySpreadConstraints", "topologyKey");

    private Kustomize() {
    }

    /** The resources that {@code kubectl kustomize dir} prints, in kustomization order. */
    static List<ObjectNode> render(Path dir) {
        Path file = kustomizationFile(dir);
        ObjectNode k = Yaml.single(file);
        String where = Repository.relative(file);
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED_FIELDS.contains(f)) {
                throw new IllegalStateException(where + ": '" + f + "' is not supported by the test renderer (Kustomize.java): extend it");
            }
        });
        var out = new ArrayList<ObjectNode>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else if (Files.isRegularFile(p)) {
                for (JsonNode doc : Yaml.documents(p)) {
                    if (!doc.isObject()) {
                        throw new IllegalStateException(Repository.relative(p) + ": a resource document is not a mapping");
                    }
                    out.add((ObjectNode) doc);
                }
            } else {
                throw new IllegalStateException(where + ": resource " + r.asText() + " does not exist");
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, where, patch, out);
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            for (ObjectNode res : out) {
                if (!CLUSTER_SCOPED.contains(res.path("kind").asText())) {
                    ((ObjectNode) res.get("metadata")).put("namespace", ns);
                }
            }
        }
        for (JsonNode image : k.path("images")) {
            out.forEach(res -> setImage(res, image));
        }
        return out;
    }

    static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalStateException("no kustomization in " + dir);
    }

    private static void applyPatch(Path dir, String where, JsonNode spec, List<ObjectNode> resources) {
        List<JsonNode> docs;
        if (spec.hasNonNull("path")) {
            docs = Yaml.documents(dir.resolve(spec.get("path").asText()).normalize());
        } else if (spec.hasNonNull("patch")) {
            docs = Yaml.documents(spec.get("patch").asText(), where + " (inline patch)");
        } else {
            throw new IllegalStateException(where + ": a patch needs 'path' or 'patch'");
        }
        JsonNode target = spec.get("target");
        for (JsonNode doc : docs) {
            if (!doc.isObject()) {
                throw new IllegalStateException(where + ": JSON6902 patches are not supported by the test renderer");
            }
            if (doc.toString().contains("\"$patch\"") || doc.toString().contains("\"$setElementOrder")) {
                throw new IllegalStateException(where + ": strategic-merge directives are not supported by the test renderer");
            }
            String kind = target != null && target.hasNonNull("kind") ? target.get("kind").asText() : doc.path("kind").asText();
            String name = target != null && target.hasNonNull("name") ? target.get("name").asText() : doc.path("metadata").path("name").asText();
            List<ObjectNode> matches = resources.stream()
                    .filter(r -> r.path("kind").asText().equals(kind) && r.path("metadata").path("name").asText().equals(name))
                    .toList();
            if (matches.size() != 1) {
                throw new IllegalStateException(where + ": patch for " + kind + "/" + name + " matches " + matches.size() + " resources");
            }
            ObjectNode res = matches.get(0);
            ObjectNode body = ((ObjectNode) doc).deepCopy();
            if (target != null) {
                // with an explicit target, the patch's own identity fields do not rename the resource
                body.remove("apiVersion");
                body.remove("kind");
                if (body.path("metadata").isObject()) {
                    ((ObjectNode) body.get("metadata")).remove("name");
                }
            }
            merge(res, body, isBuiltIn(res));
        }
    }

    /** Built-in API groups: core, the ones without a dot, and *.k8s.io. */
    private static boolean isBuiltIn(JsonNode res) {
        String apiVersion = res.path("apiVersion").asText();
        if (!apiVersion.contains("/")) {
            return true;
        }
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** Strategic merge of {@code patch} into {@code target} (in place). */
    static void merge(ObjectNode target, ObjectNode patch, boolean builtIn) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            JsonNode current = target.get(field);
            if (value.isNull()) {
                target.remove(field);
            } else if (current != null && current.isObject() && value.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, builtIn);
            } else if (current != null && current.isArray() && value.isArray() && builtIn && mergeKey(field, (ArrayNode) value) != null) {
                target.set(field, mergeList((ArrayNode) current, (ArrayNode) value, mergeKey(field, (ArrayNode) value), builtIn));
            } else {
                target.set(field, value.deepCopy());
            }
        }
    }

    private static String mergeKey(String field, ArrayNode patchItems) {
        if (field.equals("ports")) {
            // container ports merge on containerPort, Service ports on port
            return patchItems.size() > 0 && patchItems.get(0).has("containerPort") ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    /** Items of the patch that the list lacks come first (as kustomize orders them), then the list's own, patched. */
    private static ArrayNode mergeList(ArrayNode current, ArrayNode patch, String key, boolean builtIn) {
        ArrayNode result = current.arrayNode();
        for (JsonNode p : patch) {
            if (find(current, key, p.path(key)) == null) {
                result.add(p.deepCopy());
            }
        }
        for (JsonNode c : current) {
            JsonNode copy = c.deepCopy();
            JsonNode p = find(patch, key, c.path(key));
            if (p != null && copy.isObject() && p.isObject()) {
                merge((ObjectNode) copy, (ObjectNode) p, builtIn);
            }
            result.add(copy);
        }
        return result;
    }

    private static JsonNode find(ArrayNode items, String key, JsonNode value) {
        for (JsonNode item : items) {
            if (!value.isMissingNode() && item.path(key).equals(value)) {
                return item;
            }
        }
        return null;
    }

    private static void setImage(ObjectNode res, JsonNode image) {
        for (JsonNode podSpec : Manifests.podSpecs(res)) {
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : podSpec.path(list)) {
                    String ref = c.path("image").asText();
                    int slash = ref.lastIndexOf('/');
                    int at = ref.indexOf('@');
                    int colon = ref.indexOf(':', slash + 1);
                    int end = at >= 0 ? at : colon >= 0 ? colon : ref.length();
                    String name = ref.substring(0, end);
                    if (!name.equals(image.path("name").asText())) {
                        continue;
                    }
                    String newName = image.hasNonNull("newName") ? image.get("newName").asText() : name;
                    String suffix = image.hasNonNull("digest") ? "@" + image.get("digest").asText()
                            : image.hasNonNull("newTag") ? ":" + image.get("newTag").asText()
                            : ref.substring(end);
                    ((ObjectNode) c).put("image", newName + suffix);
                }
            }
        }
    }
}

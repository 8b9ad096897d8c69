package io.imagequeue.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads built-in resources into the fabric8 Kubernetes model and reports what the API server would reject or
 * silently drop: a wrong type (Jackson fails), a misspelt or misplaced field (fabric8 keeps unknown fields in
 * {@code additionalProperties}, which must stay empty everywhere), an unparsable quantity.
 */
final class KubeModel {

    /** Built-in kinds the manifests may use, with the only apiVersion accepted for each. */
    static final Map<String, Map.Entry<String, Class<?>>> BUILT_IN = Map.of(
            "ConfigMap", Map.entry("v1", ConfigMap.class),
            "Service", Map.entry("v1", Service.class),
            "ServiceAccount", Map.entry("v1", ServiceAccount.class),
            "PersistentVolumeClaim", Map.entry("v1", PersistentVolumeClaim.class),
            "Deployment", Map.entry("apps/v1", Deployment.class),
            "StatefulSet", Map.entry("apps/v1", StatefulSet.class),
            "HorizontalPodAutoscaler", Map.entry("autoscaling/v2", HorizontalPodAutoscaler.class),
            "PodDisruptionBudget", Map.entry("policy/v1", PodDisruptionBudget.class),
            "NetworkPolicy", Map.entry("networking.k8s.io/v1", NetworkPolicy.class));

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private KubeModel() {
    }

    /** The problems of one built-in resource; empty when the model reads it completely. */
    static List<String> problems(JsonNode res) {
        String kind = res.path("kind").asText();
        var expected = BUILT_IN.get(kind);
        if (expected == null) {
            return List.of("kind " + kind + " has no model here: add it to KubeModel.BUILT_IN");
        }
        var problems = new ArrayList<String>();
        if (!expected.getKey().equals(res.path("apiVersion").asText())) {
            problems.add("apiVersion " + res.path("apiVersion").asText() + " (expected " + expected.getKey() + ")");
        }
        Object typed;
        try {
            typed = STRICT.treeToValue(res, expected.getValue());
        } catch (Exception e) {
            problems.add("does not read as " + expected.getValue().getSimpleName() + ": " + e.getMessage());
            return problems;
        }
        walk(typed, kind, problems);
        return problems;
    }

    private static void walk(Object o, String path, List<String> problems) {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, problems));
            return;
        }
        if (o instanceof Quantity q) {
            try {
                Quantity.getAmountInBytes(q);
            } catch (RuntimeException e) {
                problems.add(path + ": quantity '" + q + "' does not parse");
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                problems.add(path + "." + m.getName() + ": " + e);
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (field.equals("additionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                walk(value, path + "." + field, problems);
            }
        }
    }
}

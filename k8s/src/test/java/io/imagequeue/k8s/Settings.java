package io.imagequeue.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The settings the services read, from the files their owners keep: up.sh, application.properties, the catalog. */
final class Settings {

    private Settings() {
    }

    /** A duration as Quarkus reads it: ISO-8601 ({@code PT30S}), a number and a unit ({@code 30s}), or seconds. */
    static Duration duration(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(v.toUpperCase(Locale.ROOT));
    }

    static Properties properties(Path file) {
        var p = new Properties();
        try {
            p.load(new StringReader(Repository.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * The task topics of every model in the catalog, both lanes, made the way {@code ModelSpec.topic()} and
     * {@code TaskTopics.of()} make them: the prefix, the id lower-cased with every character outside
     * {@code [a-z0-9]} replaced by {@code -}; the batch lane adds TaskTopics' suffix (read from its source, so
     * renaming it fails here instead of leaving a lane unscaled).
     */
    static Set<String> catalogTopics() {
        JsonNode catalog;
        try {
            catalog = Yaml.JSON.readTree(Repository.read(Repository.CATALOG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher suffix = Pattern.compile("BATCH_SUFFIX\\s*=\\s*\"([^\"]+)\"").matcher(Repository.read(Repository.TASK_TOPICS));
        if (!suffix.find()) {
            throw new AssertionError(Repository.relative(Repository.TASK_TOPICS) + ": no BATCH_SUFFIX; update Settings.catalogTopics()");
        }
        var topics = new LinkedHashSet<String>();
        for (JsonNode m : catalog.path("models")) {
            String topic = "imagequeue.tasks." + m.path("id").asText().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
            topics.add(topic);
            topics.add(topic + suffix.group(1));
        }
        return topics;
    }

    /** The environment variables deploy/local/up.sh gives each application, by application ("api", "worker"). */
    record LocalStack(Set<String> api, Set<String> worker) {
    }

    private static final Pattern ASSIGNMENT = Pattern.compile("(?<![A-Za-z0-9_$])((?:QUARKUS|KAFKA|IMAGEQUEUE)_[A-Za-z0-9_${}]+)=");
    private static final Pattern PROVIDER_SETTING = Pattern.compile("\"(IMAGEQUEUE_PROVIDERS_\\$\\{p}_[A-Z0-9_]+)\"");

    /**
     * Reads the names out of up.sh: every {@code NAME=} of the QUARKUS_/KAFKA_/IMAGEQUEUE_ families, with the
     * provider loop ({@code IMAGEQUEUE_PROVIDERS_${p}_...} over {@code PROVIDERS=(...)}) expanded. Lines of the
     * client env file it writes ({@code export ...}) and the script's own variables (assigned at the start of a
     * line) are not the services' settings. The provider settings a simulated provider gets are named in
     * lib/providers.sh ({@code "IMAGEQUEUE_PROVIDERS_${p}_..."}). The bootstrap tenant and the admin token are
     * the API's and the providers are the workers'; everything else both get.
     */
    static LocalStack localStack() {
        String script = Repository.read(Repository.LOCAL_UP);
        Matcher pm = Pattern.compile("(?m)^PROVIDERS=\\(([^)]*)\\)").matcher(script);
        if (!pm.find()) {
            throw new AssertionError("deploy/local/up.sh: no PROVIDERS=(...) list");
        }
        List<String> providers = List.of(pm.group(1).trim().split("\\s+"));
        var names = new LinkedHashSet<String>();
        for (String line : script.split("\n")) {
            if (line.trim().startsWith("export ") || line.trim().startsWith("#")) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            while (m.find()) {
                if (m.start() == 0) {
                    continue; // a variable of the script itself (KAFKA_PORT=19092), not a service's environment
                }
                String name = m.group(1);
                if (name.contains("${p}")) {
                    providers.forEach(p -> names.add(name.replace("${p}", p)));
                } else if (!name.contains("$")) {
                    names.add(name);
                }
            }
        }
        Matcher provider = PROVIDER_SETTING.matcher(Repository.read(Repository.LOCAL_PROVIDERS));
        while (provider.find()) {
            String name = provider.group(1);
            providers.forEach(p -> names.add(name.replace("${p}", p)));
        }
        var api = new LinkedHashSet<String>();
        var worker = new LinkedHashSet<String>();
        for (String n : names) {
            if (!n.startsWith("IMAGEQUEUE_PROVIDERS_")) {
                api.add(n);
            }
            if (!n.startsWith("IMAGEQUEUE_BOOTSTRAP_") && !n.equals("IMAGEQUEUE_ADMIN_TOKEN")) {
                worker.add(n);
            }
        }
        return new LocalStack(api, worker);
    }

    /** The names of the settings a container's environment sets, of the families the services read. */
    static Set<String> serviceSettings(Map<String, String> environment) {
        var out = new LinkedHashSet<String>();
        environment.keySet().stream().filter(n -> n.matches("(QUARKUS|KAFKA|IMAGEQUEUE)_.*")).forEach(out::add);
        return out;
    }

    /** JVM flags of a JAVA_TOOL_OPTIONS / JAVA_OPTS string. */
    static Map<String, String> jvmFlags(String options) {
        var flags = new LinkedHashMap<String, String>();
        for (String f : new ArrayList<>(List.of(options.trim().split("\\s+")))) {
            int eq = f.indexOf('=');
            flags.put(eq > 0 ? f.substring(0, eq) : f, eq > 0 ? f.substring(eq + 1) : "");
        }
        return flags;
    }
}

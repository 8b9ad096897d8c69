package io.imagequeue.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the files under test are: the repository root, passed in by the build, or found from the working directory. */
final class Repository {

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("k8s");
    static final Path COMPOSE_DIR = ROOT.resolve("deploy/compose");
    static final Path COMPOSE_FILE = COMPOSE_DIR.resolve("compose.yaml");
    static final Path DASHBOARD = ROOT.resolve("deploy/grafana/imagequeue-dashboard.json");
    static final Path GRAFANA = ROOT.resolve("deploy/grafana");
    static final Path LOCAL_UP = ROOT.resolve("deploy/local/up.sh");
    static final Path LOCAL_PROVIDERS = ROOT.resolve("deploy/local/lib/providers.sh");
    static final Path CATALOG = ROOT.resolve("shared-model/src/main/resources/io/imagequeue/model/catalog/models.json");
    static final Path TASK_TOPICS = ROOT.resolve("shared-model/src/main/java/io/imagequeue/model/message/TaskTopics.java");
    static final Path WORKER_PROPERTIES = ROOT.resolve("worker-service/src/main/resources/application.properties");
    static final Path API_PROPERTIES = ROOT.resolve("api-service/src/main/resources/application.properties");

    private Repository() {
    }

    private static Path findRoot() {
        String configured = System.getProperty("imagequeue.repo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s/base")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (with k8s/base) above " + start);
    }

    /** Every YAML file below {@code dir}, skipping build output and test sources. */
    static List<Path> yamlFilesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = dir.relativize(p).toString();
                        return !rel.startsWith("target") && !rel.startsWith("src");
                    })
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every directory below k8s/ that holds a kustomization. */
    static List<Path> kustomizations() {
        return yamlFilesUnder(K8S).stream()
                .filter(p -> p.getFileName().toString().matches("kustomization\\.ya?ml"))
                .map(Path::getParent)
                .toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path file) {
        return ROOT.relativize(file.toAbsolutePath().normalize()).toString();
    }
}

package io.imagequeue.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Where test-infra keeps its files: under {@code java.io.tmpdir}, which the build points at {@code target/tmp}. */
final class TempDirs {

    private TempDirs() {
    }

    static Path tmpRoot() {
        Path root = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try {
            return Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new directory under {@code java.io.tmpdir}. */
    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(tmpRoot(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code target/} of the current module: the parent of {@code target/tmp}, else {@code ./target}. */
    static Path targetDir() {
        String logs = System.getProperty("imagequeue.logs.dir");
        if (logs != null && !logs.isBlank()) {
            return Path.of(logs).toAbsolutePath();
        }
        Path tmp = tmpRoot();
        if (tmp.getFileName() != null && tmp.getFileName().toString().equals("tmp") && tmp.getParent() != null
                && tmp.getParent().getFileName() != null
                && tmp.getParent().getFileName().toString().equals("target")) {
            return tmp.getParent();
        }
        return Path.of("target").toAbsolutePath();
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: target/ is cleaned by the next mvn clean anyway
        }
    }
}

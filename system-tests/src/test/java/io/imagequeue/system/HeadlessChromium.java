package io.imagequeue.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's own Chromium (Debian's {@code chromium} and {@code chromium-driver}), headless, driven
 * over WebDriver by its chromedriver. Both binaries are given explicitly, so Selenium Manager never
 * looks for (or downloads) a browser or driver: this network reaches no browser download site.
 *
 * <p>{@code deploy/local/test.sh} installs the two packages when they are missing and apt can; where
 * they are still missing, {@link #unavailable} says why.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Flags that keep Chromium off the network it would call on its own (refused here) and out of the sandbox. */
    private static final String[] FLAGS = {
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1100,1000",
    };

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Why Chromium cannot run here (the binaries named by {@code imagequeue.chromium.binary} and
     * {@code imagequeue.chromedriver.binary} in system-tests/pom.xml are not installed), said loudly on
     * stderr; empty when it can. A test that needs the browser turns a reason into a JUnit assumption,
     * so that it is reported as skipped, never as passed.
     */
    static Optional<String> unavailable() {
        Path missing = Stream.of(chromium(), chromedriver()).filter(file -> !Files.isExecutable(file)).findFirst().orElse(null);
        if (missing == null) {
            return Optional.empty();
        }
        String reason = "the web page is NOT tested: no " + missing + ". Install Debian's chromium and chromium-driver"
                + " (deploy/local/test.sh does, when apt-get can run as root or through sudo):"
                + " apt-get install -y chromium chromium-driver";
        System.err.println("\n" + "!".repeat(100) + "\n!!! SKIPPED: " + reason + "\n" + "!".repeat(100) + "\n");
        return Optional.of(reason);
    }

    /** Starts Chromium with a fresh profile; chromedriver's log goes to {@code logDir}. */
    static HeadlessChromium start(Path logDir) {
        Path chromium = chromium();
        Path chromedriver = chromedriver();
        try {
            Files.createDirectories(logDir);
            Path profile = Files.createTempDirectory("chromium-profile-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile())
                    .usingAnyFreePort()
                    .withTimeout(Duration.ofSeconds(60))
                    .withLogFile(logDir.resolve("chromedriver.log").toFile())
                    .build();
            ChromeOptions options = new ChromeOptions()
                    .setBinary(chromium.toFile())
                    .addArguments(FLAGS)
                    .addArguments("--user-data-dir=" + profile);
            return new HeadlessChromium(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path chromium() {
        return Path.of(System.getProperty("imagequeue.chromium.binary", "/usr/bin/chromium"));
    }

    private static Path chromedriver() {
        return Path.of(System.getProperty("imagequeue.chromedriver.binary", "/usr/bin/chromedriver"));
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Saves what the browser shows now as a PNG, for humans reading the test's output. */
    Path screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a profile left in target/tmp is harmless
            }
        }
    }
}

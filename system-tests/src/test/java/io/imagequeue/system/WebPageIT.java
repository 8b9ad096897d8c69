package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web page at {@code /}, used as a person uses it, in headless Chromium against the whole stack:
 * paste an API key, type a prompt, press Generate, watch the task's status change and see the image.
 * Screenshots of each end state are saved under {@code system-tests/target/web-page/}.
 */
class WebPageIT {

    private static final Path OUTPUT = Path.of("target", "web-page");
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    private static Optional<String> noBrowser;
    private static HeadlessChromium chromium;
    private static Stack stack;

    @BeforeAll
    static void startBrowserAndStack() {
        noBrowser = HeadlessChromium.unavailable();
        if (noBrowser.isEmpty()) {
            chromium = HeadlessChromium.start(OUTPUT);
            stack = Stack.start(1);
        }
    }

    /** Without the browser every test here is reported as skipped, with the reason (never as passed). */
    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(noBrowser.isEmpty(), noBrowser::orElseThrow);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPromptSubmittedWithAValidKeyShowsTheTaskGoingFromQueuedToSucceededAndThenItsImage() {
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.pasteKey(Stack.API_KEY);
        page.typePrompt("a lighthouse at dawn, seen from a web page " + UUID.randomUUID());
        page.askSize(320, 192);

        page.generate();

        page.awaitStatus("succeeded");
        assertThat(page.statusChanges())
                .as("the status the page showed, each change once, in order")
                .startsWith("queued").endsWith("succeeded")
                .isSubsetOf("queued", "running", "succeeded").doesNotHaveDuplicates();
        WebElement image = page.awaitImage();
        chromium.screenshot(OUTPUT.resolve("succeeded.png"));
        assertThat(image.isDisplayed()).isTrue();
        assertThat(image.getDomProperty("naturalWidth")).as("image width, as decoded by the browser").isEqualTo("320");
        assertThat(image.getDomProperty("naturalHeight")).as("image height, as decoded by the browser").isEqualTo("192");
        JsonNode task = new Tasks(new Http(stack.apiUrl(), Stack.API_KEY)).get(page.taskAddress());
        assertThat(task.get("status").asText()).isEqualTo("succeeded");
        assertThat(image.getDomProperty("src"))
                .as("the page shows the image the API stored for this task")
                .isEqualTo("data:image/png;base64," + task.at("/result/images/0").asText());
        assertThat(page.generateButton().isEnabled()).as("Generate is enabled again").isTrue();
    }

    @Test
    void aWrongKeyShowsTheContractsErrorMessageAndNoImage() {
        String wrongKey = "iq_" + "0123456789abcdefghijklmnopqrstuvwxyzABCD";
        JsonNode contract = new Http(stack.apiUrl(), wrongKey)
                .post(Tasks.FLUX, "{\"prompt\": \"refused\", \"async\": true}").body().get("error");
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.pasteKey(wrongKey);
        page.typePrompt("a prompt no one may submit without a key");

        page.generate();

        page.awaitStatusText(text -> text.contains(contract.get("message").asText()));
        chromium.screenshot(OUTPUT.resolve("wrong-key.png"));
        assertThat(contract.get("message").asText()).isEqualTo("Incorrect API key provided.");
        assertThat(page.statusText()).contains("401", contract.get("type").asText(), contract.get("message").asText());
        assertThat(page.statusState()).isEqualTo("state-failed");
        assertThat(page.images()).isEmpty();
        assertThat(page.generateButton().isEnabled()).as("Generate is enabled again").isTrue();
    }

    @Test
    void aTaskTheProviderRefusesShowsFailedWithTheTasksErrorCodeAndNoImage() {
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.pasteKey(Stack.API_KEY);
        page.typePrompt("[sim:moderate-output] a forbidden thing, from the web page");

        page.generate();

        page.awaitStatus("failed");
        chromium.screenshot(OUTPUT.resolve("failed.png"));
        assertThat(page.statusChanges()).startsWith("queued").endsWith("failed").doesNotHaveDuplicates();
        assertThat(page.statusText()).contains("error: content_moderated: ");
        assertThat(page.statusState()).isEqualTo("state-failed");
        assertThat(page.images()).isEmpty();
    }

    /**
     * The page as a person sees it: the labelled fields, the Generate button, the status box and the
     * images. It records every text the status box shows, so the test can tell what the page showed
     * between two looks.
     */
    private static final class Page {

        private static final Pattern STATUS = Pattern.compile("(?m)^status: (\\w+)$");
        private static final Pattern TASK = Pattern.compile("(?m)^task (tsk_\\w+)$");

        private final ChromeDriver driver;

        private Page(ChromeDriver driver) {
            this.driver = driver;
        }

        static Page open(ChromeDriver driver, String apiUrl) {
            driver.get(apiUrl + "/");
            assertThat(driver.getTitle()).isEqualTo("imagequeue");
            driver.executeScript("""
                    window.statusTexts = [];
                    const box = document.getElementById('status');
                    new MutationObserver(() => window.statusTexts.push(box.textContent))
                        .observe(box, {childList: true, characterData: true, subtree: true});""");
            return new Page(driver);
        }

        void pasteKey(String key) {
            fill("API key", key);
        }

        void typePrompt(String prompt) {
            fill("Prompt", prompt);
        }

        void askSize(int width, int height) {
            fill("Width", String.valueOf(width));
            fill("Height", String.valueOf(height));
        }

        void generate() {
            generateButton().click();
        }

        WebElement generateButton() {
            return driver.findElement(By.xpath("//button[normalize-space()='Generate']"));
        }

        String statusText() {
            WebElement box = driver.findElement(By.id("status"));
            return box.isDisplayed() ? box.getText() : "";
        }

        /** The status box's state class, e.g. {@code state-succeeded}. */
        String statusState() {
            return driver.findElement(By.id("status")).getDomAttribute("class");
        }

        void awaitStatus(String status) {
            awaitStatusText(text -> status.equals(statusIn(text)));
        }

        void awaitStatusText(java.util.function.Predicate<String> condition) {
            await().atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(this::statusText, condition::test);
        }

        /** Every status the box has shown since the page was opened, a repeat of the one before left out. */
        List<String> statusChanges() {
            List<String> changes = new ArrayList<>();
            for (Object text : (List<?>) driver.executeScript("return window.statusTexts;")) {
                String status = statusIn(String.valueOf(text));
                if (status != null && (changes.isEmpty() || !changes.getLast().equals(status))) {
                    changes.add(status);
                }
            }
            return changes;
        }

        String taskAddress() {
            Matcher matcher = TASK.matcher(statusText());
            assertThat(matcher.find()).as("the status box names the task: %s", statusText()).isTrue();
            return matcher.group(1);
        }

        List<WebElement> images() {
            return driver.findElements(By.cssSelector("#images img"));
        }

        /** The first image once the browser has loaded and decoded it. */
        WebElement awaitImage() {
            return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> images().stream()
                            .filter(img -> "true".equals(img.getDomProperty("complete")))
                            .filter(img -> !"0".equals(img.getDomProperty("naturalWidth")))
                            .findFirst().orElse(null), img -> img != null);
        }

        private void fill(String label, String value) {
            WebElement labelElement = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
            WebElement field = driver.findElement(By.id(labelElement.getDomAttribute("for")));
            field.clear();
            field.sendKeys(value);
        }

        private static String statusIn(String text) {
            Matcher matcher = STATUS.matcher(text);
            return matcher.find() ? matcher.group(1) : null;
        }
    }
}

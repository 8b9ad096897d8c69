package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
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
 * The console at {@code /}, used as a person uses it, in headless Chromium against the whole stack:
 * sign in with an API key, pick a model, fill in its fields, press Generate, watch the task's status
 * change live in the task list and see its image; cancel a task; read the credits. Screenshots of each
 * end state are saved under {@code system-tests/target/web-page/}.
 */
class WebPageIT {

    private static final Path OUTPUT = Path.of("target", "web-page");
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
    private static final String FLUX_2 = "black-forest-labs/FLUX-2-pro";
    /** An Automatic1111 checkpoint: the catalog lets it run one task at a time, so a second one waits in the queue. */
    private static final String ONE_AT_A_TIME = "stable-diffusion-v1-5-pruned.safetensors";

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
    void aPromptSubmittedToAModelShowsItsTaskGoingFromQueuedToSucceededLiveAndThenItsImageAndTheCredits() {
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.signIn(Stack.API_KEY);
        assertThat(page.modelChoices()).as("the models the form can generate with").contains(FLUX_2, "dall-e-3")
                .doesNotContain("Qwen/qwen-image-edit");
        page.chooseModel(FLUX_2);
        page.fill("Prompt", "a lighthouse at dawn, seen from the console " + UUID.randomUUID());
        page.fill("Width", "320");
        page.fill("Height", "192");

        String address = page.generate();

        page.awaitTaskStatus(address, "succeeded");
        assertThat(page.statusChanges(address))
                .as("the status the list showed for the task, each change once, in order")
                .startsWith("queued").endsWith("succeeded")
                .isSubsetOf("queued", "running", "succeeded").doesNotHaveDuplicates();
        WebElement image = page.awaitThumbnail(address);
        chromium.screenshot(OUTPUT.resolve("succeeded.png"));
        assertThat(image.isDisplayed()).isTrue();
        assertThat(image.getDomProperty("naturalWidth")).as("image width, as decoded by the browser").isEqualTo("320");
        assertThat(image.getDomProperty("naturalHeight")).as("image height, as decoded by the browser").isEqualTo("192");
        Http api = new Http(stack.apiUrl(), Stack.API_KEY);
        JsonNode task = new Tasks(api).get(address);
        assertThat(task.get("model").asText()).isEqualTo(FLUX_2);
        assertThat(withoutQuery(image.getDomProperty("src")))
                .as("the page shows the image the API stored for this task (links are presigned afresh at each read)")
                .isEqualTo(withoutQuery(task.at("/result/data/0/url").asText()));
        assertThat(page.generateButton().isEnabled()).as("Generate is enabled again").isTrue();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(page.credits("balance"))
                        .as("the balance the page shows, after the charge for this task")
                        .isEqualByComparingTo(fourDigits(api.get("/v2/usage").body().get("balance").decimalValue())));
        assertThat(page.credits("spent")).as("spent over the last 31 days").isPositive();
    }

    @Test
    void aWrongKeyIsRefusedAtSignInWithTheContractsErrorAndTheConsoleStaysClosed() {
        String wrongKey = "iq_" + "0123456789abcdefghijklmnopqrstuvwxyzABCD";
        JsonNode contract = new Http(stack.apiUrl(), wrongKey).get("/v1/models").body().get("error");
        Page page = Page.open(chromium.driver(), stack.apiUrl());

        page.signIn(wrongKey);

        page.awaitText(By.id("signin-error"), text -> text.contains(contract.get("message").asText()));
        chromium.screenshot(OUTPUT.resolve("wrong-key.png"));
        assertThat(contract.get("message").asText()).isEqualTo("Incorrect API key provided.");
        assertThat(page.text(By.id("signin-error"))).isEqualTo(inTheContractsWords(401, contract));
        assertThat(page.consoleIsShown()).as("no model form, no task list").isFalse();
        assertThat(page.storedKey()).as("a refused key is not kept").isNull();
    }

    @Test
    void theKeyIsKeptOnlyInTheTabSoAReloadStaysSignedInAndSigningOutForgetsIt() {
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.signIn(Stack.API_KEY);
        page.awaitConsole();

        page.reload();

        page.awaitConsole();
        assertThat(page.storedKey()).as("sessionStorage of this tab").isEqualTo(Stack.API_KEY);
        assertThat(page.script("return window.localStorage.length;")).as("nothing in localStorage").isEqualTo(0L);
        assertThat(page.script("return document.cookie;")).as("no cookie").isEqualTo("");
        page.button("Sign out").click();
        assertThat(page.consoleIsShown()).isFalse();
        assertThat(page.storedKey()).isNull();
    }

    @Test
    void aTaskTheProviderRefusesShowsFailedWithTheTasksErrorCodeAndNoImage() {
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.signIn(Stack.API_KEY);
        page.chooseModel(FLUX_2);
        page.fill("Prompt", "[sim:moderate-output] a forbidden thing, from the console");

        String address = page.generate();

        page.awaitTaskStatus(address, "failed");
        chromium.screenshot(OUTPUT.resolve("failed.png"));
        assertThat(page.statusChanges(address)).startsWith("queued").endsWith("failed").doesNotHaveDuplicates();
        page.awaitText(page.taskPart(address, ".error"), text -> text.startsWith("error: content_moderated: "));
        assertThat(page.thumbnails(address)).isEmpty();
        assertThat(page.cancelButton(address).isDisplayed()).as("a finished task cannot be canceled").isFalse();
    }

    @Test
    void aRequestTheModelRefusesShowsTheContractsErrorAndNoNewTask() {
        String tooLong = "a prompt over the model's limit ".repeat(130);
        Http.Answer contract = new Http(stack.apiUrl(), Stack.API_KEY).post("/v1/images/generations",
                "{\"model\": \"" + FLUX_2 + "\", \"prompt\": \"" + tooLong + "\", \"size\": \"1024x1024\", \"async\": true}");
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.signIn(Stack.API_KEY);
        page.chooseModel(FLUX_2);
        page.script("document.getElementById('prompt').value = arguments[0];", tooLong);

        page.generateButton().click();

        JsonNode error = contract.body().get("error");
        page.awaitText(By.id("submit-error"), text -> text.contains(error.get("message").asText()));
        chromium.screenshot(OUTPUT.resolve("refused-request.png"));
        assertThat(contract.status()).isEqualTo(400);
        assertThat(page.text(By.id("submit-error"))).isEqualTo(inTheContractsWords(400, error));
        assertThat(page.text(By.id("submit-status"))).as("no task was submitted").isEmpty();
        assertThat(page.generateButton().isEnabled()).as("Generate is enabled again").isTrue();
    }

    @Test
    void aQueuedTaskIsCanceledFromTheListAndSoIsTheRunningOneAheadOfIt() {
        Http api = new Http(stack.apiUrl(), Stack.API_KEY);
        Tasks tasks = new Tasks(api);
        String running = submit(api, ONE_AT_A_TIME, "[sim:latency=30000] a long one ahead in the queue");
        tasks.awaitStatus(running, "running");
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.signIn(Stack.API_KEY);
        page.chooseModel(ONE_AT_A_TIME);
        page.fill("Prompt", "a task that waits behind the long one");

        String queued = page.generate();

        page.awaitText(page.taskPart(queued, ".detail"), text -> text.startsWith("queue position 0"));
        assertThat(page.taskStatus(queued)).isEqualTo("queued");
        page.awaitTaskStatus(running, "running");
        // Automatic1111 reports its progress: the page shows it as a percentage, as the API has it.
        page.awaitText(page.taskPart(running, ".detail"), text -> text.matches("(?s).*\\d+%.*"));
        assertThat(tasks.get(running).get("progress").asDouble()).isBetween(0.0, 1.0);
        assertThat(page.cancelButton(running).isDisplayed()).as("a running task can be canceled too").isTrue();
        chromium.screenshot(OUTPUT.resolve("queued-behind-running.png"));

        page.click(page.cancelButton(queued));

        page.awaitTaskStatus(queued, "canceled");
        assertThat(tasks.get(queued).get("status").asText()).as("canceled in the API too").isEqualTo("canceled");
        assertThat(page.cancelButton(queued).isDisplayed()).isFalse();
        page.click(page.cancelButton(running));
        page.awaitTaskStatus(running, "canceled");
        chromium.screenshot(OUTPUT.resolve("canceled.png"));
        assertThat(page.statusChanges(queued)).containsExactly("queued", "canceled");
        assertThat(tasks.get(running).get("status").asText()).isEqualTo("canceled");
    }

    @Test
    void theListShowsTheTenantsTasksNewestFirstAPageAtATime() {
        Http api = new Http(stack.apiUrl(), Stack.API_KEY);
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            submitted.add(new Tasks(api).submitFlux("\"prompt\": \"listed " + i + "\", \"width\": 64, \"height\": 64"));
        }
        List<String> newestFirst = submitted.reversed();
        Page page = Page.open(chromium.driver(), stack.apiUrl());
        page.signIn(Stack.API_KEY);

        page.awaitConsole();
        await().atMost(Duration.ofSeconds(10)).until(() -> page.listedTasks().size() == 20);
        assertThat(page.listedTasks()).as("the first page: the newest 20").isEqualTo(newestFirst.subList(0, 20));
        for (String address : newestFirst.subList(0, 20)) {
            page.awaitTaskStatus(address, "succeeded");
        }
        page.click(page.button("Load more"));

        await().atMost(Duration.ofSeconds(10)).until(() -> page.listedTasks().size() > 20);
        List<String> listed = page.listedTasks();
        chromium.screenshot(OUTPUT.resolve("task-list.png"));
        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed.subList(0, 25)).as("both pages, newest first, no gap").isEqualTo(newestFirst);
        for (String address : newestFirst.subList(20, 25)) {
            page.awaitTaskStatus(address, "succeeded");
        }
        assertThat(page.thumbnails(newestFirst.getFirst())).isNotEmpty();
    }

    private static String submit(Http api, String model, String prompt) {
        Http.Answer accepted = api.post("/v1/images/generations",
                "{\"model\": \"" + model + "\", \"prompt\": \"" + prompt + "\", \"async\": true}");
        assertThat(accepted.status()).as("submit answer %s", accepted.body()).isEqualTo(202);
        return accepted.body().get("task_address").asText();
    }

    /** How the page words an error answer: status, type, code and param where present, message. */
    private static String inTheContractsWords(int status, JsonNode error) {
        List<String> details = new ArrayList<>();
        if (error.hasNonNull("code")) {
            details.add("code " + error.get("code").asText());
        }
        if (error.hasNonNull("param")) {
            details.add("param " + error.get("param").asText());
        }
        return status + " " + error.get("type").asText() + (details.isEmpty() ? "" : " (" + String.join(", ", details) + ")")
                + ": " + error.get("message").asText();
    }

    private static String withoutQuery(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    private static BigDecimal fourDigits(BigDecimal value) {
        return value.setScale(4, RoundingMode.HALF_EVEN);
    }

    /**
     * The console as a person sees it: labelled fields, buttons by their names, the task list. It
     * records every status each task's row shows, so the test can tell what the page showed between
     * two looks.
     */
    private static final class Page {

        private static final Pattern SUBMITTED = Pattern.compile("Submitted (tsk_\\w+)\\.");

        private final ChromeDriver driver;

        private Page(ChromeDriver driver) {
            this.driver = driver;
        }

        /** Opens the page in a tab with nothing stored yet, as a new visitor. */
        static Page open(ChromeDriver driver, String apiUrl) {
            // Cleared on another page of the same origin: the console would sign in again from what it finds.
            driver.get(apiUrl + "/q/health/live");
            driver.executeScript("sessionStorage.clear();");
            driver.get(apiUrl + "/");
            Page page = new Page(driver);
            page.watchStatuses();
            return page;
        }

        void reload() {
            driver.navigate().refresh();
            watchStatuses();
        }

        private void watchStatuses() {
            assertThat(driver.getTitle()).isEqualTo("imagequeue");
            driver.executeScript("""
                    window.statusChanges = {};
                    const record = row => {
                        const seen = (window.statusChanges[row.dataset.task] ||= []);
                        if (seen[seen.length - 1] !== row.dataset.status) seen.push(row.dataset.status);
                    };
                    const isRow = node => node.nodeType === 1 && node.matches('li.task');
                    new MutationObserver(changes => changes.forEach(change => {
                        if (isRow(change.target)) record(change.target);
                        change.addedNodes.forEach(node => { if (isRow(node)) record(node); });
                    })).observe(document.getElementById('tasks'),
                        {childList: true, subtree: true, attributes: true, attributeFilter: ['data-status']});""");
        }

        void signIn(String key) {
            fill("API key", key);
            button("Sign in").click();
        }

        void awaitConsole() {
            await().atMost(Duration.ofSeconds(10)).until(this::consoleIsShown);
        }

        boolean consoleIsShown() {
            return driver.findElement(By.id("console")).isDisplayed();
        }

        String storedKey() {
            return (String) script("return sessionStorage.getItem('imagequeue-key');");
        }

        Object script(String script, Object... arguments) {
            return driver.executeScript(script, arguments);
        }

        /** The values the Model picker offers. */
        List<String> modelChoices() {
            awaitConsole();
            return field("Model").findElements(By.tagName("option")).stream().map(option -> option.getDomAttribute("value"))
                    .toList();
        }

        void chooseModel(String model) {
            awaitConsole();
            field("Model").findElement(By.xpath(".//option[@value='" + model + "']")).click();
        }

        void fill(String label, String value) {
            WebElement field = field(label);
            field.clear();
            field.sendKeys(value);
        }

        /** Presses Generate and answers the address of the task the page says it submitted. */
        String generate() {
            generateButton().click();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> SUBMITTED.matcher(text(By.id("submit-status"))).find());
            Matcher matcher = SUBMITTED.matcher(text(By.id("submit-status")));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        }

        /** Clicks a button below the fold: scrolled to the middle of the window first, as a person would. */
        void click(WebElement element) {
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
            element.click();
        }

        WebElement generateButton() {
            return button("Generate");
        }

        WebElement button(String name) {
            return driver.findElement(By.xpath("//button[normalize-space()='" + name + "']"));
        }

        WebElement cancelButton(String address) {
            return driver.findElement(By.cssSelector("button[aria-label='Cancel task " + address + "']"));
        }

        By taskPart(String address, String css) {
            return By.cssSelector("li.task[data-task='" + address + "'] " + css);
        }

        String taskStatus(String address) {
            return driver.findElement(By.cssSelector("li.task[data-task='" + address + "']")).getDomAttribute("data-status");
        }

        void awaitTaskStatus(String address, String status) {
            await().atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> driver.findElements(By.cssSelector("li.task[data-task='" + address + "'][data-status='"
                            + status + "']")).size() == 1);
        }

        /** Every status the task's row has shown since the page was loaded, a repeat of the one before left out. */
        List<String> statusChanges(String address) {
            Object seen = driver.executeScript("return window.statusChanges[arguments[0]] || [];", address);
            return ((List<?>) seen).stream().map(String::valueOf).toList();
        }

        /** The task addresses of the list, top to bottom. */
        List<String> listedTasks() {
            return driver.findElements(By.cssSelector("#tasks li.task")).stream()
                    .map(row -> row.getDomAttribute("data-task")).toList();
        }

        List<WebElement> thumbnails(String address) {
            return driver.findElements(taskPart(address, ".thumbnails img"));
        }

        /** The task's first image once the browser has loaded and decoded it. */
        WebElement awaitThumbnail(String address) {
            return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> thumbnails(address).stream()
                            .filter(img -> "true".equals(img.getDomProperty("complete")))
                            .filter(img -> !"0".equals(img.getDomProperty("naturalWidth")))
                            .findFirst().orElse(null), img -> img != null);
        }

        /** A figure of the Credits section ({@code balance}, {@code reserved}, {@code spent}) as a number. */
        BigDecimal credits(String id) {
            return new BigDecimal(text(By.id(id)).replace(",", ""));
        }

        String text(By where) {
            List<WebElement> found = driver.findElements(where);
            return found.isEmpty() || !found.getFirst().isDisplayed() ? "" : found.getFirst().getText();
        }

        void awaitText(By where, java.util.function.Predicate<String> condition) {
            await().atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> text(where), condition::test);
        }

        private WebElement field(String label) {
            WebElement labelElement = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
            return driver.findElement(By.id(labelElement.getDomAttribute("for")));
        }
    }
}

package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate images from one prompt: waits (showing status and queue position), then writes the files.",
        footer = {"", "Examples:",
                "  imagequeue generate \"a lighthouse at dawn\" --model dall-e-3 -o lighthouse.png",
                "  imagequeue generate \"three cats\" --model dall-e-2 --size 512x512 -n 3 -o cats.png   # cats-1.png ..."})
final class GenerateCommand implements Callable<Integer> {

    private static final long POLL_MILLIS = 500;

    @ParentCommand
    ImageQueueCli root;

    @Parameters(paramLabel = "PROMPT", description = "What to draw.")
    String prompt;

    @Mixin
    RequestOptions request;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the image (several: FILE-1.png, FILE-2.png...). Default: <task address>.<ext>.")
    Path output;

    @Override
    public Integer call() throws InterruptedException {
        ApiClient api = root.api();
        Map<String, Object> body = request.toFields();
        body.put("prompt", prompt);
        body.put("async", true);
        ApiResponse submitted = api.post(BatchRun.ENDPOINT, Json.MAPPER.valueToTree(body), Map.of());
        String address = submitted.ok() ? Json.text(submitted.body(), "task_address") : null;
        if (address == null) {
            throw ApiFailures.of(submitted, api.baseUrl());
        }
        JsonNode task;
        try (StatusDisplay display = StatusDisplay.forTerminal(Terminals.interactive())) {
            task = await(api, address, display);
        }
        String status = Json.text(task, "status");
        if (!"succeeded".equals(status)) {
            String message = task.path("error").hasNonNull("message") ? task.at("/error/message").asText() : "";
            throw new CliException(ExitCodes.SOME_FAILED, "The task " + address + " " + ("failed".equals(status)
                    ? "failed: " + message : "was " + status + ".") + " (imagequeue task " + address + " shows it)",
                    Json.compact(task));
        }
        ImageFiles files = new ImageFiles(api);
        List<Path> written = output != null
                ? files.saveTo(task.get("result"), output)
                : files.saveAll(task.get("result"), ImageQueueCli.cwd(), address).stream().map(Path::of).toList();
        for (Path path : written) {
            root.out().println("wrote " + path);
        }
        root.out().println("task " + address + " (" + api.baseUrl() + "/v2/tasks/" + address + ")");
        return ExitCodes.OK;
    }

    private static JsonNode await(ApiClient api, String address, StatusDisplay display) throws InterruptedException {
        while (true) {
            ApiResponse response = api.get("/v2/tasks/" + address);
            if (response.ok()) {
                JsonNode task = response.body();
                String status = Json.text(task, "status");
                if (!"queued".equals(status) && !"running".equals(status)) {
                    return task;
                }
                display.show(status, task.hasNonNull("queue_position") ? task.get("queue_position").asInt() : null);
            } else if (response.status() != 429 && response.status() < 500) {
                throw ApiFailures.of(response, api.baseUrl());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}

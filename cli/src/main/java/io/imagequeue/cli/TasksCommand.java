package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List this key's tenant's tasks, newest first.",
        footer = {"", "Examples:", "  imagequeue tasks", "  imagequeue tasks --status failed --all"})
final class TasksCommand implements Callable<Integer> {

    @ParentCommand
    ImageQueueCli root;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only tasks in this status: queued, running, succeeded, failed, canceled, expired.")
    String status;

    @Option(names = "--limit", defaultValue = "20", description = "Tasks per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--all", description = "Follow the pages to the end.")
    boolean all;

    @Option(names = "--json", description = "Print the tasks as a JSON array (for scripts).")
    boolean json;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        ArrayNode tasks = Json.MAPPER.createArrayNode();
        String cursor = null;
        do {
            StringBuilder path = new StringBuilder("/v2/tasks?limit=").append(limit);
            if (status != null) {
                path.append("&status=").append(Paths.query(status));
            }
            if (cursor != null) {
                path.append("&after=").append(Paths.query(cursor));
            }
            ApiResponse answer = api.get(path.toString());
            if (answer.status() == 404 && answer.error() != null && cursor == null) {
                throw new CliException(ExitCodes.USAGE, "This server cannot list tasks (GET /v2/tasks is missing: it is older "
                        + "than this client); `imagequeue task ID` still shows one task.", answer.raw());
            }
            if (!answer.ok()) {
                throw ApiFailures.of(answer, api.baseUrl());
            }
            JsonNode page = answer.body();
            page.path("data").forEach(tasks::add);
            cursor = page.path("has_more").asBoolean() ? Json.text(page, "next_cursor") : null;
        } while (all && cursor != null);
        if (json) {
            root.out().println(Json.pretty(tasks));
            return ExitCodes.OK;
        }
        Table table = new Table("TASK", "STATUS", "MODEL", "CREATED");
        for (JsonNode task : tasks) {
            long created = task.path("created_at").asLong(0);
            table.row(task.path("task_address").asText(), task.path("status").asText(), task.path("model").asText(),
                    created == 0 ? "" : Instant.ofEpochSecond(created).toString());
        }
        table.print(root.out());
        if (!all && cursor != null) {
            root.out().println("(more: --all lists every page)");
        }
        return ExitCodes.OK;
    }
}

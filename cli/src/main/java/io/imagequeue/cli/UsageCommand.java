package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Show the credits: balance, what unfinished tasks hold, and spend per model and day (31 days).",
        footer = {"", "Examples:", "  imagequeue usage", "  imagequeue usage --json"})
final class UsageCommand implements Callable<Integer> {

    @ParentCommand
    ImageQueueCli root;

    @Option(names = "--json", description = "Print the server's JSON (for scripts).")
    boolean json;

    @Override
    public Integer call() {
        JsonNode usage = root.api().getOk("/v2/usage");
        if (json) {
            root.out().println(Json.pretty(usage));
            return ExitCodes.OK;
        }
        root.out().println("Balance:  " + usage.path("balance").asText());
        root.out().println("Reserved: " + usage.path("reserved").asText() + " (held by unfinished tasks)");
        if (usage.path("spend").size() > 0) {
            root.out().println();
            Table table = new Table("DATE", "MODEL", "TASKS", "AMOUNT");
            for (JsonNode row : usage.path("spend")) {
                table.row(row.path("date").asText(), row.path("model").asText(), row.path("tasks").asText(),
                        row.path("amount").asText());
            }
            table.print(root.out());
        }
        return ExitCodes.OK;
    }
}

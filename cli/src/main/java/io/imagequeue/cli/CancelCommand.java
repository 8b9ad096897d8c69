package io.imagequeue.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a queued or running task (it is not charged).",
        footer = {"", "Example:", "  imagequeue cancel tsk_5mQ0c8pX2v..."})
final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    ImageQueueCli root;

    @Parameters(paramLabel = "TASK", description = "The task address (tsk_...).")
    String task;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        ApiResponse response = api.post("/v2/tasks/" + Paths.segment(task) + "/cancel", null, java.util.Map.of());
        if (!response.ok()) {
            throw ApiFailures.of(response, api.baseUrl());
        }
        root.out().println("Canceled " + task + ".");
        return ExitCodes.OK;
    }
}

package io.imagequeue.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "task", mixinStandardHelpOptions = true, description = "Show one task: its status, result or error (JSON).",
        footer = {"", "Example:", "  imagequeue task tsk_5mQ0c8pX2v..."})
final class TaskCommand implements Callable<Integer> {

    @ParentCommand
    ImageQueueCli root;

    @Parameters(paramLabel = "TASK", description = "The task address (tsk_...).")
    String task;

    @Override
    public Integer call() {
        root.out().println(Json.pretty(root.api().getOk("/v2/tasks/" + Paths.segment(task))));
        return ExitCodes.OK;
    }
}

package io.imagequeue.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Generate an image for every line of a prompt file into a folder; run it again to resume.",
                "FILE is text (one prompt per line), .jsonl (one object per line) or .csv (header row), with",
                "prompt, an optional custom_id (names the file: DIR/<custom_id>.png) and any request field."},
        footer = {"", "Examples:",
                "  imagequeue run prompts.txt --model flux-1.1-pro --out images/",
                "  imagequeue run prompts.csv --model dall-e-3 --size 1024x1792 --out posters/",
                "", "DIR gets the images, results.jsonl (custom_id, task_address, status, files, error) and",
                "the state file " + RunState.FILE_NAME + ". Interrupted (Ctrl-C, crash, lid closed)? Run the same",
                "command again: nothing finished is sent or downloaded twice. --retry-failed sends failed lines again.",
                "Exit status: 0 all succeeded, 1 some lines failed (listed), 2 usage or connection error."})
final class RunCommand implements Callable<Integer> {

    private static final int MAX_LISTED_FAILURES = 20;

    @ParentCommand
    ImageQueueCli root;

    @Parameters(paramLabel = "FILE", description = "The prompt file (.txt, .jsonl or .csv).")
    Path file;

    @Mixin
    RequestOptions request;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder for images and results.")
    Path out;

    @Option(names = "--window", defaultValue = "32", paramLabel = "N",
            description = "Most tasks waiting at once (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--retry-failed", description = "Send the lines that failed in an earlier run again.")
    boolean retryFailed;

    @Override
    public Integer call() throws InterruptedException {
        if (window < 1) {
            throw CliException.usage("--window must be 1 or more.");
        }
        List<PromptLine> lines = PromptFiles.read(file);
        var defaults = request.toFields();
        ApiClient api = root.api();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw CliException.usage("--out " + out + " is a file, not a folder.");
        }
        try (RunState state = RunState.open(out)) {
            if (retryFailed) {
                lines.stream().filter(line -> state.item(line.customId()).status() == RunState.Status.FAILED)
                        .forEach(line -> state.retry(line.customId()));
            }
            List<PromptLine> failed;
            try (RunReporter reporter = RunReporter.forOutput(root.out())) {
                failed = new BatchRun(api, state, lines, defaults, out, reporter, window).execute();
            } catch (CliException e) {
                ResultsFile.write(out, lines, state);
                throw new CliException(e.exitCode(), e.getMessage() + " Progress is kept in " + out
                        + ": run the same command again to resume.", e.detail());
            }
            Path results = ResultsFile.write(out, lines, state);
            summarize(lines.size(), failed, results, state);
            return failed.isEmpty() ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        }
    }

    private void summarize(int total, List<PromptLine> failed, Path results, RunState state) {
        root.out().println((total - failed.size()) + " of " + total + " succeeded, " + failed.size() + " failed; images in "
                + out + ", details in " + results + ".");
        if (!failed.isEmpty()) {
            root.out().println("Failed lines (--retry-failed sends them again):");
            failed.stream().limit(MAX_LISTED_FAILURES).forEach(line -> root.out().println("  " + line.customId() + " (line "
                    + line.lineNumber() + "): " + state.item(line.customId()).error()));
            if (failed.size() > MAX_LISTED_FAILURES) {
                root.out().println("  ... and " + (failed.size() - MAX_LISTED_FAILURES) + " more in " + results + ".");
            }
        }
    }
}

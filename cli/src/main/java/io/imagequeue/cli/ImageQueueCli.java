package io.imagequeue.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code imagequeue}: the command-line client of an imagequeue server. */
@Command(name = "imagequeue", mixinStandardHelpOptions = true, version = "imagequeue 0.1.0",
        description = "Generate images on an imagequeue server: one at a time, or a whole file of prompts into a folder.",
        subcommands = {ModelsCommand.class, GenerateCommand.class, RunCommand.class, TasksCommand.class,
                TaskCommand.class, CancelCommand.class, UsageCommand.class, AutoComplete.GenerateCompletion.class},
        footer = {"", "The server and key come from --url/--api-key, else IMAGEQUEUE_URL/IMAGEQUEUE_API_KEY (. .run/env sets them",
                "after deploy/local/up.sh), else url= and api_key= lines in ~/.config/imagequeue/config.properties.",
                "", "Examples:", "  imagequeue models",
                "  imagequeue generate \"a lighthouse at dawn\" --model dall-e-3 -o lighthouse.png",
                "  imagequeue run prompts.txt --model flux-1.1-pro --out images/",
                "  source <(imagequeue generate-completion)   # tab completion in bash",
                "", "Exit status: 0 success, 1 some lines or the task failed, 2 usage or connection error."})
public final class ImageQueueCli implements Runnable {

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The server, e.g. http://127.0.0.1:8080 (default: $IMAGEQUEUE_URL).")
    String url;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            description = "The API key (default: $IMAGEQUEUE_API_KEY).")
    String apiKey;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "On a failure, also show the server's answer or the underlying error.")
    boolean verbose;

    private final Map<String, String> env;
    private final PrintStream out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    ImageQueueCli(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    PrintStream out() {
        return out;
    }

    ApiClient api() {
        return new ApiClient(Settings.resolve(url, apiKey, env, Settings.defaultConfigFile(env)));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        ImageQueueCli root = new ImageQueueCli(env, out);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, argv) -> {
            CommandLine failed = e.getCommandLine();
            err.println("imagequeue: " + e.getMessage());
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options and examples.");
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof CliException problem) {
                err.println("imagequeue: " + problem.getMessage());
                if (root.verbose && problem.detail() != null) {
                    err.println(problem.detail());
                }
                return problem.exitCode();
            }
            err.println("imagequeue: unexpected error: " + e + (root.verbose ? "" : " (--verbose shows more)."));
            if (root.verbose) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                err.print(trace);
            }
            return ExitCodes.USAGE;
        });
        return commandLine.execute(args);
    }

    static Path cwd() {
        return Path.of("").toAbsolutePath();
    }
}

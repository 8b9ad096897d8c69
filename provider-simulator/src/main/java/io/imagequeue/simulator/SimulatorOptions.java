package io.imagequeue.simulator;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Command-line and environment options. Each {@code --name value} (or {@code --name=value}) has an environment
 * twin {@code SIM_NAME} (upper case, dashes as underscores); the command line wins over the environment.
 */
final class SimulatorOptions {

    /** Thrown for {@code --help}. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help");
        }
    }

    /** Defaults for a process started by hand or by a benchmark: fixed port and realistic latency. */
    static final SimulatorConfig CLI_DEFAULTS = SimulatorConfig.defaults().withPort(18100).withLatencyMs(2000);

    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    private record Option(String description, BiFunction<SimulatorConfig, String, SimulatorConfig> apply) {
    }

    static {
        option("port", "port to listen on; 0 picks a free one (default 18100)",
                (c, v) -> c.withPort(Integer.parseInt(v)));
        option("host", "interface to bind (default 127.0.0.1)", SimulatorConfig::withHost);
        option("alt-host", "host name used in links handed out, e.g. BFL polling_url (default localhost)",
                SimulatorConfig::withAltHost);
        option("latency-ms", "mean generation latency in ms (default 2000)",
                (c, v) -> c.withLatencyMs(Long.parseLong(v)));
        option("latency-jitter-ms", "uniform jitter around the mean latency in ms (default 0)",
                (c, v) -> c.withLatencyJitterMs(Long.parseLong(v)));
        option("error-rate", "probability 0..1 of a random provider 500 per generation (default 0)",
                (c, v) -> c.withErrorRate(Double.parseDouble(v)));
        option("rate-limit-per-minute", "generation calls per provider per sliding minute; 0 = unlimited (default 0)",
                (c, v) -> c.withRateLimitPerMinute(Integer.parseInt(v)));
        option("max-concurrent", "in-flight generations / active tasks per provider; 0 = unlimited (default 24)",
                (c, v) -> c.withMaxConcurrent(Integer.parseInt(v)));
        option("result-ttl-seconds", "lifetime of result URLs handed out (default 600)",
                (c, v) -> c.withResultTtlSeconds(Integer.parseInt(v)));
        option("api-key", "the only API key accepted by every provider; * = any non-empty key (default *)",
                SimulatorConfig::withApiKey);
        option("bfl-not-found-polls", "polls right after a BFL submit that answer 404 Task not found (default 0)",
                (c, v) -> c.withBflNotFoundPolls(Integer.parseInt(v)));
        option("random-seed", "seed for the simulator's own randomness (default: random)",
                (c, v) -> c.withRandomSeed(Long.parseLong(v)));
    }

    private SimulatorOptions() {
    }

    private static void option(String name, String description,
                               BiFunction<SimulatorConfig, String, SimulatorConfig> apply) {
        OPTIONS.put(name, new Option(description, apply));
    }

    static SimulatorConfig parse(String[] args, Map<String, String> env) {
        SimulatorConfig config = CLI_DEFAULTS;
        for (Map.Entry<String, Option> entry : OPTIONS.entrySet()) {
            String value = env.get(envName(entry.getKey()));
            if (value != null && !value.isBlank()) {
                config = apply(config, entry.getKey(), value.trim(), envName(entry.getKey()));
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            config = apply(config, name, value, "--" + name);
        }
        return config;
    }

    private static SimulatorConfig apply(SimulatorConfig config, String name, String value, String source) {
        Option option = OPTIONS.get(name);
        if (option == null) {
            throw new IllegalArgumentException("unknown option " + source);
        }
        try {
            return option.apply().apply(config, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value '" + value + "' for " + source + ": " + e.getMessage());
        }
    }

    static String envName(String option) {
        return "SIM_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static String usage() {
        StringBuilder text = new StringBuilder("usage: java -jar provider-simulator.jar [options]\n");
        OPTIONS.forEach((name, option) -> text.append(String.format("  --%-24s %s  [env %s]%n", name + " <v>",
                option.description(), envName(name))));
        return text.toString();
    }
}

package io.imagequeue.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the server is and which key to use: an option wins over the environment
 * (IMAGEQUEUE_URL, IMAGEQUEUE_API_KEY, which {@code . .run/env} sets), which wins over the config
 * file ({@code $XDG_CONFIG_HOME/imagequeue/config.properties}, else {@code ~/.config/imagequeue/config.properties},
 * with {@code url=} and {@code api_key=} lines).
 */
public final class Settings {

    public static final String URL_VARIABLE = "IMAGEQUEUE_URL";
    public static final String KEY_VARIABLE = "IMAGEQUEUE_API_KEY";

    private Settings() {
    }

    public record Connection(String url, String apiKey) {
    }

    public static Connection resolve(String urlOption, String keyOption, Map<String, String> env, Path configFile) {
        Properties config = load(configFile);
        String url = first(urlOption, env.get(URL_VARIABLE), config.getProperty("url"));
        String key = first(keyOption, env.get(KEY_VARIABLE), config.getProperty("api_key"));
        if (url == null) {
            throw CliException.usage("No server address: set " + URL_VARIABLE + " (after deploy/local/up.sh: . .run/env), "
                    + "pass --url, or put url=... in " + configFile + ".");
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw CliException.usage("The server address '" + url + "' is not an http:// or https:// URL: check --url or " + URL_VARIABLE + ".");
        }
        if (key == null) {
            throw CliException.usage("No API key: set " + KEY_VARIABLE + " (after deploy/local/up.sh: . .run/env), "
                    + "pass --api-key, or put api_key=... in " + configFile + ".");
        }
        return new Connection(url.replaceAll("/+$", ""), key);
    }

    /** The config file in the user's config directory (XDG on Linux, the same path elsewhere). */
    public static Path defaultConfigFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("imagequeue").resolve("config.properties");
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (file != null && Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw CliException.usage("Could not read the config file " + file + ": " + e.getMessage() + ".");
            }
        }
        return properties;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}

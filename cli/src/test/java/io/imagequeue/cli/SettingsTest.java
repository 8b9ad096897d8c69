package io.imagequeue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void anOptionWinsOverTheEnvironmentWhichWinsOverTheConfigFile() throws Exception {
        Path config = dir.resolve("config.properties");
        Files.writeString(config, "url=http://from-file:1\napi_key=file-key\n");
        Map<String, String> env = Map.of("IMAGEQUEUE_URL", "http://from-env:2/", "IMAGEQUEUE_API_KEY", "env-key");

        assertThat(Settings.resolve(null, null, Map.of(), config)).isEqualTo(new Settings.Connection("http://from-file:1", "file-key"));
        assertThat(Settings.resolve(null, null, env, config)).isEqualTo(new Settings.Connection("http://from-env:2", "env-key"));
        assertThat(Settings.resolve("http://option:3", "option-key", env, config))
                .isEqualTo(new Settings.Connection("http://option:3", "option-key"));
    }

    @Test
    void theConfigFileLivesInTheUsersConfigDirectory() {
        assertThat(Settings.defaultConfigFile(Map.of("XDG_CONFIG_HOME", "/home/u/.cfg")))
                .isEqualTo(Path.of("/home/u/.cfg/imagequeue/config.properties"));
        assertThat(Settings.defaultConfigFile(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "imagequeue", "config.properties"));
    }

    @Test
    void aMissingAddressOrKeySaysWhereToSetIt() {
        Path none = dir.resolve("none.properties");

        assertThatThrownBy(() -> Settings.resolve(null, "k", Map.of(), none))
                .hasMessageStartingWith("No server address: set IMAGEQUEUE_URL (after deploy/local/up.sh: . .run/env), pass --url");
        assertThatThrownBy(() -> Settings.resolve("http://x:1", null, Map.of(), none))
                .hasMessageStartingWith("No API key: set IMAGEQUEUE_API_KEY");
    }

    @Test
    void anAddressThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> Settings.resolve("127.0.0.1:8080", "k", Map.of(), dir.resolve("none")))
                .hasMessage("The server address '127.0.0.1:8080' is not an http:// or https:// URL: check --url or IMAGEQUEUE_URL.");
    }
}

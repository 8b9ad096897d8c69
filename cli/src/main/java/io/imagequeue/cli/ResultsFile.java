package io.imagequeue.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** {@code DIR/results.jsonl}: one line per prompt line, written whole from the run's state. */
final class ResultsFile {

    static final String FILE_NAME = "results.jsonl";

    private ResultsFile() {
    }

    static Path write(Path dir, List<PromptLine> lines, RunState state) {
        StringBuilder text = new StringBuilder();
        for (PromptLine line : lines) {
            RunState.Item item = state.item(line.customId());
            ObjectNode row = Json.MAPPER.createObjectNode();
            row.put("custom_id", line.customId());
            row.put("line", line.lineNumber());
            row.put("task_address", item.taskAddress());
            row.put("status", item.status().name().toLowerCase());
            ArrayNode files = row.putArray("files");
            item.files().forEach(files::add);
            row.put("error", item.error());
            text.append(Json.compact(row)).append('\n');
        }
        Path file = dir.resolve(FILE_NAME);
        try {
            Path temp = Files.createTempFile(dir, ".results-", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "Could not write " + file + ": " + e.getMessage() + ".");
        }
        return file;
    }
}

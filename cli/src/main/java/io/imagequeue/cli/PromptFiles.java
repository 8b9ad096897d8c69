package io.imagequeue.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a prompt file: plain text (one prompt per line), JSONL ({@code .jsonl}/{@code .ndjson}: one
 * object per line) or CSV ({@code .csv}, with a header row). JSONL and CSV rows carry {@code prompt},
 * an optional {@code custom_id}, and any other request field. A line without a custom_id gets its line
 * number ({@code line-0007}), so the same file names the same images on every run.
 */
public final class PromptFiles {

    /** A custom_id names files: keep it to characters every file system takes. */
    private static final Pattern CUSTOM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Fields the client sets itself: a line cannot change how it is submitted. */
    private static final Set<String> RESERVED = Set.of("async", "priority", "response_format", "webhook_url", "webhook_events");

    private PromptFiles() {
    }

    public enum Format { TEXT, JSONL, CSV }

    public static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        return Format.TEXT;
    }

    public static List<PromptLine> read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw CliException.usage("The prompt file " + file + " does not exist.");
        } catch (CharacterCodingException e) {
            throw CliException.usage("The prompt file " + file + " is not UTF-8 text: save it as UTF-8 and try again.");
        } catch (IOException e) {
            throw CliException.usage("Could not read the prompt file " + file + ": " + e.getMessage() + ".");
        }
        return parse(text, formatOf(file), file.getFileName().toString());
    }

    public static List<PromptLine> parse(String text, Format format, String fileName) {
        List<PromptLine> lines = switch (format) {
            case TEXT -> text(text);
            case JSONL -> jsonl(text, fileName);
            case CSV -> csv(text, fileName);
        };
        if (lines.isEmpty()) {
            throw CliException.usage("The prompt file " + fileName + " has no prompts.");
        }
        checkIds(lines, fileName);
        return lines;
    }

    private static List<PromptLine> text(String text) {
        List<PromptLine> lines = new ArrayList<>();
        String[] raw = stripBom(text).split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String prompt = raw[i].strip();
            if (!prompt.isEmpty()) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("prompt", prompt);
                lines.add(new PromptLine(i + 1, defaultId(i + 1), fields));
            }
        }
        return lines;
    }

    private static List<PromptLine> jsonl(String text, String fileName) {
        List<PromptLine> lines = new ArrayList<>();
        String[] raw = stripBom(text).split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            int number = i + 1;
            if (raw[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(raw[i]);
            } catch (JsonProcessingException e) {
                throw CliException.usage("Line " + number + " of " + fileName + " is not valid JSON: "
                        + e.getOriginalMessage() + ".");
            }
            if (node == null || !node.isObject()) {
                throw CliException.usage("Line " + number + " of " + fileName + " is not a JSON object: "
                        + "write one {\"prompt\": \"...\"} per line.");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            String customId = null;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if ("custom_id".equals(field.getKey())) {
                    customId = field.getValue().isNull() ? null : field.getValue().asText();
                } else {
                    fields.put(field.getKey(), Json.MAPPER.convertValue(field.getValue(), Object.class));
                }
            }
            lines.add(line(number, customId, fields, fileName));
        }
        return lines;
    }

    private static List<PromptLine> csv(String text, String fileName) {
        List<CsvRecords.Row> rows = CsvRecords.parse(text, fileName);
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0).cells().stream().map(String::strip).toList();
        if (!header.contains("prompt")) {
            throw CliException.usage("The CSV file " + fileName + " has no 'prompt' column: its first line must name the "
                    + "columns, for example custom_id,prompt,size.");
        }
        List<PromptLine> lines = new ArrayList<>();
        for (CsvRecords.Row row : rows.subList(1, rows.size())) {
            if (row.cells().size() > header.size()) {
                throw CliException.usage("Line " + row.lineNumber() + " of " + fileName + " has " + row.cells().size()
                        + " fields but the header names " + header.size() + ": quote fields that contain commas.");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            String customId = null;
            for (int i = 0; i < row.cells().size(); i++) {
                String name = header.get(i);
                String value = row.cells().get(i);
                if (name.isEmpty() || value.isBlank()) {
                    continue;
                }
                if ("custom_id".equals(name)) {
                    customId = value.strip();
                } else {
                    fields.put(name, "prompt".equals(name) ? value.strip() : cellValue(value.strip()));
                }
            }
            lines.add(line(row.lineNumber(), customId, fields, fileName));
        }
        return lines;
    }

    /** A CSV cell that is a number or a boolean goes to the server as one (seed, n, width...). */
    private static Object cellValue(String value) {
        return FieldValues.of(value);
    }

    private static PromptLine line(int number, String customId, Map<String, Object> fields, String fileName) {
        Object prompt = fields.get("prompt");
        if (!(prompt instanceof String text) || text.isBlank()) {
            throw CliException.usage("Line " + number + " of " + fileName + " has no prompt: give it a non-empty \"prompt\".");
        }
        for (String reserved : RESERVED) {
            if (fields.containsKey(reserved)) {
                throw CliException.usage("Line " + number + " of " + fileName + " sets '" + reserved
                        + "', which the client sets itself: remove it.");
            }
        }
        String id = customId == null || customId.isBlank() ? defaultId(number) : customId.strip();
        if (!CUSTOM_ID.matcher(id).matches()) {
            throw CliException.usage("Line " + number + " of " + fileName + " has the custom_id '" + id
                    + "', which cannot name a file: use letters, digits, '.', '_' and '-' (at most 128).");
        }
        return new PromptLine(number, id, fields);
    }

    private static void checkIds(List<PromptLine> lines, String fileName) {
        Set<String> seen = new HashSet<>();
        for (PromptLine line : lines) {
            if (!seen.add(line.customId().toLowerCase())) {
                throw CliException.usage("Line " + line.lineNumber() + " of " + fileName + " repeats the custom_id '"
                        + line.customId() + "': each line needs its own (it names the image file).");
            }
        }
    }

    private static String defaultId(int lineNumber) {
        return String.format("line-%04d", lineNumber);
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}

package io.imagequeue.api.batches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a batch input file before any of it is queued: every line must be a JSON object
 * {@code {"custom_id", "method": "POST", "url", "body"}} whose {@code url} is the batch's endpoint,
 * with a {@code custom_id} no other line has. A file with any such error fails as a whole, so a
 * client never has to work out which half of a batch ran.
 *
 * <p>The file is read line by line (constant memory but for the set of custom_ids, which the line
 * limit bounds). Whether a line's body is a request the model takes is not checked here: that is
 * answered per line, in the error file, with the synchronous endpoint's error.
 */
public final class BatchInputCheck {

    /** At most this many errors are reported; a file with more is still failed. */
    static final int MAX_ERRORS = 100;
    static final int MAX_CUSTOM_ID = 512;

    /** What the check found: the request lines (blank lines not counted) and the errors, by line. */
    public record Result(int requests, List<BatchError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final ObjectMapper json;

    public BatchInputCheck(ObjectMapper json) {
        this.json = json;
    }

    public Result check(InputStream file, String endpoint) {
        List<BatchError> errors = new ArrayList<>();
        Set<String> customIds = new HashSet<>();
        int requests = 0;
        int lineNumber = 0;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(file, decoder))) {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                requests++;
                BatchError error = checkLine(line, lineNumber, endpoint, customIds);
                if (error != null && errors.size() < MAX_ERRORS) {
                    errors.add(error);
                }
            }
        } catch (CharacterCodingException e) {
            errors.add(new BatchError("invalid_file_format",
                    "The file is not UTF-8 text (from line " + (lineNumber + 1) + ").", null, lineNumber + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch input file", e);
        }
        if (requests == 0 && errors.isEmpty()) {
            errors.add(new BatchError("empty_file", "The input file has no requests.", null, null));
        }
        return new Result(requests, List.copyOf(errors));
    }

    private BatchError checkLine(String line, int number, String endpoint, Set<String> customIds) {
        JsonNode request;
        try {
            request = json.readTree(line);
        } catch (JsonProcessingException e) {
            return new BatchError("invalid_json_line",
                    "Line " + number + " is not valid JSON: the input file must be JSONL, one request object per line.",
                    null, number);
        }
        if (request == null || !request.isObject()) {
            return new BatchError("invalid_json_line", "Line " + number + " is not a JSON object.", null, number);
        }
        JsonNode customId = request.get("custom_id");
        if (customId == null || !customId.isTextual() || customId.textValue().isEmpty()) {
            return new BatchError("missing_required_parameter",
                    "Line " + number + " has no 'custom_id' (a non-empty string).", "custom_id", number);
        }
        if (customId.textValue().length() > MAX_CUSTOM_ID) {
            return new BatchError("invalid_value",
                    "Line " + number + ": 'custom_id' is longer than " + MAX_CUSTOM_ID + " characters.", "custom_id", number);
        }
        if (!customIds.add(customId.textValue())) {
            return new BatchError("duplicate_custom_id",
                    "Line " + number + ": the custom_id '" + customId.textValue() + "' is used by an earlier line; each line needs its own.",
                    "custom_id", number);
        }
        JsonNode method = request.get("method");
        if (method == null || !"POST".equals(method.asText(null))) {
            return new BatchError("invalid_value", "Line " + number + ": 'method' must be 'POST'.", "method", number);
        }
        JsonNode url = request.get("url");
        if (url == null || !url.isTextual() || !endpoint.equals(url.textValue())) {
            return new BatchError("mismatched_url",
                    "Line " + number + ": 'url' must be the batch's endpoint '" + endpoint + "'.", "url", number);
        }
        JsonNode body = request.get("body");
        if (body == null || !body.isObject()) {
            return new BatchError("missing_required_parameter",
                    "Line " + number + " has no 'body' (the request object).", "body", number);
        }
        for (var names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("custom_id", "method", "url", "body").contains(name)) {
                return new BatchError("unknown_parameter", "Line " + number + ": unrecognized field '" + name + "'.", name, number);
            }
        }
        return null;
    }
}

package io.imagequeue.api.batches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch input file that {@link BatchInputCheck} passed, a chunk of lines at a time, so a
 * 50,000-line file is never held whole. Blocking: call it on a worker thread.
 */
final class BatchLineReader implements AutoCloseable {

    private final BufferedReader lines;
    private final ObjectMapper json;
    private int lineNumber;

    BatchLineReader(InputStream file, ObjectMapper json) {
        this.lines = new BufferedReader(new InputStreamReader(file, StandardCharsets.UTF_8));
        this.json = json;
    }

    /** The next up to {@code max} request lines after line {@code after} (blank lines skipped); empty at the end. */
    List<BatchLine> next(int after, int max) {
        List<BatchLine> chunk = new ArrayList<>();
        try {
            String line;
            while (chunk.size() < max && (line = lines.readLine()) != null) {
                lineNumber++;
                if (lineNumber <= after || line.isBlank()) {
                    continue;
                }
                JsonNode request = json.readTree(line);
                chunk.add(new BatchLine(lineNumber, request.get("custom_id").textValue(), (ObjectNode) request.get("body")));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checked batch input file changed: line " + lineNumber, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch input file", e);
        }
        return chunk;
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

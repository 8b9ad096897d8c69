package io.imagequeue.api.batches;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One request line of a checked batch input file: where it is, its {@code custom_id} and its body. */
public record BatchLine(int number, String customId, ObjectNode body) {
}

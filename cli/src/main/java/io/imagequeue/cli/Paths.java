package io.imagequeue.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL pieces built from user input. */
final class Paths {

    private Paths() {
    }

    static String segment(String value) {
        return URLEncoder.encode(value.strip(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

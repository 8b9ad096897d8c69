package io.imagequeue.cli;

import java.util.regex.Pattern;

/** A field value typed on the command line or in a CSV cell: numbers and booleans go as JSON ones. */
final class FieldValues {

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    private FieldValues() {
    }

    static Object of(String value) {
        String v = value.strip();
        if (INTEGER.matcher(v).matches()) {
            return Long.parseLong(v);
        }
        if (DECIMAL.matcher(v).matches()) {
            return Double.parseDouble(v);
        }
        if ("true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v)) {
            return Boolean.parseBoolean(v.toLowerCase());
        }
        return v;
    }
}

package io.imagequeue.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The request fields generate and run share: model, size, n, and any other field. */
final class RequestOptions {

    private static final Pattern SIZE = Pattern.compile("\\d{1,5}x\\d{1,5}|auto");

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "The model (imagequeue models lists them).")
    String model;

    @Option(names = "--size", paramLabel = "WxH", description = "Image size, e.g. 1024x1024 (default: the model's first).")
    String size;

    @Option(names = "-n", paramLabel = "N", description = "Images per prompt (default: 1).")
    Integer n;

    @Option(names = "--field", paramLabel = "NAME=VALUE",
            description = "Any other request field, e.g. --field quality=hd --field seed=7 (repeatable).")
    Map<String, String> fields = new LinkedHashMap<>();

    Map<String, Object> toFields() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        if (size != null) {
            if (!SIZE.matcher(size).matches()) {
                throw CliException.usage("--size must look like 1024x768 (width x height) or 'auto', not '" + size + "'.");
            }
            body.put("size", size);
        }
        if (n != null) {
            if (n < 1) {
                throw CliException.usage("-n must be 1 or more, not " + n + ".");
            }
            body.put("n", n);
        }
        fields.forEach((name, value) -> body.put(name, FieldValues.of(value)));
        return body;
    }
}

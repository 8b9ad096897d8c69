package io.imagequeue.simulator.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path such as {@code /v1beta/models/{model}:generateContent} or {@code /v1/{endpoint:flux-[^/]+}}: literal
 * text plus named segments, each matching one path segment or the given regular expression.
 */
final class PathTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_]*)(?::([^}]+))?}");

    private final Pattern pattern;
    private final List<String> names = new ArrayList<>();

    PathTemplate(String template) {
        StringBuilder regex = new StringBuilder("^");
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            names.add(m.group(1));
            String group = m.group(2) == null ? "[^/]+?" : m.group(2);
            regex.append('(').append(group).append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        this.pattern = Pattern.compile(regex.toString());
    }

    Optional<Map<String, String>> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), m.group(i + 1));
        }
        return Optional.of(values);
    }
}

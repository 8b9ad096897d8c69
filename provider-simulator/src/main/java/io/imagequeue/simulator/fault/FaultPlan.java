package io.imagequeue.simulator.fault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The faults requested for one call, read from {@code [sim:…]} markers in the prompt and from the
 * {@code x-sim-fault} header (comma-separated, same vocabulary, brackets optional).
 */
public final class FaultPlan {

    public static final String HEADER = "x-sim-fault";
    public static final FaultPlan NONE = new FaultPlan(List.of());

    private static final Pattern MARKER = Pattern.compile("\\[sim:([^\\]]+)]");

    private final List<Fault> faults;

    private FaultPlan(List<Fault> faults) {
        this.faults = List.copyOf(faults);
    }

    /** Reads the prompt's markers and the header; either may be null. */
    public static FaultPlan parse(String prompt, String header) {
        List<Fault> faults = new ArrayList<>();
        if (prompt != null) {
            Matcher m = MARKER.matcher(prompt);
            while (m.find()) {
                faults.add(parseOne(m.group(1)));
            }
        }
        if (header != null && !header.isBlank()) {
            for (String entry : header.split(",")) {
                String trimmed = entry.trim();
                if (trimmed.startsWith("[sim:") && trimmed.endsWith("]")) {
                    trimmed = trimmed.substring(5, trimmed.length() - 1);
                } else if (trimmed.startsWith("sim:")) {
                    trimmed = trimmed.substring(4);
                }
                if (!trimmed.isEmpty()) {
                    faults.add(parseOne(trimmed));
                }
            }
        }
        return faults.isEmpty() ? NONE : new FaultPlan(faults);
    }

    private static Fault parseOne(String text) {
        String[] pieces = text.trim().split(":");
        String head = pieces[0].trim();
        int eq = head.indexOf('=');
        String name = eq < 0 ? head : head.substring(0, eq);
        String value = eq < 0 ? null : head.substring(eq + 1);
        FaultKind kind = FaultKind.byMarker(name).orElseThrow(() -> new UnknownFaultException(
                "unknown simulator fault '" + name + "'; known: "
                        + Arrays.stream(FaultKind.values()).map(FaultKind::marker).collect(Collectors.joining(", "))));
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < pieces.length; i++) {
            String piece = pieces[i].trim();
            int peq = piece.indexOf('=');
            if (peq < 0) {
                params.put(piece, "");
            } else {
                params.put(piece.substring(0, peq), piece.substring(peq + 1));
            }
        }
        if (requiresNumber(kind) && value != null && !value.matches("\\d+")) {
            throw new UnknownFaultException("simulator fault '" + name + "' needs a whole number, got '" + value + "'");
        }
        String retryAfter = params.get("retry-after");
        if (retryAfter != null && !retryAfter.matches("\\d+")) {
            throw new UnknownFaultException("retry-after needs whole seconds, got '" + retryAfter + "'");
        }
        return new Fault(kind, value, params);
    }

    private static boolean requiresNumber(FaultKind kind) {
        return kind == FaultKind.LATENCY || kind == FaultKind.FAIL_TIMES || kind == FaultKind.POLL_NOT_FOUND;
    }

    public boolean has(FaultKind kind) {
        return get(kind).isPresent();
    }

    public Optional<Fault> get(FaultKind kind) {
        return faults.stream().filter(f -> f.kind() == kind).findFirst();
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    public List<Fault> faults() {
        return faults;
    }

    /** The markers joined as written, for the call log. */
    public String describe() {
        return faults.stream().map(Fault::describe).collect(Collectors.joining(","));
    }
}

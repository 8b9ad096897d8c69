package io.imagequeue.cli;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: comma separated, double quotes around fields with commas, quotes or line breaks. */
final class CsvRecords {

    /** A record and the line it starts on. */
    record Row(int lineNumber, List<String> cells) {
    }

    private CsvRecords() {
    }

    static List<Row> parse(String text, String fileName) {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean cellWasQuoted = false;
        int line = 1;
        int rowStart = 1;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty() && !cellWasQuoted) {
                quoted = true;
                cellWasQuoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                cellWasQuoted = false;
            } else if (c == '\r') {
                // part of a CRLF line end
            } else if (c == '\n') {
                cells.add(cell.toString());
                addRow(rows, rowStart, cells);
                cells = new ArrayList<>();
                cell.setLength(0);
                cellWasQuoted = false;
                line++;
                rowStart = line;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw CliException.usage("Line " + rowStart + " of " + fileName + ": a quoted field is never closed (a \" is missing).");
        }
        if (!cell.isEmpty() || !cells.isEmpty() || cellWasQuoted) {
            cells.add(cell.toString());
            addRow(rows, rowStart, cells);
        }
        return rows;
    }

    private static void addRow(List<Row> rows, int lineNumber, List<String> cells) {
        boolean blank = cells.stream().allMatch(String::isBlank);
        if (!blank) {
            rows.add(new Row(lineNumber, List.copyOf(cells)));
        }
    }
}

package dev.loadtest.api.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180 records, written the way Python's csv module writes them (Locust's writer): CRLF line ends,
 * fields quoted only when they hold a comma, a quote, CR or LF, quotes doubled.
 */
final class Csv {

    static final String LINE_END = "\r\n";

    private Csv() {
    }

    static String record(List<?> fields) {
        return fields.stream().map(f -> field(String.valueOf(f))).collect(Collectors.joining(",")) + LINE_END;
    }

    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}

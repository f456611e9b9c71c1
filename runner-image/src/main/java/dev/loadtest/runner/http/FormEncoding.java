package dev.loadtest.runner.http;

import dev.loadtest.RequestOptions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Query strings, form bodies and multipart bodies encoded as Python's requests encodes them (urllib's
 * {@code urlencode} with {@code quote_plus}, urllib3's {@code encode_multipart_formdata}), so a server sees
 * the same bytes from a loadfile as from a locustfile.
 */
final class FormEncoding {

    static final String FORM = "application/x-www-form-urlencoded";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FormEncoding() {
    }

    /** {@code name=value&...} from name, value pairs: UTF-8, space as '+', all but {@code A-Za-z0-9_.-~} escaped. */
    static String urlencode(List<String> pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.size(); i += 2) {
            if (i > 0) {
                out.append('&');
            }
            quotePlus(pairs.get(i), out);
            out.append('=');
            quotePlus(pairs.get(i + 1), out);
        }
        return out.toString();
    }

    private static void quotePlus(String text, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
    }

    /** A multipart/form-data body and its Content-Type (with the boundary). */
    record Multipart(String contentType, byte[] body) {
    }

    /** Fields first, then files, as requests orders them; a fresh random boundary per body (32 hex digits). */
    static Multipart multipart(List<String> fields, List<RequestOptions.FileUpload> files) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return multipart(fields, files, String.format("%016x%016x", random.nextLong(), random.nextLong()));
    }

    static Multipart multipart(List<String> fields, List<RequestOptions.FileUpload> files, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fields.size(); i += 2) {
            part(out, boundary, "form-data; name=\"" + quoteParam(fields.get(i)) + "\"", null,
                    fields.get(i + 1).getBytes(StandardCharsets.UTF_8));
        }
        for (RequestOptions.FileUpload f : files) {
            part(out, boundary, "form-data; name=\"" + quoteParam(f.field()) + "\"; filename=\""
                    + quoteParam(f.filename()) + "\"", f.contentType(), f.content());
        }
        write(out, "--" + boundary + "--\r\n");
        return new Multipart("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private static void part(ByteArrayOutputStream out, String boundary, String disposition, String type,
                             byte[] content) {
        write(out, "--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n");
        if (type != null) {
            write(out, "Content-Type: " + type + "\r\n");
        }
        write(out, "\r\n");
        out.writeBytes(content);
        write(out, "\r\n");
    }

    /** urllib3's HTML5-style parameter quoting: a quote, CR or LF in a name would end the header early. */
    private static String quoteParam(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.loadtest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON value, as {@link Response#json()} parses a body: read it like Jackson's {@code JsonNode}, which it
 * replaces in the loadfile API so that the API jar needs nothing but the JDK. {@code get} of a missing field
 * is null, {@code asText()} of a string is the string itself:
 * {@code client.get("/orders/1").json().get("id").asText()}. Arrays iterate over their elements, objects over
 * their values.
 */
public final class Json implements Iterable<Json> {

    /** JSON {@code null}. */
    private static final Json NULL = new Json(null);

    /** null, Boolean, String, a Number (Long, BigInteger, Double or BigDecimal), List of Json, Map of Json. */
    private final Object value;

    private Json(Object value) {
        this.value = value;
    }

    /**
     * Parses JSON text (RFC 8259).
     *
     * @param text the JSON document
     * @return the parsed value
     * @throws IllegalArgumentException when the text is not JSON; the message says where
     */
    public static Json parse(String text) {
        Parser p = new Parser(text);
        Json result = p.value();
        p.skipSpace();
        if (p.at < text.length()) {
            throw p.error("unexpected text after the JSON value");
        }
        return result;
    }

    /**
     * Writes a Java value as compact JSON text: null, Boolean, Number, CharSequence, Character and enums as
     * scalars; Map (keys as text), Iterable, arrays, records (their components) and {@link Json} as they are.
     *
     * @param value the value to write
     * @return its JSON text
     * @throws IllegalArgumentException for any other type (a plain Java bean: use a Map or a record)
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(value, out);
        return out.toString();
    }

    /**
     * The value of a field of an object.
     *
     * @param field the field's name
     * @return its value, or null when this is not an object or has no such field (as JsonNode's get)
     */
    public Json get(String field) {
        return value instanceof Map<?, ?> map ? (Json) map.get(field) : null;
    }

    /**
     * An element of an array.
     *
     * @param index the element's index, from 0
     * @return the element, or null when this is not an array or the index is out of range
     */
    public Json get(int index) {
        return value instanceof List<?> list && index >= 0 && index < list.size() ? (Json) list.get(index) : null;
    }

    /**
     * Whether this is an object with this field (even one whose value is JSON null).
     *
     * @param field the field's name
     * @return true when the field is there
     */
    public boolean has(String field) {
        return value instanceof Map<?, ?> map && map.containsKey(field);
    }

    /**
     * The number of elements of an array or fields of an object.
     *
     * @return that number; 0 for a scalar
     */
    public int size() {
        return value instanceof List<?> list ? list.size() : value instanceof Map<?, ?> map ? map.size() : 0;
    }

    /** {@return true for a JSON object} */
    public boolean isObject() {
        return value instanceof Map;
    }

    /** {@return true for a JSON array} */
    public boolean isArray() {
        return value instanceof List;
    }

    /** {@return true for a JSON string} */
    public boolean isTextual() {
        return value instanceof String;
    }

    /** {@return true for a JSON number} */
    public boolean isNumber() {
        return value instanceof Number;
    }

    /** {@return true for JSON true or false} */
    public boolean isBoolean() {
        return value instanceof Boolean;
    }

    /** {@return true for JSON null} */
    public boolean isNull() {
        return value == null;
    }

    /**
     * This value as text, as JsonNode's {@code asText()}: a string as it is (unquoted), a number or boolean as
     * written, null as "null", an object or array as "".
     *
     * @return the text
     */
    public String asText() {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map || value instanceof List) {
            return "";
        }
        return value.toString();
    }

    /**
     * This value as an int: a number (truncated), a string holding a number, a boolean as 1 or 0; 0 otherwise.
     *
     * @return the int
     */
    public int asInt() {
        return (int) asLong();
    }

    /**
     * This value as a long: a number (truncated), a string holding a number, a boolean as 1 or 0; 0 otherwise.
     *
     * @return the long
     */
    public long asLong() {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim()).longValue();
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * This value as a double: a number, a string holding a number, a boolean as 1 or 0; 0 otherwise.
     *
     * @return the double
     */
    public double asDouble() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * This value as a boolean: true, a non-zero number or the string "true" are true; anything else is false.
     *
     * @return the boolean
     */
    public boolean asBoolean() {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return value instanceof String s && s.trim().equalsIgnoreCase("true");
    }

    /**
     * The names of an object's fields, in the document's order.
     *
     * @return the names; empty for anything but an object
     */
    public List<String> fieldNames() {
        if (value instanceof Map<?, ?> map) {
            List<String> names = new ArrayList<>(map.size());
            map.keySet().forEach(k -> names.add((String) k));
            return Collections.unmodifiableList(names);
        }
        return List.of();
    }

    /**
     * The elements of an array or the values of an object.
     *
     * @return an iterator over them; empty for a scalar
     */
    @Override
    @SuppressWarnings("unchecked")
    public Iterator<Json> iterator() {
        if (value instanceof List<?> list) {
            return ((List<Json>) list).iterator();
        }
        if (value instanceof Map<?, ?> map) {
            return ((Map<String, Json>) map).values().iterator();
        }
        return Collections.emptyIterator();
    }

    /**
     * This value as plain Java: a Map (in the document's order), List, String, Number (Long, BigInteger, Double
     * or BigDecimal), Boolean, or null.
     *
     * @return the plain value, unmodifiable
     */
    public Object toJava() {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put((String) k, ((Json) v).toJava()));
            return Collections.unmodifiableMap(plain);
        }
        if (value instanceof List<?> list) {
            List<Object> plain = new ArrayList<>(list.size());
            list.forEach(v -> plain.add(((Json) v).toJava()));
            return Collections.unmodifiableList(plain);
        }
        return value;
    }

    /**
     * This value as an instance of {@code type}: a record (each component from the field of its name, nested
     * records and {@code List}s of them included; a missing field gives null, 0 or false), String, a boxed or
     * primitive number or boolean, an enum (by name), Map or List (as {@link #toJava()}), or Json itself.
     *
     * @param type the type to read this value as
     * @param <T>  the type
     * @return the value
     * @throws IllegalArgumentException when this value does not fit the type
     */
    public <T> T as(Class<T> type) {
        return type.cast(convert(this, type, type, type.getSimpleName()));
    }

    private static Object convert(Json json, Class<?> type, java.lang.reflect.Type generic, String where) {
        Object v = json == null ? null : json.value;
        if (type == Json.class) {
            return json == null ? NULL : json;
        }
        if (type.isPrimitive()) {
            if (v == null) {
                return type == boolean.class ? Boolean.FALSE : convert(new Json(0L), type, type, where);
            }
            type = java.lang.invoke.MethodType.methodType(type).wrap().returnType();
        }
        if (v == null) {
            return null;
        }
        if (type == String.class) {
            if (v instanceof Map || v instanceof List) {
                throw mismatch(where, "a string", json);
            }
            return json.asText();
        }
        if (Number.class.isAssignableFrom(type) && !(v instanceof Number) && !(v instanceof String)) {
            throw mismatch(where, "a number", json);
        }
        if (type == Integer.class) {
            return json.asInt();
        }
        if (type == Long.class) {
            return json.asLong();
        }
        if (type == Double.class) {
            return json.asDouble();
        }
        if (type == Float.class) {
            return (float) json.asDouble();
        }
        if (type == Short.class) {
            return (short) json.asLong();
        }
        if (type == Byte.class) {
            return (byte) json.asLong();
        }
        if (type == BigDecimal.class) {
            return new BigDecimal(json.asText());
        }
        if (type == BigInteger.class) {
            return new BigDecimal(json.asText()).toBigInteger();
        }
        if (type == Boolean.class) {
            if (!(v instanceof Boolean)) {
                throw mismatch(where, "true or false", json);
            }
            return v;
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(json.asText())) {
                    return constant;
                }
            }
            throw mismatch(where, "one of " + java.util.Arrays.toString(type.getEnumConstants()), json);
        }
        if (type.isRecord()) {
            if (!(v instanceof Map)) {
                throw mismatch(where, "an object", json);
            }
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = convert(json.get(components[i].getName()), types[i], components[i].getGenericType(),
                        where + "." + components[i].getName());
            }
            try {
                var constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(args);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                throw new IllegalArgumentException("cannot create " + where + " from " + json + ": " + cause, cause);
            }
        }
        if (type == List.class || type == Iterable.class || type == java.util.Collection.class) {
            if (!(v instanceof List<?> list)) {
                throw mismatch(where, "an array", json);
            }
            if (generic instanceof java.lang.reflect.ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> element && element != Object.class) {
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(convert((Json) list.get(i), element, element, where + "[" + i + "]"));
                }
                return Collections.unmodifiableList(out);
            }
            return json.toJava();
        }
        if (type == Map.class || type == Object.class) {
            if (type == Map.class && !(v instanceof Map)) {
                throw mismatch(where, "an object", json);
            }
            return json.toJava();
        }
        throw new IllegalArgumentException("cannot read JSON as a " + type.getName() + " (" + where + "): use a "
                + "record, String, a number, boolean, enum, List, Map or Json");
    }

    private static IllegalArgumentException mismatch(String where, String expected, Json json) {
        return new IllegalArgumentException(where + " should be " + expected + ", got " + json);
    }

    /** @return this value as compact JSON text */
    @Override
    public String toString() {
        return write(this);
    }

    /**
     * Values are equal when they hold the same JSON: same fields with equal values (in any order), same
     * elements in the same order, equal scalars.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Json json && Objects.equals(value, json.value);
    }

    /** @return a hash code consistent with {@link #equals(Object)} */
    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    private static void writeValue(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Json json -> writeValue(json.value, out);
            case Boolean b -> out.append(b);
            case Double d when d.isNaN() || d.isInfinite() ->
                    throw new IllegalArgumentException("JSON has no " + d + ": send it as text or leave it out");
            case Float f when f.isNaN() || f.isInfinite() ->
                    throw new IllegalArgumentException("JSON has no " + f + ": send it as text or leave it out");
            case Number n -> out.append(n);
            case CharSequence s -> quote(s.toString(), out);
            case Character c -> quote(c.toString(), out);
            case Enum<?> e -> quote(e.name(), out);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote(String.valueOf(e.getKey()), out);
                    out.append(':');
                    writeValue(e.getValue(), out);
                }
                out.append('}');
            }
            case Iterable<?> items -> {
                out.append('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeValue(item, out);
                }
                out.append(']');
            }
            case Record r -> {
                out.append('{');
                RecordComponent[] components = r.getClass().getRecordComponents();
                for (int i = 0; i < components.length; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    quote(components[i].getName(), out);
                    out.append(':');
                    try {
                        var accessor = components[i].getAccessor();
                        accessor.setAccessible(true);
                        writeValue(accessor.invoke(r), out);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IllegalArgumentException("cannot read " + r.getClass().getSimpleName() + "."
                                + components[i].getName() + " to write it as JSON: " + e, e);
                    }
                }
                out.append('}');
            }
            default -> {
                if (!value.getClass().isArray()) {
                    throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: "
                            + "use a Map, a List, a record, a String, a number or a boolean");
                }
                out.append('[');
                for (int i = 0, n = Array.getLength(value); i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeValue(Array.get(value, i), out);
                }
                out.append(']');
            }
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A recursive-descent parser over one document; nesting is bounded so hostile input cannot blow the stack. */
    private static final class Parser {

        private static final int MAX_DEPTH = 1000;

        private final String text;
        private int at;
        private int depth;

        Parser(String text) {
            this.text = Objects.requireNonNull(text, "JSON text");
        }

        Json value() {
            skipSpace();
            if (at >= text.length()) {
                throw error("expected a JSON value, found the end of the text");
            }
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> new Json(string());
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield new Json(number());
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        private Json object() {
            enter();
            at++;
            Map<String, Json> fields = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                at++;
                depth--;
                return new Json(Collections.unmodifiableMap(fields));
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a field name in quotes");
                }
                String name = string();
                skipSpace();
                expect(':');
                fields.put(name, value());
                skipSpace();
                char c = peek();
                at++;
                if (c == '}') {
                    depth--;
                    return new Json(Collections.unmodifiableMap(fields));
                }
                if (c != ',') {
                    at--;
                    throw error("expected ',' or '}' in an object");
                }
            }
        }

        private Json array() {
            enter();
            at++;
            List<Json> items = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                at++;
                depth--;
                return new Json(Collections.unmodifiableList(items));
            }
            while (true) {
                items.add(value());
                skipSpace();
                char c = peek();
                at++;
                if (c == ']') {
                    depth--;
                    return new Json(Collections.unmodifiableList(items));
                }
                if (c != ',') {
                    at--;
                    throw error("expected ',' or ']' in an array");
                }
            }
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        private String string() {
            at++; // the opening quote
            StringBuilder sb = null;
            int start = at;
            while (true) {
                if (at >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(at);
                if (c == '"') {
                    String s = sb == null ? text.substring(start, at) : sb.append(text, start, at).toString();
                    at++;
                    return s;
                }
                if (c < 0x20) {
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    at++;
                    continue;
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, start, at);
                at++;
                if (at >= text.length()) {
                    throw error("unterminated escape");
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        at += 4;
                    }
                    default -> {
                        at--;
                        throw error("bad escape '\\" + e + "'");
                    }
                }
                start = at;
            }
        }

        private Number number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            if (peek() == '0') {
                at++;
            } else if (peek() >= '1' && peek() <= '9') {
                digits();
            } else {
                throw error("expected a digit");
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                at++;
                if (!(peek() >= '0' && peek() <= '9')) {
                    throw error("expected a digit after '.'");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                at++;
                if (peek() == '+' || peek() == '-') {
                    at++;
                }
                if (!(peek() >= '0' && peek() <= '9')) {
                    throw error("expected a digit in the exponent");
                }
                digits();
            }
            String s = text.substring(start, at);
            if (integral) {
                return s.length() < 19 ? (Number) Long.parseLong(s) : reduce(new BigInteger(s));
            }
            double d = Double.parseDouble(s);
            return Double.isInfinite(d) ? new BigDecimal(s) : d;
        }

        private static Number reduce(BigInteger big) {
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }

        private void digits() {
            while (peek() >= '0' && peek() <= '9') {
                at++;
            }
        }

        private Json literal(String word, Boolean value) {
            if (!text.startsWith(word, at)) {
                throw error("unexpected text");
            }
            at += word.length();
            return value == null ? NULL : new Json(value);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        void skipSpace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                at++;
            }
        }

        IllegalArgumentException error(String what) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(at, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new IllegalArgumentException("not JSON: " + what + " at line " + line + ", column " + column);
        }
    }
}

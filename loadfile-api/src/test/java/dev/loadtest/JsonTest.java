package dev.loadtest;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void readsLikeJsonNode() {
        Json doc = Json.parse(" {\"id\": \"a1\", \"n\": 42, \"price\": 9.5, \"ok\": true, \"none\": null,"
                + " \"tags\": [\"x\", \"y\"], \"nested\": {\"deep\": [1, {\"k\": \"v\"}]}} ");
        assertThat(doc.isObject()).isTrue();
        assertThat(doc.get("id").asText()).isEqualTo("a1");
        assertThat(doc.get("n").asInt()).isEqualTo(42);
        assertThat(doc.get("n").asText()).isEqualTo("42");
        assertThat(doc.get("price").asDouble()).isEqualTo(9.5);
        assertThat(doc.get("ok").asBoolean()).isTrue();
        assertThat(doc.has("none")).isTrue();
        assertThat(doc.get("none").isNull()).isTrue();
        assertThat(doc.get("missing")).isNull();
        assertThat(doc.has("missing")).isFalse();
        assertThat(doc.get("tags")).extracting(Json::asText).containsExactly("x", "y");
        assertThat(doc.get("tags").get(1).asText()).isEqualTo("y");
        assertThat(doc.get("tags").get(2)).isNull();
        assertThat(doc.get("nested").get("deep").get(1).get("k").asText()).isEqualTo("v");
        assertThat(doc.fieldNames()).containsExactly("id", "n", "price", "ok", "none", "tags", "nested");
        assertThat(doc.get("id").get("x")).as("a scalar has no fields").isNull();
        assertThat(doc.get("tags").asText()).as("JsonNode's asText of a container").isEmpty();
    }

    @Test
    void stringsAndNumbersKeepTheirValues() {
        Json doc = Json.parse("[\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", -0, 12345678901234567890, 1e3, -2.5E-3]");
        assertThat(doc.get(0).asText()).isEqualTo("a\"b\\c/\né\uD83D\uDE00");
        assertThat(doc.get(1).asLong()).isZero();
        assertThat(doc.get(2).toJava()).isEqualTo(new BigInteger("12345678901234567890"));
        assertThat(doc.get(3).asDouble()).isEqualTo(1000.0);
        assertThat(doc.get(4).asDouble()).isEqualTo(-0.0025);
    }

    @Test
    void writesWhatItReadsBack() {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "o-1");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", "s\"1");
        item.put("qty", 2);
        order.put("items", List.of(item));
        order.put("total", 19.5);
        order.put("paid", false);
        order.put("note", null);
        order.put("codes", new int[]{1, 2});
        String text = Json.write(order);
        assertThat(text).isEqualTo("{\"id\":\"o-1\",\"items\":[{\"sku\":\"s\\\"1\",\"qty\":2}],\"total\":19.5,"
                + "\"paid\":false,\"note\":null,\"codes\":[1,2]}");
        assertThat(Json.parse(text).get("items").get(0).get("sku").asText()).isEqualTo("s\"1");
        assertThat(Json.parse(text)).isEqualTo(Json.parse(Json.parse(text).toString()));
    }

    record Item(String sku, int qty) {
    }

    @Test
    void writesRecordsByTheirComponents() {
        assertThat(Json.write(new Item("a", 3))).isEqualTo("{\"sku\":\"a\",\"qty\":3}");
    }

    record Order(String id, List<Item> items, double total, boolean paid, Status status, Map<String, Object> extra) {
    }

    enum Status { OPEN, PAID }

    @Test
    void readsIntoRecords() {
        Order order = Json.parse("{\"id\": \"o-1\", \"items\": [{\"sku\": \"a\", \"qty\": 2}], \"total\": 3.5,"
                + " \"status\": \"PAID\", \"extra\": {\"k\": [1]}, \"ignored\": 1}").as(Order.class);
        assertThat(order).isEqualTo(new Order("o-1", List.of(new Item("a", 2)), 3.5, false, Status.PAID,
                Map.of("k", List.of(1L))));
        assertThatThrownBy(() -> Json.parse("{\"items\": 3}").as(Order.class))
                .hasMessage("Order.items should be an array, got 3");
        assertThatThrownBy(() -> Json.parse("{\"items\": [1]}").as(Order.class))
                .hasMessage("Order.items[0] should be an object, got 1");
        assertThatThrownBy(() -> Json.parse("{\"status\": \"LOST\"}").as(Order.class))
                .hasMessage("Order.status should be one of [OPEN, PAID], got \"LOST\"");
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a field name in quotes at line 1, column 9");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1}\n x")).hasMessageContaining("after the JSON value")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> Json.parse("[".repeat(5000))).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> Json.write(new Object())).hasMessageContaining("use a Map, a List, a record");
        assertThatThrownBy(() -> Json.write(Double.NaN)).hasMessageContaining("JSON has no NaN");
    }
}

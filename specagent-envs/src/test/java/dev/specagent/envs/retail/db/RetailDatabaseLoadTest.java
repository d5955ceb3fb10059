package dev.specagent.envs.retail.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading the retail database: a file that is missing, empty or holds no records is named, never loaded as empty. */
class RetailDatabaseLoadTest {

    private static final String RECORD = "{\"r1\": {\"id\": \"r1\"}}";

    @Test
    void loadsTheThreeTables(@TempDir Path dir) throws Exception {
        write(dir, RECORD, RECORD, RECORD);
        RetailDatabase db = RetailDatabase.load(dir);
        assertThat(db.users().keys()).containsExactly("r1");
        assertThat(db.orders().keys()).containsExactly("r1");
        assertThat(db.products().keys()).containsExactly("r1");
    }

    @Test
    void aTableWithoutRecordsNamesTheFile(@TempDir Path dir) throws Exception {
        for (String[] users : new String[][] {{"", "empty file"}, {"  \n", "empty file"}, {"{}", "an empty object"},
                {"[]", "an array"}, {"[" + RECORD + "]", "an array"}, {"null", "null"}}) {
            write(dir, users[0], RECORD, RECORD);
            assertThatThrownBy(() -> RetailDatabase.load(dir)).as(users[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(dir.resolve("users.json") + ": expected a non-empty JSON object of records, got "
                            + users[1]);
        }
        write(dir, RECORD, RECORD, "{}");
        assertThatThrownBy(() -> RetailDatabase.load(dir)).hasMessageStartingWith(dir.resolve("products.json") + ": ");
    }

    @Test
    void textAfterATableIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        // a record appended as a second object was dropped unread: a look-up of r2 would have said "not found"
        write(dir, RECORD, RECORD + "\n{\"r2\": {\"id\": \"r2\"}}\n", RECORD);
        assertThatThrownBy(() -> RetailDatabase.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + dir.resolve("orders.json") + ": line 2, column 1: "
                        + "a second JSON value follows the first (only one is allowed)");
        write(dir, RECORD + " \n\t", RECORD, RECORD);
        assertThat(RetailDatabase.load(dir).users().keys()).containsExactly("r1");
    }

    @Test
    void aMissingTableNamesTheFile(@TempDir Path dir) throws Exception {
        write(dir, RECORD, RECORD, RECORD);
        Files.delete(dir.resolve("orders.json"));
        assertThatThrownBy(() -> RetailDatabase.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + dir.resolve("orders.json") + ": no such file or folder");
    }

    @Test
    void aFieldTheToolsRelyOnWithAnotherTypeNamesTheFileRecordAndField(@TempDir Path dir) throws Exception {
        // an order whose payment_history was an object loaded, then cancelling it threw a ClassCastException that
        // ended 'retail gold' (exit 1, no file named); a price that was a string was computed with as 0
        String order = "{\"#W1\": {\"items\": [{\"item_id\": \"i1\", \"price\": 1.5}], "
                + "\"payment_history\": [{\"amount\": 1.5}]}}";
        String user = "{\"u1\": {\"payment_methods\": {\"gift_card_1\": {\"balance\": 10}}}}";
        String product = "{\"p1\": {\"variants\": {\"i1\": {\"price\": 1.5, \"available\": true}}}}";
        write(dir, user, order, product);
        assertThat(RetailDatabase.load(dir).orders().keys()).containsExactly("#W1");
        String[][] cases = {
                {"orders.json", order.replace("\"payment_history\": [{\"amount\": 1.5}]", "\"payment_history\": {}"),
                        "record #W1: field 'payment_history' must be a list, got {}"},
                {"orders.json", order.replace("\"price\": 1.5", "\"price\": \"cheap\""),
                        "record #W1: field 'items[0].price' must be a number, got \"cheap\""},
                {"orders.json", order.replace("[{\"item_id\": \"i1\", \"price\": 1.5}]", "[\"i1\"]"),
                        "record #W1: field 'items[0]' must be an object, got \"i1\""},
                {"users.json", user.replace("{\"balance\": 10}", "null"),
                        "record u1: field 'payment_methods.gift_card_1' must be an object, got null"},
                {"users.json", user.replace("10", "\"10\""),
                        "record u1: field 'payment_methods.gift_card_1.balance' must be a number, got \"10\""},
                {"products.json", product.replace("{\"i1\": {\"price\": 1.5, \"available\": true}}", "[]"),
                        "record p1: field 'variants' must be an object of objects, got []"},
                {"products.json", product.replace("1.5", "null"),
                        "record p1: field 'variants.i1.price' must be a number, got null"}};
        for (String[] c : cases) {
            write(dir, user, order, product);
            Files.writeString(dir.resolve(c[0]), c[1]);
            assertThatThrownBy(() -> RetailDatabase.load(dir)).as(c[1]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(dir.resolve(c[0]) + ": " + c[2]);
        }
        // a missing field is the tools' to answer, as the reference does (Error: 'payment_history')
        write(dir, user, "{\"#W1\": {\"status\": \"pending\"}}", product);
        assertThat(RetailDatabase.load(dir).orders().keys()).containsExactly("#W1");
    }

    private static void write(Path dir, String users, String orders, String products) throws Exception {
        Files.writeString(dir.resolve("users.json"), users);
        Files.writeString(dir.resolve("orders.json"), orders);
        Files.writeString(dir.resolve("products.json"), products);
    }
}

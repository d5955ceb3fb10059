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

    private static void write(Path dir, String users, String orders, String products) throws Exception {
        Files.writeString(dir.resolve("users.json"), users);
        Files.writeString(dir.resolve("orders.json"), orders);
        Files.writeString(dir.resolve("products.json"), products);
    }
}

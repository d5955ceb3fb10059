package dev.specagent.envs.retail.conversations;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.speculate.Transcript;
import dev.specagent.envs.retail.tools.RetailTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rebuilding displayed conversations: every kind of call recovered from its output, and the real file. */
class FewShotConversationsTest {

    private static final String PENDING = "{\"order_id\": \"#W1\", \"user_id\": \"ada_lee_1\", \"address\": "
            + "{\"address1\": \"1 Main St\", \"city\": \"Austin\", \"state\": \"TX\", \"zip\": \"78701\"}, "
            + "\"items\": [{\"name\": \"Lamp\", \"item_id\": \"11\", \"product_id\": \"p1\"}, "
            + "{\"name\": \"Desk\", \"item_id\": \"12\", \"product_id\": \"p2\"}], \"status\": \"pending\", "
            + "\"payment_history\": [{\"transaction_type\": \"payment\", \"amount\": 10, \"payment_method_id\": \"card_1\"}]}";

    private static List<ToolCallRecord> calls(Path dir, String... display) throws Exception {
        Path in = dir.resolve("few.jsonl");
        StringBuilder lines = new StringBuilder();
        for (String d : display) {
            lines.append(JsonNodeFactory.instance.objectNode().put("messages_display", d)).append('\n');
        }
        Files.writeString(in, lines);
        Path out = dir.resolve("few.json");
        Files.writeString(out, FewShotConversations.read(in, null).trajectories().toJson());
        return ConversationReader.read(out, problem -> { }).stream().flatMap(t -> t.calls().stream()).toList();
    }

    private static String call(ToolCallRecord c) {
        return c.hasUnparsedArguments() ? c.name() + " ?" : c.name() + " " + c.kwargs();
    }

    @Test
    void looksUpReadsAndWritesAreRecoveredFromTheirOutputs(@TempDir Path dir) throws Exception {
        String modifiedItems = PENDING.replace("\"11\"", "\"21\"").replace("\"pending\"", "\"pending (item modified)\"")
                .replace("}]}", "}, {\"transaction_type\": \"refund\", \"amount\": 2, \"payment_method_id\": \"gift_2\"}]}");
        // modify_pending_order_items appends the price difference, paid or refunded, with the method it names
        String cancelled = PENDING.replace("#W1", "#W2").replace("\"pending\"", "\"cancelled\", \"cancel_reason\": "
                + "\"ordered by mistake\"");
        String moved = PENDING.replace("#W1", "#W2").replace("1 Main St", "9 Elm Rd");
        List<ToolCallRecord> calls = calls(dir, String.join("\n",
                "user: Hi, I'm Ada Lee, zip 78701.",
                "assistant: None",
                "tool: ada_lee_1",
                "assistant: Thanks! Let me look.",
                "tool: {\"name\": {\"first_name\": \"Ada\"}, \"address\": {\"zip\": \"78701\"}, \"payment_methods\": {}, "
                        + "\"orders\": [\"#W1\"]}",
                "assistant: None",
                "tool: " + PENDING,
                "user: Swap the lamp, please.",
                "assistant: None",
                "tool: {\"name\": \"Lamp\", \"product_id\": \"p1\", \"variants\": {}}",
                "assistant: None",
                "tool: " + modifiedItems,
                "assistant: None",
                "tool: " + PENDING.replace("#W1", "#W2"),
                "assistant: None",
                "tool: " + moved,
                "assistant: None",
                "tool: " + cancelled,
                "assistant: None",
                "tool: {\"Lamp\": \"p1\", \"Desk\": \"p2\"}",
                "assistant: None",
                "tool: 20.5",
                "assistant: None",
                "tool: Error: user not found"));
        assertThat(calls).map(FewShotConversationsTest::call).containsExactly(
                "find_user_id_by_name_zip {\"first_name\":\"Ada\",\"last_name\":\"Lee\",\"zip\":\"78701\"}",
                "get_user_details {\"user_id\":\"ada_lee_1\"}",
                "get_order_details {\"order_id\":\"#W1\"}",
                "get_product_details {\"product_id\":\"p1\"}",
                "modify_pending_order_items {\"order_id\":\"#W1\",\"item_ids\":[\"11\"],\"new_item_ids\":[\"21\"],"
                        + "\"payment_method_id\":\"gift_2\"}",
                "get_order_details {\"order_id\":\"#W2\"}",
                "modify_pending_order_address {\"order_id\":\"#W2\",\"address1\":\"9 Elm Rd\",\"address2\":\"\","
                        + "\"city\":\"Austin\",\"state\":\"TX\",\"country\":\"\",\"zip\":\"78701\"}",
                "cancel_pending_order {\"order_id\":\"#W2\",\"reason\":\"ordered by mistake\"}",
                "list_all_product_types {}",
                "calculate ?",
                "find_user_id_by_name_zip ?");
    }

    @Test
    void anEmailGivenLastMakesTheLookUpByEmail(@TempDir Path dir) throws Exception {
        List<ToolCallRecord> calls = calls(dir, String.join("\n",
                "user: My zip is 78701 but try my e-mail, ada.lee@example.com.",
                "assistant: None",
                "tool: ada_lee_1"));
        assertThat(calls).map(FewShotConversationsTest::call)
                .containsExactly("find_user_id_by_email {\"email\":\"ada.lee@example.com\"}");
    }

    @Test
    void aLineThatIsNoDisplayedConversationIsNamed(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("bad.jsonl");
        Files.writeString(in, "{\"messages_display\": \"user: hi\"}\n{\"messages\": []}\n");
        assertThatThrownBy(() -> FewShotConversations.read(in, null))
                .hasMessageContaining("bad.jsonl:2").hasMessageContaining("messages_display");
        Files.writeString(in, "{\"messages_display\": \"customer: hi\"}\n");
        assertThatThrownBy(() -> FewShotConversations.read(in, null))
                .hasMessageContaining("bad.jsonl:1").hasMessageContaining("message 0");
    }

    @Test
    void anEmptyFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("few_shot_trajectories.jsonl"), "\n\n");
        assertThatThrownBy(() -> FewShotConversations.read(in, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(in + ": no conversation in it (empty)");
    }

    @Test
    void twoConversationsOnOneLineAreAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        // one conversation a line: the second on a line was dropped unread
        Path in = dir.resolve("two.jsonl");
        String line = "{\"messages_display\": \"user: hi\"}";
        Files.writeString(in, line + "\n" + line + " " + line + "\n");
        assertThatThrownBy(() -> FewShotConversations.read(in, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(in + ":2: not valid JSON at line 1, column " + (line.length() + 2) + ": "
                        + "a second JSON value follows the first (only one is allowed)");
    }

    @Test
    void anOutputWithTextAfterItsJsonIsNoRecordOfTheCall() {
        String order = "{\"order_id\": \"#W1\", \"user_id\": \"ada_lee_1\", \"status\": \"pending\", \"items\": []}";
        assertThat(new RetailCallRecovery(null).recover(order).name()).isEqualTo("get_order_details");
        // not one JSON value, so not the output of a look-up: recovered as no call rather than from its first part
        assertThat(new RetailCallRecovery(null).recover(order + " (cached)"))
                .isEqualTo(new RetailCallRecovery.Recovered("unknown", null));
    }

    /**
     * The recording saved by an editor with a byte order mark, or with CRLF or CR line ends, rebuilds as shipped: the mark
     * made line 1 "not valid JSON at line 1, column 1: Unexpected character ('\uFEFF')" and retail few-shot exit 2.
     */
    @Test
    void theRecordingSavedWithAByteOrderMarkOrOtherLineEndsRebuildsAsShipped(@TempDir Path dir) throws Exception {
        Path shipped = RetailData.folder().resolve("few_shot_trajectories.jsonl");
        String expected = FewShotConversations.read(shipped, RetailData.database()).trajectories().toJson();
        String text = Files.readString(shipped);
        for (String variant : List.of("\uFEFF" + text, text.replace("\n", "\r\n"), text.replace("\n", "\r"))) {
            Path file = Files.writeString(dir.resolve("few_shot_trajectories.jsonl"), variant);
            assertThat(FewShotConversations.read(file, RetailData.database()).trajectories().toJson()).isEqualTo(expected);
        }
    }

    /** On the real recording, every recovered read, run on the retail database, answers as recorded or at least without error. */
    @Test
    void theRecordedConversationsRebuildAndTheirRecoveredReadsRunOnTheDatabase(@TempDir Path dir) throws Exception {
        FewShotConversations.Rebuilt rebuilt =
                FewShotConversations.read(RetailData.folder().resolve("few_shot_trajectories.jsonl"), RetailData.database());
        assertThat(rebuilt.trajectories().size()).isEqualTo(69);
        assertThat(rebuilt.calls()).isEqualTo(479);
        assertThat(rebuilt.recovered()).isGreaterThan(400);
        Path out = dir.resolve("few.json");
        Files.writeString(out, rebuilt.trajectories().toJson());
        RetailDatabase db = RetailData.database();
        Set<String> lookUps = Set.of("find_user_id_by_email", "find_user_id_by_name_zip", "get_product_details");
        int checked = 0;
        for (Transcript t : ConversationReader.read(out, problem -> { })) {
            for (ToolCallRecord c : t.calls()) {
                if (c.hasUnparsedArguments()) {
                    continue;
                }
                if (lookUps.contains(c.name())) {
                    assertThat(RetailTools.execute(db, c.name(), c.kwargs()).output()).as(call(c))
                            .isEqualTo(c.output());
                    checked++;
                } else if (c.name().startsWith("get_")) {
                    assertThat(RetailTools.execute(db, c.name(), c.kwargs()).output()).as(call(c))
                            .doesNotStartWith("Error");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(300);
    }
}

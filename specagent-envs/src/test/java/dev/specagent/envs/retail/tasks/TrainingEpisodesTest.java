package dev.specagent.envs.retail.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The training episodes follow the domain policy's reads around a train task's writes. */
class TrainingEpisodesTest {

    @Test
    void anEpisodeWalksTheOrdersThenRechecksEachOrderRightBeforeItsWrite() {
        RetailDatabase db = RetailData.database();
        RetailTask task = RetailData.tasks(TaskSplit.TRAIN).stream()
                .filter(t -> t.actions().size() == 2 && t.actions().stream()
                        .allMatch(a -> a.name().equals("cancel_pending_order")))
                .findFirst().orElseThrow();
        List<String> orders = new ArrayList<>();
        db.users().get(task.userId()).orElseThrow().path("orders").forEach(o -> orders.add(o.asText()));
        String first = task.actions().get(0).kwargs().path("order_id").asText();
        String second = task.actions().get(1).kwargs().path("order_id").asText();
        int last = Math.max(orders.indexOf(first), orders.indexOf(second));

        List<String> expected = new ArrayList<>(List.of("find_user_id_by_name_zip", "get_user_details"));
        for (int i = 0; i <= last; i++) {
            expected.add("get_order_details " + orders.get(i));
        }
        if (!first.equals(orders.get(last))) {
            expected.add("get_order_details " + first);
        }
        expected.add("cancel_pending_order " + first);
        expected.add("get_order_details " + second);
        expected.add("cancel_pending_order " + second);

        List<ToolCallRecord> episode = TrainingEpisodes.of(List.of(task), db).getFirst();
        assertThat(episode).extracting(TrainingEpisodesTest::describe).containsExactlyElementsOf(expected);
        assertThat(episode).allSatisfy(call -> assertThat(call.output()).doesNotStartWith("Error"));
    }

    private static String describe(ToolCallRecord call) {
        JsonNode order = call.kwargs().path("order_id");
        return order.isMissingNode() ? call.name() : call.name() + " " + order.asText();
    }
}

package dev.specagent.llm.replay;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answers of the replay server may keep their connection open, against the JDK server's idle limit. */
class KeepAliveBudgetTest {

    static InetSocketAddress client(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Test
    void noMoreConnectionsThanTheLimitAreLeftOpenAndIdleAtOnce() {
        KeepAliveBudget budget = new KeepAliveBudget(2, 1_000);
        assertThat(budget.begin(client(1), 0)).isTrue();
        assertThat(budget.begin(client(2), 0)).isTrue();
        assertThat(budget.begin(client(3), 0)).as("two may already be left idle").isFalse();
        budget.ended(client(1), true, 10);
        assertThat(budget.begin(client(3), 20)).as("one idle, one under way").isFalse();
        budget.ended(client(2), false, 30); // its connection was closed
        assertThat(budget.begin(client(3), 40)).isTrue();
        budget.ended(client(3), true, 50);
        assertThat(budget.begin(client(4), 60)).as("two idle").isFalse();
        assertThat(budget.begin(client(1), 70)).as("its connection is no longer idle").isTrue();
        budget.ended(client(1), true, 80);
        assertThat(budget.begin(client(4), 1_049)).isFalse();
        assertThat(budget.begin(client(4), 1_050)).as("client 3's connection has been closed by the idle timer")
                .isTrue();
    }
}

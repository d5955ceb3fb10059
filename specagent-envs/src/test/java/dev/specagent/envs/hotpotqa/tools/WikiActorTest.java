package dev.specagent.envs.hotpotqa.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.sandbox.SnapshotSandbox;
import dev.specagent.envs.hotpotqa.corpus.LocalWiki;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Wikipedia environment refusing what it cannot run, with a message naming why. */
class WikiActorTest {

    private static final WikiActor WIKI = new WikiActor(new WikiTools(LocalWiki.of(List.of(), List.of())),
            new SnapshotSandbox<>(WikiState.INITIAL), ToolLatency.fixed(0.5, 0.1));

    /** The end of a call without a sandbox view, recording failures. */
    private static final class NoView implements Completion<JsonNode> {
        final List<Throwable> failures = new ArrayList<>();
        final Clock clock = new SimulatedClock(1);

        CallContext context() {
            return CallContext.of(clock, false, null, this);
        }

        @Override
        public void succeed(JsonNode value, Usage usage) {
            throw new AssertionError("unexpected success " + value);
        }

        @Override
        public void fail(Throwable error, Usage spent) {
            failures.add(error);
        }
    }

    @Test
    void aCallOfAnotherToolFailsNamingTheTool() {
        NoView ended = new NoView();

        CallHandle handle = WIKI.start(Call.of("think"), ended.context());

        assertThat(handle).isSameAs(CallHandle.NONE);
        assertThat(ended.failures).singleElement().isInstanceOf(IllegalArgumentException.class)
                .extracting(Throwable::getMessage).isEqualTo("the Wikipedia environment has no tool think");
        assertThat(WIKI.estimate(Call.of("think")).latencySeconds()).isZero();
    }

    @Test
    void aToolCallOutsideTheRunnersSandboxIsRefused() {
        assertThatThrownBy(() -> WIKI.start(Call.of(WikiActor.SEARCH, "entity", "a"), new NoView().context()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the Wikipedia environment needs its sandbox in the runner");
    }
}

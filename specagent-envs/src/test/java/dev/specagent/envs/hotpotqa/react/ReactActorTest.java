package dev.specagent.envs.hotpotqa.react;

import dev.specagent.core.call.Call;
import dev.specagent.core.sandbox.SnapshotSandbox;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.corpus.LocalWiki;
import dev.specagent.envs.hotpotqa.tools.ReactAction;
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiActor;
import dev.specagent.envs.hotpotqa.tools.WikiState;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The ReAct actor's estimates (what the policy plans with) and the think call's round trip. */
class ReactActorTest {

    /** A search takes 1 s, a lookup 2 s, plus 0.01 s per character of the argument: each input shows in the figure. */
    private static final ToolLatency LATENCY =
            (type, key) -> (type == ReactAction.Type.SEARCH ? 1.0 : 2.0) + 0.01 * key.length();

    @Test
    void aToolCallIsEstimatedByItsLatencyAndAThinkCallByTheThinker() {
        WikiActor wiki = new WikiActor(new WikiTools(LocalWiki.of(List.of(), List.of())),
                new SnapshotSandbox<>(WikiState.INITIAL), LATENCY);
        ReactActor actor = new ReactActor(new ScriptedThinker(Map.of(), 3.0), wiki);
        Call search = WikiActor.callOf(ReactAction.parse("Search[Ed Wood]").orElseThrow()).orElseThrow();
        Call lookup = WikiActor.callOf(ReactAction.parse("Lookup[born]").orElseThrow()).orElseThrow();
        Call think = ReactAgent.thinkCall(ReactState.start(new HotpotQuestion("q", "Who?", "")));

        assertThat(actor.estimate(search).latencySeconds()).isCloseTo(1.07, within(1e-9));
        assertThat(actor.estimate(lookup).latencySeconds()).isCloseTo(2.04, within(1e-9));
        assertThat(actor.estimate(think).latencySeconds()).isEqualTo(3.0);
        assertThat(wiki.estimate(think).latencySeconds()).isZero();
    }

    @Test
    void aThinkLatencyOfZeroIsAllowedAndANegativeOneRefused() {
        assertThat(new ScriptedThinker(Map.of(), 0.0).estimate(Call.of(ReactAgent.THINK)).latencySeconds()).isZero();
        assertThatThrownBy(() -> new ScriptedThinker(Map.of(), -0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("think latency must be >= 0 s, got -0.5");
    }

    @Test
    void aThinkCallCarriesTheQuestionAndEveryStepBackToItsState() {
        ReactState state = new ReactState(new HotpotQuestion("q7", "Who?", "gold"),
                List.of(new ReactStep("t1", "Search[A]", "o1"), new ReactStep("t2", "Finish[b]", "")), null, null);

        ReactState back = ReactAgent.stateOf(ReactAgent.thinkCall(state));

        assertThat(back.question()).isEqualTo(new HotpotQuestion("q7", "Who?", ""));
        assertThat(back.steps()).isEqualTo(state.steps());
        assertThatThrownBy(() -> ReactAgent.stateOf(Call.of(WikiActor.SEARCH, "entity", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a think call (needs fields");
        assertThatThrownBy(() -> ReactAgent.stateOf(Call.of(ReactAgent.THINK, "qid", "q")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a think call (needs fields");
    }
}

package dev.specagent.cli.retail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.llm.CallsUnderWay;
import dev.specagent.core.call.Usage;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** What the speculator spent: a line for the LLM speculator only, the same JSON fields for both. */
class SpeculatorSpendTest {

    private static final Usage SPENT = new Usage(300, 30, 0, 0.00066);

    @Test
    void theLlmSpeculatorSaysWhatItSpentAndTheLearnedOneSaysNothing() {
        StringWriter out = new StringWriter();
        SpeculatorSpend.print(new PrintWriter(out, true), SpeculatorOptions.Kind.LLM, SPENT);
        assertThat(out.toString()).isEqualTo("the llm speculator spent 300 prompt + 30 completion tokens, $0.0007"
                + System.lineSeparator());
        StringWriter none = new StringWriter();
        SpeculatorSpend.print(new PrintWriter(none, true), SpeculatorOptions.Kind.LEARNED, SPENT);
        SpeculatorSpend.printStopped(new PrintWriter(none, true), SpeculatorOptions.Kind.LEARNED,
                new CallsUnderWay.Snapshot(1, SPENT));
        assertThat(none.toString()).isEmpty();
        assertThat(SpeculatorSpend.line(SpeculatorOptions.Kind.LEARNED, SPENT)).isNull();
    }

    @Test
    void aStoppedRunCountsTheCallsUnderWay() {
        StringWriter out = new StringWriter();
        SpeculatorSpend.printStopped(new PrintWriter(out, true), SpeculatorOptions.Kind.LLM, new CallsUnderWay.Snapshot(1, SPENT));
        SpeculatorSpend.printStopped(new PrintWriter(out, true), SpeculatorOptions.Kind.LLM, new CallsUnderWay.Snapshot(2, SPENT));
        assertThat(out.toString().split("\\R")).containsExactly(
                "the llm speculator spent 300 prompt + 30 completion tokens, $0.0007 (including the proposal under way "
                        + "at the signal: 1 call, charged what they had consumed, as cancelled calls are)",
                "the llm speculator spent 300 prompt + 30 completion tokens, $0.0007 (including the proposal under way "
                        + "at the signal: 2 calls, charged what they had consumed, as cancelled calls are)");
        ObjectNode o = JsonOutput.object();
        SpeculatorSpend.putJson(o, SPENT);
        SpeculatorSpend.putCallsUnderWay(o, new CallsUnderWay.Snapshot(2, SPENT));
        assertThat(o.toString()).isEqualTo("{\"prompt_tokens\":300,\"completion_tokens\":30,\"cost_usd\":6.6E-4,\"calls_under_way\":2}");
    }
}

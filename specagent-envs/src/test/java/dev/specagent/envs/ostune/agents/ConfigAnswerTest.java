package dev.specagent.envs.ostune.agents;

import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.SafetyEnvelope;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ConfigAnswerTest {

    @Test
    void theContractAndItsCorrectionNameTheKnobAndTheReason() {
        assertThat(ConfigAnswer.contract("sched_rr_timeslice_ms"))
                .contains("Analysis: ").contains("Config: {\"sched_rr_timeslice_ms\": <number>}");
        assertThat(ConfigAnswer.correction("k", "the answer is empty"))
                .startsWith("Your answer was refused: the answer is empty.\n").endsWith(ConfigAnswer.contract("k"));
    }

    @Test
    void readsTheAnalysisAndTheKnobsValue() {
        Decision d = ConfigAnswer.parse("Analysis: p95 rose after the increase,\nso go back down.\nConfig: {\"sched_rr_timeslice_ms\": 60}",
                "sched_rr_timeslice_ms");
        assertThat(d.value()).isEqualTo(60);
        assertThat(d.rationale()).isEqualTo("p95 rose after the increase,\nso go back down.");
    }

    @Test
    void toleratesMarkdownAndASingleOtherNumericField() {
        Decision d = ConfigAnswer.parse("**Analysis:** shorter slices.\n**Config:** {\"value\": \"4.5\"}", "min_granularity_ns");
        assertThat(d.value()).isEqualTo(4.5);
    }

    @Test
    void rejectsAnswersThatBreakTheContract() {
        assertThatThrownBy(() -> ConfigAnswer.parse("I would set it to 60.", "k")).hasMessageContaining("no 'Config: {...}' line");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {k: 60}", "k")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"a\": 1, \"b\": 2}", "k")).hasMessageContaining("no field \"k\"");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"k\": \"fast\"}", "k")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ConfigAnswer.parse("", "k")).hasMessageContaining("empty");
    }

    /**
     * A quoted value is a number when JSON would read it as one unquoted, whitespace around it included: Java's parser
     * also took {@code "60f"} (a float suffix) as 60, and hex, NaN and Infinity.
     */
    /**
     * A reasoning model served without a reasoning parser writes its reasoning first, in a think block: a Config line
     * there is one it considered. It was written to the knob when the answer proper had none, and its Analysis was
     * taken for the answer's.
     */
    @Test
    void aConfigOrAnalysisInAThinkBlockIsNotTheAnswer() {
        String thinking = "<think>\nAnalysis: maybe longer.\nConfig: {\"k\": 100}? No, p95 rose.\n</think>\n\n";
        assertThatThrownBy(() -> ConfigAnswer.parse(thinking + "I would set it to 60.", "k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'Config: {...}' line");
        Decision d = ConfigAnswer.parse(thinking + "Config: {\"k\": 60}", "k");
        assertThat(d.value()).isEqualTo(60);
        assertThat(d.rationale()).isEmpty();
        assertThat(ConfigAnswer.parse(thinking + "Analysis: shorter.\nConfig: {\"k\": 60}", "k").rationale())
                .isEqualTo("shorter.");
        assertThatThrownBy(() -> ConfigAnswer.parse("<think>Config: {\"k\": 100} is too", "k")).as("all reasoning, cut")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    /**
     * A model stuck emitting blank lines until its token limit: each line of a long run of blanks was scanned to the
     * run's end for a Config label (quadratic: 40,000 blank lines took 20 s, 200,000 would take minutes); now one pass.
     * Blank and markdown lines just above the label still end the analysis, as before.
     */
    @Test
    void aLongRunOfBlankLinesIsReadInOnePass() {
        String blanks = " \n".repeat(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> ConfigAnswer.parse("Analysis: shorter." + blanks + "I am done.", "k"))
                    .hasMessageContaining("no 'Config: {...}' line");
            Decision d = ConfigAnswer.parse("Analysis: shorter." + blanks + "more.\nConfig: {\"k\": 60}", "k");
            assertThat(d.value()).isEqualTo(60);
            assertThat(d.rationale()).startsWith("shorter.").endsWith("more.");
            assertThat(ConfigAnswer.parse("Analysis: shorter." + blanks + "Config: {\"k\": 60}", "k").rationale())
                    .isEqualTo("shorter.");
        });
        assertThat(ConfigAnswer.parse("Analysis: shorter.\n---\n> **\nConfig: {\"k\": 60}", "k").rationale())
                .isEqualTo("shorter.");
        assertThat(ConfigAnswer.parse("Analysis: a\n---\nConfig: {\"k\": 1}\r\n\r\n## Config: {\"k\": 2}", "k").rationale())
                .isEqualTo("a");
    }

    @Test
    void aQuotedValueIsANumberOnlyByJsonsGrammar() {
        for (String notJson : new String[]{"60f", "60d", "0x1p3", "NaN", "Infinity", "-Infinity", "+60", ".5", "60.", "0060"}) {
            assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"k\": \"" + notJson + "\"}", "k")).as(notJson)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the LLM answer's Config value of \"k\" is not a number: \"" + notJson + "\" (a JSON number: "
                            + "digits with an optional fraction and exponent; no suffix, hex, NaN or Infinity)");
        }
        assertThat(ConfigAnswer.parse("Config: {\"k\": \" 60 \"}", "k").value()).isEqualTo(60);
        assertThat(ConfigAnswer.parse("Config: {\"k\": \"-2.5e1\"}", "k").value()).isEqualTo(-25);
        assertThat(ConfigAnswer.parse("Config: {\"value\": \"60f\", \"other\": 7}", "k").value())
                .as("not a number, so not the only numeric field").isEqualTo(7);
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"k\": 60f}", "k")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"k\": NaN}", "k")).hasMessageContaining("not a JSON object");
    }

    @Test
    void theConfigObjectIsTakenFromTheProseAroundIt() {
        // deliberate: the contract puts the object inside prose, so what follows it on its line (a remark) is not read
        Decision d = ConfigAnswer.parse("Analysis: shorter.\nConfig: {\"k\": 60} (ms; the default is 100)\nThanks!", "k");
        assertThat(d.value()).isEqualTo(60);
        assertThat(d.rationale()).isEqualTo("shorter.");
        assertThat(ConfigAnswer.parse("Config: `{\"k\": 7}` as asked", "k").value()).isEqualTo(7);
    }

    /**
     * Models often fence the object as json: a fence without a tag (or inline code) was read, the same fence tagged
     * {@code json} was refused as having no Config line, costing a correction and, when repeated, the decision.
     */
    @Test
    void theObjectMayStandInACodeFenceTaggedJson() {
        assertThat(ConfigAnswer.parse("Analysis: shorter.\nConfig:\n```json\n{\"k\": 60}\n```", "k").value()).isEqualTo(60);
        assertThat(ConfigAnswer.parse("Analysis: shorter.\nConfig: ```JSON {\"k\": 61}```", "k").value()).isEqualTo(61);
        assertThat(ConfigAnswer.parse("Analysis: shorter.\nConfig:\n```\n{\"k\": 62}\n```", "k").value()).isEqualTo(62);
        Decision d = ConfigAnswer.parse("Analysis: shorter.\n**Config:**\n```json\n{\"k\": 63}\n```\nDone.", "k");
        assertThat(d.value()).isEqualTo(63);
        assertThat(d.rationale()).isEqualTo("shorter.");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: json {\"k\": 60}", "k")).as("a tag outside a fence")
                .hasMessageContaining("no 'Config: {...}' line");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config:\n```yaml\n{\"k\": 60}\n```", "k"))
                .hasMessageContaining("no 'Config: {...}' line");
    }

    /**
     * The object ends where its braces balance, not at its first {@code }}: a nested object (or a brace in a string) is
     * read, and a value that is itself an object is refused as not a number, where both were "not a JSON object".
     */
    @Test
    void anObjectWithANestedObjectIsReadWhole() {
        Decision d = ConfigAnswer.parse("Analysis: shorter.\nConfig: {\"k\": 60, \"notes\": {\"unit\": \"ms\"}} (as asked)", "k");
        assertThat(d.value()).isEqualTo(60);
        assertThat(d.rationale()).isEqualTo("shorter.");
        assertThat(ConfigAnswer.parse("Config: {\"why\": \"a } in a \\\"string\\\" {\", \"k\": 5} ok", "k").value()).isEqualTo(5);
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"k\": {\"value\": 60}}", "k"))
                .hasMessageContaining("the LLM answer's Config value of \"k\" is not a number: {\"value\":60}");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"k\": {\"value\": 60}", "k"))
                .as("never closed").hasMessageContaining("not a JSON object: '{\"k\": {\"value\": 60}'");
    }

    @Test
    void theLastConfigLineIsTheModelsFinalWord() {
        Decision d = ConfigAnswer.parse("Analysis: first 8 ms.\nConfig: {\"k\": 8}\nAnalysis: on second thought, 6 is safer.\nConfig: {\"k\": 6}", "k");
        assertThat(d.value()).isEqualTo(6);
        assertThat(d.rationale()).isEqualTo("on second thought, 6 is safer.");
    }

    /**
     * The analysis is the one before the last Config line: a remark after the object that happens to say
     * "analysis:", or a word ending in it after the Config line, was read as the analysis (and went into the speculator's
     * prompt as the actor's reasoning).
     */
    @Test
    void theAnalysisIsTheOneBeforeTheLastConfigLineNotARemarkAfterIt() {
        assertThat(ConfigAnswer.parse("Analysis: shorter.\nConfig: {\"k\": 60} (see the analysis: above)", "k").rationale())
                .isEqualTo("shorter.");
        assertThat(ConfigAnswer.parse("Analysis: shorter.\nConfig: {\"k\": 60}\nReanalysis: none needed", "k").rationale())
                .isEqualTo("shorter.");
        assertThat(ConfigAnswer.parse("Analysis: first.\nConfig: {\"k\": 8}\nConfig: {\"k\": 6} (my analysis: 6)", "k")
                .rationale()).isEqualTo("first.");
    }

    /**
     * A knob named twice in one object is ambiguous (JSON leaves which value counts open): the parser kept the last
     * silently, so {"k": 2000, "k": 50} wrote 50 where the model's first figure was a unit mix-up refused alone.
     */
    @Test
    void aConfigObjectNamingAFieldTwiceIsRefused() {
        SafetyEnvelope ms = new SafetyEnvelope(1, 500, 100);
        assertThatThrownBy(() -> ConfigAnswer.parse("Analysis: x.\nConfig: {\"k\": 2000, \"k\": 50}", "k", ms, "ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the LLM answer's Config names a field more than once: '{\"k\": 2000, \"k\": 50}'");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"value\": 5, \"value\": 7}", "k"))
                .hasMessageContaining("names a field more than once");
        assertThat(ConfigAnswer.parse("Config: {\"k\": 5, \"notes\": {\"k\": 7}}", "k").value()).as("a name in a nested object")
                .isEqualTo(5);
    }

    @Test
    void aValueOutsideTheEnvelopeIsRefusedNamingTheBoundsAndUnit() {
        SafetyEnvelope ns = new SafetyEnvelope(100_000, 50_000_000, 10_000_000);
        // 4 meant as ms for a knob in ns: clamping would have written the 0.1 ms bound the model never asked for
        assertThatThrownBy(() -> ConfigAnswer.parse("Analysis: 4 ms.\nConfig: {\"min_granularity_ns\": 4}", "min_granularity_ns", ns, "ns"))
                .hasMessageContaining("value 4 of \"min_granularity_ns\" is outside the envelope [100000, 50000000] ns");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"k\": 1e999}", "k", ns, "ns")).hasMessageContaining("not finite");
        assertThat(ConfigAnswer.parse("Config: {\"k\": 4000000}", "k", ns, "ns").value()).isEqualTo(4_000_000);
    }
}

package dev.specagent.envs.hotpotqa.tools;

import dev.specagent.envs.hotpotqa.tools.ReactAction.Type;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading written ReAct actions: the argument's extent, what is no action, exactly-one parsing, the strict match. */
class ReactActionTest {

    private static ReactAction action(Type type, String argument) {
        return new ReactAction(type, argument);
    }

    @Test
    void anArgumentRunsToTheBracketThatClosesTheAction() {
        assertThat(ReactAction.findAll("Search[Foo [bar]] and Lookup[x]"))
                .containsExactly(action(Type.SEARCH, "Foo [bar]"), action(Type.LOOKUP, "x"));
        assertThat(ReactAction.findAll("Finish[[a] [b]]")).containsExactly(action(Type.FINISH, "[a] [b]"));
    }

    @Test
    void anUnclosedArgumentRunsToItsLinesLastBracketAndNeverPastTheLine() {
        assertThat(ReactAction.findAll("Search[a [b] c [d]\nLookup[y]"))
                .containsExactly(action(Type.SEARCH, "a [b] c [d"), action(Type.LOOKUP, "y"));
        assertThat(ReactAction.findAll("Search[Foo [bar\nLookup[y]")).containsExactly(action(Type.LOOKUP, "y"));
        assertThat(ReactAction.findAll("Search[Foo\nbar]")).isEmpty();
        assertThat(ReactAction.findAll("Search[a\n]")).isEmpty();
        assertThat(ReactAction.findAll("Search[a [b")).isEmpty();
    }

    @Test
    void aBlankOrMissingArgumentIsNoAction() {
        assertThat(ReactAction.findAll("Search[] Search[   ] Finish[done]")).containsExactly(action(Type.FINISH, "done"));
        assertThat(ReactAction.findAll("Research[x] is not a search")).isEmpty();
        assertThat(ReactAction.findAll(null)).isEmpty();
        assertThat(ReactAction.find("think first. lookup[Key] then.")).contains(action(Type.LOOKUP, "Key"));
        assertThat(ReactAction.find("nothing")).isEmpty();
    }

    @Test
    void parseTakesExactlyOneActionFillingTheText() {
        assertThat(ReactAction.parse("  search[Ed Wood] ")).contains(action(Type.SEARCH, "Ed Wood"));
        assertThat(ReactAction.parse("Search[A] Finish[B]")).isEmpty();
        assertThat(ReactAction.parse("I will Search[A]")).isEmpty();
        assertThat(ReactAction.parse("Search[A].")).isEmpty();
        assertThat(ReactAction.parse(null)).isEmpty();
        assertThat(ReactAction.parse("Finish[yes]").orElseThrow().toString()).isEqualTo("Finish[yes]");
    }

    @Test
    void theStrictMatchIgnoresCaseOnlyAndTheKeyIsTheNormalisedArgument() {
        assertThat(ReactAction.strictlyMatch("Search[Ed Wood]", "search[ed wood]")).isTrue();
        assertThat(ReactAction.strictlyMatch("Search[Ed Wood]", "Lookup[Ed Wood]")).isFalse();
        assertThat(ReactAction.strictlyMatch("Search[Ed Wood]", "Search[Ed  Wood]")).isFalse();
        assertThat(ReactAction.strictlyMatch(null, "Search[x]")).isFalse();
        assertThat(ReactAction.strictlyMatch("Search[x]", null)).isFalse();
        assertThat(action(Type.SEARCH, "  Ed Wood ").key()).isEqualTo("ed wood");
        assertThat(List.of(Type.values())).extracting(Type::label).containsExactly("Search", "Lookup", "Finish");
    }
}

package dev.specagent.envs.hotpotqa.score;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnswerScoreTest {

    @Test
    void normalisesCasePunctuationArticlesAndBlanks() {
        assertThat(AnswerScore.normalize("  The  Saimaa-Gesture! ")).isEqualTo("saimaagesture");
        assertThat(AnswerScore.of("the Richard Nixon.", "Richard Nixon").exactMatch()).isTrue();
        // Unicode letters end no word and no-break spaces separate tokens, as in the official Python script
        assertThat(AnswerScore.normalize("Peña")).isEqualTo("peña");
        assertThat(AnswerScore.of("Peñ", "Peña").exactMatch()).isFalse();
        assertThat(AnswerScore.normalize("New\u00a0York")).isEqualTo("new york");
    }

    @Test
    void f1CountsCommonTokens() {
        AnswerScore s = AnswerScore.of("director screenwriter actor", "director, screenwriter");
        assertThat(s.exactMatch()).isFalse();
        assertThat(s.f1()).isCloseTo(0.8, within(1e-12));
        assertThat(AnswerScore.of(null, "x").f1()).isZero();
    }

    @Test
    void yesNoAnswersScoreZeroF1UnlessEqual() {
        assertThat(AnswerScore.of("yes", "yes they were").f1()).isZero();
        assertThat(AnswerScore.of("Yes", "yes").f1()).isEqualTo(1.0);
    }

    /** Each gold token is matched at most once, as the official script's Counter intersection. */
    @Test
    void aRepeatedTokenCountsOnlyAsOftenAsInTheGold() {
        assertThat(AnswerScore.of("paris paris", "Paris").f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(AnswerScore.of("Paris", "paris paris").f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(AnswerScore.of("new york new york", "new york city").f1()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(AnswerScore.of("London", "Paris").f1()).isZero();
        assertThat(AnswerScore.of("", "").exactMatch()).isTrue();
        assertThat(AnswerScore.of("", "").f1()).isZero();
    }

    @Test
    void articlesGoOnlyAsWholeWordsAndEverySpecialAnswerIsAllOrNothing() {
        assertThat(AnswerScore.normalize("An Theatre of the Anthem")).isEqualTo("theatre of anthem");
        assertThat(AnswerScore.of("no", "yes").f1()).isZero();
        assertThat(AnswerScore.of("no answer", "noanswer").f1()).isZero();
        assertThat(AnswerScore.of("No.", "no").f1()).isEqualTo(1.0);
        assertThat(AnswerScore.of("the yes men", "yes men").f1()).isEqualTo(1.0);
    }
}

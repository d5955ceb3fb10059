package dev.specagent.cli.hotpotqa;

import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.runner.RunResult;
import dev.specagent.envs.hotpotqa.EpisodeResult;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.score.AnswerScore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each question's timeline says its times, hits, cost and answer; a question left unanswered says "(none)". */
class HotpotqaReportSectionsTest {

    private static EpisodeResult result(String id, String answer) {
        RunFigures f = new RunFigures(6, 4.5, 25, 0.5, 2, 1, 3, 10, 2, 0.00123, 0.001, 0.00023, 2, 1, 0, 2, 1, 1);
        return new EpisodeResult(new HotpotQuestion(id, "?", "Paris"), answer, new AnswerScore(false, 0),
                new RunResult<>("algorithm1", List.of(), null, List.of(), f));
    }

    @Test
    void eachTimelineSaysItsFiguresAndTheAnswer() throws Exception {
        HtmlReport report = new HtmlReport("t", "s");
        HotpotqaReportSections.episodes(report, List.of(result("q1", "Lyon"), result("q2", null)));
        var sections = ReportPages.sections(report);
        assertThat(sections.get(0).get("title").asText()).startsWith("Question q1: every call");
        assertThat(sections.get(0).get("note").asText())
                .isEqualTo("4.50 s against 6.00 s sequentially, 1 hits, $0.0012; answer 'Lyon' (gold 'Paris').");
        assertThat(sections.get(1).get("note").asText()).endsWith("answer (none) (gold 'Paris').");
    }
}

package dev.specagent.envs.hotpotqa.corpus;

import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedRunReader;
import dev.specagent.envs.hotpotqa.record.RecordedTrajectory;
import dev.specagent.envs.hotpotqa.speculate.LocalCorpusGuesser;
import dev.specagent.envs.hotpotqa.tools.WikiState;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import org.junit.jupiter.api.BeforeAll;
import dev.specagent.envs.hotpotqa.record.RecordFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalWikiTest {

    static HotpotDataset data;
    static List<RecordedRun> runs;
    static LocalWiki wiki;

    @BeforeAll
    static void load() {
        data = HotpotDataset.loadDistractor();
        runs = RecordedRunReader.readAll(DataDirectory.require(HotpotDataset.RUNS));
        wiki = LocalWiki.of(data.pages(), runs);
    }

    @Test
    void theDistractorFileIsASmallWikipedia() {
        assertThat(data.questions()).hasSize(100);
        assertThat(data.pages().size()).isBetween(900, 1000);
        assertThat(wiki.size()).isGreaterThan(data.pages().size());
    }

    @Test
    void anExactTitleShowsTheFirstFiveSentencesIgnoringCase() {
        SearchResult r = wiki.search("scott derrickson");
        assertThat(r.page()).isPresent();
        assertThat(r.observation()).startsWith("Scott Derrickson (born July 16, 1966) is an American director");
    }

    @Test
    void anUnknownEntityListsSimilarTitlesInPythonFormat() {
        SearchResult r = wiki.search("Derrickson director");
        assertThat(r.page()).isEmpty();
        assertThat(r.observation()).startsWith("Could not find Derrickson director. Similar: ['")
                .contains("Scott Derrickson").endsWith("].");
    }

    @Test
    void aRecordedWikipediaObservationIsServedForItsEntity() {
        SearchResult r = wiki.search("Ulf Merbold");
        assertThat(r.page()).map(WikiPage::source).contains(WikiPage.Source.RECORDED);
        assertThat(r.observation()).startsWith("Ulf Dietrich Merbold");
    }

    @Test
    void lookupWalksTheMatchingSentencesWithACounterAndAFailedSearchKeepsThePage() {
        WikiTools tools = new WikiTools(wiki);
        WikiTools.Step s = tools.search(WikiState.INITIAL, "Scott Derrickson");
        WikiTools.Step l1 = tools.lookup(s.state(), "horror");
        assertThat(l1.observation()).startsWith("(Result 1 / 1) He is best known for directing horror films");
        assertThat(tools.lookup(l1.state(), "horror").observation()).isEqualTo(WikiTools.NO_MORE_RESULTS);
        WikiTools.Step miss = tools.search(l1.state(), "No Such Page At All Xyzzy");
        assertThat(miss.state().page()).isEqualTo(s.state().page());
        assertThat(tools.lookup(WikiState.INITIAL, "x").observation()).isEqualTo(WikiTools.NO_MORE_RESULTS);
    }

    @Test
    void theZeroCostGuesserUsesOnlyDistractorParagraphs() {
        LocalCorpusGuesser guesser = new LocalCorpusGuesser(wiki);
        assertThat(guesser.guess("Scott Derrickson director")).startsWith("Scott Derrickson (born July 16, 1966)");
        // a recorded Wikipedia answer is the environment's, never the speculator's
        assertThat(guesser.guess("Ulf Merbold")).doesNotStartWith("Ulf Dietrich Merbold");
    }

    @Test
    void aDistractorFileOfTheWrongShapeNamesTheQuestionAndField(@TempDir Path dir) throws IOException {
        // each of these was read as an empty page (or one titled "") before, so the search found nothing
        Path file = dir.resolve("distractor.json");
        for (String[] c : List.of(
                new String[]{"{\"title\": [\"T\"], \"sentences\": [5]}", "paragraph 0: sentences are not a list"},
                new String[]{"[[\"T\", [\"One.\", 7]]]", "paragraph 0: a sentence is not a string"},
                new String[]{"[[{\"t\": 1}, [\"One.\"]]]", "a title that is not a string"})) {
            Files.writeString(file, "[{\"question\": \"q\", \"answer\": \"a\", \"context\": " + c[0] + "}]");
            assertThatThrownBy(() -> HotpotDataset.loadDistractor(file)).isInstanceOf(RecordFormatException.class)
                    .hasMessageContaining(file + ": question 0: field context").hasMessageContaining(c[1]);
        }
        Files.writeString(file, "[{\"question\": \"q\", \"answer\": \"a\", \"context\": []}] []");
        assertThatThrownBy(() -> HotpotDataset.loadDistractor(file)).isInstanceOf(RecordFormatException.class)
                .hasMessage(file + ": malformed JSON at line 1, column 51: "
                        + "a second JSON value follows the first (only one is allowed)");
        Files.delete(file);
        Files.createDirectory(file);
        assertThatThrownBy(() -> HotpotDataset.loadDistractor(file)).isInstanceOf(RecordFormatException.class)
                .hasMessage(file + ": is a folder, expected a JSON file");
    }
    /** A recorded question whose real run searched {@code entities}, Wikipedia answering {@code observations}. */
    private static RecordedRun searched(List<String> entities, List<String> observations) {
        List<String> blanks = entities.stream().map(e -> "").toList();
        RecordedTrajectory normal = new RecordedTrajectory(blanks,
                entities.stream().map(e -> List.of("Search[" + e + "]")).toList(), observations,
                entities.stream().map(e -> 0.5).toList());
        return new RecordedRun(Path.of("q"), "a", 1, "s", "1", "Q?", Optional.of(normal), Optional.empty(),
                Optional.empty());
    }

    @Test
    void pagesAreFoundByTitleOrTextAndFilteredBySource() {
        LocalWiki small = LocalWiki.of(
                List.of(new WikiPage("Zorblax", "A planet.", WikiPage.Source.DISTRACTOR),
                        new WikiPage("Other", "Nothing here.", WikiPage.Source.DISTRACTOR)),
                List.of(searched(List.of("Quux"), List.of("Quux is a moon with rings."))));

        assertThat(small.bestMatch("zorblax", WikiPage.Source.DISTRACTOR)).map(WikiPage::title).contains("Zorblax");
        assertThat(small.bestMatch("planet", WikiPage.Source.DISTRACTOR)).map(WikiPage::title).contains("Zorblax");
        assertThat(small.bestMatch("rings", WikiPage.Source.DISTRACTOR)).isEmpty();
        assertThat(small.bestMatch("rings", WikiPage.Source.RECORDED)).map(WikiPage::title).contains("Quux");
    }

    @Test
    void aRecordedNotFoundIsServedVerbatimAndABlankRecordingIsIgnored() {
        String notFound = "Could not find [Nope]. Similar: ['Nopen'].";
        LocalWiki small = LocalWiki.of(List.of(new WikiPage("Blank page", "Text.", WikiPage.Source.DISTRACTOR)),
                List.of(searched(List.of("Nope", "Blank"), List.of(notFound, " "))));

        assertThat(small.search("nope")).isEqualTo(new SearchResult(Optional.empty(), notFound));
        assertThat(small.search("Blank").page()).isEmpty();
        assertThat(small.search("Blank").observation()).isEqualTo("Could not find Blank. Similar: ['Blank page'].");
        assertThat(small.size()).isEqualTo(1);
    }

    @Test
    void aDistractorParagraphIsAPageUnderItsTitle(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("distractor.json");
        Files.writeString(file, "[{\"question\": \"q\", \"answer\": \"a\", \"context\": [[\"Ed Wood\", [\"He was.\"]]]}]");

        assertThat(HotpotDataset.loadDistractor(file).pages()).extracting(WikiPage::title).containsExactly("Ed Wood");
    }

    /** The guesser gets the argument as the actor wrote it, so upper-case words reached Lucene's query syntax. */
    @Test
    void upperCaseAndOrNotAreWordsOfTheEntityNotQueryOperators() {
        LocalWiki small = LocalWiki.of(
                List.of(new WikiPage("Portland, Oregon", "Portland is a city in Oregon", WikiPage.Source.DISTRACTOR),
                        new WikiPage("Tom and Jerry", "Tom and Jerry is a cartoon", WikiPage.Source.DISTRACTOR)),
                List.of());
        LocalCorpusGuesser guesser = new LocalCorpusGuesser(small);

        assertThat(guesser.guess("Portland, OR")).isEqualTo("Portland is a city in Oregon.");
        assertThat(guesser.guess("Tom AND")).isEqualTo("Tom and Jerry is a cartoon.");
        assertThat(small.bestMatch("Tom NOT Jerry", WikiPage.Source.DISTRACTOR)).map(WikiPage::title)
                .contains("Tom and Jerry");
        assertThat(small.search("Oregon NOT Portland").observation())
                .isEqualTo("Could not find Oregon NOT Portland. Similar: ['Portland, Oregon'].");
    }

    /** Lucene refuses a query of more than 1,024 clauses: two per distinct word here (title and body). */
    @Test
    void anEntityOfManyDistinctWordsIsNotFoundInsteadOfFailingTheSearch() {
        LocalWiki small = LocalWiki.of(List.of(new WikiPage("Ed Wood", "Ed Wood was a director", WikiPage.Source.DISTRACTOR)),
                List.of());
        StringBuilder pasted = new StringBuilder("Ed Wood");
        for (int i = 0; i < 600; i++) {
            pasted.append(" film").append(i);
        }
        String entity = pasted.toString();

        assertThat(small.search(entity).observation()).isEqualTo("Could not find " + entity + ". Similar: [].");
        assertThat(new LocalCorpusGuesser(small).guess(entity)).isEmpty();
        // a repeated word counts once: 600 words of a model repeating itself are still ranked
        assertThat(new LocalCorpusGuesser(small).guess("Ed Wood ".repeat(300).strip())).isEqualTo("Ed Wood was a director.");
    }
}

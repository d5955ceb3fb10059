package dev.specagent.envs.hotpotqa.corpus;

import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedTrajectory;
import dev.specagent.envs.hotpotqa.tools.ReactAction;
import dev.specagent.envs.hotpotqa.tools.ReactText;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local Wikipedia: the distractor file's context paragraphs plus the real Wikipedia observations
 * recorded in the runs, indexed in memory with Lucene ({@link ByteBuffersDirectory}) at start.
 *
 * <p>{@link #search} follows the ReAct reference's contract over this corpus: a title that matches
 * the entity exactly (ignoring case and repeated blanks) gives the page's first five sentences; an
 * entity whose real Wikipedia answer was recorded as "Could not find …" gives that recorded answer;
 * otherwise the answer is {@code Could not find <entity>. Similar: [up to five titles].} with the
 * titles Lucene ranks best. Distractor pages win over recorded ones of the same title. Immutable
 * and thread-safe once built.
 */
public final class LocalWiki {

    /** How many similar titles a failed search lists, as the reference does. */
    public static final int SIMILAR = 5;

    /** A word the query parser reads as an operator: AND, OR or NOT between its blanks (its own list of them). */
    private static final Pattern OPERATOR =
            Pattern.compile("(?<=^|[ \\t\\n\\r\\u3000])(AND|OR|NOT)(?=$|[ \\t\\n\\r\\u3000])");

    private final Map<String, WikiPage> byTitle;
    private final Map<String, String> recordedNotFound;
    private final List<WikiPage> pages;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new EnglishAnalyzer();

    private LocalWiki(Map<String, WikiPage> byTitle, Map<String, String> recordedNotFound) {
        this.byTitle = Map.copyOf(byTitle);
        this.recordedNotFound = Map.copyOf(recordedNotFound);
        this.pages = List.copyOf(byTitle.values());
        this.searcher = index(pages);
    }

    /** A local Wikipedia over {@code pages} and the real observations recorded in {@code runs}. */
    public static LocalWiki of(Collection<WikiPage> pages, Collection<RecordedRun> runs) {
        Map<String, WikiPage> byTitle = new LinkedHashMap<>();
        for (WikiPage p : pages) {
            byTitle.putIfAbsent(normalize(p.title()), p);
        }
        Map<String, String> notFound = new HashMap<>();
        for (RecordedRun run : runs) {
            if (run.normal().isEmpty()) {
                continue;
            }
            RecordedTrajectory normal = run.normal().get();
            for (int i = 0; i < normal.steps() && i < normal.observations().size(); i++) {
                Optional<ReactAction> action = ReactAction.parse(normal.firstAction(i));
                if (action.isEmpty() || action.get().type() != ReactAction.Type.SEARCH) {
                    continue;
                }
                String entity = action.get().argument();
                String observation = normal.observations().get(i);
                if (observation.startsWith("Could not find")) {
                    notFound.putIfAbsent(normalize(entity), observation);
                } else if (!observation.isBlank()) {
                    byTitle.putIfAbsent(normalize(entity), new WikiPage(entity, observation, WikiPage.Source.RECORDED));
                }
            }
        }
        return new LocalWiki(byTitle, notFound);
    }

    /** The ReAct search of {@code entity}. */
    public SearchResult search(String entity) {
        String key = normalize(entity);
        WikiPage page = byTitle.get(key);
        if (page != null) {
            return new SearchResult(Optional.of(page), page.observation());
        }
        String recorded = recordedNotFound.get(key);
        if (recorded != null) {
            return new SearchResult(Optional.empty(), recorded);
        }
        List<String> similar = rank(entity, null, SIMILAR).stream().map(WikiPage::title).toList();
        return new SearchResult(Optional.empty(),
                "Could not find " + entity + ". Similar: " + ReactText.pythonList(similar) + ".");
    }

    /** The page that best matches {@code query} by full-text relevance among pages of {@code source}. */
    public Optional<WikiPage> bestMatch(String query, WikiPage.Source source) {
        List<WikiPage> top = rank(query, source, 1);
        return top.isEmpty() ? Optional.empty() : Optional.of(top.getFirst());
    }

    /** The number of pages. */
    public int size() {
        return pages.size();
    }

    private List<WikiPage> rank(String text, WikiPage.Source source, int n) {
        // escape() leaves the operator words: "Portland, OR" would end in an OR with nothing after it
        String escaped = OPERATOR.matcher(QueryParser.escape(text == null ? "" : text.strip()))
                .replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
        if (escaped.isBlank()) {
            return List.of();
        }
        try {
            MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[]{"title", "body"}, analyzer,
                    Map.of("title", 3f, "body", 1f));
            Query query = parser.parse(escaped);
            if (source != null) {
                query = new BooleanQuery.Builder()
                        .add(query, BooleanClause.Occur.MUST)
                        .add(new TermQuery(new Term("source", source.name())), BooleanClause.Occur.FILTER)
                        .build();
            }
            List<WikiPage> out = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(query, n).scoreDocs) {
                Document d = searcher.storedFields().document(hit.doc);
                out.add(pages.get(d.getField("ord").numericValue().intValue()));
            }
            return out;
        } catch (ParseException e) {
            return List.of(); // only stop words or punctuation: nothing to rank by
        } catch (IndexSearcher.TooManyClauses e) {
            return List.of(); // over 512 distinct words: more than Lucene ranks by, and no title is that long
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IndexSearcher index(List<WikiPage> all) {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
            for (int i = 0; i < all.size(); i++) {
                WikiPage p = all.get(i);
                Document d = new Document();
                d.add(new TextField("title", p.title(), Field.Store.NO));
                d.add(new TextField("body", p.text(), Field.Store.NO));
                d.add(new StringField("source", p.source().name(), Field.Store.NO));
                d.add(new StoredField("ord", i));
                writer.addDocument(d);
            }
            writer.commit();
            return new IndexSearcher(DirectoryReader.open(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the in-memory index", e);
        }
    }

    /** Titles and entities compare ignoring case and repeated blanks. */
    static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}

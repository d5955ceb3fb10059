package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.speculate.SourceRates.Group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The learned, LLM-free call speculator: it predicts the next tool call from the data flow of the
 * conversation so far. Every candidate argument value is a value the transcript already holds (an output
 * field, a list of records trimmed to the keys the parameter's records had, an earlier argument, a token of
 * the user's words) or a constant seen for that parameter; it is scored by how often values from such a place
 * fed such a parameter in the calls it has learned from (chosen / available, smoothed from the specific
 * (tool, parameter, source tool, source key, age) pattern back to (parameter, source key) and then to the
 * generic (source kind, name relation, shape match, list order, age) pattern, whose prior favours a key with
 * the parameter's name or stem, a value of the parameter's shape, a user's word the parameter took in an
 * earlier conversation, a recent output and the first element of a list that no call has used yet, and
 * disfavours a word most customers say, such as "sure"). A call's score is a tempered tool-transition
 * probability times its arguments' scores, with exact repeats of earlier calls discouraged, one value given to
 * two parameters discounted by how rarely calls do that, and a customer's words preferred in the order of the
 * parameters they fill ("Ada Lovelace" for first and last name). The customer's last message also weighs the
 * tools: its most telling word lifts the tools called after that word more often than after any message
 * ("cancel") and lowers the others; and a multi-word value an argument took before ("no longer needed") is a
 * value source where the customer says it, and a value whose record the last message names ("the desk lamp")
 * is favoured ({@link NamedRecords}). The statistics behind the tools' and constants' scores are {@link
 * ToolTransitions}, {@link ConstantValues} and {@link CustomerWords}. Because the generic pattern
 * keys on name relations and value shapes, tools never seen in training are proposed as far as their arguments
 * can be sourced.
 *
 * <p>It learns from every {@link #observe observed} call (online) and can be pre-trained with
 * {@link #train}. Knows nothing of any domain beyond the tool schemas it is given or the calls it sees.
 * Not thread-safe.
 */
public final class DataFlowSpeculator implements CallSpeculator {

    /**
     * Tunable weights; {@link #DEFAULT} is what the reports use.
     *
     * @param toolWeight   the exponent tempering the tool-transition probability in a call's score
     * @param smoothing    pseudo-counts at each back-off step of every learned rate
     * @param repeatFactor the weight of a call identical to one already made
     * @param ageDecay     the generic prior's factor per call (or message) a value lies back
     * @param beam         the partial argument sets kept per tool (at least k + 2 are kept)
     * @param perToolCap   proposals of one tool before the other tools' best are proposed
     */
    public record Settings(double toolWeight, double smoothing, double repeatFactor, double ageDecay,
                           int beam, int perToolCap) {
        public static final Settings DEFAULT = new Settings(0.5, 2.0, 0.1, 0.7, 8, 3);
    }

    private static final int MAX_PAST_VALUES = 1000;
    /** The weight of a customer's word that comes after the previous argument's word in the same message. */
    private static final double IN_ORDER = 1.5;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Settings settings;
    private final ToolCatalog catalog;
    private final ToolTransitions transitions = new ToolTransitions();
    private final SourceRates sourceRates;
    private final ConstantValues constants = new ConstantValues();
    private final ParameterShapes shapes = new ParameterShapes();
    /**
     * The values each parameter has taken (bounded), with the conversation each was first taken in: a word the
     * user says that the parameter took in an earlier conversation (a cabin class, a reason) is likely its value.
     */
    private final Map<String, Map<String, Integer>> pastValues = new HashMap<>();
    private final CustomerWords customerWords = new CustomerWords();
    /**
     * Multi-word text values arguments took (a reason, a street), by their lower-case form: the customer may say
     * them. Bounded.
     */
    private final Map<String, String> phrases = new LinkedHashMap<>();
    /** Conversations observed so far; one starts with each call observed on a transcript without calls. */
    private int conversations;
    /** Calls with two or more arguments, and those of them that gave two parameters one value. */
    private int multiArgumentCalls;
    private int sameValueCalls;

    public DataFlowSpeculator(ToolCatalog catalog, Settings settings) {
        this.catalog = catalog;
        this.settings = settings;
        this.sourceRates = new SourceRates(settings);
    }

    /** A speculator that knows only what it will observe. */
    public static DataFlowSpeculator untrained() {
        return new DataFlowSpeculator(new ToolCatalog(), Settings.DEFAULT);
    }

    @Override
    public String name() {
        return "learned";
    }

    /** Learns from whole conversations given as call sequences with outputs. */
    public DataFlowSpeculator train(List<List<ToolCallRecord>> episodes) {
        Transcript.forEachCall(episodes, this::observe);
        return this;
    }

    // ---- learning ------------------------------------------------------------------------------------

    @Override
    public void observe(Transcript soFar, ToolCallRecord actual) {
        catalog.observe(actual);
        int conversation = conversationOf(soFar);
        conversations = conversation;
        transitions.observe(soFar, actual.name());
        countSameValues(actual);
        List<ValueSource> sources = sources(soFar);
        customerWords.observe(sources, conversation, actual.name());
        Map<String, Set<String>> keyShapes = ParameterShapes.keyShapes(sources);
        Map<List<Object>, Integer> next = nextUnused(sources);
        Predicate<ValueSource> named = NamedRecords.in(soFar);
        actual.kwargs().fields().forEachRemaining(arg -> {
            String p = arg.getKey();
            JsonNode v = arg.getValue();
            String text = CanonicalJson.toCanonicalString(v);
            String element = v.isArray() && v.size() == 1 ? CanonicalJson.toCanonicalString(v.get(0)) : null;
            List<String> keys = ParameterShapes.recordKeys(v);
            Set<String> valueShapes = shapes.known(p, false, v.isArray(), keyShapes);
            Set<String> elementShapes = shapes.known(p, true, v.isArray(), keyShapes);
            boolean sourced = false;
            Map<Group, double[]> groups = new HashMap<>();
            for (ValueSource s : sources) {
                boolean singleton = v.isArray() && !s.isArray();
                if (v.isArray() != s.isArray() && !singleton) {
                    continue;
                }
                String offered = s.text();
                if (ParameterShapes.isRecords(s)) {
                    JsonNode trimmed = keys == null ? null : ParameterShapes.project(s.value(), keys);
                    if (trimmed == null) {
                        continue;
                    }
                    offered = CanonicalJson.toCanonicalString(trimmed);
                }
                boolean chosen = singleton ? offered.equals(element) : offered.equals(text);
                Group g = new Group(s.kind(), standing(p, s, offered, conversation), named.test(s), s.tool(),
                        s.key(), Math.min(s.age(), 10), ParameterShapes.fit(singleton ? elementShapes : valueShapes, s),
                        singleton, order(s, next));
                double[] c = groups.computeIfAbsent(g, x -> new double[2]);
                c[1]++;
                if (chosen) {
                    c[0]++;
                }
                sourced |= chosen;
            }
            groups.forEach((g, c) -> sourceRates.observe(actual.name(), p, g, c[0], c[1]));
            constants.observe(actual.name(), p, text, sourced);
            Map<String, Integer> past = pastValues.computeIfAbsent(p, x -> new HashMap<>());
            if (past.size() < MAX_PAST_VALUES) {
                past.putIfAbsent(text, conversation);
            }
            if (v.isTextual() && v.textValue().strip().contains(" ") && phrases.size() < MAX_PAST_VALUES) {
                phrases.putIfAbsent(v.textValue().toLowerCase(Locale.ROOT), v.textValue());
            }
            shapes.observe(p, v, keys);
        });
    }

    // ---- proposing -----------------------------------------------------------------------------------

    @Override
    public List<ScoredCall> propose(Transcript soFar, int k) {
        if (k < 1) {
            return List.of();
        }
        List<ValueSource> sources = sources(soFar);
        String telling = customerWords.tellingWord(CustomerWords.lastMessage(sources), catalog.size());
        Predicate<ValueSource> named = NamedRecords.in(soFar);
        Map<String, Set<String>> keyShapes = ParameterShapes.keyShapes(sources);
        Map<List<Object>, Integer> next = nextUnused(sources);
        Set<Call> done = new HashSet<>();
        soFar.calls().forEach(c -> done.add(c.call()));
        List<String> toolContexts = ToolTransitions.contexts(soFar);
        int conversation = conversationOf(soFar);
        int width = Math.max(settings.beam(), k + 2);
        List<ScoredCall> all = new ArrayList<>();
        for (ToolCatalog.Tool tool : catalog.tools()) {
            double toolScore = Math.pow(
                    transitions.probability(toolContexts, tool.name(), catalog.size(), settings.smoothing())
                            * customerWords.lift(telling, tool.name(), catalog.size()), settings.toolWeight());
            List<Partial> beam = List.of(new Partial(NODES.objectNode(), toolScore, List.of(), -1, -1));
            for (ToolCatalog.Param p : tool.params()) {
                if (!p.required()) {
                    continue;
                }
                List<Candidate> values = candidates(tool.name(), p, sources, keyShapes, next, named, conversation,
                        width);
                List<Partial> extended = new ArrayList<>();
                for (Partial partial : beam) {
                    for (Candidate c : values) {
                        extended.add(partial.with(p.name(), c, sameValueFactor()));
                    }
                }
                extended.sort(Comparator.comparingDouble((Partial x) -> -x.score));
                beam = extended.subList(0, Math.min(width, extended.size()));
            }
            for (Partial partial : beam) {
                ToolCallRecord call = ToolCallRecord.pending(tool.name(), partial.args);
                double score = partial.score * (done.contains(call.call()) ? settings.repeatFactor() : 1.0);
                if (tool.params().stream().noneMatch(ToolCatalog.Param::required)) {
                    score *= 0.2; // an argument-free call carries no data-flow evidence
                }
                all.add(new ScoredCall(call, score));
            }
        }
        all.sort(Comparator.comparingDouble((ScoredCall s) -> -s.score()));
        // Spread the k guesses over tools: a second call of one tool only after the other tools' best.
        List<ScoredCall> out = new ArrayList<>();
        List<ScoredCall> held = new ArrayList<>();
        Set<Call> seen = new HashSet<>();
        Map<String, Integer> perTool = new HashMap<>();
        for (ScoredCall s : all) {
            if (out.size() == k) {
                break;
            }
            if (s.score() > 0 && seen.add(s.call().call())) {
                if (perTool.merge(s.call().name(), 1, Integer::sum) > settings.perToolCap()) {
                    held.add(s);
                } else {
                    out.add(s);
                }
            }
        }
        for (int i = 0; out.size() < k && i < held.size(); i++) {
            out.add(held.get(i));
        }
        return out;
    }

    /**
     * Arguments chosen so far for one call, with the place of the last one taken from a customer's message: the
     * customer says a call's values in the order of its parameters ("Ada Lovelace, 10115"; "from JFK to SEA").
     */
    private record Partial(ObjectNode args, double score, List<String> texts, int saidAge, int saidAt) {

        /** Extended by {@code c} for {@code param}; a value already given to another parameter counts less. */
        Partial with(String param, Candidate c, double sameValueFactor) {
            double f = texts.contains(c.text()) ? sameValueFactor : 1.0;
            if (c.saidAt() >= 0 && saidAt >= 0 && c.saidAge() == saidAge) {
                f *= c.saidAt() > saidAt ? IN_ORDER : 1 / IN_ORDER;
            }
            ObjectNode extended = args.deepCopy();
            extended.set(param, c.value());
            List<String> moreTexts = new ArrayList<>(texts);
            moreTexts.add(c.text());
            boolean said = c.saidAt() >= 0;
            return new Partial(extended, score * c.score() * f, moreTexts, said ? c.saidAge() : saidAge,
                    said ? c.saidAt() : saidAt);
        }
    }

    /** How likely a call gives one value to two parameters, as observed (smoothed from a prior of 0.2). */
    private double sameValueFactor() {
        return (sameValueCalls + 0.2) / (multiArgumentCalls + 1.0);
    }

    /**
     * For each (list, key), the position of its first element whose value no earlier call has used as an
     * argument: agents tend to work through a list in order.
     */
    private static Map<List<Object>, Integer> nextUnused(List<ValueSource> sources) {
        Set<String> used = new HashSet<>();
        for (ValueSource s : sources) {
            if (s.kind() == ValueSource.Kind.ARGUMENT && !s.isArray()) {
                used.add(s.text());
            }
        }
        Map<List<Object>, Integer> next = new HashMap<>();
        for (ValueSource s : sources) {
            if (s.list() != null && !s.isArray() && !used.contains(s.text())) {
                next.merge(List.of(s.list(), s.key()), s.position(), Math::min);
            }
        }
        return next;
    }

    private static String order(ValueSource s, Map<List<Object>, Integer> next) {
        if (s.list() == null || s.isArray()) {
            return "-";
        }
        Integer first = next.get(List.of(s.list(), s.key()));
        return first != null && first == s.position() ? "next" : "other";
    }

    /** A value for a parameter; {@code saidAge}/{@code saidAt}: its customer message and word, or -1. */
    private record Candidate(JsonNode value, String text, double score, int saidAge, int saidAt) {
    }

    /** The best values for one parameter: sourced from the transcript or constants, best first. */
    private List<Candidate> candidates(String tool, ToolCatalog.Param p, List<ValueSource> sources,
                                      Map<String, Set<String>> keyShapes, Map<List<Object>, Integer> next,
                                      Predicate<ValueSource> named, int conversation, int width) {
        Map<String, Candidate> best = new LinkedHashMap<>();
        Map<Group, Double> groupRates = new HashMap<>();
        Set<String> valueShapes = shapes.known(p.name(), false, p.array(), keyShapes);
        Set<String> elementShapes = shapes.known(p.name(), true, p.array(), keyShapes);
        for (ValueSource s : sources) {
            boolean singleton = p.array() && !s.isArray();
            if (p.array() != s.isArray() && !singleton
                    || ParameterShapes.isRecords(s) && !shapes.takesRecords(p.name())) {
                continue;
            }
            Group g = new Group(s.kind(), standing(p.name(), s, s.text(), conversation), named.test(s), s.tool(),
                    s.key(), Math.min(s.age(), 10), ParameterShapes.fit(singleton ? elementShapes : valueShapes, s),
                    singleton, order(s, next));
            double rate = groupRates.computeIfAbsent(g, x -> sourceRates.rate(tool, p.name(), s, x));
            double score = rate * Math.pow(0.97, s.position()) * (singleton ? 0.6 : 1.0);
            if (ParameterShapes.isRecords(s)) { // offered trimmed to each key set the parameter's records had
                for (List<String> keys : shapes.recordKeySets(p.name())) {
                    JsonNode trimmed = ParameterShapes.project(s.value(), keys);
                    if (trimmed != null) {
                        offer(best, trimmed, CanonicalJson.toCanonicalString(trimmed), score, s);
                    }
                }
            } else if (singleton) {
                offer(best, NODES.arrayNode().add(s.value()), "[" + s.text() + "]", score, s);
            } else {
                offer(best, s.value(), s.text(), score, s);
            }
        }
        constantCandidates(tool, p, best);
        List<Candidate> list = new ArrayList<>(best.values());
        list.sort(Comparator.comparingDouble((Candidate c) -> -c.score));
        return list.subList(0, Math.min(width, list.size()));
    }

    private static void offer(Map<String, Candidate> best, JsonNode value, String text, double score,
                              ValueSource s) {
        Candidate old = best.get(text);
        if (old == null || old.score < score) {
            boolean said = s.kind() == ValueSource.Kind.USER_TEXT;
            best.put(text, new Candidate(value, text, score, said ? s.age() : -1, said ? s.position() : -1));
        }
    }

    /**
     * The number of the conversation {@code soFar} belongs to: a transcript without a call that could be learned
     * from (calls with unparsed arguments are never observed) starts a new one.
     */
    private int conversationOf(Transcript soFar) {
        return soFar.calls().stream().allMatch(ToolCallRecord::hasUnparsedArguments) ? conversations + 1 : conversations;
    }

    /**
     * How a customer's word {@code s} stands for {@code param}: {@code +seen} when the parameter took it as its
     * value in an earlier conversation, {@code +common} when most customers say it ("sure", "my"), else empty
     * (also for every source that is no customer's word).
     */
    private String standing(String param, ValueSource s, String text, int conversation) {
        if (s.kind() != ValueSource.Kind.USER_TEXT) {
            return "";
        }
        Integer first = pastValues.getOrDefault(param, Map.of()).get(text);
        if (first != null && first < conversation) {
            return "+seen";
        }
        return s.value().isTextual() && customerWords.isCommon(CustomerWords.word(s), conversations) ? "+common" : "";
    }

    private void countSameValues(ToolCallRecord call) {
        if (call.kwargs().size() < 2) {
            return;
        }
        multiArgumentCalls++;
        Set<String> texts = new HashSet<>();
        for (JsonNode v : call.kwargs()) {
            if (!texts.add(CanonicalJson.toCanonicalString(v))) {
                sameValueCalls++;
                return;
            }
        }
    }

    /** The transcript's values, and the customer's mentions of multi-word values that arguments took before. */
    private List<ValueSource> sources(Transcript soFar) {
        List<ValueSource> sources = ValueExtractor.sources(soFar);
        List<ValueSource> mentions = ValueExtractor.mentions(soFar, phrases);
        if (mentions.isEmpty()) {
            return sources;
        }
        List<ValueSource> all = new ArrayList<>(sources);
        all.addAll(mentions);
        return all;
    }

    private void constantCandidates(String tool, ToolCatalog.Param p, Map<String, Candidate> best) {
        constants.scores(tool, p.name(), p.enumValues(), settings.smoothing()).forEach((text, s) -> {
            Candidate old = best.get(text);
            if (old == null || old.score < s) {
                best.put(text, new Candidate(CanonicalJson.parse(text), text, s, -1, -1));
            }
        });
    }
}

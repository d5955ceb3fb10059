package dev.specagent.llm.agent;

import dev.specagent.core.call.Usage;
import dev.specagent.core.planning.predictor.TextEmbedder;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TextEmbedder} on an OpenAI-compatible embeddings endpoint ({@link ChatClient#embed}). {@link #open}
 * learns the dimension from one probe request; later texts are embedded once each (the most recent 4,096 are
 * kept). A request that fails after the client's retries gives zeros, so the depth predictor sees "no
 * embedding" for that state instead of failing the plan; the first failure is logged and every one counted.
 * The usage of every request, the probe included, is summed in {@link #spent()}. Thread-safe.
 */
public final class LlmTextEmbedder implements TextEmbedder {

    /** The text of the request that learns the dimension. */
    public static final String PROBE = "Task: dimension probe";

    private static final int CACHED = 4096;

    private final ChatClient client;
    private final int dimension;
    private final Map<String, double[]> cache;
    private Usage spent;
    private long requests;
    private long failures;

    private LlmTextEmbedder(ChatClient client, int dimension, Usage probeUsage, int kept) {
        this.client = client;
        this.dimension = dimension;
        this.spent = probeUsage;
        this.requests = 1;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > kept;
            }
        };
    }

    /**
     * An embedder on {@code client}'s model, its dimension learned from one request.
     *
     * @throws LlmException when that request fails: the endpoint or model cannot embed
     */
    public static LlmTextEmbedder open(ChatClient client) {
        return open(client, CACHED);
    }

    /** As {@link #open(ChatClient)}, keeping the embeddings of the {@code kept} most recently used texts. */
    static LlmTextEmbedder open(ChatClient client, int kept) {
        var probe = client.embed(List.of(PROBE));
        return new LlmTextEmbedder(client, probe.vectors().getFirst().length, probe.usage(), kept);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double[] embed(String text) {
        synchronized (this) {
            double[] known = cache.get(text);
            if (known != null) {
                return known.clone();
            }
        }
        double[] vector;
        Usage usage;
        try {
            var answer = client.embed(List.of(text));
            vector = answer.vectors().getFirst();
            usage = answer.usage();
            if (vector.length != dimension) {
                throw new LlmException(LlmException.Kind.MALFORMED_RESPONSE, 200, "the embeddings of "
                        + client.endpoint().model() + " changed dimension from " + dimension + " to " + vector.length,
                        usage, null); // answered, so charged, though of no use
            }
        } catch (LlmException e) {
            synchronized (this) {
                requests++;
                spent = spent.plus(e.spent());
                if (failures++ == 0) {
                    System.getLogger(LlmTextEmbedder.class.getName()).log(System.Logger.Level.WARNING,
                            "state embedding failed, the predictor sees zeros for it (further failures are only "
                                    + "counted): " + e.getMessage());
                }
            }
            return new double[dimension];
        }
        synchronized (this) {
            requests++;
            spent = spent.plus(usage);
            cache.put(text, vector);
        }
        return vector.clone();
    }

    /** The usage of every request so far, the probe included. */
    @Override
    public synchronized Usage spent() {
        return spent;
    }

    /** How many embeddings requests were made, the probe included. */
    public synchronized long requests() {
        return requests;
    }

    /** How many of them failed (their states got zeros). */
    public synchronized long failures() {
        return failures;
    }
}

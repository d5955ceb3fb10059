package dev.specagent.core.planning.sim;

/**
 * The latency and token distributions of one agent's calls in a scripted world: latency log-normal
 * (median, σ of the log), prompt tokens growing linearly with the prefix length, generated tokens
 * log-normal (median, σ of the log).
 *
 * @param latencyMedianSeconds  median latency of a step
 * @param latencySigma          σ of the log latency
 * @param promptBase            prompt tokens of the first step
 * @param promptPerStep         extra prompt tokens per step of the prefix
 * @param generatedMedian       median generated tokens per step
 * @param generatedSigma        σ of the log generated tokens
 * @param firstCallShare        for a step made of two chained calls (ReAct: thought, then action), the
 *                              share of the step's time spent in the first; 1 for a single call
 * @param firstPromptShare      the share of the step's prompt tokens sent by the first call; a step
 *                              cancelled before its second call started is charged only that share
 */
public record CallProfile(double latencyMedianSeconds, double latencySigma, double promptBase, double promptPerStep,
                          double generatedMedian, double generatedSigma, double firstCallShare,
                          double firstPromptShare) {

    public CallProfile {
        if (!(latencyMedianSeconds > 0) || !(latencySigma >= 0) || !(promptBase >= 0) || !(generatedMedian > 0)
                || !(generatedSigma >= 0) || !(firstCallShare > 0 && firstCallShare <= 1)
                || !(firstPromptShare > 0 && firstPromptShare <= 1)) {
            throw new IllegalArgumentException("invalid call profile: " + latencyMedianSeconds + "s, sigma "
                    + latencySigma + ", prompt " + promptBase + ", generated " + generatedMedian + ", shares "
                    + firstCallShare + "/" + firstPromptShare);
        }
    }

    /** A step of one call. */
    public CallProfile(double latencyMedianSeconds, double latencySigma, double promptBase, double promptPerStep,
                       double generatedMedian, double generatedSigma) {
        this(latencyMedianSeconds, latencySigma, promptBase, promptPerStep, generatedMedian, generatedSigma, 1, 1);
    }

    /** The prompt tokens charged for a step of {@code prompt} tokens cancelled after {@code elapsedShare} of its time. */
    public long promptCharged(long prompt, double elapsedShare) {
        return elapsedShare < firstCallShare ? Math.round(prompt * firstPromptShare) : prompt;
    }

    /** Direct prompting of GPT-4-class models as the approximation: ≈1 s, ≈10 generated tokens. */
    public static CallProfile directDefault() {
        return new CallProfile(1.1, 0.35, 367, 15, 10, 0.1);
    }

    /** A ReAct target (thought + response calls): ≈6 s, ≈130 generated tokens, the thought ≈ 70% of the time. */
    public static CallProfile reactDefault() {
        return new CallProfile(5.8, 0.35, 905, 25, 130, 0.3, 0.7, 0.43);
    }
}

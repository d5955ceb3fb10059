package dev.specagent.core.planning.predictor;

/**
 * λ-returns over one episode's rewards: {@code G_t = r_t + γ((1-λ) V(s_{t+1}) + λ G_{t+1})}, with
 * {@code G} after the last state equal to 0 when the episode ended (mismatch, plan done) and to the
 * model's value of the next state when it was cut (all k drafts accepted). With λ = γ = 1 and a
 * finished episode the return of a state is exactly its acceptance length plus one, the oracle's k.
 */
public record LambdaReturns(double gamma, double lambda) {

    public LambdaReturns {
        if (!(gamma > 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("need 0 < gamma <= 1 and 0 <= lambda <= 1, got " + gamma + ", " + lambda);
        }
    }

    /**
     * The returns of states 0..n-1.
     *
     * @param rewards     r_0..r_{n-1}
     * @param nextValues  V(s_1)..V(s_n) under the current model (0 where unknown)
     * @param terminal    whether the episode ended after state n-1 (else it was cut and is bootstrapped)
     * @return the n returns; none for an episode of no state
     * @throws IllegalArgumentException if {@code nextValues} is not as long as {@code rewards}
     */
    public double[] returns(double[] rewards, double[] nextValues, boolean terminal) {
        int n = rewards.length;
        if (nextValues.length != n) {
            throw new IllegalArgumentException("need one next value per reward, got " + n + " rewards and "
                    + nextValues.length + " next values");
        }
        double[] g = new double[n];
        if (n == 0) {
            return g;
        }
        double next = terminal ? 0 : nextValues[n - 1];
        for (int t = n - 1; t >= 0; t--) {
            boolean last = t == n - 1;
            double bootstrap = last && terminal ? 0 : nextValues[t];
            g[t] = rewards[t] + gamma * ((1 - lambda) * bootstrap + lambda * next);
            next = g[t];
        }
        return g;
    }
}

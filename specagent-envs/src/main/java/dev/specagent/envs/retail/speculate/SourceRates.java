package dev.specagent.envs.retail.speculate;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often values from such a place fed such a parameter, learned from the calls observed: for each {@link Group}
 * of sources that were in view when a parameter was filled, how many there were (available) and how many of them
 * gave the value (chosen). A rate is smoothed from the specific (tool, parameter, source tool, source key, age)
 * pattern back to (parameter, source key) and then to the generic (source kind, name relation, shape match, list
 * order, age) pattern, whose hand-set prior favours a key with the parameter's name or stem. Not thread-safe.
 */
final class SourceRates {

    /** Sources that share every feature, so share one rate. */
    record Group(ValueSource.Kind kind, String standing, boolean named, String source, String key, int age,
                 String fit, boolean singleton, String order) {
    }

    private final DataFlowSpeculator.Settings settings;
    private final Map<String, double[]> rates = new HashMap<>();

    SourceRates(DataFlowSpeculator.Settings settings) {
        this.settings = settings;
    }

    /**
     * Counts {@code available} sources of group {@code g} that were in view when {@code param} of {@code tool} was
     * filled, {@code chosen} of which held its value.
     */
    void observe(String tool, String param, Group g, double chosen, double available) {
        for (String f : features(tool, param, g)) {
            double[] r = rates.computeIfAbsent(f, x -> new double[2]);
            r[0] += chosen;
            r[1] += available;
        }
    }

    /** The smoothed chosen/available rate of a group of sources for a parameter, specific to generic. */
    double rate(String tool, String param, ValueSource s, Group g) {
        List<String> f = features(tool, param, g);
        double a = settings.smoothing();
        double rate = prior(param, s, g);
        for (int i = f.size() - 1; i >= 0; i--) {
            double[] r = rates.get(f.get(i));
            if (r != null) {
                rate = (r[0] + a * rate) / (r[1] + a);
            }
        }
        return rate;
    }

    /** Feature keys from specific to generic. */
    private static List<String> features(String tool, String param, Group g) {
        String e = g.singleton() ? "E" : "V";
        int age = Math.min(g.age(), 3);
        String kind = g.kind() + g.standing() + (g.named() ? "+named" : "");
        return List.of(
                e + "|" + tool + "|" + param + "|" + g.source() + "|" + kind + "|" + g.key() + "|" + g.fit() + "|"
                        + g.order() + "|" + age,
                e + "|" + param + "|" + kind + "|" + g.key() + "|" + g.fit() + "|" + g.order(),
                e + "|" + kind + "|" + relation(param, g.key()) + "|" + g.fit() + "|" + g.order() + "|" + age);
    }

    /** The hand-set prior of the generic pattern. */
    private double prior(String param, ValueSource s, Group g) {
        double base = g.standing().equals("+seen") ? 0.5 : switch (relation(param, g.key())) {
            case "exact" -> 0.5;
            case "stem" -> 0.35;
            default -> s.kind() == ValueSource.Kind.WHOLE_OUTPUT ? 0.3 : 0.03;
        };
        if (g.standing().equals("+common")) {
            base *= 0.2;
        }
        if (g.named()) {
            base *= 2;
        }
        base *= switch (g.fit()) {
            case "fit" -> 1.5;
            case "misfit" -> 0.05;
            default -> 1.0;
        };
        if (g.order().equals("other")) {
            base *= 0.5; // a later element of a list the agent is working through
        }
        return Math.min(0.9, base) * Math.pow(settings.ageDecay(), g.age());
    }

    static String relation(String param, String key) {
        if (key.startsWith("$")) {
            return "none";
        }
        if (param.equals(key)) {
            return "exact";
        }
        return stem(param).equals(stem(key)) ? "stem" : "none";
    }

    /** A name without id/plural suffixes: {@code order_id}, {@code orders}, {@code order_ids} → {@code order}. */
    static String stem(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {"_ids", "_id", "ids", "id", "es", "s"}) {
            if (s.length() > suffix.length() + 2 && s.endsWith(suffix)) {
                s = s.substring(0, s.length() - suffix.length());
                break;
            }
        }
        while (s.endsWith("_") || s.endsWith("-")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}

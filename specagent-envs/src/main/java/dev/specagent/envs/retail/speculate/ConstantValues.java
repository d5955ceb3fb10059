package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.specagent.core.call.CanonicalJson;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a parameter took that no earlier value in the transcript supplied (a reason, a fixed flag), learned
 * from the calls observed: each value's share of the parameter's fills, for the tool and for the parameter name
 * in any tool, smoothed from the name's share to the tool's, with a schema's enum values given a small prior.
 * Values are canonical JSON texts. Not thread-safe.
 */
final class ConstantValues {

    private final Map<String, Map<String, Integer>> constants = new HashMap<>();
    private final Map<String, Integer> fills = new HashMap<>();

    /** Counts one value given to {@code param} of {@code tool}; {@code sourced}: the transcript held it. */
    void observe(String tool, String param, String text, boolean sourced) {
        fills.merge(tool + "|" + param, 1, Integer::sum);
        fills.merge(param, 1, Integer::sum);
        if (!sourced) {
            constants.computeIfAbsent(tool + "|" + param, x -> new HashMap<>()).merge(text, 1, Integer::sum);
            constants.computeIfAbsent(param, x -> new HashMap<>()).merge(text, 1, Integer::sum);
        }
    }

    /** Each constant of {@code param} of {@code tool} with a positive score, by its text (in no particular order). */
    Map<String, Double> scores(String tool, String param, List<String> enumValues, double smoothing) {
        Map<String, Integer> specific = constants.getOrDefault(tool + "|" + param, Map.of());
        Map<String, Integer> general = constants.getOrDefault(param, Map.of());
        Set<String> values = new HashSet<>(specific.keySet());
        values.addAll(general.keySet());
        Set<String> enumTexts = new HashSet<>();
        for (String e : enumValues) {
            String text = CanonicalJson.toCanonicalString(JsonNodeFactory.instance.textNode(e));
            enumTexts.add(text);
            values.add(text);
        }
        double enumPrior = enumValues.isEmpty() ? 0 : 0.5 / enumValues.size();
        int nGeneral = fills.getOrDefault(param, 0);
        int nSpecific = fills.getOrDefault(tool + "|" + param, 0);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String text : values) {
            double prior = enumTexts.contains(text) ? enumPrior : 0;
            double g = (general.getOrDefault(text, 0) + smoothing * prior) / (nGeneral + smoothing);
            double s = (specific.getOrDefault(text, 0) + smoothing * g) / (nSpecific + smoothing);
            if (s > 0) {
                out.put(text, s);
            }
        }
        return out;
    }
}

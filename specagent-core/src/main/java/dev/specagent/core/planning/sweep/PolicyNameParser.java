package dev.specagent.core.planning.sweep;

import dev.specagent.core.planning.depth.DraftClassifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Reads the policy names that carry their parameters ({@code fix-4}, {@code dyn-tsched-v0.1-l0.05-d0.03-w4-e},
 * {@code rate-oracle-theta0.1}, {@code clf-oracle-sched-v0.3-fnr0.02-fpr0.2}, ...) into {@link PolicySpec}s. A name
 * of one of these forms: its prefix, then dash-separated parts, each a key and a value, in the form's order. A name
 * of a form with a malformed part is refused with a message that names the name and the part, e.g.
 * {@code dyn-tsched-vx-d0.05: in 'vx', the verify gate 'x' is not a number}. A number is written without a sign and
 * without leading zeros or trailing decimal zeros ({@code fix-007} is refused naming {@code fix-7}, {@code v0.10} naming
 * {@code v0.1}), so that a policy has one name; a name of no form is left to the
 * caller ({@link Optional#empty()}), which knows the fixed names.
 */
final class PolicyNameParser {

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("\\d{1,9}");
    private static final int MAX_DECIMALS = 6;
    private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=\\d)");
    private static final Pattern TRAILING_ZEROS = Pattern.compile("(\\.\\d*?)0+$");

    /** The values a part takes: a number between two bounds (each open or closed), or a whole number, or none (a flag). */
    private record Range(double min, boolean minOpen, double max, boolean maxOpen, boolean whole) {
        static final Range GATE = new Range(0, true, 1, true, false);
        static final Range GATE_TO_1 = new Range(0, true, 1, false, false);
        static final Range RATE_FROM_0 = new Range(0, false, 1, true, false);
        static final Range WINDOW = new Range(1, false, 8, false, true);
        static final Range DEPTH = new Range(1, false, 20, false, true);
        static final Range FLAG = null;

        boolean contains(double v) {
            return (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max);
        }

        @Override
        public String toString() {
            return whole ? (int) min + ".." + (int) max
                    : (minOpen ? "(" : "[") + PolicySpec.gate(min) + ", " + PolicySpec.gate(max) + (maxOpen ? ")" : "]");
        }
    }

    /** One part of a form: its key ({@code ""}: the value alone), what it means, its values, whether it must be given. */
    private record Part(String key, String meaning, Range range, boolean required) {
        String shape() {
            String s = "-" + key + (range == null ? "" : "<" + meaning + ">");
            return required ? s : "[" + s + "]";
        }
    }

    /** A form: the name prefix, its parts in order, and the policy its values build (or a refusal naming a conflict). */
    private record Form(String prefix, List<Part> parts, BiFunction<String, Map<String, Double>, PolicySpec> build) {
        String shape() {
            StringBuilder s = new StringBuilder(prefix);
            parts.forEach(p -> s.append(p.shape()));
            return s.toString();
        }
    }

    private static final List<Part> SCHED = List.of(new Part("v", "verify gate", Range.GATE, true),
            new Part("l", "late gate", Range.GATE, false), new Part("d", "draft gate", Range.GATE, true),
            new Part("w", "window", Range.WINDOW, false), new Part("e", "episode form", Range.FLAG, false));
    private static final List<Part> YARDSTICK = List.of(new Part("v", "verify gate", Range.GATE_TO_1, true),
            new Part("l", "late gate", Range.GATE_TO_1, false), new Part("d", "draft gate", Range.GATE_TO_1, false),
            new Part("w", "window", Range.WINDOW, false), new Part("e", "episode form", Range.FLAG, false));

    private static final List<Form> FORMS = forms();

    private PolicyNameParser() {
    }

    private static List<Form> forms() {
        List<Form> forms = new ArrayList<>(List.of(
                new Form("fix", List.of(new Part("", "depth k", Range.DEPTH, true)),
                        (name, v) -> PolicySpec.fixed(v.get("").intValue())),
                new Form("dyn-sched", SCHED, (name, v) -> scheduled(name, v, DraftClassifier.ACCEPTANCE)),
                new Form("dyn-tsched", SCHED, (name, v) -> scheduled(name, v, DraftClassifier.STACKED)),
                new Form("dyn-tpsched", SCHED, (name, v) -> scheduled(name, v, DraftClassifier.TARGET_POLICY)),
                new Form("rate-oracle", List.of(new Part("theta", "theta", Range.GATE, true)),
                        (name, v) -> PolicySpec.rateOracle(name, v.get("theta"))),
                new Form("clf-oracle-sched", List.of(new Part("v", "verify gate", Range.GATE_TO_1, true),
                        new Part("fnr", "miss rate", Range.RATE_FROM_0, true),
                        new Part("fpr", "false alarm rate", Range.GATE_TO_1, true),
                        new Part("e", "episode form", Range.FLAG, false)),
                        (name, v) -> PolicySpec.classifierYardstick(name, v.get("v"), v.get("fnr"), v.get("fpr"),
                                v.containsKey("e")))));
        for (PolicySpec.Yardstick kind : PolicySpec.Yardstick.values()) {
            forms.add(new Form(kind.prefix(), YARDSTICK, (name, v) -> {
                double verify = v.get("v");
                double late = v.getOrDefault("l", verify);
                double draft = v.getOrDefault("d", late);
                requireOrdered(name, verify, late, draft, v.containsKey("l"));
                return PolicySpec.yardstick(name, kind, verify, late, draft, window(v), v.containsKey("e"));
            }));
        }
        // the longest prefix first: rate-oracle-sched-... is a yardstick, not a rate-oracle-<part>
        forms.sort(Comparator.comparingInt((Form f) -> f.prefix().length()).reversed());
        return List.copyOf(forms);
    }

    /**
     * The policy called {@code name} when it is of one of the forms, or empty when it is of none.
     *
     * @throws IllegalArgumentException when it is of a form but a part is malformed, missing, out of range or out
     *                                  of place, or its gates conflict: the message names {@code name} and the part
     */
    static Optional<PolicySpec> parse(String name) {
        for (Form form : FORMS) {
            if (name.equals(form.prefix()) || name.startsWith(form.prefix() + "-")) {
                return Optional.of(form.build().apply(name, values(name, form)));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Double> values(String name, Form form) {
        String rest = name.substring(form.prefix().length());
        String[] given = rest.isEmpty() ? new String[0] : rest.substring(1).split("-", -1);
        Map<String, Double> values = new HashMap<>();
        int next = 0; // parts go in the form's order, each at most once
        for (String text : given) {
            int at = indexOfPart(form, text);
            if (at < 0) {
                throw malformed(name, "'" + text + "' is not a part of " + form.shape());
            }
            if (at < next) {
                throw malformed(name, "'" + text + "' is out of place (or given twice) in " + form.shape());
            }
            Part part = form.parts().get(at);
            values.put(part.key(), value(name, part, text));
            next = at + 1;
        }
        for (Part part : form.parts()) {
            if (part.required() && !values.containsKey(part.key())) {
                throw malformed(name, "the " + part.meaning() + " (" + part.shape().replace("[", "").replace("]", "")
                        + ") is missing from " + form.shape());
            }
        }
        return values;
    }

    /** The part {@code text} gives: the flag it equals, else the longest key it starts with; -1 for none. */
    private static int indexOfPart(Form form, String text) {
        int best = -1;
        for (int i = 0; i < form.parts().size(); i++) {
            Part p = form.parts().get(i);
            boolean matches = p.range() == null ? text.equals(p.key()) : text.startsWith(p.key());
            if (matches && (best < 0 || p.key().length() > form.parts().get(best).key().length())) {
                best = i;
            }
        }
        return best;
    }

    private static double value(String name, Part part, String text) {
        if (part.range() == null) {
            return 1;
        }
        String raw = text.substring(part.key().length());
        String where = part.key().isEmpty() ? "" : "in '" + text + "', ";
        Range range = part.range();
        if (range.whole() ? !WHOLE.matcher(raw).matches() : !NUMBER.matcher(raw).matches()) {
            throw malformed(name, where + "the " + part.meaning() + " '" + raw + "' is not a "
                    + (range.whole() ? "whole number" : "number"));
        }
        int dot = raw.indexOf('.');
        if (dot >= 0 && raw.length() - dot - 1 > MAX_DECIMALS) {
            throw malformed(name, where + "the " + part.meaning() + " " + raw + " has more than " + MAX_DECIMALS
                    + " decimals");
        }
        double v = Double.parseDouble(raw);
        if (!range.contains(v)) {
            throw malformed(name, where + "the " + part.meaning() + " must be in " + range + ", not " + raw);
        }
        // fix-007 would run fix-7 under a second name (and a second row of a sweep), v0.10 v0.1; one name per policy
        String canonical = LEADING_ZEROS.matcher(raw).replaceFirst("");
        String zero = "a leading zero";
        if (canonical.equals(raw)) {
            canonical = TRAILING_ZEROS.matcher(raw).replaceFirst("$1");
            canonical = canonical.endsWith(".") ? canonical.substring(0, canonical.length() - 1) : canonical;
            zero = "a trailing zero";
        }
        if (!canonical.equals(raw)) {
            String written = part.key() + canonical;
            String canonicalName = String.join("-", Arrays.stream(name.split("-", -1))
                    .map(segment -> segment.equals(text) ? written : segment).toList());
            throw malformed(name, where + "the " + part.meaning() + " '" + raw + "' has " + zero + "; write "
                    + canonicalName);
        }
        return v;
    }

    private static PolicySpec scheduled(String name, Map<String, Double> v, DraftClassifier classifier) {
        double verify = v.get("v");
        double late = v.getOrDefault("l", verify);
        double draft = v.get("d");
        requireOrdered(name, verify, late, draft, v.containsKey("l"));
        return PolicySpec.scheduled(name, verify, late, draft, window(v), v.containsKey("e"), classifier);
    }

    private static int window(Map<String, Double> v) {
        return v.getOrDefault("w", 8.0).intValue();
    }

    private static void requireOrdered(String name, double verify, double late, double draft, boolean lateGiven) {
        if (late > verify) {
            throw malformed(name, "the late gate " + PolicySpec.gate(late) + " is above the verify gate " + PolicySpec.gate(verify)
                    + " (the gates need draft <= late <= verify)");
        }
        if (draft > late) {
            throw malformed(name, "the draft gate " + PolicySpec.gate(draft) + " is above the " + (lateGiven ? "late" : "verify")
                    + " gate " + PolicySpec.gate(late) + " (the gates need draft <= late <= verify)");
        }
    }

    private static IllegalArgumentException malformed(String name, String why) {
        return new IllegalArgumentException(name + ": " + why);
    }
}

package dev.specagent.cli.report;

import dev.specagent.cli.AtomicFiles;
import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A self-contained HTML report: one file with the charting library (Chart.js, vendored from the npm
 * registry into this jar) and the data inline, so it opens anywhere without a network. Sections are
 * drawn in the order they are added: tables, a timeline of every call of a run coloured by fate with
 * the committed path outlined, grouped bars (time saved and cost per policy), a scatter (time–cost
 * frontier), line series (p95 over time) and preformatted text.
 *
 * <p>Every string, whatever its source (task texts, model names and answers, file names, error messages), reaches
 * the page as text: the title and subtitle HTML-escaped (a control character as U+FFFD), everything else inside the
 * JSON data, which the page's own script draws with {@code textContent}. The page's Content-Security-Policy allows
 * no network access and only its own three scripts (by hash).
 */
public final class HtmlReport {

    private static final Pattern PLACEHOLDER = Pattern.compile("__(CSP|CHARTJS|RENDERER|DATA|TITLE|SUBTITLE)__");

    private final String title;
    private final String subtitle;
    private final ArrayNode sections = JsonOutput.array();

    public HtmlReport(String title, String subtitle) {
        this.title = title;
        this.subtitle = subtitle;
    }

    /** A table; the first column is left-aligned. */
    public HtmlReport table(String heading, String note, List<String> headers, List<List<String>> rows) {
        ObjectNode s = section("table", heading, note);
        headers.forEach(s.putArray("headers")::add);
        ArrayNode out = s.putArray("rows");
        for (List<String> row : rows) {
            ArrayNode r = out.addArray();
            row.forEach(r::add);
        }
        return this;
    }

    /** The timeline of every call attempt of one run (times relative to the run's first start). */
    public HtmlReport timeline(String heading, String note, Collection<LedgerEntry> entries) {
        ObjectNode s = section("timeline", heading, note);
        long origin = entries.stream().mapToLong(LedgerEntry::startNanos).min().orElse(0);
        long last = entries.stream().mapToLong(LedgerEntry::endNanos).max().orElse(origin);
        s.put("minWidth", Math.max(1e-6, Clock.seconds(last - origin) / 800));
        ArrayNode out = s.putArray("entries");
        for (LedgerEntry e : entries) {
            out.addObject()
                    .put("role", e.role().name())
                    .put("label", e.label())
                    .put("start", Clock.seconds(e.startNanos() - origin))
                    .put("end", Clock.seconds(e.endNanos() - origin))
                    .put("fate", e.fate().name())
                    .put("cost", e.usage().costUsd())
                    .put("depth", e.depth())
                    .put("committedPath", e.role().isAuthority() && e.fate() == Fate.COMMITTED);
        }
        return this;
    }

    /**
     * Grouped bars over {@code labels}; each series is a name and one value per label. Series whose
     * name is in {@code rightAxis} use the right axis.
     */
    public HtmlReport bars(String heading, String note, List<String> labels, Map<String, List<Double>> series,
                           String leftLabel, String rightLabel, Collection<String> rightAxis) {
        ObjectNode s = section("bars", heading, note);
        labels.forEach(s.putArray("labels")::add);
        s.put("leftLabel", leftLabel).put("rightLabel", rightLabel);
        ArrayNode out = s.putArray("series");
        series.forEach((name, values) -> {
            ObjectNode d = out.addObject().put("name", name).put("axis", rightAxis.contains(name) ? "y2" : "y");
            ArrayNode numbers = d.putArray("values");
            values.forEach(v -> {
                if (v != null && Double.isFinite(v)) {
                    numbers.add(v);
                } else {
                    numbers.addNull(); // no figure (e.g. a ratio to a free run's cost): no bar
                }
            });
        });
        return this;
    }

    /** A named point of a scatter plot. */
    public record Point(String name, double x, double y) {
    }

    /** A scatter plot of named points, e.g. the time–cost frontier of planning policies. */
    public HtmlReport scatter(String heading, String note, List<Point> points, String xLabel, String yLabel) {
        ObjectNode s = section("scatter", heading, note).put("xLabel", xLabel).put("yLabel", yLabel);
        ArrayNode out = s.putArray("points");
        points.stream().filter(p -> Double.isFinite(p.x()) && Double.isFinite(p.y()))
                .forEach(p -> out.addObject().put("name", p.name()).put("x", p.x()).put("y", p.y()));
        return this;
    }

    /** Line series of (x, y) points, e.g. p95 latency over time per mode. */
    public HtmlReport series(String heading, String note, Map<String, List<double[]>> lines, String xLabel, String yLabel) {
        ObjectNode s = section("series", heading, note).put("xLabel", xLabel).put("yLabel", yLabel);
        ArrayNode out = s.putArray("lines");
        lines.forEach((name, points) -> {
            ArrayNode pts = out.addObject().put("name", name).putArray("points");
            points.stream().filter(p -> Double.isFinite(p[0]) && Double.isFinite(p[1]))
                    .forEach(p -> pts.addArray().add(p[0]).add(p[1]));
        });
        return this;
    }

    /** Preformatted text shown as it is, e.g. what the command printed. */
    public HtmlReport text(String heading, String note, String text) {
        section("text", heading, note).put("text", text);
        return this;
    }

    /** Adds every section of {@code other} after this report's own. */
    public HtmlReport append(HtmlReport other) {
        sections.addAll(other.sections);
        return this;
    }

    /** The number of sections added so far. */
    public int size() {
        return sections.size();
    }

    /** The whole page. */
    public String render() {
        String data = sections.isEmpty() ? "{\"sections\":[]}" : "{\"sections\":" + sections + "}";
        String chartJs = resource("chart.umd.min.js");
        String renderer = resource("render.js");
        String template = resource("report.html");
        Map<String, String> values = Map.of("CSP", contentSecurityPolicy(template, chartJs, renderer),
                "CHARTJS", chartJs, "RENDERER", renderer, "DATA", scriptSafe(wellFormed(data)),
                "TITLE", escape(wellFormed(title)), "SUBTITLE", escape(wellFormed(subtitle)));
        // one pass, so that no inserted text is read as a placeholder
        return PLACEHOLDER.matcher(template).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
    }

    /**
     * Writes the page to {@code file}, creating its folder, whole or not at all ({@link AtomicFiles}): a failure or a
     * signal mid-write leaves the previous report whole.
     */
    public void write(Path file) throws IOException {
        String page = render();
        AtomicFiles.write(file, w -> w.write(page));
    }

    private ObjectNode section(String kind, String heading, String note) {
        ObjectNode s = sections.addObject().put("kind", kind).put("title", heading);
        if (note != null) {
            s.put("note", note);
        }
        return s;
    }

    /**
     * Text for an element's content (the title and subtitle appear in no attribute), every character that HTML
     * allows in no text (a control other than tab, line feed, form feed and carriage return, a noncharacter) written
     * as U+FFFD: a NUL was a parse error, dropped from the heading but shown as U+FFFD in the tab's title.
     */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.appendCodePoint(notText(c) ? 0xFFFD : c);
            }
        });
        return out.toString();
    }

    private static boolean notText(int c) {
        boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || (c >= 0x7F && c <= 0x9F);
        boolean noncharacter = (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
        return control || noncharacter;
    }

    /**
     * JSON that stays data inside a script element: with no '<' nothing in it can end the element or open a
     * comment ("</script>", "<!--"); '>' and '&' are escaped as well, and U+2028/U+2029, which end a line in a
     * JavaScript source, so the text means the same parsed as JSON or as a script. These characters occur only
     * inside JSON strings, where the escape sequence denotes the same character.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /**
     * {@code s} with every unpaired surrogate (a half of an emoji cut off by a model's answer or a truncated label)
     * replaced by U+FFFD: UTF-8 has no encoding for it, and the page's writer refuses the whole text otherwise.
     */
    static String wellFormed(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * The page's policy: no network and no plugins at all; of scripts, only the page's own three (by their
     * SHA-256), so that even markup slipped into the page could not run a script or send anything anywhere.
     */
    private static String contentSecurityPolicy(String template, String chartJs, String renderer) {
        Map<String, String> inserted = Map.of("__CHARTJS__", chartJs, "__RENDERER__", renderer);
        StringBuilder scripts = new StringBuilder();
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(template);
        while (script.find()) {
            scripts.append(' ').append(hash(inserted.getOrDefault(script.group(1), script.group(1))));
        }
        return "default-src 'none'; script-src" + scripts
                + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
    }

    private static String hash(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

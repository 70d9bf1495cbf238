package io.github.threadpool.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation keeps up with the code: every {@code threadpool.*} property that the starter's
 * generated metadata declares is in {@code docs/configuration.md}, and every relative link in the
 * README and in {@code docs/} leads to a file and, when it names one, to a heading of that file.
 */
class DocumentationTests {

    /** The repository's root: the starter's tests run in the starter's folder. */
    private static final Path ROOT = Path.of(System.getProperty("threadpool.repository.dir", "..")).toAbsolutePath()
        .normalize();

    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at a space (a title) or the parenthesis. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyPropertyInTheMetadataIsInTheConfigurationReference() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the generated configuration metadata").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> properties = JsonPath.read(json, "$.properties[*].name");
        assertThat(properties).as("threadpool.* properties in the metadata").hasSizeGreaterThan(10);
        String reference = Files.readString(ROOT.resolve("docs/configuration.md"));
        List<String> undocumented = properties.stream()
            .filter((String name) -> name.startsWith("threadpool."))
            .filter((String name) -> !reference.contains(name))
            .toList();
        assertThat(undocumented).as("properties missing from docs/configuration.md").isEmpty();
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeading() {
        List<Path> pages = markdownPages();
        assertThat(pages).as("README.md and the pages in docs/").hasSizeGreaterThan(3);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String target : relativeLinks(page)) {
                checked++;
                String problem = brokenLink(page, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(10);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertThat(anchors(List.of("# Quick start", "## `@Async` and Spring's executor", "## Quick start",
                "## Threads, queue & results (core)")))
            .containsExactly("quick-start", "async-and-springs-executor", "quick-start-1",
                    "threads-queue--results-core");
    }

    private static List<Path> markdownPages() {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter((Path path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** The targets of the page's links outside code, neither absolute URLs nor mail addresses. */
    private static List<String> relativeLinks(Path page) {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines(page)) {
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** Null if {@code target}, written in {@code page}, leads to a file (and heading); else what is wrong. */
    private static String brokenLink(Path page, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file " + ROOT.relativize(resolved);
        }
        if (hash < 0) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        Set<String> anchors = new LinkedHashSet<>(anchors(proseLines(resolved)));
        return anchors.contains(anchor) ? null : "no heading #" + anchor + " in " + ROOT.relativize(resolved)
                + " (its anchors: " + anchors + ")";
    }

    /** The lines of a page outside fenced code blocks, where headings and links are. */
    private static List<String> proseLines(Path page) {
        List<String> prose = new ArrayList<>();
        boolean inFence = false;
        try {
            for (String line : Files.readAllLines(page)) {
                if (line.stripLeading().startsWith("```")) {
                    inFence = !inFence;
                } else if (!inFence) {
                    prose.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prose;
    }

    /**
     * The anchors GitHub gives a page's headings: the heading's text without Markdown, lower case, without
     * punctuation but hyphens and underscores, each space a hyphen; a repeated one gets {@code -1}, {@code -2}.
     */
    private static List<String> anchors(List<String> lines) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines) {
            Matcher heading = HEADING.matcher(line);
            if (!heading.matches()) {
                continue;
            }
            String text = heading.group(1).replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }

}

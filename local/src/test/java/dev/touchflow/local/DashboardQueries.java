package dev.touchflow.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metric names a Grafana dashboard's PromQL queries read. */
final class DashboardQueries {

    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless");
    // what names no metric: label matchers, ranges, groupings, strings
    private static final Pattern NOT_A_METRIC =
            Pattern.compile("\\{[^}]*}|\\[[^]]*]|\\b(?:by|without|on|ignoring)\\s*\\([^)]*\\)|\"[^\"]*\"");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)");

    private DashboardQueries() {}

    /** Every query of the dashboard's panels, rows included. */
    static List<String> queries(Path dashboard) throws IOException {
        List<String> queries = new ArrayList<>();
        collect(JsonMapper.builder().build().readTree(Files.readString(dashboard)), queries);
        return queries;
    }

    /** The metric names a query reads: the names that are neither functions, keywords nor labels. */
    static Set<String> metrics(String query) {
        Set<String> metrics = new TreeSet<>();
        Matcher name = NAME.matcher(NOT_A_METRIC.matcher(query).replaceAll(" "));
        while (name.find()) {
            boolean function = name.group(1) != null;
            if (!function && !KEYWORDS.contains(name.group())) {
                metrics.add(name.group());
            }
        }
        return metrics;
    }

    private static void collect(JsonNode node, List<String> queries) {
        if (node.isObject() && node.has("expr")) {
            queries.add(node.get("expr").asString());
        }
        node.forEach(child -> collect(child, queries));
    }
}

package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models this key may use: sizes, most images per request, features and prices.",
        footer = {"", "Examples:", "  imagequeue models", "  imagequeue models --json | jq -r '.data[].id'"})
final class ModelsCommand implements Callable<Integer> {

    @ParentCommand
    ImageQueueCli root;

    @Option(names = "--json", description = "Print the server's JSON (for scripts).")
    boolean json;

    @Override
    public Integer call() {
        JsonNode models = root.api().getOk("/v1/models");
        if (json) {
            root.out().println(Json.pretty(models));
            return ExitCodes.OK;
        }
        Table table = new Table("MODEL", "OWNER", "SIZES", "N", "FEATURES", "PRICE (USD)");
        for (JsonNode model : models.path("data")) {
            table.row(model.path("id").asText(), model.path("owned_by").asText(), sizes(model),
                    "1-" + model.path("max_n").asInt(1), join(model.path("features")), price(model));
        }
        table.print(root.out());
        return ExitCodes.OK;
    }

    static String sizes(JsonNode model) {
        if (model.path("sizes").size() > 0) {
            return join(model.path("sizes")) + (model.path("allows_auto").asBoolean() ? ", auto" : "");
        }
        if (model.has("dimensions")) {
            JsonNode d = model.get("dimensions");
            return "any WxH " + d.path("min").asText() + "-" + d.path("max").asText()
                    + (d.path("multiple_of").asInt(1) > 1 ? " (x" + d.path("multiple_of").asText() + ")" : "");
        }
        if (model.has("aspect_ratios")) {
            return "ratios " + join(model.get("aspect_ratios"));
        }
        return "";
    }

    static String price(JsonNode model) {
        if (model.has("price_per_megapixel")) {
            return model.at("/price_per_megapixel/first").asText() + "/MP";
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (JsonNode price : model.path("price_per_image")) {
            min = Math.min(min, price.asDouble());
            max = Math.max(max, price.asDouble());
        }
        if (max == 0) {
            return "";
        }
        return min == max ? format(min) : format(min) + "-" + format(max);
    }

    private static String format(double value) {
        return String.format("%.3f", value);
    }

    static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(", ", values);
    }
}

package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.imagequeue.model.error.ModelNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable set of models the gateway offers, read from one data file that every service
 * bundles, with lookup by id or alias and the default model that {@code auto} picks.
 */
public final class ModelCatalog {

    /** Where {@link #loadDefault()} finds the bundled catalog on the classpath. */
    public static final String DEFAULT_RESOURCE = "/io/imagequeue/model/catalog/models.json";

    /** The catalog file format this code reads. */
    public static final int SCHEMA_VERSION = 1;

    // Kafka rejects longer topic names.
    private static final int MAX_TOPIC_LENGTH = 249;

    // Strict on purpose: a misspelt field or a repeated key in the data file must stop the service,
    // not silently fall back to a default.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final List<ModelSpec> models;
    private final Map<String, ModelSpec> byName;
    private final ModelSpec defaultModel;

    private ModelCatalog(List<ModelSpec> models, String defaultModelName) {
        if (models == null || models.isEmpty()) {
            throw new InvalidCatalogException("Invalid model catalog: it lists no models");
        }
        this.models = List.copyOf(models);
        var names = new LinkedHashMap<String, ModelSpec>();
        var topics = new HashMap<String, ModelSpec>();
        for (ModelSpec model : this.models) {
            for (String name : names(model)) {
                ModelSpec previous = names.putIfAbsent(name, model);
                if (previous != null) {
                    throw new InvalidCatalogException("Invalid model catalog: the name '" + name + "' is used by both '"
                            + previous.id() + "' and '" + model.id() + "'");
                }
            }
            // Two ids with the same slug would share a topic and so, silently, a rate limiter.
            ModelSpec sameTopic = topics.putIfAbsent(model.topic(), model);
            if (sameTopic != null) {
                throw new InvalidCatalogException("Invalid model catalog: '" + sameTopic.id() + "' and '" + model.id()
                        + "' map to the same topic " + model.topic());
            }
            if (model.topic().length() > MAX_TOPIC_LENGTH) {
                throw new InvalidCatalogException("Invalid model catalog: the topic of '" + model.id()
                        + "' is longer than Kafka's limit of " + MAX_TOPIC_LENGTH + " characters");
            }
        }
        this.byName = Map.copyOf(names);
        if (defaultModelName == null || defaultModelName.isBlank()) {
            throw new InvalidCatalogException("Invalid model catalog: default_model is missing");
        }
        ModelSpec resolvedDefault = byName.get(defaultModelName);
        if (resolvedDefault == null) {
            throw new InvalidCatalogException("Invalid model catalog: default_model '" + defaultModelName
                    + "' is not a model id or alias in the catalog");
        }
        this.defaultModel = resolvedDefault;
    }

    /**
     * Builds a catalog from specs already in memory, with the same consistency checks as loading.
     *
     * @param defaultModel the id or alias that {@code auto} resolves to
     * @throws InvalidCatalogException on a duplicate name or topic, or an unknown default
     */
    public static ModelCatalog of(String defaultModel, List<ModelSpec> models) {
        return new ModelCatalog(models, defaultModel);
    }

    /**
     * Reads the catalog bundled with this module ({@value #DEFAULT_RESOURCE}).
     *
     * @throws InvalidCatalogException when it is missing or invalid
     */
    public static ModelCatalog loadDefault() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new InvalidCatalogException("The model catalog " + DEFAULT_RESOURCE + " is not on the classpath");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new InvalidCatalogException("Cannot read the model catalog " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a catalog in the bundled file's format; the stream is not closed.
     *
     * @throws InvalidCatalogException naming the entry and field at fault when the JSON is malformed,
     *     a required field is missing, a value is out of range, a name is taken twice or the default
     *     does not exist
     */
    public static ModelCatalog fromJson(InputStream json) {
        CatalogFile file;
        try {
            file = MAPPER.readValue(json, CatalogFile.class);
        } catch (JsonMappingException e) {
            throw new InvalidCatalogException("Invalid model catalog at " + path(e) + ": " + rootMessage(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidCatalogException("Invalid model catalog: malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidCatalogException("Cannot read the model catalog: " + e.getMessage(), e);
        }
        if (file == null) {
            throw new InvalidCatalogException("Invalid model catalog: the document is empty");
        }
        if (file.schemaVersion() != SCHEMA_VERSION) {
            throw new InvalidCatalogException("Invalid model catalog: schema_version " + file.schemaVersion()
                    + " is not supported (expected " + SCHEMA_VERSION + ")");
        }
        return new ModelCatalog(file.models(), file.defaultModel());
    }

    /** Every model, in catalog order. */
    public List<ModelSpec> models() {
        return models;
    }

    /** The model with this exact id or alias (case-sensitive). */
    public Optional<ModelSpec> find(String idOrAlias) {
        return idOrAlias == null ? Optional.empty() : Optional.ofNullable(byName.get(idOrAlias));
    }

    /**
     * The model a request names: null or {@code auto} gives the default model, anything else must be
     * an id or alias.
     *
     * @throws ModelNotFoundException for an unknown name
     */
    public ModelSpec resolve(String idOrAliasOrAuto) {
        if (idOrAliasOrAuto == null || ModelSpec.AUTO.equals(idOrAliasOrAuto)) {
            return defaultModel;
        }
        return find(idOrAliasOrAuto).orElseThrow(() -> new ModelNotFoundException(idOrAliasOrAuto));
    }

    /** The model that {@code auto} picks. */
    public ModelSpec defaultModel() {
        return defaultModel;
    }

    /** Every model's Kafka topic, in catalog order, for topic creation and consumer subscription. */
    public List<String> topics() {
        return models.stream().map(ModelSpec::topic).toList();
    }

    /** The model whose Kafka topic this is. */
    public Optional<ModelSpec> findByTopic(String topic) {
        return models.stream().filter(m -> m.topic().equals(topic)).findFirst();
    }

    private static List<String> names(ModelSpec model) {
        var names = new ArrayList<String>(1 + model.aliases().size());
        names.add(model.id());
        names.addAll(model.aliases());
        return names;
    }

    private static String path(JsonMappingException e) {
        var path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        var location = e.getLocation();
        String line = location == null ? "" : " (line " + location.getLineNr() + ")";
        return (path.isEmpty() ? "the top level" : path.toString()) + line;
    }

    private static String rootMessage(JsonMappingException e) {
        // A check in a record constructor arrives wrapped; its own message is the useful one.
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return e.getOriginalMessage();
    }

    /** The top level of the data file. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    private record CatalogFile(
            @JsonProperty(required = true) int schemaVersion,
            @JsonProperty(required = true) String defaultModel,
            @JsonProperty(required = true) List<ModelSpec> models) {
    }
}

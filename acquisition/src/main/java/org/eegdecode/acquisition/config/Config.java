package org.eegdecode.acquisition.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration: the embedded {@code configs/default.yaml}, then the preset its
 * {@code preset} key names (an embedded {@code configs/<preset>.yaml}), then an optional user file,
 * then {@code key=value} overrides.
 *
 * <p>The default file is also the schema: a key that is not in it is unknown, and a value must have
 * the type of its default (an integer is accepted where a number is expected; a default of {@code
 * null} accepts any scalar). Sections bind to typed records with {@link #section}.
 */
public final class Config {
  /** Classpath location of the default file, copied from {@code configs/} at build time. */
  public static final String DEFAULT_RESOURCE = "/eegdecode/configs/default.yaml";

  /** Presets embedded beside the default file ({@code configs/<name>.yaml}). */
  public static final List<String> PRESETS = List.of("intra", "inter");

  private static final String PRESET_KEY = "preset";

  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final ObjectNode schema;
  private final ObjectNode root;

  private Config(ObjectNode schema, ObjectNode root) {
    this.schema = schema;
    this.root = root;
  }

  /** The defaults alone. */
  public static Config defaults() {
    ObjectNode defaults = loadDefaults();
    return new Config(defaults, defaults.deepCopy());
  }

  /**
   * Defaults, then the preset (the last {@code preset=} override, else the file's {@code preset}
   * key), then {@code file} (may be null), then the overrides in order.
   *
   * @throws ConfigException naming the file, key or override at fault
   */
  public static Config load(Path file, List<String> overrides) {
    Config config = defaults();
    JsonNode user = file == null ? null : readUserFile(file);
    String preset = presetOf(user, overrides);
    if (!preset.isEmpty()) {
      config = config.preset(preset);
    }
    if (user != null) {
      config = config.merge(user, "config file " + file);
    }
    return config.withOverrides(overrides);
  }

  /** A copy with the keys of a user YAML file applied. */
  public Config merge(Path file) {
    return merge(readUserFile(file), "config file " + file);
  }

  /** A copy with the embedded preset {@code name} applied (one of {@link #PRESETS}). */
  public Config preset(String name) {
    if (!PRESETS.contains(name)) {
      throw new ConfigException(
          "preset '" + name + "': no such preset (known: " + String.join(", ", PRESETS) + ")");
    }
    String resource = "/eegdecode/configs/" + name + ".yaml";
    try (InputStream in = Config.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource + " on the classpath");
      }
      return merge(YAML.readTree(in), "preset " + name + " (configs/" + name + ".yaml)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The preset a command line asks for: the last {@code preset=} override, else the file's. */
  private static String presetOf(JsonNode user, List<String> overrides) {
    String preset = "";
    if (user != null && user.isObject() && user.has(PRESET_KEY)) {
      preset = user.get(PRESET_KEY).asText("");
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq > 0 && override.substring(0, eq).trim().equals(PRESET_KEY)) {
        preset = override.substring(eq + 1).trim();
      }
    }
    return preset;
  }

  private static JsonNode readUserFile(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "config file " + file + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("config file " + file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private Config merge(JsonNode user, String origin) {
    ObjectNode copy = root.deepCopy();
    if (user != null && !user.isNull() && !user.isMissingNode()) {
      if (!user.isObject()) {
        throw new ConfigException(origin + ": expected a mapping of keys to values");
      }
      mergeInto(copy, schema, (ObjectNode) user, "", origin);
    }
    return new Config(schema, copy);
  }

  /**
   * A copy with Hydra-style {@code key=value} overrides applied; dotted keys reach into sections.
   */
  public Config withOverrides(List<String> overrides) {
    ObjectNode copy = root.deepCopy();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("override '" + override + "': expected key=value");
      }
      String key = override.substring(0, eq).trim();
      String text = override.substring(eq + 1);
      String origin = "override '" + override + "'";
      JsonNode defaultValue = lookup(schema, key);
      if (defaultValue == null) {
        throw new ConfigException(origin + ": " + unknownKeyMessage(key));
      }
      JsonNode value = coerce(key, parseValue(text, defaultValue), defaultValue, origin);
      setPath(copy, key, value);
    }
    return new Config(schema, copy);
  }

  /** A copy with one key set programmatically (validated like an override). */
  public Config with(String key, Object value) {
    JsonNode defaultValue = lookup(schema, key);
    if (defaultValue == null) {
      throw new ConfigException(unknownKeyMessage(key));
    }
    ObjectNode copy = root.deepCopy();
    setPath(copy, key, coerce(key, YAML.valueToTree(value), defaultValue, "value"));
    return new Config(schema, copy);
  }

  /** The value at a dotted key; throws for unknown keys. */
  public JsonNode get(String key) {
    JsonNode node = lookup(root, key);
    if (node == null) {
      throw new ConfigException(unknownKeyMessage(key));
    }
    return node;
  }

  public String getString(String key) {
    JsonNode node = get(key);
    return node.isNull() ? null : node.asText();
  }

  public double getDouble(String key) {
    return get(key).asDouble();
  }

  public int getInt(String key) {
    return get(key).asInt();
  }

  public boolean getBoolean(String key) {
    return get(key).asBoolean();
  }

  /**
   * Binds a section (or, with {@code ""}, the top level) to a record or bean whose properties are
   * the snake_case keys. Nested sections are skipped when binding the top level.
   */
  public <T> T section(String name, Class<T> type) {
    JsonNode node = name.isEmpty() ? topLevelScalars() : get(name);
    try {
      return YAML.treeToValue(node, type);
    } catch (MismatchedInputException e) {
      throw bindingError(name, node, e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "config section '" + (name.isEmpty() ? "<top level>" : name) + "': " + e.getMessage(), e);
    }
  }

  /**
   * Keys whose default is {@code null} accept any scalar until a section is bound; a value the
   * record cannot take is reported like any other type error, naming the key.
   */
  private static ConfigException bindingError(
      String section, JsonNode node, MismatchedInputException e) {
    StringBuilder key = new StringBuilder(section);
    JsonNode value = node;
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        key.append(key.length() == 0 ? "" : ".").append(ref.getFieldName());
        value = value == null ? null : value.get(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        key.append('[').append(ref.getIndex()).append(']');
        value = value == null ? null : value.get(ref.getIndex());
      }
    }
    Class<?> target = e.getTargetType();
    String expected;
    if (target == null) {
      expected = "another type";
    } else if (target == Double.class
        || target == double.class
        || target == Float.class
        || target == float.class) {
      expected = "a number";
    } else if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class) {
      expected = "an integer";
    } else if (target == Boolean.class || target == boolean.class) {
      expected = "true or false";
    } else if (target == String.class) {
      expected = "a string";
    } else {
      expected = "a " + target.getSimpleName();
    }
    return new ConfigException(
        "key '"
            + key
            + "' expects "
            + expected
            + ", got "
            + (value == null ? "?" : describe(value)),
        e);
  }

  /** The effective configuration as YAML. */
  public String toYaml() {
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The effective configuration as a tree (a copy). */
  public ObjectNode toTree() {
    return root.deepCopy();
  }

  private ObjectNode topLevelScalars() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    root.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isObject()) {
                out.set(e.getKey(), e.getValue());
              }
            });
    return out;
  }

  private static ObjectNode loadDefaults() {
    try (InputStream in = Config.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + DEFAULT_RESOURCE + " on the classpath");
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  private static void mergeInto(
      ObjectNode target, ObjectNode schemaNode, ObjectNode user, String prefix, String origin) {
    Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix + field.getKey();
      JsonNode defaultValue = schemaNode.get(field.getKey());
      if (defaultValue == null) {
        throw new ConfigException(origin + ": " + unknownKeyMessage(key));
      }
      if (defaultValue.isObject()) {
        if (!field.getValue().isObject()) {
          throw new ConfigException(
              origin + ": key '" + key + "' is a section: expected a mapping");
        }
        mergeInto(
            (ObjectNode) target.get(field.getKey()),
            (ObjectNode) defaultValue,
            (ObjectNode) field.getValue(),
            key + ".",
            origin);
      } else {
        target.set(field.getKey(), coerce(key, field.getValue(), defaultValue, origin));
      }
    }
  }

  /** Parses override text as a YAML value ("0.5", "true", "[20, 28]", "null"); strings stay raw. */
  private static JsonNode parseValue(String text, JsonNode defaultValue) {
    if (defaultValue.isTextual()) {
      return JsonNodeFactory.instance.textNode(text);
    }
    try {
      JsonNode parsed = YAML.readTree(text.isEmpty() ? "\"\"" : text);
      return parsed == null || parsed.isMissingNode()
          ? JsonNodeFactory.instance.nullNode()
          : parsed;
    } catch (JsonProcessingException e) {
      return JsonNodeFactory.instance.textNode(text);
    }
  }

  /** Checks {@code value} against the type of {@code defaultValue}; returns the value to store. */
  private static JsonNode coerce(String key, JsonNode value, JsonNode defaultValue, String origin) {
    if (defaultValue.isObject()) {
      throw new ConfigException(origin + ": key '" + key + "' is a section, not a value");
    }
    if (defaultValue.isNull()) {
      if (value.isContainerNode()) {
        throw typeError(key, "a single value", value, origin);
      }
      return value;
    }
    if (defaultValue.isBoolean()) {
      if (value.isBoolean()) {
        return value;
      }
      throw typeError(key, "true or false", value, origin);
    }
    if (defaultValue.isIntegralNumber()) {
      if (value.isIntegralNumber()) {
        return value;
      }
      if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())) {
        return JsonNodeFactory.instance.numberNode(value.asLong());
      }
      throw typeError(key, "an integer", value, origin);
    }
    if (defaultValue.isNumber()) {
      if (value.isNumber()) {
        return JsonNodeFactory.instance.numberNode(value.asDouble());
      }
      throw typeError(key, "a number", value, origin);
    }
    if (defaultValue.isTextual()) {
      if (value.isValueNode() && !value.isNull()) {
        return JsonNodeFactory.instance.textNode(value.asText());
      }
      throw typeError(key, "a string", value, origin);
    }
    if (defaultValue.isArray()) {
      if (!value.isArray()) {
        throw typeError(key, "a list", value, origin);
      }
      if (defaultValue.isEmpty()) {
        return value;
      }
      JsonNode elementDefault = defaultValue.get(0);
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        out.add(coerce(key + "[" + i + "]", value.get(i), elementDefault, origin));
      }
      return out;
    }
    return value;
  }

  private static ConfigException typeError(
      String key, String expected, JsonNode value, String origin) {
    return new ConfigException(
        origin + ": key '" + key + "' expects " + expected + ", got " + describe(value));
  }

  private static String describe(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isTextual()) {
      return "'" + value.asText() + "'";
    }
    return value.toString();
  }

  private static String unknownKeyMessage(String key) {
    return "unknown config key '" + key + "'";
  }

  private static JsonNode lookup(JsonNode node, String dottedKey) {
    JsonNode current = node;
    for (String part : dottedKey.split("\\.", -1)) {
      if (current == null || !current.isObject() || part.isEmpty()) {
        return null;
      }
      current = current.get(part);
    }
    return current;
  }

  private static void setPath(ObjectNode node, String dottedKey, JsonNode value) {
    List<String> parts = new ArrayList<>(List.of(dottedKey.split("\\.")));
    String last = parts.remove(parts.size() - 1);
    ObjectNode current = node;
    for (String part : parts) {
      current = (ObjectNode) current.get(part);
    }
    current.set(last, value);
  }
}

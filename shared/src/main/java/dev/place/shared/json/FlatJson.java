package dev.place.shared.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a flat JSON object (no nested objects or arrays) into its fields' texts, with Jackson's
 * streaming parser: the documents the project writes by hand are read back without data binding,
 * which keeps reflection out of the Lambda cold path.
 */
public final class FlatJson {

  private static final JsonFactory JSON = new JsonFactory();

  private FlatJson() {}

  /**
   * @return each field's text ({@code null} for a JSON null)
   * @throws IllegalArgumentException if the text is not one flat JSON object
   */
  public static Map<String, String> read(String json) {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isStructStart()) {
          throw new IllegalArgumentException("unexpected nested value in '" + name + "'");
        }
        fields.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
      }
      if (token != JsonToken.END_OBJECT) {
        throw new IllegalArgumentException("expected the object to end");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
    return fields;
  }
}

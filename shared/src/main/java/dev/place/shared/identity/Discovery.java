package dev.place.shared.identity;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.place.shared.config.ConfigException;
import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.util.Map;

/**
 * Reads an issuer's OpenID Connect discovery document ({@code <issuer>/.well-known/openid-configuration},
 * OpenID Connect Discovery 1.0, section 4) for its {@code jwks_uri}, after checking that the document
 * names the same issuer (section 4.3: a document for another issuer must not be used).
 */
final class Discovery {

  static final String PATH = "/.well-known/openid-configuration";

  private Discovery() {}

  static String jwksUri(String issuer, ResourceRetriever retriever) {
    String url = issuer.replaceAll("/+$", "") + PATH;
    Map<String, Object> document;
    try {
      document = JSONObjectUtils.parse(retriever.retrieveResource(new URL(url)).getContent());
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("could not read the discovery document " + url + ": " + e.getMessage(), e);
    }
    if (!issuer.equals(document.get("issuer"))) {
      throw new ConfigException("the discovery document " + url + " names the issuer " + document.get("issuer")
          + ", not " + issuer + " (PLACE_OIDC_ISSUER must be the provider's issuer exactly)");
    }
    Object jwks = document.get("jwks_uri");
    if (!(jwks instanceof String s) || s.isEmpty()) {
      throw new IllegalStateException("the discovery document " + url + " has no jwks_uri");
    }
    return s;
  }
}

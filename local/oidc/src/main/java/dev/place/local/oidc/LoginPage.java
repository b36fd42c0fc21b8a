package dev.place.local.oidc;

import java.util.List;
import java.util.Map;

/** The local provider's login page: any name signs in, and the groups are checkboxes. */
final class LoginPage {

  /** The authorization request's parameters, carried through the form so the POST is a whole request. */
  private static final List<String> CARRIED = List.of("client_id", "redirect_uri", "response_type", "scope", "state", "nonce",
      "code_challenge", "code_challenge_method");

  private LoginPage() {}

  static String html(Map<String, String> request, List<String> groups) {
    StringBuilder hidden = new StringBuilder();
    for (String name : CARRIED) {
      if (request.containsKey(name)) {
        hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(escape(request.get(name)))
            .append("\">\n");
      }
    }
    StringBuilder boxes = new StringBuilder();
    for (String group : groups) {
      boxes.append("<label><input type=\"checkbox\" id=\"group-").append(group).append("\" name=\"group_").append(group)
          .append("\"> ").append(group).append("</label>\n");
    }
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>place local sign-in</title>
        <style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}
        input[type=text]{width:100%%;padding:.5rem;font-size:1rem;box-sizing:border-box}label{display:block;margin:.5rem 0}
        button{padding:.5rem 1.5rem;font-size:1rem}</style></head>
        <body><h1>Sign in (local)</h1>
        <p>This is the local cloud's test identity provider: sign in as any user, no password. Each name is one
        account, with one cooldown.</p>
        <form method="post" action="/authorize">
        %s<label>User name <input type="text" id="username" name="username" required pattern="[A-Za-z0-9._-]{1,40}" autofocus></label>
        %s<button type="submit" id="sign-in">Sign in</button>
        </form></body></html>
        """.formatted(hidden, boxes);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

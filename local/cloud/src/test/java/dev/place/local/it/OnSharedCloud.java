package dev.place.local.it;

import dev.place.local.LocalCloud;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the end-to-end tests: the JVM's shared local cloud, its addresses and direct store clients. */
abstract class OnSharedCloud {

  protected static LocalCloud cloud;
  protected static Stores stores;
  protected static URI http;
  protected static URI ws;

  @BeforeAll
  static void useSharedCloud() {
    cloud = SharedCloud.get();
    stores = new Stores(cloud.config());
    http = cloud.httpUrl();
    ws = cloud.webSocketUrl();
  }

  @AfterAll
  static void closeStores() {
    stores.close();
  }
}

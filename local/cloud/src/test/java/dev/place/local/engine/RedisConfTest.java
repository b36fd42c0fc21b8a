package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RedisConfTest {

    @Test
    void listensOnlyOnLoopbackAtTheGivenPort() {
        String conf = RedisConf.render(Path.of("/d/redis"), 16379);

        assertThat(conf).contains("\nbind 127.0.0.1\n").contains("\nport 16379\n").contains("\ndaemonize no\n");
    }

    @Test
    void persistsEveryWriteInAnAppendOnlyFileInTheDataDir() {
        String conf = RedisConf.render(Path.of("/d/redis"), 16379);

        assertThat(conf).contains("\ndir \"/d/redis\"\n").contains("\nappendonly yes\n").contains("\nsave \"\"\n");
    }

    @Test
    void logsWarningsToStdoutForTheLauncherToCapture() {
        assertThat(RedisConf.render(Path.of("/d"), 1)).contains("\nlogfile \"\"\n").contains("\nloglevel warning\n");
    }

    @Test
    void quotesPathsSoSpacesQuotesAndBackslashesSurvive() {
        assertThat(RedisConf.quote("/a b/c\"d\\e")).isEqualTo("\"/a b/c\\\"d\\\\e\"");
    }
}

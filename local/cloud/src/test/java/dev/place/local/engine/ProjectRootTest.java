package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRootTest {

    @TempDir
    Path tmp;

    @Test
    void searchesUpwardsFromTheWorkingDirectoryForTheKafkaEngineModule() throws IOException {
        Path checkout = checkout("place");
        Path moduleDir = Files.createDirectories(checkout.resolve("local/cloud/target"));

        assertThat(ProjectRoot.locate(Optional.empty(), null, moduleDir)).isEqualTo(checkout);
    }

    @Test
    void theWorkingDirectoryItselfMayBeTheRoot() throws IOException {
        Path checkout = checkout("place");

        assertThat(ProjectRoot.locate(Optional.empty(), "", checkout)).isEqualTo(checkout);
    }

    @Test
    void placeHomeWinsOverTheWorkingDirectory() throws IOException {
        Path home = checkout("home");
        Path elsewhere = checkout("elsewhere");

        assertThat(ProjectRoot.locate(Optional.empty(), home.toString(), elsewhere)).isEqualTo(home);
    }

    @Test
    void anExplicitRootWinsOverPlaceHome() throws IOException {
        Path explicit = checkout("explicit");
        Path home = checkout("home");

        assertThat(ProjectRoot.locate(Optional.of(explicit), home.toString(), home)).isEqualTo(explicit);
    }

    @Test
    void failsWithAHintWhenNoCheckoutIsAbove() {
        // The filesystem root: the test's own temp dir lies inside this checkout, where the search would succeed.
        Path top = tmp.getRoot();

        assertThatThrownBy(() -> ProjectRoot.locate(Optional.empty(), null, top))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ProjectRoot.MARKER)
                .hasMessageContaining("-Dplace.home");
    }

    @Test
    void rejectsAnExplicitRootThatIsNotACheckout() {
        assertThatThrownBy(() -> ProjectRoot.locate(Optional.of(tmp), null, tmp))
                .hasMessageContaining("EngineSettings.projectRoot").hasMessageContaining(tmp.toString());
        assertThatThrownBy(() -> ProjectRoot.locate(Optional.empty(), tmp.toString(), tmp))
                .hasMessageContaining("-Dplace.home");
    }

    private Path checkout(String name) throws IOException {
        Path root = tmp.resolve(name);
        Path marker = root.resolve(ProjectRoot.MARKER);
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "<project/>");
        return root;
    }
}

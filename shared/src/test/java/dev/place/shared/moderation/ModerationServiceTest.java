package dev.place.shared.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.timelapse.Region;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModerationServiceTest {

  @Test
  void aRollbackWaitsForTheHistoryOfItsRectangleOnlyAndARevertForTheWholeCanvas() throws Exception {
    ModeratedCanvas canvas = new ModeratedCanvas();
    canvas.place("u-grief", 3, 3, 5, 100);
    canvas.place("u-grief", 40, 40, 5, 100);
    Region area = new Region(0, 0, 8, 8);

    canvas.moderate("a-1", new ModerationAction.RollbackArea(area, 50), 200);
    canvas.service.preview(new ActionRecord("a-2", "mod", "test", 300, new ModerationAction.RollbackArea(area, 50)));
    canvas.moderate("a-3", new ModerationAction.RevertUser("u-grief", 0), 400);

    assertThat(canvas.waitsFor).isEqualTo(Arrays.asList(area, area, null));
    assertThat(canvas.colourAt(3, 3)).isEqualTo(VisibleColours.BACKGROUND);
    assertThat(canvas.colourAt(40, 40)).isEqualTo(VisibleColours.BACKGROUND);
  }
}

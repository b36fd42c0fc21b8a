package dev.place.shared.timelapse;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Animated GIF through the JDK's GIF writer (no extra dependency): for small regions only. */
public final class GifWriter implements AutoCloseable {

  private final ImageWriter writer;
  private final ImageOutputStream stream;
  private final BufferedImage image;
  private static final int[] RGB = PngWriter.rgb();
  private final int[] raster;
  private final int width;
  private final int delayCentis;
  private boolean first = true;

  public GifWriter(OutputStream out, int width, int height, int fps) throws IOException {
    this.width = width;
    this.delayCentis = Math.max(2, Math.round(100f / fps)); // browsers treat delays under 2 cs as 10 cs
    // RGB frames: the JDK writer builds each frame's table from the colours present (at most 16,
    // so exactly). Handing it an indexed image instead made it write wrong colours for 16-entry palettes.
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    raster = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    writer = ImageIO.getImageWritersByFormatName("gif").next();
    stream = ImageIO.createImageOutputStream(out);
    writer.setOutput(stream);
    writer.prepareWriteSequence(null);
  }

  public void frame(byte[] pixels) throws IOException {
    for (int i = 0, n = width * image.getHeight(); i < n; i++) {
      raster[i] = RGB[pixels[i]];
    }
    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
    String format = metadata.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
    IIOMetadataNode control = child(root, "GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", Integer.toString(delayCentis));
    control.setAttribute("transparentColorIndex", "0");
    // Interlaced frames came back with their last rows missing; progressive display is pointless here.
    child(root, "ImageDescriptor").setAttribute("interlaceFlag", "FALSE");
    if (first) {
      // NETSCAPE2.0 with loop count 0: play for ever.
      IIOMetadataNode apps = child(root, "ApplicationExtensions");
      IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
      app.setAttribute("applicationID", "NETSCAPE");
      app.setAttribute("authenticationCode", "2.0");
      app.setUserObject(new byte[] {1, 0, 0});
      apps.appendChild(app);
      first = false;
    }
    metadata.setFromTree(format, root);
    writer.writeToSequence(new IIOImage(image, null, metadata), null);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  @Override
  public void close() throws IOException {
    writer.endWriteSequence();
    stream.close();
    writer.dispose();
  }
}

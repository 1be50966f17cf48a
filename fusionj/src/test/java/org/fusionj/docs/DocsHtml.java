package org.fusionj.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders {@code docs/*.md} to HTML for the dialogs' Help buttons; the build runs it before packaging (see the
 * POM), so the pages in the jar always match the sources. The HTML is kept simple (ImageJ shows it in a Swing
 * HTML 3.2 viewer). Arguments: DOCS_DIR OUT_DIR.
 */
public final class DocsHtml {

    private DocsHtml() {
    }

    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        List<Extension> extensions = List.of(TablesExtension.create());
        Parser parser = Parser.builder().extensions(extensions).build();
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions).build();
        try (Stream<Path> pages = Files.list(docs)) {
            for (Path md : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String body = renderer.render(parser.parse(Files.readString(md, StandardCharsets.UTF_8)));
                String name = md.getFileName().toString().replaceFirst("\\.md$", "");
                Files.writeString(out.resolve(name + ".html"), page(body), StandardCharsets.UTF_8);
            }
        }
    }

    /** One page: the rendered body with a small style sheet Swing understands. */
    static String page(String body) {
        return "<html><head><style type=\"text/css\">"
                + "body { font-family: sans-serif; font-size: 11pt; margin: 8px; } "
                + "code, pre { font-family: monospace; } pre { background: #f4f4f4; } "
                + "table { border-collapse: collapse; } td, th { border: 1px solid #bbbbbb; padding: 2px; } "
                + "</style></head><body>" + body.replaceAll("href=\"([a-z-]+)\\.md", "href=\"$1.html")
                + "</body></html>";
    }
}

// bench/PeersBoilerpipe.java OUTDIR PAGE.html...: boilerpipe's
// ArticleExtractor (Debian libboilerpipe-java) over every page in one JVM,
// as bin/clean -o runs; writes OUTDIR/<id>.txt.
import de.l3s.boilerpipe.extractors.ArticleExtractor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

public class PeersBoilerpipe {
	public static void main(String[] args) throws Exception {
		Path out = Paths.get(args[0]);
		for (int i = 1; i < args.length; i++) {
			Path page = Paths.get(args[i]);
			String id = page.getFileName().toString().split("\\.")[0];
			String text;
			try {
				String html = new String(Files.readAllBytes(page), StandardCharsets.UTF_8);
				text = ArticleExtractor.INSTANCE.getText(html).replace("\n", "\n\n");
			} catch (Exception e) {	// a peer's failure is an empty page
				System.err.println("boilerpipe: " + id + ": " + e);
				text = "";
			}
			Files.write(out.resolve(id + ".txt"), (text + "\n").getBytes(StandardCharsets.UTF_8));
		}
	}
}

package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alama/annotate"
)

// searchText is the article the search and preannotate tests import.
const searchText = "🙂 قال أحمدَ إنّ الوفد وصل إلى بيروت، وأحمد يعود غدا.\nوفي للقدس قال إحمد كلمة."

// searchProject imports searchText into a new project and returns the
// project path and the document id.
func searchProject(t *testing.T) (string, uint64) {
	t.Helper()
	isolate(t)
	dir := t.TempDir()
	article := filepath.Join(dir, "article.txt")
	if err := os.WriteFile(article, []byte(searchText), 0o644); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(dir, "p.alama")
	mustCLI(t, "import", "-project", project, article)
	var entry listEntry
	if err := json.Unmarshal([]byte(mustCLI(t, "list", "-project", project, "-json")), &entry); err != nil {
		t.Fatal(err)
	}
	return project, entry.ID
}

func TestSearchCommand(t *testing.T) {
	project, id := searchProject(t)
	out := mustCLI(t, "search", "-project", project, "-json", "احمد")
	var texts []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var h searchHit
		if err := json.Unmarshal([]byte(line), &h); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if h.Doc != id {
			t.Errorf("hit in document %d, want %d", h.Doc, id)
		}
		if got := annotate.Slice(searchText, h.Start, h.End); got != h.Text {
			t.Errorf("hit [%d,%d) says %q, text has %q", h.Start, h.End, h.Text, got)
		}
		texts = append(texts, h.Text)
	}
	if want := "أحمدَ أحمد إحمد"; strings.Join(texts, " ") != want {
		t.Errorf("hits %q, want %q", texts, want)
	}

	out = mustCLI(t, "search", "-project", project, "-words", "-context", "5", "القدس")
	if !strings.Contains(out, "DOC") || !strings.Contains(out, "وفي ل[لقدس] قال") {
		t.Errorf("table output:\n%s", out)
	}
	if _, out, _ := cli(t, "search", "-project", project, "دمشق"); strings.Count(out, "\n") != 1 {
		t.Errorf("search without hits printed:\n%s", out)
	}
	if code, _, _ := cli(t, "search", "-project", project); code != 2 {
		t.Errorf("search without a query: exit %d, want 2", code)
	}
}

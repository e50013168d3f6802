package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDeleteDocuments(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	mustCLI(t, "import", "-project", project, filepath.Join("testdata", "articles"))
	before := mustCLI(t, "export", "-project", project)
	for _, args := range [][]string{{"2", "999"}, {"2", "x"}, {"0"}} {
		code, _, errOut := cli(t, append([]string{"delete", "-project", project}, args...)...)
		if code == 0 || errOut == "" {
			t.Errorf("delete %v: exit %d, %q", args, code, errOut)
		}
		if after := mustCLI(t, "export", "-project", project); after != before {
			t.Errorf("delete %v changed the project", args)
		}
	}
	if out := mustCLI(t, "delete", "-project", project, "2"); !strings.HasPrefix(out, "deleted 1 document from") {
		t.Errorf("delete said %q", out)
	}
	list := mustCLI(t, "list", "-project", project, "-json")
	if strings.Contains(list, `"id":2,`) || strings.Count(list, "\n") != strings.Count(before, "\n")-1 {
		t.Errorf("list after deleting document 2:\n%s", list)
	}
	mustCLI(t, "check", "-project", project)
}

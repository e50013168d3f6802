package format

import (
	"testing"
)

func TestWebAnnoGolden(t *testing.T) {
	dir := t.TempDir() + "/out"
	rep, err := Export(WebAnno, seq(fixture(t)), testSchema(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep.String())
	goldenDir(t, "webanno", dir)
}

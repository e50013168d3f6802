package gui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"alama/annotate"
	"alama/annotate/arabic"
	"alama/store"
)

// TestDefaultWindowShowsFourteenLines opens a plain article of several
// paragraphs, label names on as they are by default, in the window at its
// default size: at least 14 lines of text are in view.
func TestDefaultWindowShowsFourteenLines(t *testing.T) {
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "t.alama")
	p, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	para := strings.Repeat("أعلن وزير الزراعة يوم الثلاثاء خطة طارئة لدعم المزارعين في المحافظات الجنوبية. ", 3)
	text := strings.TrimSpace(strings.Repeat(para+"\n\n", 8))
	if _, err := p.Import([]*annotate.Document{{Title: "خبر", Text: text, Status: annotate.StatusNew}}); err != nil {
		t.Fatal(err)
	}
	u, err := newUI(a, p, path, Options{Annotator: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	u.askAnnotator()
	if w := u.win.Canvas().Size(); w.Width < 1100 || w.Height < 700 {
		t.Fatalf("default window %v", w)
	}
	l := u.view.Layout()
	view := u.view.Size().Height - 2*theme.InnerPadding()
	tops := map[float32]bool{}
	for _, tk := range arabic.Tokenize(text) {
		if _, y := l.Point(tk.Start); y+l.LineHeight() <= view {
			tops[y] = true
		}
	}
	if len(tops) < 14 {
		t.Errorf("%d lines of text in a view %v high at line height %v, want at least 14", len(tops), view, l.LineHeight())
	}
}

package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// TestSearchLeavesTheArticleAlone searches in folded spelling (no hamza,
// no harakat), opens the hit and checks that the article is still drawn
// in its stored spelling: every text the view draws is part of the stored
// text, and the hit selected is the stored word.
func TestSearchLeavesTheArticleAlone(t *testing.T) {
	u, _ := newTestUI(t)
	u.showSearch()
	u.search.query.SetText("الحكومه") // folded: ta marbuta as heh
	u.search.run()
	if len(u.search.hits) == 0 {
		t.Fatal("no hit for the folded query")
	}
	u.search.list.Select(0)
	u.win.Canvas().Refresh(u.view)
	u.search.win.Canvas().Refresh(u.search.list)
	a, b := u.view.Selection()
	if got := string([]rune(article)[a:b]); got != "الحكومة" {
		t.Errorf("the hit selects %q, want the stored «الحكومة»", got)
	}
	if u.view.Text() != article {
		t.Fatalf("the view's text changed to %q", u.view.Text())
	}
	n := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *canvas.Text:
			n++
			if !strings.Contains(article, o.Text) {
				t.Errorf("the view draws %q, which is not in the stored text", o.Text)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		}
	}
	walk(u.view)
	if n == 0 {
		t.Fatal("the view draws no text")
	}
}

package gui

import (
	"testing"

	"alama/annotate"
)

// TestTitleRowOnlyWhenTheTextDoesNotShowIt: an article from a text file
// begins with its title, which the view then shows as its first line; the
// title row above the article is left out and its room goes to the text.
func TestTitleRowOnlyWhenTheTextDoesNotShowIt(t *testing.T) {
	u, p := newTestUI(t)
	ids, err := p.Import([]*annotate.Document{
		{Title: "عنوان الخبر", Text: "عنوان الخبر\nنص الخبر.", Status: annotate.StatusNew},
		{Title: "عنوان آخر", Text: "نص لا يبدأ بالعنوان.", Status: annotate.StatusNew},
		{Title: "عنوان", Text: "عنوانه في السطر الأول.", Status: annotate.StatusNew},
	})
	if err != nil {
		t.Fatal(err)
	}
	u.docs.reload()
	for i, want := range []string{"", "عنوان آخر", "عنوان"} {
		u.showDocument(ids[i])
		if got := u.title.Text(); got != want || u.title.Visible() != (want != "") {
			t.Errorf("document %d: title row %q (visible %v), want %q", i, got, u.title.Visible(), want)
		}
	}
}

package textview_test

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"alama/app/textview"
)

// The view shows a text with its spans; the application listens to
// selections and to the keys it uses as label shortcuts.
func Example() {
	a := test.NewApp()
	defer a.Quit()

	v := textview.New()
	v.SetText("قال المتحدث إن والقاعدة ستعمل لصالح السكان.")
	v.SetSpans([]textview.Span{
		{ID: 1, Start: 4, End: 11, Color: color.NRGBA{R: 0x1e, G: 0x6f, B: 0xe5, A: 0xff}, Label: "ACTOR"},
		{ID: 2, Start: 15, End: 16, Color: color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xff}, Label: "CONJ", Style: textview.Suggested},
	})
	v.OnSelect = func(start, end int) { fmt.Println("selected", start, end) }
	v.OnKey = func(e *fyne.KeyEvent) bool { return e.Name == fyne.Key1 }
	v.OnRune = func(r rune) bool { return r == '1' }

	w := test.NewWindow(v)
	defer w.Close()
	w.Resize(fyne.NewSize(400, 200))
	w.Canvas().Focus(v)

	v.SetSelection(4, 11)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.Key1}) // a label key: the selection stays
	fmt.Println(v.Selection())
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft}) // Left goes forward in Arabic
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	// Output:
	// 4 11
	// selected 11 11
	// selected 12 12
}

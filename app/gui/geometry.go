package gui

import (
	"encoding/json"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"alama/annotate/arabic"
)

// geometryEnv names a file to which the window writes where each word of
// the open document sits and where the article's visible area is, in
// window pixels, whenever it shows a document or redraws its annotations
// (a label tag can make a line taller).
// Tests that drive the app with a real mouse read it; users never set it.
const geometryEnv = "ALAMA_GEOMETRY"

// wordBox is one word's box in window pixels.
type wordBox struct {
	Start int     `json:"start"`
	End   int     `json:"end"`
	Text  string  `json:"text"`
	X0    float32 `json:"x0"`
	X1    float32 `json:"x1"`
	Y0    float32 `json:"y0"`
	Y1    float32 `json:"y1"`
}

// geometry is what the window writes to geometryEnv: the article view's
// visible area and the boxes of the document's words, laid out from the
// top of the text (the view scrolled to its start).
type geometry struct {
	View  [4]float32 `json:"view"` // x0, y0, x1, y1
	Words []wordBox  `json:"words"`
}

// scheduleGeometry writes the word boxes once the window has laid out the
// document again, when geometryEnv is set.
func (u *ui) scheduleGeometry() {
	path := os.Getenv(geometryEnv)
	if path == "" || u.doc == nil {
		return
	}
	id := u.doc.ID
	time.AfterFunc(300*time.Millisecond, func() {
		fyne.Do(func() {
			if u.doc != nil && u.doc.ID == id {
				if err := u.writeGeometry(path); err != nil {
					fyne.LogError("write geometry", err)
				}
			}
		})
	})
}

func (u *ui) writeGeometry(path string) error {
	l := u.view.Layout()
	scale := u.win.Canvas().Scale()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.view)
	origin := pos.AddXY(theme.InnerPadding(), theme.InnerPadding())
	size := u.view.Size()
	g := geometry{View: [4]float32{pos.X * scale, pos.Y * scale, (pos.X + size.Width) * scale, (pos.Y + size.Height) * scale}}
	for _, t := range arabic.Tokenize(u.doc.Text) {
		l.Boxes(t.Start, t.End, func(x0, x1, y float32) {
			g.Words = append(g.Words, wordBox{
				Start: t.Start, End: t.End, Text: t.Text,
				X0: (origin.X + x0) * scale, X1: (origin.X + x1) * scale,
				Y0: (origin.Y + y) * scale, Y1: (origin.Y + y + l.LineHeight()) * scale,
			})
		})
	}
	data, err := json.Marshal(g)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

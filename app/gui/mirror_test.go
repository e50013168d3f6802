package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// inLanguage makes l the UI language for the window the test opens next,
// and puts the system's back when the test ends.
func inLanguage(t *testing.T, l string) {
	t.Helper()
	// Registered before Setenv, so it runs after the variable is back.
	t.Cleanup(func() {
		if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
			t.Error(err)
		}
	})
	t.Setenv("LANGUAGE", l)
}

// box is an object's extent in the window.
type box struct{ x0, x1, y0, y1 float32 }

func boxOf(o fyne.CanvasObject) box {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := o.Size()
	return box{p.X, p.X + s.Width, p.Y, p.Y + s.Height}
}

// textBox finds the visible canvas.Text drawing s inside o.
func textBox(t *testing.T, o fyne.CanvasObject, s string) box {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if tx, ok := c.(*canvas.Text); ok && tx.Text == s && tx.Visible() {
			b := boxOf(tx)
			// A canvas.Text may be wider than its text: it draws at
			// its alignment inside its box.
			w := tx.MinSize().Width
			switch tx.Alignment {
			case fyne.TextAlignTrailing:
				b.x0 = b.x1 - w
			case fyne.TextAlignCenter:
				b.x0 += (b.x1 - b.x0 - w) / 2
				b.x1 = b.x0 + w
			default:
				b.x1 = b.x0 + w
			}
			return b
		}
	}
	t.Fatalf("no text %q drawn", s)
	return box{}
}

// leftOf fails unless a ends at or before b starts.
func leftOf(t *testing.T, what string, a, b box) {
	t.Helper()
	if a.x1 > b.x0+0.5 {
		t.Errorf("%s: %v is not left of %v", what, a, b)
	}
}

// flush fails unless text stands within a few pixels of the given side of
// its panel.
func flush(t *testing.T, what string, text, panel box, right bool) {
	t.Helper()
	const slack = 16
	if right && panel.x1-text.x1 > slack || !right && text.x0-panel.x0 > slack {
		t.Errorf("%s: text %v not flush %s in %v", what, text, map[bool]string{true: "right", false: "left"}[right], panel)
	}
}

// TestWindowMirrored opens the window in English and in Arabic: in
// Arabic the document list is on the left, the article in the middle,
// the palette and inspector on the right, and panel titles, the status
// drop-down, the hint line, the inspector's form labels and its buttons
// stand on the right; in English, on the left as before.
func TestWindowMirrored(t *testing.T) {
	for _, tc := range []struct {
		lang string
		rtl  bool
	}{{"en", false}, {"ar", true}} {
		t.Run(tc.lang, func(t *testing.T) {
			inLanguage(t, tc.lang)
			u, _ := newTestUI(t)
			if rtlUI() != tc.rtl {
				t.Fatalf("UI language %s: right to left %v", tc.lang, rtlUI())
			}
			u.win.Resize(fyne.NewSize(1200, 760))
			docs, view, pal, ins := boxOf(u.docs.box), boxOf(u.view), boxOf(u.palette.box), boxOf(u.inspector.box)
			if tc.rtl {
				leftOf(t, "document list, article", docs, view)
				leftOf(t, "article, palette", view, pal)
				leftOf(t, "article, inspector", view, ins)
			} else {
				leftOf(t, "palette, article", pal, view)
				leftOf(t, "inspector, article", ins, view)
				leftOf(t, "article, document list", view, docs)
			}
			if pal.x0 != ins.x0 || pal.y1 > ins.y0 {
				t.Errorf("palette %v is not above the inspector %v", pal, ins)
			}
			// The status drop-down starts the row under the title, the
			// document labels follow it.
			status, labels := boxOf(u.status), boxOf(u.docLabels)
			if tc.rtl {
				leftOf(t, "document labels, status", labels, status)
				flush(t, "status", status, view, true)
			} else {
				leftOf(t, "status, document labels", status, labels)
			}
			if got := u.status.Alignment; got != startAlign() {
				t.Errorf("status drop-down aligned %v", got)
			}
			// The time of the last save stands at the start of the
			// bottom line, the hint after it.
			u.saved.SetText("Saved 09:00:00")
			if tc.rtl {
				leftOf(t, "hint, saved", boxOf(u.hint), boxOf(u.saved))
			} else {
				leftOf(t, "saved, hint", boxOf(u.saved), boxOf(u.hint))
			}

			flush(t, "palette title", textBox(t, u.palette.box, tr("Labels")), pal, tc.rtl)
			flush(t, "inspector title", textBox(t, u.inspector.box, tr("Selected span")), ins, tc.rtl)
			flush(t, "inspector hint", textBox(t, u.inspector.box, tr("Click a span to inspect it.")), ins, tc.rtl)

			// A span in the inspector: its form's labels are on the
			// start side of their widgets, flush towards it.
			mark(t, u, "الحكومة", "1")
			label := findSelect(t, u.inspector.box, "ACTOR")
			name := textBox(t, u.inspector.box, tr("Label"))
			if tc.rtl {
				leftOf(t, "label drop-down, its name", boxOf(label), name)
				flush(t, "form label", name, ins, true)
			} else {
				leftOf(t, "form label, drop-down", name, boxOf(label))
			}
			if label.Alignment != startAlign() {
				t.Errorf("label drop-down aligned %v", label.Alignment)
			}
			link, del := findButton(t, u.inspector.box, tr("Link (R)")), findButton(t, u.inspector.box, tr("Delete"))
			if tc.rtl {
				leftOf(t, "Delete, Link", boxOf(del), boxOf(link))
			} else {
				leftOf(t, "Link, Delete", boxOf(link), boxOf(del))
			}
			// Each palette button's colour swatch starts its row.
			first := u.palette.buttons.Objects[0]
			sw, btn := first.(*fyne.Container).Objects[1], first.(*fyne.Container).Objects[0]
			if tc.rtl {
				leftOf(t, "palette button, swatch", boxOf(btn), boxOf(sw))
			} else {
				leftOf(t, "swatch, palette button", boxOf(sw), boxOf(btn))
			}
		})
	}
}

func findSelect(t *testing.T, o fyne.CanvasObject, selected string) *widget.Select {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if s, ok := c.(*widget.Select); ok && s.Selected == selected {
			return s
		}
	}
	t.Fatalf("no drop-down showing %q", selected)
	return nil
}

func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

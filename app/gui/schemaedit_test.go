package gui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
)

// inView reports whether o lies wholly inside the visible part of scroll s.
func inView(s fyne.CanvasObject, o fyne.CanvasObject) bool {
	a, b := boxOf(s), boxOf(o)
	return b.y0 >= a.y0-0.5 && b.y1 <= a.y1+0.5 && b.y1 > b.y0
}

// centre is the middle of o in the window.
func centre(o fyne.CanvasObject) fyne.Position {
	b := boxOf(o)
	return fyne.NewPos((b.x0+b.x1)/2, (b.y0+b.y1)/2)
}

// TestSchemaEditorWheelOverEntries turns the mouse wheel with the pointer
// over a label's name and over a guideline entry: the list scrolls, and
// goes on scrolling until "Add label" comes into view.
func TestSchemaEditorWheelOverEntries(t *testing.T) {
	u, _ := newTestUI(t)
	e := u.schemaEditor()
	c := u.win.Canvas()
	add := findButton(t, e.list, tr("Add label"))
	if inView(e.list, add) {
		t.Fatalf("Add label is in view before scrolling: the test needs a longer list")
	}
	var guideline *widget.Entry
	for _, o := range test.LaidOutObjects(e.labels.Objects[0]) {
		if en, ok := o.(*widget.Entry); ok && en.Text == u.schema.Labels[0].Description {
			guideline = en
		}
	}
	if guideline == nil {
		t.Fatal("no guideline entry in the first label's row")
	}
	for _, en := range []*widget.Entry{e.names[0], guideline} {
		at := centre(en)
		before := e.list.Offset.Y
		test.Scroll(c, at, 0, -60)
		if e.list.Offset.Y <= before {
			t.Errorf("a wheel notch over the entry %q left the list at %v", en.Text, e.list.Offset.Y)
		}
		test.Scroll(c, at, 0, 60)
	}
	// The pointer stays where it is, over one entry after another as the
	// list moves under it.
	at := centre(guideline)
	for i := 0; i < 100 && !inView(e.list, add); i++ {
		test.Scroll(c, at, 0, -60)
	}
	if !inView(e.list, add) {
		t.Errorf("Add label never came into view (list at %v)", e.list.Offset.Y)
	}
	// The catcher over the entries takes the wheel and nothing else, so
	// clicks, drags, hovering and the focus reach the entries under it.
	var catcher any = &wheelCatcher{}
	for name, ok := range map[string]bool{
		"taps":     is[fyne.Tappable](catcher),
		"presses":  is[desktop.Mouseable](catcher),
		"drags":    is[fyne.Draggable](catcher),
		"hovering": is[desktop.Hoverable](catcher),
		"focus":    is[fyne.Focusable](catcher),
		"cursor":   is[desktop.Cursorable](catcher),
	} {
		if ok {
			t.Errorf("the wheel catcher takes %s", name)
		}
	}
}

func is[T any](o any) bool {
	_, ok := o.(T)
	return ok
}

// TestSchemaEditorAddLabelInView: the row of a label just added is
// scrolled into view with its name focused.
func TestSchemaEditorAddLabelInView(t *testing.T) {
	u, _ := newTestUI(t)
	e := u.schemaEditor()
	add := findButton(t, e.list, tr("Add label"))
	for i := 0; i < 3; i++ {
		test.Tap(add)
		row := e.labels.Objects[len(e.labels.Objects)-1]
		if !inView(e.list, row) {
			t.Errorf("added label %d: its row %v is out of the list's view %v", i+1, boxOf(row), boxOf(e.list))
		}
		if f := u.win.Canvas().Focused(); f != e.names[len(e.names)-1] {
			t.Errorf("added label %d: focus on %v, not its name", i+1, f)
		}
	}
}

// bigSchema is the default schema with 24 more labels, more than the
// palette shows at once.
func bigSchema() *annotate.Schema {
	s := annotate.DefaultSchema()
	for i := range 24 {
		s.Labels = append(s.Labels, annotate.Label{Name: fmt.Sprintf("EXTRA%02d", i+1), Color: "#336699"})
	}
	return s
}

// TestSchemaEditorSave saves a changed guideline and a new label: the hint
// line says what was saved, the project has it, and the palette shows the
// new label, scrolled into view. A draft the project refuses is said in a
// dialog over the editor, which stays open with the draft.
func TestSchemaEditorSave(t *testing.T) {
	u, p := newTestUI(t)
	if err := p.SetSchema(bigSchema()); err != nil {
		t.Fatal(err)
	}
	u.schema = bigSchema()
	u.palette.refresh()
	u.palette.scroll.ScrollToTop()

	e := u.schemaEditor()
	e.s.Labels[0].Description = "Who acts."
	test.Tap(findButton(t, e.list, tr("Add label")))
	e.names[len(e.names)-1].SetText("VICTIM")
	var said []string
	e.saved = func(s string) { said = append(said, s) }
	test.Tap(findButton(t, u.win.Canvas().Overlays().Top(), tr("Save")))
	if len(said) != 1 {
		t.Fatalf("saved %d times", len(said))
	}
	want := "Schema saved: labels added: " + userText("VICTIM") + "; labels changed: " + userText("ACTOR") + "."
	if said[0] != want || u.hint.Text() != want {
		t.Errorf("saving said %q, the hint line %q; want %q", said[0], u.hint.Text(), want)
	}
	s, err := p.Schema()
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := s.Label("VICTIM"); !ok || s.Labels[0].Description != "Who acts." {
		t.Errorf("stored schema: VICTIM %v %+v, ACTOR's guideline %q", ok, l, s.Labels[0].Description)
	}
	b := u.palette.byName["VICTIM"]
	if b == nil || !inView(u.palette.scroll, b) {
		t.Errorf("the palette's VICTIM button is not in view (%v in %v)", boxOf(b), boxOf(u.palette.scroll))
	}
	if !strings.HasPrefix(u.palette.guideline.Text, "VICTIM:") {
		t.Errorf("palette guideline %q", u.palette.guideline.Text)
	}

	// Refused: two labels with one name.
	e = u.schemaEditor()
	e.s.Labels[1].Name = e.s.Labels[0].Name
	e.saved = func(s string) { t.Errorf("a refused draft said %q", s) }
	test.Tap(findButton(t, u.win.Canvas().Overlays().Top(), tr("Save")))
	overlays := u.win.Canvas().Overlays().List()
	if len(overlays) < 2 {
		t.Fatalf("%d overlays after a refused save, want the editor and the error over it", len(overlays))
	}
	if !strings.Contains(fmt.Sprint(texts(overlays[len(overlays)-1])), "ACTOR") {
		t.Errorf("the error dialog says %q", texts(overlays[len(overlays)-1]))
	}
	findButton(t, overlays[len(overlays)-2], tr("Add label"))
	if e.s.Labels[1].Name != "ACTOR" {
		t.Errorf("the draft lost its change")
	}
	if s, _ := p.Schema(); s.Labels[1].Name != "EVENT" {
		t.Errorf("the refused schema was stored")
	}
}

// texts lists the text of every label under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

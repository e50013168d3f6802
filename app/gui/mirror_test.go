package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"alama/app/textview"
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

// tree lists o and every object under it, through the renderers the
// window uses (test.LaidOutObjects makes new ones).
func tree(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			out = append(out, tree(ch)...)
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			out = append(out, tree(ch)...)
		}
	}
	return out
}

// box is an object's extent in the window.
type box struct{ x0, x1, y0, y1 float32 }

func boxOf(o fyne.CanvasObject) box {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := o.Size()
	return box{p.X, p.X + s.Width, p.Y, p.Y + s.Height}
}

// visible reports whether o and every object between root and it are
// visible.
func visible(root, o fyne.CanvasObject) bool {
	if root == o {
		return o.Visible()
	}
	if !root.Visible() {
		return false
	}
	var children []fyne.CanvasObject
	switch c := root.(type) {
	case *fyne.Container:
		children = c.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(c).Objects()
	}
	for _, ch := range children {
		if visible(ch, o) {
			return true
		}
	}
	return false
}

// textBox finds the visible canvas.Text drawing s inside o.
func textBox(t *testing.T, o fyne.CanvasObject, s string) box {
	t.Helper()
	for _, c := range tree(o) {
		if tx, ok := c.(*canvas.Text); ok && tx.Text == s && visible(o, tx) {
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
			u, p := newTestUI(t)
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

			// The document labels: each box on the start side of its
			// name, the first option at the start; a tap on a name
			// ticks it.
			if len(u.docLabels.Options) < 2 {
				t.Fatalf("document labels %v", u.docLabels.Options)
			}
			opt0, opt1 := u.docLabels.Options[0], u.docLabels.Options[1]
			if tc.rtl {
				if len(u.docLabels.boxes) != len(u.docLabels.Options) {
					t.Fatalf("%d boxes drawn for %d document labels", len(u.docLabels.boxes), len(u.docLabels.Options))
				}
				box0 := boxOf(u.docLabels.boxes[0])
				name0 := textBox(t, u.docLabels, opt0)
				leftOf(t, "first document label's name, its box", name0, box0)
				leftOf(t, "second document label, first", textBox(t, u.docLabels, opt1), name0)
				for _, c := range tree(u.docLabels) {
					if l, ok := c.(*tapLabel); ok && l.Text == opt1 {
						test.Tap(l)
					}
				}
				if got := stored(t, p, u.doc.ID).DocLabels; len(got) != 1 || got[0] != opt1 {
					t.Errorf("after tapping %q: document labels %v", opt1, got)
				}
				if !u.docLabels.boxes[1].Checked || u.docLabels.boxes[0].Checked {
					t.Error("the boxes do not show the document's labels")
				}
			} else {
				leftOf(t, "first document label, second", textBox(t, u.docLabels, opt0), textBox(t, u.docLabels, opt1))
			}

			// The filter's placeholder stands at the start of the entry,
			// and goes when a filter is typed.
			entry := boxOf(u.docs.query)
			hint := textBox(t, u.docs.box, tr("Filter titles"))
			flush(t, "filter placeholder", hint, entry, tc.rtl)
			u.docs.query.SetText("x")
			for _, c := range tree(u.docs.box) {
				if tx, ok := c.(*canvas.Text); ok && tx.Text == tr("Filter titles") && visible(u.docs.box, tx) {
					t.Error("the placeholder stays over a typed filter")
				}
			}
			u.docs.query.SetText("")

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
			link, del := findText(t, u.inspector.box, tr("Link (R)")), findButton(t, u.inspector.box, tr("Delete"))
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
	for _, c := range tree(o) {
		if s, ok := c.(*widget.Select); ok && s.Selected == selected {
			return s
		}
	}
	t.Fatalf("no drop-down showing %q", selected)
	return nil
}

// findText finds the button showing text, or in Arabic the label drawing
// a button's text (textButton); in Arabic the label must draw it in
// reading order, right to left.
func findText(t *testing.T, o fyne.CanvasObject, text string) fyne.CanvasObject {
	t.Helper()
	for _, c := range tree(o) {
		switch w := c.(type) {
		case *widget.Button:
			if w.Text == text {
				return w
			}
		case *textview.Label:
			if w.Text() == text {
				if w.Direction != textview.RTL {
					t.Errorf("%q drawn in direction %v", text, w.Direction)
				}
				return w
			}
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, c := range tree(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// drawn is the extent of the visible texts drawn inside o.
func drawn(o fyne.CanvasObject) (b box, ok bool) {
	for _, c := range tree(o) {
		tx, isText := c.(*canvas.Text)
		if !isText || !tx.Visible() || tx.Text == "" {
			continue
		}
		t := boxOf(tx)
		if !ok {
			b, ok = t, true
			continue
		}
		b.x0, b.x1 = min(b.x0, t.x0), max(b.x1, t.x1)
		b.y0, b.y1 = min(b.y0, t.y0), max(b.y1, t.y1)
	}
	return b, ok
}

// TestMenuBarMirrored checks the Arabic window's own menu bar: titles
// from the right edge in the menus' order, a menu opening under its
// title with names flush right, check marks on their right, shortcuts
// and submenu arrows on their left, submenus opening to the left; items
// and their shortcuts run their actions, and Escape closes the menus. The
// English window keeps Fyne's main menu.
func TestMenuBarMirrored(t *testing.T) {
	t.Run("en", func(t *testing.T) {
		inLanguage(t, "en")
		u, _ := newTestUI(t)
		if u.menuBar != nil || u.win.MainMenu() != u.menu {
			t.Fatalf("English window: own bar %v, main menu set %v", u.menuBar != nil, u.win.MainMenu() != nil)
		}
	})
	inLanguage(t, "ar")
	u, _ := newTestUI(t)
	u.win.Resize(fyne.NewSize(1200, 760))
	if u.menuBar == nil || u.win.MainMenu() != nil {
		t.Fatalf("Arabic window: own bar %v, Fyne's main menu %v", u.menuBar != nil, u.win.MainMenu())
	}
	win := boxOf(u.win.Content())
	titles := u.menuBar.titles
	if len(titles) != len(u.menu.Items) {
		t.Fatalf("%d titles for %d menus", len(titles), len(u.menu.Items))
	}
	if first := boxOf(titles[0]); win.x1-first.x1 > 8 {
		t.Errorf("first title %v is not at the right edge of %v", first, win)
	}
	for i := 1; i < len(titles); i++ {
		leftOf(t, "title "+u.menu.Items[i].Label, boxOf(titles[i]), boxOf(titles[i-1]))
	}
	if view := boxOf(u.view); view.y0 < boxOf(titles[0]).y1 {
		t.Errorf("the bar %v overlaps the article %v", boxOf(titles[0]), view)
	}

	// The View menu: under its title, right-aligned with it.
	viewMenu := 2
	if u.menu.Items[viewMenu].Label != tr("View") {
		t.Fatalf("menu 2 is %q", u.menu.Items[viewMenu].Label)
	}
	test.Tap(titles[viewMenu])
	if u.menuBar.overlay == nil || u.win.Canvas().Overlays().Top() != u.menuBar.overlay {
		t.Fatal("the View menu did not open")
	}
	levels := u.menuBar.overlay.levels.Objects
	menu, title := boxOf(levels[0]), boxOf(titles[viewMenu])
	if menu.y0 < title.y1-4 || menu.x1 < title.x1-4 || menu.x1 > title.x1+4 {
		t.Errorf("menu %v not under the right edge of its title %v", menu, title)
	}
	rows := map[string]*menuRow{}
	for _, c := range tree(levels[0]) {
		if r, ok := c.(*menuRow); ok {
			rows[r.item.Label] = r
		}
	}
	for _, it := range u.menu.Items[viewMenu].Items {
		if it.IsSeparator {
			continue
		}
		r := rows[it.Label]
		if r == nil {
			t.Fatalf("no row for %q", it.Label)
		}
		name, ok := drawn(r.name)
		if !ok {
			t.Fatalf("%q: no name drawn", it.Label)
		}
		check := boxOf(r.check)
		flush(t, it.Label+": check mark", check, menu, true)
		flush(t, it.Label, name, box{menu.x0, check.x0, menu.y0, menu.y1}, true)
		leftOf(t, it.Label+": name, check mark", name, check)
		if (r.end != nil) != (it.Shortcut != nil || it.ChildMenu != nil) {
			t.Errorf("%q: shortcut or arrow drawn %v", it.Label, r.end != nil)
		}
		if r.end != nil {
			leftOf(t, it.Label+": shortcut or arrow, name", boxOf(r.end), name)
		}
	}
	// A check mark is drawn for the checked items only.
	labels := rows[tr("Show label names")]
	if !labels.item.Checked || labels.check.Resource == nil || rows[tr("Zoom in")].check.Resource != nil {
		t.Errorf("check marks: checked item %v, unchecked item %v", labels.check.Resource, rows[tr("Zoom in")].check.Resource)
	}

	// A submenu opens to the left of its item.
	theme := rows[tr("Theme")]
	test.Tap(theme)
	if n := len(u.menuBar.overlay.levels.Objects); n != 2 {
		t.Fatalf("%d menus open after tapping Theme", n)
	}
	leftOf(t, "Theme submenu, its item", boxOf(u.menuBar.overlay.levels.Objects[1]), boxOf(theme))

	// Choosing an item closes the menus and runs it.
	test.Tap(labels)
	if u.menuBar.overlay != nil || u.win.Canvas().Overlays().Top() != nil {
		t.Error("the menus stay open after choosing an item")
	}
	if labels.item.Checked || u.app.Preferences().BoolWithFallback(prefLabels, true) {
		t.Error("Show label names did not run")
	}

	// Escape closes an open menu.
	test.Tap(titles[0])
	u.windowKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.menuBar.overlay != nil || u.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape left the menu open")
	}

	// Menu shortcuts work from the article and with nothing focused.
	zoomIn := &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault}
	z := u.zoom
	u.win.Canvas().Focus(u.view)
	u.view.TypedShortcut(zoomIn)
	if u.zoom <= z {
		t.Errorf("Ctrl+= in the article: zoom %v, was %v", u.zoom, z)
	}
	z = u.zoom
	u.win.Canvas().Unfocus()
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(zoomIn)
	if u.zoom <= z {
		t.Errorf("Ctrl+= with nothing focused: zoom %v, was %v", u.zoom, z)
	}
}

// TestSearchWindowMirrored: in Arabic the search window's button is on
// the left of the query, its placeholder and check boxes on the right; in
// English as Fyne lays them out.
func TestSearchWindowMirrored(t *testing.T) {
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			inLanguage(t, l)
			u, _ := newTestUI(t)
			u.showSearch()
			p := u.search
			p.win.Resize(fyne.NewSize(760, 520))
			content := p.win.Content()
			query, button := boxOf(p.query), boxOf(findButton(t, content, tr("Search")))
			whole := textBox(t, content, tr("Whole words (clitics allowed)"))
			flush(t, "placeholder", textBox(t, content, tr("Search all documents (أحمد finds أحمدَ, احمد, وأحمد)")), query, rtlUI())
			if rtlUI() {
				leftOf(t, "button, query", button, query)
				leftOf(t, "whole words: text, box", whole, boxOf(p.words))
				flush(t, "whole words", boxOf(p.words), boxOf(content), true)
				// A tap on the text toggles the box.
				was := p.words.Checked
				for _, c := range tree(content) {
					if n, ok := c.(*tapLabel); ok && n.Text == tr("Whole words (clitics allowed)") {
						test.Tap(n)
					}
				}
				if p.words.Checked == was {
					t.Error("tapping the text left the box as it was")
				}
			} else {
				leftOf(t, "query, button", query, button)
				if p.words.Text != tr("Whole words (clitics allowed)") {
					t.Errorf("English check box text %q", p.words.Text)
				}
			}
		})
	}
}

// TestMenuBarKeys drives the Arabic window's own menu bar with the
// keyboard: F10 from the article opens the first menu, Down and Up step
// through its items, Left goes to the next menu (or opens a submenu),
// Right back, Enter runs an item and Escape closes a menu.
func TestMenuBarKeys(t *testing.T) {
	inLanguage(t, "ar")
	u, _ := newTestUI(t)
	b := u.menuBar
	active := func() *menuRow {
		t.Helper()
		if b.overlay == nil || len(b.rows) == 0 {
			t.Fatal("no menu open")
		}
		d := len(b.rows) - 1
		if b.active[d] < 0 {
			t.Fatal("no item highlighted")
		}
		r := b.rows[d][b.active[d]]
		if !r.bg.Visible() {
			t.Errorf("%q highlighted but not drawn so", r.item.Label)
		}
		return r
	}
	u.win.Canvas().Focus(u.view)
	press(u.win, fyne.KeyF10)
	if b.shown != 0 || active().item.Label != tr("New project…") {
		t.Fatalf("F10 opened menu %d at %q", b.shown, active().item.Label)
	}
	press(u.win, fyne.KeyDown)
	if got := active().item.Label; got != tr("Open project…") {
		t.Errorf("Down: %q", got)
	}
	press(u.win, fyne.KeyUp)
	press(u.win, fyne.KeyUp) // round to the last item
	if got := active().item.Label; got != tr("Quit") {
		t.Errorf("Up twice from the first item: %q", got)
	}
	press(u.win, fyne.KeyLeft)
	press(u.win, fyne.KeyLeft)
	if b.shown != 2 {
		t.Fatalf("Left twice from the File menu opened menu %d", b.shown)
	}
	press(u.win, fyne.KeyRight)
	press(u.win, fyne.KeyLeft)
	for range 10 {
		if active().item.Label == tr("Theme") {
			break
		}
		press(u.win, fyne.KeyDown)
	}
	press(u.win, fyne.KeyLeft)
	if len(b.rows) != 2 || active().item.Label != tr("System") {
		t.Fatalf("Left on Theme: %d menus open", len(b.rows))
	}
	press(u.win, fyne.KeyRight)
	if len(b.rows) != 1 || active().item.Label != tr("Theme") {
		t.Fatalf("Right in the Theme submenu: %d menus open", len(b.rows))
	}
	press(u.win, fyne.KeyUp)
	if got := active().item.Label; got != tr("Show label names") {
		t.Fatalf("the item above Theme: %q", got)
	}
	press(u.win, fyne.KeyReturn)
	if b.overlay != nil || u.app.Preferences().BoolWithFallback(prefLabels, true) {
		t.Error("Enter on Show label names: the menu stays open or the item did not run")
	}
	if u.win.Canvas().Focused() != u.view {
		t.Error("the article did not get the focus back")
	}
	press(u.win, fyne.KeyF10)
	press(u.win, fyne.KeyEscape)
	if b.overlay != nil {
		t.Error("Escape left the menu open")
	}
}

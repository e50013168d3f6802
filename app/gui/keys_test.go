package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
)

// press gives a key to a window as the driver does: to the focused
// widget, else to the window's own handler.
func press(w fyne.Window, k fyne.KeyName) {
	c := w.Canvas()
	ev := &fyne.KeyEvent{Name: k}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// TestCtrlShiftArrowMovesSpanStart resizes a selected span from its start
// with Ctrl+Shift+arrows, which reach the view as shortcuts: the span
// stays selected and grows by a whole word, then shrinks back.
func TestCtrlShiftArrowMovesSpanStart(t *testing.T) {
	u, p := newTestUI(t)
	mark(t, u, "الحكومة", "1")
	id := u.selected
	s, e := word(t, "الحكومة")
	in, _ := word(t, "إن")
	ctrlShift := fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
	u.view.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: ctrlShift})
	sp, _ := stored(t, p, u.doc.ID).Span(id)
	if sp.Start != in || sp.End != e || u.selected != id {
		t.Fatalf("after Ctrl+Shift+Right: span [%d,%d), selected %d; want [%d,%d) still selected", sp.Start, sp.End, u.selected, in, e)
	}
	if a, b := u.view.Selection(); a != in || b != e {
		t.Errorf("view selects [%d,%d), want the span", a, b)
	}
	u.view.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: ctrlShift})
	if sp, _ := stored(t, p, u.doc.ID).Span(id); sp.Start != s || sp.End != e {
		t.Errorf("after Ctrl+Shift+Left: span [%d,%d), want [%d,%d)", sp.Start, sp.End, s, e)
	}
}

// TestEscapeAndEnterClose closes the shortcut sheet and a dialog with
// Escape, the result of an import with Enter, and the search window with
// Escape; Escape on a selected span deselects it.
func TestEscapeAndEnterClose(t *testing.T) {
	u, _ := newTestUI(t)
	c := u.win.Canvas()
	u.showShortcuts()
	if c.Overlays().Top() == nil {
		t.Fatal("the shortcut sheet is not shown")
	}
	press(u.win, fyne.KeyEscape)
	if c.Overlays().Top() != nil {
		t.Error("Escape left the shortcut sheet open")
	}
	dialog.ShowInformation("Import finished", "1 document added", u.win)
	press(u.win, fyne.KeyEscape)
	if c.Overlays().Top() != nil {
		t.Error("Escape left a dialog open")
	}
	u.showResult(dialog.NewInformation("Import finished", "1 document added", u.win))
	press(u.win, fyne.KeyReturn)
	if c.Overlays().Top() != nil || u.result != nil {
		t.Error("Enter left the import result open")
	}

	u.showSearch()
	press(u.search.win, fyne.KeyEscape)
	if u.search != nil {
		t.Error("Escape left the search window open")
	}

	mark(t, u, "الحكومة", "1")
	c.Focus(u.view)
	press(u.win, fyne.KeyEscape)
	if a, b := u.view.Selection(); u.selected != 0 || a != b {
		t.Errorf("Escape left span %d selected, selection [%d,%d)", u.selected, a, b)
	}
}

// TestQuitClosesEveryWindow quits with the search window open: no window
// is left.
func TestQuitClosesEveryWindow(t *testing.T) {
	u, _ := newTestUI(t)
	u.showSearch()
	if n := len(fyne.CurrentApp().Driver().AllWindows()); n < 2 {
		t.Fatalf("%d windows open", n)
	}
	// The query has the focus, as it does when the window opens.
	u.search.query.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault})
	if n := len(fyne.CurrentApp().Driver().AllWindows()); n != 0 {
		t.Errorf("%d windows left after Ctrl+Q in the search window", n)
	}
}

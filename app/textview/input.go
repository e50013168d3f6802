package textview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// point turns a position on the body into layout coordinates.
func (v *View) point(p fyne.Position) (float32, float32) {
	return p.X - v.padding(), p.Y - v.padding()
}

// cellAt returns the grapheme under p, or the nearest one on its line;
// on an empty line, the line's offset twice.
func (v *View) cellAt(p fyne.Position) (int, int) {
	l := v.currentLayout()
	x, y := v.point(p)
	a, b, ok := l.Cell(x, y)
	if !ok {
		c := l.Offset(x, y)
		return c, c
	}
	return a, b
}

// spanAt returns the index of the span whose label tag is under p, else
// of the innermost span over p, or -1.
func (v *View) spanAt(p fyne.Position) int {
	if i := v.tagAt(p); i >= 0 {
		return i
	}
	a, b := v.cellAt(p)
	if a == b {
		return -1
	}
	best := -1
	for i, s := range v.spans {
		if s.Start <= a && b <= s.End && (best < 0 || s.End-s.Start < v.spans[best].End-v.spans[best].Start) {
			best = i
		}
	}
	return best
}

// selectCells selects from the grapheme [a0, b0) where the press was to
// the grapheme [a1, b1), whichever comes first, with the anchor on the
// press side. Without letters, Selection snaps the range to whole words.
func (v *View) selectCells(a0, b0, a1, b1 int, letters bool) {
	if a1 < a0 {
		v.anchor, v.caret = b0, a1
	} else {
		v.anchor, v.caret = a0, max(b1, b0)
	}
	v.letters = letters
	v.body.Refresh()
}

// notify reports the selection to OnSelect.
func (v *View) notify() {
	if v.OnSelect != nil {
		a, b := v.Selection()
		v.OnSelect(a, b)
	}
}

// requestFocus gives the view the keyboard focus.
func (v *View) requestFocus() {
	if c := v.canvas(); c != nil {
		c.Focus(v)
	}
}

// MouseDown starts a selection at the pointer: by word, by letter with Alt,
// extending the current selection with Shift. The modifiers are the
// event's own: a key released while the view did not have the focus
// (Alt taken by the menu bar, say) never turns word snapping off.
func (b *body) MouseDown(e *desktop.MouseEvent) {
	v := b.v
	if e.Button != desktop.MouseButtonPrimary {
		return
	}
	v.requestFocus()
	v.pressMods = e.Modifier
	v.pressed = true
	letters := v.pressMods&fyne.KeyModifierAlt != 0
	a, z := v.cellAt(e.Position)
	if v.pressMods&fyne.KeyModifierShift != 0 {
		v.pressUnit = [2]int{v.anchor, v.anchor}
		v.selectCells(v.pressUnit[0], v.pressUnit[1], a, z, letters)
		return
	}
	v.pressUnit = [2]int{a, z}
}

// MouseUp ends the press.
func (b *body) MouseUp(*desktop.MouseEvent) { b.v.pressed = false }

// Dragged extends the selection from the press point to the pointer.
func (b *body) Dragged(e *fyne.DragEvent) {
	v := b.v
	if !v.pressed {
		// No MouseDown came first (touch, or a synthetic drag): the drag
		// started where the pointer was before this move.
		start := e.Position.Subtract(e.Dragged)
		v.pressMods = heldModifiers()
		a, z := v.cellAt(start)
		v.pressUnit = [2]int{a, z}
		v.pressed = true
	}
	a, z := v.cellAt(e.Position)
	v.selectCells(v.pressUnit[0], v.pressUnit[1], a, z, v.pressMods&fyne.KeyModifierAlt != 0)
	// Dragging past the top or bottom edge scrolls a line at a time.
	lh := v.currentLayout().LineHeight()
	switch off := v.scroll.Offset.Y; {
	case e.Position.Y < off:
		v.scroll.ScrollToOffset(fyne.NewPos(0, max(0, off-lh)))
		v.body.Refresh()
	case e.Position.Y > off+v.scroll.Size().Height:
		v.scroll.ScrollToOffset(fyne.NewPos(0, off+lh))
		v.body.Refresh()
	}
}

// DragEnd reports the finished selection.
func (b *body) DragEnd() {
	b.v.pressed = false
	b.v.notify()
	if b.v.pressMods&fyne.KeyModifierAlt != 0 {
		b.v.afterAltDrag()
	}
}

// Tapped places the caret, or with Shift extends the selection; a tap on a
// span then reports the span. A second tap soon after the first, at the
// same place, selects the word instead. The view counts the taps itself:
// a widget that is fyne.DoubleTappable gets every single tap only after
// the double-tap delay, which would hold back each click on a span.
func (b *body) Tapped(e *fyne.PointEvent) {
	v := b.v
	v.pressed = false
	shift := v.pressMods&fyne.KeyModifierShift != 0
	v.pressMods = 0
	if shift {
		v.notify()
		return
	}
	now := v.now()
	if d := e.Position.Subtract(v.lastTapAt); now.Sub(v.lastTap) <= doubleTapDelay() && d.X*d.X+d.Y*d.Y <= 25 {
		v.lastTap = time.Time{}
		v.selectWordAt(e.Position)
		return
	}
	v.lastTap, v.lastTapAt = now, e.Position
	x, y := v.point(e.Position)
	c := v.currentLayout().Offset(x, y)
	v.anchor, v.caret = c, c
	v.body.Refresh()
	v.notify()
	// Last, so that a selection the application makes for the span stays.
	if i := v.spanAt(e.Position); i >= 0 && v.OnSpanTapped != nil {
		v.OnSpanTapped(v.spans[i].ID)
	}
}

// doubleTapDelay is the longest pause between the taps of a double tap.
func doubleTapDelay() time.Duration {
	if a := fyne.CurrentApp(); a != nil {
		return a.Driver().DoubleTapDelay()
	}
	return 300 * time.Millisecond
}

// selectWordAt selects the word at p; on white space it selects nothing.
func (v *View) selectWordAt(p fyne.Position) {
	a, z := v.currentLayout().snapWords(v.cellAt(p))
	if a == z {
		return
	}
	v.anchor, v.caret, v.letters = a, z, false
	v.body.Refresh()
	v.notify()
}

// heldModifiers returns the modifier keys the driver reports held now.
func heldModifiers() fyne.KeyModifier {
	if a := fyne.CurrentApp(); a != nil {
		if d, ok := a.Driver().(desktop.Driver); ok {
			return d.CurrentKeyModifiers()
		}
	}
	return 0
}

// MouseIn is part of desktop.Hoverable.
func (b *body) MouseIn(e *desktop.MouseEvent) { b.MouseMoved(e) }

// MouseMoved shows the label of the span under the pointer.
func (b *body) MouseMoved(e *desktop.MouseEvent) {
	v := b.v
	if h := v.spanAt(e.Position); h != v.hover {
		v.hover = h
		b.Refresh()
	}
}

// MouseOut is part of desktop.Hoverable.
func (b *body) MouseOut() {
	if b.v.hover >= 0 {
		b.v.hover = -1
		b.Refresh()
	}
}

// FocusGained is part of fyne.Focusable.
func (v *View) FocusGained() {
	v.focused = true
	v.body.Refresh()
}

// FocusLost is part of fyne.Focusable.
func (v *View) FocusLost() {
	v.focused = false
	v.mods = 0
	v.body.Refresh()
}

// afterAltDrag keeps the menu bar shut when Alt, held for selecting
// letters, is released. Fyne's driver opens the menu when Alt is pressed
// and released with no other key between, mouse or not, and the menu
// then takes the next label key; the view neither sees that release nor
// loses the focus, so it watches the modifiers the driver reports until
// Alt is up, and closes the menu if it opened.
func (v *View) afterAltDrag() {
	c := v.canvas()
	m, ok := c.(interface{ DismissMenu() bool })
	if !ok {
		return
	}
	go func() {
		for range altWatch / altPoll {
			time.Sleep(altPoll)
			up := false
			fyne.DoAndWait(func() {
				if heldModifiers()&fyne.KeyModifierAlt != 0 {
					return
				}
				up = true
				if m.DismissMenu() {
					c.Focus(v)
				}
			})
			if up {
				return
			}
		}
	}()
}

// altPoll is how often, and altWatch how long, the view looks for the
// release of Alt after an Alt-drag.
const (
	altPoll  = 15 * time.Millisecond
	altWatch = 30 * time.Second
)

// KeyDown tracks the modifier keys.
func (v *View) KeyDown(e *fyne.KeyEvent) {
	v.mods |= modifierOf(e.Name)
}

// KeyUp tracks the modifier keys.
func (v *View) KeyUp(e *fyne.KeyEvent) {
	v.mods &^= modifierOf(e.Name)
}

func modifierOf(k fyne.KeyName) fyne.KeyModifier {
	switch k {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		return fyne.KeyModifierShift
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		return fyne.KeyModifierAlt
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		return fyne.KeyModifierControl
	case desktop.KeySuperLeft, desktop.KeySuperRight:
		return fyne.KeyModifierSuper
	}
	return 0
}

// AcceptsTab keeps Tab in the view, where OnKey can use it (to step
// between spans, say) instead of moving the focus away.
func (v *View) AcceptsTab() bool { return v.OnKey != nil }

// TypedRune passes characters to OnRune; the view itself types nothing.
// Characters OnRune does not consume go on to the window's OnTypedRune.
func (v *View) TypedRune(r rune) {
	if v.OnRune != nil && v.OnRune(r) {
		return
	}
	if c := v.canvas(); c != nil && c.OnTypedRune() != nil {
		c.OnTypedRune()(r)
	}
}

// canvas returns the canvas the view is on, or nil.
func (v *View) canvas() fyne.Canvas {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	return a.Driver().CanvasForObject(v)
}

// TypedKey moves the caret: arrows in logical order (Left goes forward in a
// right-to-left paragraph), Up and Down by line, Page Up and Page Down by
// screen, Home and End to the ends of the line (of the text with Ctrl);
// Shift extends the selection. Keys OnKey consumes are left alone; keys the
// view has no use for go on to the window's OnTypedKey, which Fyne does
// not call while a widget has the focus.
func (v *View) TypedKey(e *fyne.KeyEvent) {
	if v.OnKey != nil && v.OnKey(e) {
		return
	}
	if v.move(e.Name, v.mods) {
		return
	}
	if c := v.canvas(); c != nil && c.OnTypedKey() != nil {
		c.OnTypedKey()(e)
	}
}

// TypedShortcut handles Ctrl/Alt+arrows (by word, Shift extending),
// Select All and Copy. Shortcuts OnShortcut consumes are left alone, and
// those the view has no use for go on to the window's shortcuts, which
// Fyne does not reach while a widget that takes shortcuts has the focus.
func (v *View) TypedShortcut(s fyne.Shortcut) {
	if v.OnShortcut != nil && v.OnShortcut(s) {
		return
	}
	switch s := s.(type) {
	case *desktop.CustomShortcut:
		if s.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) != 0 && v.move(s.KeyName, s.Modifier) {
			return
		}
	case *fyne.ShortcutSelectAll:
		v.anchor, v.caret, v.letters = 0, v.n, false
		v.body.Refresh()
		v.notify()
		return
	case *fyne.ShortcutCopy:
		if a, b := v.Selection(); a < b && s.Clipboard != nil {
			s.Clipboard.SetContent(string([]rune(v.text)[a:b]))
		}
		return
	}
	if c, ok := v.canvas().(fyne.Shortcutable); ok {
		c.TypedShortcut(s)
	}
}

// move handles one navigation key with the given modifiers and reports
// whether k was one. Left and Right go by grapheme, by word with Ctrl (or
// Super). With Shift they extend the selection by whole words, by
// grapheme with Alt.
func (v *View) move(k fyne.KeyName, mods fyne.KeyModifier) bool {
	l := v.currentLayout()
	shift := mods&fyne.KeyModifierShift != 0
	letters := mods&fyne.KeyModifierAlt != 0
	byWord := mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 || shift && !letters
	if shift && !v.letters {
		v.settle() // go on from the edges the user sees
	}
	c := v.caret
	rtl := l.lines[l.lineOf(c)].rtl
	switch k {
	case fyne.KeyLeft, fyne.KeyRight:
		forward := (k == fyne.KeyRight) != rtl
		a, b := v.Selection()
		switch {
		case a != b && !shift && forward:
			c = b // a selection collapses to its edge on that side
		case a != b && !shift:
			c = a
		case byWord:
			c = l.stepWord(c, forward)
		default:
			c = l.step(c, forward)
		}
	case fyne.KeyHome:
		c = l.lines[l.lineOf(c)].start
		if mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
			c = 0 // Ctrl+Home: the start of the text
		}
	case fyne.KeyEnd:
		c = l.lines[l.lineOf(c)].end
		if mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
			c = l.n
		}
	case fyne.KeyUp, fyne.KeyDown:
		// To the line above or below, whatever its height.
		x, y := l.Point(c)
		li := l.lineAt(y)
		if k == fyne.KeyUp {
			li = max(li-1, 0)
		} else {
			li = min(li+1, len(l.lines)-1)
		}
		c = l.Offset(x, l.lines[li].y)
	case fyne.KeyPageUp, fyne.KeyPageDown:
		x, y := l.Point(c)
		dy := max(l.LineHeight(), v.scroll.Size().Height-l.LineHeight())
		if k == fyne.KeyPageUp {
			dy = -dy
		}
		c = l.Offset(x, max(0, min(y+dy, l.Height()-1)))
	default:
		return false
	}
	if !shift {
		v.anchor = c
	}
	v.caret = c
	v.letters = letters
	v.ScrollToOffset(c)
	v.body.Refresh()
	v.notify()
	return true
}

// settle moves anchor and caret onto the edges of the selection shown.
func (v *View) settle() {
	a, b := v.Selection()
	switch {
	case a == b:
		v.anchor = v.caret
	case v.caret >= v.anchor:
		v.anchor, v.caret = a, b
	default:
		v.anchor, v.caret = b, a
	}
}

// step moves cp one grapheme forward or back in logical order.
func (l *Layout) step(c int, forward bool) int {
	if forward {
		c++
		for c < l.n && !l.boundary[c] {
			c++
		}
		return min(c, l.n)
	}
	c--
	for c > 0 && !l.boundary[c] {
		c--
	}
	return max(c, 0)
}

var (
	_ fyne.Focusable    = (*View)(nil)
	_ fyne.Shortcutable = (*View)(nil)
	_ desktop.Keyable   = (*View)(nil)
	_ fyne.Tappable     = (*body)(nil)
	_ fyne.Draggable    = (*body)(nil)
	_ desktop.Mouseable = (*body)(nil)
	_ desktop.Hoverable = (*body)(nil)
	_ fyne.Scrollable   = (*body)(nil)
)

// wheelNotch is how far Fyne's desktop driver says one notch of a mouse
// wheel scrolls (it reports 25 units a notch on Linux and Windows).
const wheelNotch = 25

// linesPerNotch is how many lines one notch of the wheel scrolls.
const linesPerNotch = 3

// Scrolled scrolls the text by about three lines a wheel notch, where the
// scroll container alone would move 25 units.
func (b *body) Scrolled(e *fyne.ScrollEvent) {
	v := b.v
	ev := *e
	ev.Scrolled.DY = e.Scrolled.DY / wheelNotch * linesPerNotch * v.currentLayout().LineHeight()
	v.scroll.Scrolled(&ev)
}

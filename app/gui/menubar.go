package gui

import (
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"alama/app/textview"
)

// ownMenuBar reports whether the window draws its menu bar itself. Fyne
// draws a window's main menu from the left with items aligned left, and
// offers no way to mirror it, so in a right-to-left UI the window shows
// the same menus in a bar of its own (menuBar). macOS shows the main menu
// in the system's menu bar, which follows the system's language.
func ownMenuBar() bool { return rtlUI() && runtime.GOOS != "darwin" }

// menuBar shows a fyne.MainMenu as a row of titles from the right edge of
// the window, each opening its menu under it, right-aligned: item names on
// the right, check marks on their right, shortcuts and submenu arrows on
// the left, submenus opening to the left. While a menu is open, pointing
// at another title opens its menu.
type menuBar struct {
	menu    *fyne.MainMenu
	canvas  fyne.Canvas
	titles  []*menuTitle
	box     *fyne.Container
	overlay *menuOverlay // nil when no menu is open
	shown   int          // the index of the open menu's title
	rows    [][]*menuRow // the rows of each open menu, outermost first
	active  []int        // the highlighted row of each open menu, -1 for none
	// closed runs when the menus close, before a chosen item's action.
	closed func()
}

func newMenuBar(m *fyne.MainMenu, c fyne.Canvas) *menuBar {
	b := &menuBar{menu: m, canvas: c}
	titles := make([]fyne.CanvasObject, len(m.Items))
	for i := range m.Items {
		t := &menuTitle{bar: b, index: i, text: canvas.NewText(m.Items[i].Label, theme.Color(theme.ColorNameForeground))}
		t.bg = canvas.NewRectangle(theme.Color(theme.ColorNameHover))
		t.bg.CornerRadius = theme.SelectionRadiusSize()
		t.bg.Hide()
		t.ExtendBaseWidget(t)
		b.titles = append(b.titles, t)
		titles[i] = t
	}
	b.box = container.New(layout.NewCustomPaddedVBoxLayout(0), row(titles...), widget.NewSeparator())
	return b
}

// menuTitle is a menu's title in a menuBar, highlighted while its menu is
// open or the pointer is on it.
type menuTitle struct {
	widget.BaseWidget
	bar     *menuBar
	index   int
	text    *canvas.Text
	bg      *canvas.Rectangle
	hovered bool
}

var (
	_ fyne.Tappable     = (*menuTitle)(nil)
	_ desktop.Hoverable = (*menuTitle)(nil)
)

func (t *menuTitle) CreateRenderer() fyne.WidgetRenderer {
	// Padded as Fyne pads its menu bar's titles, so the bar is as high.
	pad := theme.InnerPadding()
	return widget.NewSimpleRenderer(container.NewStack(t.bg,
		container.New(layout.NewCustomPaddedLayout(pad/2, pad/2, pad, pad), t.text)))
}

// Refresh highlights the title while its menu is open or pointed at.
func (t *menuTitle) Refresh() {
	t.bg.FillColor = theme.Color(theme.ColorNameHover)
	t.text.Color = theme.Color(theme.ColorNameForeground)
	t.text.TextSize = theme.TextSize()
	t.bg.Hidden = !t.hovered && (t.bar.overlay == nil || t.bar.shown != t.index)
	t.BaseWidget.Refresh()
}

func (t *menuTitle) Tapped(*fyne.PointEvent) { t.bar.show(t.index) }

func (t *menuTitle) MouseIn(*desktop.MouseEvent) {
	t.hovered = true
	t.Refresh()
}

func (t *menuTitle) MouseMoved(*desktop.MouseEvent) {}

func (t *menuTitle) MouseOut() {
	t.hovered = false
	t.Refresh()
}

// show opens the i-th menu under its title, replacing any menu open.
func (b *menuBar) show(i int) {
	b.close(0)
	title := b.titles[i]
	o := &menuOverlay{bar: b, levels: container.NewWithoutLayout()}
	o.ExtendBaseWidget(o)
	b.overlay, b.shown = o, i
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(title)
	lv := b.level(b.menu.Items[i], 0)
	// Right-aligned with its title's right edge, as far as the window
	// allows.
	x := max(pos.X+title.Size().Width-lv.Size().Width, 0)
	lv.Move(fyne.NewPos(x, pos.Y+title.Size().Height))
	o.Resize(b.canvas.Size())
	b.canvas.Overlays().Add(o)
	title.Refresh()
	// Keys go to the window while a menu is open, so Escape closes it.
	b.canvas.Unfocus()
}

// level adds the box of menu, opened at depth (0 for a title's menu), to
// the open menus, in place of any at that depth or deeper.
func (b *menuBar) level(menu *fyne.Menu, depth int) fyne.CanvasObject {
	o := b.overlay
	o.levels.Objects = o.levels.Objects[:min(depth, len(o.levels.Objects))]
	b.rows, b.active = b.rows[:min(depth, len(b.rows))], b.active[:min(depth, len(b.active))]
	rows := container.NewVBox()
	var level []*menuRow
	for _, it := range menu.Items {
		if it.IsSeparator {
			rows.Add(widget.NewSeparator())
			continue
		}
		r := newMenuRow(b, it, depth)
		r.index = len(level)
		level = append(level, r)
		rows.Add(r)
	}
	b.rows, b.active = append(b.rows, level), append(b.active, -1)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameMenuBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.SelectionRadiusSize()
	lv := container.NewStack(bg, container.NewPadded(rows))
	lv.Resize(lv.MinSize())
	o.levels.Add(lv)
	o.levels.Refresh()
	return lv
}

// close closes the menus open at depth and deeper; depth 0 closes them all.
func (b *menuBar) close(depth int) {
	o := b.overlay
	if o == nil {
		return
	}
	if depth > 0 {
		if depth < len(o.levels.Objects) {
			o.levels.Objects = o.levels.Objects[:depth]
			o.levels.Refresh()
		}
		b.rows, b.active = b.rows[:min(depth, len(b.rows))], b.active[:min(depth, len(b.active))]
		return
	}
	b.overlay, b.rows, b.active = nil, nil, nil
	b.canvas.Overlays().Remove(o)
	for _, t := range b.titles {
		t.hovered = false
		t.Refresh()
	}
	if b.closed != nil {
		b.closed()
	}
}

// choose closes every menu and runs the item's action.
func (b *menuBar) choose(it *fyne.MenuItem) {
	b.close(0)
	if it.Action != nil {
		it.Action()
	}
}

// openChild opens the submenu of the item r to the left of its row.
func (b *menuBar) openChild(r *menuRow) {
	if b.overlay == nil {
		return
	}
	lv := b.level(r.item.ChildMenu, r.depth+1)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(r)
	x := pos.X - lv.Size().Width
	if x < 0 {
		x = pos.X + r.Size().Width
	}
	lv.Move(fyne.NewPos(x, pos.Y-theme.Padding()))
}

// titleAt returns the index of the title at canvas position p, or -1.
func (b *menuBar) titleAt(p fyne.Position) int {
	for i, t := range b.titles {
		at := fyne.CurrentApp().Driver().AbsolutePositionForObject(t)
		if p.X >= at.X && p.X < at.X+t.Size().Width && p.Y >= at.Y && p.Y < at.Y+t.Size().Height {
			return i
		}
	}
	return -1
}

// menuOverlay holds the open menus over the whole window: a tap outside
// them closes them (on a title, it opens that title's menu).
type menuOverlay struct {
	widget.BaseWidget
	bar    *menuBar
	levels *fyne.Container
}

var (
	_ fyne.Tappable     = (*menuOverlay)(nil)
	_ desktop.Hoverable = (*menuOverlay)(nil)
)

func (o *menuOverlay) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(o.levels)
}

// Hide closes the menus: the window hides the overlay on top on Escape.
func (o *menuOverlay) Hide() {
	if o.bar.overlay == o {
		o.bar.close(0)
	}
	o.BaseWidget.Hide()
}

func (o *menuOverlay) Tapped(ev *fyne.PointEvent) {
	i := o.bar.titleAt(ev.AbsolutePosition)
	o.bar.close(0)
	if i >= 0 {
		o.bar.show(i)
	}
}

func (o *menuOverlay) MouseIn(*desktop.MouseEvent) {}

// MouseMoved opens the menu of another title pointed at.
func (o *menuOverlay) MouseMoved(ev *desktop.MouseEvent) {
	if i := o.bar.titleAt(ev.AbsolutePosition); i >= 0 && i != o.bar.shown {
		o.bar.show(i)
	}
}

func (o *menuOverlay) MouseOut() {}

// shortcut runs the action of the item whose shortcut s is, as Fyne does
// for a main menu it shows, and reports whether there was one.
func (b *menuBar) shortcut(s fyne.Shortcut) bool {
	if it := findShortcut(b.menu.Items, s.ShortcutName()); it != nil && it.Action != nil && !it.Disabled {
		it.Action()
		return true
	}
	return false
}

func findShortcut(menus []*fyne.Menu, name string) *fyne.MenuItem {
	for _, m := range menus {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == name {
				return it
			}
			if it.ChildMenu != nil {
				if found := findShortcut([]*fyne.Menu{it.ChildMenu}, name); found != nil {
					return found
				}
			}
		}
	}
	return nil
}

// addShortcuts registers the items' shortcuts with the canvas, for when
// no widget that takes shortcuts has the focus.
func (b *menuBar) addShortcuts() {
	var add func(m *fyne.Menu)
	add = func(m *fyne.Menu) {
		for _, it := range m.Items {
			if it.Shortcut != nil {
				b.canvas.AddShortcut(it.Shortcut, func(s fyne.Shortcut) { b.shortcut(s) })
			}
			if it.ChildMenu != nil {
				add(it.ChildMenu)
			}
		}
	}
	for _, m := range b.menu.Items {
		add(m)
	}
}

// menuRow is one item of a menu opened from a menuBar.
type menuRow struct {
	widget.BaseWidget
	bar     *menuBar
	item    *fyne.MenuItem
	depth   int
	index   int // its place among the rows of its menu
	bg      *canvas.Rectangle
	name    *textview.Label
	check   *widget.Icon      // the check mark, without image when unchecked
	end     fyne.CanvasObject // the shortcut or submenu arrow, nil for none
	content *fyne.Container
}

var (
	_ fyne.Tappable     = (*menuRow)(nil)
	_ desktop.Hoverable = (*menuRow)(nil)
)

func newMenuRow(b *menuBar, it *fyne.MenuItem, depth int) *menuRow {
	r := &menuRow{bar: b, item: it, depth: depth}
	r.ExtendBaseWidget(r)
	r.bg = canvas.NewRectangle(theme.Color(theme.ColorNameHover))
	r.bg.CornerRadius = theme.SelectionRadiusSize()
	r.bg.Hide()
	r.name = textview.NewLabel(r.item.Label)
	r.name.Direction = textview.RTL
	r.name.Truncation = fyne.TextTruncateOff
	if r.item.Disabled {
		r.name.Importance = widget.LowImportance
	}
	// The check mark has its place on every row, so names line up.
	r.check = widget.NewIcon(nil)
	if r.item.Checked {
		r.check.SetResource(theme.ConfirmIcon())
	}
	switch {
	case r.item.ChildMenu != nil:
		r.end = widget.NewIcon(theme.NavigateBackIcon())
	case r.item.Shortcut != nil:
		if s := shortcutText(r.item.Shortcut); s != "" {
			// Fyne's text: its face falls back to Fyne's font for signs
			// such as "-" that the Arabic face lacks. Centred on the row,
			// as the name is.
			keys := canvas.NewText(s, theme.Color(theme.ColorNamePlaceHolder))
			r.end = container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), container.NewCenter(keys))
		}
	}
	r.content = container.NewStack(r.bg, container.NewBorder(nil, nil, r.end,
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(theme.IconInlineSize()), r.check)), r.name))
	return r
}

func (r *menuRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}

// Tapped runs the item, or opens its submenu.
func (r *menuRow) Tapped(*fyne.PointEvent) {
	switch {
	case r.item.Disabled:
	case r.item.ChildMenu != nil:
		r.bar.openChild(r)
	default:
		r.bar.choose(r.item)
	}
}

// MouseIn highlights the row and opens its submenu, closing another.
func (r *menuRow) MouseIn(*desktop.MouseEvent) {
	r.bar.highlight(r.depth, r.index)
	if r.item.ChildMenu != nil && !r.item.Disabled {
		r.bar.openChild(r)
	} else {
		r.bar.close(r.depth + 1)
	}
}

func (r *menuRow) MouseMoved(*desktop.MouseEvent) {}

func (r *menuRow) MouseOut() {
	if r.depth < len(r.bar.active) && r.bar.active[r.depth] == r.index {
		r.bar.highlight(r.depth, -1)
	}
}

// highlight marks row i of the menu open at depth, none for -1.
func (b *menuBar) highlight(depth, i int) {
	if depth >= len(b.rows) {
		return
	}
	b.active[depth] = i
	for k, r := range b.rows[depth] {
		r.bg.Hidden = k != i || r.item.Disabled
		r.bg.Refresh()
	}
}

// step highlights the next enabled row (by = 1) or the previous (-1) of
// the innermost open menu, going round.
func (b *menuBar) step(by int) {
	d := len(b.rows) - 1
	n := len(b.rows[d])
	i := b.active[d]
	if i < 0 && by < 0 {
		i = 0
	}
	for range n {
		i = ((i+by)%n + n) % n
		if !b.rows[d][i].item.Disabled {
			b.highlight(d, i)
			return
		}
	}
}

// key moves through the open menus with the keyboard, as through Fyne's:
// Down and Up step, Enter or Space runs the highlighted item or opens its
// submenu, Left (the side submenus open on) opens it or goes to the next
// menu of the bar, Right closes a submenu or goes to the previous menu,
// Escape closes the innermost menu. It reports whether it took the key.
func (b *menuBar) key(ev *fyne.KeyEvent) bool {
	if b.overlay == nil || len(b.rows) == 0 {
		return false
	}
	d := len(b.rows) - 1
	var r *menuRow
	if i := b.active[d]; i >= 0 {
		r = b.rows[d][i]
	}
	switch ev.Name {
	case fyne.KeyDown:
		b.step(1)
	case fyne.KeyUp:
		b.step(-1)
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if r != nil {
			r.Tapped(nil)
			if r.item.ChildMenu != nil {
				b.step(1)
			}
		}
	case fyne.KeyLeft:
		if r != nil && r.item.ChildMenu != nil && !r.item.Disabled {
			b.openChild(r)
			b.step(1)
			break
		}
		b.open((b.shown + 1) % len(b.titles))
	case fyne.KeyRight:
		if d > 0 {
			b.close(d)
			break
		}
		b.open((b.shown + len(b.titles) - 1) % len(b.titles))
	case fyne.KeyEscape:
		b.close(d)
	default:
		return false
	}
	return true
}

// open opens the i-th menu with its first item highlighted, for the
// keyboard.
func (b *menuBar) open(i int) {
	b.show(i)
	b.step(1)
}

// shortcutText names the keys of a shortcut, as a menu shows them.
func shortcutText(s fyne.Shortcut) string {
	k, ok := s.(fyne.KeyboardShortcut)
	if !ok {
		return ""
	}
	var parts []string
	mod := k.Mod()
	for _, m := range []struct {
		m    fyne.KeyModifier
		name string
	}{
		{fyne.KeyModifierControl, "Ctrl"}, {fyne.KeyModifierAlt, "Alt"},
		{fyne.KeyModifierShift, "Shift"}, {fyne.KeyModifierSuper, "Super"},
	} {
		if mod&m.m != 0 {
			parts = append(parts, m.name)
		}
	}
	key := string(k.Key())
	if sk, ok := s.(*shownKey); ok {
		key = string(sk.KeyName)
	}
	switch k.Key() {
	case fyne.KeyReturn, fyne.KeyEnter:
		key = "Enter"
	}
	return strings.Join(append(parts, key), "+")
}

// menuChanged shows the menus' changed items (a check mark, the recent
// projects): Fyne's bar redraws them, the window's own bar builds a menu
// as it opens it.
func (u *ui) menuChanged() {
	if m := u.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// openMenuBar opens the first menu of the window's own bar from the
// keyboard (F10), and reports whether there is such a bar.
func (u *ui) openMenuBar() bool {
	if u.menuBar == nil {
		return false
	}
	u.menuBar.open(0)
	return true
}
